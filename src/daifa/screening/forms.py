from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from daifa.engine.criteria import CATALOGUE_IDS
from daifa.web.fastforms import RENDERER

CREDENTIALS = [
    ("dropship_supported", _("Single-piece dropshipping (一件代发)")),
    ("cross_border_tag", _("Cross-border tag (跨境专供)")),
    ("own_factory", _("Own factory (自有工厂)")),
    ("original_design", _("Original design (原创设计)")),
    ("neutral_packaging", _("Neutral packaging (中性包装)")),
]
GRADE_CHOICES = [(g, g) for g in ("A", "B", "C", "D")]
SORT_CHOICES = [
    ("best", _("no failed gate or flag first, then grade, then score × known share")),
    ("-score", _("score, high to low")),
    ("score", _("score, low to high")),
    ("-coverage", _("most known first")),
    ("grade", _("grade")),
    ("name", _("name")),
    ("price", _("price, low to high")),
    ("-price", _("price, high to low")),
    ("moq", _("MOQ, low to high")),
    ("-moq", _("MOQ, high to low")),
    ("-repeat_rate", _("repeat rate, high to low")),
    ("repeat_rate", _("repeat rate, low to high")),
    ("dispute_rate", _("dispute rate, low to high")),
    ("-dispute_rate", _("dispute rate, high to low")),
    ("response", _("response time, fastest first")),
    ("-response", _("response time, slowest first")),
]


class SupplierFilterForm(forms.Form):
    # Drawn on every first view of the list, ~70 options: Django's HTML, drawn in Python.
    default_renderer = RENDERER

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    moq_min = forms.IntegerField(label=_("MOQ from"), required=False, min_value=0)
    moq_max = forms.IntegerField(label=_("MOQ to"), required=False, min_value=0)
    price_min = forms.DecimalField(label=_("Price from (CNY)"), required=False, min_value=0)
    price_max = forms.DecimalField(label=_("Price to (CNY)"), required=False, min_value=0)
    origin = forms.CharField(label=_("Ships from"), required=False, max_length=50)
    credentials = forms.MultipleChoiceField(
        label=_("Credentials"),
        required=False,
        choices=CREDENTIALS,
        widget=forms.CheckboxSelectMultiple,
    )
    grade = forms.MultipleChoiceField(
        label=_("Grade"), required=False, choices=GRADE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    approvable = forms.ChoiceField(
        label=_("Approvable"),
        required=False,
        choices=[("", _("any")), ("yes", _("yes")), ("no", _("no"))],
    )
    flag = forms.ChoiceField(label=_("Flags"), required=False)
    to_verify = forms.ChoiceField(label=_("Still to verify"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        *args: Any,
        categories: Iterable[str] = (),
        flags: Iterable[tuple[str, str]] = (),
        gates: Iterable[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Without the page's labelled gates (the export), any catalogue id is accepted.
        gates = [(c, c) for c in CATALOGUE_IDS] if gates is None else list(gates)
        self._choice("to_verify").choices = [("", _("any")), *gates]
        self._choice("category").choices = [("", _("all categories"))] + [
            (c, c) for c in categories
        ]
        self._choice("flag").choices = [("", _("any")), ("any", _("any flag raised"))] + list(flags)

    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        for low, high in (("moq_min", "moq_max"), ("price_min", "price_max")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(
                    high,
                    _("must not be below %(low)s (%(value)s)")
                    % {"low": self.fields[low].label, "value": data[low]},
                )
        for key in ("price_min", "price_max"):
            if data.get(key) is not None:
                data[key] = float(data[key])
        return data
