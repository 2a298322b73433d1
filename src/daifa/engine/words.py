"""The vocabulary: decisions, grades, statuses, criterion kinds and dimensions as ``Text``.

One word per thing, everywhere: the engine's records, the reports, the CLI and
the web pages read these tables, so a decision is "试合作（小单观察）" on every
page and in every report (issue #12, P2).

    >>> DECISIONS["approve_on_probation"].zh
    '试合作（小单观察）'
    >>> word(STATUSES, "fail", "en")
    'fail'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from daifa.text import Text

DECISIONS: Mapping[str, Text] = MappingProxyType(
    {
        "approve": Text("批准合作", "approve"),
        "approve_on_probation": Text("试合作（小单观察）", "approve on probation"),
        "verify_first": Text("先核实再决定", "verify first"),
        "avoid": Text("避免合作", "avoid"),
    }
)

# What each grade means for the seller: the decision its score band leads to.
GRADE_ACTIONS: Mapping[str, Text] = MappingProxyType(
    {
        "A": DECISIONS["approve"],
        "B": DECISIONS["approve_on_probation"],
        "C": DECISIONS["verify_first"],
        "D": DECISIONS["avoid"],
    }
)

STATUSES: Mapping[str, Text] = MappingProxyType(
    {
        "pass": Text("通过", "pass"),
        "warn": Text("注意", "warn"),
        "fail": Text("不通过", "fail"),
        "unknown": Text("未知", "unknown"),
    }
)

KINDS: Mapping[str, Text] = MappingProxyType(
    {
        "gate": Text("硬性条件", "gate"),
        "score": Text("计分项", "score"),
        "flag": Text("风险标记", "flag"),
        "kpi": Text("合作指标", "KPI"),
    }
)

DIMENSIONS: Mapping[str, Text] = MappingProxyType(
    {
        "compliance": Text("资质核验", "Compliance and cross-border fit"),
        "stability": Text("经营稳定性", "Operating stability"),
        "supply_chain": Text("供应链硬实力", "Supply chain"),
        "product": Text("产品竞争力", "Product competitiveness"),
        "service": Text("服务响应力", "Service"),
        "hidden": Text("隐藏信号", "Hidden signals"),
        "kpi": Text("合作后指标", "After cooperation starts"),
    }
)


def word(table: Mapping[str, Text], key: str, lang: str) -> str:
    """``key``'s word in ``lang``; a key the table does not know reads as itself."""
    text = table.get(key)
    return key if text is None else text.get(lang)
