"""A claim's ready message (简体中文 and English) and its evidence bundle (ZIP).

The message quotes the agreement's clause and the computed amount, so the supplier
sees the promise and the arithmetic; the ZIP holds the message, the order's timeline
and every evidence file, ready to attach to a 1688 退款/售后 request.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from daifa.buying.models import Claim
from daifa.buying.states import TIMELINE, pickup_due
from daifa.buying.wording import clauses
from daifa.evidence.services import evidence_path

if TYPE_CHECKING:
    from daifa.verification.models import Check

KIND_ZH = {
    "late_pickup": "逾期揽收",
    "quality": "质量问题",
    "wrong_item": "错发",
    "missing_item": "漏发",
    "damaged": "货物破损",
    "not_as_described": "与描述不符",
}
KIND_EN = {
    "late_pickup": "late pickup",
    "quality": "quality problem",
    "wrong_item": "wrong item",
    "missing_item": "missing item",
    "damaged": "damaged goods",
    "not_as_described": "goods not as described",
}
REMEDY_ZH = {"refund": "退款", "reship": "补发", "exchange": "换货"}
# The clause each claim type rests on (numbers of wording.clauses).
CLAUSE_OF = {
    "late_pickup": 4,
    "quality": 5,
    "damaged": 5,
    "not_as_described": 5,
    "wrong_item": 6,
    "missing_item": 6,
}


def _when(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


# "Not looked up yet" for claim_message's reference (None means there is none).
_LOOK_UP: Any = object()


def claim_message(claim: Claim, *, reference: Any = _LOOK_UP) -> tuple[str, str]:
    """(中文, English) message to send the supplier. ``reference``: the claim's
    reference sample when the caller already looked it up (``claim_reference``)."""
    order = claim.order
    from daifa.buying.services import terms_of

    terms = terms_of(order)
    clause = clauses(terms)[CLAUSE_OF[claim.kind] - 1]
    ref = f"{order.agreement.reference} v{order.agreement.version}" if order.agreement else ""
    evidence = list(claim.evidence.all())
    names = "、".join(f.original_name for f in evidence) or "无"
    names_en = ", ".join(f.original_name for f in evidence) or "none"
    due = pickup_due(order)
    lines_zh = [
        "您好，",
        f"订单 {order.order_id}（{order.title or order.sku or '—'}，数量 {order.quantity or '—'}）"
        f"出现{KIND_ZH[claim.kind]}。",
    ]
    lines_en = [
        "Hello,",
        f"Order {order.order_id} ({order.title or order.sku or '—'}, quantity "
        f"{order.quantity or '—'}) has a {KIND_EN[claim.kind]}.",
    ]
    if claim.kind == "late_pickup":
        lines_zh.append(
            f"付款时间 {_when(order.paid_at)}，约定揽收截止 {_when(due)}，"
            f"实际揽收 {_when(order.picked_up_at or order.shipped_at)}。"
        )
        lines_en.append(
            f"Paid {_when(order.paid_at)}, pickup due {_when(due)}, picked up "
            f"{_when(order.picked_up_at or order.shipped_at)}."
        )
    if claim.description:
        lines_zh.append(f"情况说明：{claim.description}")
        lines_en.append(f"What happened: {claim.description}")
    agreed = (
        f"根据双方协议{('（' + ref + '）') if ref else ''}第{clause.number}条：{clause.text_zh}"
    )
    lines_zh.append(agreed)
    lines_en.append(
        f"Under clause {clause.number} of our agreement{(' (' + ref + ')') if ref else ''}: "
        f"{clause.text_en}"
    )
    lines_zh.append(
        f"按协议计算：{claim.formula_zh}。请求：{REMEDY_ZH[claim.remedy]}，"
        f"并支付 ¥{claim.amount_cny}。"
    )
    lines_en.append(
        f"Computed from the agreement: {claim.formula_en}. We ask for a {claim.remedy} and "
        f"¥{claim.amount_cny}."
    )
    if reference is _LOOK_UP:
        reference = claim_reference(claim)
    if reference is not None:
        ref_zh, ref_en = _reference_lines(reference)
        lines_zh.append(ref_zh)
        lines_en.append(ref_en)
    lines_zh.append(f"证据附件：{names}。请在{terms['answer_hours']}小时内答复，谢谢。")
    lines_en.append(
        f"Evidence attached: {names_en}. Please answer within {terms['answer_hours']} hours. "
        "Thank you."
    )
    return "\n".join(lines_zh), "\n".join(lines_en)


# Claims about what arrived are argued against the sample the seller approved.
REFERENCE_KINDS = ("quality", "not_as_described", "damaged")


def claim_reference(claim: Claim) -> Check | None:
    """The supplier's reference sample (the passing sample test kept by the
    verification), for a claim about what arrived; None otherwise."""
    if claim.kind not in REFERENCE_KINDS:
        return None
    supplier = claim.order.supplier
    if supplier is None:
        return None
    from daifa.verification.selectors import reference_sample

    return reference_sample(supplier)


def _reference_lines(reference: Check) -> tuple[str, str]:
    tested = _when(reference.done_at)
    photos = sum(1 for item in reference.items.all() if item.photo_id)
    return (
        f"随附我方保留的参考样品（{tested} 测试通过，照片 {photos} 张），请对比。",
        f"Attached for comparison: the reference sample we kept (passed on {tested}, "
        f"{photos} photos).",
    )


def _reference_files(archive: zipfile.ZipFile, reference: Check) -> None:
    items = list(reference.items.all())
    rows = ["item\tmeasured\tpassed\tnote"] + [
        f"{i.key}\t{'' if i.measured is None else i.measured}\t{i.passed}\t{i.note}" for i in items
    ]
    archive.writestr("reference-sample/items.tsv", "\n".join(rows))
    for n, item in enumerate((i for i in items if i.photo_id), start=1):
        assert item.photo is not None  # only the items with a photo
        path = evidence_path(item.photo.sha256)
        if path.is_file():
            ext = (item.photo.original_name.rsplit(".", 1)[-1] or "png")[:5]
            archive.write(path, f"reference-sample/{n:02d}-{item.key}.{ext}")


def claim_bundle(claim: Claim) -> bytes:
    """The ZIP: message_zh.txt, message_en.txt, timeline.txt, the evidence files and,
    for a claim about what arrived, the reference sample's measurements and photos."""
    reference = claim_reference(claim)  # once, for the message and the files
    zh, en = claim_message(claim, reference=reference)
    order = claim.order
    timeline = [f"{state}: {_when(getattr(order, field))}" for state, field in TIMELINE] + [
        f"pickup_due: {_when(pickup_due(order))}"
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("message_zh.txt", zh)
        archive.writestr("message_en.txt", en)
        archive.writestr("timeline.txt", "\n".join(timeline))
        for i, file in enumerate(claim.evidence.all(), start=1):
            # Numbered and without any folder part: a supplier's file name can't escape.
            safe = file.original_name.replace("/", "_").replace("\\", "_") or file.sha256[:12]
            path = evidence_path(file.sha256)
            if path.is_file():
                archive.write(path, f"evidence/{i:02d}-{safe}")
        if reference is not None:
            _reference_files(archive, reference)
    return out.getvalue()
