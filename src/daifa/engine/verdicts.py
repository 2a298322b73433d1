"""Typed verdicts: what the engine says about a row, as frozen objects.

:meth:`daifa.engine.scorecard.ScreeningResult.explain` returns one
:class:`RowVerdict` per row, each with a :class:`CriterionVerdict` per criterion
and its :class:`Evidence`. ``to_json()`` gives exactly the record
:meth:`~daifa.engine.scorecard.ScreeningResult.records` yields (the JSON the CLI
prints and the workbench stores), and ``from_json()`` reads such a record back,
so code reads attributes and a renamed key fails where it is read, not at render
time. ``SCHEMA_VERSION`` names the shape of that JSON; a record written by a newer
shape is refused rather than misread.

Examples
--------
>>> import polars as pl
>>> from daifa.engine import screen
>>> result = screen(pl.DataFrame({"supplier_id": ["s1"], "response_minutes": [75.0]}))
>>> verdict = result.explain()[0]
>>> verdict.decision, verdict.criterion("response_minutes").status
('verify_first', 'fail')
>>> verdict.criterion("response_minutes").message.en
'Average response 75 min, above 15 min'
>>> RowVerdict.from_json(verdict.to_json()) == verdict
True
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from daifa.engine.errors import InputError
from daifa.text import LANGS, Text

SCHEMA_VERSION = 1
"""The shape of a verdict's JSON. 1: the record of ``ScreeningResult.records``."""

_PROVENANCE = ("fields", "source", "as_of")
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Evidence:
    """Where a criterion's value came from (``fields``, ``source``, ``as_of``) and
    what its builder or detector found (``extra``: e.g. a flag's ``group_mean``)."""

    fields: tuple[str, ...] = ()
    source: str | None = None
    as_of: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)

    def get(self, key: str, default: Any = None) -> Any:
        """Any key of the evidence, provenance or extra (as the JSON has it)."""
        try:
            return self[key]
        except KeyError:
            return default

    def __getitem__(self, key: str) -> Any:
        # Templates read evidence.group_mean: Django tries this first.
        if key in _PROVENANCE:
            return list(self.fields) if key == "fields" else getattr(self, key)
        return self.extra[key]

    def __bool__(self) -> bool:
        return bool(self.fields or self.source or self.as_of or self.extra)

    def to_json(self) -> dict[str, Any]:
        return {"fields": list(self.fields), "source": self.source, "as_of": self.as_of,
                **self.extra}  # fmt: skip

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Evidence:
        data = data or {}
        extra = {k: v for k, v in data.items() if k not in _PROVENANCE}
        return cls(
            fields=tuple(data.get("fields") or ()),
            source=data.get("source"),
            as_of=data.get("as_of"),
            extra=MappingProxyType(extra),
        )


@dataclass(frozen=True)
class CriterionVerdict:
    """One criterion's verdict for one row.

    ``points`` are the weighted points earned (a raised flag's are negative) out of
    ``max_points`` (score and flag criteria only); ``message`` says what was found,
    ``action`` what to do next, ``value_text`` the value in words when it is not a
    plain number or yes/no (terms, ranges, certificate lists).
    """

    id: str
    kind: str
    dimension: str
    status: str
    value: Any
    threshold: Any
    points: float | None
    max_points: float | None
    message: Text
    action: Text
    value_text: Text | None = None
    evidence: Evidence = field(default_factory=Evidence)

    def to_json(self, lang: str | None = None) -> dict[str, Any]:
        """The record's criterion object; ``lang`` adds ``message``, ``action`` and
        ``value_text`` in that language."""
        out: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "dimension": self.dimension,
            "status": self.status,
            "value": self.value,
            "threshold": self.threshold,
            "points": self.points,
            "max_points": self.max_points,
        }
        for code in LANGS:
            out[f"message_{code}"] = self.message.get(code)
            out[f"action_{code}"] = self.action.get(code)
            if self.value_text is not None:
                out[f"value_text_{code}"] = self.value_text.get(code)
        out["evidence"] = self.evidence.to_json()
        if lang is not None:
            out["message"] = self.message.get(lang)
            out["action"] = self.action.get(lang)
            out["value_text"] = None if self.value_text is None else self.value_text.get(lang)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CriterionVerdict:
        value_text = None
        if "value_text_zh" in data or "value_text_en" in data:
            zh, en = data.get("value_text_zh"), data.get("value_text_en")
            value_text = Text(
                zh=zh if zh is not None else en or "", en=en if en is not None else zh or ""
            )
        return cls(
            id=data["id"],
            kind=data["kind"],
            dimension=data["dimension"],
            status=data["status"],
            value=data.get("value"),
            threshold=data.get("threshold"),
            points=data.get("points"),
            max_points=data.get("max_points"),
            message=Text(zh=data["message_zh"], en=data["message_en"]),
            action=Text(zh=data["action_zh"], en=data["action_en"]),
            value_text=value_text,
            evidence=Evidence.from_json(data.get("evidence")),
        )


@dataclass(frozen=True)
class RowVerdict:
    """The verdict on one supplier-offer row: its summary and every criterion.

    ``blocking`` lists the failed gates, ``to_verify`` the unknown ones, ``flags``
    the raised flags; ``action`` is the decision in words and ``grade_action``
    what the grade means. The peer fields are null when the row has no peers.
    """

    supplier_id: str
    offer_id: str | None
    supplier_name: str | None
    product_group: str | None
    score: float | None
    coverage: float | None
    grade: str
    decision: str
    approvable: bool
    blocking: tuple[str, ...]
    to_verify: tuple[str, ...]
    flags: tuple[str, ...]
    peer_group: str | None
    peer_rank: int | None
    closeness: float | None
    robustness: float | None
    action: Text
    grade_action: Text
    criteria: tuple[CriterionVerdict, ...]

    def criterion(self, criterion_id: str) -> CriterionVerdict | None:
        """This row's verdict on ``criterion_id`` (``None`` if it was not explained)."""
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def of_kind(self, kind: str) -> Iterator[CriterionVerdict]:
        return (c for c in self.criteria if c.kind == kind)

    def to_json(self, lang: str | None = None, *, versioned: bool = False) -> dict[str, Any]:
        """The record of ``ScreeningResult.records(lang=lang)``; ``versioned`` adds
        ``schema_version`` (for JSON kept apart from the code that wrote it)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in _SUMMARY}
        for name in ("blocking", "to_verify", "flags"):
            out[name] = list(out[name])
        out["action_zh"], out["action_en"] = self.action.zh, self.action.en
        out["grade_action_zh"], out["grade_action_en"] = self.grade_action.zh, self.grade_action.en
        if lang is not None:
            out["action"] = self.action.get(lang)
        out["criteria"] = [c.to_json(lang) for c in self.criteria]
        if versioned:
            out["schema_version"] = SCHEMA_VERSION
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RowVerdict:
        """Read a record (stored, printed by ``daifa screen --format json``, or
        ``records()``'s); the language keys a record may carry are derived, not read."""
        version = data.get("schema_version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise InputError(
                f"verdict schema_version {version!r} is newer than this daifa reads "
                f"({SCHEMA_VERSION}); update daifa",
                f"结论数据的版本 {version!r} 比本程序支持的（{SCHEMA_VERSION}）新，请更新 daifa",
                field="schema_version",
                value=version,
                allowed=f"≤ {SCHEMA_VERSION}",
            )
        summary: dict[str, Any] = {name: data.get(name) for name in _SUMMARY}
        for name in ("blocking", "to_verify", "flags"):
            summary[name] = tuple(summary[name] or ())
        return cls(
            **summary,
            action=Text(zh=data["action_zh"], en=data["action_en"]),
            grade_action=Text(zh=data["grade_action_zh"], en=data["grade_action_en"]),
            criteria=tuple(CriterionVerdict.from_json(c) for c in data.get("criteria") or ()),
        )


# The summary fields in the record's order (daifa.engine.scorecard.SUMMARY_COLUMNS).
_SUMMARY = (
    "supplier_id", "offer_id", "supplier_name", "product_group", "score", "coverage",
    "grade", "decision", "approvable", "blocking", "to_verify", "flags",
    "peer_group", "peer_rank", "closeness", "robustness",
)  # fmt: skip
