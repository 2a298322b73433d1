"""Every app that acts on a stored verdict reads it typed, through
``daifa.screening.verdicts``: never the JSON dict of ``ScreenExplanation.record``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import daifa
from daifa.engine.verdicts import CriterionVerdict, RowVerdict
from daifa.screening.models import ScreenExplanation
from daifa.screening.verdicts import best_verdict, best_verdicts


def test_no_app_outside_screening_reads_the_stored_verdict_json():
    root = Path(daifa.__file__).parent
    readers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and path.relative_to(root).parts[0] != "screening"
        and "ScreenExplanation" in path.read_text(encoding="utf-8")
    )
    assert readers == [], "read verdicts with daifa.screening.verdicts (typed), not the record"


def test_best_verdicts_are_the_stored_records_typed(personas, screened):
    stored = {
        e.supplier_id: e.record
        for e in ScreenExplanation.objects.filter(workspace=personas.workspace, is_best=True)
    }
    found = {pk: verdict for pk, _, verdict in best_verdicts(personas.workspace)}
    assert found.keys() == stored.keys()
    for pk, verdict in found.items():
        assert isinstance(verdict, RowVerdict) and verdict.to_json() == stored[pk]
    best = screened["S-BEST"]
    assert best_verdict(best) == found[best.pk]
    only = list(best_verdicts(personas.workspace, [best]))
    assert [(pk, v) for pk, _, v in only] == [(best.pk, found[best.pk])]
    # narrowed to some criteria: the same verdict with only those
    narrowed = {pk: v for pk, _, v in best_verdicts(personas.workspace, criteria={"repeat_rate"})}
    assert narrowed.keys() == found.keys()
    for pk, verdict in narrowed.items():
        assert verdict == replace(found[pk], criteria=(found[pk].criterion("repeat_rate"),))


def test_verification_and_monitoring_read_typed_verdicts(personas, screened):
    from daifa.monitoring.services import snapshot_take
    from daifa.verification.selectors import verdict_of

    supplier = screened["S-FAIL"]
    verdict = best_verdict(supplier)
    by_id = verdict_of(supplier)
    assert all(isinstance(c, CriterionVerdict) for c in by_id.values())
    assert by_id["dropship_supported"].status == "fail"
    assert by_id["dropship_supported"].message == verdict.criterion("dropship_supported").message
    snapshot = snapshot_take(supplier=supplier)
    assert snapshot.statuses == {c.id: c.status for c in verdict.criteria}
    assert (snapshot.score, snapshot.grade) == (verdict.score, verdict.grade)


def test_a_supplier_never_screened_has_no_verdict(personas):
    from daifa.catalog.models import Supplier
    from daifa.verification.selectors import verdict_of
    from daifa.verification.services import checks_suggested

    fresh = Supplier.objects.create(workspace=personas.workspace, external_id="S-NEW")
    assert best_verdict(fresh) is None
    assert verdict_of(fresh) == {} and checks_suggested(fresh) == []
