from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

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
    # One query of three columns (every supplier page asks), not the account's
    # model and its token's: the secret is only opened to see it is not empty.
    found = (
        Open1688Account.objects.filter(workspace=workspace)
        .order_by("pk")
        .values_list(
            "app_key", "app_secret", Exists(BuyerToken.objects.filter(account=OuterRef("pk")))
        )
        .first()
    )
    if found is None:
        return SetupState(False, False)
    app_key, secret, has_buyer = found
    has_app = bool(app_key) and bool(secret)
    return SetupState(has_app, has_app and has_buyer)
