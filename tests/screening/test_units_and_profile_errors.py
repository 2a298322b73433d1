"""Thresholds carry their units; the profile preview marks an invalid field and
keeps previewing the rest."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from tests.screening.test_profile_views import form_data

from daifa.engine.criteria import CATALOGUE


@pytest.mark.parametrize(
    ("lang", "cells"),
    [
        ("en", ["<td>48 h</td>", "<td>25%</td>", "<td>15 min</td>", "<td>3 years</td>"]),
        ("zh-hans", ["<td>48 小时</td>", "<td>25%</td>", "<td>15 分钟</td>", "<td>3 年</td>"]),
    ],
)
def test_the_scorecard_threshold_column_shows_units(client, personas, screened, lang, cells):
    client.force_login(personas.alice)
    html = client.get(
        reverse("supplier_detail", args=[personas.workspace.pk, screened["S-BEST"].pk]),
        HTTP_ACCEPT_LANGUAGE=lang,
    ).content.decode()
    for cell in cells:
        # the cell carries a data-label for the phone layout: match its content
        assert cell.replace("<td>", ">") in html


def test_every_numeric_criterion_has_a_unit_in_both_languages():
    numeric = [c for c in CATALOGUE if c.rule.op in ("at_least", "at_most", "range")]
    assert numeric
    for c in numeric:
        assert c.unit.zh.strip() and c.unit.en.strip(), c.id


@pytest.mark.parametrize(
    ("value", "cid", "shown"),
    [(1.0, "years_in_business", "1 year"), ([5.0, 10.0], "late_compensation_pct", "5–10%"),
     (True, "dropship_supported", "yes"), (None, "repeat_rate", "—")],
)  # fmt: skip
def test_with_unit_formats_numbers_ranges_and_leaves_the_rest(value, cid, shown):
    template = Template("{% load daifa %}{{ v|with_unit:cid }}")
    with translation.override("en"):
        assert template.render(Context({"v": value, "cid": cid})) == shown


def test_the_profile_editor_shows_units_beside_thresholds(client, personas, screened):
    client.force_login(personas.alice)
    html = client.get(
        reverse("profile_edit", args=[personas.workspace.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    row = html[html.index('name="response_minutes__threshold"') :][:400]
    assert '<span class="unit">分钟</span>' in row


def preview(client, personas, lang="en", **changes):
    return client.post(
        reverse("profile_preview", args=[personas.workspace.pk]),
        form_data(grade_A="0", grade_B="0", grade_C="0", coverage_A="0", coverage_B="0", **changes),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE=lang,
    ).content.decode()


def _slot(html: str, name: str) -> str:
    start = html.index(f'id="err-{name}" hx-swap-oob="true">')
    return html[start : html.index("</span>", start)].split(">", 1)[1]


def test_an_invalid_threshold_is_marked_on_its_field_and_the_rest_still_previews(
    client, personas, screened
):
    client.force_login(personas.alice)
    html = preview(client, personas, repeat_rate__zero_at="60")
    # the grade bands at 0 still preview: every offer moves to A
    assert "change grade" in html and "left out of the preview" in html
    message = (
        "“no credit at” (60) must be below “full credit at” (25): "
        "for Repeat rate, higher is better."
    )
    assert _slot(html, "repeat_rate__zero_at") == message
    assert "criteria.repeat_rate.zero_at" not in html and "at_least" not in html
    # the sidebar names the field by its labels and links to it
    assert '<a href="#id_repeat_rate__zero_at">Repeat rate · no credit at</a>' in html
    # every other field's slot is sent empty: errors fixed since are cleared
    assert _slot(html, "repeat_rate__threshold") == "" and _slot(html, "grade_A") == ""


def test_the_error_is_a_chinese_sentence_in_the_chinese_ui(client, personas, screened):
    client.force_login(personas.alice)
    html = preview(client, personas, lang="zh-hans", repeat_rate__zero_at="60")
    assert _slot(html, "repeat_rate__zero_at") == (
        "“零分标准”（60）必须低于“满分标准”（25）：回头率越高越好。"
    )


def test_a_negative_weight_no_longer_stops_the_preview(client, personas, screened):
    client.force_login(personas.alice)
    html = preview(client, personas, dispute_rate__weight="-3")
    assert "greater than or equal to 0" in _slot(html, "dispute_rate__weight")
    assert "change grade" in html  # the other changes are still previewed


def test_the_form_leaves_validation_to_the_server_so_htmx_posts_it(client, personas, screened):
    """htmx refuses to send a form that fails the browser's validation (min=0), which
    silently stopped the preview; the server now checks and marks every field."""
    client.force_login(personas.alice)
    html = client.get(reverse("profile_edit", args=[personas.workspace.pk])).content.decode()
    assert '<form method="post" id="profile-form" novalidate' in html
    assert 'id="err-dispute_rate__weight"' in html and "hx-swap-oob" not in html
