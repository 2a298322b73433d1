"""The supplier page's lifecycle block: badge, change form and timeline, read
here so the page's own view needs no change (one include). It lives in the
verification app because it counts the supplier's checks (lifecycle sits below)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from daifa.lifecycle.models import Stage, StageChange
from daifa.lifecycle.selectors import stage_timeline
from daifa.lifecycle.services import WORDS
from daifa.text import lang_code
from daifa.verification.selectors import LifecycleBlockState
from daifa.verification.templatetags.verify_words import lang

if TYPE_CHECKING:
    from django.template import Context

    from daifa.accounts.models import Workspace
    from daifa.catalog.models import Supplier

register = template.Library()

# The stages the change form offers, in order, with their words.
STAGES = [(s, WORDS[Stage(s)]) for s in Stage.values]


@register.simple_tag(takes_context=True)
def supplier_lifecycle(context: Context, workspace: Workspace, supplier: Supplier) -> SafeString:
    """The block's HTML: ``lifecycle/_stage.html``, or for a supplier whose stage
    never changed (nearly all) the same HTML written here (see
    :func:`_unchanged_block`): the block is drawn on every view of the page."""
    from daifa.verification.selectors import lifecycle_block_state

    # One query for the stage, the counts and the gates (this block is on every
    # supplier page, cached or not); the timeline only when there is one.
    state = lifecycle_block_state(supplier)
    request = context.get("request")
    code = request.LANGUAGE_CODE if request is not None else ""
    gate_labels = _labels(state.profile_toml, state.gates or [], code)
    if not state.changes:
        return _unchanged_block(state, gate_labels, workspace.pk, supplier.pk, context, code)
    timeline = list(stage_timeline(supplier)[:50])
    block = {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "workspace": workspace,
        "supplier": supplier,
        "stage": Stage(state.stage),
        "words": WORDS,
        "current": timeline[0] if timeline else None,
        "timeline": timeline,
        "gates": state.gates,
        "gate_labels": gate_labels,
        "stages": STAGES,
        "open_checks": state.open_checks,
        "done_checks": state.done_checks,
    }
    # As the inclusion tag this was: the template in a context of its own.
    engine = context.template.engine  # type: ignore[union-attr]  # always inside a template
    template = engine.get_template("lifecycle/_stage.html")
    return template.render(context.new(block))


# The block's words (zh, en), as ``lifecycle/_stage.html`` writes them.
_BLOCKED = ("已停用：不能向其下单。", "Blocked: cannot be ordered from.")
_OVERRIDE_TITLE = (
    "仍有门槛未通过时，填写理由强制批准",
    "Approve although gates are open: the reason stays visible",
)
_APPROVABLE = ("所有门槛已通过，可以批准。", "Every gate passed: can be approved.")
_REASON_INPUT = '<input type="text" name="reason" id="stage-reason" maxlength="2000" size="30">'


def _unchanged_block(
    state: LifecycleBlockState,
    gate_labels: list[str],
    workspace_pk: int,
    supplier_pk: int,
    context: Context,
    code: str,
) -> SafeString:
    """``lifecycle/_stage.html`` for a supplier without stage changes (no reason, no
    override, no timeline), byte for byte (``tests/lifecycle``), every value escaped."""
    zh = lang() == "zh"

    def t(words: tuple[str, str]) -> str:
        return escape(words[0] if zh else words[1])

    stage = state.stage
    args = (workspace_pk, supplier_pk)
    blocked = f'<strong class="bad">{t(_BLOCKED)}</strong>' if stage == "blocked" else ""
    options = "".join(
        f'<option value="{escape(value)}">{t(words)}</option>'
        for value, words in STAGES
        if value != stage
    )
    override = gates = ""
    if state.gates:
        override = (
            f'<label title="{t(_OVERRIDE_TITLE)}"><input type="checkbox" name="override"'
            f' value="1" id="stage-override"> {t(("强制批准", "override"))}</label>'
        )
        gates = (
            f'<span class="muted small" id="open-gates">{t(("批准前需通过", "To approve, pass"))}: '
            f"{'; '.join(escape(label) for label in gate_labels)}</span>"
        )
    elif state.gates is not None:
        gates = f'<span class="ok small" id="approvable">{t(_APPROVABLE)}</span>'
    checks = (
        f"{t(('核对', 'Checks'))} ({t(('未完成', 'open'))} {state.open_checks}"
        f" · {t(('已完成', 'done'))} {state.done_checks})"
    )
    csrf = escape(context.get("csrf_token"))
    return mark_safe(
        '<section class="lifecycle no-print" id="lifecycle">\n'
        f'<p><span class="badge stage stage-{escape(stage)}" id="stage-badge">'
        f"{escape(stage_word(stage, code))}</span>\n"
        "\n"
        f"{blocked}\n"
        f'· <a href="{_url("verification:supplier_checks", args)}" id="checks-link">{checks}</a>\n'
        f'· <a href="{_url("verification:quotes", args)}">{t(("报价", "Quotes"))}</a></p>\n'
        f'<form method="post" action="{_url("supplier_stage_change", args)}" class="inline"'
        f' id="stage-form"><input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">\n'
        f'  <label for="stage-to">{t(("改为", "Move to"))}</label>\n'
        f'  <select name="to" id="stage-to">{options}</select>\n'
        f'  <label for="stage-reason">{t(("理由", "Reason"))}</label> {_REASON_INPUT}\n'
        f"  {override}\n"
        f'  <button type="submit">{t(("确定", "Change"))}</button>\n'
        f"  {gates}\n"
        "</form>\n"
        "\n"
        "</section>\n"
    )


def _url(name: str, args: tuple[int, int]) -> str:
    """``{% url name *args %}``: reversed once per process, the two ids put in."""
    before, middle, after = _url_parts(name, get_script_prefix(), get_urlconf())
    return f"{before}{int(args[0])}{middle}{int(args[1])}{after}"


@functools.lru_cache(maxsize=32)
def _url_parts(name: str, prefix: str, urlconf: str | None) -> tuple[str, str, str]:
    first, second = 918273645, 546372819  # stand-ins no real id shares
    url = reverse(name, args=(first, second), urlconf=urlconf)
    before, rest = url.split(str(first))
    middle, after = rest.split(str(second))
    return before, middle, after


@register.filter
def stage_word(stage: str, lang_code: str = "zh") -> str:
    zh, en = WORDS[Stage(stage)]
    return en if (lang_code or "").startswith("en") else zh


@register.filter
def reason_in(change: StageChange, language: str = "zh") -> str:
    """A stage change's reason in the page's language (daifa's reasons are kept in both)."""
    return change.reason_in(lang_code(language))


def _labels(profile_toml: str, ids: list[str], code: str) -> list[str]:
    """The gates' names in the page's language (an id the profile lacks stays an id)."""
    from daifa.verification.selectors import profile_of_toml

    lang = "en" if code.startswith("en") else "zh"
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
