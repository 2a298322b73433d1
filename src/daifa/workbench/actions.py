"""The workbench's use cases: a write, then the re-screening it makes due.

One owner for "data changed -> re-screen -> pages expire". Views, CLI commands
and tasks call these functions; the apps that store data (catalog, costs,
sourcing, and the workflow apps built on them) never call the screening.

* Every write of screening input bumps ``Workspace.data_version`` in its own
  transaction (``daifa.accounts.versions.data_version_bump``); the page caches
  are keyed on it (``daifa.web.pagecache``), so no page outlives the data.
* A write about a few suppliers re-screens them, with their product groups, at
  once, before the request answers (``screening_refresh_suppliers``; about a
  second in a 10,000-supplier workspace, see ``bench/rescreen.py``): the page
  the seller is sent to shows the new verdict.
* A write about the whole workspace screens everything: at once for an import
  (in its job's worker or the CLI) and a new profile (as the seller saves it);
  queued for the costs, and for a write about more than ``SYNC_OFFERS`` offers
  (``daifa.screening.tasks.refresh_workspace``; queued runs de-duplicate
  themselves). Until it lands, ``screened_version < data_version`` and the
  pages say "re-screening".

For other apps, after a write that changes what the screening reads about some
suppliers (facts, checks, orders...)::

    from daifa.workbench.actions import suppliers_changed
    suppliers_changed(workspace=workspace, supplier_ids=[supplier.pk], by=request.user)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.db import transaction

from daifa.accounts.models import Workspace
from daifa.accounts.versions import (
    data_version_bump,
    queued_version_set,
    screened_version_advance,
    versions_of,
)
from daifa.catalog.models import Observation, Offer, Supplier
from daifa.catalog.services import supplier_record_facts
from daifa.engine.profile import Profile
from daifa.importers.capture.services import CaptureSaved, supplier_capture
from daifa.screening import services as screening
from daifa.screening.models import WorkspaceProfile
from daifa.screening.tasks import refresh_workspace

if TYPE_CHECKING:
    from daifa.importers.open1688.services import StoreResult

log = logging.getLogger(__name__)

T = TypeVar("T")

# Offers a write may re-screen inside the request (the changed suppliers' and
# every offer of their product groups); beyond, the whole workspace is queued.
SYNC_OFFERS = 5000
SYNC_SUPPLIERS = 200


@dataclass(frozen=True)
class Rescreen:
    """What a write's re-screening did: ``screened`` (the results are stored),
    ``queued`` (a whole-workspace screening will store them) or ``none``
    (nothing changed). ``version`` is the workspace's data version after the write."""

    how: Literal["screened", "queued", "none"]
    version: int


# -- the public entry points for every app -----------------------------------------


def suppliers_changed(
    *, workspace: Workspace, supplier_ids: Iterable[int], by: Any = None
) -> Rescreen:
    """Call after any write that changes what the screening reads about these
    suppliers (``Supplier`` primary keys): bumps the workspace's data version and
    re-screens them with their product groups at once (queues a whole-workspace
    screening when they are too many). Call it after your transaction commits;
    inside one it works too, but the re-screening then runs inside it. ``by`` is
    the user who made the change, for the log."""
    with transaction.atomic():
        after = data_version_bump(workspace=workspace)
    return _rescreen(workspace, set(supplier_ids), after=after, by=by)


def workspace_changed(*, workspace: Workspace, by: Any = None) -> Rescreen:
    """Call after a write that may change every supplier's verdict (costs, rate
    cards, settings): bumps the data version and queues a whole-workspace screening."""
    with transaction.atomic():
        after = data_version_bump(workspace=workspace)
    log.info("workspace %s changed by %s: re-screening queued", workspace.pk, by)
    return _queue(workspace, after)


# -- use cases ----------------------------------------------------------------------


def facts_record(
    *,
    supplier: Supplier,
    values: dict[str, Any],
    kind: str,
    detail: str,
    offer: Offer | None = None,
    by: Any = None,
) -> Observation | None:
    """Record facts typed or checked by hand and re-screen the supplier (its page
    shows the new verdict on the next request). None when nothing changed."""
    workspace = supplier.workspace
    observation, after = _written(
        workspace,
        lambda: supplier_record_facts(
            supplier=supplier, offer=offer, values=values, kind=kind, detail=detail
        ),
    )
    _rescreen(workspace, {supplier.pk} if observation else set(), after=after, by=by)
    return observation


def page_capture(*, workspace: Workspace, by: Any = None, **capture: Any) -> CaptureSaved:
    """Store a pasted 1688 page (``supplier_capture``'s arguments) and re-screen its supplier."""
    saved, after = _written(workspace, lambda: supplier_capture(workspace=workspace, **capture))
    changed = saved.observation is not None or saved.supplier_created or saved.offer_created
    _rescreen(workspace, {saved.supplier.pk} if changed else set(), after=after, by=by)
    return saved


def observations_1688_store(
    *, workspace: Workspace, observations: Iterable[Any], by: Any = None
) -> StoreResult:
    """Store observations read from 1688 and re-screen the suppliers they changed."""
    from daifa.importers.open1688.services import observations_store

    found = list(observations)
    result, after = _written(
        workspace, lambda: observations_store(workspace=workspace, observations=found)
    )
    changed = {s.pk for s in result.suppliers} if result.observations else set()
    _rescreen(workspace, changed, after=after, by=by)
    return result


def store_result_changed(*, workspace: Workspace, result: Any, by: Any = None) -> Any:
    """Re-screen after a 1688 service that stored observations itself (``StoreResult``)."""
    if result.observations:
        suppliers_changed(workspace=workspace, supplier_ids=[s.pk for s in result.suppliers], by=by)
    return result


def profile_save(*, workspace: Workspace, profile: Profile, by: Any = None) -> WorkspaceProfile:
    """Store the scoring profile and screen every supplier with it, at once."""
    return screening.profile_save(workspace=workspace, profile=profile, user=by)


def workspace_screen(*, workspace: Workspace) -> Any:
    """Screen the whole workspace now (after an import, in the CLI or a job worker,
    which already run in the background). Returns the engine's result."""
    return screening.screening_refresh(workspace=workspace)


# -- how -----------------------------------------------------------------------------


def _written(workspace: Workspace, write: Callable[[], T]) -> tuple[T, int]:
    """Run ``write`` in one transaction that bumps the data version first (which
    takes the database's write lock, so no other write falls between) and return
    its result with the data version after it."""
    with transaction.atomic():
        data_version_bump(workspace=workspace)
        result = write()
        after = versions_of(workspace)[0]
    workspace.data_version = after
    return result, after


def _small(workspace: Workspace, supplier_pks: set[int]) -> bool:
    if len(supplier_pks) > SYNC_SUPPLIERS:
        return False
    own = Offer.objects.filter(supplier_id__in=supplier_pks)
    groups = set(own.exclude(product_group="").values_list("product_group", flat=True))
    # Each count by its own index (an OR of both walks every offer of the
    # workspace); by the group's index alone, so other workspaces' offers of the
    # same group names count too: a cautious bound.
    in_groups = Offer.objects.filter(product_group__in=groups)
    return own.exclude(product_group__in=groups).count() + in_groups.count() <= SYNC_OFFERS


def _rescreen(
    workspace: Workspace, supplier_pks: set[int], *, after: int, by: Any = None
) -> Rescreen:
    if not supplier_pks:
        # Nothing the screening reads changed: as screened as before.
        screened_version_advance(workspace=workspace, version=after, whole=False)
        return Rescreen("none", after)
    log.info("suppliers %s of workspace %s changed by %s", sorted(supplier_pks), workspace.pk, by)
    if not _small(workspace, supplier_pks):
        return _queue(workspace, after)
    try:
        done = screening.screening_refresh_suppliers(
            workspace=workspace, supplier_pks=supplier_pks, version=after
        )
    except Exception:  # the write stands; a whole screening, queued, retries
        log.exception("re-screening suppliers %s failed", sorted(supplier_pks))
        done = False
    if not done:
        # Marked as a change of its own, so the queued screening cannot find
        # itself already answered by a later supplier's re-screening.
        return workspace_changed(workspace=workspace, by=by)
    return Rescreen("screened", after)


def _queue(workspace: Workspace, version: int) -> Rescreen:
    queued_version_set(workspace=workspace, version=version)
    refresh_workspace.enqueue(workspace.pk, version)
    return Rescreen("queued", version)
