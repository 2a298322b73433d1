"""Agreement terms as data: defaults from the seed guide, checks, and what they promise.

The same numbers make the agreement's text (:mod:`daifa.buying.wording`), the pickup
clock of an order and the compensation of a claim (:mod:`daifa.buying.compensation`),
so the printed clause and the computed amount cannot drift apart.

Late pickup is compensated in one of two ways, chosen per agreement:

* ``percent`` (the default, as the seed guide writes it: "超时可索赔，通常按订单金额
  5%-10%"): a one-off ``late_rate_pct`` of the order value once pickup is late;
* ``daily``: ``late_daily_pct`` of the order value for every started day of delay
  (a part of a day counts as a whole day), never more than ``late_cap_pct``.

Chinese courts may reduce a penalty that is far above the actual loss (民法典 第585条;
in practice more than 30 % above it), so the generator warns about high rates.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

LATE_MODES = ("percent", "daily")
PAYMENT_METHODS = {
    "alipay": ("1688 担保交易（支付宝）", "1688 escrow (Alipay)"),
    "credit": ("诚e赊 / 账期", "1688 credit (诚e赊) / payment terms"),
    "bank": ("对公转账", "bank transfer"),
}
QUALITY_REMEDIES = {
    "reship_or_refund": (
        "补发合格品或退款，由甲方选择",
        "reship conforming goods or refund, as the buyer chooses",
    ),
    "refund": ("退款", "refund"),
    "reship": ("补发合格品", "reship conforming goods"),
}
# A penalty above this share of the order value is likely "过分高于造成的损失" (民法典 585).
HIGH_PENALTY_PCT = Decimal(30)

DEFAULT_TERMS: dict[str, Any] = {
    "buyer": {"name": "", "contact": "", "uscc": ""},
    "seller": {"name": "", "contact": "", "uscc": "", "member_id": ""},
    # [{"offer_id", "title", "spec", "tiers", "moq"}]; tiers as "1-49:12.5;50+:11.8"
    "products": [],
    "packaging_en": "Neutral packaging; labels in English only; no supplier name, logo, "
    "price tag or invoice in the parcel.",
    "packaging_zh": "中性包装；标签仅用英文；包裹内不得放入供应商名称、标志、价签或发票。",
    "pickup_hours": 24,
    "late_mode": "percent",
    "late_rate_pct": "5",
    "late_daily_pct": "1",
    "late_cap_pct": "10",
    "quality_remedy": "reship_or_refund",
    "inspection_days": 7,
    "answer_hours": 24,
    "reship_hours": 48,
    "late_reship_pct": "10",
    "unsold_return_days": 30,
    "unsold_max_loss_pct": "5",
    "payment_method": "alipay",
    "price_notice_days": 7,
    "valid_months": 12,
    "confidential": True,
    "extra_zh": "",
    "extra_en": "",
}

# field -> (English label, 中文 label, kind, low, high)
NUMBERS: dict[str, tuple[str, str, str, Decimal, Decimal]] = {
    "pickup_hours": (
        "pickup hours after payment",
        "付款后揽收时限（小时）",
        "int",
        Decimal(1),
        Decimal(720),
    ),
    "late_rate_pct": (
        "late pickup compensation %",
        "逾期揽收违约金（%）",
        "dec",
        Decimal(0),
        Decimal(100),
    ),
    "late_daily_pct": (
        "late pickup % per day",
        "逾期揽收每日违约金（%）",
        "dec",
        Decimal(0),
        Decimal(100),
    ),
    "late_cap_pct": ("compensation cap %", "违约金上限（%）", "dec", Decimal(0), Decimal(100)),
    "inspection_days": (
        "inspection period (days)",
        "质量异议期（天）",
        "int",
        Decimal(1),
        Decimal(730),
    ),
    "answer_hours": ("answer hours", "答复时限（小时）", "int", Decimal(1), Decimal(720)),
    "reship_hours": ("reship hours", "补发时限（小时）", "int", Decimal(1), Decimal(720)),
    "late_reship_pct": (
        "late reship compensation %",
        "逾期补发赔偿（%）",
        "dec",
        Decimal(0),
        Decimal(100),
    ),
    "unsold_return_days": (
        "unsold return days",
        "滞销退换期限（天）",
        "int",
        Decimal(0),
        Decimal(365),
    ),
    "unsold_max_loss_pct": (
        "unsold return loss %",
        "滞销退换损耗率上限（%）",
        "dec",
        Decimal(0),
        Decimal(100),
    ),
    "price_notice_days": (
        "price change notice (days)",
        "调价提前通知（天）",
        "int",
        Decimal(0),
        Decimal(365),
    ),
    "valid_months": ("validity (months)", "有效期（月）", "int", Decimal(1), Decimal(120)),
}


class TermsError(ValueError):
    """A term that cannot be used, in both languages, naming the field and the value."""

    def __init__(self, field: str, value: object, en: str, zh: str) -> None:
        super().__init__(en)
        self.field = field
        self.value = value
        self.en = en
        self.zh = zh


def default_terms(**overrides: Any) -> dict[str, Any]:
    """The seed guide's terms, with ``overrides`` (e.g. the parties and products) on top."""
    terms = copy.deepcopy(DEFAULT_TERMS)
    terms.update(copy.deepcopy(overrides))
    return terms


def clean_terms(raw: dict[str, Any]) -> dict[str, Any]:
    """Checked, normalised terms (numbers as strings of decimals, so JSON keeps them exact)."""
    terms = default_terms()
    terms.update({k: v for k, v in raw.items() if k in DEFAULT_TERMS})
    for name, (en, zh, kind, low, high) in NUMBERS.items():
        value = terms[name]
        try:
            number = Decimal(str(value).strip().rstrip("%"))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or not low <= number <= high:
            raise TermsError(
                name,
                value,
                f"{en}: {value!r} is not a number from {low} to {high}",
                f"{zh}：{value!r} 不是 {low} 到 {high} 之间的数字",
            )
        if kind == "int":
            if number != number.to_integral_value():
                raise TermsError(
                    name,
                    value,
                    f"{en}: {value!r} is not a whole number",
                    f"{zh}：{value!r} 应为整数",
                )
            terms[name] = int(number)
        else:
            terms[name] = format(number.normalize(), "f") if number else "0"
    for name, allowed in (
        ("late_mode", LATE_MODES),
        ("payment_method", tuple(PAYMENT_METHODS)),
        ("quality_remedy", tuple(QUALITY_REMEDIES)),
    ):
        if terms[name] not in allowed:
            raise TermsError(
                name,
                terms[name],
                f"{name}: {terms[name]!r} is not one of {', '.join(allowed)}",
                f"{name}：{terms[name]!r} 不在可选值 {'、'.join(allowed)} 中",
            )
    terms["confidential"] = bool(terms["confidential"])
    return terms


@dataclass(frozen=True)
class Warning_:
    en: str
    zh: str


def legal_warnings(terms: dict[str, Any]) -> list[Warning_]:
    """Terms a court may not uphold as written (民法典 585, 622), and missing party data."""
    found: list[Warning_] = []
    top = late_pickup_ceiling_pct(terms)
    if top > HIGH_PENALTY_PCT:
        found.append(
            Warning_(
                f"Late pickup compensation can reach {top} % of the order value. A court may "
                "reduce a penalty far above the actual loss (Civil Code art. 585).",
                f"逾期揽收违约金最高可达订单金额的 {top}%。违约金过分高于造成的损失的，"
                "人民法院可以适当减少（民法典第585条）。",
            )
        )
    if int(terms["inspection_days"]) < 3:
        found.append(
            Warning_(
                "An inspection period this short may only cover visible defects "
                "(Civil Code art. 622).",
                "质量异议期过短的，可能仅被视为外观瑕疵的检验期限（民法典第622条）。",
            )
        )
    if not terms["seller"].get("uscc"):
        found.append(
            Warning_(
                "The supplier's unified social credit code (USCC) is missing.",
                "缺少供应商的统一社会信用代码。",
            )
        )
    return found


def late_pickup_ceiling_pct(terms: dict[str, Any]) -> Decimal:
    """The most the late-pickup clause can cost the supplier, in % of the order value."""
    if terms["late_mode"] == "percent":
        return min(Decimal(terms["late_rate_pct"]), Decimal(terms["late_cap_pct"]))
    return Decimal(terms["late_cap_pct"])


def remark_for_order(terms: dict[str, Any]) -> str:
    """The order remark that repeats the pickup term on 1688 (the seed: 可在下单备注)."""
    hours = terms["pickup_hours"]
    return f"付款后{hours}小时内揽收，超时按协议赔付 / pickup within {hours} h of payment"
