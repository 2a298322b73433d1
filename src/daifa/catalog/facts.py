"""Add or correct a supplier's facts by hand: every canonical field as text,
read with the same parsers as a spreadsheet, stored as one observation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daifa.catalog.models import Observation, Offer, Supplier
from daifa.display import yes_no
from daifa.engine.schema import COLUMNS
from daifa.sources.capture import format_value, read_value
from daifa.sources.capture.model import CaptureValueError
from daifa.web.i18n import active_lang

EDITABLE = [c for c in COLUMNS if c.name not in ("supplier_id", "offer_id")]
KIND_CHOICES = [
    (Observation.Kind.MANUAL, _("typed by hand (from a chat, a quote, the shop page)")),
    (Observation.Kind.CHECK, _("my own check (stock probe, test order, sample test)")),
]


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):  # as the seller writes it, not Python's or JSON's true/false
        return yes_no(value, active_lang())
    try:
        return format_value(name, value)
    except Exception:  # a stored value the text writer cannot express: show it raw
        return str(value)


class FactsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Where these values come from"), choices=KIND_CHOICES)
    note = forms.CharField(
        label=_("Note (e.g. which chat, which order)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, supplier: Supplier, offer: Offer | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = {**supplier.facts, **(offer.facts if offer else {})}
        lang = active_lang()
        self.sections: dict[str, list[forms.BoundField]] = {"supplier": [], "offer": []}
        for column in EDITABLE:
            if column.level == "offer" and offer is None:
                continue
            self.fields[column.name] = forms.CharField(
                label=column.label_zh if lang == "zh" else column.label_en,
                required=False,
                initial=_text(column.name, self.current.get(column.name)),
                max_length=500,
            )
            self.sections[column.level].append(self[column.name])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changed: dict[str, Any] = {}
        for column in EDITABLE:
            name = column.name
            if name not in self.fields or name not in self.changed_data:
                continue
            text = (data.get(name) or "").strip()
            if not text:
                continue  # clearing a field does not erase what was seen: history keeps it
            try:
                changed[name] = read_value(name, text)
            except CaptureValueError as exc:
                self.add_error(name, exc.message(active_lang()))
        data["values"] = {k: v for k, v in changed.items() if v is not None}
        return data
