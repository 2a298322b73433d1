"""1688 answers → daifa facts (:class:`Observation`), each with its provenance.

Values use the canonical column names of ``daifa.engine.schema``; supplier-level
and offer-level values become separate observations (the offer one carries
``offer_id``). Whatever 1688 states that has no canonical column goes into
``raw``, under snake_case names with the unit in the name.

Where 1688 gives a *score* and the catalogue asks for a *rate* (a dispute
handling score instead of a dispute rate, an inquiry score instead of response
minutes), the canonical value stays unknown, the score is kept in ``raw``, and
``raw["substitutes"]`` says which criterion could use which score and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.links import web_link
from daifa.sources.open1688._fields import Percent
from daifa.sources.open1688.client import PRODUCT_DETAIL, SUPPLIER_BASIC
from daifa.sources.open1688.ids import offer_url
from daifa.sources.open1688.models import (
    OfferSummary,
    PackageInfo,
    ProductDetail,
    SearchPage,
    SellerData,
    ShippingSummary,
    SupplierBasic,
)
from daifa.sources.provenance import Observation, Provenance

# criterion id: (the raw score that may stand in, why)
SUBSTITUTES: dict[str, tuple[str, str]] = {
    "dispute_rate": (
        "dispute_complaint_score",
        "1688 gives a dispute handling score (0–5, higher is better), not a dispute rate; "
        "dispute_rate_pct stays unknown.",
    ),
    "response_minutes": (
        "consulting_score",
        "1688 gives an inquiry experience score (0–5), not response minutes; "
        "response_minutes stays unknown.",
    ),
}


def observations_from_detail(
    detail: ProductDetail, *, fetched_at: datetime | None = None
) -> list[Observation]:
    """The supplier and offer facts in one product detail answer."""
    when = _when(detail.fetched_at, fetched_at)
    supplier_id, id_source = _supplier_id(
        detail.seller_open_id, detail.company_name, detail.offer_id
    )
    source = _provenance(PRODUCT_DETAIL.label, "product detail", f"offer {detail.offer_id}", when)
    supplier = {
        "supplier_name": detail.company_name,
        "dropship_supported": detail.dropship_supported,
        "cross_border_tag": detail.cross_border_select,
        "pickup_sla_hours": detail.shipping_guarantee_hours,
        **_identity_values(detail.seller_identities),
        **_seller_values(detail.seller),
    }
    offer = {
        "offer_id": detail.offer_id,
        "offer_url": offer_url(detail.offer_id),
        "product_title": detail.title,
        "category": detail.category_name,
        "moq": detail.min_order_quantity,
        "unit_price_cny": _float(_unit_price(detail)),
        "price_tiers": _tiers(detail),
        "dropship_price_cny": _float(_dropship_price(detail)),
        "certifications": list(detail.certificates) or None,
        **_package_values(detail.package),
    }
    raw = {
        "supplier_id_source": id_source,
        "stock_units": detail.stock,
        "total_sold_units": detail.total_sold,
        "trade_score": _float(detail.trade_score),
        "cross_border_tag_source": "isSelect (跨境select assortment)",
        **_seller_raw(detail.seller),
        **_identity_raw(detail.seller_identities),
        **({"package_source": detail.package.source} if detail.package else {}),
    }
    return _pair(supplier_id, detail.offer_id, supplier, offer, raw, source)


def observations_from_search(
    page: SearchPage, *, fetched_at: datetime | None = None
) -> list[Observation]:
    """Two observations (supplier, offer) per search hit."""
    when = _when(page.fetched_at, fetched_at)
    label = {"product.search.imageQuery": "image search"}.get(page.api, "search")
    found: list[Observation] = []
    for hit in page.offers:
        source = _provenance(page.api, label, f"offer {hit.offer_id}", when)
        found.extend(_from_hit(hit, source))
    return found


def observations_from_supplier(
    basic: SupplierBasic, *, fetched_at: datetime | None = None
) -> list[Observation]:
    when = _when(basic.fetched_at, fetched_at)
    supplier_id = basic.login_id or basic.company_name
    if not supplier_id:
        return []
    source = _provenance(SUPPLIER_BASIC.label, "supplier basic information", supplier_id, when)
    # The gateway's answer is supplier text too: a non-http(s) shopUrl is dropped.
    values = _known({"supplier_name": basic.company_name, "shop_url": web_link(basic.shop_url)})
    raw = _known({"main_category": basic.category_name, "kuajingbao": basic.kuajingbao})
    return [Observation(supplier_id=supplier_id, values=values, provenance=source, raw=raw)]


def _from_hit(hit: OfferSummary, source: Provenance) -> list[Observation]:
    supplier_id, id_source = _supplier_id(None, hit.company_name, hit.offer_id)
    supplier = {
        "supplier_name": hit.company_name,
        "origin": hit.company_address,
        "dropship_supported": hit.dropship,
        "cross_border_tag": hit.cross_border_select,
        "pickup_sla_hours": hit.shipping.guarantee_hours if hit.shipping else None,
        **_identity_values(hit.seller_identities),
        **_seller_values(hit.seller),
    }
    offer = {
        "offer_id": hit.offer_id,
        "offer_url": offer_url(hit.offer_id),
        "product_title": hit.title,
        "unit_price_cny": _float(hit.price_cny),
        "dropship_price_cny": _float(hit.dropship_price_cny),
        "moq": hit.min_order_quantity,
        "sales_30d": hit.sales_30d,
    }
    raw = {
        "supplier_id_source": id_source,
        "sales_7d_units": hit.sales_7d,
        "trade_score": _float(hit.trade_score),
        "cross_border_tag_source": "isSelect (跨境select assortment)",
        **_percent_raw("offer_repurchase_rate_pct", hit.repurchase_rate),
        **_shipping_raw(hit.shipping),
        **_seller_raw(hit.seller),
        **_identity_raw(hit.seller_identities),
    }
    return _pair(supplier_id, hit.offer_id, supplier, offer, raw, source)


# -- pieces ------------------------------------------------------------------


def _pair(
    supplier_id: str,
    offer_id: str,
    supplier: dict[str, Any],
    offer: dict[str, Any],
    raw: dict[str, Any],
    source: Provenance,
) -> list[Observation]:
    _check_columns(supplier, "supplier")
    _check_columns(offer, "offer")
    known_raw = _known(raw)
    return [
        Observation(supplier_id, _known(supplier), source, raw=known_raw),
        Observation(supplier_id, _known(offer), source, offer_id=offer_id, raw=known_raw),
    ]


def _check_columns(values: dict[str, Any], level: str) -> None:
    # A typo here would silently drop a fact: fail loudly instead.
    for name in values:
        column = COLUMNS_BY_NAME.get(name)
        if column is None or (name != "offer_id" and column.level != level):
            raise AssertionError(f"{name!r} is not a canonical {level}-level column")


def _supplier_id(open_id: str | None, company: str | None, offer_id: str) -> tuple[str, str]:
    if open_id:
        return open_id, "sellerOpenId"
    if company:
        return company, "companyName (no seller id in this answer)"
    return f"1688-offer-{offer_id}", "offer id (no seller id or company in this answer)"


def _seller_values(seller: SellerData | None) -> dict[str, Any]:
    if seller is None:
        return {}
    repeat = seller.repeat_purchase
    return {
        "repeat_rate_pct": _float(repeat.pct) if repeat else None,
        "trustpass_years": seller.trustpass_years,
    }


def _seller_raw(seller: SellerData | None) -> dict[str, Any]:
    if seller is None:
        return {}
    scores = {
        "trade_medal_level": seller.trade_medal_level,
        "composite_service_score": _float(seller.composite_service_score),
        "logistics_score": _float(seller.logistics_score),
        "dispute_complaint_score": _float(seller.dispute_complaint_score),
        "offer_experience_score": _float(seller.offer_experience_score),
        "after_sales_score": _float(seller.after_sales_score),
        "consulting_score": _float(seller.consulting_score),
    }
    substitutes = {
        criterion: {"score": score, "note": note}
        for criterion, (score, note) in SUBSTITUTES.items()
        if scores[score] is not None
    }
    return {
        **scores,
        **_percent_raw("repeat_rate", seller.repeat_purchase, reading_only=True),
        **_percent_raw("collect_within_48h_30d_pct", seller.collect_within_48h_30d),
        **_percent_raw("quality_refund_30d_pct", seller.quality_refund_30d),
        **({"substitutes": substitutes} if substitutes else {}),
    }


def _shipping_raw(shipping: ShippingSummary | None) -> dict[str, Any]:
    if shipping is None:
        return {}
    return {
        **_percent_raw("perfect_fulfillment_30d_pct", shipping.perfect_fulfillment_30d),
        **_percent_raw("pickup_within_24h_30d_pct", shipping.pickup_within_24h_30d),
        **_percent_raw("quality_return_30d_pct", shipping.quality_return_30d),
        **_percent_raw("delayed_shipping_7d_pct", shipping.delayed_shipping_7d),
    }


def _percent_raw(name: str, value: Percent | None, *, reading_only: bool = False) -> dict[str, Any]:
    if value is None:
        return {}
    # How "0.47" or "47" was read is part of the evidence (data-format.md).
    reading = {f"{name}_reading": f"{value.raw!r} read as {value.reading}"}
    return reading if reading_only else {name: _float(value.pct), **reading}


def _identity_values(identities: Iterable[str]) -> dict[str, Any]:
    # A 超级工厂 (super factory) is a factory 1688 has verified; the absence of
    # the badge says nothing, so own_factory stays unknown rather than False.
    return {"own_factory": True} if "super_factory" in identities else {}


def _identity_raw(identities: Iterable[str]) -> dict[str, Any]:
    listed = list(identities)
    return (
        {"seller_identities": listed, "trustpass_member": "tp_member" in listed} if listed else {}
    )


def _unit_price(detail: ProductDetail) -> Decimal | None:
    if detail.price_tiers:
        return detail.price_tiers[0].price_cny
    prices = [sku.price_cny for sku in detail.skus if sku.price_cny is not None]
    return min(prices) if prices else None


def _dropship_price(detail: ProductDetail) -> Decimal | None:
    terms = detail.dropship_terms
    if terms and terms.one_piece_price_cny is not None:
        return terms.one_piece_price_cny
    prices = [sku.dropship_price_cny for sku in detail.skus if sku.dropship_price_cny is not None]
    return min(prices) if prices else None


def _tiers(detail: ProductDetail) -> list[dict[str, Any]] | None:
    if not detail.price_tiers:
        return None
    return [
        {"min_qty": t.min_qty, "max_qty": t.max_qty, "price_cny": float(t.price_cny)}
        for t in detail.price_tiers
    ]


def _package_values(package: PackageInfo | None) -> dict[str, Any]:
    if package is None:
        return {}
    weight_g = package.weight_kg * 1000 if package.weight_kg is not None else None
    return {
        "weight_g": _float(weight_g),
        "length_cm": _float(package.length_cm),
        "width_cm": _float(package.width_cm),
        "height_cm": _float(package.height_cm),
    }


def _provenance(api: str, what: str, subject: str, when: datetime) -> Provenance:
    return Provenance("api", f"1688 API, {what} ({api}), {subject}", when)


def _when(stamped: datetime | None, given: datetime | None) -> datetime:
    when = given or stamped
    if when is None:
        raise ValueError("fetched_at is unknown: pass fetched_at= or use a model from the client")
    return when


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)
