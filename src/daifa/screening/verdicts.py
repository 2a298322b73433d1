"""The verdicts the last screening stored, read back as typed objects.

A ``ScreenExplanation`` keeps a row's verdict as JSON (``RowVerdict.to_json``).
The apps that act on a verdict (verification plans checks from it, monitoring
keeps it at approval) read it here, as a :class:`~daifa.engine.verdicts.RowVerdict`,
never as the dict: a renamed key then fails where it is read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from daifa.accounts.models import Workspace
from daifa.catalog.models import Supplier
from daifa.engine.verdicts import RowVerdict
from daifa.screening.models import ScreenExplanation


def best_verdict(supplier: Supplier) -> RowVerdict | None:
    """The verdict on the supplier's best offer (``None`` before its first screening)."""
    record = (
        ScreenExplanation.objects.filter(supplier=supplier, is_best__in=[True])
        .values_list("record", flat=True)
        .first()
    )
    return RowVerdict.from_json(record) if record else None


def best_verdicts(
    workspace: Workspace,
    suppliers: Iterable[Supplier] | None = None,
    *,
    criteria: Collection[str] | None = None,
) -> Iterator[tuple[int, int, RowVerdict]]:
    """(supplier pk, offer pk, verdict) of each supplier's best offer in the
    workspace, or only of ``suppliers``. ``criteria`` (ids) keeps only those
    criteria in each verdict: reading a whole workspace, the typed objects of
    the others would cost more than the JSON they come from."""
    stored = ScreenExplanation.objects.filter(workspace=workspace, is_best__in=[True])
    if suppliers is not None:
        stored = stored.filter(supplier__in=suppliers)
    for supplier_pk, offer_pk, record in stored.values_list("supplier_id", "offer_id", "record"):
        if record:
            yield supplier_pk, offer_pk, RowVerdict.from_json(_narrowed(record, criteria))


def _narrowed(record: dict[str, Any], criteria: Collection[str] | None) -> dict[str, Any]:
    if criteria is None:
        return record
    return {**record, "criteria": [c for c in record["criteria"] if c["id"] in criteria]}
