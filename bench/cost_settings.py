"""A workspace's cost settings: built from its stored TOML once, then served from cache.

    .venv/bin/python bench/cost_settings.py [REPEATS]

The screening (``markup_room``), the compare page and every calculator request ask
``cost_settings_for(workspace)``. Building the settings parses four TOML cards and
the settings text; ``daifa.costs.adapters.settings_from_texts`` caches the result by
content. This measures the cached lookup against the full parse (the baseline,
measured in the same run) and, for scale, one calculator request's engine work
(``landed_cost_one`` + ``choose_freight``). Prints best and median microseconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daifa.web.settings")
os.environ.setdefault("DAIFA_DATA_DIR", "/tmp/daifa-bench")
# A local run, like the CLI: the settings ask for a real SECRET_KEY otherwise.
os.environ.setdefault("DAIFA_LOCAL_MODE", "true")

import django  # noqa: E402

django.setup()

from daifa.costs.adapters import ProfileTexts, settings_from_texts  # noqa: E402
from daifa.engine.costing import choose_freight, landed_cost_one  # noqa: E402
from daifa.sources.ratecards import CARD_KINDS, example_text  # noqa: E402

OFFER = {
    "price_tiers": "1-49:12.5;50-199:11.8;200+:10.9",
    "weight_g": 180.0,
    "length_cm": 20.0,
    "width_cm": 15.0,
    "height_cm": 5.0,
    "target_retail_price": 19.99,
    "retail_currency": "USD",
}


def timed(fn: Callable[[], Any], repeats: int, inner: int) -> tuple[float, float]:
    """Best and median microseconds per call over ``repeats`` batches of ``inner`` calls."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(inner):
            fn()
        samples.append((time.perf_counter() - start) / inner * 1e6)
    return min(samples), statistics.median(samples)


def main(repeats: int) -> None:
    # a seller's own copy of every example card, so nothing is the shortcut for "no profile"
    texts = ProfileTexts(
        cards=tuple((f"{k}.toml", example_text(f"{k}.toml") + "\n# mine\n") for k in CARD_KINDS),
        rates=(
            ("USD", 7.1),
            ("EUR", 8.25),
            ("GBP", 9.4),
            ("JPY", 0.047),
            ("AUD", 4.65),
            ("CAD", 5.1),
        ),
        rates_as_of=date(2026, 11, 20),
        settings=example_text("settings.toml"),
    )
    parse = settings_from_texts.__wrapped__
    settings = parse(texts)
    assert settings_from_texts(texts) == settings

    base_best, base_median = timed(lambda: parse(texts), repeats, 20)
    best, median = timed(lambda: settings_from_texts(texts), repeats, 2000)

    def request() -> None:
        row = landed_cost_one(OFFER, settings.replace(quantity=50))
        goods = row["unit_price_at_qty_cny"] + row["packaging_extras_cny"]
        choose_freight(
            settings,
            units=500,
            deadline_days=15,
            weight_g=180,
            length_cm=20,
            width_cm=15,
            height_cm=5,
            goods_value_cny=goods,
        )

    calc_best, calc_median = timed(request, repeats, 20)
    print(
        f"parse cards + settings (baseline): best {base_best:9.1f} µs  median {base_median:9.1f} µs"
    )
    print(f"cached cost_settings lookup:       best {best:9.1f} µs  median {median:9.1f} µs")
    print(
        f"  ratio cached / parse (best):     {best / base_best:.4f}"
        f"  ({base_best / best:,.0f}× faster)"
    )
    print(
        f"one calculator request's engine:   best {calc_best:9.1f} µs  median {calc_median:9.1f} µs"
    )
    print(f"  ratio parse / calculator (best): {base_best / calc_best:.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
