"""Every check type's effect on its criteria: pass, fail, partial and skipped,
with the evidence shown on the page and the verdict new after the redirect."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daifa.catalog.models import Observation
from daifa.screening.models import ScreenRow
from daifa.verification.models import Certificate, Check
from tests.verification.conftest import pdf, png


def row(supplier) -> ScreenRow:
    return ScreenRow.objects.get(supplier=supplier, is_best=True)


def offer_facts(supplier) -> dict:
    return row(supplier).offer.facts


# -- planning --------------------------------------------------------------------------


def test_the_verdicts_open_gates_and_unknown_scores_become_checks(steps, screened):
    supplier = screened["S-MID"]
    url = reverse("verification:supplier_checks", args=[steps.ws, supplier.pk])
    suggested = steps.client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="suggested"' in suggested and "Second-account stock probe" in suggested
    assert not Check.objects.exists()  # a GET only shows them
    started = steps.client.post(url, {"add": "test_order"})
    check = Check.objects.get()
    assert started["Location"] == steps.url(check) and check.criteria == ["test_order_ship_hours"]
    html = steps.plan(supplier).content.decode()
    kinds = {(c.type, c.topic) for c in Check.objects.filter(supplier=supplier)}
    assert {("stock_probe", ""), ("test_order", ""), ("sample_test", ""), ("certificate", ""),
            ("inquiry", "service"), ("inquiry", "after_sales")} <= kinds  # fmt: skip
    probe = Check.objects.get(supplier=supplier, type="stock_probe")
    assert probe.criteria == ["inventory_consistent"] and probe.offer == row(supplier).offer
    assert probe.status == "todo" and probe.due is not None
    assert "Second-account stock probe" in html
    # opening the page again plans nothing twice
    before = Check.objects.count()
    steps.plan(supplier)
    assert Check.objects.count() == before


def test_a_supplier_with_every_gate_and_score_known_gets_no_gate_checks(steps, screened):
    steps.plan(screened["S-BEST"])
    kinds = set(Check.objects.filter(supplier=screened["S-BEST"]).values_list("type", flat=True))
    assert not kinds & {"stock_probe", "test_order", "sample_test", "certificate"}


# -- stock probe -----------------------------------------------------------------------

PROBE = {"probed_on": "2026-06-01", "quantity_asked": "100", "tolerance_pct": "10"}


def test_a_stock_probe_that_agrees_passes_the_gate_and_keeps_the_difference(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "stock_probe")
    response = steps.post(
        check,
        {**PROBE, "main_answer": "500", "second_answer": "480件", "action": "finish"},
        evidence=png("chat.png"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("supplier_detail", args=[steps.ws, supplier.pk])
    assert offer_facts(supplier)["inventory_consistent"] is True
    assert "inventory_consistent" not in row(supplier).to_verify
    check.refresh_from_db()
    assert (check.status, check.outcome) == ("done", "pass")
    assert check.data["difference"] == 20 and check.data["difference_pct"] == 4.0
    obs = check.observation
    assert obs.kind == "check" and obs.raw["check"] == check.pk and obs.detail.startswith("bob:")
    html = steps.page(check)
    assert 'id="stock-difference"' in html and "20 pieces" in html
    file = check.evidence.get()
    assert reverse("evidence_file", args=[steps.ws, file.pk]) in html
    assert 'id="criterion-inventory_consistent"' in html and "status-pass" in html


def test_a_stock_probe_that_disagrees_fails_the_gate(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "stock_probe")
    steps.post(check, {**PROBE, "main_answer": "现货 500", "second_answer": "无货",
                       "action": "finish"})  # fmt: skip
    assert offer_facts(supplier)["inventory_consistent"] is False
    assert "inventory_consistent" in row(supplier).blocking
    check.refresh_from_db()
    assert check.outcome == "fail"
    assert "failed" in steps.page(check)


def test_numbers_beyond_the_tolerance_disagree(steps, screened):
    check = steps.check(screened["S-MID"], "stock_probe")
    steps.post(check, {**PROBE, "main_answer": "500", "second_answer": "200",
                       "action": "finish"})  # fmt: skip
    check.refresh_from_db()
    assert check.outcome == "fail" and check.data["difference"] == 300
    assert 'class="bad"' in steps.page(check)


def test_a_probe_with_one_answer_is_kept_open_and_changes_nothing(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "stock_probe")
    observations = Observation.objects.count()
    response = steps.post(check, {**PROBE, "main_answer": "500", "action": "finish"})
    assert response.status_code == 400 and "not complete yet" in response.content.decode()
    response = steps.post(check, {**PROBE, "main_answer": "500", "action": "save"})
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.status, check.outcome) == ("waiting", "partial")
    assert check.data["main_answer"] == 500
    assert Observation.objects.count() == observations
    assert "inventory_consistent" in row(supplier).to_verify
    assert 'value="500"' in steps.page(check)


def test_a_skipped_check_needs_a_reason_and_leaves_the_gate_unknown(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "stock_probe")
    html = steps.post(check, {"action": "skip", "reason": ""}).content.decode()
    assert "skipping a check needs a reason" in html
    steps.post(check, {"action": "skip", "reason": "supplier blocks second accounts"})
    check.refresh_from_db()
    assert check.status == "skipped" and check.skip_reason == "supplier blocks second accounts"
    assert "inventory_consistent" in row(supplier).to_verify
    assert "supplier blocks second accounts" in steps.page(check)


def test_unreadable_answers_name_the_field_and_value_and_store_nothing(steps, screened):
    check = steps.check(screened["S-MID"], "stock_probe")
    response = steps.post(
        check,
        {"probed_on": "昨天", "quantity_asked": "-3", "main_answer": "很多", "action": "save"},
        lang="zh-hans",
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "核对日期：“昨天”不是日期" in html
    assert "“-3”不能小于 0" in html
    assert "主账号得到的回复：“很多”" in html
    check.refresh_from_db()
    assert check.status == "todo" and check.data == {}


def test_a_renamed_program_as_evidence_is_refused_and_nothing_is_saved(steps, screened):
    from django.core.files.uploadedfile import SimpleUploadedFile

    check = steps.check(screened["S-MID"], "stock_probe")
    program = SimpleUploadedFile("chat.png", b"MZ\x90\x00" + b"\0" * 60, "image/png")
    response = steps.post(
        check,
        {**PROBE, "main_answer": "500", "second_answer": "500", "action": "finish"},
        evidence=program,
    )
    assert response.status_code == 400
    assert "File “chat.png”: this is a program" in response.content.decode()
    check.refresh_from_db()
    assert check.status == "todo" and not check.evidence.exists()


# -- test order ------------------------------------------------------------------------

ORDER = {"order_ref": "1688-2233445566", "pieces": "2", "paid_at": "2026-06-01T10:00"}


def test_a_test_order_shipped_in_22_hours_passes(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "test_order")
    steps.post(check, {**ORDER, "picked_up_at": "2026-06-02T08:00", "action": "finish"})
    supplier.refresh_from_db()
    assert supplier.facts["test_order_ship_hours"] == 22.0
    assert "test_order_ship_hours" not in row(supplier).to_verify + row(supplier).blocking
    html = steps.page(check)
    assert 'id="test-order-hours"' in html and "22.0 h" in html


def test_a_test_order_shipped_after_60_hours_fails(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "test_order")
    steps.post(check, {**ORDER, "picked_up_at": "2026-06-03T22:00", "action": "finish"})
    assert "test_order_ship_hours" in row(supplier).blocking


def test_a_test_order_without_a_scan_yet_waits_and_a_scan_before_payment_is_refused(
    steps, screened
):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "test_order")
    steps.post(check, {**ORDER, "action": "save"})
    check.refresh_from_db()
    assert check.status == "waiting" and check.outcome == "partial"
    assert "test_order_ship_hours" in row(supplier).to_verify
    html = steps.post(
        check, {**ORDER, "picked_up_at": "2026-05-30T08:00", "action": "finish"}
    ).content.decode()
    assert "First carrier scan at: “2026-05-30 08:00” is before the payment" in html
    html = steps.post(check, {**ORDER, "pieces": "5", "action": "save"}).content.decode()
    assert "Pieces (1–2): “5” should be 1 or 2" in html


# -- sample order and sample test -------------------------------------------------------


def test_a_sample_order_gives_the_days_and_whether_the_fee_is_deducted(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "sample_order")
    steps.post(check, {"requested_on": "2026-06-01", "action": "save"})
    check.refresh_from_db()
    assert check.outcome == "partial" and "sample_days" not in supplier.facts
    steps.post(check, {"requested_on": "2026-06-01", "shipped_on": "2026-06-03",
                       "received_on": "2026-06-05", "fee_cny": "30", "deductible": "yes",
                       "action": "finish"})  # fmt: skip
    supplier.refresh_from_db()
    assert supplier.facts["sample_days"] == 4.0
    assert supplier.facts["sample_fee_deductible"] is True


BAGS_PASS = {
    "tested_on": "2026-06-10", "category": "bags",
    "item-identity-result": "pass", "item-packaging-result": "pass", "item-smell-result": "pass",
    "item-zip_cycles-measured": "50", "item-handle_load-measured": "6",
    "item-seams-result": "pass",
}  # fmt: skip


def test_a_passed_sample_test_passes_the_gate_and_becomes_the_reference(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "sample_test")
    steps.post(check, {**BAGS_PASS, "action": "finish"}, **{"item-zip_cycles-photo": png()})
    assert offer_facts(supplier)["sample_test_passed"] is True
    assert "sample_test_passed" not in row(supplier).to_verify
    check.refresh_from_db()
    assert check.is_reference and check.outcome == "pass"
    page = steps.plan(supplier).content.decode()
    assert 'id="reference-sample"' in page and "zip_cycles: 50.0" in page


def test_a_failed_item_needs_its_photo_and_fails_the_gate_with_the_photo_shown(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "sample_test")
    failing = {**BAGS_PASS, "item-zip_cycles-measured": "30", "action": "finish"}
    response = steps.post(check, failing)
    assert (
        response.status_code == 400 and "A failed item needs a photo" in response.content.decode()
    )
    check.refresh_from_db()
    assert check.status == "todo"
    steps.post(check, failing, **{"item-zip_cycles-photo": png("zip.png", (10, 10, 200))})
    assert offer_facts(supplier)["sample_test_passed"] is False
    assert "sample_test_passed" in row(supplier).blocking
    check.refresh_from_db()
    assert check.outcome == "fail" and not check.is_reference
    item = check.items.get(key="zip_cycles")
    assert item.passed is False and item.measured == 30
    html = steps.page(check)
    photo_url = reverse("evidence_file", args=[steps.ws, item.photo.pk])
    assert f'<img src="{photo_url}"' in html and 'id="item-zip_cycles" class="status-fail"' in html
    assert steps.client.get(photo_url)["Content-Type"] == "image/png"


def test_an_untested_item_keeps_the_sample_test_open(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "sample_test")
    partial = {k: v for k, v in BAGS_PASS.items() if k != "item-handle_load-measured"}
    steps.post(check, {**partial, "action": "save"})
    check.refresh_from_db()
    assert check.status == "waiting" and check.outcome == "partial"
    assert "sample_test_passed" in row(supplier).to_verify
    assert check.items.count() == 6


def test_each_category_has_its_checklist_with_limits(steps, screened):
    check = steps.check(screened["S-MID"], "sample_test")
    for category, words in (("electronics", "≤ 45 °C"), ("bags", "≥ 50 ×"),
                            ("apparel", "≤ 2 cm"), ("cosmetics", "≥ 100 %"),
                            ("toys", "EN71 / CPC"), ("home", "1 m drop")):  # fmt: skip
        html = steps.client.get(
            steps.url(check) + f"?category={category}", HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        assert words in html, category


# -- certificates ----------------------------------------------------------------------

CERT = {"number": "CE-2026-001", "issuer": "SGS", "valid_until": "2030-01-01"}


def test_certificates_add_up_to_what_the_category_needs(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "certificate")
    steps.post(check, {**CERT, "kind": "CE", "action": "finish"}, certificate_file=pdf())
    assert offer_facts(supplier)["certifications"] == ["CE"]
    assert "certifications" in row(supplier).blocking  # partial: FCC still missing
    again = steps.check(supplier, "certificate")
    assert again.pk != check.pk
    steps.post(again, {**CERT, "kind": "FCC", "number": "FCC-9", "action": "finish"},
               certificate_file=pdf("fcc.pdf"))  # fmt: skip
    assert offer_facts(supplier)["certifications"] == ["CE", "FCC"]
    assert "certifications" not in row(supplier).blocking + row(supplier).to_verify
    page = steps.plan(supplier).content.decode()
    assert "CE-2026-001" in page and "fcc.pdf" in page


def test_an_expired_certificate_is_kept_but_counts_for_nothing(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "certificate")
    steps.post(check, {**CERT, "kind": "CE", "valid_until": "2020-01-01", "action": "finish"},
               certificate_file=pdf())  # fmt: skip
    check.refresh_from_db()
    assert check.outcome == "fail" and check.observation is None
    assert not offer_facts(supplier).get("certifications")
    assert Certificate.objects.get().valid_until.year == 2020
    assert "expired" in steps.plan(supplier).content.decode()


def test_a_certificate_needs_its_file(steps, screened):
    check = steps.check(screened["S-MID"], "certificate")
    html = steps.post(check, {**CERT, "kind": "CE", "action": "finish"}).content.decode()
    assert "Certificate file: attach the certificate" in html
    assert not Certificate.objects.exists()


# -- questions -------------------------------------------------------------------------


def test_a_question_has_ready_messages_and_its_answers_and_response_time_count(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "inquiry", "service")
    html = steps.page(check)
    assert "能否用简单英文沟通" in html and "can we communicate in simple English" in html
    steps.post(check, {"action": "sent"})
    check.refresh_from_db()
    assert check.status == "waiting" and check.sent_at is not None
    steps.post(check, {"sent_at": "2026-06-01T09:00", "answered_at": "2026-06-01T09:30",
                       "english_communication": "是", "platform_rules_knowledge": "no",
                       "answer_precision": "4", "action": "finish"})  # fmt: skip
    supplier.refresh_from_db()
    assert supplier.facts["response_minutes"] == 30.0
    assert supplier.facts["english_communication"] is True
    assert supplier.facts["platform_rules_knowledge"] is False
    assert supplier.facts["answer_precision"] == 4.0
    assert "30.0 min" in steps.page(check)


def test_a_partly_answered_question_counts_what_was_answered_and_stays_open(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "inquiry", "after_sales")
    response = steps.post(check, {"sent_at": "2026-06-01T09:00", "quality_return_terms": "是",
                                  "action": "finish"})  # fmt: skip
    assert response.status_code == 400
    steps.post(check, {"sent_at": "2026-06-01T09:00", "quality_return_terms": "是",
                       "action": "save"})  # fmt: skip
    supplier.refresh_from_db()
    assert supplier.facts["quality_return_terms"] is True
    check.refresh_from_db()
    assert check.status == "waiting" and check.outcome == "partial"


def test_an_unreadable_answer_names_the_question_and_the_value(steps, screened):
    check = steps.check(screened["S-MID"], "inquiry", "references")
    html = steps.post(check, {"sent_at": "2026-06-01T09:00", "old_customer_ratio_pct": "很高",
                              "action": "save"}).content.decode()  # fmt: skip
    assert "Returning customers (%)" in html and "很高" in html


# -- the whole way: from verify first to approvable -------------------------------------


def test_recording_the_checks_makes_the_supplier_approvable_on_the_next_page(steps, verify_first):
    supplier = verify_first
    ws = steps.ws
    assert row(supplier).decision == "verify_first" and not row(supplier).approvable
    detail = reverse("supplier_detail", args=[ws, supplier.pk])
    before = steps.client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()  # now cached
    assert "Verify before approval" in before
    steps.post(
        steps.check(supplier, "stock_probe"),
        {**PROBE, "main_answer": "500", "second_answer": "500", "action": "finish"},
    )
    steps.post(
        steps.check(supplier, "test_order"),
        {**ORDER, "picked_up_at": "2026-06-01T20:00", "action": "finish"},
    )
    response = steps.post(steps.check(supplier, "sample_test"), {**BAGS_PASS, "action": "finish"})
    assert response["Location"] == reverse("supplier_detail", args=[ws, supplier.pk])
    final = row(supplier)
    assert final.approvable and final.to_verify == [] and final.blocking == []
    # the page the seller lands on, and the list, show it at once (no stale cache)
    page = steps.client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approvable: every gate passed." in page and 'id="approvable"' in page
    listing = steps.client.get(
        reverse("supplier_list", args=[ws]) + "?approvable=yes", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert supplier.name in listing
    response = steps.client.post(
        reverse("supplier_stage_change", args=[ws, supplier.pk]), {"to": "approved"}
    )
    assert response.status_code == 302
    from daifa.lifecycle.selectors import supplier_stage

    assert supplier_stage(supplier) == "approved"


def test_a_test_order_synced_from_1688_takes_its_times_from_the_order(steps, screened):
    from datetime import UTC, datetime

    from daifa.sourcing.models import PurchaseOrder

    supplier = screened["S-MID"]
    PurchaseOrder.objects.create(
        workspace=supplier.workspace, order_id="2800112233", supplier=supplier,
        paid_at=datetime(2026, 6, 1, 2, 0, tzinfo=UTC),
        shipped_at=datetime(2026, 6, 2, 5, 30, tzinfo=UTC), synced_at=datetime.now(UTC),
    )  # fmt: skip
    check = steps.check(supplier, "test_order")
    steps.post(check, {"order_ref": "2800112233", "pieces": "1", "action": "finish"})
    supplier.refresh_from_db()
    assert supplier.facts["test_order_ship_hours"] == 27.5


def test_the_first_check_worked_on_moves_a_candidate_to_verifying(steps, screened):
    from daifa.lifecycle.selectors import stage_timeline, supplier_stage
    from daifa.lifecycle.services import supplier_stage_change

    supplier = screened["S-MID"]
    check = steps.check(supplier, "test_order")
    steps.post(check, {**ORDER, "action": "save"})
    assert supplier_stage(supplier) == "verifying"
    assert stage_timeline(supplier).get().by == steps.personas.bob
    # a stage the seller chose stays
    supplier_stage_change(supplier=supplier, to="blocked", by=None, reason="fake stock")
    steps.post(steps.check(supplier, "stock_probe"), {**PROBE, "main_answer": "5",
                                                     "action": "save"})  # fmt: skip
    assert supplier_stage(supplier) == "blocked"


def test_the_answer_form_starts_from_when_the_question_was_sent(steps, screened):
    check = steps.check(screened["S-MID"], "inquiry", "logistics")
    steps.post(check, {"action": "sent"})
    check.refresh_from_db()
    from django.utils import timezone

    sent = timezone.localtime(check.sent_at).strftime("%Y-%m-%dT%H:%M")
    assert f'name="sent_at" id="f-sent_at" value="{sent}"' in steps.page(check)


def test_a_slow_sample_without_fee_credit_scores_badly_on_the_check_page(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "sample_order")
    steps.post(check, {"requested_on": "2026-06-01", "received_on": "2026-06-27",
                       "deductible": "no", "action": "finish"})  # fmt: skip
    supplier.refresh_from_db()
    assert (
        supplier.facts["sample_days"] == 26.0 and supplier.facts["sample_fee_deductible"] is False
    )
    html = steps.page(check)
    for criterion in ("sample_days", "sample_fee_deductible"):
        start = html.index(f'id="criterion-{criterion}"')
        assert html[start : start + 200].count("status-fail") >= 1, criterion


def test_an_answer_that_fails_shows_as_failed_on_the_check_page(steps, screened):
    supplier = screened["S-MID"]
    check = steps.check(supplier, "inquiry", "service")
    steps.post(check, {"sent_at": "2026-06-01T09:00", "answered_at": "2026-06-01T15:00",
                       "english_communication": "否", "platform_rules_knowledge": "否",
                       "answer_precision": "2", "action": "finish"})  # fmt: skip
    html = steps.page(check)
    start = html.index('id="criterion-english_communication"')
    assert "status-fail" in html[start : start + 120]
    assert "360.0 min" in html


@pytest.mark.parametrize(
    ("kind", "topic"),
    [("stock_probe", ""), ("test_order", ""), ("sample_order", ""), ("sample_test", ""),
     ("certificate", ""), ("inquiry", "customisation")],
)  # fmt: skip
def test_skipping_any_check_leaves_its_criteria_unknown(steps, screened, kind, topic):
    supplier = screened["S-MID"]
    check = steps.check(supplier, kind, topic)
    facts_before = (dict(supplier.facts), dict(row(supplier).offer.facts))
    steps.post(check, {"action": "skip", "reason": "供应商不配合"})
    check.refresh_from_db()
    assert check.status == "skipped" and check.observation is None
    supplier.refresh_from_db()
    assert (supplier.facts, row(supplier).offer.facts) == facts_before
    verdict = steps.page(check)
    for criterion in check.criteria:
        start = verdict.index(f'id="criterion-{criterion}"')
        assert "status-unknown" in verdict[start : start + 120], criterion
    assert "供应商不配合" in verdict
