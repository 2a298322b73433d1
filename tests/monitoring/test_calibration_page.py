"""The calibration page on stored snapshots and orders: the predictive criterion, its
proposal with weights; too little data said plainly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from daifa.catalog.models import Supplier
from daifa.monitoring.calibration_view import calibration_context
from daifa.monitoring.models import ApprovalSnapshot
from daifa.monitoring.services import orders_store

CRITERIA = ["dropship_supported", "repeat_rate_pct", "response_minutes", "dispute_rate_pct"]


def history(workspace, suppliers: int, orders: int, seed: int = 5) -> None:
    rng = np.random.default_rng(seed)
    now = datetime.now(UTC)
    rows = []
    for s in range(suppliers):
        supplier = Supplier.objects.create(workspace=workspace, external_id=f"H{s}")
        statuses = {c: str(rng.choice(["pass", "fail"])) for c in CRITERIA}
        statuses["repeat_rate_pct"] = "pass" if s % 2 else "fail"
        ApprovalSnapshot.objects.create(
            workspace=workspace, supplier=supplier, statuses=statuses,
            taken_at=now - timedelta(days=100),
        )  # fmt: skip
        rate = 0.02 if statuses["repeat_rate_pct"] == "pass" else 0.2
        for i in range(orders):
            returned = bool(rng.random() < rate)
            at = now - timedelta(days=30, minutes=i)
            rows.append({
                "order_id": f"H{s}-{i}", "supplier_id": f"H{s}", "offer_id": None,
                "ordered_at": at, "picked_up_at": at + timedelta(hours=5),
                "promised_pickup_hours": 24.0, "status": "returned" if returned else "delivered",
                "returned": returned, "disputed": False, "after_sales_days": None,
            })  # fmt: skip
    assert orders_store(workspace=workspace, rows=rows)[2] == []


def test_the_predictive_criterion_is_found_with_a_proposal(personas):
    ws = personas.workspace
    history(ws, suppliers=16, orders=40)
    ctx = calibration_context(ws, "returned")
    assert ctx["enough"] and ctx["suppliers"] == 16 and ctx["orders"] == 640
    verdicts = {row["f"].criterion: row for row in ctx["rows"]}
    found = verdicts["repeat_rate_pct"]
    assert found["f"].verdict == "predicts"
    if found["f"].proposal == "raise_weight":
        assert found["proposed"] > found["weight"]
    else:  # the groups do not even overlap: a gate
        assert found["f"].proposal == "make_gate" and found["kind"] != "gate"
    assert [c for c, r in verdicts.items() if r["f"].verdict == "predicts"] == ["repeat_rate_pct"]


def test_too_little_data_is_said_plainly(client, personas):
    ws = personas.workspace
    history(ws, suppliers=4, orders=3)
    client.force_login(personas.alice)
    page = client.get(f"/monitoring/w/{ws.pk}/calibration/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Too little data to conclude anything yet" in text and "predicts trouble" not in text
    page = client.get(
        f"/monitoring/w/{ws.pk}/calibration/?outcome=late", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "数据太少" in page.content.decode()
