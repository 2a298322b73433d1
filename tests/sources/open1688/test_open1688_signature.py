from __future__ import annotations

import json

import pytest
from tests.sources.open1688.open1688_fake_gateway import FIXTURES

from daifa.sources.open1688.signature import encode_params, encode_value, sign, signing_string

VECTORS = json.loads((FIXTURES / "signature.test-vectors.json").read_text(encoding="utf-8"))[
    "vectors"
]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["source"][:50] for v in VECTORS])
def test_every_documented_vector_signs_as_expected(vector) -> None:
    assert signing_string(vector["urlPath"], vector["params"]) == vector["signingString"]
    assert sign(vector["urlPath"], vector["params"], vector["appSecret"]) == vector["expected"]


def test_it_sorts_key_plus_value_strings_not_keys() -> None:
    # Vector 6: sorting by key would give "kazabc".
    assert signing_string("p", {"a": "z", "ab": "c"}) == "pabcaz"


def test_the_signature_itself_is_never_signed() -> None:
    params = {"a": "1", "_aop_signature": "OLD"}
    assert sign("p", params, "s") == sign("p", {"a": "1"}, "s")


def test_structured_values_travel_as_compact_json_with_raw_chinese() -> None:
    query = {"keyword": "饼干", "beginPage": 1, "pageSize": 20, "country": "en"}
    assert encode_value(query) == '{"keyword":"饼干","beginPage":1,"pageSize":20,"country":"en"}'
    assert encode_value([1, 2]) == "[1,2]"
    assert encode_value(True) == "true" and encode_value(False) == "false"
    assert encode_value(20) == "20"


def test_none_values_are_not_sent() -> None:
    assert encode_params({"a": None, "b": 0, "c": ""}) == {"b": "0", "c": ""}
