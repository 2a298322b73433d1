"""Bilingual words the reports share (the same words as the web pages)."""

from __future__ import annotations

from daifa.engine import ScreeningResult

HEADERS: dict[str, tuple[str, str]] = {
    "supplier": ("供应商", "Supplier"),
    "offer": ("商品", "Offer"),
    "score": ("分数", "Score"),
    "coverage": ("已知占比", "Coverage"),
    "grade": ("等级", "Grade"),
    "decision": ("结论", "Decision"),
    "blocking": ("不通过的硬性条件", "Failed gates"),
    "to_verify": ("待核实", "To verify"),
    "flags": ("风险标记", "Flags"),
    "peer": ("同款排名", "Peer rank"),
    "robustness": ("排名稳健度", "Rank robustness"),
    "criterion": ("指标", "Criterion"),
    "status": ("状态", "Status"),
    "value": ("数值", "Value"),
    "threshold": ("标准", "Threshold"),
    "points": ("得分", "Points"),
    "message": ("说明", "Finding"),
    "action": ("下一步", "Next action"),
    "evidence": ("来源", "Evidence"),
    "title": ("1688 代发供应商筛选报告", "1688 dropshipping supplier screening"),
    "profile": ("评分方案", "Profile"),
    "suppliers": ("供应商数", "Suppliers"),
    "approvable": ("可合作", "Approvable"),
    "none": ("无", "none"),
}

DECISIONS: dict[str, tuple[str, str]] = {
    "approve": ("批准合作", "approve"),
    "approve_on_probation": ("试合作", "approve on probation"),
    "verify_first": ("先核实", "verify first"),
    "avoid": ("避免合作", "avoid"),
}

STATUS_WORDS: dict[str, tuple[str, str]] = {
    "pass": ("通过", "pass"),
    "warn": ("注意", "warn"),
    "fail": ("不通过", "fail"),
    "unknown": ("未知", "unknown"),
}


def word(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table[key]
    return zh if lang == "zh" else en


def criterion_labels(result: ScreeningResult, ids: list[str], lang: str) -> str:
    """Ids as their labels, e.g. ``测试单付款到发货、样品测试``."""
    by_id = {c.id: c.label.get(lang) for c in result.catalogue}
    return ("、" if lang == "zh" else ", ").join(by_id.get(i, i) for i in ids)
