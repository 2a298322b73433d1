"""The compare page reads typed verdicts end to end: the selectors return a
``Comparison`` of ``ComparedOffer``s, each carrying the engine's ``RowVerdict``,
and the page and the API render from those objects, not from record dicts."""

from __future__ import annotations

import dataclasses

import pytest
from django.urls import reverse

from daifa.engine.criteria import DIMENSION_LABELS
from daifa.engine.verdicts import RowVerdict
from daifa.screening.comparison import ComparedOffer, Comparison, OfferCosts, radar
from daifa.screening.models import ScreenExplanation
from daifa.screening.selection import compare_selection
from daifa.screening.selectors import compare_group


def _stored(offer_pk: int) -> RowVerdict:
    return RowVerdict.from_json(ScreenExplanation.objects.get(offer_id=offer_pk).record)


def test_compare_group_returns_the_engines_verdicts(personas, screened):
    found = compare_group(personas.workspace, "耳机-01", "en", quantity=50)
    assert isinstance(found, Comparison) and len(found.columns) == 4
    for column in found.columns:
        assert isinstance(column, ComparedOffer)
        assert isinstance(column.verdict, RowVerdict) and isinstance(column.costs, OfferCosts)
        # the same verdict the supplier page shows (the quantity changes costs only)
        assert column.verdict == _stored(column.offer_pk)
    assert found.best is found.columns[0] and found.best.verdict.supplier_id == "S-BEST"
    assert found.cheapest in found.columns
    assert found.cheapest.costs.landed_unit_cost_cny == min(
        c.costs.landed_unit_cost_cny for c in found.columns if c.costs.landed_unit_cost_cny
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.best = None  # type: ignore[misc]


def test_compare_selection_returns_verdicts_without_a_rank_across_groups(personas, screened):
    pks = [screened[s].pk for s in ("S-CHEAP", "S-LONE", "S-BEST")]
    found = compare_selection(personas.workspace, pks, "en")
    assert found.selection and not found.one_group and found.missing == 0
    assert [c.supplier_pk for c in found.columns] == pks
    for column in found.columns:
        stored = _stored(column.offer_pk)
        assert isinstance(column.verdict, RowVerdict)
        # the peer fields are blanked (a rank only means something in one group), the rest kept
        assert column.verdict.peer_rank is None and column.verdict.closeness is None
        assert column.verdict == dataclasses.replace(
            stored, peer_rank=None, closeness=None, robustness=None
        )


NONE = dict.fromkeys(d for d in DIMENSION_LABELS if d != "kpi")


def _verdict(supplier_id: str, name: str, **fields) -> RowVerdict:
    base = RowVerdict(
        supplier_id=supplier_id, offer_id=f"O-{supplier_id}", supplier_name=name,
        product_group="耳机-01", score=71.0, coverage=0.5, grade="B", decision="verify_first",
        approvable=False, blocking=(), to_verify=("sample_test_passed",), flags=(),
        peer_group="耳机-01", peer_rank=1, closeness=0.625, robustness=0.8,
        action=_text("x"), grade_action=_text("x"), criteria=(),
    )  # fmt: skip
    return dataclasses.replace(base, **fields)


def _text(word: str):
    from daifa.text import Text

    return Text(zh=word, en=word)


def test_the_page_renders_from_the_typed_comparison(client, personas, screened, monkeypatch):
    """A comparison built by hand from objects: every value the page shows comes
    from a ``ComparedOffer``'s verdict and costs (a template reading a record
    key would render nothing here)."""
    costs = OfferCosts(unit_price_at_qty_cny=12.5, landed_unit_cost_cny=41.25, note="运费估算")
    first = ComparedOffer(
        verdict=_verdict("T-1", "类型电子"), supplier_pk=screened["S-BEST"].pk, offer_pk=1,
        costs=costs, offer_title="蓝牙耳机 T", subscores={**NONE, "compliance": 87.0},
        not_choosable=("to_verify",),
    )  # fmt: skip
    second = ComparedOffer(
        verdict=_verdict("T-2", "", grade="D", peer_rank=2, blocking=("dropship_supported",)),
        supplier_pk=screened["S-MID"].pk, offer_pk=2, costs=OfferCosts(), subscores=NONE,
        not_choosable=("blocking", "no_quote"),
    )  # fmt: skip
    comparison = Comparison(
        group="耳机-01", columns=(first, second), cheapest=first, closest=first, quantity=None
    )
    monkeypatch.setattr("daifa.screening.views.compare_group", lambda *a, **k: comparison)
    client.force_login(personas.alice)
    response = client.get(
        reverse("compare", args=[personas.workspace.pk]),
        {"group": "耳机-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["comparison"] is comparison
    html = response.content.decode()
    table = html[html.index('<table class="compare">') :]
    assert "类型电子" in table and ">T-2</a>" in table  # the name, else the supplier id
    assert "offer O-T-1" in table and "蓝牙耳机 T" in table
    assert '<span class="grade grade-B">B</span>' in table
    assert '<span class="grade grade-D">D</span>' in table
    assert "<td>0.625</td>" in table and "<td>80%</td>" in table  # closeness, robustness
    assert "71 <span" in table and "(known 50%)" in table
    assert "¥41.25" in table and "运费估算" in table and "¥12.50" in table
    assert "needs verification" in table and "cannot quote at this quantity" in table
    assert "<td>87</td>" in table  # the compliance subscore
    closest = html[html.index('id="best"') :].split("</div>", 1)[0]
    assert "Closest" in closest and "类型电子" in closest and "O-T-1" in closest
    assert response.context["radar"] == radar(response.context["dimensions"], (first, second))
    assert response.context["radar"]["series"][1]["label"] == "T-2"
