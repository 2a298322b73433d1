"""What a read found: unreadable cells, unknown columns and notes, in zh and en."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .limits import MAX_REPORTED_PROBLEMS

# code: (English, 简体中文). Each says what was expected, so the seller can fix the cell.
REASONS: dict[str, tuple[str, str]] = {
    "percent": ("not a percentage; write 41%, 41 or 0.41", "不是百分比，请写成 41%、41 或 0.41"),
    "pct_over_100": ("a percentage above 100", "百分比超过 100"),
    "negative": ("a negative number where only zero or more makes sense", "这里不能是负数"),
    "duration": (
        "not a duration; write 15, 15分钟, 0.5小时, 1h or 2天",
        "不是时长，请写成 15、15分钟、0.5小时、1h 或 2天",
    ),
    "years": (
        "not a number of years; write 5, 5年, 3年以上 or 3+",
        "不是年限，请写成 5、5年、3年以上 或 3+",
    ),
    "count": (
        "not a count; write 1234, 1,234, 1.2万 or 500+",
        "不是数量，请写成 1234、1,234、1.2万 或 500+",
    ),
    "not_whole": ("not a whole number", "应为整数"),
    "money": (
        "not an amount in yuan; write 12.5, ¥12.50 or 12.5元",
        "不是人民币金额，请写成 12.5、¥12.50 或 12.5元",
    ),
    "price": (
        "not a price; write 19.99, $19.99 or 129元",
        "不是价格，请写成 19.99、$19.99 或 129元",
    ),
    "link": (
        "not a web address; only http:// or https:// links are kept",
        "不是网址，只接受 http:// 或 https:// 开头的链接",
    ),
    "currency": (
        "not a currency; write a code such as USD, EUR or CNY",
        "不是币种，请写 USD、EUR、CNY 等代码",
    ),
    "weight": ("not a weight; write 250, 250g or 0.25kg", "不是重量，请写成 250、250g 或 0.25kg"),
    "length": ("not a length; write 20, 20cm or 200mm", "不是长度，请写成 20、20cm 或 200mm"),
    "number": ("not a number", "不是数字"),
    "out_of_range": ("outside the allowed range", "超出允许范围"),
    "bool": (
        "not yes/no; write 是/否, 有/无, yes/no, Y/N, ✓/✗ or 1/0",
        "不是“是/否”，请写 是/否、有/无、yes/no、Y/N、✓/✗ 或 1/0",
    ),
    "list": ("not a list; separate items with ; , 、 or /", "不是列表，请用 ；，、 或 / 分隔"),
    "tiers": (
        "not price tiers; write 1-49:12.5;50-199:11.8;200+:10.9",
        "不是阶梯价，请写成 1-49:12.5;50-199:11.8;200+:10.9",
    ),
    "tiers_order": (
        "price tiers must ascend without overlapping",
        "阶梯价的数量区间必须从小到大且不重叠",
    ),
    "range_order": ("the range starts after it ends", "区间的起点大于终点"),
    "datetime": (
        "not a date/time; write 2024-05-01 10:30, 2024/5/1 or 2024年5月1日",
        "不是日期时间，请写成 2024-05-01 10:30、2024/5/1 或 2024年5月1日",
    ),
    "date": (
        "not a date; write 2024-05-01, 2024/5/1 or 2024年5月1日",
        "不是日期，请写成 2024-05-01、2024/5/1 或 2024年5月1日",
    ),
    "period_days": (
        "not a whole number of days from 1 to 3660",
        "天数应为 1 到 3660 之间的整数",
    ),
    "too_large": (
        "a number too large to be a count (at most 9,007,199,254,740,992)",
        "数字太大，不可能是数量（最多 9,007,199,254,740,992）",
    ),
    "date_range": (
        "a date before 1990 or after 2099; an Excel serial number such as 00000 is not a date",
        "日期早于 1990 年或晚于 2099 年；00000 这样的 Excel 序号不是日期",
    ),
    "too_long": (
        "the cell is too long (at most 10,000 characters)",
        "单元格内容太长（最多 10,000 个字符）",
    ),
    "id_too_long": ("the id is too long (at most 100 characters)", "编号太长（最多 100 个字符）"),
    "engine": ("a value the screening cannot use", "筛选无法使用这个值"),
    "id_rounded": (
        "the id was turned into a rounded number by Excel; format the column as text",
        "编号被 Excel 变成了科学计数法，已丢失数字；请把该列设为文本",
    ),
    "missing_id": ("supplier_id is empty; every row needs one", "供应商ID 为空，每行都必须填写"),
    "no_id_column": (
        "no supplier_id column was recognised (e.g. 供应商ID, 店铺ID, Supplier ID), "
        "and no shop link, shop name or offer link to make one from",
        "没有识别到供应商ID列（如 供应商ID、店铺ID、Supplier ID），"
        "也没有可用来生成ID的店铺链接、店铺名或商品链接",
    ),
    "no_id_source": (
        "no supplier id could be made for this row: its shop link, shop name and "
        "offer link are all empty",
        "这一行无法生成供应商ID：店铺链接、店铺名和商品链接都为空",
    ),
}


_KINDS_ZH = {"suppliers": "供应商", "sales": "销量", "reviews": "评价"}


@dataclass(frozen=True)
class CellProblem:
    """One cell that could not be read, named as the seller sees it in the file."""

    sheet: str  # sheet name, or file name for CSV
    row: int  # the row number the seller sees in Excel / the CSV
    column: str  # the header as written in the file ("" when the column is missing)
    field: str  # the canonical column name ("transit_days" for a 7-12天 range cell)
    value: str  # the raw text of the cell
    reason_en: str
    reason_zh: str
    code: str = ""

    @classmethod
    def of(
        cls, code: str, *, sheet: str, row: int, column: str, field: str, value: str | None
    ) -> CellProblem:
        en, zh = REASONS[code]
        return cls(sheet, row, column, field, value or "", en, zh, code)

    def text(self, lang: str = "zh") -> str:
        if lang == "zh":
            return (
                f"[{self.sheet}] 第 {self.row} 行，列「{self.column}」({self.field})："
                f"「{self.value}」— {self.reason_zh}"
            )
        return (
            f'[{self.sheet}] row {self.row}, column "{self.column}" ({self.field}): '
            f'"{self.value}" — {self.reason_en}'
        )


@dataclass(frozen=True)
class Note:
    """Something the seller should know about how a value was read."""

    en: str
    zh: str

    def text(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass
class ReadReport:
    source: str = ""
    problems: list[CellProblem] = field(default_factory=list)
    unknown_columns: list[tuple[str, str]] = field(default_factory=list)  # (sheet, header)
    notes: list[Note] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # table kind -> rows read

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def invalid_rows(self) -> list[tuple[str, int]]:
        """(sheet, row) of every row with at least one unreadable cell, in file order."""
        return sorted({(p.sheet, p.row) for p in self.problems})

    def to_text(self, lang: str = "zh", *, limit: int | None = None) -> str:
        """The report for people, problems in file order; ``limit`` caps the problem lines."""
        zh = lang == "zh"
        counts = (
            "，".join(f"{_KINDS_ZH.get(k, k)} {v} 行" for k, v in self.rows.items())
            if zh
            else ", ".join(f"{k}: {v} rows" for k, v in self.rows.items())
        )
        lines = [f"{self.source}：{counts}" if zh else f"{self.source}: {counts}"]
        if self.problems:
            lines.append(
                f"无法读取的单元格 {len(self.problems)} 个："
                if zh
                else f"{len(self.problems)} cells could not be read:"
            )
            ordered = sorted(self.problems, key=lambda p: (p.sheet, p.row, p.column))
            lines.extend("  " + p.text(lang) for p in ordered[:limit])
            hidden = len(ordered) - len(ordered[:limit])
            if hidden:
                lines.append(f"  …… 另有 {hidden} 个" if zh else f"  ... and {hidden} more")
        if self.unknown_columns:
            lines.append("未识别的列（已忽略）：" if zh else "Columns not recognised (ignored):")
            lines.extend(f"  [{sheet}] {header}" for sheet, header in self.unknown_columns)
        if self.notes:
            lines.append("说明：" if zh else "Notes:")
            lines.extend("  " + note.text(lang) for note in self.notes)
        if self.ok:
            lines.append("全部单元格读取成功。" if zh else "Every cell was read.")
        return "\n".join(lines)

    def to_dict(self, *, limit: int | None = MAX_REPORTED_PROBLEMS) -> dict[str, Any]:
        """The report as JSON values; past ``limit`` problems only the count is kept
        (200,000 bad cells made a 67 MB job row and a 39 MB page)."""
        ordered = sorted(self.problems, key=lambda p: (p.sheet, p.row, p.column))
        shown = ordered[:limit]
        return {
            "source": self.source,
            "ok": self.ok,
            "rows": dict(self.rows),
            "problems": [asdict(p) for p in shown],
            "problems_total": len(self.problems),
            "problems_hidden": len(self.problems) - len(shown),
            "unknown_columns": [{"sheet": s, "header": h} for s, h in self.unknown_columns],
            "notes": [asdict(n) for n in self.notes],
        }
