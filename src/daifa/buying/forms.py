"""Forms of the buying pages. They only read input; the services decide and refuse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from daifa.buying.models import Agreement, Claim
from daifa.buying.terms import LATE_MODES, PAYMENT_METHODS, QUALITY_REMEDIES
from daifa.catalog.models import Offer
from daifa.sourcing.models import PurchaseOrder

if TYPE_CHECKING:
    from daifa.sources.open1688 import Address

    _OfferChoice = forms.ModelChoiceField[Offer]
else:  # Django's form fields take no type arguments at run time
    _OfferChoice = forms.ModelChoiceField

PAYMENT_CHOICES = [
    ("alipay", _("1688 escrow (Alipay)")),
    ("credit", _("1688 credit / payment terms")),
    ("bank", _("bank transfer")),
]
LATE_CHOICES = [
    ("percent", _("one-off % of the order value")),
    ("daily", _("% per day of delay, with a cap")),
]
REMEDY_CHOICES = [
    ("reship_or_refund", _("reship or refund, as the buyer chooses")),
    ("refund", _("refund")),
    ("reship", _("reship")),
]
assert {c for c, _l in PAYMENT_CHOICES} == set(PAYMENT_METHODS)
assert {c for c, _l in LATE_CHOICES} == set(LATE_MODES)
assert {c for c, _l in REMEDY_CHOICES} == set(QUALITY_REMEDIES)


class OfferChoiceField(_OfferChoice):
    """An offer of the workspace, shown as its supplier and title."""

    def label_from_instance(self, obj: Offer) -> str:
        return f"{obj.supplier} · {obj.title or obj.external_id}"


NUMBER_FIELDS = (
    "pickup_hours",
    "late_rate_pct",
    "late_daily_pct",
    "late_cap_pct",
    "inspection_days",
    "answer_hours",
    "reship_hours",
    "late_reship_pct",
    "unsold_return_days",
    "unsold_max_loss_pct",
    "price_notice_days",
    "valid_months",
)


class AgreementForm(forms.Form):
    buyer_name = forms.CharField(label=_("Buyer (you)"), max_length=200, required=False)
    buyer_contact = forms.CharField(label=_("Buyer contact"), max_length=200, required=False)
    seller_name = forms.CharField(label=_("Supplier company"), max_length=200, required=False)
    seller_member_id = forms.CharField(label=_("1688 member"), max_length=100, required=False)
    seller_uscc = forms.CharField(
        label=_("Unified social credit code"), max_length=40, required=False
    )
    seller_contact = forms.CharField(label=_("Supplier contact"), max_length=200, required=False)
    products = forms.CharField(
        label=_("Products"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: offer id | title | spec | price tiers | MOQ"),
    )
    packaging_zh = forms.CharField(
        label=_("Packaging and labels (中文)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    packaging_en = forms.CharField(
        label=_("Packaging and labels (English)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    pickup_hours = forms.CharField(label=_("Pickup within (hours after payment)"))
    late_mode = forms.ChoiceField(label=_("Late pickup compensation"), choices=LATE_CHOICES)
    late_rate_pct = forms.CharField(label=_("One-off rate (%)"))
    late_daily_pct = forms.CharField(label=_("Daily rate (%)"))
    late_cap_pct = forms.CharField(label=_("Cap (% of the order value)"))
    quality_remedy = forms.ChoiceField(label=_("Quality problems"), choices=REMEDY_CHOICES)
    inspection_days = forms.CharField(label=_("Inspection period (days)"))
    answer_hours = forms.CharField(label=_("Wrong/missing items: answer within (hours)"))
    reship_hours = forms.CharField(label=_("Wrong/missing items: reship within (hours)"))
    late_reship_pct = forms.CharField(label=_("Late reship compensation (%)"))
    unsold_return_days = forms.CharField(label=_("Unsold returns within (days)"))
    unsold_max_loss_pct = forms.CharField(label=_("Unsold returns: loss at most (%)"))
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PAYMENT_CHOICES)
    price_notice_days = forms.CharField(label=_("Price change notice (days)"))
    valid_months = forms.CharField(label=_("Valid for (months)"))
    confidential = forms.BooleanField(label=_("Confidentiality clause"), required=False)
    extra_zh = forms.CharField(
        label=_("Other terms (中文)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    extra_en = forms.CharField(
        label=_("Other terms (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def initial_from(cls, terms: dict[str, Any]) -> dict[str, Any]:
        initial = {k: terms.get(k) for k in cls.base_fields if k in terms}
        initial.update(
            buyer_name=terms["buyer"].get("name", ""),
            buyer_contact=terms["buyer"].get("contact", ""),
            seller_name=terms["seller"].get("name", ""),
            seller_member_id=terms["seller"].get("member_id", ""),
            seller_uscc=terms["seller"].get("uscc", ""),
            seller_contact=terms["seller"].get("contact", ""),
            products="\n".join(
                " | ".join(
                    str(p.get(k) or "") for k in ("offer_id", "title", "spec", "tiers", "moq")
                )
                for p in terms.get("products", [])
            ),
        )
        return initial

    def clean_products(self) -> list[dict[str, Any]]:
        products = []
        for number, line in enumerate(self.cleaned_data["products"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + [""] * 5
            moq = parts[4]
            if moq and not moq.isdigit():
                raise forms.ValidationError(
                    _("Line %(line)s: MOQ %(value)s is not a whole number."),
                    params={"line": number, "value": moq},
                )
            products.append(
                {
                    "offer_id": parts[0],
                    "title": parts[1],
                    "spec": parts[2],
                    "tiers": parts[3],
                    "moq": int(moq) if moq else None,
                }
            )
        return products

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        terms = {k: data[k] for k in self.base_fields if not k.startswith(("buyer_", "seller_"))}
        terms["buyer"] = {"name": data["buyer_name"], "contact": data["buyer_contact"], "uscc": ""}
        terms["seller"] = {
            "name": data["seller_name"],
            "member_id": data["seller_member_id"],
            "uscc": data["seller_uscc"],
            "contact": data["seller_contact"],
        }
        return terms


class OrderForm(forms.Form):
    offer = OfferChoiceField(label=_("Offer"), queryset=None)
    agreement: forms.ModelChoiceField[Agreement] = forms.ModelChoiceField(
        label=_("Agreement"), queryset=None, required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    sku = forms.CharField(label=_("SKU / spec"), max_length=200, required=False)
    ship_to = forms.CharField(
        label=_("Dropship address"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    payment_method = forms.ChoiceField(label=_("Payment"), choices=PAYMENT_CHOICES)
    remark = forms.CharField(
        label=_("Order remark"),
        required=False,
        max_length=500,
        help_text=_("Empty: the pickup term, e.g. 付款后24小时内揽收"),
    )
    order_id = forms.CharField(
        label=_("1688 order number (if already placed)"), max_length=40, required=False
    )
    shipping_fee = forms.DecimalField(
        label=_("Freight (CNY)"), required=False, min_value=0, decimal_places=2
    )
    unit_price = forms.DecimalField(
        label=_("Unit price (CNY), when the offer has no price tiers"),
        required=False,
        min_value=0,
        decimal_places=4,
    )

    def __init__(
        self,
        *args: Any,
        offers: QuerySet[Offer] | None = None,
        agreements: QuerySet[Agreement] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(OfferChoiceField, self.fields["offer"]).queryset = offers
        cast("forms.ModelChoiceField[Agreement]", self.fields["agreement"]).queryset = agreements


class MarkForm(forms.Form):
    step = forms.ChoiceField(
        label=_("Step"),
        choices=[
            ("paid", _("paid")),
            ("picked_up", _("picked up (揽收)")),
            ("shipped", _("shipped")),
            ("delivered", _("delivered")),
            ("received", _("received")),
            ("cancelled", _("cancelled")),
            ("returned", _("returned")),
        ],
    )
    at = forms.DateTimeField(label=_("When (empty: now)"), required=False)
    reason = forms.ChoiceField(
        label=_("Cancel reason"),
        required=False,
        choices=[("", "—"), *PurchaseOrder.CancelReason.choices],
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    tracking_no = forms.CharField(label=_("Tracking number"), max_length=100, required=False)


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("Claim type"), choices=Claim.Kind.choices)
    remedy = forms.ChoiceField(label=_("Requested remedy"), choices=Claim.Remedy.choices)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    affected_quantity = forms.IntegerField(label=_("Pieces affected"), min_value=1, required=False)
    return_freight = forms.DecimalField(
        label=_("Return freight you paid (CNY)"), min_value=0, required=False, decimal_places=2
    )
    evidence = forms.FileField(label=_("Evidence (photo or PDF)"), required=False)


class EvidenceForm(forms.Form):
    evidence = forms.FileField(label=_("Add evidence (photo, chat screenshot or PDF)"))


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Claim.Status.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
    received = forms.DecimalField(
        label=_("Amount received (CNY)"), min_value=0, required=False, decimal_places=2
    )
    reshipped_at = forms.DateTimeField(label=_("Reshipped at"), required=False)


class ProductForm(forms.Form):
    sku = forms.CharField(label=_("Your SKU"), max_length=100)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    primary = OfferChoiceField(label=_("Primary offer"), queryset=None)
    price_band_pct = forms.DecimalField(
        label=_("Price band (%)"), min_value=0, max_value=100, initial=15
    )

    def __init__(self, *args: Any, offers: QuerySet[Offer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OfferChoiceField, self.fields["primary"]).queryset = offers


class BackupForm(forms.Form):
    offer = OfferChoiceField(label=_("Backup offer"), queryset=None)

    def __init__(self, *args: Any, offers: QuerySet[Offer] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OfferChoiceField, self.fields["offer"]).queryset = offers


class SwitchForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class OrderFileForm(forms.Form):
    file = forms.FileField(label=_("1688 order export, refund list or orders sheet (.xlsx/.csv)"))


class AddressForm(forms.Form):
    """The mainland address 1688 ships to (the dropship customer's, or your forwarder's)."""

    full_name = forms.CharField(label=_("Recipient"), max_length=50)
    mobile = forms.RegexField(label=_("Mobile"), regex=r"^1\d{10}$", max_length=11)
    province = forms.CharField(label=_("Province"), max_length=20)
    city = forms.CharField(label=_("City"), max_length=20)
    area = forms.CharField(label=_("District"), max_length=20)
    address = forms.CharField(label=_("Street address"), max_length=200)

    def address_value(self) -> Address:
        from daifa.sources.open1688 import Address

        return Address(**self.cleaned_data)
