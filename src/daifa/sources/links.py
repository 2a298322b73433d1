"""Which supplier-given links may become a clickable ``href``: http(s) only.

A browser ignores tabs and newlines anywhere in a URL and spaces or control
characters around it, and reads the scheme case-blind, so ``java\\tscript:``
and `` JaVaScRiPt:`` both run script. The same clean-up happens here before
the scheme is checked. A bare host (``shop1234.1688.com/page``, as sellers
paste it) is accepted and linked as https.
"""

from __future__ import annotations

import re

# What browsers drop before parsing: tab, LF, CR anywhere; C0 controls and space at the ends.
INVISIBLE = "\t\n\r"
EDGES = "".join(chr(c) for c in range(0x21))
WEB_SCHEME = r"(?i)^https?://[^\s/?#\\]+"
BARE_HOST = r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#]|$)"


def cleaned(text: str) -> str:
    for char in INVISIBLE:
        text = text.replace(char, "")
    return text.strip(EDGES)


def web_link(text: object) -> str | None:
    """The address to link to for ``text``, or None when it is not an http(s) address."""
    if not isinstance(text, str):
        return None
    value = cleaned(text)
    if re.match(WEB_SCHEME, value):
        return value
    if re.match(BARE_HOST, value):
        return f"https://{value}"
    return None
