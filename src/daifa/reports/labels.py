"""Bilingual words the reports share (the same words as the web pages: the decisions
and statuses are the vocabulary's, :mod:`daifa.engine.words`)."""

from __future__ import annotations

from collections.abc import Mapping

from daifa.engine import ScreeningResult, words
from daifa.engine.words import word
from daifa.text import Text

__all__ = ["DECISIONS", "HEADERS", "STATUS_WORDS", "criterion_labels", "word"]

HEADERS: Mapping[str, Text] = {
    "supplier": Text("供应商", "Supplier"),
    "offer": Text("商品", "Offer"),
    "score": Text("分数", "Score"),
    "coverage": Text("已知占比", "Coverage"),
    "grade": Text("等级", "Grade"),
    "decision": Text("结论", "Decision"),
    "blocking": Text("不通过的硬性条件", "Failed gates"),
    "to_verify": Text("待核实", "To verify"),
    "flags": Text("风险标记", "Flags"),
    "peer": Text("同款排名", "Peer rank"),
    "robustness": Text("排名稳健度", "Rank robustness"),
    "criterion": Text("指标", "Criterion"),
    "status": Text("状态", "Status"),
    "value": Text("数值", "Value"),
    "threshold": Text("标准", "Threshold"),
    "points": Text("得分", "Points"),
    "message": Text("说明", "Finding"),
    "action": Text("下一步", "Next action"),
    "evidence": Text("来源", "Evidence"),
    "title": Text("1688 代发供应商筛选报告", "1688 dropshipping supplier screening"),
    "profile": Text("评分方案", "Profile"),
    "suppliers": Text("供应商数", "Suppliers"),
    "approvable": Text("可合作", "Approvable"),
    "none": Text("无", "none"),
}

DECISIONS: Mapping[str, Text] = words.DECISIONS
STATUS_WORDS: Mapping[str, Text] = words.STATUSES


def criterion_labels(result: ScreeningResult, ids: list[str], lang: str) -> str:
    """Ids as their labels, e.g. ``测试单付款到发货、样品测试``."""
    by_id = {c.id: c.label.get(lang) for c in result.catalogue}
    return ("、" if lang == "zh" else ", ").join(by_id.get(i, i) for i in ids)
