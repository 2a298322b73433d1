"""`daifa 1688`: search 1688 and read one offer through the Open Platform API.

    daifa 1688 search 保温杯 --page-size 10
    daifa 1688 offer https://detail.1688.com/offer/710891050473.html --format json
    daifa 1688 offer 710891050473 --workspace 店铺A      # also stores the facts
    daifa 1688 sync-orders --workspace 店铺A [--since 2024-06-01]

Credentials come from DAIFA_1688_APP_KEY, DAIFA_1688_APP_SECRET and
DAIFA_1688_ACCESS_TOKEN (DAIFA_1688_BASE_URL points at another gateway), or
from ``--config FILE.toml``::

    [open1688]
    app_key = "1234567"
    app_secret = "…"
    access_token = "…"

Values in the file win over the environment. The secret is never printed.
With ``--workspace``, the app and buyer account saved on the workspace's 1688
settings page are used when there are any; otherwise the ones above.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from daifa.cli import UsageError
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.open1688 import (
    Open1688Client,
    Open1688Error,
    ProductDetail,
    SearchPage,
    observations_from_detail,
    offer_url,
    parse_offer_id,
)
from daifa.sources.open1688.client import GATEWAY_URL

ENV = {
    "app_key": "DAIFA_1688_APP_KEY",
    "app_secret": "DAIFA_1688_APP_SECRET",
    "access_token": "DAIFA_1688_ACCESS_TOKEN",
    "base_url": "DAIFA_1688_BASE_URL",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="TOML file with an [open1688] table")
    common.add_argument("--format", choices=("table", "json"), default="table")
    common.add_argument("--language", default="en", help="language of translated titles (en, ja…)")
    parser = subparsers.add_parser(
        "1688", help="search 1688 and read offers through the Open Platform API"
    )
    commands = parser.add_subparsers(dest="open1688_command", metavar="SUBCOMMAND", required=True)
    search = commands.add_parser("search", parents=[common], help="keyword search")
    search.add_argument("keyword")
    search.add_argument("--page", type=int, default=1)
    search.add_argument("--page-size", type=int, default=20)
    search.set_defaults(func=search_command)
    offer = commands.add_parser("offer", parents=[common], help="one offer by id or address")
    offer.add_argument("offer", metavar="ID|URL")
    offer.add_argument("--workspace", metavar="NAME", help="store the facts in this workspace")
    offer.set_defaults(func=offer_command)
    sync = commands.add_parser(
        "sync-orders", parents=[common], help="store buyer orders and refunds in a workspace"
    )
    sync.add_argument("--workspace", metavar="NAME", required=True)
    sync.add_argument(
        "--since", type=_day, metavar="YYYY-MM-DD", help="orders changed since (default: last sync)"
    )
    sync.set_defaults(func=sync_orders_command)


def search_command(args: argparse.Namespace) -> int:
    def fetch(client: Open1688Client) -> SearchPage:
        return client.search_keyword(
            args.keyword, page=args.page, page_size=args.page_size, language=args.language
        )

    page = _with_client(args, fetch)
    if page is None:
        return 1
    if args.format == "json":
        _print_json(_search_json(page))
    else:
        _search_table(page)
    return 0


def offer_command(args: argparse.Namespace) -> int:
    try:
        offer_id = parse_offer_id(args.offer)
    except Open1688Error as exc:
        raise UsageError(f"{exc.message('zh')}\n{exc.message('en')}") from None
    if args.workspace:
        return _store_offer(args, offer_id)
    detail = _with_client(args, lambda c: c.product_detail(offer_id, language=args.language))
    if detail is None:
        return 1
    if args.format == "json":
        _print_json(_offer_json(detail))
    else:
        _offer_table(detail)
    return 0


def _store_offer(args: argparse.Namespace, offer_id: str) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.workbench.actions import observations_1688_store

    workspace = _django.workspace(args.workspace, create=True)
    try:
        with _workspace_client(args, workspace) as client:
            detail = client.product_detail(offer_id, language=args.language)
    except Open1688Error as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 1
    result = observations_1688_store(
        workspace=workspace, observations=observations_from_detail(detail)
    )
    if args.format == "json":
        _print_json(_offer_json(detail) | {"stored": _stored_json(result)})
    else:
        _offer_table(detail)
        print(
            f"已存入工作区 {args.workspace}：新供应商 {result.suppliers_created}，"
            f"新商品 {result.offers_created}，新记录 {result.observations}\n"
            f"Stored in workspace {args.workspace}: {result.suppliers_created} new suppliers, "
            f"{result.offers_created} new offers, {result.observations} observations"
        )
    return 0


def _stored_json(result: Any) -> dict[str, Any]:
    return {
        "suppliers_created": result.suppliers_created,
        "offers_created": result.offers_created,
        "observations": result.observations,
        "supplier_ids": [s.external_id for s in result.suppliers],
    }


def sync_orders_command(args: argparse.Namespace) -> int:
    from daifa.cli import _django

    _django.setup()
    from daifa.sourcing.services import orders_sync

    workspace = _django.workspace(args.workspace, create=False)
    if workspace is None:
        raise UsageError(
            f"没有名为 {args.workspace!r} 的工作区。\nNo workspace called {args.workspace!r}."
        )
    since = dt.datetime.combine(args.since, dt.time.min, _BEIJING) if args.since else None
    try:
        with _workspace_client(args, workspace) as client:
            result = orders_sync(
                workspace=workspace, client=client, since=since, progress=_report_progress
            )
    except Open1688Error as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 1
    _print_sync(args, result)
    return 0


_BEIJING = dt.timezone(dt.timedelta(hours=8))


def _report_progress(stage: str, done: int) -> None:
    zh = {"orders": "订单", "refunds": "退款"}.get(stage, stage)
    print(f"{zh} / {stage}: {done}", file=sys.stderr)


def _print_sync(args: argparse.Namespace, result: Any) -> None:
    counts = {
        "orders_created": result.orders_created,
        "orders_updated": result.orders_updated,
        "refunds_created": result.refunds_created,
        "refunds_updated": result.refunds_updated,
    }
    if args.format == "json":
        _print_json({"workspace": args.workspace, "since": result.since.isoformat(), **counts})
        return
    print(
        f"自 {result.since:%Y-%m-%d %H:%M} 起：新订单 {result.orders_created}，"
        f"更新订单 {result.orders_updated}，新退款 {result.refunds_created}，"
        f"更新退款 {result.refunds_updated}\n"
        f"Since {result.since:%Y-%m-%d %H:%M}: {result.orders_created} new and "
        f"{result.orders_updated} updated orders, {result.refunds_created} new and "
        f"{result.refunds_updated} updated refunds"
    )


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期 {text!r} 应为 YYYY-MM-DD / date {text!r} must be YYYY-MM-DD"
        ) from None


# -- credentials ---------------------------------------------------------------


def _workspace_client(args: argparse.Namespace, workspace: Any) -> Open1688Client:
    """The workspace's saved app and buyer account, else the environment or --config."""
    from daifa.sourcing.client import client_for
    from daifa.sourcing.selectors import account_of, buyer_token_of

    if args.config is None and buyer_token_of(account_of(workspace)) is not None:
        return client_for(workspace)
    settings = load_settings(args.config)
    return Open1688Client(
        settings["app_key"],
        settings["app_secret"],
        access_token=settings["access_token"],
        base_url=settings.get("base_url", GATEWAY_URL),
    )


def load_settings(config: Path | None, environ: dict[str, str] | None = None) -> dict[str, str]:
    """Credentials from ``config`` (if given) over the environment."""
    env = os.environ if environ is None else environ
    settings = {key: env[name] for key, name in ENV.items() if env.get(name)}
    if config is not None:
        settings |= _read_config(config)
    missing = [
        ENV[key] for key in ("app_key", "app_secret", "access_token") if not settings.get(key)
    ]
    if missing:
        names = ", ".join(missing)
        raise UsageError(
            f"1688 开放平台尚未配置：缺少 {names}。"
            "请设置这些环境变量，或用 --config 指定 TOML 文件。\n"
            f"The 1688 Open Platform is not configured: {names} missing. Set these environment "
            "variables or pass --config FILE.toml with an [open1688] table."
        )
    return settings


def _read_config(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(
            f"无法读取配置文件 {path}：{exc.strerror}\nCannot read {path}: {exc.strerror}"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = f"配置文件 {path} 格式错误：{exc}\n{path} is not valid TOML: {exc}"
        raise UsageError(message) from None
    table = data.get("open1688", data)
    return {key: str(table[key]) for key in ENV if table.get(key)}


def _with_client(args: argparse.Namespace, fetch: Callable[[Open1688Client], Any]) -> Any:
    settings = load_settings(args.config)
    try:
        with Open1688Client(
            settings["app_key"],
            settings["app_secret"],
            access_token=settings["access_token"],
            base_url=settings.get("base_url", GATEWAY_URL),
        ) as client:
            return fetch(client)
    except Open1688Error as exc:
        # Messages name the API, the code and what to do, never the secret.
        print(exc.bilingual(), file=sys.stderr)
        return None


# -- output --------------------------------------------------------------------


def _search_json(page: SearchPage) -> dict[str, Any]:
    return {
        "total_records": page.total_records,
        "page": page.page,
        "fetched_at": page.fetched_at.isoformat() if page.fetched_at else None,
        "offers": [
            {
                "offer_id": hit.offer_id,
                "offer_url": offer_url(hit.offer_id),
                "title": hit.title,
                "title_translated": hit.title_translated,
                "price_cny": _num(hit.price_cny),
                "dropship_price_cny": _num(hit.dropship_price_cny),
                "moq": hit.min_order_quantity,
                "sales_30d": hit.sales_30d,
                "repeat_rate_pct": _num(hit.seller.repeat_purchase.pct)
                if hit.seller and hit.seller.repeat_purchase
                else None,
                "dropship_supported": hit.dropship,
                "company_name": hit.company_name,
            }
            for hit in page.offers
        ],
    }


def _search_table(page: SearchPage) -> None:
    table = Table(title=f"1688 · {page.total_records} 条结果 / results")
    for header in (
        "商品ID / Offer",
        "标题 / Title",
        "价格 / Price ¥",
        "代发 / Dropship ¥",
        "起订 / MOQ",
        "30天销量 / Sold 30d",
    ):
        table.add_column(header)
    for hit in page.offers:
        table.add_row(
            hit.offer_id,
            hit.title_translated or hit.title or "",
            _cell(hit.price_cny),
            _cell(hit.dropship_price_cny),
            _cell(hit.min_order_quantity),
            _cell(hit.sales_30d),
        )
    Console().print(table)


def _offer_json(detail: ProductDetail) -> dict[str, Any]:
    return {
        "offer_id": detail.offer_id,
        "observations": [
            {
                "supplier_id": o.supplier_id,
                "offer_id": o.offer_id,
                "values": o.values,
                "raw": o.raw,
                "provenance": o.provenance.as_dict(),
            }
            for o in observations_from_detail(detail)
        ],
    }


def _offer_table(detail: ProductDetail) -> None:
    observations = observations_from_detail(detail)
    table = Table(title=f"1688 offer {detail.offer_id}: {detail.title or ''}")
    table.add_column("字段 / Field")
    table.add_column("值 / Value")
    for observation in observations:
        for name, value in observation.values.items():
            column = COLUMNS_BY_NAME[name]
            table.add_row(f"{column.label_zh} / {column.label_en}", _cell(value))
    console = Console()
    console.print(table)
    console.print(
        f"来源 / Source: {observations[0].provenance.detail}, "
        f"{observations[0].provenance.observed_at.isoformat()}"
    )


def _print_json(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是 / yes" if value else "否 / no"
    if isinstance(value, list):
        return "; ".join(_tier(v) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


def _tier(tier: dict[str, Any]) -> str:
    upper = tier["max_qty"]
    span = f"{tier['min_qty']}+" if upper is None else f"{tier['min_qty']}-{upper}"
    return f"{span}:{tier['price_cny']}"
