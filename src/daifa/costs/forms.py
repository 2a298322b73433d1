"""Forms for the calculator and the cost settings.

Errors say the field and what is allowed. Rate-card texts are validated by the
loaders in ``daifa.sources.ratecards``, whose messages exist in zh and en, so those
forms take the reader's language.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Mapping
from datetime import date
from pathlib import PurePosixPath
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from daifa.costs.adapters import CARD_KINDS, all_destinations
from daifa.costs.services import IMPORT_NAMES
from daifa.engine.costing import BulkLane, CostSettings, ParcelLine, Platform, parse_tiers
from daifa.engine.errors import InputError
from daifa.sources.ratecards import cards_from_texts, decode_card_bytes

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_ZIP_BYTES = 5 * 1024 * 1024
CURRENCY_CODE = re.compile(r"^[A-Za-z]{3}$")
TRI_STATE = [("", _("unknown")), ("yes", _("yes")), ("no", _("no"))]
NUMBER_ERRORS = {"invalid": _("Enter a number, e.g. 12.5.")}
WHOLE_ERRORS = {"invalid": _("Enter a whole number, e.g. 50.")}


class AllowedChoiceField(forms.ChoiceField):
    """A choice field whose error lists the allowed values."""

    def validate(self, value: Any) -> None:
        if value in self.empty_values and not self.required:
            return
        if value in self.empty_values or not self.valid_value(value):
            # django-stubs types the getter like the setter; Django normalises choices to pairs.
            pairs = cast("list[tuple[Any, Any]]", self.choices)
            allowed = ", ".join(str(k) for k, _label in pairs if k != "")
            raise forms.ValidationError(
                _("“%(value)s” is not allowed; choose one of: %(allowed)s."),
                code="invalid_choice",
                params={"value": value, "allowed": allowed},
            )


def _number(label: Any, *, required: bool = False, **kwargs: Any) -> forms.FloatField:
    kwargs.setdefault("min_value", 0)
    return forms.FloatField(label=label, required=required, error_messages=NUMBER_ERRORS, **kwargs)


def _whole(label: Any, *, required: bool = False, **kwargs: Any) -> forms.IntegerField:
    kwargs.setdefault("min_value", 1)
    return forms.IntegerField(label=label, required=required, error_messages=WHOLE_ERRORS, **kwargs)


def _tri_state(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _named(card: ParcelLine | BulkLane | Platform) -> str:
    """A rate card's name in the page's language (its id is for files, not people)."""
    zh = (get_language() or "zh").startswith("zh")
    return (card.name_zh if zh else card.name_en) or card.name_en or card.name_zh or card.id


def _freight_choices(settings: CostSettings) -> list[tuple[str, str]]:
    cards = settings.cards
    # Bulk cards name their mode already ("美国海运拼箱到仓", "Air to a US warehouse").
    both: list[ParcelLine | BulkLane] = [*cards.lines, *cards.bulk]
    return [(x.id, _named(x)) for x in both]


def _platform_choices(settings: CostSettings) -> list[tuple[str, str]]:
    return [(p.id, _named(p)) for p in settings.cards.platforms]


def _currency_choices(settings: CostSettings) -> list[tuple[str, str]]:
    return [(c, c) for c in settings.rates.currencies]


def _destination_choices(settings: CostSettings) -> list[tuple[str, str]]:
    return [(d, d) for d in all_destinations(settings.cards)]


class _SituationFields(forms.Form):
    """Quantity, line, destination and platform, offered from the workspace's cards."""

    def __init__(self, *args: Any, settings: CostSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        for name, choices in (
            ("line", _freight_choices(settings)),
            ("destination", _destination_choices(settings)),
            ("platform", _platform_choices(settings)),
            ("retail_currency", _currency_choices(settings)),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = choices


class CalculatorForm(_SituationFields):
    # the offer
    price_tiers = forms.CharField(
        label=_("Price tiers"),
        required=False,
        max_length=500,
        help_text=_("min-max:price, e.g. 1-49:12.5;50-199:11.8;200+:10.9"),
    )
    unit_price_cny = _number(_("Unit price (CNY)"))
    dropship_price_cny = _number(_("Dropship price (CNY)"))
    moq = _whole(_("MOQ"))
    weight_g = _number(_("Weight (g)"))
    length_cm = _number(_("Length (cm)"))
    width_cm = _number(_("Width (cm)"))
    height_cm = _number(_("Height (cm)"))
    extra_fees_cny = _number(_("Extra fees per unit (CNY)"))
    quote_all_inclusive = AllowedChoiceField(
        label=_("Quote includes packaging"), choices=TRI_STATE, required=False
    )
    sample_fee_deductible = AllowedChoiceField(
        label=_("Sample fee deducted from the order"), choices=TRI_STATE, required=False
    )
    category = forms.CharField(label=_("Category"), required=False, max_length=100)
    target_retail_price = _number(_("Target retail price"))
    retail_currency = AllowedChoiceField(label=_("Retail currency"))
    # the seller's situation (defaults from the settings)
    quantity = _whole(_("Quantity per order"), required=True)
    line = AllowedChoiceField(label=_("Line"))
    destination = AllowedChoiceField(label=_("Destination"))
    platform = AllowedChoiceField(label=_("Platform"))
    packaging_cny = _number(_("Packaging per unit (CNY)"))
    sample_fee_cny = _number(_("Sample fee (CNY)"))
    domestic_freight_per_order_cny = _number(_("Domestic freight per order (CNY)"))
    ad_cost_per_order_cny = _number(_("Advertising per order (CNY)"))
    return_rate_pct = _number(_("Return rate (%)"), max_value=100)
    # the freight choice
    units = _whole(_("Units to ship"), help_text=_("empty: the quantity per order"))
    deadline_days = _whole(_("Deadline (days)"), help_text=_("empty: no freight choice"))

    OFFER_FIELDS = (
        "price_tiers",
        "unit_price_cny",
        "dropship_price_cny",
        "moq",
        "weight_g",
        "length_cm",
        "width_cm",
        "height_cm",
        "extra_fees_cny",
        "category",
        "target_retail_price",
        "retail_currency",
    )
    SETTING_FIELDS = (
        "quantity",
        "line",
        "destination",
        "platform",
        "packaging_cny",
        "sample_fee_cny",
        "domestic_freight_per_order_cny",
        "ad_cost_per_order_cny",
        "return_rate_pct",
    )

    GROUPS = (
        (_("The offer"), (*OFFER_FIELDS, "quote_all_inclusive", "sample_fee_deductible")),
        (_("Your situation"), SETTING_FIELDS),
        (_("Freight choice"), ("units", "deadline_days")),
    )

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]

    def clean_price_tiers(self) -> str:
        text: str = self.cleaned_data["price_tiers"].strip()
        if text:
            try:
                parse_tiers(text)
            except InputError as exc:
                raise forms.ValidationError(exc.message(self.lang)) from exc
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        prices = ("price_tiers", "unit_price_cny", "dropship_price_cny")
        if not self.errors and all(cleaned.get(k) in (None, "") for k in prices):
            self.add_error("price_tiers", _("Enter price tiers, a unit price or a dropship price."))
        if cleaned.get("deadline_days") is not None and not cleaned.get("weight_g"):
            self.add_error("weight_g", _("Enter a weight above 0 g: the freight choice needs it."))
        return cleaned

    def offer(self) -> dict[str, Any]:
        """The offer as the engine's canonical columns; empty fields are unknown."""
        data = self.cleaned_data
        offer = {k: data[k] for k in self.OFFER_FIELDS if data.get(k) not in (None, "")}
        for name in ("quote_all_inclusive", "sample_fee_deductible"):
            flag = _tri_state(data.get(name))
            if flag is not None:
                offer[name] = flag
        return offer

    def setting_values(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.SETTING_FIELDS}


def calculator_initial(settings: CostSettings) -> dict[str, Any]:
    names = CalculatorForm.SETTING_FIELDS + ("retail_currency",)
    initial = {name: getattr(settings, name) for name in names}
    return {**initial, "deadline_days": 15}


class RatesForm(forms.Form):
    """Currency rates as CNY for one unit, with the date they were looked up."""

    as_of = forms.DateField(
        label=_("Rates looked up on"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    new_code = forms.CharField(
        label=_("Add a currency (code)"), required=False, max_length=3, help_text=_("e.g. MXN")
    )
    new_rate = _number(_("CNY for 1 unit of the new currency"))

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes
        for code in codes:
            self.fields[f"rate_{code}"] = _number(
                _("CNY for 1 %(code)s") % {"code": code},
                help_text=_("empty: remove this currency"),
            )
        # show the rates before the "add a currency" pair
        order = ["as_of", *(f"rate_{c}" for c in codes), "new_code", "new_rate"]
        self.order_fields(order)

    def clean_as_of(self) -> date:
        as_of: date = self.cleaned_data["as_of"]
        today = timezone.localdate()
        if as_of > today:
            raise forms.ValidationError(
                _("%(value)s is after today; enter a date on or before %(today)s."),
                params={"value": as_of.isoformat(), "today": today.isoformat()},
            )
        return as_of

    def clean_new_code(self) -> str:
        code: str = self.cleaned_data["new_code"].strip()
        if code and not CURRENCY_CODE.match(code):
            raise forms.ValidationError(
                _("“%(value)s” is not a currency code; enter three letters, e.g. MXN."),
                params={"value": code},
            )
        return code.upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in [f"rate_{c}" for c in self.codes] + ["new_rate"]:
            if cleaned.get(name) == 0:
                self.add_error(name, _("Enter a rate greater than 0."))
        code, rate = cleaned.get("new_code"), cleaned.get("new_rate")
        if code and rate is None and "new_rate" not in self.errors:
            self.add_error("new_rate", _("Enter the rate for %(code)s.") % {"code": code})
        if rate is not None and not code and "new_code" not in self.errors:
            self.add_error("new_code", _("Enter the currency code for this rate."))
        return cleaned

    def rates(self) -> dict[str, float]:
        data = self.cleaned_data
        rates = {c: data[f"rate_{c}"] for c in self.codes if data.get(f"rate_{c}") is not None}
        if data.get("new_code"):
            rates[data["new_code"]] = data["new_rate"]
        return rates


def rates_initial(settings: CostSettings, *, own: bool) -> dict[str, Any]:
    # Example rates are offered as a start without a date: the seller types the date
    # they looked the rates up, so example rates are never "confirmed" by accident.
    as_of = settings.rates.as_of if own else None
    return {"as_of": as_of, **{f"rate_{c}": r for c, r in settings.rates.cny_per_unit}}


class DefaultsForm(_SituationFields):
    quantity = _whole(_("Quantity per order"), required=True)
    line = AllowedChoiceField(label=_("Line"))
    destination = AllowedChoiceField(label=_("Destination"))
    platform = AllowedChoiceField(label=_("Platform"))
    retail_currency = AllowedChoiceField(label=_("Retail currency"))
    dropship = forms.BooleanField(label=_("Price single pieces (dropship)"), required=False)
    packaging_cny = _number(_("Packaging per unit (CNY)"), required=True)
    sample_fee_cny = _number(_("Sample fee (CNY)"), required=True)
    domestic_freight_per_order_cny = _number(_("Domestic freight per order (CNY)"), required=True)
    ad_cost_per_order_cny = _number(_("Advertising per order (CNY)"), required=True)
    return_rate_pct = _number(_("Return rate (%)"), required=True, max_value=100)
    return_cost_cny = _number(
        _("Cost of a return (CNY)"), help_text=_("empty: the returned unit is written off")
    )
    include_duty = forms.BooleanField(label=_("Include import duty"), required=False)
    include_vat = forms.BooleanField(label=_("Include import VAT"), required=False)
    markup_low = _number(_("Markup, low (×)"), required=True, min_value=0.1)
    markup_high = _number(_("Markup, high (×)"), required=True, min_value=0.1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("markup_low"), cleaned.get("markup_high")
        if low is not None and high is not None and high < low:
            self.add_error(
                "markup_high",
                _("Enter a markup of at least the low markup (%(low)s×).") % {"low": low},
            )
        return cleaned

    def values(self) -> dict[str, Any]:
        values = dict(self.cleaned_data)
        # a present-but-empty return cost means "written off" (None), not "keep"
        values["return_cost_cny"] = values.get("return_cost_cny")
        return values


def defaults_initial(settings: CostSettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in DefaultsForm.base_fields}


class CardForm(forms.Form):
    text = forms.CharField(
        label=_("TOML"),
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
        strip=False,
    )

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, kind: str, lang: str = "en", **kwargs: Any
    ) -> None:
        super().__init__(data, prefix=kind, **kwargs)
        self.kind = kind
        self.lang = lang
        self.fields["text"].label = f"{kind}.toml"

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        try:
            cards_from_texts({f"{self.kind}.toml": text})
        except InputError as exc:
            raise forms.ValidationError(exc.message(self.lang)) from exc
        return text


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "lines, bulk, platforms, duties or currency as .toml or .csv; "
            "settings.toml; or a .zip of them"
        ),
    )
    kind = AllowedChoiceField(
        label=_("The file holds"),
        required=False,
        choices=[("", _("(as its name says)"))]
        + [(k, k) for k in (*CARD_KINDS, "currency", "settings")],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is not None and not self.errors:
            try:
                cleaned["files"] = _files_of(upload, cleaned.get("kind") or "")
            except forms.ValidationError as exc:
                self.add_error("file", exc)
        return cleaned


def _files_of(upload: Any, kind: str) -> dict[str, str]:
    name = PurePosixPath(upload.name).name
    suffix = PurePosixPath(name).suffix.lower()
    limit = MAX_ZIP_BYTES if suffix == ".zip" else MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("“%(name)s” is larger than %(mb)s MB."), params={"name": name, "mb": limit >> 20}
        )
    if suffix == ".zip":
        return _zip_members(upload)
    if kind:
        name = f"{kind}{suffix}"
    return {_known_name(name): _decoded(name, upload.read())}


def _known_name(name: str) -> str:
    if name.lower() not in IMPORT_NAMES:
        raise forms.ValidationError(
            _(
                "“%(name)s” is not a cost file; name it one of %(allowed)s, "
                "or choose what it holds."
            ),
            params={"name": name, "allowed": ", ".join(IMPORT_NAMES)},
        )
    return name.lower()


def _decoded(name: str, data: bytes) -> str:
    try:
        return decode_card_bytes(data)
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(
            _("“%(name)s” is not a text file in UTF-8 or GBK."), params={"name": name}
        ) from exc


def _zip_members(upload: Any) -> dict[str, str]:
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as exc:
        raise forms.ValidationError(_("The file is not a readable .zip archive.")) from exc
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not PurePosixPath(info.filename).name.startswith((".", "__"))
    ]
    # the sizes a zip declares bound what unpacking can cost
    if sum(info.file_size for info in members) > MAX_ZIP_BYTES:
        raise forms.ValidationError(_("The .zip unpacks to more than 5 MB."))
    files = {}
    for info in members:
        name = _known_name(PurePosixPath(info.filename).name)
        files[name] = _decoded(name, _member_bytes(archive, info, name))
    return files


def _member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    # zipfile reads no more than the declared size and then checks the CRC, so a
    # lying size or a flipped byte ends here as BadZipFile; broken deflate data
    # as zlib.error; an encrypted or exotic member as RuntimeError/NotImplementedError.
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise forms.ValidationError(
            _("“%(name)s” in the .zip is damaged and cannot be unpacked; make the .zip again."),
            params={"name": name},
        ) from exc
