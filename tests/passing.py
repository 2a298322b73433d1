"""Facts that pass every gate of the default profile, derived from the catalogue.

Fixtures that need an approvable supplier start from these, so a new gate in the
catalogue is satisfied by the fixtures without editing them (issue #12, P3).
"""

from __future__ import annotations

from daifa.engine.criteria import Criterion
from daifa.engine.profile import Profile
from daifa.engine.schema import COLUMNS_BY_NAME


def passing_value(c: Criterion) -> object | None:
    """A value of the criterion's first column that passes its rule, or ``None``
    when one column cannot pass it alone (a list such as certificates)."""
    column = COLUMNS_BY_NAME.get(c.columns[0]) if c.columns else None
    if column is None or column.type not in ("bool", "number", "integer"):
        return None
    rule = c.rule
    if rule.op == "bool":
        return True
    assert rule.good is not None, c.id
    if rule.op == "at_most":
        value = rule.good / 2
    elif rule.op == "at_least":
        value = rule.good * 2 if rule.good > 0 else 1.0
    else:
        value = (rule.good + (rule.high if rule.high is not None else rule.good)) / 2
    return int(value) if column.type == "integer" else float(value)


def passing_gate_facts(profile: Profile | None = None) -> dict[str, object]:
    """``{column: value}`` passing every gate that one column can pass.

    ``certifications`` is the exception: it passes for a category without a
    certificate rule (or with the certificates the category needs), which the
    fixture chooses.
    """
    gates = (profile or Profile.default()).of_kind("gate")
    values = {c.columns[0]: passing_value(c) for c in gates}
    return {name: value for name, value in values.items() if value is not None}


def gates_one_column_cannot_pass(profile: Profile | None = None) -> list[str]:
    gates = (profile or Profile.default()).of_kind("gate")
    return [c.id for c in gates if passing_value(c) is None]
