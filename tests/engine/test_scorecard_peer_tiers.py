"""The peer ranking never puts an offer with a failed gate or a raised flag above
a peer without one (issue 10.4): "best in the group" is always choosable."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.engine.test_scorecard_properties import random_suppliers

from daifa.engine import screen


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(2, 40))
def test_a_failed_gate_or_a_flag_never_ranks_above_a_clean_peer(seed: int, n: int) -> None:
    frame = screen(random_suppliers(seed, n)).frame.with_columns(
        ((pl.col("blocking") != "") | (pl.col("flags") != "")).alias("tainted")
    )
    ranked = frame.filter(pl.col("peer_rank").is_not_null())
    for _, group in ranked.group_by("peer_group"):
        clean = group.filter(~pl.col("tainted"))["peer_rank"]
        tainted = group.filter(pl.col("tainted"))["peer_rank"]
        if clean.len() and tainted.len():
            assert clean.max() < tainted.min(), group.select("peer_rank", "tainted", "blocking")
        # ranks are still 1..k (ties share a rank)
        assert group["peer_rank"].min() == 1


def test_a_cheaper_better_offer_that_fails_a_gate_ranks_last() -> None:
    frame = pl.DataFrame(
        {
            "supplier_id": ["gate", "ok1", "ok2"],
            "product_group": ["g"] * 3,
            "dropship_supported": [False, True, True],
            "repeat_rate_pct": [60.0, 20.0, 10.0],
            "response_minutes": [1.0, 30.0, 40.0],
            "unit_price_cny": [5.0, 20.0, 25.0],
        }
    )
    out = screen(frame).frame
    ranks = dict(zip(out["supplier_id"], out["peer_rank"], strict=True))
    assert ranks == {"ok1": 1, "ok2": 2, "gate": 3}
    robustness = dict(zip(out["supplier_id"], out["robustness"], strict=True))
    assert robustness["gate"] == 0.0 and robustness["ok1"] > 0.5


def test_every_score_weight_zero_ranks_on_price_alone() -> None:
    """The profile editor's live preview passes through such a profile while the
    seller edits the weights; it used to fail with a ShapeError (HTTP 500)."""
    from daifa.engine import Profile

    criteria = Profile.default().to_dict()["criteria"]
    zero = {cid: {"weight": 0} for cid, entry in criteria.items() if entry["kind"] == "score"}
    profile = Profile.default().updated({"criteria": zero})
    frame = pl.DataFrame(
        {"supplier_id": ["a", "b"], "product_group": ["g", "g"], "unit_price_cny": [9.0, 5.0]}
    )
    out = screen(frame, profile=profile).frame
    assert dict(zip(out["supplier_id"], out["peer_rank"], strict=True)) == {"b": 1, "a": 2}


def test_a_flagged_price_trap_ranks_after_its_clean_peers() -> None:
    """Issue 13.4: the cheapest, otherwise best offer of a group of four is a
    price trap (over 20 % below its peers): it never ranks first, nor wins the
    robustness samples."""
    frame = pl.DataFrame(
        {
            "supplier_id": ["trap", "a", "b", "c"],
            "product_group": ["g"] * 4,
            "dropship_supported": [True] * 4,
            "repeat_rate_pct": [60.0, 25.0, 20.0, 15.0],
            "response_minutes": [1.0, 20.0, 30.0, 40.0],
            "unit_price_cny": [5.0, 10.0, 10.5, 11.0],
        }
    )
    out = screen(frame).frame
    flags = dict(zip(out["supplier_id"], out["flags"], strict=True))
    assert "price_vs_peers" in flags["trap"]
    ranks = dict(zip(out["supplier_id"], out["peer_rank"], strict=True))
    assert ranks["trap"] == 4 and max(ranks[s] for s in "abc") == 3
    robustness = dict(zip(out["supplier_id"], out["robustness"], strict=True))
    assert robustness["trap"] == 0.0
