"""`daifa kpis` and `daifa alerts`: the monitoring figures for scripts.

    daifa kpis --workspace 店铺A [--supplier S-1] [--format table|json|csv]
    daifa alerts --workspace 店铺A [--state unread] [--format table|json|csv]

Rates are in percent; ``lower``/``upper`` are the Clopper–Pearson 95 % bounds on
the decayed (effective) counts; ``status`` is pass / warn / fail / unknown.
Exit codes: 0 done, 1 no such workspace or supplier, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

KPI_FIELDS = (
    "supplier_id", "kpi", "n", "events", "n_eff", "rate", "lower", "upper", "shrunk",
    "threshold", "status", "more_orders",
)  # fmt: skip
ALERT_FIELDS = ("id", "created_at", "state", "rule", "supplier_id", "title", "evidence", "action")


def register(subparsers: Any) -> None:
    kpis = subparsers.add_parser(
        "kpis",
        help="KPIs from your orders with their bounds / 订单 KPI 及区间",
        description="Per supplier and KPI: n, events, rate, lower, upper, status.",
    )
    kpis.add_argument("--workspace", metavar="NAME", required=True)
    kpis.add_argument("--supplier", metavar="ID", help="one supplier's id")
    kpis.add_argument("--format", choices=("table", "json", "csv"), default="table")
    kpis.set_defaults(func=handle_kpis)
    alerts = subparsers.add_parser(
        "alerts",
        help="monitoring alerts with rule and evidence / 监控提醒",
        description="The workspace's alerts with their rule, evidence and next action.",
    )
    alerts.add_argument("--workspace", metavar="NAME", required=True)
    alerts.add_argument(
        "--state", choices=("unread", "acknowledged", "resolved", "all"), default="all"
    )
    alerts.add_argument("--lang", choices=("zh", "en"), default="en")
    alerts.add_argument("--format", choices=("table", "json", "csv"), default="table")
    alerts.set_defaults(func=handle_alerts)


def _workspace(name: str) -> Workspace | None:
    from daifa.cli import _django

    _django.setup()
    workspace = _django.workspace(name, create=False)
    if workspace is None:
        print(f"daifa: 没有名为 {name!r} 的工作区。\ndaifa: no workspace called {name!r}.",
              file=sys.stderr)  # fmt: skip
    return workspace


def _emit(rows: list[dict[str, Any]], fields: tuple[str, ...], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1, default=str))
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _neutral(row.get(k)) for k in fields})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(*fields)
    for row in rows:
        table.add_row(*("" if row.get(k) is None else str(row.get(k)) for k in fields))
    Console(width=200).print(table)


def _neutral(value: Any) -> Any:
    # Supplier text opened in a spreadsheet must not run as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def handle_kpis(args: argparse.Namespace) -> int:
    workspace = _workspace(args.workspace)
    if workspace is None:
        return 1
    from daifa.monitoring.selectors import kpi_rows

    if args.supplier and not workspace.suppliers.filter(external_id=args.supplier).exists():
        print(f"daifa kpis: 没有供应商 {args.supplier!r}。\ndaifa kpis: no supplier "
              f"{args.supplier!r} in {args.workspace!r}.", file=sys.stderr)  # fmt: skip
        return 1
    rows = kpi_rows(workspace, supplier_external_id=args.supplier)
    _emit(rows, KPI_FIELDS, args.format)
    return 0


def handle_alerts(args: argparse.Namespace) -> int:
    workspace = _workspace(args.workspace)
    if workspace is None:
        return 1
    from daifa.monitoring.selectors import alerts_of

    zh = args.lang == "zh"
    rows = [
        {
            "id": a.pk,
            "created_at": a.created_at.isoformat(),
            "state": a.state,
            "rule": a.rule,
            "supplier_id": a.supplier.external_id if a.supplier else None,
            "title": a.title_zh if zh else a.title_en,
            "evidence": a.evidence_zh if zh else a.evidence_en,
            "action": a.action_zh if zh else a.action_en,
            "data": a.evidence,
        }
        for a in alerts_of(workspace, None if args.state == "all" else args.state)
    ]
    _emit(rows, ALERT_FIELDS, args.format)
    return 0
