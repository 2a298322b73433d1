from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from daifa.cli import main
from daifa.engine import CATALOGUE_IDS

HEADER = [
    "供应商ID",
    "供应商",
    "一件代发",
    "回头率",
    "响应时间",
    "类目",
    "认证",
    "同款分组",
    "单价",
]
ROWS = [
    ["S1", "好店", "是", "41%", "5分钟", "家居", "", "杯子", "10"],
    ["S2", "差店", "否", "8%", "40", "3C数码", "CE", "杯子", "10"],
    ["S3", "三号", "是", "30", "10", "家居", "", "杯子", "10"],
    ["S4", "四号", "是", "30", "10", "家居", "", "杯子", "6"],
]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def suppliers(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "suppliers.csv", HEADER, ROWS)


def test_json_has_every_catalogue_id_for_every_supplier(suppliers: Path, capsys) -> None:
    assert main(["screen", str(suppliers), "--format", "json", "--lang", "en"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["supplier_id"] for r in records] == ["S1", "S2", "S3", "S4"]
    for record in records:
        assert [c["id"] for c in record["criteria"]] == list(CATALOGUE_IDS)
        for key in (
            "score",
            "coverage",
            "grade",
            "approvable",
            "blocking",
            "to_verify",
            "flags",
            "peer_group",
            "peer_rank",
            "closeness",
            "robustness",
        ):
            assert key in record
    s2 = records[1]
    assert s2["blocking"] == ["dropship_supported", "certifications"] and s2["approvable"] is False
    assert records[3]["flags"] == ["price_vs_peers"]
    repeat = next(c for c in records[0]["criteria"] if c["id"] == "repeat_rate")
    assert repeat["value"] == 41.0 and repeat["evidence"]["source"].startswith("suppliers.csv")
    assert repeat["message"] == "Repeat rate 41%, meets 25%"


def test_the_table_speaks_the_chosen_language(suppliers: Path, capsys) -> None:
    assert main(["screen", str(suppliers)]) == 0
    zh = capsys.readouterr().out
    assert "供应商" in zh and "避免合作" in zh and "一件代发" in zh
    assert main(["screen", str(suppliers), "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert "Supplier" in en and "avoid" in en


def test_csv_output_has_summary_and_per_criterion_columns(suppliers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert main(["screen", str(suppliers), "--format", "csv", "--out", str(out)]) == 0
    frame = pl.read_csv(out)
    assert frame.height == 4
    assert {"score", "grade", "decision", "action", "blocking"} <= set(frame.columns)
    for cid in CATALOGUE_IDS:
        assert f"{cid}__status" in frame.columns and f"{cid}__points" in frame.columns
    assert frame["action"].to_list()[1] == "避免合作"


def test_html_is_a_self_contained_report(suppliers: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert (
        main(["screen", str(suppliers), "--format", "html", "--out", str(out), "--lang", "en"]) == 0
    )
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<style>" in html
    assert "<script" not in html and "http" not in html.split("</style>")[0]
    assert html.count("<section") == 4 and "Place a 1–2 piece test order" in html


def test_sales_and_reviews_files_feed_the_flags(suppliers: Path, tmp_path: Path, capsys) -> None:
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(120)]
    units = [10] * 90 + [60] * 30
    sales = _write_csv(
        tmp_path / "sales.csv",
        ["supplier_id", "period_start", "period_days", "units"],
        [["S1", d.isoformat(), "1", str(u)] for d, u in zip(days, units, strict=True)],
    )
    reviews = _write_csv(
        tmp_path / "reviews.csv",
        ["supplier_id", "text"],
        [["S3", t] for t in ["物流快,质量好!五星好评"] * 6 + ["很好,下次还来"] * 6],
    )
    code = main(
        [
            "screen",
            str(suppliers),
            "--sales",
            str(sales),
            "--reviews",
            str(reviews),
            "--format",
            "json",
        ]
    )
    assert code == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["flags"] == ["sales_spike"] and records[2]["flags"] == ["template_reviews"]
    assert records[1]["flags"] == []


def test_a_profile_changes_the_verdict(suppliers: Path, tmp_path: Path, capsys) -> None:
    profile = tmp_path / "strict.toml"
    profile.write_text("[criteria.repeat_rate]\nthreshold = 50\nzero_at = 40\n", encoding="utf-8")
    assert main(["screen", str(suppliers), "--format", "json", "--profile", str(profile)]) == 0
    records = json.loads(capsys.readouterr().out)
    repeat = next(c for c in records[0]["criteria"] if c["id"] == "repeat_rate")
    assert repeat["status"] == "warn" and repeat["threshold"] == 50.0


def test_a_bad_profile_is_a_usage_error_naming_the_key(
    suppliers: Path, tmp_path: Path, capsys
) -> None:
    profile = tmp_path / "bad.toml"
    profile.write_text('[criteria.repeat_rate]\nkind = "maybe"\n', encoding="utf-8")
    assert main(["screen", str(suppliers), "--profile", str(profile), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "criteria.repeat_rate.kind" in err and "gate, score, kpi" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["screen", "/nonexistent/suppliers.csv"],
        ["screen", "{suppliers}", "--format", "pdf"],
        ["screen", "{suppliers}", "--lang", "fr"],
        ["screen", "{suppliers}", "--sales", "/nonexistent/sales.csv"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], suppliers: Path) -> None:
    argv = [a.replace("{suppliers}", str(suppliers)) for a in argv]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse refuses bad choices itself
        code = int(exc.code or 0)
    assert code == 2


def test_unreadable_cells_are_reported_in_the_language_and_exit_1(tmp_path: Path, capsys) -> None:
    bad = _write_csv(tmp_path / "bad.csv", ["供应商ID", "回头率"], [["S1", "很多"]])
    assert main(["screen", str(bad), "--lang", "zh"]) == 1
    err = capsys.readouterr().err
    assert "很多" in err and "回头率" in err


def test_values_the_engine_refuses_exit_1_with_row_and_field(tmp_path: Path, capsys) -> None:
    bad = _write_csv(
        tmp_path / "bad.csv", ["supplier_id", "answer_precision"], [["S1", "4"], ["S2", "9"]]
    )
    assert main(["screen", str(bad), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "answer_precision" in err and "9" in err and "row" in err


def test_one_workbook_with_three_sheets_gives_all_three_tables(tmp_path: Path, capsys) -> None:
    from daifa.sources.spreadsheet import Tables, write_tables

    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(120)]
    tables = Tables(
        suppliers=pl.DataFrame({"supplier_id": ["S1", "S2"], "repeat_rate_pct": [41.0, 30.0]}),
        sales=pl.DataFrame(
            {
                "supplier_id": ["S1"] * 120,
                "period_start": days,
                "period_days": [1] * 120,
                "units": [10.0] * 90 + [60.0] * 30,
            }
        ),
        reviews=pl.DataFrame({"supplier_id": ["S2"] * 12, "text": ["物流快,质量好!五星好评"] * 12}),
    )
    book = tmp_path / "shop.xlsx"
    write_tables(tables, book)
    assert main(["screen", str(book), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["flags"] for r in records] == [["sales_spike"], ["template_reviews"]]


def test_a_product_group_without_any_price_column_screens(tmp_path: Path, capsys) -> None:
    """Issue 13.6: no ShapeError when the file groups suppliers but has no price."""
    path = tmp_path / "groups.csv"
    path.write_text(
        "supplier_id,product_group,repeat_rate_pct\nS1,g,30\nS2,g,40\nS3,g,20\n",
        encoding="utf-8",
    )
    assert main(["screen", str(path), "--format", "json", "--lang", "en"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    peers = [c for c in rows[0]["criteria"] if c["id"] == "price_vs_peers"]
    assert peers[0]["status"] == "unknown"


def test_bad_price_cells_are_cell_notices_and_the_file_still_screens(
    tmp_path: Path, capsys
) -> None:
    """Issue 13.6: "面议", a 1688 range and a blank price are read per cell; the
    notice names the row and column; the others are still compared."""
    path = _write_csv(
        tmp_path / "prices.csv",
        ["供应商ID", "同款分组", "单价", "起订量"],
        [
            ["A", "杯子", "10", "2"],
            ["B", "杯子", "面议", "2"],
            ["C", "杯子", "8.5-12", "2"],
            ["D", "杯子", "", "2"],
            ["E", "杯子", "9", "2"],
        ],
    )
    assert main(["screen", str(path), "--format", "json", "--lang", "zh"]) == 0
    captured = capsys.readouterr()
    assert "列「单价」第 3 行" in captured.err and "面议" in captured.err
    assert "列「单价」第 4 行" in captured.err and "「8.5-12」按 12 元" in captured.err
    rows = {r["supplier_id"]: r for r in json.loads(captured.out)}

    def peers(sid: str) -> dict:
        return next(c for c in rows[sid]["criteria"] if c["id"] == "price_vs_peers")

    assert peers("B")["status"] == "unknown" and peers("D")["status"] == "unknown"
    assert peers("C")["evidence"]["price"] == 12.0 and peers("C")["status"] != "unknown"
    assert main(["screen", str(path), "--format", "json", "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert 'column "单价", row 3' in err and "read as unknown" in err


@pytest.mark.parametrize(
    "header",
    [
        ["supplier_id"],
        ["supplier_id", "product_group"],
        ["supplier_id", "product_group", "moq"],
        ["supplier_id", "product_group", "price_tiers"],
        ["supplier_id", "dropship_price_cny"],
    ],
)
def test_nothing_crashes_on_a_missing_column(tmp_path: Path, capsys, header: list[str]) -> None:
    values = {
        "supplier_id": ["S1", "S2", "S3"],
        "product_group": ["g", "g", "g"],
        "moq": ["2", "5", "10"],
        "price_tiers": ["1-49:12.5;50+:11", "", "面议"],
        "dropship_price_cny": ["面议", "12", "8.5-12"],
    }
    rows = [[values[h][i] for h in header] for i in range(3)]
    path = _write_csv(tmp_path / "few.csv", header, rows)
    code = main(["screen", str(path), "--format", "json", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 0, err
    if len(header) > 1 and header[-1] in ("price_tiers", "dropship_price_cny"):
        assert "row " in err and header[-1] in err  # the notice names row and column


def test_screen_reads_files_past_the_workbench_import_limits(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """The import limits guard the workbench; `daifa screen` of a big file is the point."""
    from daifa.sources.spreadsheet import SpreadsheetError, limits, read_tables

    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text("supplier_id,repeat_rate_pct\nS1,30%\nS2,40%\nS3,20%\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError):
        read_tables(path)
    assert main(["screen", str(path), "--format", "json", "--lang", "en"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3


@pytest.mark.parametrize(
    ("fmt", "writer"),
    [
        ("json", "daifa.reports.write_json"),
        ("html", "daifa.reports.to_html"),
        ("csv", "daifa.reports.csv_text._write_words"),
        ("parquet", "pyarrow.parquet.ParquetWriter.write_table"),
    ],
)
def test_a_run_that_fails_while_writing_leaves_no_partial_output(
    suppliers: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, writer: str
) -> None:
    out = tmp_path / f"out.{fmt}"
    assert main(["screen", str(suppliers), "--format", fmt, "--out", str(out)]) == 0
    good = out.read_bytes()
    assert len(good) > 100

    def broken(*args: object, **kwargs: object) -> None:
        stream = next((a for a in args if isinstance(a, io.IOBase)), None)
        if stream is not None:
            stream.write("half a report" if fmt in ("json", "html") else b"half a report")
        raise OSError(28, "No space left on device")

    module, name = writer.rsplit(".", 1)
    monkeypatch.setattr(f"{module}.{name}", broken)
    monkeypatch.setattr("daifa.reports.csv_text._WORDS_FROM_ROWS", 1)  # tiny file, word tables
    with pytest.raises(OSError, match="No space"):
        main(["screen", str(suppliers), "--format", fmt, "--out", str(out)])
    assert not out.exists()  # no half of a report to open as if it were whole
