"""The agreement's clauses in 简体中文 and English, built from its terms.

One list of clauses feeds the printable page, the PDF and the DOCX, so the three
always say the same thing; the numbers come from the terms the claims compute with.
Supplier text (names, titles, specs) is data here: pages escape it, documents print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from daifa.buying.terms import PAYMENT_METHODS, QUALITY_REMEDIES

BLANK_ZH = "＿＿＿＿"


@dataclass(frozen=True)
class Clause:
    number: int
    title_zh: str
    title_en: str
    text_zh: str
    text_en: str


def tiers_text(tiers: str | list[dict[str, Any]] | None) -> str:
    """``[{min_qty, max_qty, price_cny}]`` or "1-49:12.5;50+:11.8" as "≥1: ¥12.5; ≥50: ¥11.8"."""
    from daifa.buying.pricing import tiers_of

    found = tiers_of(tiers)
    return "; ".join(f"≥{t['min_qty']}: ¥{t['price_cny']:g}" for t in found) or "—"


def late_pickup_zh(t: dict[str, Any]) -> str:
    if t["late_mode"] == "percent":
        return (
            f"乙方未在付款后{t['pickup_hours']}小时内交快递揽收的，按该订单实付金额的"
            f"{t['late_rate_pct']}%向甲方一次性支付违约金。"
        )
    return (
        f"乙方未在付款后{t['pickup_hours']}小时内交快递揽收的，每逾期一日（不足一日按一日计）"
        f"按该订单实付金额的{t['late_daily_pct']}%向甲方支付违约金，累计不超过该订单实付金额的"
        f"{t['late_cap_pct']}%。"
    )


def late_pickup_en(t: dict[str, Any]) -> str:
    if t["late_mode"] == "percent":
        return (
            f"If the parcel is not picked up by the carrier within {t['pickup_hours']} hours of "
            f"payment, the Supplier pays the Buyer a one-off {t['late_rate_pct']}% of the amount "
            "paid for that order."
        )
    return (
        f"If the parcel is not picked up by the carrier within {t['pickup_hours']} hours of "
        f"payment, the Supplier pays the Buyer {t['late_daily_pct']}% of the amount paid for that "
        "order for every day of delay (a part of a day counts as a whole day), in total at most "
        f"{t['late_cap_pct']}% of that amount."
    )


def clauses(t: dict[str, Any]) -> list[Clause]:
    buyer, seller = t["buyer"], t["seller"]
    pay_zh, pay_en = PAYMENT_METHODS[t["payment_method"]]
    remedy_zh, remedy_en = QUALITY_REMEDIES[t["quality_remedy"]]
    products_zh = (
        "；".join(
            f"{p.get('title') or p.get('offer_id')}（规格：{p.get('spec') or '—'}；"
            f"起订量 {p.get('moq') or '—'} 件；"
            f"阶梯价 {tiers_text(p.get('tiers'))}）"
            for p in t["products"]
        )
        or "以双方确认的订单为准"
    )
    products_en = (
        "; ".join(
            f"{p.get('title') or p.get('offer_id')} (spec: {p.get('spec') or '—'}; MOQ "
            f"{p.get('moq') or '—'} pcs; price tiers {tiers_text(p.get('tiers'))})"
            for p in t["products"]
        )
        or "as confirmed in each order"
    )
    items = [
        (
            "合同双方",
            "Parties",
            f"甲方（采购方）：{buyer.get('name') or BLANK_ZH}，"
            f"联系方式：{buyer.get('contact') or BLANK_ZH}。"
            f"乙方（供应商）：{seller.get('name') or BLANK_ZH}，"
            f"1688会员名：{seller.get('member_id') or BLANK_ZH}，"
            f"统一社会信用代码：{seller.get('uscc') or BLANK_ZH}，"
            f"联系方式：{seller.get('contact') or BLANK_ZH}。",
            f"Buyer: {buyer.get('name') or '________'}, "
            f"contact: {buyer.get('contact') or '________'}. "
            f"Supplier: {seller.get('name') or '________'}, 1688 member: "
            f"{seller.get('member_id') or '________'}, unified social credit code: "
            f"{seller.get('uscc') or '________'}, contact: {seller.get('contact') or '________'}.",
        ),
        (
            "产品、规格与价格",
            "Products, specifications and prices",
            f"{products_zh}。单次订货数量不得低于起订量，单价按订货数量所在的阶梯价计算。"
            f"本协议有效期内约定单价不变；乙方调价须提前{t['price_notice_days']}日书面通知甲方。",
            f"{products_en}. No order is below the MOQ; the unit price is the tier price at the "
            "quantity ordered. Agreed prices hold while this agreement is valid; "
            f"the Supplier gives {t['price_notice_days']} days' written notice of any "
            "price change.",
        ),
        (
            "包装与标签",
            "Packaging and labels",
            t["packaging_zh"],
            t["packaging_en"],
        ),
        (
            "发货时效与逾期违约金",
            "Pickup time and late compensation",
            late_pickup_zh(t)
            + "违约金过分高于造成的损失的，任何一方可请求人民法院或仲裁机构予以适当减少"
            "（《民法典》第585条）。",
            late_pickup_en(t)
            + " Under art. 585 of the PRC Civil Code a court or arbitrator may reduce an agreed "
            "penalty that is excessively higher than the loss caused.",
        ),
        (
            "质量与检验",
            "Quality and inspection",
            f"货物须与样品及商品详情页一致。甲方应在货物签收后{t['inspection_days']}日内提出质量异议。"
            f"因质量问题（含破损、与描述不符）退换货的，往返运费由乙方承担，乙方应{remedy_zh}。",
            f"Goods must match the reference sample and the listing. The Buyer notifies quality "
            f"defects within {t['inspection_days']} days of delivery. For quality problems "
            "(including damage and goods not as described) the Supplier bears the freight both "
            f"ways and shall {remedy_en}.",
        ),
        (
            "错发与漏发",
            "Wrong or missing items",
            f"错发、漏发的，乙方应在接到甲方通知后{t['answer_hours']}小时内答复、{t['reship_hours']}小时内补发；"
            f"逾期未补发的，按该订单实付金额的{t['late_reship_pct']}%向甲方赔偿，并继续补发或退款。",
            f"For wrong or missing items the Supplier answers within {t['answer_hours']} hours of "
            f"the Buyer's notice and reships within {t['reship_hours']} hours; if not reshipped in "
            f"time it pays {t['late_reship_pct']}% of the amount paid for that order, and still "
            "reships or refunds.",
        ),
        (
            "滞销退换",
            "Unsold stock",
            f"甲方在收货后{t['unsold_return_days']}日内可退换未售出且完好的商品，"
            f"甲方承担的损耗不超过货值的{t['unsold_max_loss_pct']}%。",
            f"Within {t['unsold_return_days']} days of receipt the Buyer may return or exchange "
            f"unsold goods in good condition, at a loss of at most {t['unsold_max_loss_pct']}% "
            "of their value.",
        ),
        (
            "付款",
            "Payment",
            f"付款方式：{pay_zh}。每笔订单在1688下单，订单备注写明揽收时限。",
            f"Payment: {pay_en}. Each order is placed on 1688 with the pickup deadline in its "
            "remark.",
        ),
        (
            "保密",
            "Confidentiality",
            "双方对本协议内容、价格及甲方的客户与收货信息负有保密义务，乙方不得联系甲方的终端客户。"
            if t["confidential"]
            else "本协议不设保密条款。",
            "Both parties keep this agreement, its prices and the Buyer's customer and address "
            "data confidential; the Supplier never contacts the Buyer's customers."
            if t["confidential"]
            else "This agreement has no confidentiality clause.",
        ),
        (
            "有效期与其他",
            "Term and other",
            f"本协议自双方签署之日起{t['valid_months']}个月内有效。以中文文本为准。"
            + (t.get("extra_zh") or ""),
            f"This agreement is valid for {t['valid_months']} months from signature. The Chinese "
            "text prevails. " + (t.get("extra_en") or ""),
        ),
    ]
    return [
        Clause(i, title_zh, title_en, text_zh.strip(), text_en.strip())
        for i, (title_zh, title_en, text_zh, text_en) in enumerate(items, start=1)
    ]
