"""The supplier page's KPI panel for a supplier without orders, written in Python
(it is drawn on every view of the page), is the template's HTML to the byte."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from daifa.monitoring.templatetags.monitoring import no_orders_panel


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_no_orders_panel_is_the_templates(lang):
    with translation.override(lang):
        expected = get_template("monitoring/_supplier_panel.html").template.render(
            Context({"workspace": SimpleNamespace(pk=3), "has_orders": False, "lang": lang})
        )
        assert no_orders_panel(3) == expected
    assert "/w/3/" in expected
