"""Scoring profiles: weights, thresholds, kinds, grade bands and category rules.

A :class:`Profile` is immutable. The default profile is the catalogue of
:mod:`daifa.engine.criteria` as it stands; a user profile is TOML text that
changes only what it names. A what-if is ``profile.replace(...)``.

Examples
--------
>>> from daifa.engine.profile import Profile
>>> p = Profile.default()
>>> p.criterion("repeat_rate").rule.good
25.0
>>> strict = p.replace(thresholds={"repeat_rate": 30}, weights={"repeat_rate": 4})
>>> (strict.criterion("repeat_rate").rule.good, strict.criterion("repeat_rate").weight)
(30.0, 4.0)
>>> p.criterion("repeat_rate").rule.good  # the original is unchanged
25.0
>>> Profile.from_toml('[criteria.response_minutes]\\nthreshold = 10').criterion(
...     "response_minutes").rule.good
10.0
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import tomli_w

from daifa.engine import words
from daifa.engine.certificates import requirement_label as requirement_label  # re-exported
from daifa.engine.criteria import CATALOGUE, CATALOGUE_IDS, Criterion, Rule, Text
from daifa.engine.errors import ProfileError

GRADES: tuple[str, ...] = ("A", "B", "C", "D")

# What each grade means for the seller (bilingual): the vocabulary's words.
GRADE_ACTIONS: Mapping[str, Text] = words.GRADE_ACTIONS

_TOP_KEYS = ("name", "description", "grades", "criteria", "categories")
_GRADE_KEYS = ("A", "B", "C", "min_coverage", "approvable", "no_score")
_CRITERION_KEYS = ("kind", "weight", "penalty", "threshold", "zero_at", "rule")
_CATEGORY_KEYS = ("match", "require", "exclude")
_NUMERIC_OPS = ("at_least", "at_most", "range")


@dataclass(frozen=True)
class Grades:
    """Grade bands (minimum score per grade; D is everything below C).

    ``min_coverage`` caps the grade when too little is known: a supplier whose
    coverage is below ``min_coverage["A"]`` cannot be A, and so on down.
    ``no_score`` is the grade when no score criterion is known at all (by
    default C, "verify first": knowing nothing is neither good nor bad).
    """

    bands: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"A": 80.0, "B": 65.0, "C": 50.0})
    )
    min_coverage: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"A": 0.5, "B": 0.3})
    )
    approvable: tuple[str, ...] = ("A", "B")
    no_score: str = "C"


@dataclass(frozen=True)
class CategoryRule:
    """Certificates a category needs. ``require`` entries may list alternatives
    separated by ``|`` (``"CPC|ASTM F963"``: either will do) and name document
    families (``CE`` is met by CE-RED, CE-EMC, CE-LVD; see ``daifa.engine.certificates``).

    ``match`` is the rule's category vocabulary: a category is matched term by term
    (``3C数码>手机壳`` is the terms 3C数码 and 手机壳), never by substring. ``exclude``
    lists terms that take a product out of the rule: a passive phone case or cable is
    not a radio or an electrical device, so it needs no CE/FCC by default. Text that
    names no known term (a product title) falls back to keyword search, exclusions
    first.
    """

    name: str
    match: tuple[str, ...]
    require: tuple[str, ...]
    exclude: tuple[str, ...] = ()


# Passive accessories: no electronics inside, so no CE/FCC by default (a seller who
# sells them where a certificate is asked for adds a rule of their own).
PASSIVE_ACCESSORIES: tuple[str, ...] = (
    "手机壳",
    "手机套",
    "保护壳",
    "保护套",
    "手机膜",
    "钢化膜",
    "贴膜",
    "数据线",
    "充电线",
    "手机支架",
    "手机挂绳",
    "phone case",
    "phone cases",
    "screen protector",
    "data cable",
    "usb cable",
    "charging cable",
    "phone stand",
)

DEFAULT_CATEGORY_RULES: tuple[CategoryRule, ...] = (
    CategoryRule(
        "electronics",
        (
            "3C",
            "数码",
            "电子",
            "电器",
            "手机",
            "耳机",
            "充电器",
            "electronic",
            "charger",
            "earphone",
            "headphone",
            "bluetooth",
            "蓝牙",
            "3C数码",
            "数码产品",
            "电子产品",
            "消费电子",
            "小家电",
            "蓝牙耳机",
            "充电头",
            "蓝牙音箱",
            "智能手表",
            "electronics",
            "consumer electronics",
        ),
        ("CE", "FCC"),
        PASSIVE_ACCESSORIES,
    ),
    CategoryRule(
        "beauty",
        (
            "美妆",
            "化妆",
            "护肤",
            "彩妆",
            "个护",
            "beauty",
            "cosmetic",
            "skincare",
            "skin care",
            "makeup",
        ),
        ("MSDS", "化妆品生产许可证|COSMETICS PRODUCTION LICENSE|NMPA"),
    ),
    CategoryRule(
        "toys",
        ("玩具", "toy"),
        ("CE", "EN71", "CPC|ASTM F963"),
    ),
    CategoryRule(
        "batteries",
        ("电池", "充电宝", "移动电源", "battery", "batteries", "power bank", "powerbank"),
        ("MSDS", "UN38.3"),
    ),
    CategoryRule(
        "food_contact",
        (
            "餐具",
            "厨具",
            "水杯",
            "保温杯",
            "饭盒",
            "tableware",
            "kitchenware",
            "drinkware",
            "food container",
        ),
        ("FDA|LFGB",),
    ),
)


@dataclass(frozen=True)
class Profile:
    """An immutable scoring profile. Build one with :meth:`default`,
    :meth:`from_toml` or :meth:`replace`; never by mutation."""

    name: str
    criteria: tuple[Criterion, ...]
    grades: Grades
    categories: tuple[CategoryRule, ...]

    @classmethod
    def default(cls) -> Profile:
        """The built-in profile: the catalogue's defaults."""
        return cls("default", CATALOGUE, Grades(), DEFAULT_CATEGORY_RULES)

    @classmethod
    def from_toml(cls, text: str, *, base: Profile | None = None) -> Profile:
        """Parse TOML ``text`` as changes to ``base`` (default: the built-in profile).

        Raises :class:`~daifa.engine.errors.ProfileError` naming the key and the
        allowed values when something is not allowed.
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(
                f"profile is not valid TOML: {exc}", f"配置文件不是有效的 TOML：{exc}"
            ) from exc
        return (base or cls.default()).updated(data)

    def updated(self, data: Mapping[str, Any]) -> Profile:
        """Apply a profile mapping (the parsed TOML) and return the new profile."""
        _check_keys(data, _TOP_KEYS, "")
        profile = self
        if "name" in data:
            profile = replace(profile, name=_as_str(data["name"], "name"))
        if "criteria" in data:
            profile = profile._with_criteria(_as_table(data["criteria"], "criteria"))
        if "grades" in data:
            profile = replace(profile, grades=_parse_grades(data["grades"], profile.grades))
        if "categories" in data:
            profile = replace(
                profile, categories=_parse_categories(data["categories"], profile.categories)
            )
        return profile

    def replace(
        self,
        *,
        name: str | None = None,
        weights: Mapping[str, float] | None = None,
        thresholds: Mapping[str, Any] | None = None,
        kinds: Mapping[str, str] | None = None,
        criteria: Mapping[str, Mapping[str, Any]] | None = None,
        grades: Mapping[str, Any] | None = None,
        categories: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> Profile:
        """A what-if copy. ``thresholds`` values are a number (or ``[low, high]``
        for a range) or a table like ``{"threshold": 30, "zero_at": 15}``;
        ``criteria``, ``grades`` and ``categories`` take the TOML tables."""
        table: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (criteria or {}).items()}
        for key, mapping in (("weight", weights), ("kind", kinds)):
            for cid, value in (mapping or {}).items():
                table.setdefault(cid, {})[key] = value
        for cid, value in (thresholds or {}).items():
            entry = table.setdefault(cid, {})
            entry.update(value if isinstance(value, Mapping) else {"threshold": value})
        data: dict[str, Any] = {"criteria": table}
        if name is not None:
            data["name"] = name
        if grades is not None:
            data["grades"] = grades
        if categories is not None:
            data["categories"] = categories
        return self.updated(data)

    def criterion(self, criterion_id: str) -> Criterion:
        """This profile's version of ``criterion_id``."""
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise _unknown_criterion(criterion_id, f"criteria.{criterion_id}")

    def of_kind(self, kind: str) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """Every setting as plain data (what :meth:`to_toml` writes)."""
        return {
            "name": self.name,
            "grades": {
                **self.grades.bands,
                "min_coverage": dict(self.grades.min_coverage),
                "approvable": list(self.grades.approvable),
                "no_score": self.grades.no_score,
            },
            "criteria": {c.id: _criterion_dict(c) for c in self.criteria},
            "categories": {
                r.name: {
                    "match": list(r.match),
                    "require": list(r.require),
                    "exclude": list(r.exclude),
                }
                for r in self.categories
            },
        }

    def to_toml(self) -> str:
        """The whole profile as TOML; ``Profile.from_toml(p.to_toml()) == p``."""
        return tomli_w.dumps(self.to_dict())

    def _with_criteria(self, table: Mapping[str, Any]) -> Profile:
        by_id = {c.id: c for c in self.criteria}
        for cid, settings in table.items():
            if cid not in by_id:
                raise _unknown_criterion(cid, f"criteria.{cid}")
            by_id[cid] = _apply_settings(by_id[cid], _as_table(settings, f"criteria.{cid}"))
        return replace(self, criteria=tuple(by_id[c.id] for c in self.criteria))


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": c.kind}
    out["penalty" if c.kind == "flag" else "weight"] = c.weight
    rule = c.rule
    if rule.op in _NUMERIC_OPS:
        out["rule"] = rule.op
        if rule.op == "range":
            out["threshold"] = [rule.good, rule.high]
            if rule.bad is not None and rule.bad_high is not None:
                out["zero_at"] = [rule.bad, rule.bad_high]
        else:
            out["threshold"] = rule.good
            if rule.bad is not None:
                out["zero_at"] = rule.bad
    return out


def _apply_settings(c: Criterion, settings: Mapping[str, Any]) -> Criterion:
    path = f"criteria.{c.id}"
    _check_keys(settings, _CRITERION_KEYS, path)
    if "kind" in settings:
        c = replace(c, kind=_parse_kind(c, settings["kind"], f"{path}.kind"))
    for key in ("weight", "penalty"):
        if key in settings:
            c = replace(c, weight=_non_negative(settings[key], f"{path}.{key}"))
    if any(k in settings for k in ("threshold", "zero_at", "rule")):
        c = replace(c, rule=_parse_rule(c, settings, path))
    return c


def _parse_kind(c: Criterion, value: Any, path: str) -> Any:
    allowed = ("flag",) if c.rule.op == "detector" else ("gate", "score", "kpi")
    if value not in allowed:
        raise _not_allowed(path, value, allowed)
    return value


def _parse_rule(c: Criterion, settings: Mapping[str, Any], path: str) -> Rule:
    if c.rule.op not in _NUMERIC_OPS:
        bad_key = next(k for k in ("threshold", "zero_at", "rule") if k in settings)
        raise ProfileError(
            f"{path}.{bad_key}: {c.id} is a yes/no or detected criterion and takes no threshold; "
            f"allowed keys: kind, weight" + (", penalty" if c.kind == "flag" else ""),
            f"{path}.{bad_key}：{c.id} 是是/否或检测类指标，不能设阈值；可用的键：kind、weight",
            field=f"{path}.{bad_key}",
            value=settings[bad_key],
            allowed="kind, weight, penalty",
        )
    op = settings.get("rule", c.rule.op)
    if op not in _NUMERIC_OPS:
        raise _not_allowed(f"{path}.rule", op, _NUMERIC_OPS)
    if op == "range":
        return _range_rule(c, settings, path)
    good = _number(
        settings.get("threshold", c.rule.good if op == c.rule.op else None), f"{path}.threshold"
    )
    if "zero_at" not in settings:
        # Keep the old zero point when it still lies on the bad side of the new threshold.
        bad = c.rule.bad if op == c.rule.op else None
        return Rule(op, good, bad if bad is not None and _bad_side(op, good, bad) else None)
    bad = _number(settings["zero_at"], f"{path}.zero_at")
    if not _bad_side(op, good, bad):
        side = "below" if op == "at_least" else "above"
        raise ProfileError(
            f"{path}.zero_at: {bad} must be {side} the threshold {good} for rule {op}; "
            f"allowed: a number {side} {good}",
            f"{path}.zero_at：{bad} 必须{'低于' if op == 'at_least' else '高于'}"
            f"阈值 {good}（规则 {op}）",
            field=f"{path}.zero_at",
            value=bad,
            allowed=f"a number {side} {good}",
        )
    return Rule(op, good, bad)


def _bad_side(op: str, good: float, bad: float) -> bool:
    return bad < good if op == "at_least" else bad > good


def _range_rule(c: Criterion, settings: Mapping[str, Any], path: str) -> Rule:
    lo, hi = _pair(settings.get("threshold"), f"{path}.threshold")
    if "zero_at" not in settings:
        return Rule("range", lo, None, hi, None)
    bad_lo, bad_hi = _pair(settings["zero_at"], f"{path}.zero_at")
    if not (bad_lo < lo and bad_hi > hi):
        raise ProfileError(
            f"{path}.zero_at: [{bad_lo}, {bad_hi}] must lie outside the threshold [{lo}, {hi}]",
            f"{path}.zero_at：[{bad_lo}, {bad_hi}] 必须在阈值区间 [{lo}, {hi}] 之外",
            field=f"{path}.zero_at",
            value=[bad_lo, bad_hi],
            allowed=f"[low < {lo}, high > {hi}]",
        )
    return Rule("range", lo, bad_lo, hi, bad_hi)


def _pair(value: Any, path: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise ProfileError(
            f"{path}: a range needs [low, high], got {value!r}",
            f"{path}：区间需要写成 [下限, 上限]，实际为 {value!r}",
            field=path,
            value=value,
            allowed="[low, high]",
        )
    lo, hi = (_number(v, path) for v in value)
    if lo > hi:
        raise ProfileError(
            f"{path}: low {lo} is above high {hi}",
            f"{path}：下限 {lo} 高于上限 {hi}",
            field=path,
            value=value,
            allowed="[low, high] with low ≤ high",
        )
    return lo, hi


def _parse_grades(value: Any, current: Grades) -> Grades:
    table = _as_table(value, "grades")
    _check_keys(table, _GRADE_KEYS, "grades")
    bands = dict(current.bands)
    for g in ("A", "B", "C"):
        if g in table:
            bands[g] = _number(table[g], f"grades.{g}")
            if not 0 <= bands[g] <= 100:
                raise _not_allowed(f"grades.{g}", table[g], ("a score from 0 to 100",))
    if not bands["A"] >= bands["B"] >= bands["C"]:
        raise ProfileError(
            "grades: the bands must not increase from A to C (allowed: A ≥ B ≥ C), "
            f"got A={bands['A']}, B={bands['B']}, C={bands['C']}",
            f"grades：分数线必须 A ≥ B ≥ C，实际 A={bands['A']}，B={bands['B']}，C={bands['C']}",
            field="grades",
            value=bands,
            allowed="A ≥ B ≥ C",
        )
    coverage = dict(current.min_coverage)
    if "min_coverage" in table:
        coverage_table = _as_table(table["min_coverage"], "grades.min_coverage")
        _check_keys(coverage_table, GRADES, "grades.min_coverage")
        # The table is the whole rule: a grade it leaves out has no coverage cap.
        coverage = {}
        for g, v in coverage_table.items():
            coverage[g] = _number(v, f"grades.min_coverage.{g}")
            if not 0 <= coverage[g] <= 1:
                raise _not_allowed(f"grades.min_coverage.{g}", v, ("a share from 0 to 1",))
    approvable = current.approvable
    if "approvable" in table:
        approvable = tuple(_grade_list(table["approvable"], "grades.approvable"))
    no_score = current.no_score
    if "no_score" in table:
        no_score = _grade_list([table["no_score"]], "grades.no_score")[0]
    return Grades(MappingProxyType(bands), MappingProxyType(coverage), approvable, no_score)


def _grade_list(value: Any, path: str) -> list[str]:
    if not isinstance(value, list) or any(v not in GRADES for v in value):
        raise _not_allowed(path, value, GRADES)
    return [str(v) for v in value]


def _parse_categories(value: Any, current: tuple[CategoryRule, ...]) -> tuple[CategoryRule, ...]:
    rules = {r.name: r for r in current}
    for name, settings in _as_table(value, "categories").items():
        path = f"categories.{name}"
        table = _as_table(settings, path)
        _check_keys(table, _CATEGORY_KEYS, path)
        old = rules.get(name)
        match = _strings(table["match"], f"{path}.match") if "match" in table else None
        if match is None and old is None:
            raise ProfileError(
                f"{path}.match: a new category rule needs match = [keywords]",
                f"{path}.match：新的类目规则需要 match = [关键词]",
                field=f"{path}.match",
                allowed="a list of keywords",
            )
        require = _strings(table["require"], f"{path}.require") if "require" in table else None
        exclude = _strings(table["exclude"], f"{path}.exclude") if "exclude" in table else None
        rules[name] = CategoryRule(
            name,
            match if match is not None else old.match,  # type: ignore[union-attr]
            require if require is not None else (old.require if old else ()),
            exclude if exclude is not None else (old.exclude if old else ()),
        )
    return tuple(rules.values())


def _strings(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _not_allowed(path, value, ("a list of non-empty strings",))
    return tuple(v.strip() for v in value)


def _check_keys(table: Mapping[str, Any], allowed: Iterable[str], path: str) -> None:
    allowed = tuple(allowed)
    for key in table:
        if key not in allowed:
            full = f"{path}.{key}" if path else key
            raise ProfileError(
                f"{full}: unknown key; allowed: {', '.join(allowed)}",
                f"{full}：未知的键；可用的键：{', '.join(allowed)}",
                field=full,
                value=key,
                allowed=", ".join(allowed),
            )


def _as_table(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _not_allowed(path, value, ("a table",))
    return value


def _as_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _not_allowed(path, value, ("a string",))
    return value


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _not_allowed(path, value, ("a number",))
    return float(value)


def _non_negative(value: Any, path: str) -> float:
    number = _number(value, path)
    if number < 0:
        raise _not_allowed(path, value, ("a number ≥ 0",))
    return number


def _not_allowed(path: str, value: Any, allowed: Iterable[str]) -> ProfileError:
    listed = ", ".join(allowed)
    return ProfileError(
        f"{path}: {value!r} is not allowed; allowed: {listed}",
        f"{path}：不允许的值 {value!r}；可用的值：{listed}",
        field=path,
        value=value,
        allowed=listed,
    )


def _unknown_criterion(cid: str, path: str) -> ProfileError:
    listed = ", ".join(CATALOGUE_IDS)
    return ProfileError(
        f"{path}: unknown criterion {cid!r}; allowed: {listed}",
        f"{path}：未知的指标 {cid!r}；可用的指标：{listed}",
        field=path,
        value=cid,
        allowed=listed,
    )
