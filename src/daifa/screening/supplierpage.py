"""The supplier page's cached parts (the head with the verdict, the body with the
scorecard, evidence, offers and history) written in Python.

A first view draws both before anything can be cached; through Django's template
engine their surrounding markup cost as much as the long tables inside them
(``daifa.screening.tables``), and 20 first views at once queue on two cores.
These functions write the HTML the template partials wrote, byte for byte, in
both languages (``tests/screening/test_supplier_page_html.py`` keeps the
partials as the reference): the same filters for every value, ``{{ }}``'s
escaping and localisation, ``{% translate %}``'s words as they are,
``{% blocktranslate %}`` with its values escaped. Supplier text (names, notes,
titles, review examples) is untrusted.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from html import escape as html_escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, reverse
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from daifa.catalog.models import Supplier
from daifa.screening.tables import scorecard_sections
from daifa.screening.templatetags.daifa import num, pct, status_icon, web_href
from daifa.web.i18n import active_lang

if TYPE_CHECKING:
    from daifa.sourcing.selectors import SetupState

# ``{{ value }}`` renders in a context that escapes and localises: this one.
_CONTEXT = Context(autoescape=True)


def v(value: Any) -> str:
    """``{{ value }}``: localised (numbers, dates) and escaped; plain strings, nearly
    every value, the short way."""
    if type(value) is str:
        return html_escape(value)
    return str(render_value_in_context(value, _CONTEXT))


def _blocktranslate(msgid: str, **values: Any) -> str:
    """``{% blocktranslate with name=value %}``: the translation with each value
    rendered as ``{{ }}`` renders it (escaped), the text itself not escaped."""
    return _pattern(msgid, get_language()) % {k: v(x) for k, x in values.items()}


@functools.cache
def _pattern(msgid: str, language: str | None) -> str:
    """``msgid``'s translation in ``language`` with its lone ``%`` doubled, as
    ``{% blocktranslate %}`` formats it (once per process, not once per peer)."""
    return re.sub(r"%(?!\()", "%%", _(msgid))


# The fixed words of the page. ``{% translate "…" %}`` writes them as they are
# (a template's literal is safe text, and so is its translation): not escaped.
_WORDS = {
    "supplier_id": "Supplier id",
    "shop": "shop",
    "notes": "Notes",
    "score": "Score",
    "known_title": "The score counts only the criteria with data; the known share says how "
    "much of the weight that is. A grade needs a minimum known share.",
    "known": "known",
    "about_offer": "This verdict is about the offer",
    "offer": "offer",
    "not_approvable": "Not approvable: failed gates",
    "verify": "Verify before approval",
    "approvable": "Approvable: every gate passed.",
    "pending": "This supplier has not been screened yet: its scorecard appears once the "
    "workspace is screened again, which starts after every change and takes a few seconds "
    "(longer in a large workspace).",
    "reload": "Reload",
    "scorecard": "Scorecard",
    "flags": "Flags and their evidence",
    "sales_history": "Sales history",
    "spike": "Spike: the last 30 days jump far above the earlier history.",
    "no_spike": "No spike.",
    "daily_units": "Daily units sold",
    "last_30": "Last 30 days",
    "baseline": "Baseline units a day",
    "no_sales": "No daily sales history: the spike check is unknown. Import a sales sheet "
    "to check it.",
    "reviews": "Reviews",
    "templated": "Mostly templated or duplicated reviews.",
    "genuine": "Reviews look genuine.",
    "too_few": "Too few reviews to judge.",
    "no_reviews": "No reviews imported.",
    "peers": "Price against peers",
    "compare": "compare",
    "also": "Also on the pasted pages",
    "also_note": "Facts no criterion scores, kept as the page showed them: promises to "
    "confirm with the supplier in writing.",
    "fact": "Fact",
    "value": "Value",
    "th_offer": "Offer",
    "from_page": "From the page",
    "offers": "Offers",
    "category": "Category",
    "price_tiers": "Price tiers",
    "dropship": "Dropship price",
    "landed": "Landed cost",
    "grade": "Grade",
    "peer_rank": "Peer rank",
    "no_offers": "No offer of this supplier yet: the scorecard judges the shop's own facts. "
    "Paste an offer page to add one.",
    "history": "History of every value",
    "field": "Field",
    "source": "Source",
    "observed": "Observed",
    # The actions above the lifecycle block (top_html).
    "printable": "Printable dossier",
    "record": "Record checks, add or correct facts",
    "paste": "Paste from a 1688 page",
    "agreement": "New purchase agreement",
    "order": "New order",
    "refresh": "Refresh from 1688",
    "connect": "connect a buyer account first",
    "keys": "needs 1688 Open Platform keys, see the 1688 settings",
    "rescreening": "Re-screening: the latest changes are not in these results yet. They "
    "appear when the screening finishes.",
}


@functools.cache
def _words(language: str | None) -> dict[str, str]:
    """The page's fixed words in ``language``, translated once per process (asking
    for ~50 translations cost more than a small page's data)."""
    return {key: _(msgid) for key, msgid in _WORDS.items()}


def head_html(supplier: Supplier, best: Mapping[str, Any] | None) -> SafeString:
    """The name, notes and verdict at the top (``best``: the view's headline)."""
    w = _words(get_language())
    shop = web_href(supplier.facts.get("shop_url", "") if supplier.facts else "")
    shop_link = (
        f' · <a href="{v(shop)}" rel="noopener noreferrer" target="_blank">{w["shop"]}</a>'
        if shop
        else ""
    )
    out = [
        f"  <h1>{v(supplier.name or supplier.external_id)}</h1>\n"
        f'  <p class="muted">{w["supplier_id"]}: {v(supplier.external_id)}{shop_link}</p>\n'
        "  "
    ]
    if supplier.note:
        out.append(
            f'<p class="supplier-note"><strong>{w["notes"]}</strong>: '
            f"{linebreaksbr(supplier.note, autoescape=True)}</p>"
        )
    out.append("\n  ")
    if best:
        offer = best["offer"]
        judged = ""
        if offer:
            judged = (
                f'<p class="judged-offer" id="judged-offer">{w["about_offer"]}: '
                f"<strong>{v(offer['title'] or offer['external_id'])}</strong> "
                f'<span class="muted">({w["offer"]} {v(offer["external_id"])})</span></p>'
            )
        gates = ""
        if best["blocking"]:
            # The template's line breaks sat inside these two branches.
            gates = (
                f'<p class="bad">{w["not_approvable"]} — {_joined(best["blocking"])}</p>\n      '
            )
        elif best["to_verify"]:
            gates = f'<p class="warn">{w["verify"]}: {_joined(best["to_verify"])}</p>\n      '
        elif best["approvable"]:
            gates = f'<p class="ok">{w["approvable"]}</p>'
        out.append(
            "\n"
            '  <div class="verdict">\n'
            f'    <span class="grade big grade-{v(best["grade"])}">{v(best["grade"])}</span>\n'
            "    <div>\n"
            f"      <p><strong>{w['score']} {v(num(best['score'], 0))}</strong> · "
            f'<span title="{w["known_title"]}">{w["known"]} {v(pct(best["coverage"]))}</span>'
            f" · <strong>{v(best['action'])}</strong></p>\n"
            f"      {judged}\n"
            f"      {gates}\n"
            "    </div>\n"
            "  </div>\n"
            "  "
        )
    out.append("\n")
    return mark_safe("".join(out))


def _joined(items: Iterable[Any]) -> str:
    """``|join:"; "`` with autoescape."""
    return "; ".join(v(item) for item in items)


def body_html(
    *,
    workspace_pk: int,
    scorecard: Mapping[str, Any],
    has_offers: bool,
    offers_html: str,
    history_html: str,
    captured: Iterable[Mapping[str, Any]],
    sales_chart: Mapping[str, Any] | None,
    review_clusters: Mapping[str, Any] | None,
    reviews_html: str,
) -> SafeString:
    """The scorecard, its evidence, the pasted extras, the offers and the history
    (``offers_html``, ``history_html`` and ``reviews_html``: ``daifa.screening.tables``'
    rows)."""
    w = _words(get_language())
    best = scorecard["best"]
    out = ["\n"]
    out.extend(f'<p class="muted">{v(note)}</p>' for note in scorecard["notes"])
    out.append("\n")
    if not best:
        out.append(
            f'<p class="warn" id="screening-pending">{w["pending"]} '
            f'<a href="">{w["reload"]}</a></p>'
        )
    out.append("\n\n")
    if best:
        out.append(
            f"\n<h2>{w['scorecard']}</h2>\n{scorecard_sections(scorecard['dimensions'])}\n\n"
            f'<h2>{w["flags"]}</h2>\n<section class="evidence">\n'
            f"  <h3>{w['sales_history']}</h3>\n  "
        )
        out.append(_sales(sales_chart, w))
        out.append(f"\n\n  <h3>{w['reviews']}</h3>\n  ")
        if review_clusters:
            out.append(_clusters(review_clusters, w))
        out.append("\n  ")
        if reviews_html:
            out.append(f'\n  <ul class="reviews">{reviews_html}</ul>\n  ')
        else:
            out.append(f'<p class="muted">{w["no_reviews"]}</p>')
        out.append(f"\n\n  <h3>{w['peers']}</h3>\n  <ul>\n  ")
        out.append(_peer_prices(scorecard["peer_prices"], workspace_pk, w))
        out.append("\n  </ul>\n</section>\n")
    out.append("\n\n")
    captured = list(captured)
    if captured:
        out.append(_captured(captured, w))
    out.append(
        f"\n\n<h2>{w['offers']}</h2>\n<table>\n"
        f"<thead><tr><th>{w['th_offer']}</th><th>{w['category']}</th>"
        f"<th>{w['price_tiers']}</th><th>MOQ</th><th>{w['dropship']}</th>"
        f"<th>{w['landed']}</th><th>{w['grade']}</th><th>{w['peer_rank']}</th></tr></thead>\n"
        "<tbody>\n"
    )
    if has_offers:
        out.append(offers_html)
    else:
        out.append(
            f'\n<tr id="no-offers"><td colspan="8" class="muted">{w["no_offers"]}</td></tr>\n'
        )
    out.append(
        f'\n</tbody>\n</table>\n\n<h2>{w["history"]}</h2>\n<table class="history">\n'
        f"<thead><tr><th>{w['field']}</th><th>{w['value']}</th><th>{w['th_offer']}</th>"
        f"<th>{w['source']}</th><th>{w['observed']}</th></tr></thead>\n"
        f"<tbody>\n{history_html}\n</tbody>\n</table>\n"
    )
    return mark_safe("".join(out))


def _sales(chart: Mapping[str, Any] | None, w: Mapping[str, str]) -> str:
    if not chart:
        return f'<p class="muted">{w["no_sales"]}</p>'
    status = ""
    if chart["status"] == "fail":
        status = f'<span class="bad">{w["spike"]}</span>'
    elif chart["status"] == "pass":
        status = f'<span class="ok">{w["no_spike"]}</span>'
    rates = ""
    if chart["baseline"] is not None:
        rates = _blocktranslate(
            "Units sold a day: %(b)s before, %(r)s in the last 30 days.",
            b=num(chart["baseline"], 1),
            r=num(chart["recent"], 1),
        )
    return (
        f"\n    <p>{status}\n    {rates}</p>\n"
        '    <div class="chart"><canvas id="sales-chart" data-chart="sales" '
        f'data-source="sales-data" aria-label="{w["daily_units"]}" '
        f'data-label-recent="{w["last_30"]}" data-label-baseline="{w["baseline"]}">'
        "</canvas></div>\n"
        f"    {json_script(chart, 'sales-data')}\n  "
    )


def _clusters(clusters: Mapping[str, Any], w: Mapping[str, str]) -> str:
    if clusters["status"] == "fail":
        status = f'<span class="bad">{w["templated"]}</span>'
    elif clusters["status"] == "pass":
        status = f'<span class="ok">{w["genuine"]}</span>'
    else:
        status = f'<span class="warn">{w["too_few"]}</span>'
    counts = _blocktranslate(
        "%(n)s reviews, %(c)s considered (platform default praise ignored); generic %(t)s, "
        "near-duplicates %(d)s.",
        n=clusters["n_reviews"],
        c=clusters["n_considered"],
        t=pct(clusters["templated_share"]),
        d=pct(clusters["duplicate_share"]),
    )
    items = ""
    if clusters["clusters"]:
        items = "<ul>{}</ul>".format(
            "".join(
                "<li>{} “{}”</li>".format(
                    _blocktranslate("%(n)s near-identical reviews like", n=_item(cluster, "size")),
                    v(_item(cluster, "example")),
                )
                for cluster in clusters["clusters"]
            )
        )
    return f"\n    <p>{status}\n    {counts}</p>\n    {items}\n  "


def _item(mapping: Any, key: str) -> Any:
    """``{{ mapping.key }}`` of a cluster (a dict from the stored JSON): "" when missing,
    as the template's ``string_if_invalid``."""
    try:
        return mapping[key]
    except (KeyError, TypeError):
        return ""


def _peer_prices(
    peer_prices: Iterable[tuple[Any, Any]], workspace_pk: int, w: Mapping[str, str]
) -> str:
    compare = reverse("compare", args=(workspace_pk,))
    code = active_lang()
    out = []
    for record, c in peer_prices:
        evidence = c.evidence
        mean = ""
        if evidence.get("group_mean"):
            mean = " — " + _blocktranslate(
                "¥%(p)s against a peer mean of ¥%(m)s (%(n)s peers)",
                p=num(evidence.get("price", ""), 2),
                m=num(evidence.get("group_mean"), 2),
                n=evidence.get("n_peers", ""),
            )
        link = ""
        if record.peer_group:
            group = v(quote(str(record.peer_group), safe="/"))
            link = f' · <a href="{compare}?group={group}">{w["compare"]}</a>'
        out.append(
            f'\n    <li><span class="status status-{v(c.status)}">{v(status_icon(c.status))}'
            f"</span> {v(record.offer_id or '')} · {v(c.message.get(code))}\n"
            f"      {mean}\n      {link}</li>\n  "
        )
    return "".join(out)


def _captured(captured: Iterable[Mapping[str, Any]], w: Mapping[str, str]) -> str:
    rows = "".join(
        f"<tr><td>{v(item['label'])}</td><td>{v(item['value'])}</td><td>{v(item['offer'])}</td>"
        "<td>{}</td></tr>".format(
            f'<q class="snippet">{v(item["snippet"])}</q>' if item["snippet"] else ""
        )
        for item in captured
    )
    return (
        f'\n<h2>{w["also"]}</h2>\n<p class="muted">{w["also_note"]}</p>\n'
        '<table id="captured-extras">\n'
        f"<thead><tr><th>{w['fact']}</th><th>{w['value']}</th><th>{w['th_offer']}</th>"
        f"<th>{w['from_page']}</th></tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
    )


# Stand-ins for the workspace's and the supplier's ids in URLs reversed once.
_W, _S = 918273645, 918273646


@functools.cache
def _urls(prefix: str) -> dict[str, str]:
    """The page's links with stand-in ids, reversed once per script prefix."""
    urls = {
        "facts": reverse("supplier_facts", args=(_W, _S)),
        "paste": reverse("capture:paste", args=(_W,)),
        "agreement": reverse("buying:agreement_new", args=(_W, _S)),
        "order": reverse("buying:order_new", args=(_W,)),
        "refresh": reverse("sourcing:supplier_refresh", args=(_W, _S)),
        "settings": reverse("sourcing:settings", args=(_W,)),
    }
    return {name: html_escape(url) for name, url in urls.items()}  # as {% url %} writes it


def top_html(
    request: HttpRequest,
    *,
    workspace_pk: int,
    supplier_pk: int,
    head_html: str,
    best: Mapping[str, Any] | None,
    rescreening: bool,
    printable: bool,
    open1688: SetupState,
) -> SafeString:
    """The page above the lifecycle block, on every view (cached or not): the
    re-screening notice, the head (cached) and the actions. As the template wrote
    it with ``screening/_rescreening.html`` and
    ``buying/partials/supplier_actions.html``; ``</header>`` closes it there."""
    w = _words(get_language())
    out = ["\n\n"]
    if rescreening:
        out.append(
            f'<p class="warn" id="rescreening" role="status">{w["rescreening"]} '
            f'<a href="">{w["reload"]}</a></p>'
        )
    out.append(f'\n\n<header class="supplier-head">\n{head_html}  ')
    if not printable:
        urls = {
            name: url.replace(str(_W), str(int(workspace_pk))).replace(
                str(_S), str(int(supplier_pk))
            )
            for name, url in _urls(get_script_prefix()).items()
        }
        offer = best["offer"] if best else None
        offer_query = f"?offer={v(offer['pk'])}" if offer else ""
        order = ""
        if offer:
            order = f' · <a href="{urls["order"]}{offer_query}" id="buying-order">{w["order"]}</a>'
        if open1688.ready:
            refresh = (
                f'<form method="post" action="{urls["refresh"]}" class="inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" '
                f'value="{v(get_token(request))}"><button type="submit">{w["refresh"]}</button>'
                "</form>\n    "
            )
        else:
            why = w["connect"] if open1688.has_app else w["keys"]
            refresh = (
                f'· <span id="open1688-refresh-setup">{w["refresh"]}: '
                f'<a href="{urls["settings"]}">{why}</a></span>'
            )
        out.append(
            '<div class="actions no-print">\n'
            f'    <a href="?print=1">{w["printable"]}</a>\n'
            f'    · <a href="{urls["facts"]}{offer_query}" id="record-checks">{w["record"]}</a>\n'
            f'    · <a href="{urls["paste"]}?supplier={int(supplier_pk)}">{w["paste"]}</a>\n'
            f'     · <a href="{urls["agreement"]}" id="buying-agreement">{w["agreement"]}</a>'
            f"{order}\n\n"
            f"    {refresh}\n"
            "  </div>"
        )
    out.append("\n  ")
    return mark_safe("".join(out))
