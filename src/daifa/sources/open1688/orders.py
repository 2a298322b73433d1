"""Placing a 1688 order at most once, whatever the network does.

A timed-out ``createCrossOrder`` may still have created the order. So
:func:`place_order` never repeats a creation blindly:

1. The seller's own ``reference`` goes into ``outOrderId`` and, as
   ``[daifa:<reference>]``, into the buyer message that 1688 echoes back in the
   order (``baseInfo.buyerFeedback``).
2. Every attempt is written to a journal *before* it is sent and again with its
   outcome (``started`` → ``created`` / ``found`` / ``unknown`` / ``refused`` /
   ``rate_limited``).
3. When an attempt ends unclear (timeout, dropped connection, 5xx, unreadable
   answer), or the journal holds an attempt without an outcome, the order is
   looked up first: by ``outOrderId``, then in the buyer order list created
   since the first attempt, matching the reference. 1688's order list may show
   a new order only seconds later, so the look-up is repeated over a window
   (:data:`LOOKUP_DELAYS`, about 30 s) before it counts as "not there". Only
   when every look-up succeeds and finds nothing is another creation sent.
4. When the look-up itself fails, the outcome is unknown and
   :class:`OrderOutcomeUnknownError` says so, with what to check in 1688.

The journal is a small :class:`OrderJournal` protocol: :class:`MemoryJournal`
for tests and one-off scripts, :class:`JsonlJournal` for a file. A journal may
also offer ``hold(reference)``, a context manager that keeps other processes
from placing the same reference meanwhile; :class:`JsonlJournal` does, with a
file lock (the database journal does it with a lease).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from daifa.sources.open1688 import errors
from daifa.sources.open1688.client import Open1688Client, RetryPolicy
from daifa.sources.open1688.trade import CreateOrderResult, OrderDraft, Refund, TradeOrder

Outcome = Literal["started", "created", "found", "unknown", "refused", "rate_limited"]
_PLACED: tuple[Outcome, ...] = ("created", "found")
_REFERENCE = re.compile(r"[A-Za-z0-9_-]{1,64}")
LIST_PAGE_SIZE = 50
# Seconds between the look-ups after an unclear creation: five look-ups over 30 s,
# so an order that 1688's list shows only after a lag is still found.
LOOKUP_DELAYS: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0)


@dataclass(frozen=True)
class Attempt:
    """One line of the journal."""

    reference: str
    request_hash: str
    number: int
    outcome: Outcome
    at: datetime
    order_ids: tuple[str, ...] = ()
    error_code: str | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "request_hash": self.request_hash,
            "number": self.number,
            "outcome": self.outcome,
            "at": self.at.isoformat(),
            "order_ids": list(self.order_ids),
            "error_code": self.error_code,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        return cls(
            reference=str(data["reference"]),
            request_hash=str(data["request_hash"]),
            number=int(data["number"]),
            outcome=data["outcome"],
            at=datetime.fromisoformat(data["at"]),
            order_ids=tuple(str(i) for i in data.get("order_ids", ())),
            error_code=data.get("error_code"),
            detail=str(data.get("detail", "")),
        )


class OrderJournal(Protocol):
    def record(self, attempt: Attempt) -> None: ...

    def attempts(self, reference: str) -> list[Attempt]: ...


class MemoryJournal:
    """Attempts kept in memory (lost when the process ends)."""

    def __init__(self) -> None:
        self.entries: list[Attempt] = []

    def record(self, attempt: Attempt) -> None:
        self.entries.append(attempt)

    def attempts(self, reference: str) -> list[Attempt]:
        return [a for a in self.entries if a.reference == reference]


class JsonlJournal:
    """Attempts appended to a JSON-lines file, flushed to disk before each call."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def record(self, attempt: Attempt) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(attempt.as_dict(), ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            # The "started" line must survive a crash during the call that follows.
            os.fsync(handle.fileno())

    def attempts(self, reference: str) -> list[Attempt]:
        if not self.path.exists():
            return []
        found = []
        with self.path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    attempt = self._parse(line, number)
                    if attempt.reference == reference:
                        found.append(attempt)
        return found

    @contextlib.contextmanager
    def hold(self, reference: str) -> Iterator[None]:
        """Keep other processes from placing ``reference`` until the block ends.

        An exclusive ``flock`` on ``<journal>.locks/<reference>``: the kernel drops
        it when the process ends, even by kill -9, so no stale lock remains.
        """
        folder = self.path.with_name(self.path.name + ".locks")
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / reference, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise _busy(reference) from None
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _parse(self, line: str, number: int) -> Attempt:
        try:
            return Attempt.from_dict(json.loads(line))
        except (ValueError, KeyError, TypeError) as exc:
            raise errors.JournalError(
                f"Order journal {self.path}, line {number}, cannot be read: {exc!r}.",
                f"订单日志 {self.path} 第 {number} 行无法读取：{exc!r}。",
                action_en="Restore the file from a backup or fix that line; "
                "do not delete it, it records which orders exist.",
                action_zh="请从备份恢复该文件或修正这一行；不要删除，它记录了哪些订单已经存在。",
            ) from exc


@dataclass(frozen=True)
class PlacedOrder:
    """An order that exists on 1688 for ``reference``.

    ``how``: ``created`` by this call, ``found`` on 1688 after an unclear
    attempt, or ``journal`` (already recorded; nothing was sent).
    """

    reference: str
    order_ids: tuple[str, ...]
    how: Literal["created", "found", "journal"]
    attempts: int
    total_cny: Decimal | None = None

    def message(self, lang: str = "en") -> str:
        ids = ", ".join(self.order_ids)
        if lang == "zh":
            how = {
                "created": "已下单",
                "found": "已在 1688 找到（没有重复下单）",
                "journal": "此前已下单",
            }
            return f"参考号 {self.reference}：{how[self.how]}，1688 订单号 {ids}。"
        how_en = {
            "created": "placed",
            "found": "found on 1688 (not ordered twice)",
            "journal": "already placed earlier",
        }
        return f"Reference {self.reference}: {how_en[self.how]}, 1688 order {ids}."


def request_hash(draft: OrderDraft) -> str:
    """Same order content, same hash (it tells a retry from a reused reference)."""
    text = json.dumps(draft.canonical(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def marker(reference: str) -> str:
    """What daifa writes into the buyer message to find the order again."""
    return f"[daifa:{reference}]"


def place_order(
    client: Open1688Client,
    draft: OrderDraft,
    *,
    reference: str,
    journal: OrderJournal,
    max_attempts: int = 3,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
    lookup_delays: Sequence[float] = LOOKUP_DELAYS,
) -> PlacedOrder:
    """Place ``draft`` on 1688 once for ``reference`` (the seller's own order number).

    After an unclear attempt the order is looked up once and again after each of
    ``lookup_delays`` (seconds, waited with ``sleep``) before anything is re-sent.

    Returns a :class:`PlacedOrder`, or raises :class:`OrderNotPlacedError`
    (nothing was bought), :class:`OrderOutcomeUnknownError` (maybe bought: check
    1688 before ordering again) or :class:`ReferenceReusedError`.
    """
    reference = _check_reference(reference)
    hold = getattr(journal, "hold", None)
    with hold(reference) if hold is not None else contextlib.nullcontext():
        # The journal is read inside the hold: no other process can add to it meanwhile.
        run = _Run(client, draft, reference, journal, sleep, retry or RetryPolicy())
        return run.place(max_attempts, lookup_delays=tuple(lookup_delays))


class _Run:
    """The state of one :func:`place_order` call."""

    def __init__(
        self,
        client: Open1688Client,
        draft: OrderDraft,
        reference: str,
        journal: OrderJournal,
        sleep: Callable[[float], None],
        retry: RetryPolicy,
    ) -> None:
        self.client, self.draft, self.reference, self.journal = client, draft, reference, journal
        self.sleep, self.delay = sleep, retry.delays()
        self.digest = request_hash(draft)
        self._retry_after: float | None = None
        self.lookup_delays = LOOKUP_DELAYS
        self.history = journal.attempts(reference)
        self.number = max((a.number for a in self.history), default=0)
        first = self.history[0].at if self.history else client.now()
        # Ten minutes of slack for clock differences between here and 1688.
        self.since = first - timedelta(minutes=10)

    def place(self, max_attempts: int, *, lookup_delays: tuple[float, ...]) -> PlacedOrder:
        self.lookup_delays = lookup_delays
        earlier = self._from_journal()
        if earlier is not None:
            return earlier
        if self._unclear_history():
            found = self._look_up()
            if found is not None:
                return found
        for attempt in range(1, max_attempts + 1):
            placed = self._attempt(last=attempt == max_attempts)
            if placed is not None:
                return placed
            self.sleep(self.delay(attempt, self._retry_after))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _from_journal(self) -> PlacedOrder | None:
        for attempt in self.history:
            if attempt.outcome in _PLACED:
                if attempt.request_hash != self.digest:
                    raise _reused(self.reference, attempt.order_ids)
                return PlacedOrder(self.reference, attempt.order_ids, "journal", self.number)
        return None

    def _unclear_history(self) -> bool:
        started = sum(1 for a in self.history if a.outcome == "started")
        settled = sum(1 for a in self.history if a.outcome in ("refused", "rate_limited"))
        return any(a.outcome == "unknown" for a in self.history) or started > settled

    def _attempt(self, *, last: bool) -> PlacedOrder | None:
        self.number += 1
        self._retry_after = None
        self._record("started")
        try:
            result = self.client.create_cross_order(
                self.draft, out_order_id=self.reference, message=self._message()
            )
        except errors.RateLimitedError as exc:
            # Refused at the gateway before reaching the trade service.
            self._record("rate_limited", error=exc)
            if last:
                raise _not_placed(self.reference, exc) from exc
            self._retry_after = exc.retry_after
            return None
        except (errors.TransportError, errors.ServerError, errors.ResponseFormatError) as exc:
            self._record("unknown", error=exc)
            found = self._look_up(cause=exc)
            if found is None and last:
                raise _not_placed(self.reference, exc) from exc
            return found
        except errors.Open1688Error as exc:
            self._record("refused", error=exc)
            raise _not_placed(self.reference, exc) from exc
        return self._created(result)

    def _created(self, result: CreateOrderResult) -> PlacedOrder:
        self._record("created", order_ids=result.order_ids)
        totals = [o.total_cny for o in result.orders if o.total_cny is not None]
        total = sum(totals, Decimal(0)) if totals else None
        return PlacedOrder(self.reference, result.order_ids, "created", self.number, total)

    def _look_up(self, cause: errors.Open1688Error | None = None) -> PlacedOrder | None:
        orders: list[TradeOrder] = []
        for wait in (0.0, *self.lookup_delays):
            if wait:
                self.sleep(wait)  # 1688's list may show a new order only after a lag
            try:
                orders = find_orders(self.client, self.reference, since=self.since)
            except errors.Open1688Error as exc:
                raise _unknown(self.reference, cause or exc) from exc
            if orders:
                break
        if not orders:
            return None
        ids = tuple(order.order_id for order in orders)
        self._record("found", order_ids=ids)
        total = sum((o.total_cny for o in orders if o.total_cny is not None), Decimal(0))
        return PlacedOrder(self.reference, ids, "found", self.number, total)

    def _message(self) -> str:
        return f"{self.draft.message} {marker(self.reference)}".strip()

    def _record(
        self,
        outcome: Outcome,
        *,
        order_ids: tuple[str, ...] = (),
        error: errors.Open1688Error | None = None,
    ) -> None:
        self.journal.record(
            Attempt(
                reference=self.reference,
                request_hash=self.digest,
                number=self.number,
                outcome=outcome,
                at=self.client.now(),
                order_ids=order_ids,
                error_code=(error.error_code or type(error).__name__) if error else None,
                detail=error.message_en if error else "",
            )
        )


def find_orders(client: Open1688Client, reference: str, *, since: datetime) -> list[TradeOrder]:
    """The buyer's orders created since ``since`` that carry ``reference``.

    Asks by ``outOrderId`` first; the filter is documented as usable for
    idempotency but unverified, so matches are checked, and the plain list of
    orders created since ``since`` is scanned when the filter finds none.
    """
    page = client.buyer_orders(out_order_id=reference, created_from=since, page_size=LIST_PAGE_SIZE)
    found = [o for o in page.orders if _carries(o, reference)]
    page_number = 1
    while not found:
        page = client.buyer_orders(created_from=since, page=page_number, page_size=LIST_PAGE_SIZE)
        found = [o for o in page.orders if _carries(o, reference)]
        if len(page.orders) < LIST_PAGE_SIZE:
            break
        page_number += 1
    return found


def _carries(order: TradeOrder, reference: str) -> bool:
    return order.out_order_id == reference or order.mentions(marker(reference))


def iter_buyer_orders(
    client: Open1688Client, *, modified_from: datetime, modified_to: datetime | None = None
) -> Iterator[TradeOrder]:
    """Every buyer order modified in the window, page by page (for syncing)."""
    page_number = 1
    while True:
        page = client.buyer_orders(
            modified_from=modified_from,
            modified_to=modified_to,
            page=page_number,
            page_size=LIST_PAGE_SIZE,
        )
        yield from page.orders
        if len(page.orders) < LIST_PAGE_SIZE:
            return
        page_number += 1


def iter_refunds(client: Open1688Client, *, modified_from: datetime) -> Iterator[Refund]:
    """Every refund modified since ``modified_from``, page by page (pages start at 0)."""
    page_number = 0
    while True:
        page = client.refunds(
            modified_from=modified_from, page=page_number, page_size=LIST_PAGE_SIZE
        )
        yield from page.refunds
        if len(page.refunds) < LIST_PAGE_SIZE:
            return
        page_number += 1


def _check_reference(reference: str) -> str:
    if not _REFERENCE.fullmatch(reference):
        raise errors.InvalidRequestError(
            f"Order reference {reference!r}: use 1–64 letters, digits, '-' or '_'.",
            f"订单参考号 {reference!r}：请使用 1–64 个字母、数字、“-”或“_”。",
        )
    return reference


def _not_placed(reference: str, cause: errors.Open1688Error) -> errors.OrderNotPlacedError:
    return errors.OrderNotPlacedError(
        f"Order {reference} was not placed: {cause.message_en}",
        f"订单 {reference} 未下单：{cause.message_zh}",
        action_en=f"{cause.action_en} Nothing was bought; it is safe to place it again.".strip(),
        action_zh=f"{cause.action_zh}没有产生订单，可以放心重新下单。",
        api=cause.api,
        error_code=cause.error_code,
        request_id=cause.request_id,
        status_code=cause.status_code,
        reference=reference,
    )


def _unknown(reference: str, cause: errors.Open1688Error) -> errors.OrderOutcomeUnknownError:
    return errors.OrderOutcomeUnknownError(
        f"Order {reference} may or may not exist on 1688: {cause.message_en}",
        f"无法确认订单 {reference} 是否已在 1688 生成：{cause.message_zh}",
        action_en=f"Do not order it again by hand. In 1688 (买家中心 → 我的订单) look for "
        f"'{marker(reference)}' in the buyer message; or run the same order in daifa "
        "later: it looks the reference up first and never buys twice.",
        action_zh=f"请不要手动重新下单。请在 1688 买家中心“我的订单”的买家留言中查找"
        f"“{marker(reference)}”；或稍后在 daifa 中重新提交同一订单：daifa 会先查询，不会重复购买。",
        api=cause.api,
        error_code=cause.error_code,
        request_id=cause.request_id,
        reference=reference,
    )


def _busy(reference: str) -> errors.JournalError:
    return errors.JournalError(
        f"Order {reference} is being placed by another daifa process right now; nothing was sent.",
        f"另一个 daifa 进程正在为参考号 {reference} 下单；本次没有发送任何请求。",
        action_en="Wait until it ends, then run the same order again: it is looked up first.",
        action_zh="请等它结束后再提交同一订单：daifa 会先查询，不会重复购买。",
    )


def _reused(reference: str, order_ids: tuple[str, ...]) -> errors.ReferenceReusedError:
    ids = ", ".join(order_ids)
    return errors.ReferenceReusedError(
        f"Reference {reference} already belongs to 1688 order {ids} with different contents.",
        f"参考号 {reference} 已用于内容不同的 1688 订单 {ids}。",
        action_en="Give the new order its own reference.",
        action_zh="请为新订单使用新的参考号。",
        reference=reference,
    )
