"""Every page that shows a verdict says which offer it judges, and recording a
check lands on that offer (issue 10, points 3, 4, 7, 8)."""

from __future__ import annotations

from django.urls import reverse

from daifa.catalog.models import Observation
from daifa.catalog.services import supplier_record_facts
from daifa.screening.models import ScreenRow


def url(name, personas, *args):
    return reverse(name, args=[personas.workspace.pk, *args])


def judged(supplier) -> ScreenRow:
    return ScreenRow.objects.select_related("offer").get(supplier=supplier, is_best=True)


# ------------------------------------------------------------------ 3: recorded checks


def test_the_facts_form_opens_on_the_offer_the_verdict_is_about(client, personas, two_offers):
    client.force_login(personas.alice)
    row = judged(two_offers)
    assert row.offer.external_id == "O-JUDGED" and row.offer.position > 0
    html = client.get(
        url("supplier_facts", personas, two_offers.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'<option value="{row.offer_id}" selected>' in html
    assert "The supplier's verdict is about this offer: 新款耳机 (offer O-JUDGED)" in html
    first = two_offers.offers.get(external_id="O-FIRST")
    other = client.get(
        url("supplier_facts", personas, two_offers.pk),
        {"offer": first.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "The supplier's verdict is about another offer: 新款耳机 (offer O-JUDGED)" in other
    assert f'href="?offer={row.offer_id}"' in other


def test_recording_without_an_offer_targets_the_judged_offer(personas, two_offers):
    obs = supplier_record_facts(
        supplier=two_offers,
        values={"inventory_consistent": True},
        kind=Observation.Kind.CHECK,
        detail="小号",
    )
    assert obs.offer.external_id == "O-JUDGED"
    assert two_offers.offers.get(external_id="O-JUDGED").facts["inventory_consistent"] is True
    assert "inventory_consistent" not in two_offers.offers.get(external_id="O-FIRST").facts


def test_supplier_page_and_list_row_name_the_judged_offer(client, personas, two_offers):
    client.force_login(personas.alice)
    page = client.get(
        url("supplier_detail", personas, two_offers.pk), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "This verdict is about the offer" in page and "(offer O-JUDGED)" in page
    row = judged(two_offers)
    assert f"/facts/?offer={row.offer_id}" in page
    listing = client.get(url("supplier_list", personas), HTTP_ACCEPT_LANGUAGE="en").content
    assert "新款耳机" in listing.decode() and "O-JUDGED" in listing.decode()


# ------------------------------------------------------------------ 4: compare's best


def _lamps(workspace) -> None:
    """Group 灯-01: the cheapest fails a gate, one needs 50 pieces, one ships one
    piece. Group 灯-02: a gate failure and an offer still to verify."""
    from tests.catalog.test_import_service import Tables, rows
    from tests.screened import GOOD

    from daifa.catalog.services import import_tables
    from daifa.screening.services import screening_refresh

    def offer(sid, group, price, **facts):
        return {"supplier_id": sid, "supplier_name": f"{sid} 照明", "offer_id": f"O-{sid}",
                "category": "3C数码", "product_group": group, "product_title": "LED 补光灯",
                "unit_price_cny": price, "moq": 1, **{**GOOD, **facts}}  # fmt: skip

    no_sample = {k: v for k, v in GOOD.items() if k != "sample_test_passed"}
    offers = rows(
        offer("GATE", "灯-01", 10.0, dropship_supported=False),
        offer("MOQ", "灯-01", 20.0, moq=50),
        offer("OK", "灯-01", 30.0, dropship_price_cny=31.0),
        offer("GATE2", "灯-02", 10.0, dropship_supported=False),
        {**offer("VERIFY", "灯-02", 30.0), **no_sample, "sample_test_passed": None},
    )
    import_tables(workspace=workspace, tables=Tables(offers), filename="lamps.csv")
    screening_refresh(workspace=workspace)


def test_compare_best_is_approvable_and_quotes_at_the_quantity(client, personas):
    from daifa.screening.selectors import compare_group

    _lamps(personas.workspace)
    stored = {r.supplier.external_id: r.grade for r in ScreenRow.objects.select_related("supplier")}
    for quantity, best in ((None, "OK"), (1, "OK"), (100, "MOQ")):
        cmp = compare_group(personas.workspace, "灯-01", "en", quantity=quantity)
        assert cmp.best.verdict.supplier_id == best, quantity
        # the failed gate is never first, at any quantity
        assert cmp.columns[-1].verdict.supplier_id == "GATE"
        gate = next(c for c in cmp.columns if c.verdict.supplier_id == "GATE")
        assert gate.verdict.peer_rank == 3 and "blocking" in gate.not_choosable
        # grades do not move with the quantity and match the list's
        assert {c.verdict.supplier_id: c.verdict.grade for c in cmp.columns} == {
            k: v for k, v in stored.items() if k in ("GATE", "MOQ", "OK")
        }
    at_one = compare_group(personas.workspace, "灯-01", "en", quantity=1)
    moq = next(c for c in at_one.columns if c.verdict.supplier_id == "MOQ")
    assert "no_quote" in moq.not_choosable

    client.force_login(personas.alice)
    html = client.get(
        url("compare", personas), {"group": "灯-02", "qty": "1"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No supplier in this group is approvable" in html
    assert "Closest" in html and "VERIFY 照明" in html
    assert "fails a gate" in html


# ------------------------------------------------------------------ 8: filtered rows


def test_a_price_filter_shows_the_offer_that_matched(client, personas, two_offers):
    from daifa.catalog.services import supplier_record_facts

    first = two_offers.offers.get(external_id="O-FIRST")
    supplier_record_facts(
        supplier=two_offers, offer=first, values={"unit_price_cny": 20.0, "moq": 7},
        kind=Observation.Kind.MANUAL, detail="报价",
    )  # fmt: skip
    judged_offer = two_offers.offers.get(external_id="O-JUDGED")
    supplier_record_facts(
        supplier=two_offers, offer=judged_offer, values={"unit_price_cny": 6.03},
        kind=Observation.Kind.MANUAL, detail="报价",
    )  # fmt: skip
    from daifa.screening.services import screening_refresh

    screening_refresh(workspace=personas.workspace)
    assert judged(two_offers).offer.external_id == "O-JUDGED"
    client.force_login(personas.alice)

    def results(**q):
        response = client.get(
            url("supplier_list", personas), q, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true"
        )
        return response.content.decode()

    everything = results()
    assert "6.03" in everything and "O-JUDGED" in everything
    matched = results(price_min="10", price_max="30")
    assert "1 supplier" in matched
    assert "<td>20</td>" in matched and "O-FIRST" in matched and "<td>7</td>" in matched
    assert "6.03" not in matched and "O-JUDGED" not in matched
    assert "matched the filter" in matched
    # the row's verdict is the matching offer's, and the export agrees with the page
    export = client.get(
        url("export_screening", personas), {"price_min": "10", "price_max": "30", "format": "csv"}
    ).content.decode("utf-8-sig")
    assert "O-FIRST" in export and "O-JUDGED" not in export


def test_an_inverted_price_range_is_an_error_on_the_live_form_and_the_url(
    client, personas, screened
):
    client.force_login(personas.alice)
    for htmx in (True, False):
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        html = client.get(
            url("supplier_list", personas),
            {"price_min": "50", "price_max": "10"},
            HTTP_ACCEPT_LANGUAGE="en",
            **headers,
        ).content.decode()
        assert 'id="filter-errors"' in html, htmx
        assert "<strong>Price to (CNY)</strong>: must not be below Price from (CNY) (50)" in html
        assert "0 suppliers" in html and "优选电子" not in html.split("filter-errors")[1]
    zh = client.get(
        url("supplier_list", personas),
        {"price_min": "50", "price_max": "10"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<strong>最高价（元）</strong>：" in zh or "<strong>最高价（元）</strong>:" in zh
    assert "不能低于最低价（元）（50）" in zh


# ------------------------------------------------------------------ 7: scores and counts


def test_profile_preview_counts_suppliers_like_the_dashboard(client, personas, two_offers):
    from tests.screening.test_profile_views import form_data

    client.force_login(personas.alice)
    html = client.post(
        url("profile_preview", personas),
        form_data(coverage_A="1", coverage_B="1"),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    # one supplier with two offers: counted once, listed once with its offer
    assert "<td>A</td><td>1</td>" in html and "<td>B</td><td>0</td>" in html
    assert "1 supplier changes grade" in html
    changes = html[html.index('id="grade-changes"') :]
    assert changes.count("双品电子") == 1 and "O-JUDGED" in changes


def test_the_list_sorts_by_grade_then_known_score_and_shows_the_known_share(
    client, personas, screened
):
    mid, best = ScreenRow.objects.get(supplier__external_id="S-MID"), judged(screened["S-BEST"])
    assert mid.score >= best.score and mid.coverage < best.coverage
    assert best.grade < mid.grade  # A above C although its score is not higher
    client.force_login(personas.alice)
    html = client.get(url("supplier_list", personas), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.index("优选电子") < html.index("中庸电子") < html.index("孤品家居")
    assert f"({round(mid.coverage * 100)}%)" in html or f"({mid.coverage * 100:.0f}%)" in html
    assert "score × known share" in html
    by_score = client.get(url("supplier_list", personas), {"sort": "-score"}).content.decode()
    assert by_score.index("中庸电子") < by_score.index("优选电子")  # still available


def test_a_failed_gate_or_a_flag_lists_after_clean_suppliers(client, personas, screened):
    """S-FAIL (no dropshipping) and S-CHEAP (flags) go after every clean supplier,
    whatever their grade and score; S-LONE (nothing known, no gate failed) before them."""
    client.force_login(personas.alice)
    html = client.get(url("supplier_list", personas), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    order = sorted(
        ("优选电子", "中庸电子", "孤品家居", "无代发", "低价"), key=lambda name: html.index(name)
    )
    assert order[:3] == ["优选电子", "中庸电子", "孤品家居"]
    assert set(order[3:]) == {"无代发", "低价"}


def test_a_suppliers_best_row_is_an_offer_without_a_failed_gate(personas, two_offers):
    from daifa.screening.services import screening_refresh

    # The first offer now scores higher but fails the certificates gate.
    supplier_record_facts(
        supplier=two_offers,
        offer=two_offers.offers.get(external_id="O-JUDGED"),
        values={"quote_all_inclusive": False},
        kind=Observation.Kind.MANUAL,
        detail="报价",
    )
    supplier_record_facts(
        supplier=two_offers,
        offer=two_offers.offers.get(external_id="O-FIRST"),
        values={"quote_all_inclusive": True, "custom_moq": 50},
        kind=Observation.Kind.MANUAL,
        detail="报价",
    )
    screening_refresh(workspace=personas.workspace)
    rows = {r.offer.external_id: r for r in ScreenRow.objects.select_related("offer")}
    assert rows["O-FIRST"].blocking and not rows["O-JUDGED"].blocking
    assert rows["O-FIRST"].score > rows["O-JUDGED"].score
    assert rows["O-JUDGED"].is_best and not rows["O-FIRST"].is_best
