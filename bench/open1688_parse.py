"""Parsing + mapping 1688 product detail answers, against plain ``json.loads``.

    .venv/bin/python bench/open1688_parse.py

Baseline: decoding the same JSON bytes with ``json.loads`` (what any client
must do anyway). Result: the extra cost of the typed, path-checked models and
the mapping to daifa observations, per answer and as a ratio.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from daifa.sources.open1688 import observations_from_detail
from daifa.sources.open1688.models import parse_product_detail

FIXTURE = (
    Path(__file__).resolve().parents[1].parent
    / "shared/fixtures/1688/crossborder.product.search.queryProductDetail.response.doc-example.json"
)
N = 2000
REPEATS = 7


def payloads() -> list[bytes]:
    body = json.loads(FIXTURE.read_text(encoding="utf-8"))
    detail = body["result"]["result"]
    detail["productSkuInfos"][0].update(price="13.5", jxhyPrice="13")
    out = []
    for i in range(N):
        detail["offerId"] = 600000000000 + i
        detail["productSkuInfos"] = [
            dict(detail["productSkuInfos"][0], skuId=i * 10 + k, price=f"{10 + k}.5")
            for k in range(8)
        ]
        out.append(json.dumps(body, ensure_ascii=False).encode())
    return out


def timed(fn) -> list[float]:
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return runs


def main() -> None:
    data = payloads()
    when = datetime.now(UTC)

    def baseline() -> None:
        for raw in data:
            json.loads(raw)

    def full() -> None:
        for raw in data:
            detail = parse_product_detail(json.loads(raw), "product.search.queryProductDetail")
            observations_from_detail(detail, fetched_at=when)

    base, ours = timed(baseline), timed(full)
    per = lambda runs: min(runs) / N * 1e6  # noqa: E731
    print(f"{N} product detail answers (8 SKUs each), best of {REPEATS} (median in brackets)")
    print(
        f"  baseline json.loads       : {per(base):7.1f} µs/answer "
        f"({statistics.median(base) / N * 1e6:.1f})"
    )
    print(
        f"  parse + map observations  : {per(ours):7.1f} µs/answer "
        f"({statistics.median(ours) / N * 1e6:.1f})"
    )
    print(f"  ratio (ours / baseline)   : {min(ours) / min(base):7.2f}x")
    print(f"  throughput                : {N / min(ours):7.0f} answers/s")


if __name__ == "__main__":
    main()
