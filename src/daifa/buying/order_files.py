"""Orders from the files sellers have: the 1688 buyer order export, its refund list, and a
plain orders sheet for orders placed outside 1688 tools.

* 1688 buyer order export (买家工作台 → 已买到的货品 → 导出订单, XLSX or CSV): one row per
  order line; an order of several lines repeats its 订单编号, the order-level cells
  (实付款, times, 物流) on its first row.
* 1688 refund list (退款/售后 → 导出): one row per refund, keyed by 退款编号.
* plain orders sheet: one row per order with the timeline columns daifa keeps.

Headers are matched by name, in Chinese or English, with the variants seen in exports
(``单价(元)``, ``单价（元）``, ``实付款(元)`` …). Every cell is checked before anything is
stored: one bad cell refuses the whole file with row, column and value in zh and en
(:class:`OrderFileError`); nothing half-written. Orders are keyed by their 1688 order
number, so importing a newer export updates the same rows (never duplicates), and a
time the newer file leaves empty never erases one already known.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from daifa.accounts.models import Workspace
from daifa.buying import clock
from daifa.catalog.models import Offer, Supplier
from daifa.sources.spreadsheet.errors import SpreadsheetError
from daifa.sources.spreadsheet.limits import MAX_ROWS, check_file_size
from daifa.sources.spreadsheet.report import CellProblem
from daifa.sources.spreadsheet.safe import TRIGGERS
from daifa.sources.spreadsheet.sources import decode
from daifa.sourcing.models import PurchaseOrder, Refund

# canonical field -> header names (compared after folding: no spaces, no brackets, lower case)
EXPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "order_id": ("订单编号", "订单号", "订单id", "orderid", "order id"),
    "seller_company": ("卖家公司名", "卖家公司名称", "卖家公司", "供应商名称", "sellercompany"),
    "seller_login": (
        "卖家会员名",
        "卖家会员id",
        "卖家旺旺",
        "卖家账号",
        "卖家登录名",
        "sellerloginid",
    ),
    "title": ("货品标题", "商品标题", "货品名称", "商品名称", "产品名称", "title"),
    "unit_price": ("单价", "单价元", "货品单价", "unitprice"),
    "quantity": ("数量", "购买数量", "货品数量", "quantity"),
    "goods_total": ("货品总价", "货品总价元", "商品总价", "货品金额"),
    "freight": ("运费", "运费元"),
    "discount": ("涨价或折扣", "涨价或折扣元", "优惠", "折扣"),
    "paid_total": ("实付款", "实付款元", "实付金额", "实付金额元", "订单金额"),
    "status": ("订单状态", "交易状态"),
    "created": ("订单创建时间", "创建时间", "下单时间"),
    "paid": ("订单付款时间", "付款时间", "支付时间"),
    "shipped": ("发货时间", "卖家发货时间"),
    "received": ("确认收货时间", "收货时间", "交易成功时间"),
    "carrier": ("物流公司", "快递公司", "物流公司名称"),
    "tracking": ("运单号", "物流单号", "快递单号", "运单号码"),
    "offer_id": ("offerid", "offer_id", "商品id", "货品id", "offer编号"),
    "sku": ("货号", "单品货号", "sku", "skuid"),
    "spec": ("规格", "型号", "sku属性", "规格型号"),
    "address": ("收货地址", "收货人地址"),
    "buyer_note": ("买家留言", "买家备注"),
    "close_reason": ("关闭原因", "交易关闭原因", "取消原因"),
}
REFUND_HEADERS: dict[str, tuple[str, ...]] = {
    "refund_id": ("退款编号", "退款单号", "退款id", "售后单号", "refundid"),
    "order_id": ("订单编号", "订单号", "orderid"),
    "status": ("退款状态", "售后状态"),
    "reason": ("退款原因", "售后原因"),
    "title": ("货品标题", "商品名称"),
    "apply": ("申请退款金额", "申请退款金额元", "申请金额", "退款金额", "退款金额元"),
    "refunded": ("实际退款金额", "实际退款金额元", "实退金额", "已退款金额"),
    "applied": ("申请时间", "退款申请时间", "申请退款时间"),
    "completed": ("完成时间", "退款完成时间", "退款成功时间"),
}
SHEET_HEADERS: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "订单号", "订单编号"),
    "supplier_id": ("supplier_id", "供应商id", "店铺id", "卖家会员名"),
    "offer_id": ("offer_id", "商品id", "offerid"),
    "title": ("title", "商品名称", "货品标题"),
    "sku": ("sku", "规格", "货号"),
    "quantity": ("quantity", "数量"),
    "unit_price": ("unit_price_cny", "unit_price", "单价", "单价元"),
    "freight": ("shipping_fee_cny", "freight", "运费"),
    "paid_total": ("total_cny", "实付款", "实付款元"),
    "created": ("ordered_at", "created_at", "下单时间"),
    "paid": ("paid_at", "付款时间"),
    "pickup_hours": ("promised_pickup_hours", "pickup_hours", "约定揽收小时", "揽收时限小时"),
    "picked_up": ("picked_up_at", "揽收时间"),
    "shipped": ("shipped_at", "发货时间"),
    "delivered": ("delivered_at", "妥投时间", "送达时间"),
    "received": ("received_at", "收货时间"),
    "cancelled": ("cancelled_at", "取消时间"),
    "cancel_reason": ("cancel_reason", "取消原因"),
    "returned": ("returned_at", "退货时间"),
    "disputed": ("disputed", "纠纷", "是否纠纷"),
    "after_sales_days": ("after_sales_days", "售后天数"),
    "carrier": ("carrier", "物流公司"),
    "tracking": ("tracking_no", "运单号"),
    "status": ("status", "订单状态"),
}
KINDS = {
    "export": (EXPORT_HEADERS, ("order_id",), ("seller_company", "seller_login")),
    "refunds": (REFUND_HEADERS, ("refund_id",), ()),
    "sheet": (SHEET_HEADERS, ("order_id", "supplier_id"), ()),
}
TIME_FIELDS = ("created", "paid", "picked_up", "shipped", "delivered", "received", "cancelled",
               "returned", "applied", "completed")  # fmt: skip
MONEY_FIELDS = ("unit_price", "goods_total", "freight", "discount", "paid_total", "apply",
                "refunded")  # fmt: skip
NO_STOCK = re.compile(r"缺货|无货|没货|库存不足|断货|out of stock|no stock|no_stock", re.I)
CANCEL_WORDS = {
    "no_stock": "no_stock", "缺货": "no_stock", "无货": "no_stock", "supplier": "supplier",
    "卖家取消": "supplier", "buyer": "buyer", "买家取消": "buyer", "price": "price",
    "unpaid": "unpaid", "未付款": "unpaid", "other": "other", "其他": "other",
}  # fmt: skip
HEADER_SEARCH_ROWS = 10
EARLIER_ZH = {"created": "创建", "paid": "付款", "shipped": "发货"}


def fold(header: str) -> str:
    return re.sub(r"[\s()（）\[\]【】:：_\-]", "", str(header or "")).lower()


@dataclass
class OrderFileError(Exception):
    """The file was refused whole; ``problems`` name row, column and value."""

    problems: list[CellProblem] = field(default_factory=list)
    en: str = ""
    zh: str = ""

    def lines(self, lang: str = "zh") -> list[str]:
        head = [self.zh if lang == "zh" else self.en] if self.en else []
        return head + [p.text(lang) for p in self.problems[:200]]


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unmatched: int = 0

    @property
    def kind_label(self) -> str:
        return {
            "export": _("1688 order export"),
            "refunds": _("1688 refund list"),
            "sheet": _("orders sheet"),
        }[self.kind]


@dataclass
class Cell:
    raw: Any
    column: str
    row: int


# -- reading --------------------------------------------------------------------------


def _rows_of(path: Path, name: str) -> tuple[str, list[list[Any]]]:
    try:
        check_file_size(name, path.stat().st_size)
    except SpreadsheetError as exc:
        raise OrderFileError(en=exc.message_en, zh=exc.message_zh) from exc
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zip, XML, or not a workbook at all
            raise OrderFileError(
                en=f"cannot open {name} as an Excel workbook; save it again as .xlsx",
                zh=f"无法以 Excel 工作簿打开 {name}；请重新另存为 .xlsx",
            ) from exc
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                break
        title = sheet.title
        book.close()
        return title, rows
    if suffix in (".csv", ".txt", ".tsv"):
        try:
            data, _encoding = decode(path.read_bytes())
        except SpreadsheetError as exc:
            raise OrderFileError(en=exc.message_en, zh=exc.message_zh) from exc
        text = data.decode("utf-8")
        dialect = "excel-tab" if suffix == ".tsv" or text.count("\t") > text.count(",") else "excel"
        return name, [list(r) for r in csv.reader(io.StringIO(text), dialect=dialect)]
    raise OrderFileError(
        en=f"{name}: unsupported file type {suffix!r}; use .xlsx or .csv",
        zh=f"{name}：不支持的文件类型 {suffix!r}，请使用 .xlsx 或 .csv",
    )


def _header(rows: list[list[Any]]) -> tuple[int, str, dict[str, int]]:
    """(index of the header row, file kind, canonical field -> column index)."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        folded = [fold(c) for c in row]
        for kind in ("refunds", "export", "sheet"):
            aliases, required, any_of = KINDS[kind]
            columns: dict[str, int] = {}
            for name, names in aliases.items():
                wanted = {fold(n) for n in names}
                for i, cell in enumerate(folded):
                    if cell and cell in wanted and name not in columns:
                        columns[name] = i
            if all(r in columns for r in required) and (
                not any_of or any(a in columns for a in any_of)
            ):
                return index, kind, columns
    raise OrderFileError(
        en="no header row of a 1688 order export (订单编号, 卖家公司名 …), a refund list "
        "(退款编号 …) or an orders sheet (order_id, supplier_id …) in the first 10 rows",
        zh="前 10 行中没有找到 1688 订单导出（订单编号、卖家公司名……）、退款列表（退款编号……）"
        "或订单表（order_id、supplier_id……）的表头",
    )


# -- cell values ----------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    # An export written by a careful tool guards formula starts with an apostrophe.
    if text.startswith("'") and text[1:2] in TRIGGERS:
        text = text[1:]
    return text


def _problem(code: str, sheet: str, cell: Cell, fieldname: str) -> CellProblem:
    return CellProblem.of(
        code, sheet=sheet, row=cell.row, column=cell.column, field=fieldname, value=_text(cell.raw)
    )


def _custom(sheet: str, cell: Cell, fieldname: str, en: str, zh: str) -> CellProblem:
    return CellProblem(sheet, cell.row, cell.column, fieldname, _text(cell.raw), en, zh, "order")


def _time(value: Any, zone: tzinfo) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = _text(value).replace("年", "-").replace("月", "-").replace("日", " ")
        text = text.replace("/", "-").strip()
        for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        else:
            raise ValueError(value)
    if not 1990 <= moment.year <= 2099:
        raise ValueError(value)
    return timezone.make_aware(moment, zone) if timezone.is_naive(moment) else moment


def _money(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        text = _text(value).replace(",", "").replace("，", "").lstrip("¥￥").rstrip("元").strip()
        if text in ("", "-", "—"):
            return None
        number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation(value)
    return number.quantize(Decimal("0.01"))


def _count(value: Any) -> int | None:
    if value in (None, ""):
        return None
    number = Decimal(_text(value).replace(",", "")) if not isinstance(value, int) else value
    if number != int(number) or number < 0:
        raise ValueError(value)
    return int(number)


def _order_id(value: Any) -> str:
    """A 1688 order number as text; a float means Excel already rounded it away."""
    if isinstance(value, float):
        if value != int(value) or abs(value) >= 2**53:
            raise OverflowError(value)
        return str(int(value))
    text = _text(value)
    if re.fullmatch(r"\d+(\.\d+)?[eE]\+\d+", text):
        raise OverflowError(value)
    return text


def _bool(value: Any) -> bool:
    text = _text(value).lower()
    if text in ("", "0", "否", "无", "no", "n", "false", "✗"):
        return False
    if text in ("1", "是", "有", "yes", "y", "true", "✓"):
        return True
    raise ValueError(value)


# -- parsing rows ---------------------------------------------------------------------


Parsed = tuple[list[dict[str, Any]], list[CellProblem]]


def _parse(sheet: str, kind: str, headers: list[Any], body: list[tuple[int, list[Any]]],
           columns: dict[str, int], zone: tzinfo) -> Parsed:  # fmt: skip
    records: list[dict[str, Any]] = []
    problems: list[CellProblem] = []
    for row_number, row in body:
        if not any(_text(c) for c in row):
            continue
        record: dict[str, Any] = {"_row": row_number}
        for name, index in columns.items():
            raw = row[index] if index < len(row) else None
            cell = Cell(raw, _text(headers[index]), row_number)
            try:
                if name in TIME_FIELDS:
                    record[name] = _time(raw, zone)
                elif name in MONEY_FIELDS:
                    record[name] = _money(raw)
                    if record[name] is not None and record[name] < 0 and name != "discount":
                        problems.append(_problem("negative", sheet, cell, name))
                elif name in ("quantity",):
                    record[name] = _count(raw)
                elif name in ("pickup_hours", "after_sales_days"):
                    record[name] = float(m) if (m := _money(raw)) is not None else None
                    if record[name] is not None and record[name] < 0:
                        problems.append(_problem("negative", sheet, cell, name))
                elif name == "disputed":
                    record[name] = _bool(raw)
                elif name in ("order_id", "refund_id"):
                    record[name] = _order_id(raw)
                else:
                    record[name] = _text(raw)
            except OverflowError:
                problems.append(_problem("id_rounded", sheet, cell, name))
            except (ValueError, InvalidOperation, ArithmeticError, TypeError):
                code = {
                    **dict.fromkeys(TIME_FIELDS, "datetime"),
                    **dict.fromkeys(MONEY_FIELDS, "money"),
                    "quantity": "not_whole",
                    "disputed": "bool",
                }.get(name, "number")
                problems.append(_problem(code, sheet, cell, name))
        key = "refund_id" if kind == "refunds" else "order_id"
        for name in ("order_id", "refund_id"):
            if len(record.get(name) or "") > MAX_ORDER_ID:
                index = columns[name]
                problems.append(
                    _custom(
                        sheet,
                        Cell(record[name], _text(headers[index]), row_number),
                        name,
                        f"too long for an order number (at most {MAX_ORDER_ID} characters)",
                        f"作为订单号太长（最多 {MAX_ORDER_ID} 个字符）",
                    )
                )
        if not record.get(key) and not any(p.row == row_number for p in problems):
            index = columns[key]
            problems.append(
                _custom(
                    sheet,
                    Cell(None, _text(headers[index]), row_number),
                    key,
                    "empty; every row needs its order (or refund) number",
                    "为空；每行都必须有订单（或退款）编号",
                )
            )
        if kind == "sheet":
            reason = record.get("cancel_reason")
            if reason:
                mapped = CANCEL_WORDS.get(reason.strip().lower()) or (
                    "no_stock" if NO_STOCK.search(reason) else None
                )
                if mapped is None:
                    index = columns["cancel_reason"]
                    problems.append(
                        _custom(
                            sheet,
                            Cell(reason, _text(headers[index]), row_number),
                            "cancel_reason",
                            "not a cancel reason; write no_stock, supplier, buyer, price, "
                            "unpaid or other (缺货、卖家取消、买家取消……)",
                            "不是取消原因；请写 缺货、卖家取消、买家取消、未付款、其他 "
                            "或 no_stock、supplier、buyer、price、unpaid、other",
                        )
                    )
                record["cancel_reason"] = mapped or ""
        records.append(record)
    return records, problems


def _check_order(
    sheet: str,
    headers: list[Any],
    columns: dict[str, int],
    records: list[dict[str, Any]],
    problems: list[CellProblem],
) -> None:
    """Times in order: paid not before created, etc. (a swapped column shows up here)."""
    pairs = (("paid", "created"), ("shipped", "paid"), ("received", "shipped"),
             ("picked_up", "paid"), ("delivered", "shipped"))  # fmt: skip
    for record in records:
        for later, earlier in pairs:
            a, b = record.get(later), record.get(earlier)
            if a is not None and b is not None and a < b:
                index = columns[later]
                problems.append(
                    _custom(
                        sheet,
                        Cell(a.strftime("%Y-%m-%d %H:%M"), _text(headers[index]), record["_row"]),
                        later,
                        f"earlier than the {earlier} time {b:%Y-%m-%d %H:%M}",
                        f"早于{EARLIER_ZH[earlier]}时间 {b:%Y-%m-%d %H:%M}",
                    )
                )


# -- storing --------------------------------------------------------------------------


def _merge_lines(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """One order per 订单编号: order-level cells (货品总价, 实付款, times) from the first
    row that has them, line quantities added up."""
    orders: dict[str, dict[str, Any]] = {}
    for record in records:
        order = orders.get(record["order_id"])
        if order is None:
            orders[record["order_id"]] = {**record, "_lines": 1}
            continue
        order["_lines"] += 1
        for name, value in record.items():
            if order.get(name) in (None, "") and value not in (None, ""):
                order[name] = value
        if record.get("quantity") is not None:
            order["quantity"] = (order.get("quantity") or 0) + record["quantity"]
            order["unit_price"] = None  # several lines: no single unit price
    return orders


class _Matcher:
    """Suppliers by 1688 member name (their id) or company name; offers by id or title."""

    def __init__(self, workspace: Workspace) -> None:
        suppliers = list(Supplier.objects.filter(workspace=workspace))
        self.by_id = {s.external_id: s for s in suppliers}
        self.by_name = {s.name: s for s in suppliers if s.name}
        self.offers = list(Offer.objects.filter(workspace=workspace).select_related("supplier"))

    def supplier(self, login: str, company: str) -> Supplier | None:
        return self.by_id.get(login) or self.by_name.get(company) or self.by_id.get(company)

    def offer(self, supplier: Supplier | None, offer_id: str, title: str) -> Offer | None:
        for offer in self.offers:
            if supplier is not None and offer.supplier_id != supplier.pk:
                continue
            if offer_id and offer.external_id == offer_id:
                return offer
        if title:
            for offer in self.offers:
                if (supplier is None or offer.supplier_id == supplier.pk) and offer.title == title:
                    return offer
        return None


# (record field, model field) copied when the file has a value (a blank never erases).
ORDER_COPY = (
    ("title", "title"), ("quantity", "quantity"), ("unit_price", "unit_price_cny"),
    ("goods_total", "goods_cny"), ("freight", "shipping_fee_cny"), ("discount", "discount_cny"),
    ("paid_total", "total_cny"), ("status", "status"), ("created", "created_at"),
    ("paid", "paid_at"), ("picked_up", "picked_up_at"), ("shipped", "shipped_at"),
    ("delivered", "delivered_at"), ("received", "received_at"), ("cancelled", "cancelled_at"),
    ("returned", "returned_at"), ("carrier", "carrier"), ("tracking", "tracking_no"),
    ("address", "ship_to"), ("buyer_note", "remark"), ("after_sales_days", "after_sales_days"),
)  # fmt: skip
# CharField lengths of PurchaseOrder (PostgreSQL enforces them; supplier text can be long).
CHAR_LIMITS = {"title": 500, "status": 40, "carrier": 100, "tracking_no": 100}
MAX_ORDER_ID = 40
CLOSED = re.compile(r"交易关闭|已关闭|已取消|cancel", re.I)


def _store_orders(
    workspace: Workspace, kind: str, orders: dict[str, dict[str, Any]], now: datetime
) -> ImportResult:
    result = ImportResult(kind)
    matcher = _Matcher(workspace)
    existing = {
        o.order_id: o
        for o in PurchaseOrder.objects.filter(workspace=workspace, order_id__in=list(orders))
    }
    for order_id, record in orders.items():
        login = record.get("seller_login") or record.get("supplier_id") or ""
        supplier = matcher.supplier(login, record.get("seller_company") or "")
        order = existing.get(order_id)
        created = order is None
        if order is None:
            order = PurchaseOrder(
                workspace=workspace,
                order_id=order_id,
                source=PurchaseOrder.Source.EXPORT
                if kind == "export"
                else PurchaseOrder.Source.SHEET,
                synced_at=now,
            )
        if supplier is not None:
            order.supplier = supplier
        elif order.supplier_id is None:
            result.unmatched += 1
        seller = order.seller_login_id or login or record.get("seller_company", "")
        order.seller_login_id = seller[:100]
        offer = matcher.offer(
            order.supplier, record.get("offer_id") or "", record.get("title") or ""
        )
        if offer is not None:
            order.offer = offer
        sku = " ".join(x for x in (record.get("sku"), record.get("spec")) if x)
        if sku:
            order.sku = sku[:200]
        for source, target in ORDER_COPY:
            value = record.get(source)
            if value not in (None, ""):
                limit = CHAR_LIMITS.get(target)
                setattr(order, target, value[:limit] if limit else value)
        if record.get("disputed") is not None and "disputed" in record:
            order.disputed = record["disputed"]
        if kind == "sheet" and record.get("cancel_reason"):
            order.cancel_reason = record["cancel_reason"]
        if kind == "export" and CLOSED.search(record.get("status") or "") and not order.paid_at:
            # A closed unpaid order was cancelled; the export gives no time, so the
            # first import that sees it closed dates it.
            order.cancelled_at = order.cancelled_at or now
            reason = record.get("close_reason") or ""
            order.cancel_reason = order.cancel_reason or (
                "no_stock" if NO_STOCK.search(reason) else "other"
            )
        if record.get("pickup_hours") is not None and order.paid_at is not None:
            order.pickup_due_at = order.paid_at + timedelta(hours=record["pickup_hours"])
        elif order.pickup_due_at is None and order.paid_at is not None and order.agreement:
            order.pickup_due_at = order.paid_at + timedelta(
                hours=int(order.agreement.terms["pickup_hours"])
            )
        if created and order.created_at is None:
            order.created_at = order.paid_at or now
        order.synced_at = now
        order.save()
        result.created += created
        result.updated += not created
    return result


def _store_refunds(
    workspace: Workspace, records: list[dict[str, Any]], now: datetime
) -> ImportResult:
    result = ImportResult("refunds")
    orders = {
        o.order_id: o
        for o in PurchaseOrder.objects.filter(
            workspace=workspace, order_id__in=[r.get("order_id") for r in records]
        )
    }
    for record in records:
        fields = {
            "order_id": record.get("order_id") or "",
            "purchase_order": orders.get(record.get("order_id") or ""),
            "status": (record.get("status") or "")[:40],
            "reason": (record.get("reason") or "")[:255],
            "product_name": (record.get("title") or "")[:500],
            "apply_cny": record.get("apply"),
            "refunded_cny": record.get("refunded"),
            "applied_at": record.get("applied"),
            "completed_at": record.get("completed"),
            "synced_at": now,
        }
        current = Refund.objects.filter(workspace=workspace, refund_id=record["refund_id"]).first()
        if current is None:
            Refund.objects.create(workspace=workspace, refund_id=record["refund_id"], **fields)
            result.created += 1
        else:
            for name, value in fields.items():
                if value not in (None, ""):
                    setattr(current, name, value)
            current.save()
            result.updated += 1
        if fields["purchase_order"] is None:
            result.unmatched += 1
    return result


def orders_import_path(
    *, workspace: Workspace, path: Path, name: str | None = None, now: datetime | None = None
) -> ImportResult:
    """Import one order file; refuses it whole (OrderFileError) when any cell is unreadable."""
    name = name or path.name
    sheet, rows = _rows_of(path, name)
    if len(rows) > MAX_ROWS:
        raise OrderFileError(
            en=f"{name} has more than {MAX_ROWS:,} rows", zh=f"{name} 超过 {MAX_ROWS:,} 行"
        )
    index, kind, columns = _header(rows)
    headers = rows[index]
    body = [(index + 2 + i, row) for i, row in enumerate(rows[index + 1 :])]
    records, problems = _parse(sheet, kind, headers, body, columns, workspace.zone)
    if kind != "refunds":
        _check_order(sheet, headers, columns, records, problems)
    if problems:
        problems.sort(key=lambda p: (p.row, p.column))
        raise OrderFileError(
            problems,
            en=f"{name}: {len(problems)} cell(s) cannot be read; nothing was imported",
            zh=f"{name}：有 {len(problems)} 个单元格无法读取；整个文件未导入",
        )
    at = now or clock.now()
    with transaction.atomic():
        if kind == "refunds":
            return _store_refunds(workspace, records, at)
        return _store_orders(workspace, kind, _merge_lines(records), at)


def orders_import(
    *, workspace: Workspace, upload: UploadedFile[bytes], now: datetime | None = None
) -> ImportResult:
    """Import an uploaded order file (Django UploadedFile)."""
    suffix = Path(upload.name or "").suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory(prefix="daifa-orders-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return orders_import_path(workspace=workspace, path=path, name=upload.name, now=now)
