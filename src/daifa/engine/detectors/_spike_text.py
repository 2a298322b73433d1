"""What ``sales_spike`` found, as a sentence in 简体中文 and in English.

Units and dates, never ``key=value``: "近 42 天日均 12.5 件，此前日均 2.1 件（6 倍），
3 月 2 日起上升；同组其他 4 家店铺同期约 1.1 倍".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from daifa.engine.detectors._sales_calendar import NAMES

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _num(value: float | None) -> str:
    if value is None:
        return "?"
    if abs(value) >= 100:
        return f"{value:.0f}"
    text = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return text.rstrip("0").rstrip(".") or "0"


def _zh_date(day: date) -> str:
    return f"{day.month} 月 {day.day} 日"


def _en_date(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}"


def _levels(row: dict[str, Any]) -> tuple[str, str]:
    days = row.get("recent_days") or 30
    recent, base, ratio = (
        row.get("recent_rate_per_day"),
        row.get("baseline_rate_per_day"),
        row.get("ratio"),
    )
    if row.get("method") == "snapshots":
        zh = f"最近一个月日均 {_num(recent)} 件，上一个月日均 {_num(base)} 件"
        en = (
            f"{_num(recent)} units a day in the last month "
            f"against {_num(base)} a day the month before"
        )
    else:
        zh = f"近 {days} 天日均 {_num(recent)} 件，此前日均 {_num(base)} 件"
        en = f"{_num(recent)} units a day in the last {days} days against {_num(base)} a day before"
    if ratio is not None:
        zh += f"（{_num(ratio)} 倍）"
        en += f" ({_num(ratio)}×)"
    return zh, en


def _rise(row: dict[str, Any]) -> tuple[str, str]:
    start = row.get("rise_start")
    if start is None or row.get("method") == "snapshots":
        return "", ""
    return f"，{_zh_date(start)}起上升", f", rising from {_en_date(start)}"


def describe(row: dict[str, Any]) -> dict[str, str | None]:
    """``detail_zh``/``detail_en`` and, when the data limit the check, ``note_*``."""
    reason = row.get("reason")
    zh, en = _sentences(row, reason)
    offer = row.get("offer_id")
    if offer is not None:
        zh, en = f"商品 {offer}：{zh}", f"offer {offer}: {en}"
    note_zh = note_en = None
    if row.get("method") == "snapshots":
        note_zh = "按月汇总的销量只能比较最近一个月与上一个月，看不出从哪天开始上涨"
        note_en = (
            "monthly totals only compare the last month with the one before; "
            "the day sales changed cannot be seen"
        )
    elif row.get("sparse"):
        note_zh = "导出中没有记录的日期按 0 件计"
        note_en = "days missing from the export are read as zero sales"
    return {"detail_zh": zh, "detail_en": en, "note_zh": note_zh, "note_en": note_en}


def _sentences(row: dict[str, Any], reason: str | None) -> tuple[str, str]:
    end = row.get("as_of")
    if reason == "no_recent_data":
        if end is None:
            return "没有销量数据", "no sales data"
        return (
            f"截至 {_zh_date(end)} 最近两周没有销量数据",
            f"no sales data in the two weeks up to {_en_date(end)}",
        )
    if reason == "new_listing":
        age = row.get("listing_days")
        return (
            f"上架仅 {age} 天（按首次有销量算），历史太短，无法判断上涨是否异常",
            f"listed only {age} days ago (first sale), too little history to judge a rise",
        )
    if reason == "short_history":
        days = row.get("history_days") or 0
        return (
            f"只有 {days} 天的历史销量（至少需要 4 周），无法判断",
            f"only {days} days of sales history (4 weeks needed), too little to judge",
        )
    zh, en = _levels(row)
    if reason == "bursts":
        hot, extra = row.get("hot_days"), row.get("excess_units")
        zh += (
            f"；其中 {hot} 天销量异常集中（每天都超过此前日均 5 倍和此前单日最高），"
            f"共多出约 {_num(extra)} 件，像分批刷单而非一次大单"
        )
        en += (
            f"; on {hot} of these days sales jumped above 5× the usual level and the highest "
            f"day before, about {_num(extra)} units more: bursts, not one bulk order"
        )
    rise_zh, rise_en = _rise(row) if reason in ("spike", "promotion", "peers_rose") else ("", "")
    zh, en = zh + rise_zh, en + rise_en
    n, peer = row.get("n_peers"), row.get("peer_ratio")
    if n and peer is not None:
        flat = 0.8 <= peer <= 1.25
        zh += f"；同组其他 {n} 家店铺同期{'持平' if flat else '约 ' + _num(peer) + ' 倍'}"
        en += (
            f"; the other {n} shops of the group "
            + ("stayed flat" if flat else f"changed {_num(peer)}×")
            + " over the same days"
        )
        if reason == "peers_rose":
            zh += "，整个品类一起上涨，不像刷单"
            en += ", the whole category rose together: not a sign of brushing"
    if reason == "promotion":
        keys = (row.get("promotion") or "").split(",")
        zh_names = "、".join(NAMES[k][0] for k in keys if k in NAMES)
        en_names = ", ".join(NAMES[k][1] for k in keys if k in NAMES)
        zh += f"；正值{zh_names}大促备货期，同类商品通常一起上涨，且没有同组店铺可对比"
        en += (
            f"; this is the {en_names} sales period, when whole categories sell more, "
            "and there are no peers in the group to compare with"
        )
    if reason in ("spike", "bursts") and not n:
        zh += "；无同组店铺可对比"
        en += "; no peers in the group to compare with"
    return zh, en
