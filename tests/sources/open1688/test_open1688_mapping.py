from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.sources.open1688.open1688_fake_gateway import fixture

import daifa.sources.open1688 as open1688
from daifa.sources.open1688 import (
    observations_from_detail,
    observations_from_search,
    observations_from_supplier,
)
from daifa.sources.open1688.models import (
    parse_product_detail,
    parse_search_page,
    parse_supplier_basic,
)

FETCHED = datetime(2024, 6, 1, 9, 30, tzinfo=UTC)


def realistic_detail():
    """The doc example with its placeholders replaced by real-looking values."""
    body = fixture("crossborder.product.search.queryProductDetail.response.doc-example.json")
    detail = body["result"]["result"]
    detail["productSkuInfos"][0].update(price="13.5", jxhyPrice="13")
    detail["productSaleInfo"]["priceRangeList"] = [
        {"startQuantity": 50, "price": "11.8"},
        {"startQuantity": 2, "price": "12.5"},
        {"startQuantity": 200, "price": "10.9"},
    ]
    detail["offerIdentities"] = ["super_factory", "tp_member"]
    detail["certificateList"][0]["certificateName"] = "CE"
    detail["productShippingInfo"]["shippingTimeGuarantee"] = "shipIn48Hours"
    return parse_product_detail(body, "product.search.queryProductDetail")


def by_level(observations):
    supplier = next(o for o in observations if o.offer_id is None)
    offer = next(o for o in observations if o.offer_id is not None)
    return supplier, offer


def test_a_product_detail_maps_to_supplier_and_offer_facts() -> None:
    supplier, offer = by_level(observations_from_detail(realistic_detail(), fetched_at=FETCHED))
    assert supplier.supplier_id == "23tsdvcdsjngp3oj4j3i5" == offer.supplier_id
    assert offer.offer_id == "34513534353434"
    assert supplier.values == {
        "supplier_name": "杭州宜路发发电子商务有限公司",
        "dropship_supported": True,  # tagInfoList isOnePsale
        "cross_border_tag": True,
        "pickup_sla_hours": 48,
        "own_factory": True,  # super_factory identity
        "repeat_rate_pct": pytest.approx(46.66),  # "0.4666" read as a fraction
    }
    assert offer.values["price_tiers"] == [
        {"min_qty": 2, "max_qty": 49, "price_cny": 12.5},
        {"min_qty": 50, "max_qty": 199, "price_cny": 11.8},
        {"min_qty": 200, "max_qty": None, "price_cny": 10.9},
    ]
    assert offer.values["unit_price_cny"] == 12.5
    assert offer.values["dropship_price_cny"] == 15.0  # fenxiaoSaleInfo.onePiecePrice
    assert offer.values["moq"] == 1
    assert offer.values["certifications"] == ["CE"]
    # 1688's own measurement wins over the merchant's: 0.001 kg → 1 g
    assert offer.values["weight_g"] == 1.0 and offer.values["length_cm"] == 12.0
    assert offer.raw["package_source"] == "official"
    assert offer.offer_id and "offer_url" in offer.values


def test_facts_say_where_and_when_they_came_from() -> None:
    supplier, _offer = by_level(observations_from_detail(realistic_detail(), fetched_at=FETCHED))
    assert supplier.provenance.kind == "api"
    assert supplier.provenance.observed_at == FETCHED
    assert supplier.provenance.detail.startswith("1688 API, product detail (")
    assert "offer 34513534353434" in supplier.provenance.detail


def test_scores_stand_in_for_missing_rates_and_say_so() -> None:
    supplier, _ = by_level(observations_from_detail(realistic_detail(), fetched_at=FETCHED))
    assert "dispute_rate_pct" not in supplier.values
    assert "response_minutes" not in supplier.values
    assert supplier.raw["dispute_complaint_score"] == 3.0
    assert supplier.raw["substitutes"]["dispute_rate"]["score"] == "dispute_complaint_score"
    assert "not a dispute rate" in supplier.raw["substitutes"]["dispute_rate"]["note"]
    assert supplier.raw["substitutes"]["response_minutes"]["score"] == "consulting_score"
    assert supplier.raw["collect_within_48h_30d_pct"] == 100.0
    assert supplier.raw["repeat_rate_reading"] == "'0.4666' read as fraction"
    assert supplier.raw["stock_units"] == 99999 and supplier.raw["total_sold_units"] == 12342
    assert supplier.raw["trade_medal_level"] == 5


def test_unknown_stays_unknown() -> None:
    body = {"result": {"success": True, "result": {"offerId": 7}}}
    detail = parse_product_detail(body, "product.search.queryProductDetail")
    supplier, offer = by_level(observations_from_detail(detail, fetched_at=FETCHED))
    assert supplier.values == {} and supplier.supplier_id == "1688-offer-7"
    assert set(offer.values) == {"offer_id", "offer_url"}


def test_search_hits_map_with_30_day_sales() -> None:
    page = parse_search_page(
        fixture("crossborder.product.search.keywordQuery.response.doc-example.json"),
        "product.search.keywordQuery",
    )
    supplier, offer = by_level(observations_from_search(page, fetched_at=FETCHED))
    assert offer.values["sales_30d"] == 1213
    assert offer.values["unit_price_cny"] == 10.0 and offer.values["dropship_price_cny"] == 10.0
    assert supplier.values["repeat_rate_pct"] == 11.0 and supplier.values["trustpass_years"] == 1
    assert supplier.values["dropship_supported"] is True
    assert supplier.raw["pickup_within_24h_30d_pct"] == pytest.approx(99.12)
    assert supplier.raw["supplier_id_source"].startswith("offer id")
    assert "search (product.search.keywordQuery)" in offer.provenance.detail


def test_supplier_basic_information_maps_to_the_shop() -> None:
    basic = parse_supplier_basic(
        fixture("account.alibaba.account.agent.crossBasic.response.doc-example.json"), "crossBasic"
    )
    (observation,) = observations_from_supplier(basic, fetched_at=FETCHED)
    assert observation.supplier_id == "alitestforisv01"
    assert observation.values == {
        "supplier_name": "AOP对外测试账号01",
        "shop_url": "https://trgm66666.1688.com",
    }


def test_the_fetch_time_is_required() -> None:
    with pytest.raises(ValueError, match="fetched_at"):
        observations_from_detail(realistic_detail())


def test_the_public_api_is_sorted_and_pinned() -> None:
    assert open1688.__all__ == sorted(open1688.__all__)
    assert {"Open1688Client", "place_order", "observations_from_detail", "parse_offer_id"} <= set(
        open1688.__all__
    )
    for name in open1688.__all__:
        assert hasattr(open1688, name), name
