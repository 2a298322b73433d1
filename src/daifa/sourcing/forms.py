from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
        key: str = self.cleaned_data["app_key"].strip()
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


class SyncForm(forms.Form):
    since = forms.DateField(label=_("Orders changed since"), required=False)
