"""One bilingual model: every error tree a seller may read shares BilingualError,
and every page picks the language of domain words the same way (#12, P4)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from daifa.engine.criteria import Text as CriterionText
from daifa.engine.errors import EngineError, InputError, ProfileError
from daifa.sources.capture import CaptureError
from daifa.sources.capture.model import CaptureValueError
from daifa.sources.open1688.errors import Open1688Error, PlaceholderValueError, ServerError
from daifa.sources.spreadsheet import SpreadsheetError
from daifa.text import BilingualError, Text, lang_code
from daifa.web.i18n import lang_of


@pytest.mark.parametrize(
    "error",
    [
        InputError("Row 3: bad.", "第 3 行有误。", field="moq", value="x", row=3),
        ProfileError("Bad key.", "键有误。"),
        SpreadsheetError("Not a spreadsheet.", "不是表格文件。"),
        CaptureError("Too long.", "太长。"),
        Open1688Error("Refused.", "被拒绝。", action_en="Try later.", action_zh="稍后再试。"),
    ],
)
def test_every_error_tree_shares_the_bilingual_base(error: BilingualError) -> None:
    assert isinstance(error, BilingualError)
    assert str(error) == error.message_en == error.wording.en
    assert error.message_zh == error.wording.zh
    assert error.message("zh").startswith(error.wording.zh)  # 1688 errors add the action
    assert error.in_("zh").startswith(error.wording.zh)


def test_the_subclasses_keep_their_names_fields_and_english_str() -> None:
    error = InputError("Row 3: bad.", "第 3 行有误。", field="moq", value="x", row=3)
    assert isinstance(error, EngineError) and isinstance(error, ValueError)
    assert (error.field, error.value, error.row) == ("moq", "x", 3)
    value = CaptureValueError("moq", "很多", "not a number", "不是数字")
    assert value.text == "很多" and value.message("zh") == "moq：「很多」— 不是数字"
    server = ServerError("Down.", "宕机。", action_en="Retry.", action_zh="重试。")
    assert server.transient and server.message("en") == "Down. Retry."
    assert (server.action_en, server.action_zh) == ("Retry.", "重试。")


def test_a_rewritten_message_changes_both_views_of_it() -> None:
    error = PlaceholderValueError(api="a.b", path="price", value="价格", expected="number")
    assert error.message_en.endswith("documentation placeholder.")
    assert error.wording.zh.endswith("占位文字。") and str(error) == error.message_en


def test_the_criteria_use_the_one_text_type() -> None:
    assert CriterionText is Text
    assert Text("通过", "pass").get("zh") == "通过" and Text("通过", "pass").get("fr") == "pass"


@pytest.mark.parametrize(
    ("code", "lang"), [("zh-hans", "zh"), ("zh", "zh"), ("en", "en"), ("en-us", "en"), ("", "zh")]
)
def test_one_language_rule_for_every_page(code: str, lang: str) -> None:
    request = RequestFactory().get("/")
    request.LANGUAGE_CODE = code
    assert lang_of(request) == lang == lang_code(code)
