from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from daifa.accounts.models import Membership, Workspace
from daifa.sourcing.models import BuyerToken, Open1688Account, PurchaseOrder, Refund


def account_of(workspace: Workspace) -> Open1688Account | None:
    return Open1688Account.objects.filter(workspace=workspace).first()


def buyer_token_of(account: Open1688Account | None) -> BuyerToken | None:
    if account is None:
        return None
    return BuyerToken.objects.filter(account=account).first()


def is_owner(workspace: Workspace, user: Any) -> bool:
    return workspace.role_of(user) == Membership.Role.OWNER


def orders_of(workspace: Workspace) -> QuerySet[PurchaseOrder]:
    return PurchaseOrder.objects.filter(workspace=workspace).select_related("supplier")


def refunds_of(workspace: Workspace) -> QuerySet[Refund]:
    return Refund.objects.filter(workspace=workspace).select_related("purchase_order")


@dataclass(frozen=True)
class SetupState:
    """What the 1688 pages need before they can call 1688 at all."""

    has_app: bool  # an app key and secret are saved
    has_buyer: bool  # a buyer account has authorised the app

    @property
    def ready(self) -> bool:
        return self.has_app and self.has_buyer


def setup_state(workspace: Workspace) -> SetupState:
    account = account_of(workspace)
    has_app = account is not None and bool(account.app_key) and account.has_secret
    return SetupState(has_app, has_app and buyer_token_of(account) is not None)
