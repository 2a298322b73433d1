"""Types of the catalogue: criteria, rules, bilingual texts and message templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from daifa.display import short_number
from daifa.engine import words
from daifa.text import Text

if TYPE_CHECKING:
    # The catalogue names these functions; they import this module for Criterion.
    from daifa.engine.criteria._describe import Describer
    from daifa.engine.criteria._detect import FlagRunner
    from daifa.engine.criteria._values import Builder

Kind = Literal["gate", "score", "flag", "kpi"]
Status = Literal["pass", "warn", "fail", "unknown"]
Op = Literal["bool", "at_least", "at_most", "range", "detector"]
Dimension = Literal[
    "compliance", "stability", "supply_chain", "product", "service", "hidden", "kpi"
]

KINDS: tuple[Kind, ...] = ("gate", "score", "flag", "kpi")
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail", "unknown")
OPS: tuple[Op, ...] = ("bool", "at_least", "at_most", "range", "detector")
DIMENSIONS: tuple[Dimension, ...] = (
    "compliance",
    "stability",
    "supply_chain",
    "product",
    "service",
    "hidden",
    "kpi",
)


# The vocabulary's tables, under the names the catalogue has always exported.
DIMENSION_LABELS: Mapping[str, Text] = words.DIMENSIONS
STATUS_LABELS: Mapping[str, Text] = words.STATUSES


@dataclass(frozen=True)
class Rule:
    """How a value is judged.

    ``good`` is the threshold: at or beyond it a value earns full credit (for
    ``range`` it is the low end of the good interval and ``high`` the high end).
    ``bad`` is where partial credit reaches zero (``bad_high`` above a range);
    ``None`` means a step with no partial credit. Gates always use the step.
    """

    op: Op
    good: float | None = None
    bad: float | None = None
    high: float | None = None
    bad_high: float | None = None

    @property
    def threshold(self) -> float | list[float] | bool | None:
        """The threshold as shown to a user."""
        if self.op == "bool":
            return True
        if self.op == "range":
            return [v for v in (self.good, self.high) if v is not None]
        return self.good


@dataclass(frozen=True)
class Criterion:
    """One entry of the catalogue.

    ``weight`` is the score weight for ``score`` criteria and the penalty in
    points for ``flag`` criteria; gates and KPIs do not add to the score.
    ``messages`` overrides the generic templates per status (or per variant such
    as ``"no_rule"``); ``actions`` gives the next action per status.

    The entry also names the code that makes it work, so a criterion is one unit:
    ``value`` builds its value and credit as Polars expressions
    (:mod:`daifa.engine.criteria._values`; ``None``: the rule applied to the first
    column), ``describe`` turns a value or evidence into the words of its messages
    (:mod:`daifa.engine.criteria._describe`; ``None``: the value as shown), and a
    flag's ``detector`` runs its detector (:mod:`daifa.engine.criteria._detect`).
    """

    id: str
    dimension: Dimension
    kind: Kind
    rule: Rule
    columns: tuple[str, ...]
    weight: float
    label: Text
    actions: Mapping[str, Text]
    unit: Text = Text("", "")
    yes: Text | None = None
    no: Text | None = None
    messages: Mapping[str, Text] = field(default_factory=lambda: MappingProxyType({}))
    seed: str = ""
    value: Builder | None = field(default=None, repr=False, compare=False)
    describe: Describer | None = field(default=None, repr=False, compare=False)
    detector: FlagRunner | None = field(default=None, repr=False, compare=False)

    def message(self, status: str, lang: str, variant: str | None = None, **fields: str) -> str:
        """The message for ``status`` in ``lang``, with ``fields`` filled in."""
        template = self._template(status, variant)
        values = {
            "label": self.label.get(lang),
            "unit": self.unit.get(lang),
            "yes": (self.yes or self.label).get(lang),
            "no": (self.no or self.label).get(lang),
            "value": "?",
            "good": _fmt(self.rule.good),
            "bad": _fmt(self.rule.bad),
            "high": _fmt(self.rule.high),
            **fields,
        }
        text = template.get(lang).format_map(_Blank(values))
        if lang != "en":
            return text
        # Units are plural ("{value} years"); one of them is not ("1 year").
        text = _ONE_OF_A_UNIT.sub(r"\1", text)
        # English labels are lower case to sit inside sentences ("Suspected
        # {label}"); a message that starts with one still starts a sentence.
        return text[:1].upper() + text[1:]

    def action(self, status: str, lang: str, variant: str | None = None) -> str:
        """The seller's next action for ``status`` (or its ``variant``) in ``lang``."""
        text = self.actions.get(variant) if variant is not None else None
        text = text or self.actions.get(status)
        if text is None and status == "warn":
            text = self.actions.get("fail")
        return (text or _DEFAULT_ACTIONS[status]).get(lang)

    def _template(self, status: str, variant: str | None) -> Text:
        if variant is not None and variant in self.messages:
            return self.messages[variant]
        if status in self.messages:
            return self.messages[status]
        return _TEMPLATES[self.rule.op][status]

    def replace(self, **changes: object) -> Criterion:
        """A copy with ``changes`` applied (the catalogue itself never changes)."""
        return replace(self, **changes)  # type: ignore[arg-type]


_ONE_OF_A_UNIT = re.compile(
    r"(?<![\d.,])(1 (?:year|day|hour|minute|unit|order|review|peer|supplier|offer|piece))s\b"
)


class _Blank(dict[str, str]):
    """Format map that leaves unknown placeholders visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return format_number(value)


# ``41.0`` → ``"41"``, ``0.333333`` → ``"0.33"``: short, no exponent (one formatter:
# daifa.display, which the pages and reports use too).
format_number = short_number


_T = Text
_TEMPLATES: Mapping[str, Mapping[str, Text]] = MappingProxyType(
    {
        "bool": {
            "pass": _T("{yes}", "{yes}"),
            "warn": _T("{label}：部分满足", "{label}: partly"),
            "fail": _T("{no}", "{no}"),
            "unknown": _T("{label}：未知（没有数据）", "{label}: unknown (no data)"),
        },
        "at_least": {
            "pass": _T(
                "{label} {value}{unit}，达到 {good}{unit}",
                "{label} {value}{unit}, meets {good}{unit}",
            ),
            "warn": _T(
                "{label} {value}{unit}，低于 {good}{unit}（部分得分，{bad}{unit} 及以下不得分）",
                "{label} {value}{unit}, below {good}{unit} (partial credit; none at {bad}{unit})",
            ),
            "fail": _T(
                "{label} {value}{unit}，低于 {good}{unit}",
                "{label} {value}{unit}, below {good}{unit}",
            ),
            "unknown": _T("{label}：未知（没有数据）", "{label}: unknown (no data)"),
        },
        "at_most": {
            "pass": _T(
                "{label} {value}{unit}，不超过 {good}{unit}",
                "{label} {value}{unit}, within {good}{unit}",
            ),
            "warn": _T(
                "{label} {value}{unit}，超过 {good}{unit}（部分得分，{bad}{unit} 及以上不得分）",
                "{label} {value}{unit}, above {good}{unit} (partial credit; none at {bad}{unit})",
            ),
            "fail": _T(
                "{label} {value}{unit}，超过 {good}{unit}",
                "{label} {value}{unit}, above {good}{unit}",
            ),
            "unknown": _T("{label}：未知（没有数据）", "{label}: unknown (no data)"),
        },
        "range": {
            "pass": _T(
                "{label} {value}{unit}，在 {good}–{high}{unit} 之内",
                "{label} {value}{unit}, within {good}–{high}{unit}",
            ),
            "warn": _T(
                "{label} {value}{unit}，超出 {good}–{high}{unit}（部分得分）",
                "{label} {value}{unit}, outside {good}–{high}{unit} (partial credit)",
            ),
            "fail": _T(
                "{label} {value}{unit}，远超出 {good}–{high}{unit}",
                "{label} {value}{unit}, far outside {good}–{high}{unit}",
            ),
            "unknown": _T("{label}：未知（没有数据）", "{label}: unknown (no data)"),
        },
        "detector": {
            "pass": _T("未发现{label}", "No sign of {label}"),
            "warn": _T("疑似{label}：{detail}", "Possible {label}: {detail}"),
            "fail": _T("疑似{label}：{detail}", "Suspected {label}: {detail}"),
            "unknown": _T("{label}：没有可检测的数据", "{label}: no data to check"),
        },
    }
)

_DEFAULT_ACTIONS: Mapping[str, Text] = MappingProxyType(
    {
        "pass": _T("无需操作，定期复查", "Nothing to do; re-check periodically"),
        "warn": _T(
            "与供应商协商改进，或对比其他供应商",
            "Negotiate better terms or compare other suppliers",
        ),
        "fail": _T(
            "与供应商协商改进，或换一家供应商", "Negotiate better terms or choose another supplier"
        ),
        "unknown": _T("向供应商询问并记录结果", "Ask the supplier and record the answer"),
    }
)
