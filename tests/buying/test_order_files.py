"""Order files: the 1688 export (XLSX and CSV), re-import without duplicates, the refund
list, a plain orders sheet, and a bad row refusing the whole file with row/column/value."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from daifa.buying.order_files import OrderFileError, orders_import_path
from daifa.sourcing.models import PurchaseOrder, Refund
from tests.buying.order_exports import (
    EXPORT_COLUMNS,
    REFUND_COLUMNS,
    export_rows,
    write_csv,
    write_xlsx,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = datetime(2026, 10, 20, 9, 30)


@pytest.fixture
def ws_zone(shop):
    shop.workspace.time_zone = "Asia/Shanghai"
    shop.workspace.save()
    return shop


def test_export_imports_with_its_times_and_matches_supplier_and_offer(ws_zone, tmp_path):
    path = write_xlsx(tmp_path / "订单导出.xlsx", EXPORT_COLUMNS, export_rows(7, BASE))
    result = orders_import_path(workspace=ws_zone.workspace, path=path)
    assert (result.kind, result.created, result.updated, result.unmatched) == ("export", 3, 0, 0)
    rows = export_rows(7, BASE)
    first = PurchaseOrder.objects.get(order_id=rows[0]["订单编号"])
    assert first.source == "export" and first.supplier == ws_zone.supplier
    assert first.offer == ws_zone.offer and first.quantity == 60
    assert first.unit_price_cny == Decimal("12.50") and first.total_cny == Decimal("760.00")
    assert first.created_at == BASE.replace(tzinfo=SHANGHAI)
    assert first.paid_at == (BASE + timedelta(minutes=10)).replace(tzinfo=SHANGHAI)
    assert len(first.order_id) == 19  # the 19-digit number kept whole
    two_lines = PurchaseOrder.objects.get(order_id=rows[1]["订单编号"])
    assert two_lines.quantity == 250 and two_lines.tracking_no == "ZT7700112233"
    assert two_lines.carrier == "中通快递" and two_lines.shipped_at is not None


def test_a_later_export_updates_statuses_without_duplicates(ws_zone, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", EXPORT_COLUMNS, export_rows(7, BASE, stage=1))
    orders_import_path(workspace=ws_zone.workspace, path=first)
    later = write_csv(tmp_path / "b.csv", EXPORT_COLUMNS, export_rows(7, BASE, stage=2))
    result = orders_import_path(workspace=ws_zone.workspace, path=later)
    assert (result.created, result.updated) == (0, 3)
    assert PurchaseOrder.objects.count() == 3
    rows = export_rows(7, BASE, stage=2)
    shipped = PurchaseOrder.objects.get(order_id=rows[0]["订单编号"])
    assert shipped.status == "等待买家确认收货" and shipped.tracking_no == "YT5500998877"
    received = PurchaseOrder.objects.get(order_id=rows[1]["订单编号"])
    assert received.status == "交易成功" and received.received_at is not None
    closed = PurchaseOrder.objects.get(order_id=rows[3]["订单编号"])
    assert closed.cancelled_at is not None and closed.cancel_reason == "other"


def test_a_bad_row_refuses_the_whole_file_naming_row_column_value(ws_zone, tmp_path):
    rows = export_rows(7, BASE)
    rows[2]["订单付款时间"] = "昨天下午"
    rows[3]["数量"] = "五十"
    path = write_csv(tmp_path / "bad.csv", EXPORT_COLUMNS, rows)
    with pytest.raises(OrderFileError) as caught:
        orders_import_path(workspace=ws_zone.workspace, path=path)
    zh = "\n".join(caught.value.lines("zh"))
    en = "\n".join(caught.value.lines("en"))
    assert "第 4 行" in zh and "订单付款时间" in zh and "昨天下午" in zh
    assert "row 5" in en and '"数量"' in en and "五十" in en
    assert not PurchaseOrder.objects.exists()


def test_refund_list_links_to_the_orders(ws_zone, tmp_path):
    orders_import_path(
        workspace=ws_zone.workspace,
        path=write_xlsx(tmp_path / "o.xlsx", EXPORT_COLUMNS, export_rows(7, BASE)),
    )
    order_id = export_rows(7, BASE)[1]["订单编号"]
    refunds = [{"退款编号": "TK9001", "订单编号": order_id, "卖家会员名": "shenzhen-audio",
                "货品标题": "蓝牙耳机 TWS-5", "退款状态": "退款成功", "退款原因": "质量问题",
                "申请退款金额(元)": "125.00", "实际退款金额(元)": "125.00",
                "申请时间": "2026-10-26 10:00:00",
                "退款完成时间": "2026-10-27 18:00:00"}]  # fmt: skip
    path = write_xlsx(tmp_path / "refunds.xlsx", REFUND_COLUMNS, refunds)
    result = orders_import_path(workspace=ws_zone.workspace, path=path)
    assert (result.kind, result.created, result.unmatched) == ("refunds", 1, 0)
    refund = Refund.objects.get(refund_id="TK9001")
    assert refund.purchase_order.order_id == order_id and refund.refunded_cny == Decimal("125.00")
    again = orders_import_path(workspace=ws_zone.workspace, path=path)
    assert (again.created, again.updated, Refund.objects.count()) == (0, 1, 1)


def test_plain_orders_sheet_with_the_kpi_columns(ws_zone, tmp_path):
    path = tmp_path / "my-orders.csv"
    path.write_text(
        "order_id,supplier_id,offer_id,quantity,unit_price_cny,ordered_at,paid_at,picked_up_at,"
        "promised_pickup_hours,cancel_reason,disputed,after_sales_days\n"
        "M-1,shenzhen-audio,610001,60,12.5,2026-10-01 10:00,2026-10-01 10:05,"
        "2026-10-02 18:00,24,,否,\n"
        "M-2,shenzhen-audio,610001,50,12.5,2026-10-03 10:00,,,,缺货,否,\n"
        "M-3,unknown-shop,,10,3,2026-10-04 10:00,2026-10-04 11:00,,,,是,3\n",
        encoding="utf-8",
    )
    result = orders_import_path(workspace=ws_zone.workspace, path=path)
    assert (result.kind, result.created, result.unmatched) == ("sheet", 3, 1)
    late = PurchaseOrder.objects.get(order_id="M-1")
    assert late.source == "sheet" and late.offer == ws_zone.offer
    assert late.pickup_due_at - late.paid_at == timedelta(hours=24)
    assert PurchaseOrder.objects.get(order_id="M-2").cancel_reason == "no_stock"
    disputed = PurchaseOrder.objects.get(order_id="M-3")
    assert disputed.disputed and disputed.after_sales_days == 3.0 and disputed.supplier is None


def test_times_out_of_order_are_refused(ws_zone, tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text(
        "order_id,supplier_id,ordered_at,paid_at\n"
        "M-9,shenzhen-audio,2026-10-05 10:00,2026-10-04 10:00\n",
        encoding="utf-8",
    )
    with pytest.raises(OrderFileError) as caught:
        orders_import_path(workspace=ws_zone.workspace, path=path)
    assert (
        "paid_at" in "\n".join(caught.value.lines("en"))
        and "第 2 行" in caught.value.lines("zh")[1]
    )


def test_long_supplier_text_is_cut_to_the_column_and_a_long_order_id_refused(ws_zone, tmp_path):
    rows = export_rows(7, BASE)
    rows[0]["货品标题"] = "耳机" * 400  # 800 characters; the column holds 500
    path = write_xlsx(tmp_path / "long.xlsx", EXPORT_COLUMNS, rows)
    orders_import_path(workspace=ws_zone.workspace, path=path)
    assert len(PurchaseOrder.objects.get(order_id=rows[0]["订单编号"]).title) == 500
    rows[1]["订单编号"] = "9" * 41
    with pytest.raises(OrderFileError) as caught:
        orders_import_path(
            workspace=ws_zone.workspace,
            path=write_xlsx(tmp_path / "id.xlsx", EXPORT_COLUMNS, rows),
        )
    assert "第 3 行" in "\n".join(caught.value.lines("zh"))


def test_an_order_recorded_by_hand_is_updated_by_the_export_not_duplicated(ws_zone, tmp_path):
    from daifa.buying.services import order_create, order_mark

    rows = export_rows(7, BASE)
    mine = order_create(
        workspace=ws_zone.workspace, offer=ws_zone.offer, quantity=60,
        agreement=ws_zone.agreement, order_id=rows[0]["订单编号"], ship_to="王小明 深圳",
        now=BASE.replace(tzinfo=SHANGHAI),
    )  # fmt: skip
    order_mark(order=mine, step="paid", at=BASE.replace(tzinfo=SHANGHAI) + timedelta(minutes=10))
    later = export_rows(7, BASE, stage=2)
    orders_import_path(
        workspace=ws_zone.workspace,
        path=write_xlsx(tmp_path / "later.xlsx", EXPORT_COLUMNS, later),
    )
    assert PurchaseOrder.objects.filter(order_id=rows[0]["订单编号"]).count() == 1
    mine.refresh_from_db()
    assert mine.source == "manual" and mine.agreement == ws_zone.agreement
    assert mine.shipped_at is not None and mine.tracking_no == "YT5500998877"
    assert mine.pickup_due_at == mine.paid_at + timedelta(hours=24)
