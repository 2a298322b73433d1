"""Alert rules on the other apps' records: a claim past its answer deadline
(buying), a certificate about to expire (verification), a backup supplier not
ready (buying).

Each rule reads plain facts through a small source function (a query of the other
app's model), so the rule itself is tested on plain facts, and the alert is raised
once per event key like every other alert.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.urls import NoReverseMatch, reverse

from daifa.accounts.models import Workspace
from daifa.buying.models import Claim, SupplyLink
from daifa.catalog.models import Offer, Supplier
from daifa.monitoring.models import MonitorSettings
from daifa.verification.models import Certificate

log = logging.getLogger(__name__)

OPEN_CLAIM = ("open", "sent", "replied")
STALE_STOCK = timedelta(days=14)


@dataclass(frozen=True)
class ClaimFact:
    pk: int
    order_id: str
    supplier: Supplier | None
    kind: str
    status: str
    answer_due_at: datetime | None


@dataclass(frozen=True)
class CertificateFact:
    pk: int
    supplier: Supplier
    kind: str
    number: str
    valid_until: date


@dataclass(frozen=True)
class BackupFact:
    pk: int
    product_sku: str
    offer: Offer
    supplier: Supplier
    in_stock: bool | None
    stock_checked_at: datetime | None
    listed: bool


def claims_of(workspace: Workspace) -> Iterable[ClaimFact]:
    query = Claim.objects.filter(workspace=workspace, status__in=OPEN_CLAIM).select_related(
        "order__supplier"
    )
    return [
        ClaimFact(c.pk, c.order.order_id, c.order.supplier, c.kind, c.status, c.answer_due_at)
        for c in query
    ]


def certificates_of(workspace: Workspace) -> Iterable[CertificateFact]:
    query = Certificate.objects.filter(workspace=workspace).select_related("supplier")
    return [CertificateFact(c.pk, c.supplier, c.kind, c.number, c.valid_until) for c in query]


def backups_of(workspace: Workspace) -> Iterable[BackupFact]:
    query = SupplyLink.objects.filter(product__workspace=workspace, rank__gt=0).select_related(
        "product", "offer__supplier"
    )
    return [
        BackupFact(
            link.pk,
            link.product.sku,
            link.offer,
            link.offer.supplier,
            link.in_stock,
            link.stock_checked_at,
            bool(link.offer.external_id or link.offer.facts),
        )  # fmt: skip
        for link in query
    ]


def _link(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# A claim's status in words (buying.Claim.Status, whose labels the .po translates the
# same way), for the alert's evidence: the seller reads these, not the keys.
CLAIM_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "open": ("待发送", "open"),
    "sent": ("已发给供应商", "sent to the supplier"),
    "replied": ("供应商已答复", "supplier replied"),
    "agreed": ("已同意", "agreed"),
    "rejected": ("已拒绝", "rejected"),
    "settled": ("已结清", "settled"),
}


def claims_past_deadline(facts: Iterable[ClaimFact], now: datetime) -> list[ClaimFact]:
    return [f for f in facts if f.answer_due_at is not None and f.answer_due_at < now]


def _claim_status(claim: ClaimFact, lang: int) -> str:
    return CLAIM_STATUS_WORDS.get(claim.status, (claim.status, claim.status))[lang]


def certificates_expiring(
    facts: Iterable[CertificateFact], today: date, days: int
) -> list[CertificateFact]:
    return [f for f in facts if f.valid_until <= today + timedelta(days=days)]


def backups_not_ready(facts: Iterable[BackupFact], now: datetime) -> list[tuple[BackupFact, str]]:
    out = []
    for f in facts:
        if not f.listed:
            out.append((f, "gone"))
        elif f.in_stock is False:
            out.append((f, "no_stock"))
        elif f.stock_checked_at is None or now - f.stock_checked_at > STALE_STOCK:
            out.append((f, "unchecked"))
    return out


WHY = {
    "gone": ("备选商品已不在", "the backup offer is gone"),
    "no_stock": ("备选无货", "the backup is out of stock"),
    "unchecked": ("两周内没确认过库存", "its stock was not confirmed in the last 14 days"),
}


def other_alerts(
    *,
    workspace: Workspace,
    settings: MonitorSettings,
    now: datetime,
    sources: Mapping[str, Callable[[Workspace], Iterable[Any]]] | None = None,
) -> int:
    """Raise the alerts of these rules; ``sources`` replaces the readers in tests."""
    from daifa.monitoring.services import alert_raise

    readers = sources or {
        "claims": claims_of, "certificates": certificates_of, "backups": backups_of
    }  # fmt: skip

    def read(name: str, workspace: Workspace) -> list[Any]:
        # Another app's model may change shape: its rule goes quiet (logged), the rest go on.
        try:
            return list(readers[name](workspace))
        except Exception:
            log.exception("monitoring: cannot read %s", name)
            return []

    raised = 0
    if settings.rule("claim_deadline")["enabled"]:
        for c in claims_past_deadline(read("claims", workspace), now):
            raised += bool(alert_raise(
                workspace=workspace, event_key=f"claim_deadline:{c.pk}", rule="claim_deadline",
                supplier=c.supplier,
                title=(f"索赔 #{c.pk}（订单 {c.order_id}）已过答复期限",
                       f"Claim #{c.pk} (order {c.order_id}) is past its answer deadline"),
                evidence=(f"期限 {c.answer_due_at:%Y-%m-%d %H:%M}，状态：{_claim_status(c, 0)}",
                          f"Due {c.answer_due_at:%Y-%m-%d %H:%M}, status: {_claim_status(c, 1)}"),
                action=("催促供应商，或在 1688 申请平台介入",
                        "Chase the supplier, or ask 1688 to arbitrate"),
                link=_link("buying:claim", workspace.pk, c.pk),
                data={"claim": c.pk, "order_id": c.order_id}, now=now,
            ))  # fmt: skip
    rule = settings.rule("certificate_expiry")
    if rule["enabled"]:
        for cert in certificates_expiring(
            read("certificates", workspace), now.date(), rule["days"]
        ):
            raised += bool(alert_raise(
                workspace=workspace, event_key=f"certificate_expiry:{cert.pk}:{cert.valid_until}",
                rule="certificate_expiry", supplier=cert.supplier,
                title=(f"{cert.supplier}：{cert.kind} 证书 {cert.number} 即将到期",
                       f"{cert.supplier}: {cert.kind} certificate {cert.number} expires soon"),
                evidence=(f"有效期至 {cert.valid_until}（{rule['days']} 天内提醒）",
                          f"Valid until {cert.valid_until} (alert {rule['days']} days ahead)"),
                action=("请供应商提供新证书", "Ask the supplier for the renewed certificate"),
                link=_link("supplier_detail", workspace.pk, cert.supplier.pk),
                data={"certificate": cert.pk, "valid_until": str(cert.valid_until)}, now=now,
            ))  # fmt: skip
    if settings.rule("backup_not_ready")["enabled"]:
        for b, why in backups_not_ready(read("backups", workspace), now):
            raised += bool(alert_raise(
                workspace=workspace, event_key=f"backup_not_ready:{b.pk}:{why}:{now.date()}",
                rule="backup_not_ready", supplier=b.supplier, offer=b.offer,
                title=(f"产品 {b.product_sku} 的备选供应商未就绪",
                       f"The backup for {b.product_sku} is not ready"),
                evidence=WHY[why],
                action=("确认备选的库存与价格，或另找备选",
                        "Confirm the backup's stock and price, or find another"),
                link=_link("supplier_detail", workspace.pk, b.supplier.pk),
                data={"link": b.pk, "why": why}, now=now,
            ))  # fmt: skip
    return raised
