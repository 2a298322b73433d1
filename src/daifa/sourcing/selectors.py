from __future__ import annotations

from django.db.models import QuerySet

from daifa.accounts.models import Membership, Workspace
from daifa.sourcing.models import BuyerToken, Open1688Account, PurchaseOrder, Refund


def account_of(workspace: Workspace) -> Open1688Account | None:
    return Open1688Account.objects.filter(workspace=workspace).first()


def buyer_token_of(account: Open1688Account | None) -> BuyerToken | None:
    if account is None:
        return None
    return BuyerToken.objects.filter(account=account).first()


def is_owner(workspace: Workspace, user) -> bool:
    return workspace.role_of(user) == Membership.Role.OWNER


def orders_of(workspace: Workspace) -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.objects.filter(workspace=workspace).select_related("supplier")


def refunds_of(workspace: Workspace) -> QuerySet[Refund]:
    return Refund.objects.filter(workspace=workspace).select_related("purchase_order")
