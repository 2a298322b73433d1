from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from daifa.monitoring.models import Alert

MAX_UPLOAD = 10 * 1024 * 1024


class SettingsForm(forms.Form):
    window_days = forms.IntegerField(label=_("KPI window (days)"), min_value=7, max_value=730)
    half_life_days = forms.FloatField(
        label=_("Half-life of an order's weight (days; empty = no decay)"),
        min_value=1, max_value=730, required=False,
    )  # fmt: skip
    clean_orders_to_exit = forms.IntegerField(
        label=_("Clean orders that end a probation"), min_value=1, max_value=500
    )
    quantity = forms.IntegerField(label=_("Your quantity per order"), min_value=1, max_value=10**6)
    kpi_breach = forms.BooleanField(
        label=_("Alert when a KPI breaches its threshold"), required=False
    )
    overdue_pickup = forms.BooleanField(label=_("Alert on an overdue pickup"), required=False)
    price_rise = forms.BooleanField(label=_("Alert when an offer's price rises"), required=False)
    price_rise_pct = forms.FloatField(
        label=_("…by more than (%)"), min_value=0.1, max_value=1000, required=False
    )
    low_stock = forms.BooleanField(label=_("Alert when stock is below your need"), required=False)
    low_stock_units = forms.IntegerField(
        label=_("Stock needed (units; 0 = your quantity)"), min_value=0, required=False
    )
    sku_gone = forms.BooleanField(label=_("Alert when a SKU disappears"), required=False)
    claim_deadline = forms.BooleanField(
        label=_("Alert when a claim is past its answer deadline"), required=False
    )
    certificate_expiry = forms.BooleanField(
        label=_("Alert when a certificate is about to expire"), required=False
    )
    certificate_days = forms.IntegerField(
        label=_("…this many days ahead"), min_value=1, max_value=365, required=False
    )
    backup_not_ready = forms.BooleanField(
        label=_("Alert when a backup supplier is not ready"), required=False
    )
    notify_url = forms.CharField(
        label=_("Notification URL (apprise: json://, mailto://, wxteams://, dingtalk://, feishu://…)"),
        required=False, max_length=1000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the current one."),
    )  # fmt: skip
    clear_notify_url = forms.BooleanField(label=_("Remove the notification URL"), required=False)

    def clean_notify_url(self) -> str:
        url: str = self.cleaned_data["notify_url"].strip()
        if url:
            import apprise

            if apprise.Apprise.instantiate(url) is None:
                raise forms.ValidationError(
                    _("This is not a notification URL apprise understands (e.g. json://host/path).")
                )
        return url


class AlertActionForm(forms.Form):
    alert = forms.IntegerField(min_value=1)
    to = forms.ChoiceField(choices=Alert.State.choices)


class OrdersUploadForm(forms.Form):
    file = forms.FileField(label=_("Orders sheet (CSV or XLSX)"))

    def clean_file(self) -> UploadedFile[bytes]:
        f: UploadedFile[bytes] = self.cleaned_data["file"]
        assert f.size is not None and f.name is not None  # FileField refused a file without them
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Use a .csv or .xlsx file."))
        return f


class WatchForm(forms.Form):
    offer = forms.IntegerField(min_value=1)
    watched = forms.BooleanField(required=False)
