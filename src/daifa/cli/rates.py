"""`daifa rates`: the currency rates daifa converts prices with, set by hand with their date.

    daifa rates set USD=7.12 EUR=7.90 GBP=9.05 --as-of 2026-12-01
    daifa rates show

The rates are stored in the user's data directory, the same store the workbench's
rate form edits; `daifa screen` and `daifa cost` read them (unless given --rates FILE).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from daifa.cli import UsageError
from daifa.engine.costing import CurrencyRates, stale_currency_warning
from daifa.engine.errors import InputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "rates",
        help="set or show the stored currency rates / 设置或查看汇率",
        description="Currency rates as CNY per unit, entered with the date they were looked up.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_ = actions.add_parser("set", help="store rates, e.g. USD=7.12 EUR=7.90 --as-of 2026-12-01")
    set_.add_argument("pairs", nargs="+", metavar="CODE=RATE", help="CNY for one unit")
    set_.add_argument(
        "--as-of", required=True, help="the date the rates were looked up (YYYY-MM-DD)"
    )
    actions.add_parser("show", help="show the stored rates and their age")
    parser.set_defaults(func=handle)


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"--as-of {text!r}: write the date as YYYY-MM-DD") from exc
    if day > date.today():
        raise UsageError(
            f"--as-of {text}: the date is after today; rates are looked up, not future"
        )
    return day


def handle(args: argparse.Namespace) -> int:
    from daifa.sources.ratecards.store import (
        load_stored_rates,
        parse_assignments,
        save_stored_rates,
        stored_rates_path,
    )

    rates: CurrencyRates | None
    try:
        if args.action == "set":
            rates = parse_assignments(args.pairs, _date(args.as_of))
            path = save_stored_rates(rates)
            print(f"已保存汇率 Saved rates ({rates.as_of.isoformat()}) → {path}")
            _print(rates)
            return 0
        rates = load_stored_rates()
        if rates is None:
            print(
                f"没有保存的汇率,使用示例汇率 No stored rates ({stored_rates_path()}); "
                "the example rates are in use. Set yours: daifa rates set USD=7.12 --as-of DATE"
            )
            return 0
        print(f"汇率 Rates as of {rates.as_of.isoformat()} ({stored_rates_path()})")
        _print(rates)
        stale = stale_currency_warning(rates, date.today())
        if stale is not None:
            print(f"警告:{stale.zh}\nwarning: {stale.en}", file=sys.stderr)
        return 0
    except InputError as exc:
        print(f"daifa rates: {exc.message_en}", file=sys.stderr)
        print(f"daifa rates:{exc.message_zh}", file=sys.stderr)
        return 1


def _print(rates: Any) -> None:
    for code, value in rates.cny_per_unit:
        print(f"  1 {code} = {value:g} CNY")
