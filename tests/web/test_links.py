"""Shop and offer links accept only http(s): on import, capture and forms, and when rendered."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from daifa.catalog.models import Offer
from daifa.sources.links import web_link
from daifa.sources.open1688.mapping import observations_from_supplier
from daifa.sources.open1688.models import SupplierBasic
from daifa.sources.spreadsheet import read_tables

HOSTILE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "javascript:alert(1)//https://detail.1688.com/offer/1.html",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
]
FINE = [
    ("https://shop1234.1688.com", "https://shop1234.1688.com"),
    ("HTTP://detail.1688.com/offer/1.html", "HTTP://detail.1688.com/offer/1.html"),
    ("  https://detail.1688.com/offer/2.html ", "https://detail.1688.com/offer/2.html"),
    ("shop1234.1688.com/page/x.htm", "https://shop1234.1688.com/page/x.htm"),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_hostile_scheme_is_a_link(text):
    assert web_link(text) is None


@pytest.mark.parametrize(("text", "href"), FINE)
def test_web_addresses_are_links(text, href):
    assert web_link(text) == href


def test_import_names_row_column_and_value_of_every_bad_link(tmp_path):
    lines = ["supplier_id,shop_url,offer_id,offer_url"]
    for i, text in enumerate(HOSTILE):
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(f"S{i},{quoted},O{i},https://detail.1688.com/offer/{i + 100}.html")
    lines.append("S99,https://shop99.1688.com,O99,vbscript:msgbox(1)")
    path = tmp_path / "links.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = read_tables(path).report
    problems = sorted(report.problems, key=lambda p: p.row)
    bad = {(p.row, p.field) for p in problems}
    assert bad == {(i + 2, "shop_url") for i in range(len(HOSTILE))} | {
        (len(HOSTILE) + 2, "offer_url")
    }
    first = problems[0]
    assert first.text("en") == (
        '[links.csv] row 2, column "shop_url" (shop_url): "javascript:alert(1)" — '
        "not a web address; only http:// or https:// links are kept"
    )
    assert "第 2 行" in first.text("zh") and "不是网址" in first.text("zh")


def test_the_facts_form_refuses_a_script_link(client, personas, screened):
    supplier = screened["S-MID"]
    client.force_login(personas.alice)
    url = reverse("supplier_facts", args=[personas.workspace.pk, supplier.pk])
    for lang, text in [("en", "not a web address"), ("zh-hans", "不是网址")]:
        response = client.post(
            url, {"kind": "check", "shop_url": " JaVaScRiPt:alert(1)"}, HTTP_ACCEPT_LANGUAGE=lang
        )
        assert response.status_code == 200
        assert text in response.content.decode()
    supplier.refresh_from_db()
    assert "shop_url" not in supplier.facts


def test_the_capture_confirm_form_refuses_a_data_link(personas):
    from daifa.importers.capture.forms import ConfirmForm

    form = ConfirmForm(
        {
            "page_kind": "shop",
            "supplier_id": "NEW",
            "use_shop_url": "on",
            "value_shop_url": "data:text/html,x",
        },
        workspace=personas.workspace,
        names=["shop_url"],
        lang="zh",
    )
    assert not form.is_valid()
    assert "不是网址" in str(form.errors["value_shop_url"])


def test_a_1688_answer_with_a_script_shop_url_stores_no_link():
    basic = SupplierBasic(
        login_id="seller1",
        company_name="某公司",
        shop_url="javascript:alert(1)",
        category_name=None,
        kuajingbao=None,
        fetched_at=datetime.now(UTC),
    )
    (observation,) = observations_from_supplier(basic)
    assert "shop_url" not in observation.values


def test_old_rows_with_script_links_render_no_link(client, personas, screened):
    # Stored before links were checked: the page still never makes them clickable.
    supplier = screened["S-BEST"]
    supplier.facts["shop_url"] = "java\tscript:alert(1)"
    supplier.save()
    offer = Offer.objects.filter(supplier=supplier).first()
    offer.facts["offer_url"] = " JaVaScRiPt:alert(2)"
    offer.save()
    client.force_login(personas.alice)
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    for query in ("", "?print=1"):
        html = client.get(url + query).content.decode().lower()
        assert 'href="java' not in html and 'href=" java' not in html
        hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
        assert all(h.startswith(("/", "http", "#", "?")) for h in hrefs), hrefs


def test_good_links_still_render(client, personas, screened):
    supplier = screened["S-BEST"]
    supplier.facts["shop_url"] = "shop1234.1688.com"
    supplier.save()
    client.force_login(personas.alice)
    url = reverse("supplier_detail", args=[personas.workspace.pk, supplier.pk])
    assert 'href="https://shop1234.1688.com"' in client.get(url).content.decode()


def test_every_address_column_is_checked():
    # A new *_url column in the schema is checked on import without being listed by hand.
    from daifa.engine.schema import COLUMNS
    from daifa.sources.spreadsheet.values import LINK_FIELDS

    addresses = {c.name for c in COLUMNS if c.name.endswith("_url")}
    assert addresses and addresses <= set(LINK_FIELDS)
