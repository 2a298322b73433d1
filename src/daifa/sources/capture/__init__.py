"""Quick capture: the text a seller copies from a 1688 page -> canonical facts (no Django).

    >>> from daifa.sources.capture import parse_pasted
    >>> capture = parse_pasted("诚信通第8年\\n回头率\\n41%\\n纠纷率 0.00%")
    >>> capture.page_kind, capture.values["trustpass_years"], capture.values["dispute_rate_pct"]
    ('shop', 8.0, 0.0)

Labels and values may sit on one line, two lines or two table cells; price
tiers may be interleaved with their quantity ranges. Every value keeps the
exact text it came from (``Found.snippet``); values are read by the spreadsheet
parsers, so ``≤15分钟`` or ``1.2万+`` mean the same here as in a file. A value
the page does not show stays absent; doubts are ``notes`` in zh and en.
"""

from __future__ import annotations

from .labels import EXTRA_LABELS, label
from .model import MAX_CHARS, Capture, CaptureError, CaptureValueError, Found, PageKind
from .parse import parse_pasted
from .read import format_value, read_value

__all__ = [
    "EXTRA_LABELS",
    "MAX_CHARS",
    "Capture",
    "CaptureError",
    "CaptureValueError",
    "Found",
    "PageKind",
    "format_value",
    "label",
    "parse_pasted",
    "read_value",
]
