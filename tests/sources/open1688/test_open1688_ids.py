from __future__ import annotations

import pytest

from daifa.sources.open1688 import OfferIdError, offer_url, parse_offer_id


@pytest.mark.parametrize(
    "text",
    [
        "710891050473",
        "  710891050473\n",
        "https://detail.1688.com/offer/710891050473.html",
        "https://detail.1688.com/offer/710891050473.html?spm=a26&fromkv=refer:HVKT",
        "http://m.1688.com/offer/710891050473.html",
        "【1688】好物推荐 https://detail.1688.com/offer/710891050473.html 复制打开",
        "https://air.1688.com/app/detail?offerId=710891050473&x=1",
    ],
)
def test_it_reads_the_offer_id_from_what_sellers_paste(text: str) -> None:
    assert parse_offer_id(text) == "710891050473"


@pytest.mark.parametrize("text", ["", "abc", "https://shop.1688.com/page/index.htm", "12345"])
def test_text_without_an_offer_id_is_refused_in_both_languages(text: str) -> None:
    with pytest.raises(OfferIdError) as caught:
        parse_offer_id(text)
    assert repr(text) in caught.value.message("en")
    assert "商品ID" in caught.value.message("zh")


def test_offer_url_points_at_the_public_offer_page() -> None:
    assert offer_url("42") == "https://detail.1688.com/offer/42.html"
