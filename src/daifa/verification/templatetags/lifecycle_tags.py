"""The supplier page's lifecycle block: badge, change form and timeline, read
here so the page's own view needs no change (one include). It lives in the
verification app because it counts the supplier's checks (lifecycle sits below)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from daifa.lifecycle.models import Stage, StageChange
from daifa.lifecycle.selectors import stage_timeline
from daifa.lifecycle.services import WORDS
from daifa.text import lang_code

if TYPE_CHECKING:
    from django.template import Context

    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier

register = template.Library()

# The stages the change form offers, in order, with their words.
STAGES = [(s, WORDS[Stage(s)]) for s in Stage.values]


@register.inclusion_tag("lifecycle/_stage.html", takes_context=True)
def supplier_lifecycle(
    context: Context, workspace: Workspace, supplier: Supplier
) -> dict[str, Any]:
    from daifa.verification.selectors import lifecycle_block_state

    # One query for the stage, the counts and the gates (this block is on every
    # supplier page, cached or not); the timeline only when there is one.
    state = lifecycle_block_state(supplier)
    stage = Stage(state.stage)
    timeline = list(stage_timeline(supplier)[:50]) if state.changes else []
    gates = state.gates
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
        "gate_labels": _labels(state.profile_toml, gates or [], context),
        "stages": STAGES,
        "open_checks": state.open_checks,
        "done_checks": state.done_checks,
    }


@register.filter
def stage_word(stage: str, lang_code: str = "zh") -> str:
    zh, en = WORDS[Stage(stage)]
    return en if (lang_code or "").startswith("en") else zh


@register.filter
def reason_in(change: StageChange, language: str = "zh") -> str:
    """A stage change's reason in the page's language (daifa's reasons are kept in both)."""
    return change.reason_in(lang_code(language))


def _labels(profile_toml: str, ids: list[str], context: Context) -> list[str]:
    """The gates' names in the page's language (an id the profile lacks stays an id)."""
    from daifa.verification.selectors import profile_of_toml

    request = context.get("request")
    lang = "en" if request is not None and request.LANGUAGE_CODE.startswith("en") else "zh"
    if not ids:
        return []
    profile = profile_of_toml(profile_toml)
    out = []
    for gate in ids:
        try:
            out.append(profile.criterion(gate).label.get(lang))
        except Exception:  # "screening" (never screened) or a removed criterion
            out.append(gate)
    return out
