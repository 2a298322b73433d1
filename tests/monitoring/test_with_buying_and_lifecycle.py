"""With the buying app's order fields and agreements, and the lifecycle's stages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from daifa.buying.models import Agreement
from daifa.catalog.models import Supplier
from daifa.lifecycle.models import Stage
from daifa.lifecycle.selectors import supplier_stage
from daifa.monitoring.models import Alert
from daifa.monitoring.orders import orders_frame
from daifa.monitoring.services import alerts_evaluate, settings_save
from daifa.sourcing.models import PurchaseOrder
from tests.monitoring.conftest import order_rows
from tests.monitoring.test_alerts import N, first_breaching_returns


def test_a_breach_puts_the_supplier_on_probation_and_clean_orders_bring_it_back(
    personas, screened, no_decay, store
):
    ws = personas.workspace
    settings_save(workspace=ws, clean_orders_to_exit=3)
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    now = datetime.now(UTC)
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N), days_ago=10, now=now))
    alerts_evaluate(workspace=ws, now=now - timedelta(days=5))
    assert supplier_stage(best) == Stage.PROBATION
    store(order_rows("S-BEST", 3, start=900, days_ago=1, now=now))
    alerts_evaluate(workspace=ws, now=now)
    assert supplier_stage(best) == Stage.APPROVED
    change = best.stage_changes.first()
    assert "3 clean orders" in change.reason_in("en") and "3 单无问题" in change.reason_in("zh")


def test_the_probation_reason_shows_in_the_pages_language_only(
    client, personas, screened, no_decay, store
):
    """Stored in both languages, shown in one: the zh page in 简体中文, the en page in English
    (the KPI panel, the lifecycle badge and its timeline)."""
    from django.urls import reverse

    ws = personas.workspace
    settings_save(workspace=ws, clean_orders_to_exit=3)
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    now = datetime.now(UTC)
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N), days_ago=10, now=now))
    alerts_evaluate(workspace=ws, now=now - timedelta(days=5))
    client.force_login(personas.alice)
    page = reverse("supplier_detail", args=[ws.pk, best.pk])

    def shown(lang: str) -> str:
        return client.get(page, HTTP_ACCEPT_LANGUAGE=lang).content.decode()

    zh, en = shown("zh-hans"), shown("en")
    assert "超出阈值" in zh and "breached" not in zh
    assert "breached" in en and "超出阈值" not in en
    store(order_rows("S-BEST", 3, start=900, days_ago=1, now=now))
    alerts_evaluate(workspace=ws, now=now)  # out of probation: the timeline keeps both moves
    zh, en = shown("zh-hans"), shown("en")
    assert "3 单无问题" in zh and "超出阈值" in zh
    assert "clean orders" not in zh and "breached" not in zh
    assert "3 clean orders" in en and "breached" in en
    assert "单无问题" not in en and "超出阈值" not in en


def test_reasons_stored_as_one_bilingual_string_are_split_by_the_migration():
    from importlib import import_module

    split = import_module("daifa.lifecycle.migrations.0002_stagechange_reason_en").split_reason
    assert split("退货率超出阈值：9/40 / Return rate breached: 9/40") == (
        "退货率超出阈值：9/40",
        "Return rate breached: 9/40",
    )
    assert split("5 clean orders since probation began / 观察期后 5 单无问题") == (
        "观察期后 5 单无问题",
        "5 clean orders since probation began",
    )
    assert split("样品核对 / sample check #12") == ("样品核对 #12", "sample check #12")
    assert split("fake stock / wrong colour") is None  # the seller's words: left as typed


def test_a_blocked_supplier_stays_blocked(personas, screened, no_decay, store):
    from daifa.lifecycle.services import supplier_stage_change

    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    supplier_stage_change(supplier=best, to=Stage.BLOCKED, by=personas.alice, reason="fake stock")
    store(order_rows("S-BEST", N, returns=first_breaching_returns(N)))
    alerts_evaluate(workspace=ws)
    assert supplier_stage(best) == Stage.BLOCKED
    assert Alert.objects.filter(rule="kpi_breach").count() == 1


def test_the_agreements_pickup_hours_decide_what_is_late(personas, screened):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    agreement = Agreement.objects.create(
        workspace=ws, supplier=best, reference="PA-1", terms={"pickup_hours": 48},
        created_at=datetime.now(UTC),
    )  # fmt: skip
    paid = datetime.now(UTC) - timedelta(hours=30)
    for i, agreed in enumerate((agreement, None)):
        PurchaseOrder.objects.create(
            workspace=ws, order_id=f"P{i}", supplier=best, created_at=paid, paid_at=paid,
            synced_at=paid, agreement=agreed, source="manual",
        )  # fmt: skip
    frame = orders_frame(ws)
    assert frame.filter(frame["order_id"] == "P0")["promised_pickup_hours"].item() == 48.0
    created = alerts_evaluate(workspace=ws)
    # 30 h after payment: late against the profile's 24 h, not against the agreed 48 h.
    assert [a.evidence["order_id"] for a in created if a.rule == "overdue_pickup"] == ["P1"]


def test_buying_fields_are_read_for_the_kpis(personas, screened):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    at = datetime.now(UTC) - timedelta(days=3)
    common = dict(workspace=ws, supplier=best, created_at=at, paid_at=at, synced_at=at)
    PurchaseOrder.objects.create(order_id="A", cancelled_at=at, cancel_reason="no_stock", **common)
    PurchaseOrder.objects.create(order_id="B", picked_up_at=at + timedelta(hours=5),
                                 returned_at=at + timedelta(days=1), after_sales_days=2.0,
                                 **common)  # fmt: skip
    PurchaseOrder.objects.create(order_id="C", picked_up_at=at + timedelta(hours=50),
                                 disputed=True, **common)  # fmt: skip
    rows = {r["order_id"]: r for r in orders_frame(ws).iter_rows(named=True)}
    assert rows["A"]["status"] == "cancelled_no_stock"
    assert rows["B"]["returned"] and rows["B"]["after_sales_days"] == 2.0
    assert rows["C"]["disputed"] and rows["C"]["picked_up_at"] is not None


def test_orders_saved_elsewhere_bring_monitoring_up_to_date(
    personas, screened, no_decay, django_capture_on_commit_callbacks
):
    ws = personas.workspace
    best = Supplier.objects.get(workspace=ws, external_id="S-BEST")
    now = datetime.now(UTC) - timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for i in range(N):
            PurchaseOrder.objects.create(
                workspace=ws, order_id=f"X{i}", supplier=best, created_at=now, paid_at=now,
                picked_up_at=now + timedelta(hours=3), synced_at=now, source="export",
                returned_at=now + timedelta(days=1) if i < first_breaching_returns(N) else None,
            )  # fmt: skip
    assert len(callbacks) == 1  # once per workspace and transaction
    assert Alert.objects.filter(workspace=ws, rule="kpi_breach").count() == 1


def test_a_burst_of_saves_outside_a_transaction_waits_as_one_run(personas, screened, settings):
    from django_tasks_db.models import DBTaskResult

    from daifa.monitoring.tasks import SETTLE, monitor_soon, monitor_workspace

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    ws = personas.workspace
    before = datetime.now(UTC)
    for _ in range(5):
        monitor_soon(ws.pk)
    waiting = DBTaskResult.objects.filter(task_path=monitor_workspace.module_path)
    assert waiting.count() == 1
    assert waiting.get().run_after >= before + SETTLE
