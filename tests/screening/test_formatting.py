"""The page's own words for numbers, dates and sources (issue #10 pts 9 and 10)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from daifa.screening.templatetags.daifa import amount, day, num, pct, show, source_text, when


@pytest.mark.parametrize("value", [-0.0, -0.0001, -0.004])
def test_a_rounded_tiny_negative_is_zero_not_minus_zero(value):
    assert num(value, 1) == "0"
    assert num(value, 0) == "0"
    assert pct(value / 100) == "0%"
    assert show(value) == "0"
    assert amount(value) == "0.00"


def test_real_negatives_keep_their_sign():
    assert num(-10.0, 1) == "-10" and amount(-3.5) == "-3.50" and pct(-0.25) == "-25%"


def test_money_has_one_format_in_both_languages():
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            assert amount(11055) == "11,055.00"


@pytest.mark.parametrize(
    ("stored", "zh", "en"),
    [
        ("pasted from 1688 page (shop profile) on 2026-12-07", "粘贴自 1688 商家档案页",
         "pasted from a 1688 shop profile"),
        ("pasted from 1688 page (offer) on 2026-12-07", "粘贴自 1688 商品页",
         "pasted from a 1688 offer page"),
        ("sellers.csv, row 5", "sellers.csv，第 5 行", "sellers.csv, row 5"),
        ("book.xlsx, sheet 供应商, row 4", "book.xlsx，工作表 供应商，第 4 行",
         "book.xlsx, sheet 供应商, row 4"),
        ("orders", "你的订单", "your orders"),
        ("alice: asked on WangWang", "alice: asked on WangWang", "alice: asked on WangWang"),
    ],
)  # fmt: skip
def test_sources_read_in_the_pages_language(stored, zh, en):
    with translation.override("zh-hans"):
        assert source_text(stored) == zh
    with translation.override("en"):
        assert source_text(stored) == en


def test_dates_are_shown_in_the_active_workspace_zone():
    moment = datetime(2026, 12, 6, 17, 20, tzinfo=UTC)
    with timezone.override(ZoneInfo("Asia/Shanghai")):
        # the template engine converts aware values first (expects_localtime)
        assert when(timezone.localtime(moment)) == "2026-12-07 01:20"
        assert day(timezone.localtime(moment)) == "2026-12-07"
    assert when(None) == "—"
