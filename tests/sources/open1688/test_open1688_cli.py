"""`daifa 1688 search` and `daifa 1688 offer` against the fake gateway."""

from __future__ import annotations

import json

import pytest
from tests.sources.open1688.open1688_fake_gateway import (
    ACCESS_TOKEN,
    APP_KEY,
    APP_SECRET,
    fixture,
)

from daifa.cli import main

DETAIL = "product.search.queryProductDetail"


@pytest.fixture
def configured(monkeypatch, gateway):
    monkeypatch.setenv("DAIFA_1688_APP_KEY", APP_KEY)
    monkeypatch.setenv("DAIFA_1688_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("DAIFA_1688_ACCESS_TOKEN", ACCESS_TOKEN)
    monkeypatch.setenv("DAIFA_1688_BASE_URL", gateway.url)
    return gateway


def detail_answer():
    body = fixture("crossborder.product.search.queryProductDetail.response.doc-example.json")
    body["result"]["result"]["productSkuInfos"][0].update(price="13.5", jxhyPrice="13")
    return body


def test_search_prints_json(configured, capsys) -> None:
    configured.answers["product.search.keywordQuery"] = fixture(
        "crossborder.product.search.keywordQuery.response.doc-example.json"
    )
    assert main(["1688", "search", "保温杯", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total_records"] == 123
    assert data["offers"][0]["offer_id"] == "2" and data["offers"][0]["sales_30d"] == 1213
    ((_name, form),) = configured.calls
    assert json.loads(form["offerQueryParam"])["keyword"] == "保温杯"


def test_search_prints_a_table(configured, capsys) -> None:
    configured.answers["product.search.keywordQuery"] = fixture(
        "crossborder.product.search.keywordQuery.response.doc-example.json"
    )
    assert main(["1688", "search", "cup"]) == 0
    out = capsys.readouterr().out
    assert "外文标题" in out and "1213" in out


def test_offer_reads_a_pasted_address(configured, capsys) -> None:
    configured.answers[DETAIL] = detail_answer()
    url = "https://detail.1688.com/offer/34513534353434.html?spm=x"
    assert main(["1688", "offer", url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    offer = next(o for o in data["observations"] if o["offer_id"])
    assert offer["values"]["dropship_price_cny"] == 15.0
    assert offer["provenance"]["kind"] == "api"
    assert json.loads(configured.calls[0][1]["offerDetailParam"])["offerId"] == 34513534353434


def test_offer_prints_a_table_with_its_source(configured, capsys) -> None:
    configured.answers[DETAIL] = detail_answer()
    assert main(["1688", "offer", "34513534353434"]) == 0
    out = capsys.readouterr().out
    assert "代发价(元) / Dropship price (CNY)" in out and "1688 API, product detail" in out


def test_a_placeholder_answer_is_reported_not_crashed(configured, capsys) -> None:
    configured.answers[DETAIL] = fixture(
        "crossborder.product.search.queryProductDetail.response.doc-example.json"
    )
    assert main(["1688", "offer", "34513534353434"]) == 1
    err = capsys.readouterr().err
    assert "productSkuInfos[0].price" in err and "占位" in err


def test_a_gateway_refusal_is_explained_in_both_languages(configured, capsys) -> None:
    configured.inject(DETAIL, "quota")
    assert main(["1688", "offer", "34513534353434"]) == 1
    err = capsys.readouterr().err
    assert "北京时间 00:00" in err and "00:00 Beijing time" in err and "request id" in err


def test_an_unconfigured_cli_says_what_to_set(monkeypatch, capsys) -> None:
    for name in ("DAIFA_1688_APP_KEY", "DAIFA_1688_APP_SECRET", "DAIFA_1688_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["1688", "search", "cup"]) == 2
    err = capsys.readouterr().err
    assert "DAIFA_1688_APP_SECRET" in err and "尚未配置" in err and "not configured" in err


def test_a_config_file_works_and_the_secret_is_never_printed(
    monkeypatch, gateway, tmp_path, capsys
) -> None:
    for name in ("DAIFA_1688_APP_KEY", "DAIFA_1688_APP_SECRET", "DAIFA_1688_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "daifa.toml"
    config.write_text(
        f'[open1688]\napp_key = "{APP_KEY}"\napp_secret = "{APP_SECRET}"\n'
        f'access_token = "{ACCESS_TOKEN}"\nbase_url = "{gateway.url}"\n',
        encoding="utf-8",
    )
    gateway.inject("product.search.keywordQuery", "acl")
    assert main(["1688", "search", "cup", "--config", str(config)]) == 1
    gateway.answers["product.search.keywordQuery"] = fixture(
        "crossborder.product.search.keywordQuery.response.doc-example.json"
    )
    assert main(["1688", "search", "cup", "--config", str(config), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert APP_SECRET not in captured.out + captured.err
    assert "gw.APIACLDecline" in captured.err


def test_a_broken_config_file_is_named(tmp_path, capsys) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("app_key = [", encoding="utf-8")
    assert main(["1688", "search", "cup", "--config", str(config)]) == 2
    assert str(config) in capsys.readouterr().err


def test_an_address_without_an_offer_id_is_a_usage_error(configured, capsys) -> None:
    assert main(["1688", "offer", "https://shop.1688.com/"]) == 2
    err = capsys.readouterr().err
    assert "商品ID" in err and "offer id" in err
    assert configured.calls == []
