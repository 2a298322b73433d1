"""The verification pages: personas, the to-verify list, quotes and the stage form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from daifa.lifecycle.selectors import stage_timeline, supplier_stage
from daifa.verification.models import Check, Quote
from daifa.verification.services import checks_plan


@pytest.fixture
def planned(personas, screened):
    checks_plan(workspace=personas.workspace)
    return screened


def _urls(personas, planned):
    ws = personas.workspace.pk
    supplier = planned["S-MID"]
    check = Check.objects.filter(supplier=supplier).first()
    return [
        reverse("verification:to_verify", args=[ws]),
        reverse("verification:check", args=[ws, check.pk]),
        reverse("verification:supplier_checks", args=[ws, supplier.pk]),
        reverse("verification:quotes", args=[ws, supplier.pk]),
        reverse("verification:quote_compare", args=[ws]) + "?group=耳机-01&quantity=50",
    ]


def test_pages_only_read_on_get(client, personas, screened):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas.bob)
    supplier = screened["S-MID"]
    url = reverse("verification:supplier_checks", args=[personas.workspace.pk, supplier.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert not Check.objects.exists()


def test_members_open_every_page_in_both_languages(client, personas, planned):
    for user in (personas.alice, personas.bob):
        client.force_login(user)
        for url in _urls(personas, planned):
            for lang in ("zh-hans", "en"):
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
                assert response.status_code == 200, (user, url, lang)


def test_outsiders_get_404_and_strangers_the_login_page(client, personas, planned):
    urls = _urls(personas, planned)
    stage = reverse("supplier_stage_change", args=[personas.workspace.pk, planned["S-MID"].pk])
    for url in urls:
        assert client.get(url).status_code == 302
    assert client.post(stage, {"to": "blocked", "reason": "x"}).status_code == 302
    client.force_login(personas.charlie)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "skip", "reason": "x"}).status_code == 404, url
    assert client.post(stage, {"to": "blocked", "reason": "x"}).status_code == 404
    assert supplier_stage(planned["S-MID"]) == "candidate"
    assert not Check.objects.filter(status="skipped").exists()
    # alice's check through charlie's own workspace id: still nothing
    check = Check.objects.filter(workspace=personas.workspace).first()
    other = reverse("verification:check", args=[personas.charlie_workspace.pk, check.pk])
    assert client.get(other).status_code == 404


def test_supplier_text_is_escaped_on_every_page(client, personas, planned):
    client.force_login(personas.bob)
    cheap = planned["S-CHEAP"]
    pages = [
        reverse("verification:to_verify", args=[personas.workspace.pk]),
        reverse("verification:supplier_checks", args=[personas.workspace.pk, cheap.pk]),
        reverse("verification:quotes", args=[personas.workspace.pk, cheap.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<b>低价</b>" not in html and "&lt;b&gt;低价&lt;/b&gt;" in html, url


def test_the_to_verify_page_groups_open_checks_with_ready_messages(client, personas, planned):
    client.force_login(personas.bob)
    url = reverse("verification:to_verify", args=[personas.workspace.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="group-stock_probe"' in html and 'id="group-inquiry-after_sales"' in html
    assert "质量问题是否包来回运费" in html and "do you pay both-way freight" in html
    assert "Second-account stock probe" in html
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "小号库存核对" in zh and "待核实" in zh


def test_filters_by_criterion_waiting_due_and_group(client, personas, planned):
    client.force_login(personas.bob)
    url = reverse("verification:to_verify", args=[personas.workspace.pk])
    probes = client.get(url + "?criterion=inventory_consistent").content.decode()
    assert 'id="group-stock_probe"' in probes and 'id="group-test_order"' not in probes
    probe = Check.objects.filter(type="stock_probe").first()
    client.post(url, {"action": "sent", "check": [probe.pk]})
    waiting = client.get(url + "?waiting=1").content.decode()
    assert f'id="open-check-{probe.pk}"' in waiting
    assert waiting.count('name="check"') == 1
    Check.objects.filter(pk=probe.pk).update(due="2020-01-01")
    overdue = client.get(url + "?due=overdue").content.decode()
    assert f'id="open-check-{probe.pk}"' in overdue and overdue.count('name="check"') == 1
    lone = client.get(url + "?group=耳机-01").content.decode()
    assert "孤品家居" not in lone and "中庸电子" in lone


def test_bulk_actions_on_ticked_checks(client, personas, planned):
    client.force_login(personas.bob)
    url = reverse("verification:to_verify", args=[personas.workspace.pk])
    ids = list(
        Check.objects.filter(type="inquiry", topic="references").values_list("pk", flat=True)
    )
    assert len(ids) >= 2
    client.post(url, {"action": "due", "due": "2026-07-01", "check": ids})
    assert {str(c.due) for c in Check.objects.filter(pk__in=ids)} == {"2026-07-01"}
    response = client.post(
        url, {"action": "due", "due": "next week", "check": ids}, HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )  # fmt: skip
    assert "Due date: “next week” is not a date" in response.content.decode()
    response = client.post(url, {"action": "skip", "reason": "", "check": ids}, follow=True)
    assert not Check.objects.filter(pk__in=ids, status="skipped").exists()
    client.post(url, {"action": "skip", "reason": "not needed for this product", "check": ids})
    assert Check.objects.filter(pk__in=ids, status="skipped").count() == len(ids)


def test_planning_from_the_page_covers_every_supplier_still_to_verify(client, personas, screened):
    client.force_login(personas.bob)
    url = reverse("verification:to_verify", args=[personas.workspace.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="plan-form"' in html
    client.post(url, {"action": "plan"})
    assert Check.objects.filter(supplier=screened["S-MID"], type="stock_probe").exists()
    assert 'id="plan-form"' not in client.get(url).content.decode()


def test_the_dashboard_counts_link_to_the_to_verify_page(client, personas, planned):
    client.force_login(personas.bob)
    html = client.get(reverse("dashboard", args=[personas.workspace.pk])).content.decode()
    target = reverse("verification:to_verify", args=[personas.workspace.pk])
    assert f'href="{target}?criterion=inventory_consistent"' in html
    assert 'id="to-verify-link"' in html


# -- quotes ----------------------------------------------------------------------------


def test_quotes_are_logged_and_bad_values_name_the_field(client, personas, screened):
    client.force_login(personas.bob)
    supplier = screened["S-MID"]
    offer = supplier.offers.get(external_id="O-S-MID")
    url = reverse("verification:quotes", args=[personas.workspace.pk, supplier.pk])
    bad = client.post(url, {"offer": offer.pk, "quoted_at": "2026-06-01", "quantity": "100",
                            "unit_price_cny": "二十"}, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert bad.status_code == 400
    assert "Unit price (CNY): “二十” is not a number" in bad.content.decode()
    assert not Quote.objects.exists()
    other = client.post(url, {"offer": screened["S-BEST"].offers.first().pk,
                              "quoted_at": "2026-06-01", "quantity": "100",
                              "unit_price_cny": "20"}, HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert "is not an offer of this supplier" in other.content.decode()
    ok = client.post(url, {"offer": offer.pk, "quoted_at": "2026-06-01", "quantity": "100",
                           "unit_price_cny": "26.5", "moq": "50", "lead_time_days": "7",
                           "payment_terms": "30% 定金", "shipping": "sea",
                           "customisation_cost_cny": "300", "inclusions": "OPP袋+贴标",
                           "valid_until": "2026-07-01"})  # fmt: skip
    assert ok.status_code == 302
    quote = Quote.objects.get()
    assert quote.unit_price_cny == 26.5 and quote.shipping == "sea" and quote.moq == 50
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "OPP袋+贴标" in html and "¥26.50" in html


def test_quotes_of_a_product_are_ranked_at_landed_cost_at_my_quantity(client, personas, screened):
    from daifa.verification.services import quote_add

    mid = screened["S-MID"].offers.get(external_id="O-S-MID")
    best = screened["S-BEST"].offers.get(external_id="O-S-BEST")
    cheap = screened["S-CHEAP"].offers.get(external_id="O-S-CHEAP")
    q_mid = quote_add(offer=mid, by=None, quoted_at="2026-06-01", quantity=100,
                      unit_price_cny=25, moq=50, customisation_cost_cny=500)  # fmt: skip
    q_best = quote_add(offer=best, by=None, quoted_at="2026-06-01", quantity=100,
                       unit_price_cny=26, moq=50)  # fmt: skip
    q_old = quote_add(offer=cheap, by=None, quoted_at="2026-01-01", quantity=100,
                      unit_price_cny=15, moq=500, valid_until="2026-02-01")  # fmt: skip
    client.force_login(personas.bob)
    url = reverse("verification:quote_compare", args=[personas.workspace.pk])
    html = client.get(url + "?group=耳机-01&quantity=100", HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    rows = [html.index(f'id="ranked-quote-{q.pk}"') for q in (q_best, q_mid, q_old)]
    # the well-rated supplier first; the expired quote below its MOQ last
    assert rows == sorted(rows)
    assert "expired" in html and "below MOQ" in html
    assert "¥5.00" in html  # 500 customisation over 100 pieces
    bad = client.get(url + "?group=耳机-01&quantity=0", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and "Quantity: “0” must be at least 1" in bad.content.decode()


# -- the stage form on the supplier page ------------------------------------------------


def test_the_stage_form_refuses_approval_with_open_gates_and_keeps_an_override(
    client, personas, screened
):
    client.force_login(personas.alice)
    supplier = screened["S-MID"]
    ws = personas.workspace.pk
    url = reverse("supplier_stage_change", args=[ws, supplier.pk])
    page = reverse("supplier_detail", args=[ws, supplier.pk])
    refused = client.post(url, {"to": "approved"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    html = refused.content.decode()
    assert "not every gate is passed" in html and supplier_stage(supplier) == "candidate"
    zh = client.post(url, {"to": "approved"}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "门槛未通过" in zh.content.decode()
    client.post(url, {"to": "approved", "override": "1", "reason": "老朋友 <i>担保</i>"})
    assert supplier_stage(supplier) == "approved"
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="override-reason"' in html and "老朋友 &lt;i&gt;担保&lt;/i&gt;" in html
    client.post(url, {"to": "blocked", "reason": "fake stock"})
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Blocked: cannot be ordered from." in html and 'id="stage-timeline"' in html
    assert [c.to_stage for c in stage_timeline(supplier)] == ["blocked", "approved"]


def test_the_first_bulk_lot_inspection_plan_is_on_the_checks_page(client, personas, screened):
    client.force_login(personas.bob)
    url = reverse(
        "verification:supplier_checks", args=[personas.workspace.pk, screened["S-MID"].pk]
    )
    html = client.get(url + "?lot=1000", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    table = html[html.index('id="aql-plan"') :]
    assert "<td>major</td><td>2.5</td><td>J</td><td>80</td><td>5</td><td>6</td>" in table
    assert "<td>critical</td><td>0.0</td><td>J</td><td>80</td><td>0</td><td>1</td>" in table
    small = client.get(url + "?lot=5", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "5 (every unit)" in small
    bad = client.get(url + "?lot=一千", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lot size: “一千” is not a number" in bad


def test_an_unknown_kind_of_check_is_refused_naming_it(client, personas, screened):
    client.force_login(personas.bob)
    url = reverse(
        "verification:supplier_checks", args=[personas.workspace.pk, screened["S-MID"].pk]
    )
    response = client.post(url, {"add": "lie_detector"}, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Check: “lie_detector” is not a kind of check" in response.content.decode()
    assert not Check.objects.exists()
