"""`daifa cost`: landed cost and profit for one offer or a file of offers, and freight choice.

    daifa cost --price-tiers "1-49:12.5;50-199:11.8;200+:10.9" --weight-g 180 \\
        --size-cm 20x15x5 --qty 50 --line yunexpress --destination US \\
        --platform amazon --retail 19.99 --retail-currency USD
    daifa cost offers.csv --qty 100 --format json
    daifa cost --freight-choice --units 500 --deadline-days 15 --weight-g 180 --size-cm 20x15x5
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from daifa.cli import UsageError
from daifa.engine.costing import (
    CostSettings,
    FreightChoice,
    card_warnings,
    choose_freight,
    landed_costs,
    parse_tiers,
    stale_currency_warning,
)
from daifa.engine.errors import InputError
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.ratecards import DEFAULT_SETTINGS, load_seller_dir
from daifa.sources.spreadsheet import SpreadsheetError, read_tables

if TYPE_CHECKING:
    # rich is 50 ms of imports that `daifa screen` (which reads cost_rates from here) never
    # uses; only this command's own output imports it.
    from rich.table import Table

# Short platform names people type, mapped to the example cards' ids.
PLATFORM_ALIASES = {"amazon": "amazon_us", "tiktok": "tiktok_us", "ebay": "ebay_us"}
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×*X]\s*(\d+(?:\.\d+)?)\s*[x×*X]\s*(\d+(?:\.\d+)?)\s*$")

BREAKDOWN = (
    ("unit_price_at_qty_cny", "单价(按数量)", "Unit price at quantity"),
    ("packaging_extras_cny", "包装与额外费用", "Packaging and extras"),
    ("sample_fee_per_unit_cny", "样品费分摊", "Sample fee share"),
    ("domestic_freight_cny", "国内运费", "Domestic freight"),
    ("intl_freight_cny", "国际运费", "International freight"),
    ("duty_cny", "关税", "Duty"),
    ("vat_cny", "进口增值税", "Import VAT"),
    ("landed_unit_cost_cny", "到岸成本", "Landed unit cost"),
    ("target_retail_price_cny", "目标售价", "Target retail price"),
    ("sales_vat_cny", "平台代扣增值税", "VAT kept by the marketplace"),
    ("net_revenue_cny", "到手收入", "Net revenue"),
    ("platform_fee_cny", "平台佣金", "Platform fee"),
    ("payment_fee_cny", "支付手续费", "Payment fee"),
    ("ad_cost_cny", "广告费/单", "Advertising per order"),
    ("returns_allowance_cny", "退货准备金", "Returns allowance"),
    ("total_unit_cost_cny", "总成本", "Total unit cost"),
    ("unit_profit_cny", "单件利润", "Unit profit"),
    ("breakeven_ad_cost_cny", "保本广告费", "Break-even ad cost"),
    ("retail_low_cny", "3× 售价下限", "Retail at 3×"),
    ("retail_high_cny", "5× 售价上限", "Retail at 5×"),
)
SUMMARY = (
    ("unit_price_at_qty_cny", "单价", "Unit"),
    ("intl_freight_cny", "运费", "Freight"),
    ("duty_cny", "关税", "Duty"),
    ("landed_unit_cost_cny", "到岸", "Landed"),
    ("target_retail_price_cny", "售价", "Retail"),
    ("net_revenue_cny", "到手", "Net"),
    ("unit_profit_cny", "利润", "Profit"),
    ("margin_pct", "利润率", "Margin%"),
    ("markup_multiple", "倍数", "×"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "cost",
        help="landed cost, profit and freight choice / 到岸成本、利润与物流选择",
        description="Landed cost and profit per offer at your quantity, line and platform.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="canonical CSV/XLSX of offers")
    offer = parser.add_argument_group("one offer")
    offer.add_argument("--price-tiers", help='e.g. "1-49:12.5;50-199:11.8;200+:10.9"')
    offer.add_argument("--unit-price", type=float, help="unit price in CNY (no tiers)")
    offer.add_argument("--dropship-price", type=float, help="single-piece dropship price, CNY")
    offer.add_argument("--moq", type=int)
    offer.add_argument("--weight-g", type=float)
    offer.add_argument("--size-cm", help="packed size LxWxH, e.g. 20x15x5")
    offer.add_argument("--retail", type=float, help="target retail price")
    offer.add_argument("--category")
    offer.add_argument("--extra-fees", type=float, help="extra fees per unit, CNY")
    offer.add_argument("--all-inclusive", action="store_true", help="quote includes packaging")
    offer.add_argument("--sample-deductible", action="store_true")
    where = parser.add_argument_group("settings (override the cards' settings.toml)")
    where.add_argument("--qty", type=int, help="units per order from the supplier")
    where.add_argument("--line")
    where.add_argument("--destination")
    where.add_argument("--platform")
    where.add_argument("--retail-currency")
    where.add_argument("--dropship", action="store_true", help="price single pieces")
    where.add_argument("--packaging", type=float, help="packaging per unit, CNY")
    where.add_argument("--sample-fee", type=float, help="sample fee, CNY")
    where.add_argument("--domestic-freight", type=float, help="domestic freight per order, CNY")
    where.add_argument("--ad-cost", type=float, help="advertising per order, CNY")
    where.add_argument("--return-rate", type=float, help="expected returns, %%")
    where.add_argument("--no-duty", action="store_true")
    where.add_argument("--vat", action="store_true", help="include import VAT")
    where.add_argument("--cards", type=Path, help="folder with your own rate cards")
    where.add_argument(
        "--rates",
        type=Path,
        metavar="FILE",
        help="currency rates (currency.toml/.csv); default: the stored rates (daifa rates set)",
    )
    choice = parser.add_argument_group("freight choice")
    choice.add_argument("--freight-choice", action="store_true")
    choice.add_argument("--units", type=int)
    choice.add_argument("--deadline-days", type=int)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        settings = _settings(args)
        _warn(settings)
        if args.freight_choice:
            return _print_choice(_choice(args, settings), args.format)
        offers = _offers(args)
        costs = landed_costs(offers, settings)
        return _print_costs(offers, costs, settings, args.format)
    except InputError as exc:
        print(f"daifa cost: {exc.message_en}", file=sys.stderr)
        print(f"daifa cost:{exc.message_zh}", file=sys.stderr)
        return 1


# -- inputs -----------------------------------------------------------------------------


def _settings(args: argparse.Namespace) -> CostSettings:
    settings = load_seller_dir(args.cards) if args.cards else DEFAULT_SETTINGS
    platform = PLATFORM_ALIASES.get(args.platform, args.platform) if args.platform else None
    changes = {
        "quantity": args.qty,
        "line": args.line,
        "destination": args.destination.upper() if args.destination else None,
        "platform": platform,
        "retail_currency": args.retail_currency.upper() if args.retail_currency else None,
        "packaging_cny": args.packaging,
        "sample_fee_cny": args.sample_fee,
        "domestic_freight_per_order_cny": args.domestic_freight,
        "ad_cost_per_order_cny": args.ad_cost,
        "return_rate_pct": args.return_rate,
        "dropship": True if args.dropship else None,
        "include_duty": False if args.no_duty else None,
        "include_vat": True if args.vat else None,
    }
    changes["rates"] = cost_rates(args.rates, args.cards, settings.rates)
    return settings.replace(**{k: v for k, v in changes.items() if v is not None})


def cost_rates(rates_file: Path | None, cards: Path | None, fallback: Any) -> Any:
    """--rates FILE, else the cards folder's own currency file, else the stored rates
    (``daifa rates set``, the workbench's form), else the example rates."""
    from daifa.sources.ratecards.store import load_stored_rates, rates_from_file

    if rates_file is not None:
        return rates_from_file(rates_file)
    if cards is not None and any((cards / f"currency.{x}").is_file() for x in ("toml", "csv")):
        return fallback
    return load_stored_rates() or fallback


def _warn(settings: CostSettings) -> None:
    if settings.cards.example:
        print(f"note: {settings.cards.note_en}", file=sys.stderr)
        print(f"提示:{settings.cards.note_zh}", file=sys.stderr)
    stale = stale_currency_warning(settings.rates, date.today())
    for warning in ([stale] if stale else []) + card_warnings(settings.cards, date.today()):
        print(f"warning: {warning.en}", file=sys.stderr)
        print(f"警告:{warning.zh}", file=sys.stderr)


def _size(text: str | None) -> tuple[float, float, float] | None:
    if text is None:
        return None
    match = SIZE.match(text)
    if match is None:
        raise UsageError(f"--size-cm {text!r}: write the packed size as LxWxH, e.g. 20x15x5")
    length, width, height = (float(v) for v in match.groups())
    return length, width, height


def _one_offer(args: argparse.Namespace) -> dict[str, Any]:
    size = _size(args.size_cm)
    values: dict[str, Any] = {
        "offer_id": "cli",
        "unit_price_cny": args.unit_price,
        "dropship_price_cny": args.dropship_price,
        "moq": args.moq,
        "weight_g": args.weight_g,
        "target_retail_price": args.retail,
        "retail_currency": args.retail_currency.upper() if args.retail_currency else None,
        "category": args.category,
        "extra_fees_cny": args.extra_fees,
        "quote_all_inclusive": True if args.all_inclusive else None,
        "sample_fee_deductible": True if args.sample_deductible else None,
    }
    if size is not None:
        values.update(zip(("length_cm", "width_cm", "height_cm"), size, strict=True))
    if args.price_tiers:
        values["price_tiers"] = parse_tiers(args.price_tiers)
    return values


def _offers(args: argparse.Namespace) -> pl.DataFrame:
    typed = [args.price_tiers, args.unit_price, args.dropship_price, args.weight_g, args.retail]
    if args.file is not None:
        if any(v is not None for v in typed):
            raise UsageError(
                "give either FILE or the offer's values (--price-tiers, --weight-g, ...), not both"
            )
        return _read_file(args.file)
    if args.price_tiers is None and args.unit_price is None and args.dropship_price is None:
        raise UsageError(
            "give FILE, or one offer with --price-tiers / --unit-price / --dropship-price"
        )
    values = _one_offer(args)
    schema = {name: COLUMNS_BY_NAME[name].dtype for name in values}
    return pl.DataFrame([values], schema=schema)


def _read_file(path: Path) -> pl.DataFrame:
    try:
        tables = read_tables(path)
    except SpreadsheetError as exc:
        raise InputError(
            exc.message_en, exc.message_zh, field="file", value=str(path), allowed="CSV or XLSX"
        ) from exc
    if tables.report is not None and not tables.report.ok:
        # unreadable cells are unknown, not fatal: say so and cost the rest
        print(tables.report.to_text("zh"), file=sys.stderr)
        print(tables.report.to_text("en"), file=sys.stderr)
    return tables.frames()["suppliers"]


def _choice(args: argparse.Namespace, settings: CostSettings) -> FreightChoice:
    if args.units is None or args.deadline_days is None or args.weight_g is None:
        raise UsageError("--freight-choice needs --units, --deadline-days and --weight-g")
    size = _size(args.size_cm) or (None, None, None)
    goods = args.unit_price
    if goods is None and args.price_tiers:
        goods = _tier_price(args.price_tiers, args.units)
    return choose_freight(
        settings,
        units=args.units,
        deadline_days=args.deadline_days,
        weight_g=args.weight_g,
        length_cm=size[0],
        width_cm=size[1],
        height_cm=size[2],
        goods_value_cny=goods,
    )


def _tier_price(text: str, units: int) -> float | None:
    eligible = [t["price_cny"] for t in parse_tiers(text) if t["min_qty"] <= units]
    return eligible[-1] if eligible else None


# -- output -----------------------------------------------------------------------------


def _money(value: Any) -> str:
    return (
        "—"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:,.2f}"
    )


def _label(offers: pl.DataFrame, i: int) -> str:
    for name in ("offer_id", "supplier_id", "product_title"):
        if name in offers.columns and offers[name][i] is not None:
            return str(offers[name][i])
    return f"#{i + 1}"


def _print_costs(
    offers: pl.DataFrame, costs: pl.DataFrame, settings: CostSettings, fmt: str
) -> int:
    if fmt == "json":
        rows = [
            {"offer": _label(offers, i), **row} for i, row in enumerate(costs.iter_rows(named=True))
        ]
        print(
            json.dumps(
                {"settings": _settings_summary(settings), "offers": rows},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    from rich.console import Console

    console = Console(width=200)
    console.print(_heading(settings))
    console.print(_breakdown(costs) if costs.height == 1 else _summary(offers, costs))
    return 0


def _settings_summary(settings: CostSettings) -> dict[str, Any]:
    return {
        "quantity": settings.quantity,
        "line": settings.line,
        "destination": settings.destination,
        "platform": settings.platform,
        "retail_currency": settings.retail_currency,
        "currency_rates_as_of": settings.rates.as_of.isoformat(),
        "example_cards": settings.cards.example,
    }


def _heading(settings: CostSettings) -> str:
    return (
        f"数量 Qty {settings.quantity} · 线路 Line {settings.line} · 目的地 Destination "
        f"{settings.destination} · 平台 Platform {settings.platform} (CNY)"
    )


def _breakdown(costs: pl.DataFrame) -> Table:
    from rich.table import Table

    row = costs.row(0, named=True)
    table = Table("项目 Item", "CNY")
    for name, zh, en in BREAKDOWN:
        table.add_row(f"{zh} {en}", _money(row[name]))
    table.add_row("利润率 Margin %", _money(row["margin_pct"]))
    table.add_row("投资回报率 ROI %", _money(row["roi_pct"]))
    table.add_row("加价倍数 Markup ×", _money(row["markup_multiple"]))
    table.add_row("≥3× 通过 Passes", _yes_no(row["markup_passes"]))
    if row["costing_note"]:
        table.add_row("说明 Note", f"{row['costing_note_zh']}\n{row['costing_note']}")
    return table


def _yes_no(value: bool | None) -> str:
    return {True: "是 yes", False: "否 no", None: "未知 unknown"}[value]


def _summary(offers: pl.DataFrame, costs: pl.DataFrame) -> Table:
    from rich.table import Table

    table = Table("商品 Offer", *(f"{zh} {en}" for _, zh, en in SUMMARY), "≥3×", "说明 Note")
    for i, row in enumerate(costs.iter_rows(named=True)):
        figures = [_money(row[name]) for name, _, _ in SUMMARY]
        note = row["costing_note"] or ""
        table.add_row(_label(offers, i), *figures, _yes_no(row["markup_passes"]), note)
    return table


def _print_choice(choice: FreightChoice, fmt: str) -> int:
    if fmt == "json":
        document = {
            "units": choice.units,
            "deadline_days": choice.deadline_days,
            "destination": choice.destination,
            "winner": choice.winner.id if choice.winner else None,
            "reason_en": choice.reason_en,
            "reason_zh": choice.reason_zh,
            "options": _no_nan(choice.as_frame().to_dicts()),
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "线路 Option", "方式 Kind", "总计 Total", "每件 Per unit", "天数 Days", "按时 On time"
    )
    for option in choice.options:
        mark = "★ " if choice.winner is not None and option.id == choice.winner.id else ""
        on_time = _yes_no(option.meets_deadline) + (
            f" ({option.note_en})" if option.note_en else ""
        )
        table.add_row(
            f"{mark}{option.name_zh} {option.name_en}",
            option.kind,
            _money(option.total_cny),
            _money(option.per_unit_cny),
            f"{option.days_min}–{option.days_max}",
            on_time,
        )
    console = Console(width=200)
    deadline = choice.deadline_days
    console.print(
        f"{choice.units} 件 units → {choice.destination}, 期限 deadline {deadline} 天 days"
    )
    console.print(table)
    console.print(choice.reason_zh)
    console.print(choice.reason_en)
    return 0


def _no_nan(value: Any) -> Any:
    # JSON has no NaN: an option that cannot be priced has a null total.
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value
