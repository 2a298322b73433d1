"""``{% bookmarklet_href workspace %}``: the one-click capture link for a workspace."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django import template
from django.template.context import Context
from django.urls import reverse

from daifa.accounts.models import Workspace

register = template.Library()
SOURCE = Path(__file__).resolve().parent.parent / "bookmarklet.js"


@cache
def _code() -> str:
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return " ".join(line.strip() for line in lines if not line.strip().startswith("//"))


def bookmarklet(capture_url: str) -> str:
    """``javascript:`` + the code with the capture page's address filled in.
    A javascript: URL is percent-decoded before it runs, so ``%`` is escaped."""
    code = _code().replace("CAPTURE_URL", json.dumps(capture_url))
    return "javascript:" + code.replace("%", "%25")


@register.simple_tag(takes_context=True)
def bookmarklet_href(context: Context, workspace: Workspace) -> str:
    request = context["request"]
    url = request.build_absolute_uri(reverse("capture:paste", args=[workspace.pk]))
    return bookmarklet(url)
