"""`daifa order`: record purchase orders, import order files, list overdue pickups.

Orders go through the same service as the page, so a blocked supplier or a quantity
below the MOQ is refused here too (exit code 1, the reason in zh or en).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from daifa.cli import UsageError

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("order", help="purchase orders: add, import, overdue")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record an order (MOQ and blocked suppliers checked)")
    add.add_argument("--workspace", required=True, metavar="NAME")
    add.add_argument("--offer", required=True, metavar="OFFER_ID", help="the 1688 offer id")
    add.add_argument("--supplier", metavar="SUPPLIER_ID", help="when offer ids repeat")
    add.add_argument("--quantity", required=True, type=int)
    add.add_argument("--sku", default="")
    add.add_argument("--ship-to", default="", dest="ship_to")
    add.add_argument("--payment", default="alipay", choices=["alipay", "credit", "bank"])
    add.add_argument("--remark", default="")
    add.add_argument(
        "--agreement", metavar="REFERENCE", help="e.g. PA-20261102-001 (newest version)"
    )
    add.add_argument("--order-id", default="", dest="order_id", help="the 1688 order number")
    add.add_argument("--lang", choices=["zh", "en"], default="zh")
    add.set_defaults(func=run_add)
    imp = actions.add_parser(
        "import", help="import a 1688 order export, refund list or orders sheet"
    )
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--workspace", required=True, metavar="NAME")
    imp.add_argument("--lang", choices=["zh", "en"], default="zh")
    imp.set_defaults(func=run_import)
    overdue = actions.add_parser("overdue", help="paid orders past their pickup time")
    overdue.add_argument("--workspace", required=True, metavar="NAME")
    overdue.add_argument("--lang", choices=["zh", "en"], default="zh")
    overdue.set_defaults(func=run_overdue)


def _workspace(args: argparse.Namespace) -> Workspace:
    from daifa.cli import _django

    _django.setup()
    workspace = _django.workspace(args.workspace, create=False)
    if workspace is None:
        raise UsageError(f"no workspace named {args.workspace!r}")
    return workspace


def run_add(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    from daifa.buying.errors import BuyingRefused
    from daifa.buying.models import Agreement
    from daifa.buying.services import order_create
    from daifa.catalog.models import Offer

    offers = Offer.objects.filter(workspace=workspace, external_id=args.offer)
    if args.supplier:
        offers = offers.filter(supplier__external_id=args.supplier)
    found = list(offers.select_related("supplier")[:2])
    if len(found) != 1:
        raise UsageError(
            f"offer {args.offer!r}: {'not found' if not found else 'several; add --supplier'}"
        )
    agreement = None
    if args.agreement:
        agreement = (
            Agreement.objects.filter(workspace=workspace, reference=args.agreement)
            .order_by("-version")
            .first()
        )
        if agreement is None:
            raise UsageError(f"no agreement {args.agreement!r}")
    try:
        order = order_create(
            workspace=workspace,
            offer=found[0],
            quantity=args.quantity,
            sku=args.sku,
            ship_to=args.ship_to,
            payment_method=args.payment,
            remark=args.remark,
            agreement=agreement,
            order_id=args.order_id,
        )
    except BuyingRefused as exc:
        print(f"daifa: {exc.message(args.lang)}", file=sys.stderr)
        return 1
    print(order.order_id)
    return 0


def run_import(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    workspace = _workspace(args)
    from daifa.buying.order_files import OrderFileError, orders_import_path

    try:
        result = orders_import_path(workspace=workspace, path=args.file)
    except OrderFileError as exc:
        for line in exc.lines(args.lang):
            print(line, file=sys.stderr)
        return 1
    zh = args.lang == "zh"
    print(
        f"新增 {result.created}，更新 {result.updated}，未匹配供应商 {result.unmatched}"
        if zh
        else f"{result.created} new, {result.updated} updated, {result.unmatched} unmatched"
    )
    return 0


def run_overdue(args: argparse.Namespace) -> int:
    workspace = _workspace(args)
    from daifa.buying import clock
    from daifa.buying.selectors import overdue_orders

    for order in overdue_orders(workspace, clock.now()):
        due = order.pickup_due_at.isoformat() if order.pickup_due_at else ""
        print(f"{order.order_id}\t{order.supplier or order.seller_login_id}\t{due}")
    return 0
