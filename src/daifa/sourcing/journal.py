"""The order journal in the database: :class:`DbJournal` (an ``OrderJournal``).

``place_order`` records a ``started`` line before each creation call and a line
with the outcome after it. On top of that, this journal holds a *lease*: the
``started`` line stays ``open`` from the call until the run ends (a placed or
refused outcome, or :meth:`DbJournal.release`). A partial unique constraint
allows one open line per reference, so a second process that tries to place
the same reference while the first is still at it gets a ``JournalError``
before it sends anything; another constraint allows one placed order per
reference. A lease left by a crashed process expires after ``lease``.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from daifa.accounts.models import Workspace
from daifa.sources.open1688 import Attempt, JournalError
from daifa.sourcing.models import PLACED_OUTCOMES, OrderAttempt

# Ends the run: no further attempt follows from the same place_order call.
_FINAL = (*PLACED_OUTCOMES, "refused")


class DbJournal:
    """Attempts of one ``place_order`` call, in ``workspace``'s ``OrderAttempt`` rows."""

    def __init__(self, workspace: Workspace, *, lease: timedelta = timedelta(minutes=5)) -> None:
        self.workspace = workspace
        self.lease = lease
        self.holder = uuid.uuid4().hex

    def __repr__(self) -> str:
        return f"DbJournal(workspace={self.workspace.pk}, holder={self.holder!r})"

    def attempts(self, reference: str) -> list[Attempt]:
        rows = OrderAttempt.objects.filter(workspace=self.workspace, reference=reference)
        return [row.as_attempt() for row in rows]

    def record(self, attempt: Attempt) -> None:
        try:
            with transaction.atomic():
                if attempt.outcome == "started":
                    self._take_lease(attempt.reference)
                elif attempt.outcome in PLACED_OUTCOMES and self._already_placed(attempt):
                    return
                self._insert(attempt)
                if attempt.outcome in _FINAL:
                    self._close(attempt.reference)
        except IntegrityError as exc:
            # Another process got there between our check and our insert.
            if attempt.outcome == "started":
                raise _busy(attempt.reference) from exc
            if not self._already_placed(attempt):
                raise

    def release(self, reference: str) -> None:
        """End this journal's lease on ``reference`` (call when ``place_order`` returns)."""
        self._close(reference)

    def _insert(self, attempt: Attempt) -> None:
        OrderAttempt.objects.create(
            workspace=self.workspace,
            reference=attempt.reference,
            request_hash=attempt.request_hash,
            number=attempt.number,
            outcome=attempt.outcome,
            at=attempt.at,
            order_ids=list(attempt.order_ids),
            error_code=attempt.error_code or "",
            detail=attempt.detail,
            open=attempt.outcome == "started",
            holder=self.holder,
        )

    def _lines(self, reference: str) -> QuerySet[OrderAttempt]:
        return OrderAttempt.objects.filter(workspace=self.workspace, reference=reference)

    def _take_lease(self, reference: str) -> None:
        lines = self._lines(reference)
        placed = lines.filter(outcome__in=PLACED_OUTCOMES).first()
        if placed is not None:
            raise _placed_elsewhere(reference, placed.order_ids)
        held = lines.filter(open=True).first()
        if held is None:
            return
        if held.holder != self.holder and held.recorded_at > timezone.now() - self.lease:
            raise _busy(reference, since=held.recorded_at)
        # Our own previous attempt, or one a crashed process left behind.
        lines.filter(pk=held.pk).update(open=False)

    def _already_placed(self, attempt: Attempt) -> bool:
        placed = self._lines(attempt.reference).filter(outcome__in=PLACED_OUTCOMES).first()
        if placed is None:
            return False
        if set(placed.order_ids) == set(attempt.order_ids):
            return True  # another process found the same order: nothing new to say
        raise _two_orders(attempt.reference, placed.order_ids, attempt.order_ids)

    def _close(self, reference: str) -> None:
        self._lines(reference).filter(open=True, holder=self.holder).update(open=False)


def _busy(reference: str, since: object = None) -> JournalError:
    when = f" (since {since:%Y-%m-%d %H:%M:%S %Z})" if since is not None else ""
    when_zh = f"（开始于 {since:%Y-%m-%d %H:%M:%S %Z}）" if since is not None else ""
    return JournalError(
        f"Order {reference} is being placed by another daifa process right now{when}; "
        "nothing was sent.",
        f"另一个 daifa 进程正在为参考号 {reference} 下单{when_zh}；本次没有发送任何请求。",
        action_en="Wait a few minutes and look at the orders page before trying again.",
        action_zh="请等待几分钟，先查看订单页面再重试。",
    )


def _placed_elsewhere(reference: str, order_ids: list[str]) -> JournalError:
    ids = ", ".join(order_ids)
    return JournalError(
        f"Order {reference} was already placed as 1688 order {ids}; nothing was sent.",
        f"参考号 {reference} 已下单（1688 订单号 {ids}）；本次没有发送任何请求。",
        action_en="Nothing to do: the order exists.",
        action_zh="无需操作：订单已存在。",
    )


def _two_orders(reference: str, first: list[str], second: tuple[str, ...]) -> JournalError:
    ids = f"{', '.join(first)} / {', '.join(second)}"
    return JournalError(
        f"Reference {reference} names two different 1688 orders: {ids}.",
        f"参考号 {reference} 对应两个不同的 1688 订单：{ids}。",
        action_en="Check both orders in 1688 (买家中心 → 我的订单) and cancel the duplicate.",
        action_zh="请在 1688 买家中心“我的订单”核对这两个订单，并取消重复的那个。",
    )
