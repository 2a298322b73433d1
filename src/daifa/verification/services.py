"""Writes of the verification app: plan, progress, finish and skip checks; log quotes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from daifa.catalog.models import Offer, Supplier
from daifa.catalog.services import supplier_record_facts
from daifa.engine.verdicts import RowVerdict
from daifa.evidence.models import EvidenceFile
from daifa.screening.verdicts import best_verdict, best_verdicts
from daifa.text import Text
from daifa.verification import rescreen
from daifa.verification.catalogue import CRITERION_CHECKS, DUE_DAYS, OFFER_CHECKS, TYPE_WORDS
from daifa.verification.forms import Reading
from daifa.verification.models import (
    OPEN,
    Certificate,
    Check,
    CheckStatus,
    Quote,
    SampleItem,
)
from daifa.verification.parsing import Bad

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Observation


def _wanted(verdict: RowVerdict) -> dict[tuple[str, str], list[str]]:
    """(check type, topic) → the criteria of a stored verdict that a check answers:
    gates unknown or failed, scores unknown."""
    wanted: dict[tuple[str, str], list[str]] = {}
    for item in verdict.criteria:
        kind, status = item.kind, item.status
        asks = (kind == "gate" and status in ("unknown", "fail")) or (
            kind == "score" and status == "unknown"
        )
        if asks and item.id in CRITERION_CHECKS:
            wanted.setdefault(CRITERION_CHECKS[item.id], []).append(item.id)
    return wanted


def checks_suggested(supplier: Supplier) -> list[tuple[str, str, list[str]]]:
    """The checks the supplier's stored verdict asks for that it does not have yet
    (type, topic, criteria): what ``checks_plan`` would create, read only."""
    verdict = best_verdict(supplier)
    if verdict is None:
        return []
    have = set(Check.objects.filter(supplier=supplier).values_list("type", "topic"))
    return [(k, t, c) for (k, t), c in _wanted(verdict).items() if (k, t) not in have]


def checks_plan(
    *,
    workspace: Workspace,
    suppliers: Iterable[Supplier] | None = None,
    by: User | None = None,
    today: date | None = None,
) -> int:
    """Create the checks the stored screening asks for, for ``suppliers`` (every
    supplier of the workspace when None). A kind of check the supplier already
    has (open, done or skipped) is not planned again: "check again" does that.
    Returns how many checks were created."""
    today = today or timezone.localdate()
    have = set(
        Check.objects.filter(workspace=workspace).values_list("supplier_id", "type", "topic")
    )
    new = []
    for supplier_id, offer_id, verdict in best_verdicts(
        workspace, suppliers, criteria=CRITERION_CHECKS
    ):
        for (kind, topic), criteria in _wanted(verdict).items():
            if (supplier_id, kind, topic) in have:
                continue
            new.append(
                Check(
                    workspace=workspace,
                    supplier_id=supplier_id,
                    offer_id=offer_id if kind in OFFER_CHECKS else None,
                    type=kind,
                    topic=topic,
                    criteria=criteria,
                    due=today + timedelta(days=DUE_DAYS[kind]),
                    created_by=by,
                )
            )
            have.add((supplier_id, kind, topic))
    Check.objects.bulk_create(new, batch_size=1000)
    return len(new)


def check_create(
    *, supplier: Supplier, type: str, topic: str = "", offer: Offer | None = None,
    by: User | None = None,
    due: date | None = None,
) -> Check:  # fmt: skip
    """A check added by hand (or "check again" after one was done)."""
    found = Check.objects.filter(supplier=supplier, type=type, topic=topic, status__in=OPEN).first()
    if found is not None:
        return found
    criteria = [c for c, kind in CRITERION_CHECKS.items() if kind == (type, topic)]
    if offer is None and type in OFFER_CHECKS:  # the offer the verdict is about
        from daifa.screening.selectors import judged_offer_id

        judged = judged_offer_id(supplier)
        offer = Offer.objects.filter(pk=judged).first() if judged is not None else None
    return Check.objects.create(
        workspace=supplier.workspace,
        supplier=supplier,
        offer=offer if type in OFFER_CHECKS else None,
        type=type,
        topic=topic,
        criteria=criteria,
        due=due or timezone.localdate() + timedelta(days=DUE_DAYS[type]),
        created_by=by,
    )


def _refuse_closed(check: Check) -> None:
    if not check.is_open:
        raise Bad(
            f"Check #{check.pk} is already {check.status}; use “check again” for a new one",
            f"核对 #{check.pk} 已{'完成' if check.status == 'done' else '跳过'}；"
            "如需重新核对请点“再核对一次”",
        )


def check_progress(
    *, check: Check, reading: Reading, by: User | None, files: Sequence[EvidenceFile] = (),
    items_photos: Mapping[str, EvidenceFile] | None = None, rescreen_now: bool = True,
) -> Check:  # fmt: skip
    """Keep a partly filled check (answers so far, evidence); nothing reaches the
    criteria, except a question's answers already given, which count at once.
    A check with something entered waits for the supplier."""
    recorded = _progress(check, reading, by, files, items_photos)
    if recorded and rescreen_now:  # after the transaction: never screen inside it
        rescreen.check_recorded(check.supplier)
    return check


@transaction.atomic
def _progress(
    check: Check,
    reading: Reading,
    by: User | None,
    files: Sequence[EvidenceFile],
    items_photos: Mapping[str, EvidenceFile] | None,
) -> bool:
    _refuse_closed(check)
    _keep(check, reading, by, files, items_photos)
    _start_verifying(check, by)
    check.status = CheckStatus.WAITING
    check.outcome = reading.outcome or "partial"
    if check.sent_at is None:
        check.sent_at = timezone.now()
    check.save()
    if reading.values and check.type == "inquiry":
        return _record(check, reading.values, by) is not None
    return False


def _keep(
    check: Check,
    reading: Reading,
    by: User | None,
    files: Sequence[EvidenceFile],
    items_photos: Mapping[str, EvidenceFile] | None,
) -> None:
    check.data = reading.data
    check.updated_by = by
    if files:
        check.evidence.add(*files)
    if check.type == "sample_test":
        photos = items_photos or {}
        for item in reading.items:
            row, _ = SampleItem.objects.update_or_create(
                check_record=check,
                key=item["key"],
                defaults={
                    "measured": item["measured"],
                    "passed": item["passed"],
                    "note": item["note"],
                },
            )
            if item["key"] in photos:
                row.photo = photos[item["key"]]
                row.save(update_fields=["photo"])
                check.evidence.add(photos[item["key"]])


def _start_verifying(check: Check, by: User | None) -> None:
    """The first check worked on moves a candidate to "verifying" (its timeline
    says so); any other stage is the seller's own decision and stays."""
    from daifa.lifecycle.models import Stage
    from daifa.lifecycle.selectors import supplier_stage
    from daifa.lifecycle.services import supplier_stage_change

    if supplier_stage(check.supplier) == Stage.CANDIDATE:
        supplier_stage_change(
            supplier=check.supplier,
            to=Stage.VERIFYING,
            by=by,
            reason=Text(
                f"{TYPE_WORDS[check.type][0]} #{check.pk}",
                f"{TYPE_WORDS[check.type][1]} #{check.pk}",
            ),
        )


def _record(check: Check, values: dict[str, Any], by: User | None) -> Observation | None:
    name = by.get_username() if by is not None else "daifa"
    return supplier_record_facts(
        supplier=check.supplier,
        offer=check.offer,
        values=values,
        kind="check",
        detail=f"{name}: {TYPE_WORDS[check.type][1]} #{check.pk}",
        raw={"check": check.pk, "type": check.type, "topic": check.topic, "data": check.data},
    )


def sample_photo_missing(
    check: Check, reading: Reading, items_photos: Mapping[str, EvidenceFile] | None
) -> list[str]:
    """Failed sample items without a photo (their photo is the evidence)."""
    have = set(items_photos or {}) | set(
        SampleItem.objects.filter(check_record=check, photo__isnull=False).values_list(
            "key", flat=True
        )
    )
    return [i["key"] for i in reading.items if i["passed"] is False and i["key"] not in have]


@transaction.atomic
def _finish(
    check: Check,
    reading: Reading,
    by: User | None,
    files: Sequence[EvidenceFile],
    items_photos: Mapping[str, EvidenceFile] | None,
    certificate_file: EvidenceFile | None,
) -> Check:
    _refuse_closed(check)
    _keep(check, reading, by, files, items_photos)
    _start_verifying(check, by)
    values = dict(reading.values)
    if check.type == "certificate":
        assert certificate_file is not None  # check_finish refuses a certificate without one
        values = _certificate(check, reading, certificate_file)
    check.values = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}
    check.outcome = reading.outcome
    check.status = CheckStatus.DONE
    check.done_at = timezone.now()
    check.is_reference = check.type == "sample_test" and reading.outcome == "pass"
    check.observation = _record(check, values, by) if values else None
    check.save()
    return check


def check_finish(
    *, check: Check, reading: Reading, by: User | None, files: Sequence[EvidenceFile] = (),
    items_photos: Mapping[str, EvidenceFile] | None = None,
    certificate_file: EvidenceFile | None = None, rescreen_now: bool = True,
) -> Check:  # fmt: skip
    """Finish a check: keep the answers and evidence, write what they mean to the
    supplier's facts as a ``check`` observation (its provenance: who, which check,
    the answers), then re-screen so the next page shows the new verdict."""
    if not reading.complete:
        raise Bad(
            f"Check #{check.pk} is not complete yet; save it to finish later",
            f"核对 #{check.pk} 尚未填写完整；可以先保存，稍后完成",
        )
    if check.type == "sample_test" and sample_photo_missing(check, reading, items_photos):
        raise Bad("A failed item needs a photo", "不合格项必须附照片")
    if check.type == "certificate" and certificate_file is None:
        raise Bad("Certificate file: attach the certificate (PDF or photo)",
                  "证书文件：请上传证书（PDF 或照片）")  # fmt: skip
    _finish(check, reading, by, files, items_photos, certificate_file)
    if rescreen_now:  # (the demo records many checks, then screens once)
        rescreen.check_recorded(check.supplier)
    return check


def _certificate(check: Check, reading: Reading, file: EvidenceFile) -> dict[str, Any]:
    data = reading.data
    offer = check.offer or check.supplier.offers.order_by("position", "id").first()
    Certificate.objects.create(
        workspace=check.workspace,
        supplier=check.supplier,
        offer=offer,
        check_record=check,
        kind=data["kind"],
        number=data["number"],
        issuer=data["issuer"],
        valid_until=date.fromisoformat(data["valid_until"]),
        file=file,
    )
    check.evidence.add(file)
    if data.get("expired"):
        return {}  # an expired certificate proves nothing: the criterion keeps its value
    current = list((offer.facts if offer else {}).get("certifications") or [])
    if data["kind"] not in current:
        current.append(data["kind"])
    return {"certifications": current}


@transaction.atomic
def check_skip(*, check: Check, by: User | None, reason: str) -> Check:
    _refuse_closed(check)
    reason = (reason or "").strip()
    if not reason:
        raise Bad(
            "Reason: skipping a check needs a reason (e.g. the supplier refused)",
            "理由：跳过核对必须填写理由（例如供应商拒绝回答）",
        )
    check.status = CheckStatus.SKIPPED
    check.skip_reason = reason[:2000]
    check.updated_by = by
    check.done_at = timezone.now()
    check.save()
    return check


def check_mark_sent(*, check: Check, by: User | None, at: datetime | None = None) -> Check:
    """The question was sent / the order placed: the check waits for the supplier."""
    _refuse_closed(check)
    check.status = CheckStatus.WAITING
    check.sent_at = at or timezone.now()
    check.updated_by = by
    check.save(update_fields=["status", "sent_at", "updated_by", "updated_at"])
    return check


def check_set_due(*, check: Check, by: User | None, due: date) -> Check:
    _refuse_closed(check)
    check.due = due
    check.updated_by = by
    check.save(update_fields=["due", "updated_by", "updated_at"])
    return check


def quote_add(*, offer: Offer, by: User | None, **fields: Any) -> Quote:
    return Quote.objects.create(
        workspace=offer.workspace, supplier=offer.supplier, offer=offer, created_by=by, **fields
    )
