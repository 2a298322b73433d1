"""The demo's orders: months of them, with returns, late pickups, oversells and disputes,
and one planted supplier whose recent returns breach the threshold."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from daifa.demo.monitoring import PLANTED_DAYS, shifted_orders


def test_the_orders_end_today_and_one_supplier_is_planted(demo):
    today = date(2027, 3, 1)
    frame = shifted_orders(demo.orders, demo.as_of, today, demo.seed)
    assert frame.height == demo.orders.height
    assert frame["ordered_at"].max().date() <= today
    assert (today - frame["ordered_at"].min().date()).days > 90  # a few months
    for status in ("returned", "cancelled_no_stock", "disputed", "delivered"):
        assert (frame["status"] == status).sum() > 0, status
    before = demo.orders.group_by("supplier_id").agg((pl.col("status") == "returned").sum())
    after = frame.group_by("supplier_id").agg((pl.col("status") == "returned").sum())
    changed = before.join(after, on="supplier_id").filter(
        pl.col("status") != pl.col("status_right")
    )
    assert changed.height == 1  # exactly one supplier planted
    planted = changed["supplier_id"].item()
    recent = frame.filter(
        (pl.col("supplier_id") == planted)
        & (
            pl.col("ordered_at")
            >= pl.lit(today).cast(pl.Datetime("us")) - pl.duration(days=PLANTED_DAYS)
        )
    )
    assert (recent["status"] == "returned").mean() > 0.2


@pytest.mark.django_db
def test_loading_the_demo_shows_kpis_alerts_a_probation_and_calibration(personas, client):
    from daifa.cli.demo_workspace import demo_workspace_load
    from daifa.monitoring.models import Alert, ApprovalSnapshot, Probation
    from daifa.monitoring.selectors import kpi_rows

    workspace, loaded = demo_workspace_load(
        name="demo", owner=personas.alice, suppliers=120, offers=400
    )
    assert loaded
    assert workspace.purchase_orders.count() > 100
    rows = kpi_rows(workspace)
    assert {r["status"] for r in rows} >= {"pass", "warn"}
    assert Alert.objects.filter(workspace=workspace, rule="kpi_breach").exists()
    assert Probation.objects.filter(workspace=workspace, ended_at__isnull=True).exists()
    assert ApprovalSnapshot.objects.filter(workspace=workspace).count() >= 5
    client.force_login(personas.alice)
    page = client.get(f"/monitoring/w/{workspace.pk}/calibration/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Which criteria predicted trouble" in page.content.decode()
