"""A form renderer that draws Django's stock inputs, selects and checkbox lists in
Python, to the byte what Django's own widget templates draw.

The supplier list's filter form has some 70 options; Django renders each through
its template engine (an include per option), about 5 ms of a first view's CPU,
while building the widgets' context takes 0.2 ms. :class:`FastWidgetRenderer`
keeps that context (``Widget.get_context``: values, ``selected``, ``checked``,
``aria-invalid``, ids) and writes the HTML of the templates below directly;
any other template goes to Django's renderer. ``tests/web/test_fastforms.py``
compares both renderers on bound, unbound and invalid forms.

Escaping is the templates': every value through ``conditional_escape``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in django-stubs

W = "django/forms/widgets/"
SELECT_OPTION = W + "select_option.html"
CHECKBOX_OPTION = W + "checkbox_option.html"


def _value(value: Any) -> str:
    """``{{ value }}``: localised, then escaped (Django's render_value_in_context)."""
    return conditional_escape(localize(template_localtime(value)))


def _s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless already safe."""
    return conditional_escape(value if isinstance(value, str) else str(value))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_value(name)}" if value is True else f' {_value(name)}="{_s(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html (with its closing newline)."""
    value = "" if widget["value"] is None else f' value="{_s(widget["value"])}"'
    return (
        f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>\n"
    )


def _select(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/select.html with select_option.html."""
    out = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                return None
            out.append(
                f'\n  <option value="{_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_value(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>\n")
    return "".join(out)


def _multiple(widget: Mapping[str, Any]) -> str | None:
    """django/forms/widgets/multiple_input.html with checkbox_option.html."""
    id_ = widget["attrs"].get("id")
    css = widget["attrs"].get("class")
    out = [
        "<div",
        f' id="{_value(id_)}"' if id_ else "",
        f' class="{_value(css)}"' if css else "",
        ">",
    ]
    for group, options, _index in widget["optgroups"]:
        if group:
            out.append(f"\n  <div><label>{_value(group)}</label>")
        for option in options:
            if option["template_name"] != CHECKBOX_OPTION:
                return None
            out.append("<div>\n    ")
            wrap, option_id = option.get("wrap_label"), option["attrs"].get("id")
            if wrap:
                out.append(f'<label for="{_value(option_id)}">' if option_id else "<label>")
            out.append(_input(option))
            if wrap:
                out.append(f" {_value(option['label'])}</label>")
            out.append("\n\n</div>")
        if group:
            out.append("\n  </div>")
    out.append("\n</div>\n")
    return "".join(out)


_FAST: dict[str, Callable[[Mapping[str, Any]], str | None]] = {
    **{W + f"{kind}.html": _input for kind in ("text", "number", "email", "url", "search")},
    W + "select.html": _select,
    W + "checkbox_select.html": _multiple,
}


class FastWidgetRenderer(DjangoTemplates):
    def render(
        self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None
    ) -> str:
        draw = _FAST.get(template_name)
        html = draw(context["widget"]) if draw is not None else None
        if html is None:  # a widget or option template of its own: Django draws it
            return super().render(template_name, context, request=request)
        # Django's BaseRenderer.render strips what the template drew.
        return mark_safe(html.strip())


RENDERER = FastWidgetRenderer()  # one engine for every form that uses it
