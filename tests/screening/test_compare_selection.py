"""Compare the suppliers ticked in the list (2–5, any product groups), with the
cost assumptions stated and a searchable group picker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from daifa.screening.models import ScreenRow
from daifa.screening.selection import compare_selection


def compare(client, personas, lang="en", **query):
    return client.get(
        reverse("compare", args=[personas.workspace.pk]), query, HTTP_ACCEPT_LANGUAGE=lang
    ).content.decode()


def _columns(html: str) -> list[str]:
    head = html[html.index('<table class="compare">') :]
    head = head[: head.index("</thead>")]
    return re.findall(r'<a href="/w/\d+/suppliers/\d+/">([^<]+)</a>', head)


def test_the_ticked_suppliers_are_compared_even_across_product_groups(client, personas, screened):
    client.force_login(personas.alice)
    ticked = [screened[s].pk for s in ("S-CHEAP", "S-LONE", "S-BEST")]
    html = compare(client, personas, s=ticked)
    assert _columns(html) == ["&lt;b&gt;低价&lt;/b&gt;电子", "孤品家居", "优选电子"]
    assert "Compare the suppliers you ticked" in html
    assert "not in one product group" in html
    # grades agree with the list's (the same screening of each supplier's best offer)
    grades = re.findall(r'<td><span class="grade grade-([A-D])">', html)
    listed = dict(ScreenRow.objects.filter(is_best=True).values_list("supplier_id", "grade"))
    assert grades == [listed[pk] for pk in ticked]
    # no peer rank across groups, and no "best overall" pretending there is one
    assert "Best overall" not in html
    rank_row = html[html.index("<th>Peer rank</th>") :].split("</tr>", 1)[0]
    assert rank_row.count("<strong>—</strong>") == 3
    # the selection survives a change of quantity
    assert html.count('<input type="hidden" name="s"') == 3


def test_ticked_suppliers_of_one_group_keep_their_peer_rank(client, personas, screened):
    client.force_login(personas.alice)
    html = compare(client, personas, s=[screened[s].pk for s in ("S-BEST", "S-MID", "S-FAIL")])
    assert "not in one product group" not in html
    rank_row = html[html.index("<th>Peer rank</th>") :].split("</tr>", 1)[0]
    assert "<strong>—</strong>" not in rank_row


@pytest.mark.parametrize(
    ("ticked", "message"),
    [
        (["1"], "(1 ticked)"),
        ([str(n) for n in range(1, 7)], "(6 ticked)"),
        (["1", "abc"], "“abc” is not a supplier number."),
    ],
)
def test_a_wrong_number_of_suppliers_gets_a_clear_message(
    client, personas, screened, ticked, message
):
    client.force_login(personas.alice)
    html = compare(client, personas, s=ticked)
    assert message in html and '<table class="compare">' not in html
    if "ticked" in message:
        assert "Tick between 2 and 5 suppliers in the list to compare them" in html


def test_the_message_is_chinese_in_the_chinese_ui(client, personas, screened):
    client.force_login(personas.alice)
    html = compare(client, personas, lang="zh-hans", s=[screened["S-BEST"].pk])
    assert "请在列表中勾选 2–5 家供应商再对比（当前勾选 1 家）。" in html


def test_another_workspaces_supplier_cannot_be_slipped_into_a_selection(client, personas, screened):
    from daifa.catalog.models import Supplier

    other = Supplier.objects.create(
        workspace=personas.charlie_workspace, external_id="X-1", name="查理的秘密供应商"
    )
    client.force_login(personas.alice)
    html = compare(client, personas, s=[screened["S-BEST"].pk, screened["S-MID"].pk, other.pk])
    assert "查理的秘密供应商" not in html
    assert _columns(html) == ["优选电子", "中庸电子"]


def test_the_compare_page_states_its_cost_assumptions(client, personas, screened):
    client.force_login(personas.alice)
    html = compare(client, personas, group="耳机-01")
    found = html[html.index('id="cost-assumptions"') :].split("</p>", 1)[0]
    for part in ("YunExpress → US", "Amazon US", "quantity 1 unit (default)", "returns"):
        assert part in found
    assert reverse("costs:settings", args=[personas.workspace.pk]) in found
    # the quantity box says what "default" is
    assert 'placeholder="default: 1"' in html
    html = compare(client, personas, group="耳机-01", qty="50")
    found = html[html.index('id="cost-assumptions"') :].split("</p>", 1)[0]
    assert "quantity 50 units" in found and "(default)" not in found


def test_the_assumptions_in_chinese(client, personas, screened):
    client.force_login(personas.alice)
    html = compare(client, personas, lang="zh-hans", group="耳机-01")
    found = html[html.index('id="cost-assumptions"') :].split("</p>", 1)[0]
    assert "云途专线 → US" in found and "亚马逊美国站" in found and "数量 1 件（默认）" in found


def test_the_group_picker_is_searchable(client, personas, screened):
    client.force_login(personas.alice)
    html = compare(client, personas)
    assert '<input type="search" name="group" id="group" list="group-list"' in html
    assert '<datalist id="group-list">' in html and '<option value="耳机-01">' in html


def test_ticked_suppliers_say_which_can_be_chosen(client, personas, screened):
    """The "can be chosen" row judges ticked suppliers as it judges a product group:
    a supplier that fails a gate (S-FAIL: no dropshipping) is never ticked ✓."""
    client.force_login(personas.alice)
    html = compare(client, personas, s=[screened[s].pk for s in ("S-BEST", "S-MID", "S-FAIL")])
    row = html[html.index('<tr class="choosable">') :].split("</tr>", 1)[0]
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert len(cells) == 3
    assert cells[0] == '<span class="ok">✓</span>'
    assert "fails a gate" in cells[2] and "✓" not in cells[2]
    found = compare_selection(
        personas.workspace, [screened[s].pk for s in ("S-BEST", "S-FAIL")], "en"
    )
    assert [c.not_choosable for c in found.columns][0] == ()
    assert "blocking" in found.columns[1].not_choosable
