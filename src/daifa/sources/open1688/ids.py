"""Offer ids from what sellers paste: bare ids, offer addresses, share texts."""

from __future__ import annotations

import re

from daifa.sources.open1688.errors import InvalidRequestError

# detail.1688.com/offer/<id>.html, m.1688.com/offer/<id>.html, …?offerId=<id>
_URL_PATTERNS = (
    re.compile(r"1688\.com/offer/(\d{6,20})\.html", re.IGNORECASE),
    re.compile(r"[?&](?:offerId|offer_id|id)=(\d{6,20})(?:\D|$)", re.IGNORECASE),
)
_BARE_ID = re.compile(r"\d{6,20}")


class OfferIdError(InvalidRequestError):
    """The text holds no 1688 offer id."""

    def __init__(self, text: str) -> None:
        shown = text if len(text) <= 80 else text[:77] + "..."
        super().__init__(
            f"No 1688 offer id in {shown!r}.",
            f"在 {shown!r} 中找不到 1688 商品ID。",
            action_en="Paste the offer number or an address like "
            "https://detail.1688.com/offer/<id>.html.",
            action_zh="请粘贴商品ID，或 https://detail.1688.com/offer/<id>.html 这样的商品链接。",
        )
        self.text = text


def parse_offer_id(text: str) -> str:
    """The offer id in ``text``: a bare number, an offer address or a share text.

    >>> parse_offer_id("https://detail.1688.com/offer/710891050473.html?spm=a26")
    '710891050473'
    >>> parse_offer_id(" 710891050473 ")
    '710891050473'
    """
    stripped = text.strip()
    if _BARE_ID.fullmatch(stripped):
        return stripped
    for pattern in _URL_PATTERNS:
        match = pattern.search(stripped)
        if match:
            return match.group(1)
    raise OfferIdError(text)


def offer_url(offer_id: str) -> str:
    """The public offer page of ``offer_id``."""
    return f"https://detail.1688.com/offer/{offer_id}.html"
