"""Benchmark: `daifa screen` on a file larger than memory, in partitions (issue #19).

1. Generates ``--rows`` synthetic offers (default 20,000,000; the rows of
   bench/_screening_data.py, a million at a time, product groups scattered over the
   whole file) into one Parquet file, chunk by chunk, so generating needs no more
   memory than one chunk.
2. Identity on the first chunk (1,000,000 rows): in partitions of
   ``--check-partition-rows`` against one piece; the two CSVs must be the same bytes.
3. Runs ``daifa screen big.parquet --format parquet --out out.parquet`` under
   ``/usr/bin/time -v``: peak RSS (target <= 4 GB) and wall time; the baseline in the
   same run is the in-memory path on the first chunk as CSV (``daifa screen
   chunk.csv --format csv``), also under ``/usr/bin/time -v``. Throughput target:
   per row within 1.5x of the in-memory path.

Run: .venv/bin/python bench/screening_stream.py [--rows N] [--folder DIR] [--keep]
The folder needs about 1 GB per 10 million rows for the input, and as much again
for the partitions and the output.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))

from _screening_data import as_csv_frame, suppliers  # noqa: E402

CHUNK = 1_000_000


def generate(rows: int, target: Path) -> None:
    """``rows`` offers in one Parquet file, written a chunk at a time."""
    import pyarrow.parquet as pq

    writer = None
    groups = max(1, rows // 4)
    try:
        for index, start in enumerate(range(0, rows, CHUNK)):
            n = min(CHUNK, rows - start)
            chunk = suppliers(n, seed=index)
            # Ids unique over the whole file, groups drawn from the whole file's range.
            chunk = chunk.with_columns(
                (pl.col("supplier_id").cast(pl.Int64) + start).cast(pl.String),
                (pl.col("offer_id").cast(pl.Int64) + start).cast(pl.String),
                (pl.col("product_group").cast(pl.Int64) * 7919 % groups).cast(pl.String),
            )
            table = chunk.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(target, table.schema)
            writer.write_table(table)
            print(f"  generated {start + n:,} rows", flush=True)
    finally:
        if writer is not None:
            writer.close()


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in GB) of a whole process, from /usr/bin/time -v."""
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", *argv], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(argv)}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return wall, (int(peak.group(1)) / 1024 / 1024 if peak else float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--partition-rows", type=int, default=1_000_000)
    parser.add_argument("--check-partition-rows", type=int, default=100_000)
    parser.add_argument("--folder", type=Path, help="work here (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument(
        "--skip-identity", action="store_true", help="skip step 2 (tests/batch checks it too)"
    )
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="daifa-stream-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    script = Path(sys.executable).with_name("daifa")
    daifa = [str(script)] if script.exists() else [sys.executable, "-m", "daifa.cli"]
    try:
        big, chunk_csv = folder / "big.parquet", folder / "chunk.csv"
        if not big.exists():
            print(f"generating {args.rows:,} rows into {big}")
            generate(args.rows, big)
        first = pl.scan_parquet(big).head(min(CHUNK, args.rows)).collect()
        as_csv_frame(first).write_csv(chunk_csv)
        print(f"input {big.stat().st_size / 1e9:.2f} GB Parquet, {args.rows:,} rows")

        # Identity on the first chunk: partitions against one piece.
        whole, parts = folder / "whole.csv", folder / "parts.csv"
        if not args.skip_identity:
            one = [*daifa, "screen", str(chunk_csv), "--format", "csv"]
            subprocess.run([*one, "--out", str(whole)], check=True, capture_output=True)
            split = ["--partition-rows", str(args.check_partition_rows)]
            subprocess.run([*one, "--out", str(parts), *split], check=True, capture_output=True)
            same = whole.read_bytes() == parts.read_bytes()
            print(
                f"identity on {first.height:,} rows, partitions of "
                f"{args.check_partition_rows:,}: {'SAME BYTES' if same else 'DIFFERENT'}"
            )

        mem_wall, mem_peak = timed(
            [*daifa, "screen", str(chunk_csv), "--format", "csv", "--out", str(whole)]
        )
        print(f"in memory, {first.height:,} rows CSV->CSV: {mem_wall:.1f} s, "
              f"peak RSS {mem_peak:.2f} GB, {first.height / mem_wall:,.0f} rows/s")  # fmt: skip
        out = folder / "out.parquet"
        argv = [*daifa, "screen", str(big), "--format", "parquet", "--out", str(out)]
        argv += ["--partition-rows", str(args.partition_rows), "--work-dir", str(folder)]
        wall, peak = timed(argv)
        per_row = (wall / args.rows) / (mem_wall / first.height)
        print(f"in partitions, {args.rows:,} rows Parquet->Parquet: {wall:.1f} s, "
              f"peak RSS {peak:.2f} GB (target <= 4: {'MET' if peak <= 4 else 'NOT MET'}), "
              f"{args.rows / wall:,.0f} rows/s = {per_row:.2f}x the in-memory time per row "
              f"(target <= 1.5: {'MET' if per_row <= 1.5 else 'NOT MET'})")  # fmt: skip
        print(f"output {out.stat().st_size / 1e9:.2f} GB, "
              f"{pl.scan_parquet(out).select(pl.len()).collect().item():,} rows")  # fmt: skip
    finally:
        if not args.keep and args.folder is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
