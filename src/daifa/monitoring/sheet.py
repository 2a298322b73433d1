"""An orders sheet (CSV or XLSX) read into order rows, all or nothing (pure; no Django).

A plain sheet for sellers without the 1688 order export: one row per order.
Headers may be English or Chinese. Every bad value is reported with its row,
field and value in both languages; nothing is stored when any row is bad.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

HEADERS: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "订单号", "订单编号", "order"),
    "supplier_id": ("supplier_id", "供应商id", "供应商", "supplier", "shop_id"),
    "offer_id": ("offer_id", "商品id", "offer"),
    "ordered_at": ("ordered_at", "下单时间", "付款时间", "paid_at"),
    "picked_up_at": ("picked_up_at", "揽收时间", "发货时间", "shipped_at"),
    "promised_pickup_hours": ("promised_pickup_hours", "承诺揽收小时", "约定揽收小时"),
    "status": ("status", "状态", "订单状态"),
    "returned": ("returned", "退货", "是否退货"),
    "disputed": ("disputed", "纠纷", "是否纠纷"),
    "after_sales_days": ("after_sales_days", "售后天数", "售后处理天数"),
}
REQUIRED = ("order_id", "supplier_id", "ordered_at")
STATUSES = {
    "delivered": "delivered", "已签收": "delivered", "交易成功": "delivered",
    "returned": "returned", "退货": "returned", "已退货": "returned",
    "cancelled_no_stock": "cancelled_no_stock", "缺货取消": "cancelled_no_stock",
    "no_stock": "cancelled_no_stock", "disputed": "disputed", "纠纷": "disputed",
    "": "",
}  # fmt: skip
TRUE = {"1", "true", "yes", "y", "是", "有"}
FALSE = {"0", "false", "no", "n", "否", "无", ""}
MAX_ROWS = 50_000

_LABELS_ZH = {
    "order_id": "订单号", "supplier_id": "供应商ID", "offer_id": "商品ID",
    "ordered_at": "下单时间", "picked_up_at": "揽收时间",
    "promised_pickup_hours": "承诺揽收小时", "status": "状态", "returned": "退货",
    "disputed": "纠纷", "after_sales_days": "售后天数",
}  # fmt: skip


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    value: str
    en: str
    zh: str

    def message(self, lang: str) -> str:
        if lang == "zh":
            label = _LABELS_ZH.get(self.field, self.field)
            return f"第 {self.row} 行，{label}：“{self.value}” — {self.zh}"
        return f"row {self.row}, {self.field}: {self.value!r} — {self.en}"


@dataclass
class Sheet:
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cells(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [
            ["" if v is None else (v.isoformat(sep=" ") if isinstance(v, datetime) else str(v))
             for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]  # fmt: skip
    text = data.decode("utf-8-sig", errors="strict")
    return list(csv.reader(io.StringIO(text)))


def _header(name: str) -> str | None:
    key = name.strip().lower().replace(" ", "_")
    for canonical, aliases in HEADERS.items():
        if key in aliases or name.strip() in aliases:
            return canonical
    return None


def _when(text: str) -> datetime:
    text = text.strip().replace("/", "-")
    return datetime.fromisoformat(text)


def read_orders(data: bytes, filename: str) -> Sheet:
    out = Sheet()
    try:
        cells = _cells(data, filename)
    except (UnicodeDecodeError, ValueError, OSError, KeyError) as exc:
        out.problems.append(
            Problem(
                0, "file", filename, f"not a readable CSV/XLSX ({exc})", "无法读取的 CSV/XLSX 文件"
            )
        )
        return out
    if not cells:
        out.problems.append(Problem(1, "file", filename, "the sheet is empty", "表格是空的"))
        return out
    columns = [_header(h) for h in cells[0]]
    missing = [r for r in REQUIRED if r not in columns]
    for name in missing:
        out.problems.append(
            Problem(1, name, "", "this column is required", f"缺少必填列 {_LABELS_ZH[name]}")
        )
    if missing:
        return out
    if len(cells) - 1 > MAX_ROWS:
        out.problems.append(
            Problem(
                MAX_ROWS + 2, "file", filename, f"more than {MAX_ROWS} rows", f"超过 {MAX_ROWS} 行"
            )
        )
        return out
    seen: set[str] = set()
    for number, raw in enumerate(cells[1:], start=2):
        if not any(v.strip() for v in raw):
            continue
        values = {c: raw[i].strip() for i, c in enumerate(columns) if c and i < len(raw)}
        row, problems = _row(number, values, seen)
        out.problems.extend(problems)
        if not problems:
            out.rows.append(row)
    return out


def _row(number: int, v: dict[str, str], seen: set[str]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    row: dict[str, Any] = {}

    def bad(name: str, en: str, zh: str) -> None:
        problems.append(Problem(number, name, v.get(name, ""), en, zh))

    for name in REQUIRED:
        if not v.get(name):
            bad(name, "a value is required", "必须填写")
    order_id = v.get("order_id", "")
    if order_id and order_id in seen:
        bad("order_id", "this order appears twice in the sheet", "订单号在表中重复")
    seen.add(order_id)
    row["order_id"], row["supplier_id"] = order_id[:40], v.get("supplier_id", "")[:100]
    row["offer_id"] = v.get("offer_id", "")[:100] or None
    for name in ("ordered_at", "picked_up_at"):
        if v.get(name):
            try:
                row[name] = _when(v[name])
            except ValueError:
                bad(
                    name,
                    "not a date and time (use 2026-05-01 14:30)",
                    "不是日期时间（如 2026-05-01 14:30）",
                )
        else:
            row[name] = None
    if (
        row.get("ordered_at")
        and row.get("picked_up_at")
        and row["picked_up_at"] < row["ordered_at"]
    ):
        bad("picked_up_at", "before the order time", "早于下单时间")
    for name in ("promised_pickup_hours", "after_sales_days"):
        text = v.get(name, "")
        try:
            value = float(text) if text else None
        except ValueError:
            value = -1.0
        if value is not None and not (0 <= value < 10_000):
            bad(name, "a number ≥ 0 is required", "必须是不小于 0 的数")
        row[name] = value
    status = STATUSES.get(v.get("status", "").lower(), STATUSES.get(v.get("status", "")))
    if status is None:
        bad("status", "allowed: delivered, returned, cancelled_no_stock, disputed",
            "可用：已签收、已退货、缺货取消、纠纷")  # fmt: skip
    row["status"] = status or None
    for name in ("returned", "disputed"):
        text = v.get(name, "").lower()
        if text not in TRUE | FALSE:
            bad(name, "use yes or no", "请填“是”或“否”")
        row[name] = text in TRUE
    return row, problems
