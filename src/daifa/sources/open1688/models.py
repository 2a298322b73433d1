"""Typed answers of the product, search and supplier APIs.

Money is ``Decimal`` in 元 (CNY yuan) everywhere. The product APIs state
prices in yuan as text (``"12.5"``); the trade APIs mix 分 (fen) and yuan, so
every field says which one it read (:meth:`Node.fen` / :meth:`Node.yuan`).
Parsers take the decoded JSON body and raise :class:`ResponseFormatError`
(or :class:`PlaceholderValueError`) with the field path when it does not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from daifa.sources.open1688._fields import Node, Percent
from daifa.sources.open1688.errors import BusinessError

# ---------------------------------------------------------------------------
# shared pieces


@dataclass(frozen=True)
class SellerData:
    """``sellerDataInfo``: 1688's scores of the seller (0–5) and its rates."""

    trade_medal_level: int | None = None
    composite_service_score: Decimal | None = None
    logistics_score: Decimal | None = None
    dispute_complaint_score: Decimal | None = None
    offer_experience_score: Decimal | None = None
    after_sales_score: Decimal | None = None
    consulting_score: Decimal | None = None
    repeat_purchase: Percent | None = None
    trustpass_years: int | None = None
    collect_within_48h_30d: Percent | None = None
    quality_refund_30d: Percent | None = None


@dataclass(frozen=True)
class ShippingSummary:
    """``productSimpleShippingInfo`` of a search hit."""

    guarantee_hours: int | None = None
    perfect_fulfillment_30d: Percent | None = None
    pickup_within_24h_30d: Percent | None = None
    quality_return_30d: Percent | None = None
    delayed_shipping_7d: Percent | None = None


IDENTITY_NAMES = {
    # code: (简体中文, English)
    "super_factory": ("超级工厂", "Super factory"),
    "powerful_merchants": ("实力商家", "Powerful merchant"),
    "tp_member": ("诚信通", "TrustPass member"),
}
_IDENTITY_BY_ZH = {zh: code for code, (zh, _en) in IDENTITY_NAMES.items()}


def parse_identities(values: list[str]) -> tuple[str, ...]:
    """Seller identity codes from ``["super_factory-超级工厂 tp_member-诚信通会员"]``,
    ``["super_factory", "tp_member"]`` or ``["超级工厂,实力商家，诚信通"]``."""
    found: list[str] = []
    for value in values:
        for token in re.split(r"[\s,，;；]+", value.strip()):
            code = _identity_code(token)
            if code and code not in found:
                found.append(code)
    return tuple(found)


def _identity_code(token: str) -> str | None:
    head = token.split("-", 1)[0]
    if head in IDENTITY_NAMES:
        return head
    for zh, code in _IDENTITY_BY_ZH.items():
        if token.startswith(zh):
            return code
    return None


def parse_guarantee_hours(text: str | None) -> int | None:
    """``shipIn24Hours`` → 24. An enumeration of several options (doc style) → None."""
    if not text:
        return None
    hours = {int(h) for h in re.findall(r"shipIn(\d+)Hours", text)}
    return hours.pop() if len(hours) == 1 else None


def _seller_data(node: Node | None) -> SellerData | None:
    if node is None:
        return None
    return SellerData(
        trade_medal_level=node.integer("tradeMedalLevel"),
        composite_service_score=node.number("compositeServiceScore"),
        logistics_score=node.number("logisticsExperienceScore"),
        dispute_complaint_score=node.number("disputeComplaintScore"),
        offer_experience_score=node.number("offerExperienceScore"),
        after_sales_score=node.number("afterSalesExperienceScore"),
        consulting_score=node.number("consultingExperienceScore"),
        repeat_purchase=node.percent("repeatPurchasePercent"),
        trustpass_years=node.integer("tpYear"),
        collect_within_48h_30d=node.percent("collect30DayWithin48HPercent"),
        quality_refund_30d=node.percent("qualityRefundWithin30Day"),
    )


def _shipping_summary(node: Node | None) -> ShippingSummary | None:
    if node is None:
        return None
    return ShippingSummary(
        guarantee_hours=parse_guarantee_hours(node.text("shippingTimeGuarantee")),
        perfect_fulfillment_30d=node.percent("perfectFulfillmentRate30d"),
        pickup_within_24h_30d=node.percent("pickupWithin24hRate30d"),
        quality_return_30d=node.percent("qualityReturnRate30d"),
        delayed_shipping_7d=node.percent("delayedShippingRate7d"),
    )


def unwrap_crossborder(body: Any, api: str) -> Node | None:
    """``{"result": {"success", "code", "message", "result": …}}`` → the inner result.

    The cross-border product APIs nest their own success flag inside the
    gateway's ``result``; ``success: false`` there is a business failure.
    """
    outer = Node.root(body, api=api).req_child("result")
    if outer.flag("success") is False:
        raise business_error(api, outer.text("code"), outer.text("message"))
    return outer.child("result")


def business_error(api: str, code: str | None, message: str | None) -> BusinessError:
    said = message or code or "no reason given"
    return BusinessError(
        f"1688 refused the {api} call: {said} (code {code}).",
        f"1688 拒绝了 {api} 调用：{said}（错误码 {code}）。",
        action_en="Check the request values against the message; if it persists, "
        "ask 1688 support with the code.",
        action_zh="请根据提示检查请求内容；如果一直出现，请带着错误码联系 1688 客服。",
        api=api,
        error_code=code,
    )


# ---------------------------------------------------------------------------
# search (keywordQuery, imageQuery, querySellerOfferList)


@dataclass(frozen=True)
class OfferSummary:
    offer_id: str
    title: str | None = None
    title_translated: str | None = None
    image_url: str | None = None
    price_cny: Decimal | None = None
    dropship_price_cny: Decimal | None = None
    promotion_price_cny: Decimal | None = None
    repurchase_rate: Percent | None = None
    sales_30d: int | None = None
    sales_7d: int | None = None
    dropship: bool | None = None
    cross_border_select: bool | None = None
    seller_identities: tuple[str, ...] = ()
    offer_identities: tuple[str, ...] = ()
    trade_score: Decimal | None = None
    min_order_quantity: int | None = None
    company_name: str | None = None
    company_address: str | None = None
    detail_url: str | None = None
    seller: SellerData | None = None
    shipping: ShippingSummary | None = None


@dataclass(frozen=True)
class SearchPage:
    api: str
    total_records: int | None
    total_pages: int | None
    page: int | None
    page_size: int | None
    offers: tuple[OfferSummary, ...]
    fetched_at: datetime | None = None


def parse_search_page(body: Any, api: str) -> SearchPage:
    page = unwrap_crossborder(body, api)
    if page is None:
        return SearchPage(api, 0, 0, None, None, ())
    return SearchPage(
        api=api,
        total_records=page.integer("totalRecords"),
        total_pages=page.integer("totalPage"),
        page=page.integer("currentPage"),
        page_size=page.integer("pageSize"),
        offers=tuple(_offer_summary(item) for item in page.children("data")),
    )


def _offer_summary(node: Node) -> OfferSummary:
    price = node.child("priceInfo")
    return OfferSummary(
        offer_id=node.req_ident("offerId"),
        title=node.text("subject"),
        title_translated=node.text("subjectTrans"),
        image_url=node.text("imageUrl"),
        price_cny=price.yuan("price") if price else None,
        dropship_price_cny=price.yuan("consignPrice") if price else None,
        promotion_price_cny=price.yuan("promotionPrice") if price else None,
        repurchase_rate=node.percent("repurchaseRate"),
        sales_30d=node.integer("monthSold"),
        sales_7d=node.integer("sales7d"),
        dropship=node.flag("isOnePsale"),
        cross_border_select=node.flag("isSelect"),
        seller_identities=parse_identities(node.texts("sellerIdentities")),
        offer_identities=tuple(node.texts("offerIdentities")),
        trade_score=node.number("tradeScore"),
        min_order_quantity=node.integer("minOrderQuantity"),
        company_name=node.text("companyName"),
        company_address=node.text("companyAddress"),
        detail_url=node.text("promotionURL"),
        seller=_seller_data(node.child("sellerDataInfo")),
        shipping=_shipping_summary(node.child("productSimpleShippingInfo")),
    )


# ---------------------------------------------------------------------------
# product detail (queryProductDetail)


@dataclass(frozen=True)
class PriceTier:
    """Wholesale price from ``min_qty`` pieces up to ``max_qty`` (None: no upper end)."""

    min_qty: int
    max_qty: int | None
    price_cny: Decimal


@dataclass(frozen=True)
class Sku:
    sku_id: str | None
    spec_id: str | None
    stock: int | None
    price_cny: Decimal | None
    promotion_price_cny: Decimal | None
    dropship_price_cny: Decimal | None
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DropshipTerms:
    """``fenxiaoSaleInfo``: single-piece dropship (一件代发) terms."""

    one_piece_price_cny: Decimal | None
    offer_price_cny: Decimal | None
    start_quantity: int | None
    free_postage: bool | None


@dataclass(frozen=True)
class PackageInfo:
    """Packed size and weight; ``source`` says whose measurement it is."""

    weight_kg: Decimal | None
    length_cm: Decimal | None
    width_cm: Decimal | None
    height_cm: Decimal | None
    source: str  # "official" (1688 measured) or "merchant" (seller typed)
    size_source_note: str | None = None


@dataclass(frozen=True)
class ProductDetail:
    offer_id: str
    title: str | None
    title_translated: str | None
    category_id: str | None
    category_name: str | None
    seller_open_id: str | None
    company_name: str | None
    status: str | None
    min_order_quantity: int | None
    stock: int | None
    unit: str | None
    price_tiers: tuple[PriceTier, ...]
    skus: tuple[Sku, ...]
    dropship_terms: DropshipTerms | None
    package: PackageInfo | None
    shipping_guarantee_hours: int | None
    seller: SellerData | None
    total_sold: int | None
    tags: dict[str, bool] = field(default_factory=dict)
    offer_identities: tuple[str, ...] = ()
    seller_identities: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()
    cross_border_select: bool | None = None
    trade_score: Decimal | None = None
    detail_url: str | None = None
    fetched_at: datetime | None = None

    @property
    def dropship_supported(self) -> bool | None:
        """The ``isOnePsale`` service tag (一件代发), when 1688 states it."""
        return self.tags.get("isOnePsale")


def parse_product_detail(body: Any, api: str) -> ProductDetail:
    detail = unwrap_crossborder(body, api)
    if detail is None:
        raise business_error(api, None, "no product in the answer (offer removed?)")
    sale = detail.child("productSaleInfo")
    identities = detail.texts("offerIdentities")
    return ProductDetail(
        offer_id=detail.req_ident("offerId"),
        title=detail.text("subject"),
        title_translated=detail.text("subjectTrans"),
        category_id=detail.ident("categoryId"),
        category_name=detail.text("categoryName"),
        seller_open_id=detail.text("sellerOpenId"),
        company_name=detail.text("companyName"),
        status=detail.text("status"),
        min_order_quantity=detail.integer("minOrderQuantity"),
        stock=sale.integer("amountOnSale") if sale else None,
        unit=_unit(sale),
        price_tiers=_price_tiers(sale),
        skus=tuple(_sku(node) for node in detail.children("productSkuInfos")),
        dropship_terms=_dropship_terms(sale.child("fenxiaoSaleInfo") if sale else None),
        package=_package(detail.child("productShippingInfo")),
        shipping_guarantee_hours=_guarantee(detail.child("productShippingInfo")),
        seller=_seller_data(detail.child("sellerDataInfo")),
        total_sold=detail.integer("soldOut"),
        tags=_tags(detail),
        offer_identities=tuple(identities),
        seller_identities=parse_identities(identities),
        certificates=tuple(
            name for c in detail.children("certificateList") if (name := c.text("certificateName"))
        ),
        cross_border_select=detail.flag("isSelect"),
        trade_score=detail.number("tradeScore"),
        detail_url=detail.text("promotionUrl"),
    )


def _unit(sale: Node | None) -> str | None:
    info = sale.child("unitInfo") if sale else None
    return info.text("unit") if info else None


def _price_tiers(sale: Node | None) -> tuple[PriceTier, ...]:
    if sale is None:
        return ()
    rows = []
    for node in sale.children("priceRangeList"):
        start, price = node.req_integer("startQuantity"), node.yuan("price")
        if price is None:
            node.fail("price", "a present value")
        rows.append((start, price))
    rows.sort()
    ends: list[int | None] = [nxt - 1 for nxt, _ in rows[1:]]
    ends.append(None)
    pairs = zip(rows, ends, strict=True)
    return tuple(PriceTier(start, end, price) for (start, price), end in pairs)


def _sku(node: Node) -> Sku:
    fenxiao = node.child("fenxiaoPriceInfo")
    attributes = tuple(
        (a.text("attributeName") or "", a.text("value") or "")
        for a in node.children("skuAttributes")
    )
    return Sku(
        sku_id=node.ident("skuId"),
        spec_id=node.text("specId"),
        stock=node.integer("amountOnSale"),
        price_cny=node.yuan("price"),
        promotion_price_cny=node.yuan("promotionPrice"),
        dropship_price_cny=fenxiao.yuan("onePiecePrice") if fenxiao else None,
        attributes=attributes,
    )


def _dropship_terms(node: Node | None) -> DropshipTerms | None:
    if node is None:
        return None
    return DropshipTerms(
        one_piece_price_cny=node.yuan("onePiecePrice"),
        offer_price_cny=node.yuan("offerPrice"),
        start_quantity=node.integer("startQuantity"),
        free_postage=node.flag("onePieceFreePostage"),
    )


_SIZE_KEYS = ("weight", "length", "width", "height")


def _package(node: Node | None) -> PackageInfo | None:
    if node is None:
        return None
    # 1688's own measurement beats what the merchant typed, when it exists.
    official = [node.number(f"official{k.title()}") for k in _SIZE_KEYS]
    merchant = [node.number(k) for k in _SIZE_KEYS]
    chosen, source = (official, "official") if any(official) else (merchant, "merchant")
    if not any(chosen):
        return None
    weight, length, width, height = chosen
    return PackageInfo(weight, length, width, height, source, node.text("pkgSizeSource"))


def _guarantee(node: Node | None) -> int | None:
    return parse_guarantee_hours(node.text("shippingTimeGuarantee")) if node else None


def _tags(detail: Node) -> dict[str, bool]:
    tags = {}
    for node in detail.children("tagInfoList"):
        key, value = node.text("key"), node.flag("value")
        if key and value is not None:
            tags[key] = value
    return tags


# ---------------------------------------------------------------------------
# supplier basic information, category translation, freight estimate


@dataclass(frozen=True)
class SupplierBasic:
    login_id: str | None
    company_name: str | None
    category_name: str | None
    shop_url: str | None
    supplier_name: str | None = None
    kuajingbao: bool | None = None
    fetched_at: datetime | None = None


def parse_supplier_basic(body: Any, api: str) -> SupplierBasic:
    root = Node.root(body, api=api)
    if root.flag("success") is False:
        raise business_error(api, root.text("errorCode"), root.text("errorMessage"))
    info = root.req_child("result")
    return SupplierBasic(
        login_id=info.text("loginId"),
        company_name=info.text("companyName"),
        category_name=info.text("categoryName"),
        shop_url=info.text("shopUrl"),
        supplier_name=info.text("supplierName"),
        kuajingbao=info.flag("kuaJingBao"),
    )


@dataclass(frozen=True)
class CategoryTranslation:
    category_id: str
    chinese_name: str | None
    translated_name: str | None
    language: str | None
    parent_id: str | None
    leaf: bool | None


def parse_category_translation(body: Any, api: str) -> CategoryTranslation:
    root = Node.root(body, api=api)
    if root.flag("success") is False:
        raise business_error(api, root.text("code"), root.text("message"))
    node = root.req_child("result")
    return CategoryTranslation(
        category_id=node.req_ident("categoryId"),
        chinese_name=node.text("chineseName"),
        translated_name=node.text("translatedName"),
        language=node.text("language"),
        parent_id=node.ident("parentCateId"),
        leaf=node.flag("leaf"),
    )


@dataclass(frozen=True)
class FreightEstimate:
    """Domestic (China) freight for one offer to one address.

    The freight doc page gives no answer example; ``freight`` is read as yuan
    text like the other product-side prices (see docs/open1688.md).
    """

    offer_id: str | None
    freight_cny: Decimal | None
    free_postage: bool | None
    template_name: str | None
    charge_type: str | None


def parse_freight_estimate(body: Any, api: str) -> FreightEstimate:
    node = unwrap_crossborder(body, api)
    if node is None:
        raise business_error(api, None, "no freight in the answer")
    return FreightEstimate(
        offer_id=node.ident("offerId"),
        freight_cny=node.yuan("freight"),
        free_postage=node.flag("freePostage"),
        template_name=node.text("templateName"),
        charge_type=node.text("chargeType"),
    )
