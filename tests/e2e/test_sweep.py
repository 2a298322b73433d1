"""Every page reachable from the dashboard, in both languages, on a laptop and a phone.

A small demo-like workspace (generated suppliers with sales spikes, template
reviews and product groups, plus import jobs, a pasted 1688 page and a cost
page) is crawled by its same-origin links from the dashboard; every page found
is then opened in 简体中文 and English at 1366 and 390 px. A page fails on:

- sideways scrolling of the page itself (tables may scroll inside themselves);
- a known untranslated string in that language (chart legends included);
- an internal ``key=value`` pair, a Python literal or a negative zero in the text;
- a console error or an HTTP error.

Set DAIFA_SWEEP_SHOTS=/some/dir to keep a screenshot of every page visited.
"""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect
from tests.e2e.conftest import login

from daifa.catalog.models import Supplier
from daifa.catalog.services import import_tables
from daifa.demo import generate_demo
from daifa.importers.capture.services import supplier_capture
from daifa.importers.spreadsheet.services import job_create, job_preview
from daifa.screening.services import screening_refresh
from daifa.sources.spreadsheet import Tables

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("zh-hans", "en")
WIDTHS = (1366, 390)
# How many pages of one kind (same path pattern and query keys) to open, and
# how many of them may be found on any one page: enough to reach a flagged
# supplier from the flag lists without opening all of them.
PER_KIND, PER_KIND_PER_PAGE = 2, 1
# Supplier pages differ most (flags, charts, reviews): open more of them; and
# both import jobs (one previewed, one refused), listed on one page.
MORE_OF = {"/w/<n>/suppliers/<n>/?": (5, 1), "/w/<n>/import/<uuid>/?": (2, 2)}
MAX_PAGES = 40
# Downloads, actions and other sites' pages are not pages to look at.
SKIP = re.compile(
    r"/export/|/download/|/template/|/files/|/i18n/|/static/|/oauth/|/connect/|/logout/"
)

_TRUE_FALSE = re.compile(r"(?<!= )\b(?:true|false)\b")  # "example = false" is TOML to type
_IMPORT_JOB = re.compile(r"/import/[0-9a-f-]{36}/")

# Strings that once leaked into the other language (issue #10 point 9).
LEAKS = {
    "zh-hans": [
        re.compile(p)
        for p in (
            r"\b30d\b",
            r"baseline / day",
            r"pasted from",
            r"typed by hand",
            _TRUE_FALSE,
            r"TOPSIS",
            r", row \d",
            r"\bsheet\b",
            r"\borders\b",
            r"\b[a-z][a-z0-9]*_[a-z0-9_]+ · ",  # an internal key before a name: "amazon_us · …"
            r"\b(?:yunexpress|yanwen) · ",
        )
    ],
    "en": [
        re.compile(p)
        for p in (
            r"[A-Za-z)]、",  # the Chinese list separator between English words
            r"\b1 (?:years|units|days|orders|reviews|peers)\b",
            r"product_group",
            r"化妆品生产许可证",
            r"\bdays \d+; loss_pct",
        )
    ],
}
KEY_VALUE = re.compile(r"\b[a-z_]+=[-\d.]+")
PYTHON = re.compile(r"\b(?:True|False|None)\b|\['|\{'")
NEGATIVE_ZERO = re.compile(r"(?<![\w.\-])-0(?:\.0+)?(?![\w.])")

# Pages whose own fixes belong to other work (each names its issue point); the
# patterns are forgiven on those pages only, and only those patterns.
ALLOWED: list[tuple[re.Pattern[str], re.Pattern[str], str]] = [
    # issue #10 pt 5: the import preview shows the parsed rows' raw values
    (_IMPORT_JOB, PYTHON, "import preview values, issue #10 pt 5"),
    (_IMPORT_JOB, _TRUE_FALSE, "import preview values, issue #10 pt 5"),
    (_IMPORT_JOB, KEY_VALUE, "import preview values, issue #10 pt 5"),
]

CSV = (
    "供应商ID,店铺名称,类目,单价,起订量,一件代发,回头率\n"
    "X1,甲电子,3C数码,30,1,是,45%\n"
    "X2,乙电子,3C数码,20,1,否,很高\n"
)


@pytest.fixture
def demo_workspace(personas):
    """A demo workspace in miniature with every kind of page the app has."""
    workspace = personas.workspace
    data = generate_demo(seed=7, suppliers=30, offers=120)
    offers = data.offers.with_columns(
        pl.lit(None, dtype=pl.String).alias("_sheet"),
        pl.int_range(2, data.offers.height + 2).alias("_row"),
    )
    import_tables(
        workspace=workspace,
        tables=Tables(offers, data.sales, data.reviews),
        filename="daifa demo (seed 7)",
    )
    screening_refresh(workspace=workspace)
    for name, text in (("good.csv", CSV.replace(",否,很高", ",否,12%")), ("bad.csv", CSV)):
        job = job_create(
            workspace=workspace,
            user=personas.alice,
            upload=SimpleUploadedFile(name, text.encode("gb18030")),
        )
        job_preview(job)
    supplier = Supplier.objects.filter(workspace=workspace).order_by("pk").first()
    supplier_capture(
        workspace=workspace,
        values={"repeat_rate_pct": 38.0, "response_minutes": 12.0},
        page_kind="shop",
        supplier=supplier,
    )
    screening_refresh(workspace=workspace)
    return workspace


def _kind(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f-]{27}/", "/<uuid>/", parts.path)
    path = re.sub(r"/\d+/", "/<n>/", path)
    return path + "?" + ",".join(sorted({k for k, _ in parse_qsl(parts.query)}))


def _crawl(page, start: str, origin: str) -> list[str]:
    """Same-origin pages reachable by links from ``start``, breadth first, a few of each kind."""
    found, queue, per_kind = [start], [start], {_kind(start): 1}
    while queue and len(found) < MAX_PAGES:
        url = queue.pop(0)
        page.goto(url, wait_until="load")
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        taken: dict[str, int] = {}
        for href in hrefs:
            href = href.split("#")[0]
            if not href.startswith(origin) or SKIP.search(href) or href in found:
                continue
            kind = _kind(href)
            if (
                per_kind.get(kind, 0) >= MORE_OF.get(kind, (PER_KIND,))[0]
                or taken.get(kind, 0) >= MORE_OF.get(kind, (0, PER_KIND_PER_PAGE))[1]
            ):
                continue
            per_kind[kind] = per_kind.get(kind, 0) + 1
            taken[kind] = taken.get(kind, 0) + 1
            found.append(href)
            queue.append(href)
    return found


# Text a seller reads that innerText leaves out: chart legends, the values
# forms are prefilled with, and the choices of every select. (Textareas hold
# the seller's own TOML and notes: data, not the workbench's words.)
_UNSEEN_TEXT = """() => [
  ...(typeof Chart === "undefined" ? [] :
      Object.values(Chart.instances).flatMap(c => c.data.datasets.map(d => d.label || ""))),
  ...[...document.querySelectorAll("input[type=text], input:not([type])")]
      .map(e => e.value),
  ...[...document.querySelectorAll("option")].map(e => e.textContent),
]"""


def _problems(page, url: str, lang: str, status: int | None, errors: list[str]) -> list[str]:
    found = []
    if status is None or status >= 400:
        found.append(f"HTTP {status}")
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    if width > inner:
        found.append(f"the page is {width} px wide in a {inner} px window")
    text = page.evaluate("document.body.innerText")
    text += "\n" + "\n".join(page.evaluate(_UNSEEN_TEXT))
    checks = [*LEAKS[lang], KEY_VALUE, PYTHON, NEGATIVE_ZERO]
    for pattern in checks:
        match = pattern.search(text)
        forgiven = [why for p, allowed, why in ALLOWED if p.search(url) and allowed is pattern]
        if match and forgiven:
            # Still visible in the test report, so the entry goes once fixed.
            warnings.warn(f"{url}: {match[0]!r} forgiven ({forgiven[0]})", stacklevel=1)
            continue
        if match:
            around = text[max(0, match.start() - 40) : match.end() + 40].replace("\n", " ⏎ ")
            found.append(f"{pattern.pattern!r} in …{around}…")
    found.extend(f"console: {e}" for e in errors)
    return found


def test_every_page_in_both_languages_on_a_laptop_and_a_phone(
    browser, live_server, personas, demo_workspace, settings_e2e
):
    shots = os.environ.get("DAIFA_SWEEP_SHOTS")
    origin = live_server.url
    start = f"{origin}/w/{demo_workspace.pk}/"
    urls: list[str] = []
    report: list[str] = []
    errors: list[str] = []
    for lang in LANGUAGES:
        for width in WIDTHS:
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
            context.add_cookies([{"name": "django_language", "value": lang, "url": origin}])
            page = context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            login(page, live_server, "alice", "alice-password-1")
            if not urls:
                urls = _crawl(page, start, origin)
            for url in urls:
                errors.clear()
                response = page.goto(url, wait_until="load")
                status = response.status if response else None
                for problem in _problems(page, url, lang, status, errors):
                    report.append(f"{lang} {width}px {url.removeprefix(origin)}: {problem}")
                if shots:
                    name = re.sub(r"[^\w]+", "_", url.removeprefix(origin)).strip("_") or "root"
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=f"{shots}/{lang}_{width}_{name[:90]}.png", full_page=True)
            context.close()
    kinds = {_kind(u) for u in urls}
    # The crawl reached the workbench's pages, not just the dashboard.
    for expected in ("/suppliers/<n>/", "/compare/", "/profile/", "/import/<uuid>/", "/costs/"):
        assert any(expected in k for k in kinds), (expected, sorted(kinds))
    assert not report, f"{len(report)} problems on {len(urls)} pages:\n" + "\n".join(report)


# How many lines each element's text takes (distinct tops of its line boxes).
_LINES = """els => els.map(e => {
  const r = document.createRange(); r.selectNodeContents(e);
  const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
  return [e.textContent.trim(), tops.size]; })"""


def test_the_phone_layout_keeps_words_whole_and_folds_the_filters(
    page, live_server, personas, screened, settings_e2e
):
    """Issue #10 pt 13: at 390 px the nav wrapped inside words ("同款对/比") and list
    cells squeezed to 3 characters a line; at 1366 px column headers wrapped."""
    login(page, live_server, "alice", "alice-password-1")
    base = f"{live_server.url}/w/{personas.workspace.pk}"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/suppliers/")
        links = page.eval_on_selector_all("header.top nav a", _LINES)
        assert all(lines == 1 for _, lines in links), (width, links)
        headers = page.eval_on_selector_all("table.suppliers thead th", _LINES)
        assert all(lines == 1 for _, lines in headers), (width, headers)
        folded = not page.eval_on_selector("details.filters-panel", "d => d.open")
        assert folded == (width == 390)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click("details.filters-panel > summary")  # a phone can still open them
    expect(page.locator("form.filters")).to_be_visible()
    page.goto(f"{base}/suppliers/{screened['S-CHEAP'].pk}/")
    finding = page.locator("tr#c-sales_spike td").nth(1)
    assert finding.bounding_box()["width"] > 200  # a card line, not a 3-character column
    assert not page.errors, page.errors
