"""FastWidgetRenderer draws the HTML Django's own widget templates draw, byte for
byte, for the supplier list's filter form in every state, for optgroups and for
widgets it does not know (which Django still draws); supplier text stays escaped."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils import translation

from daifa.screening.forms import SupplierFilterForm
from daifa.web.fastforms import RENDERER, FastWidgetRenderer

EVIL = "<script>alert(\"x\")</script> & 'q'"
CATEGORIES = ["3C数码", "家居日用", EVIL]
FLAGS = [("sales_spike", "销量突增"), ("odd", EVIL)]
GATES = [("sample_tested", "样品已测"), ("x", EVIL)]
QUERIES = [
    None,
    "",
    "grade=A&grade=C&approvable=no&sort=-price&q=%3Cscript%3E&origin=%E4%B9%89%E4%B9%8C",
    "category=" + EVIL + "&credentials=own_factory&credentials=dropship_supported&flag=odd",
    "price_min=50&price_max=10&moq_min=-1&moq_max=abc&to_verify=x&sort=nope&grade=Z",
    "q=" + "长" * 120 + "&approvable=yes&price_min=1.5",
]


def _draw(form: forms.Form) -> str:
    if form.is_bound:
        form.is_valid()
    return "".join(str(field) for field in form)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("query", QUERIES)
def test_the_filter_form_is_drawn_as_django_draws_it(lang, query):
    def form(renderer):
        data = None if query is None else QueryDict(query)
        return SupplierFilterForm(
            data, categories=CATEGORIES, flags=FLAGS, gates=GATES, renderer=renderer
        )

    with translation.override(lang):
        fast, django = _draw(form(None)), _draw(form(DjangoTemplates()))
    assert form(None).renderer is RENDERER  # the form's own default
    assert fast == django
    assert "<script>" not in fast and "&lt;script&gt;" in fast


class Odd(forms.Form):
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("a", "Apple"), ("b", EVIL)]), ("c", "Plain")], required=False
    )
    ticks = forms.MultipleChoiceField(
        choices=[("Group", [(1, "one"), (2, EVIL)]), (3, "three")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ticks"}),
        required=True,
    )
    note = forms.CharField(widget=forms.Textarea, required=False)  # not drawn by us
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"data-x": EVIL}))
    count = forms.IntegerField(initial=3, widget=forms.NumberInput(attrs={"disabled": True}))


@pytest.mark.parametrize("data", [None, {"grouped": "b", "ticks": ["2"], "note": EVIL}, {}])
def test_optgroups_attributes_and_other_widgets_match_django(data):
    fast = _draw(Odd(data, auto_id=False, renderer=FastWidgetRenderer()))
    assert fast == _draw(Odd(data, auto_id=False, renderer=DjangoTemplates()))
    assert _draw(Odd(data, renderer=RENDERER)) == _draw(Odd(data, renderer=DjangoTemplates()))
    assert "<script>" not in fast
