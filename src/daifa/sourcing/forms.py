from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daifa.sources.open1688 import OfferIdError, parse_offer_id


class AccountForm(forms.Form):
    """App key and secret. The secret is write-only: never an initial value, never rendered."""

    app_key = forms.CharField(label=_("App key"), max_length=64)
    app_secret = forms.CharField(
        label=_("App secret"),
        max_length=255,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret
        if has_secret:
            self.fields["app_secret"].help_text = _(
                "A secret is set. Leave this empty to keep it, or enter a new one."
            )

    def clean_app_key(self) -> str:
        key = self.cleaned_data["app_key"].strip()
        if not key.isdigit():
            raise forms.ValidationError(
                _("The app key is the number 1688 shows for your app, not %(value)s."),
                params={"value": key},
            )
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.has_secret and not cleaned.get("app_secret"):
            self.add_error("app_secret", _("Enter the app secret."))
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), max_length=100)
    page = forms.IntegerField(label=_("Page"), min_value=1, max_value=50, required=False)


class AddOffersForm(forms.Form):
    offer_ids = forms.MultipleChoiceField(
        label=_("Add to workspace"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, offer_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer_ids"].choices = [(i, i) for i in offer_ids]


class PasteOfferForm(forms.Form):
    offer = forms.CharField(
        label=_("Offer id or address"),
        max_length=500,
        help_text=_("For example https://detail.1688.com/offer/710891050473.html"),
    )

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def clean_offer(self) -> str:
        try:
            return parse_offer_id(self.cleaned_data["offer"])
        except OfferIdError as exc:
            # The client's own message, in the reader's language, with what to do.
            raise forms.ValidationError(exc.message(self.lang)) from None


class SyncForm(forms.Form):
    since = forms.DateField(label=_("Orders changed since"), required=False)
