"""1688 buyer order exports and refund lists written as the platform writes them.

Seeded, so a test can regenerate the same file: an XLSX whose id and time columns are
text cells (as 1688's export writes them, so Excel keeps the 19-digit order numbers), and
the same table as a GB18030 CSV (what opening the export in older Excel and saving gives).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta
from pathlib import Path

import xlsxwriter

# fmt: off
EXPORT_COLUMNS = [
    "订单编号", "买家公司名", "买家会员名", "卖家公司名", "卖家会员名", "货品总价(元)", "运费(元)",
    "涨价或折扣(元)", "实付款(元)", "订单状态", "订单创建时间", "订单付款时间", "发货方",
    "收货人姓名", "收货地址", "邮编", "联系电话", "联系手机", "货品标题", "单价(元)", "数量",
    "单位", "货号", "型号", "Offer ID", "SKU ID", "物料编号", "单品货号", "货品种类", "买家留言",
    "物流公司", "运单号", "发货时间", "确认收货时间",
]
# fmt: on
REFUND_COLUMNS = [
    "退款编号",
    "订单编号",
    "卖家会员名",
    "货品标题",
    "退款状态",
    "退款原因",
    "申请退款金额(元)",
    "实际退款金额(元)",
    "申请时间",
    "退款完成时间",
]  # fmt: skip


def _t(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def export_rows(seed: int, base: datetime, *, stage: int = 1) -> list[dict[str, str]]:
    """Three orders of 深圳市声悦电子有限公司 (member shenzhen-audio), one of two lines.

    ``stage`` 1: one waiting to ship, one shipped, one unpaid. ``stage`` 2 (a later
    export): the first shipped, the second received, the third closed.
    """
    rng = random.Random(seed)
    ids = [str(3_100_000_000_000_000_000 + rng.randrange(10**15)) for _ in range(3)]
    created = [base + timedelta(hours=h) for h in (0, 2, 5)]
    paid = [created[0] + timedelta(minutes=10), created[1] + timedelta(minutes=5), None]
    rows = []

    def row(i, *, status, shipped=None, received=None, title, price, qty, offer, goods, paid_total,
            carrier="", tracking="", line2=False):  # fmt: skip
        return {
            "订单编号": ids[i], "买家公司名": "", "买家会员名": "alice_buyer",
            "卖家公司名": "深圳市声悦电子有限公司", "卖家会员名": "shenzhen-audio",
            "货品总价(元)": "" if line2 else f"{goods:.2f}", "运费(元)": "" if line2 else "10.00",
            "涨价或折扣(元)": "" if line2 else "0.00",
            "实付款(元)": "" if line2 else f"{paid_total:.2f}", "订单状态": status,
            "订单创建时间": _t(created[i]), "订单付款时间": _t(paid[i]), "发货方": "",
            "收货人姓名": "王小明", "收货地址": "广东省深圳市南山区科技园路1号",
            "邮编": "518000", "联系电话": "", "联系手机": "13800000000", "货品标题": title,
            "单价(元)": f"{price:.2f}",
            "数量": str(qty), "单位": "个", "货号": "", "型号": "", "Offer ID": offer, "SKU ID": "",
            "物料编号": "", "单品货号": "", "货品种类": "", "买家留言": "付款后24小时内揽收",
            "物流公司": carrier, "运单号": tracking, "发货时间": _t(shipped),
            "确认收货时间": _t(received),
        }  # fmt: skip

    shipped0 = created[0] + timedelta(hours=20)
    shipped1 = created[1] + timedelta(hours=30)
    received1 = created[1] + timedelta(days=4)
    if stage == 1:
        rows.append(row(0, status="等待卖家发货", title="蓝牙耳机 TWS-5", price=12.5, qty=60,
                        offer="610001", goods=750, paid_total=760))  # fmt: skip
        rows.append(row(1, status="等待买家确认收货", shipped=shipped1, title="蓝牙耳机 TWS-5",
                        price=11.8, qty=200, offer="610001", goods=2360 + 125, paid_total=2495,
                        carrier="中通快递", tracking="ZT7700112233"))  # fmt: skip
        rows.append(row(1, status="等待买家确认收货", shipped=shipped1, title="耳机收纳盒",
                        price=2.5, qty=50, offer="610009", goods=0, paid_total=0, line2=True,
                        carrier="中通快递", tracking="ZT7700112233"))  # fmt: skip
        rows.append(row(2, status="等待买家付款", title="蓝牙耳机 TWS-5", price=12.5, qty=50,
                        offer="610001", goods=625, paid_total=635))  # fmt: skip
    else:
        rows.append(row(0, status="等待买家确认收货", shipped=shipped0, title="蓝牙耳机 TWS-5",
                        price=12.5, qty=60, offer="610001", goods=750, paid_total=760,
                        carrier="圆通速递", tracking="YT5500998877"))  # fmt: skip
        rows.append(row(1, status="交易成功", shipped=shipped1, received=received1,
                        title="蓝牙耳机 TWS-5", price=11.8, qty=200, offer="610001",
                        goods=2360 + 125, paid_total=2495, carrier="中通快递",
                        tracking="ZT7700112233"))  # fmt: skip
        rows.append(row(1, status="交易成功", shipped=shipped1, received=received1,
                        title="耳机收纳盒", price=2.5, qty=50, offer="610009", goods=0,
                        paid_total=0, line2=True, carrier="中通快递",
                        tracking="ZT7700112233"))  # fmt: skip
        rows.append(row(2, status="交易关闭", title="蓝牙耳机 TWS-5", price=12.5, qty=50,
                        offer="610001", goods=625, paid_total=635))  # fmt: skip
    return rows


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def write_xlsx(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("订单列表")
    text = book.add_format({"num_format": "@"})
    for c, name in enumerate(columns):
        sheet.write_string(0, c, name)
    for r, values in enumerate(rows, start=1):
        for c, name in enumerate(columns):
            value = values.get(name, "")
            # 1688 writes numbers as numbers and ids/times as text (a test's broken
            # cell that is not a number stays text, as a hand edit in Excel would).
            number = _number(value) if name == "数量" or name.endswith("(元)") else None
            if number is not None:
                sheet.write_number(r, c, number)
            else:
                sheet.write_string(r, c, value, text)
    book.close()
    return path


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]], encoding="gb18030"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path
