"""A plain, one-row-at-a-time scorecard: the reference the vectorised engine must equal."""

from __future__ import annotations

import re
from typing import Any

from daifa.engine.criteria import KNOWN_LINES, Criterion, Rule
from daifa.engine.profile import Profile


def _linear(v: float, good: float, bad: float) -> float:
    return min(1.0, max(0.0, (v - bad) / (good - bad)))


def rule_credit(v: Any, rule: Rule, gate: bool) -> float | None:
    if v is None:
        return None
    if rule.op == "bool":
        return 1.0 if v else 0.0
    assert rule.good is not None
    if rule.op == "range":
        assert rule.high is not None
        if rule.good <= v <= rule.high:
            return 1.0
        if gate or rule.bad is None or rule.bad_high is None:
            return 0.0
        return min(_linear(v, rule.good, rule.bad), _linear(v, rule.high, rule.bad_high))
    meets = v >= rule.good if rule.op == "at_least" else v <= rule.good
    if gate or rule.bad is None:
        return 1.0 if meets else 0.0
    return _linear(v, rule.good, rule.bad)


def _first(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _norm(cert: str) -> str:
    out = "".join(ch for ch in cert.upper() if ch not in " \t-_./")
    for suffix in ("CERTIFICATE", "CERTIFIED", "CERT", "认证", "证书"):
        if out.endswith(suffix):
            return out[: -len(suffix)]
    return out


def _certs(row: dict[str, Any], profile: Profile) -> float | None:
    text = _first(row.get("category"), row.get("product_title"))
    if text is None:
        return None
    low = text.lower()
    rules = [r for r in profile.categories if r.require and any(k.lower() in low for k in r.match)]
    if not rules:
        return 1.0
    if row.get("certifications") is None:
        return None
    have = {_norm(c) for c in row["certifications"]}
    for rule in rules:
        for requirement in rule.require:
            if not any(_norm(option) in have for option in requirement.split("|")):
                return 0.0
    return 1.0


def _names_line(text: str, name: str) -> bool:
    if not (name.isascii() and len(name) <= 5):
        return name in text
    return re.search(rf"(?:^|[^a-z0-9]){re.escape(name)}(?:[^a-z0-9]|$)", text) is not None


def _kleene_or(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def credit(c: Criterion, row: dict[str, Any], profile: Profile) -> float | None:
    gate = c.kind == "gate"
    g = row.get
    if c.id == "certifications":
        return _certs(row, profile)
    if c.id == "years_in_business":
        return rule_credit(_first(g("years_in_business"), g("trustpass_years")), c.rule, gate)
    if c.id == "transit_days_eu_us":
        low, high = g("transit_days_min"), g("transit_days_max")
        if high is None and low is not None and low <= c.rule.good:
            return None  # only the fast end known, and it does not decide
        return rule_credit(_first(high, low), c.rule, gate)
    if c.id == "test_order_ship_hours":
        hours = g("test_order_ship_hours")
        return rule_credit(hours, c.rule, gate)
    if c.id == "own_factory_or_design":
        return rule_credit(_kleene_or(g("own_factory"), g("original_design")), c.rule, gate)
    if c.id == "quote_all_inclusive":
        fees = g("extra_fees_cny")
        value = False if fees is not None and fees > 0 else g("quote_all_inclusive")
        return rule_credit(value, c.rule, gate)
    if c.id == "intl_logistics":
        lines = g("intl_logistics")
        if lines is None:
            return None
        if not lines:
            return 0.0
        known = any(_names_line(line.lower(), k) for line in lines for k in KNOWN_LINES)
        return 1.0 if known else (0.0 if gate else 0.5)
    if c.id == "wrong_item_terms":
        checks = [
            (g("wrong_item_response_hours"), lambda v: v <= 24),
            (g("wrong_item_reship_hours"), lambda v: v <= 48),
            (g("wrong_item_compensation_pct"), lambda v: v >= 10),
        ]
        known = [test(v) for v, test in checks if v is not None]
        if not known:
            return None
        share = sum(known) / len(known)
        return (1.0 if share >= 1 else 0.0) if gate else share
    if c.id == "unsold_return_days":
        parts = []
        if g("unsold_return_days") is not None:
            parts.append(rule_credit(g("unsold_return_days"), c.rule, gate))
        if g("unsold_return_loss_pct") is not None:
            parts.append(_linear(g("unsold_return_loss_pct"), 5.0, 20.0))
        if len(parts) < 2:  # both terms make the rule: one unknown decides only a fail
            return 0.0 if parts and parts[0] == 0.0 else None
        return min(parts)  # type: ignore[type-var]
    if c.id == "markup_room":
        price, cost = g("target_retail_price"), _first(g("dropship_price_cny"), g("unit_price_cny"))
        # the seed's 采购价 includes the extra fees the supplier adds to the quote
        cost = None if cost is None else cost + (g("extra_fees_cny") or 0.0)
        if price is None or cost is None or cost <= 0 or g("retail_currency") not in ("CNY", "RMB"):
            return None
        return rule_credit(price / cost, c.rule, gate)
    return rule_credit(g(c.columns[0]), c.rule, gate)


def status(c: Criterion, value: float | None) -> str:
    if value is None:
        return "unknown"
    if value >= 1:
        return "pass"
    if c.kind == "gate" or value <= 0:
        return "fail"
    return "warn"


def screen_row(row: dict[str, Any], profile: Profile) -> dict[str, Any]:
    """Statuses, score, coverage and gate lists of one supplier row (no flags, no KPIs)."""
    criteria = [c for c in profile.criteria if c.rule.op != "detector" and c.dimension != "kpi"]
    credits = {c.id: credit(c, row, profile) for c in criteria}
    scored = [c for c in profile.criteria if c.kind == "score"]
    total = sum(c.weight for c in scored)
    known = [c for c in scored if credits.get(c.id) is not None]
    known_weight = sum(c.weight for c in known)
    earned = sum(c.weight * credits[c.id] for c in known)  # type: ignore[operator]
    gates = [c for c in profile.criteria if c.kind == "gate"]
    return {
        "statuses": {c.id: status(c, credits[c.id]) for c in criteria},
        "score": 100 * earned / known_weight if known_weight else None,
        "coverage": known_weight / total,
        "blocking": ";".join(c.id for c in gates if status(c, credits.get(c.id)) == "fail"),
        "to_verify": ";".join(c.id for c in gates if status(c, credits.get(c.id)) == "unknown"),
    }
