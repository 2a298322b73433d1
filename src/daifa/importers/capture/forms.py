from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daifa.catalog.models import Supplier
from daifa.engine.schema import COLUMNS_BY_NAME
from daifa.sources.capture import (
    EXTRA_LABELS,
    MAX_CHARS,
    Capture,
    CaptureValueError,
    format_value,
    label,
    read_value,
)

# Ids the confirmation page shows in their own inputs, not as facts.
IDENTITY = ("supplier_id", "offer_id")


def _supplier_field(workspace: Any) -> forms.ModelChoiceField[Supplier]:
    # Hidden: a workspace has hundreds of suppliers, so the seller picks one by
    # typing its id or name into ``supplier_id`` (a datalist), not from a select.
    return forms.ModelChoiceField(
        queryset=Supplier.objects.filter(workspace=workspace),
        required=False,
        widget=forms.HiddenInput,
    )


def _shown(field: str, value: Any, lang: str) -> str:
    """A value as the edit box shows it: yes/no in the seller's language, not ``true``."""
    if isinstance(value, bool) and COLUMNS_BY_NAME[field].type == "bool":
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return format_value(field, value)


class PasteForm(forms.Form):
    text = forms.CharField(
        label=_("Text copied from the 1688 page"),
        widget=forms.Textarea(attrs={"rows": 16}),
        max_length=MAX_CHARS,
        help_text=_("On a shop profile (商家档案) or offer page: select all, copy, paste here."),
    )

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"] = _supplier_field(workspace)


class ConfirmForm(forms.Form):
    """The values read from a paste, each editable and each with a box to keep it.

    ``fields`` (a hidden input) lists the canonical fields on the page; edited
    values are read by the same parsers as the paste, so ``42%`` works here too.
    """

    page_kind = forms.ChoiceField(
        choices=[("shop", "shop"), ("offer", "offer"), ("unknown", "unknown")],
        widget=forms.HiddenInput,
    )
    names = forms.CharField(widget=forms.HiddenInput, required=False)
    extra = forms.CharField(widget=forms.HiddenInput, required=False)
    # Where on the page each of those facts was: kept like the columns' snippets.
    extra_snippets = forms.CharField(widget=forms.HiddenInput, required=False)
    supplier_id = forms.CharField(
        label=_("Supplier id"),
        max_length=100,
        required=False,
        help_text=_(
            "Suggested from the page. Type or pick an existing supplier’s id or name to "
            "add to it; an id that is not in the workspace makes a new supplier."
        ),
        widget=forms.TextInput(attrs={"list": "supplier-options", "autocomplete": "off"}),
    )
    supplier_name = forms.CharField(label=_("New supplier’s name"), max_length=255, required=False)
    offer_id = forms.CharField(label=_("Offer id"), max_length=100, required=False)

    def __init__(
        self, *args: Any, workspace: Any, names: list[str], lang: str = "en", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.fact_names = [n for n in names if n in COLUMNS_BY_NAME and n not in IDENTITY]
        self.fields["supplier"] = _supplier_field(workspace)
        for name in self.fact_names:
            self.fields[f"use_{name}"] = forms.BooleanField(required=False, initial=True)
            self.fields[f"value_{name}"] = forms.CharField(
                required=False, max_length=2000, label=label(name, lang)
            )
            self.fields[f"snippet_{name}"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    @classmethod
    def initial_for(
        cls, capture: Capture, supplier: Supplier | None, suggested_id: str = "", lang: str = "en"
    ) -> dict[str, Any]:
        """The unbound form's values: everything the paste gave, every box ticked,
        and the supplier's id (the matched supplier's, else one the page suggests)."""
        initial: dict[str, Any] = {
            "page_kind": capture.page_kind,
            "names": ",".join(f.field for f in capture.found if f.canonical),
            "extra": json.dumps(capture.extra, ensure_ascii=False),
            "extra_snippets": json.dumps(
                {f.field: f.snippet for f in capture.found if not f.canonical},
                ensure_ascii=False,
            ),
            "supplier": supplier.pk if supplier else None,
            "supplier_id": supplier.external_id if supplier else suggested_id,
            "supplier_name": capture.values.get("supplier_name", ""),
            "offer_id": capture.values.get("offer_id", ""),
        }
        for found in capture.found:
            if found.canonical:
                initial[f"value_{found.field}"] = _shown(found.field, found.value, lang)
                initial[f"snippet_{found.field}"] = found.snippet
        return initial

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "label": label(name, self.lang),
                "use": self[f"use_{name}"],
                "value": self[f"value_{name}"],
                "snippet": self[f"snippet_{name}"].value() or "",
                "snippet_field": self[f"snippet_{name}"],
            }
            for name in self.fact_names
        ]

    def clean_extra(self) -> dict[str, Any]:
        """Facts without a canonical column; only the known kinds are kept."""
        try:
            extra = json.loads(self.cleaned_data["extra"] or "{}")
        except json.JSONDecodeError:
            extra = {}
        if not isinstance(extra, dict):
            return {}
        return {k: v for k, v in extra.items() if k in EXTRA_LABELS}

    def clean_extra_snippets(self) -> dict[str, str]:
        try:
            snippets = json.loads(self.cleaned_data["extra_snippets"] or "{}")
        except json.JSONDecodeError:
            snippets = {}
        if not isinstance(snippets, dict):
            return {}
        return {
            k: v[:2000] for k, v in snippets.items() if k in EXTRA_LABELS and isinstance(v, str)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["values"] = self._values()
        typed = (data.get("supplier_id") or "").strip()
        if data.get("supplier") and typed and typed != data["supplier"].external_id:
            data["supplier"] = None  # the id in the box is what the seller sees: it wins
        if not data.get("supplier") and not typed:
            self.add_error("supplier_id", _("Choose a supplier or type the id of a new one."))
        if not data["values"]:
            raise forms.ValidationError(_("Tick at least one value to store."))
        return data

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.fact_names:
            if not self.cleaned_data.get(f"use_{name}"):
                continue
            text = (self.cleaned_data.get(f"value_{name}") or "").strip()
            try:
                value = read_value(name, text)
            except CaptureValueError as error:
                self.add_error(f"value_{name}", error.message(self.lang))
                continue
            if value is None:
                self.add_error(f"value_{name}", _("Empty: type a value or untick it."))
                continue
            values[name] = value
        return values

    def snippets(self) -> dict[str, str]:
        kept = {
            name: self.cleaned_data.get(f"snippet_{name}") or ""
            for name in self.cleaned_data["values"]
        }
        extra = self.cleaned_data.get("extra") or {}
        found = self.cleaned_data.get("extra_snippets") or {}
        return {**kept, **{name: found[name] for name in extra if name in found}}
