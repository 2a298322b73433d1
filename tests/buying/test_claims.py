"""Claims on orders: the amount the agreement gives, the status flow, message and ZIP."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from daifa.buying import clock
from daifa.buying.claim_files import claim_bundle, claim_message
from daifa.buying.errors import BuyingRefused
from daifa.buying.services import claim_advance, claim_create, order_create, order_mark
from daifa.evidence.pngs import solid_png
from daifa.evidence.services import evidence_store
from tests.buying.conftest import T0


@pytest.fixture
def paid_order(shop):
    order = order_create(
        workspace=shop.workspace, offer=shop.offer, quantity=100, agreement=shop.agreement
    )
    order.shipping_fee_cny = Decimal("10.00")
    order.total_cny = Decimal("1260.00")  # 100 × 12.5 + 10 freight
    order.save()
    order_mark(order=order, step="paid", at=T0)
    return order


def test_late_pickup_claim_is_five_percent_of_the_paid_amount(paid_order):
    order_mark(order=paid_order, step="picked_up", at=T0 + timedelta(hours=40))
    claim = claim_create(order=paid_order, kind="late_pickup")
    assert claim.amount_cny == Decimal("63.00")  # 1260 × 5 %


def test_wrong_item_claim_owes_ten_percent_once_the_reship_time_passed(paid_order):
    claim = claim_create(
        order=paid_order, kind="wrong_item", remedy="reship", now=T0 + timedelta(days=3)
    )
    assert claim.amount_cny == 0
    claim = claim_advance(claim=claim, status="sent", now=T0 + timedelta(days=3, hours=1))
    assert claim.answer_due_at == T0 + timedelta(days=3, hours=25)
    claim = claim_advance(claim=claim, status="replied", now=T0 + timedelta(days=6))
    assert claim.amount_cny == Decimal("126.00")  # 1260 × 10 %, 72 h after the report


def test_quality_claim_is_freight_both_ways_plus_refund_of_the_affected_pieces(paid_order):
    claim = claim_create(
        order=paid_order,
        kind="quality",
        remedy="refund",
        affected_quantity=20,
        return_freight="18.5",
    )
    assert claim.amount_cny == Decimal("278.50")  # 10 + 18.5 + 20 × 12.5


def test_status_flow_and_settlement(paid_order):
    claim = claim_create(order=paid_order, kind="damaged", remedy="reship", return_freight="8")
    with pytest.raises(BuyingRefused):
        claim_advance(claim=claim, status="settled")
    for status in ("sent", "agreed"):
        claim = claim_advance(claim=claim, status=status)
    claim = claim_advance(claim=claim, status="settled", received="15")
    assert claim.received_cny == Decimal("15") and [h["status"] for h in claim.history] == [
        "open",
        "sent",
        "agreed",
        "settled",
    ]


def test_more_pieces_than_ordered_is_refused(paid_order):
    with pytest.raises(BuyingRefused) as caught:
        claim_create(order=paid_order, kind="quality", affected_quantity=101)
    assert caught.value.field == "affected_quantity"


def test_message_quotes_the_clause_and_bundle_holds_the_evidence(paid_order, personas):
    png = SimpleUploadedFile("破损照片.png", solid_png(8, 8, (200, 10, 10)), "image/png")
    photo = evidence_store(workspace=paid_order.workspace, upload=png, by=personas.alice)
    clock.fix(T0 + timedelta(hours=30))
    claim = claim_create(order=paid_order, kind="late_pickup", evidence=[photo])
    zh, en = claim_message(claim)
    assert paid_order.order_id in zh and "第4条" in zh and "¥63.00" in zh and "破损照片.png" in zh
    assert "clause 4" in en and "¥63.00" in en
    with zipfile.ZipFile(io.BytesIO(claim_bundle(claim))) as archive:
        names = archive.namelist()
        assert {"message_zh.txt", "message_en.txt", "timeline.txt"} <= set(names)
        assert "evidence/01-破损照片.png" in names
        assert archive.read("message_zh.txt").decode() == zh


def test_a_quality_claim_carries_the_reference_sample(paid_order, personas):
    from django.utils import timezone

    from daifa.verification.models import Check, SampleItem

    png = SimpleUploadedFile("拉链.png", solid_png(8, 8, (20, 160, 60)), "image/png")
    photo = evidence_store(workspace=paid_order.workspace, upload=png, by=personas.alice)
    reference = Check.objects.create(
        workspace=paid_order.workspace,
        supplier=paid_order.supplier,
        type="sample_test",
        status="done",
        outcome="pass",
        is_reference=True,
        done_at=timezone.now(),
    )
    SampleItem.objects.create(
        check_record=reference, key="zip_cycles", measured=50, passed=True, photo=photo
    )
    quality = claim_create(order=paid_order, kind="quality", remedy="refund")
    zh, en = claim_message(quality)
    assert "参考样品" in zh and "照片 1 张" in zh and "reference sample" in en
    with zipfile.ZipFile(io.BytesIO(claim_bundle(quality))) as archive:
        names = archive.namelist()
        assert "reference-sample/01-zip_cycles.png" in names
        assert "zip_cycles\t50.0\tTrue" in archive.read("reference-sample/items.tsv").decode()
    # The bundle looks the reference sample up once (its message shares the lookup).
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from daifa.verification.models import Check as CheckModel

    table = CheckModel._meta.db_table
    with CaptureQueriesContext(connection) as seen:
        claim_bundle(quality)
    lookups = [q["sql"] for q in seen.captured_queries if f'FROM "{table}"' in q["sql"]]
    assert len(lookups) == 1, lookups
    late = claim_create(order=paid_order, kind="late_pickup")
    assert "参考样品" not in claim_message(late)[0]
    with zipfile.ZipFile(io.BytesIO(claim_bundle(late))) as archive:
        assert not any(n.startswith("reference-sample/") for n in archive.namelist())
