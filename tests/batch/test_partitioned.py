"""Screening in partitions gives the in-memory output: same bytes (CSV), same frame (Parquet).

Partitions here are small (a few dozen rows) and batches smaller still, so every
file is cut many times: groups, repeated rows and companions all cross batches.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from daifa.batch import stage as stage_module
from daifa.cli import main

CATEGORIES = ["3C数码", "美妆", "家居日用", "玩具"]


def offers(n: int, seed: int = 0) -> pl.DataFrame:
    """Canonical offers: groups of about four (scattered through the file), lists,
    numbers, whole numbers and yes/no values, a quarter of them unknown."""
    rng = np.random.default_rng(seed)

    def holes(values: list[object]) -> list[object]:
        return [None if rng.random() < 0.25 else v for v in values]

    def numbers(lo: float, hi: float) -> list[object]:
        return holes([round(float(v), 1) for v in rng.uniform(lo, hi, n)])

    return pl.DataFrame(
        {
            "supplier_id": [f"S{int(i)}" for i in rng.integers(0, n // 2, n)],
            "offer_id": [str(10_000 + i) for i in range(n)],
            "product_group": holes([f"g{int(g)}" for g in rng.integers(0, n // 4 + 1, n)]),
            "category": holes(list(rng.choice(CATEGORIES, n))),
            "certifications": holes(list(rng.choice(["CE;FCC", "CE", "无", "MSDS"], n))),
            "intl_logistics": holes(list(rng.choice(["云途;4PX", "燕文"], n))),
            "retail_currency": ["CNY"] * n,
            "years_in_business": numbers(0, 10),
            "repeat_rate_pct": numbers(0, 60),
            "response_minutes": numbers(1, 120),
            "dispute_rate_pct": numbers(0, 5),
            "unit_price_cny": numbers(1, 100),
            "target_retail_price": numbers(5, 400),
            "test_order_ship_hours": numbers(2, 96),
            "custom_moq": holes([int(v) for v in rng.integers(10, 1000, n)]),
            "dropship_supported": holes([bool(v) for v in rng.random(n) < 0.6]),
            "neutral_packaging": holes([bool(v) for v in rng.random(n) < 0.6]),
        }
    )


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage_module, "BATCH_ROWS", 64)


def screen(*args: str | Path) -> int:
    return main(["screen", *(str(a) for a in args)])


def both(tmp_path: Path, source: Path, fmt: str, *extra: str) -> tuple[Path, Path]:
    suffix = ".csv" if fmt == "csv" else ".parquet"
    whole, parts = tmp_path / f"whole{suffix}", tmp_path / f"parts{suffix}"
    assert screen(source, "--format", fmt, "--out", whole, *extra) == 0
    assert screen(source, "--format", fmt, "--out", parts, "--partition-rows", "37", *extra) == 0
    return whole, parts


def test_a_canonical_csv_screened_in_partitions_is_byte_identical(tmp_path: Path) -> None:
    source = tmp_path / "offers.csv"
    offers(1_500).write_csv(source)
    whole, parts = both(tmp_path, source, "csv")
    assert whole.read_bytes() == parts.read_bytes()
    frame = pl.read_csv(parts)
    assert frame.height == 1_500
    assert frame.get_column("peer_rank").drop_nulls().len() > 0  # groups were ranked


def test_parquet_output_in_partitions_equals_the_whole(tmp_path: Path) -> None:
    source = tmp_path / "offers.csv"
    offers(900, seed=3).write_csv(source)
    whole, parts = both(tmp_path, source, "parquet", "--lang", "en")
    assert_frame_equal(pl.read_parquet(whole), pl.read_parquet(parts))


def test_a_sellers_own_headers_and_values_stream_the_same(tmp_path: Path) -> None:
    """Not canonical: every batch goes through the full reader."""
    frame = offers(600, seed=5).with_columns(
        pl.format("{}%", pl.col("repeat_rate_pct")).alias("repeat_rate_pct"),
        pl.format("{}分钟", pl.col("response_minutes")).alias("response_minutes"),
        pl.col("dropship_supported").replace_strict({True: "是", False: "否"}, default=None),
    )
    renamed = frame.rename(
        {"supplier_id": "供应商ID", "product_group": "同款分组", "repeat_rate_pct": "回头率"}
    )
    source = tmp_path / "卖家.csv"
    renamed.write_csv(source)
    whole, parts = both(tmp_path, source, "csv")
    assert whole.read_bytes() == parts.read_bytes()


def test_companion_sales_reach_every_partition(tmp_path: Path) -> None:
    source = tmp_path / "shop.csv"
    table = offers(400, seed=7)
    table.write_csv(source)
    ids = table.get_column("supplier_id").unique().sort().to_list()[:60]
    rows = [
        {"supplier_id": sid, "period_start": f"2026-{m:02d}-01", "period_days": 30, "units": u}
        for i, sid in enumerate(ids)
        for m, u in zip(range(1, 8), [10, 12, 11, 9, 10, 13, 200 if i % 3 else 11], strict=True)
    ]
    pl.DataFrame(rows).write_csv(tmp_path / "shop.sales.csv")
    whole, parts = both(tmp_path, source, "csv")
    assert whole.read_bytes() == parts.read_bytes()
    statuses = pl.read_csv(parts).get_column("sales_spike__status").unique().to_list()
    assert set(statuses) - {"unknown"}  # the detector ran


def test_parquet_input_screens_the_same_in_any_partition_size(tmp_path: Path) -> None:
    source = tmp_path / "offers.parquet"
    offers(800, seed=9).with_columns(
        pl.col("certifications").str.split(";"), pl.col("intl_logistics").str.split(";")
    ).write_parquet(source)
    whole, parts = both(tmp_path, source, "csv")
    assert whole.read_bytes() == parts.read_bytes()
    assert pl.read_csv(whole).height == 800


def test_dask_on_a_local_cluster_gives_the_default_engines_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    source = tmp_path / "offers.csv"
    offers(1_200, seed=11).write_csv(source)
    default, on_dask = tmp_path / "default.csv", tmp_path / "dask.csv"
    assert screen(source, "--format", "csv", "--out", default) == 0
    args = ("--engine", "dask", "--partition-rows", "150")
    assert screen(source, "--format", "csv", "--out", on_dask, *args) == 0
    a, b = pl.read_csv(default), pl.read_csv(on_dask)
    assert a.select("supplier_id", "offer_id", "decision", "grade", "peer_rank").equals(
        b.select("supplier_id", "offer_id", "decision", "grade", "peer_rank")
    )
    assert_frame_equal(a, b, check_exact=False, rel_tol=0, abs_tol=1e-9)
    assert default.read_bytes() == on_dask.read_bytes()


def test_dask_missing_is_said_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "offers.csv"
    offers(50).write_csv(source)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    out = tmp_path / "out.csv"
    assert screen(source, "--engine", "dask", "--format", "csv", "--out", out) == 2
    assert "pip install 'daifa[scale]'" in capsys.readouterr().err
    assert screen(source, "--engine", "dask", "--format", "csv", "--out", out, "--lang", "en") == 2
    assert "--engine dask needs Dask" in capsys.readouterr().err


def test_an_unreachable_scheduler_is_said_in_both_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    from daifa.batch import dask_engine

    real = dask_engine.client
    monkeypatch.setattr(dask_engine, "client", lambda address: real(address, timeout=1.0))
    source = tmp_path / "offers.csv"
    offers(50).write_csv(source)
    out = tmp_path / "out.csv"
    args = ("--engine", "dask", "--address", "tcp://127.0.0.1:9", "--format", "csv")
    assert screen(source, *args, "--out", out) == 2
    assert "无法连接 Dask 调度器 tcp://127.0.0.1:9" in capsys.readouterr().err
    assert screen(source, *args, "--out", out, "--lang", "en") == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_partitions_need_a_file_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "offers.csv"
    offers(20).write_csv(source)
    assert screen(source, "--partition-rows", "5") == 2
    assert "--format csv or --format parquet" in capsys.readouterr().err
