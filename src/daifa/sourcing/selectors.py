from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from daifa.accounts.models import Membership, Workspace
from daifa.sourcing.models import BuyerToken, Open1688Account, PurchaseOrder, Refund
from daifa.sourcing.secrets import unseal


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
    # Every supplier page asks: one plain statement of three columns, not the
    # account's model and then its token's (the ORM cost more than the answer).
    account, token = Open1688Account._meta.db_table, BuyerToken._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.app_key, a.app_secret, EXISTS(SELECT 1 FROM {token} t"
            f" WHERE t.account_id = a.id) FROM {account} a WHERE a.workspace_id = %s"
            " ORDER BY a.id LIMIT 1",
            [workspace.pk],
        )
        found = cursor.fetchone()
    if found is None:
        return SetupState(False, False)
    app_key, stored_secret, has_buyer = found
    # The secret opened as the model opens it: "" when this server's keys cannot.
    has_app = bool(app_key) and bool(stored_secret) and bool(unseal(stored_secret))
    return SetupState(has_app, has_app and bool(has_buyer))
