"""The big sales dates a 1688 shop's sales rise with, for any year.

Whole categories sell more before and during the big online sales, because
resellers stock up for them. Without peers to compare with, a rise that falls
in one of these periods is a "promotion period" warning, not proof of
inflated sales (``sales_spike``).

Windows (inclusive) start when wholesale buyers begin to stock up:

* 年货节 (Spring Festival shopping): four weeks before Spring Festival until
  three days before (logistics stop around it);
* 618: 1 - 18 June;
* 开学季 (back to school): 20 August - 5 September;
* 双11: 20 October - 11 November;
* Black Friday / Cyber Monday: ten days before Black Friday (the fourth
  Friday of November) until Cyber Monday;
* 双12: 5 - 12 December.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache

import numpy as np
import numpy.typing as npt

# Spring Festival (正月初一) dates, from the published Chinese calendar.
_SPRING_FESTIVAL = {
    2015: date(2015, 2, 19),
    2016: date(2016, 2, 8),
    2017: date(2017, 1, 28),
    2018: date(2018, 2, 16),
    2019: date(2019, 2, 5),
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
    2032: date(2032, 2, 11),
    2033: date(2033, 1, 31),
    2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}
_SYNODIC_MONTH = 29.530588853
_REFERENCE_NEW_MOON = datetime(2000, 1, 6, 18, 14, tzinfo=UTC)
_CHINA = timezone(timedelta(hours=8))


def spring_festival(year: int) -> date:
    """正月初一 of ``year``: the table above, else the new moon (China time)
    between 21 January and 20 February from the mean lunation (within a day;
    enough for a stock-up window of weeks)."""
    if year in _SPRING_FESTIVAL:
        return _SPRING_FESTIVAL[year]
    start = datetime(year, 1, 21, tzinfo=_CHINA)
    elapsed = (start - _REFERENCE_NEW_MOON).total_seconds() / 86400.0
    k = math.ceil(elapsed / _SYNODIC_MONTH)
    moon = _REFERENCE_NEW_MOON + timedelta(days=k * _SYNODIC_MONTH)
    return moon.astimezone(_CHINA).date()


def _black_friday(year: int) -> date:
    first = date(year, 11, 1)
    first_friday = first + timedelta(days=(4 - first.weekday()) % 7)
    return first_friday + timedelta(weeks=3)


# (zh name, en name) per window; the zh name is what a seller calls it.
NAMES = {
    "spring": ("年货节", "Spring Festival shopping"),
    "618": ("618", "618"),
    "school": ("开学季", "back-to-school"),
    "1111": ("双11", "Singles' Day (11.11)"),
    "blackfriday": ("黑五", "Black Friday"),
    "1212": ("双12", "Double 12"),
}


@cache
def promotion_windows(year: int) -> tuple[tuple[str, date, date], ...]:
    """(key, first day, last day) of each big sale in ``year``."""
    festival = spring_festival(year)
    friday = _black_friday(year)
    return (
        ("spring", festival - timedelta(days=28), festival - timedelta(days=3)),
        ("618", date(year, 6, 1), date(year, 6, 18)),
        ("school", date(year, 8, 20), date(year, 9, 5)),
        ("1111", date(year, 10, 20), date(year, 11, 11)),
        ("blackfriday", friday - timedelta(days=10), friday + timedelta(days=3)),
        ("1212", date(year, 12, 5), date(year, 12, 12)),
    )


def promotion_days(first: date, last: date) -> tuple[npt.NDArray[np.bool_], list[str]]:
    """For each day from ``first`` to ``last``: inside a big sale? And the keys
    of the sales met, in date order."""
    n = (last - first).days + 1
    mask = np.zeros(max(n, 0), dtype=bool)
    met: list[str] = []
    for year in range(first.year - 1, last.year + 2):
        for key, start, end in promotion_windows(year):
            lo, hi = max((start - first).days, 0), min((end - first).days, n - 1)
            if lo <= hi:
                mask[lo : hi + 1] = True
                if key not in met:
                    met.append(key)
    return mask, met
