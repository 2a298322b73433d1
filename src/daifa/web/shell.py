"""The page shell's template tags (``{% load shell %}`` in ``base.html``).

Every page of a workspace carries the same navigation: ten links and their
words, which change only with the workspace, the language and the address the
site is served under. Rendering it costs each page a dozen URL reversals and
translations (about half of the shell); it is rendered once per process for
each of those instead. It holds only our own links and words, never supplier
text or anything of the visitor (the tokens, the user's links stay per page).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

if TYPE_CHECKING:
    from daifa.accounts.models import Workspace

register = template.Library()


@register.simple_tag
def workspace_nav(workspace: Workspace) -> SafeString:
    """The workspace's navigation bar (``shell/nav.html``)."""
    if settings.DEBUG:  # templates edited while the server runs show at once
        return _render_nav(workspace.pk)
    return _nav(get_language(), get_script_prefix(), workspace.pk)


@lru_cache(maxsize=512)
def _nav(language: str | None, prefix: str, workspace_pk: int) -> SafeString:
    # The key's language and prefix are this thread's, which the render uses.
    return _render_nav(workspace_pk)


def _render_nav(workspace_pk: int) -> SafeString:
    html = get_template("shell/nav.html").render({"workspace": {"pk": workspace_pk}})
    return mark_safe(html)  # our template, escaped there; only ids and our words
