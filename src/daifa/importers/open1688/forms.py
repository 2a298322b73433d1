from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daifa.sources.open1688 import OfferIdError, parse_offer_id


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), max_length=100)
    page = forms.IntegerField(label=_("Page"), min_value=1, max_value=50, required=False)


class AddOffersForm(forms.Form):
    offer_ids = forms.MultipleChoiceField(
        label=_("Add to workspace"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, offer_ids: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offer_ids"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(i, i) for i in offer_ids]


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
