"""The seed guide's exemplary supplier, typed as a seller copies it from 商家档案."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from daifa.cli import main
from daifa.sources.spreadsheet import read_tables

# 回头率 41 %, 纠纷率 0.3 (meaning 0.3 %), 响应 ≤15 分钟, 3 年以上; everything else good.
EXEMPLARY = {
    "供应商ID": "seed-1",
    "回头率": "41%",
    "纠纷率": "0.3",
    "响应时间": "≤15分钟",
    "经营年限": "3年以上",
    "一件代发": "是",
    "跨境专供": "是",
    "neutral_packaging": "是",
    "物流专线": "云途",
    "类目": "家居",
    "认证": "",
    "inventory_consistent": "是",
    "test_order_ship_hours": "24",
    "inventory_sheet": "是",
    "pickup_sla_hours": "24",
    "late_compensation_pct": "5%",
    "transit_days_min": "7",
    "transit_days_max": "12",
    "custom_moq": "100",
    "sample_days": "7",
    "sample_fee_deductible": "是",
    "custom_cost_pct": "10%",
    "单价": "10",
    "target_retail_price": "40",
    "retail_currency": "CNY",
    "quote_all_inclusive": "是",
    "sample_test_passed": "是",
    "own_factory": "是",
    "new_styles_per_month": "12",
    "quality_return_terms": "是",
    "wrong_item_response_hours": "24",
    "wrong_item_reship_hours": "48",
    "wrong_item_compensation_pct": "10%",
    "unsold_return_days": "30",
    "unsold_return_loss_pct": "5%",
    "english_communication": "是",
    "platform_rules_knowledge": "是",
    "answer_precision": "5",
    "old_customer_ratio_pct": "60%",
    "media_support": "是",
    "trend_recommendations": "是",
}


@pytest.fixture
def exemplary(tmp_path: Path) -> Path:
    path = tmp_path / "seed.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(EXEMPLARY)
        writer.writerow(EXEMPLARY.values())
    return path


def test_the_import_reads_0_3_under_纠纷率_as_0_3_percent_and_says_so(exemplary: Path) -> None:
    tables = read_tables(exemplary)
    row = tables.suppliers.row(0, named=True)
    assert row["dispute_rate_pct"] == 0.3
    assert row["repeat_rate_pct"] == 41.0
    assert row["response_minutes"] == 15.0
    assert row["years_in_business"] == 3.0
    assert tables.report is not None
    assert any("纠纷率" in n.zh and "按百分数读取" in n.zh for n in tables.report.notes)


def test_daifa_screen_grades_the_exemplary_supplier_a_and_approvable(
    exemplary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["screen", str(exemplary), "--format", "json", "--lang", "zh"]) == 0
    out, err = capsys.readouterr()
    (record,) = json.loads(out)
    criteria = {c["id"]: c for c in record["criteria"]}
    assert criteria["dispute_rate"]["status"] == "pass"
    assert record["grade"] == "A"
    assert record["approvable"] is True
    assert record["blocking"] == [] and record["to_verify"] == []
    # the reading of the bare 0.3 is printed, not silent
    assert "纠纷率" in err and "0.3 读作 0.3%" in err
