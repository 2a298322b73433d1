"""The long tables of the supplier list and the supplier page, rendered in Python.

A first view of these pages renders 50 list rows, or 45 criteria and every
observed value, before anything can be cached; through Django's template engine
that was most of the 25-40 ms of CPU a page cost, and 20 first views at once
queue on two cores. These functions write the same rows (byte for byte; see
``tests/screening/test_tables.py``) straight to strings, with the template
filters the pages used (``daifa.screening.templatetags.daifa``) for every value.

Every value goes through ``conditional_escape``, as ``{{ }}`` did: supplier text
(names, titles, facts) is untrusted. The surrounding markup stays in the templates.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from html import escape as html_escape
from typing import Any
from urllib.parse import quote

from django import forms
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in django-stubs
from django.utils.translation import gettext as _

from daifa.engine import words
from daifa.engine.verdicts import CriterionVerdict
from daifa.screening.selectors import ListRow
from daifa.screening.templatetags.daifa import (
    criterion_label,
    field_label_in,
    num,
    pct,
    show_in,
    source_text,
    status_icon,
    suffix,
    when,
    with_unit_in,
)
from daifa.sources.links import web_link
from daifa.web.i18n import active_lang


def e(value: Any) -> str:
    """``{{ value }}``'s escaping (``conditional_escape``), with a short way for the
    plain strings that make up nearly every cell."""
    if type(value) is str:
        return html_escape(value)
    return conditional_escape(value)


def _truncate(text: str, length: int) -> str:
    """``|truncatechars:length``; the short titles (nearly all) need no walk through
    their characters: Django returns them NFC-normalised, as here."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


def status_word(status: str, code: str) -> str:
    """``|status_label`` in the language ``code``."""
    return words.word(words.STATUSES, status, code)


def kind_word(kind: str, code: str) -> str:
    """``|kind_label`` in the language ``code``."""
    return words.word(words.KINDS, kind, code)


def _url_maker(name: str, *args: int) -> Callable[[int], str]:
    """``reverse(name, args=(*args, pk))`` for many pks: reversed once, the pk put in."""
    marker = 987654321
    before, after = reverse(name, args=(*args, marker)).split(str(marker))
    return lambda pk: f"{before}{int(pk)}{after}"


def supplier_rows(
    rows: Sequence[ListRow], *, workspace_pk: int, offer_filtered: bool
) -> SafeString:
    """The ``<tbody>`` rows of the supplier list (one per screened supplier)."""
    if not rows:
        return mark_safe(f'\n<tr><td colspan="11">{e(_("No supplier matches."))}</td></tr>\n')
    select = e(_("Select for comparison"))
    share = e(_("share of the criteria weight with data"))
    matched = (
        '<br><span class="small warn" title="{}">{}</span>'.format(
            e(
                _(
                    "The grade and score of this row are about the offer that matched "
                    "the filter; the supplier page judges its best offer."
                )
            ),
            e(_("matched the filter (not the supplier’s best offer)")),
        )
        if offer_filtered
        else ""
    )
    detail_url = _url_maker("supplier_detail", workspace_pk)
    minutes_text = _("%(m)s min")  # translated once, not per row
    out = []
    for row in rows:
        name = e(row.supplier_name or row.supplier_external_id)
        href = e(detail_url(row.supplier_id))
        if row.approvable:
            approvable = '<span class="ok">✓</span>'
        elif row.blocking:
            failed = ", ".join(e(criterion_label(b)) for b in row.blocking)
            approvable = f'<span class="bad" title="{failed}">✗</span>'
        else:
            approvable = '<span class="warn">?</span>'
        flags = "".join(
            f'<span class="badge bad">{e(criterion_label(f))}</span> ' for f in row.flags or ()
        )
        category = f" · {e(row.category)}" if row.category else ""
        minutes = row.response_minutes
        response = "—" if minutes is None else minutes_text % {"m": e(num(minutes, 0))}
        out.append(
            "\n<tr>\n"
            f'  <td><input type="checkbox" name="s" value="{row.supplier_id}"'
            f' aria-label="{select}: {name}"></td>\n'
            f'  <td><a href="{href}">{name}</a><br>'
            f'<span class="muted small">{e(row.supplier_external_id)}</span></td>\n'
            f'  <td><span class="grade grade-{e(row.grade)}">{e(row.grade)}</span></td>\n'
            f"  <td>{e(num(row.score, 0))} "
            f'<span class="muted small" title="{share}">({e(pct(row.coverage))})</span></td>\n'
            f"  <td>{approvable}</td>\n"
            f"  <td>{flags}</td>\n"
            f"  <td>{len(row.to_verify or ())}</td>\n"
            f"  <td>{e(_truncate(row.offer_title, 40))}<br>"
            f'<span class="muted small">{e(row.offer_external_id)}{category}</span>'
            f"{'' if row.is_best else matched}</td>\n"
            f"  <td>{e(num(row.unit_price_cny, 2))}</td>\n"
            f"  <td>{e(num(row.moq, 0))}</td>\n"
            f'  <td class="small">{e(suffix(row.repeat_rate_pct, "%"))}'
            f" · {e(suffix(row.dispute_rate_pct, '%'))} · {response}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(out))


# The ``filters`` partial of screening/supplier_list.html, drawn by filter_form.
_FORM_OPEN = (
    '\n<form method="get" class="filters" hx-get="{action}" hx-target="#results"'
    ' hx-swap="outerHTML" hx-push-url="true"'
    ' hx-trigger="change, submit, daifa:search changed delay:300ms from:input[name=q]">\n  '
)


def filter_form(
    form: forms.Form, *, action: str, widget: Callable[[forms.BoundField], str] = str
) -> SafeString:
    """The supplier list's filter form: the template's ``filters`` partial, byte for
    byte (``tests/screening/test_tables.py``), without the template engine's loop
    over the fields (half of what drawing the form cost; the widgets themselves
    are ``daifa.web.fastforms``'). ``action`` is the list's URL; ``widget`` draws
    a field's widget (``str``: Django's ``{{ field }}``; the view's keeps them)."""
    url = e(action)
    out = [_FORM_OPEN.format(action=url)]
    for field in form:
        errors = "".join(f'<p class="error">{e(error)}</p>' for error in field.errors)
        out.append(
            f'\n  <div class="field field-{e(field.name)}">\n'
            f'    <label for="{e(field.id_for_label)}">{e(field.label)}</label>\n'
            f"    {widget(field)}\n"
            f"    {errors}\n"
            "  </div>\n  "
        )
    out.append(
        f'\n  <button type="submit">{e(_("Filter"))}</button>\n'
        f'  <a href="{url}">{e(_("Clear"))}</a>\n</form>\n'
    )
    return mark_safe("".join(out))


def criterion_rows(criteria: Iterable[CriterionVerdict]) -> SafeString:
    """The ``<tbody>`` rows of one dimension of the supplier page's scorecard."""
    value_label, threshold_label = e(_("Value")), e(_("Threshold"))
    points_label, evidence_label = e(_("Points")), e(_("Evidence"))
    code = active_lang()  # once: asking Django for the language costs more than a row
    out = []
    # Most criteria of a supplier share a few sources and statuses: each is
    # written once a call, not once a row.
    sources: dict[str, str] = {}
    marks: dict[tuple[str, str], str] = {}
    for c in criteria:
        status = e(c.status)
        value = c.value_text.get(code) if c.value_text else show_in(c.value, code)
        points = ""
        if c.points is not None:
            points = e(num(c.points, 1))
            if c.max_points:
                points += f" / {e(num(c.max_points, 1))}"
        evidence = ""
        if c.evidence.source:
            evidence = sources.get(c.evidence.source, "")
            if not evidence:
                evidence = sources[c.evidence.source] = e(source_text(c.evidence.source))
        if c.evidence.as_of:
            evidence += f" · {e(c.evidence.as_of)}"
        action = e(c.action.get(code)) if c.status != "pass" else ""
        threshold = _threshold(c.threshold, c.id, code)
        mark = marks.get((c.status, c.kind))
        if mark is None:
            mark = marks[(c.status, c.kind)] = (
                f'<span class="status status-{status}" title="{e(status_word(c.status, code))}">'
                f"{e(status_icon(c.status))}</span>"
                f' <span class="kind">{e(kind_word(c.kind, code))}</span>'
            )
        out.append(
            f'\n<tr class="status-{status}" id="c-{e(c.id)}">\n'
            f"  <td>{mark}</td>\n"
            f"  <td>{e(c.message.get(code))}</td>\n"
            f'  <td data-label="{value_label}">{e(value)}</td>\n'
            f'  <td data-label="{threshold_label}">{threshold}</td>\n'
            f'  <td data-label="{points_label}">{points}</td>\n'
            f'  <td class="small" data-label="{evidence_label}">{evidence}</td>\n'
            f"  <td>{action}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(out))


# Thresholds as written, per criterion, language and value: they are the profile's,
# the same on every supplier page. ``repr`` tells 1 from 1.0 and True (bounded:
# a profile has ~45 criteria).
_THRESHOLDS: dict[tuple[str, str, str], str] = {}


def _threshold(value: Any, criterion_id: str, code: str) -> str:
    """``|with_unit``, escaped, written once per process."""
    key = (criterion_id, code, repr(value))
    found = _THRESHOLDS.get(key)
    if found is None:
        if len(_THRESHOLDS) > 4096:
            _THRESHOLDS.clear()
        found = _THRESHOLDS[key] = e(with_unit_in(value, criterion_id, code))
    return found


def scorecard_sections(dimensions: Iterable[dict[str, Any]]) -> SafeString:
    """The scorecard's tables, one a dimension (``supplier_scorecard``'s
    ``dimensions``): their headings translated once, not once a table."""
    head = "".join(
        f"<th>{e(_(label))}</th>"
        for label in ("Finding", "Value", "Threshold", "Points", "Evidence", "Next action")
    )
    return mark_safe(
        "".join(
            f'\n<section class="dimension">\n<h3>{e(dim["label"])}</h3>\n'
            f'<table class="scorecard">\n<thead><tr><th></th>{head}</tr></thead>\n'
            f"<tbody>\n{criterion_rows(dim['criteria'])}\n</tbody>\n</table>\n</section>\n"
            for dim in dimensions
        )
    )


def history_rows(history: Iterable[dict[str, Any]]) -> SafeString:
    """The ``<tbody>`` rows of the supplier page's history of every value
    (``daifa.catalog.selectors.fact_history``)."""
    code = active_lang()
    out = []
    # The rows of one observation (one a value) share its source and moment, and
    # a supplier with many offers repeats the same fields and values: each is
    # written once a call, not once a row.
    sources: dict[tuple[Any, Any], str] = {}
    moments: dict[Any, str] = {}
    labels: dict[str, str] = {}
    shown: dict[tuple[type, Any], str] = {}
    for h in history:
        old = "" if h["current"] else ' class="old"'
        mark = " ✓" if h["current"] else ""
        origin = (h["kind"], h["detail"])
        source = sources.get(origin)
        if source is None:
            source = sources[origin] = f"{e(h['kind'])} · {e(source_text(h['detail']))}"
        moment = moments.get(h["observed_at"])
        if moment is None:
            moment = moments[h["observed_at"]] = e(when(template_localtime(h["observed_at"])))
        field = h["field"]
        label = labels.get(field)
        if label is None:
            label = labels[field] = e(field_label_in(field, code))
        value = h["value"]
        # bool too: the type tells 1 from True (and 1.0); -0.0 and 0.0 both read "0".
        if isinstance(value, str | int | float | None):
            key = (type(value), value)
            text = shown.get(key)
            if text is None:
                text = shown[key] = e(show_in(value, code))
        else:
            text = e(show_in(value, code))
        out.append(
            f"<tr{old}><td>{label}</td><td>{text}</td>"
            f"<td>{e(h['offer'])}</td><td>{source}</td><td>{moment}{mark}</td></tr>"
        )
    return mark_safe("".join(out))


def offer_rows(offers: Iterable[dict[str, Any]], *, workspace_pk: int, judged_pk: Any) -> str:
    """The ``<tbody>`` rows of the supplier page's offers (without the row that says
    there is none). ``offers``: :func:`daifa.screening.selectors.page_offers`'s rows."""
    judged_title = e(_("The supplier’s grade and scorecard are about this offer."))
    judged = f' <span class="badge" title="{judged_title}">{e(_("judged"))}</span>'
    calculate = e(_("calculate"))
    calculator = reverse("costs:calculator", args=(workspace_pk,))
    compare = reverse("compare", args=(workspace_pk,))
    code = active_lang()
    out = []
    for o in offers:
        facts = o["facts"]
        name = e(o["title"] or o["external_id"])
        href = web_link(facts.get("offer_url", ""))
        if href:
            name = f'<a href="{e(href)}" rel="noopener noreferrer" target="_blank">{name}</a>'
        screened = o["screen_id"] is not None
        landed = e(num(o["landed_unit_cost_cny"], 2)) if screened else ""
        grade = ""
        if screened:
            grade = f'<span class="grade grade-{e(o["grade"])}">{e(o["grade"])}</span>'
        rank = ""
        if o["peer_rank"]:
            group = o["product_group"]
            rank = (
                f'<a href="{compare}?group={e(quote(group, safe="/"))}">'
                f"{e(str(o['peer_rank']))} · {e(group)}</a>"
            )
        out.append(
            "\n<tr>\n"
            f'  <td>{name}<br><span class="muted small">{e(o["external_id"])}</span>'
            f"{judged if o['pk'] == judged_pk else ''}</td>\n"
            f"  <td>{e(o['category'])}</td>\n"
            f"  <td>{e(show_in(facts.get('price_tiers', ''), code))}</td>\n"
            f"  <td>{e(num(facts.get('moq', ''), 0))}</td>\n"
            f"  <td>{e(num(facts.get('dropship_price_cny', ''), 2))}</td>\n"
            f'  <td>{landed} <a class="no-print small" href="{calculator}?offer={o["pk"]}">'
            f"{calculate}</a></td>\n"
            f"  <td>{grade}</td>\n"
            f"  <td>{rank}</td>\n"
            "</tr>\n"
        )
    return mark_safe("".join(out))


def review_items(reviews: Iterable[dict[str, Any]]) -> str:
    """The ``<li>`` of the supplier page's reviews (``charts.marked_reviews``)."""
    badge = f'<span class="badge bad">{e(_("template"))}</span> '
    out = []
    for r in reviews:
        rating = f' <span class="muted">★{e(num(r["rating"], 0))}</span>' if r["rating"] else ""
        if r["templated"]:
            out.append(f'<li class="templated">{badge}{e(r["text"])}{rating}</li>')
        else:
            out.append(f"<li>{e(r['text'])}{rating}</li>")
    return mark_safe("".join(out))
