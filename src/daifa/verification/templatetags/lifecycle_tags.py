"""The supplier page's lifecycle block: badge, change form and timeline, read
here so the page's own view needs no change (one include). It lives in the
verification app because it counts the supplier's checks (lifecycle sits below)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from daifa.lifecycle.models import Stage, StageChange
from daifa.lifecycle.selectors import open_gates, stage_timeline, supplier_stage
from daifa.lifecycle.services import WORDS
from daifa.text import lang_code

if TYPE_CHECKING:
    from django.template import Context

    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier

register = template.Library()


@register.inclusion_tag("lifecycle/_stage.html", takes_context=True)
def supplier_lifecycle(
    context: Context, workspace: Workspace, supplier: Supplier
) -> dict[str, Any]:
    from daifa.verification.models import OPEN, Check

    stage = supplier_stage(supplier)
    timeline = list(stage_timeline(supplier)[:50])
    # Only the counts are shown: one query, not the checks with their evidence and items.
    statuses = list(Check.objects.filter(supplier=supplier).values_list("status", flat=True))
    gates = open_gates(supplier)
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "workspace": workspace,
        "supplier": supplier,
        "stage": stage,
        "words": WORDS,
        "current": timeline[0] if timeline else None,
        "timeline": timeline,
        "gates": gates,
        "gate_labels": _labels(workspace, gates or [], context),
        "stages": [(s, WORDS[Stage(s)]) for s in Stage.values],
        "open_checks": sum(1 for status in statuses if status in OPEN),
        "done_checks": sum(1 for status in statuses if status not in OPEN),
    }


@register.filter
def stage_word(stage: str, lang_code: str = "zh") -> str:
    zh, en = WORDS[Stage(stage)]
    return en if (lang_code or "").startswith("en") else zh


@register.filter
def reason_in(change: StageChange, language: str = "zh") -> str:
    """A stage change's reason in the page's language (daifa's reasons are kept in both)."""
    return change.reason_in(lang_code(language))


def _labels(workspace: Workspace, ids: list[str], context: Context) -> list[str]:
    """The gates' names in the page's language (an id the profile lacks stays an id)."""
    from daifa.screening.inputs import workspace_profile

    request = context.get("request")
    lang = "en" if request is not None and request.LANGUAGE_CODE.startswith("en") else "zh"
    if not ids:
        return []
    profile = workspace_profile(workspace)
    out = []
    for gate in ids:
        try:
            out.append(profile.criterion(gate).label.get(lang))
        except Exception:  # "screening" (never screened) or a removed criterion
            out.append(gate)
    return out
