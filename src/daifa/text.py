"""One model for bilingual words: ``Text`` for a phrase, ``BilingualError`` for an error.

Domain phrases (criteria, decisions, statuses, error messages) are ``Text``; the
web pages' chrome is Django gettext. Pure Python, so the engine and the file
readers use it too.

    >>> Text("通过", "pass").get("zh")
    '通过'
    >>> e = BilingualError("Bad file.", "文件有误。", action_en="Fix it.", action_zh="请修改。")
    >>> str(e), e.message("zh"), e.in_("en")
    ('Bad file.', '文件有误。', 'Bad file. Fix it.')
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """One phrase in 简体中文 and English."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The phrase in ``lang``; anything but ``"zh"`` reads English."""
        return self.zh if lang == "zh" else self.en

    def to_json(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}


EMPTY = Text("", "")


def lang_code(language: str | None, *, default: Lang = "zh") -> Lang:
    """``"zh-hans"``, ``"en-us"``… → ``"zh"`` / ``"en"`` (``None``: ``default``)."""
    if not language:
        return default
    return "en" if language.lower().startswith("en") else "zh"


class BilingualError(Exception):
    """An error the seller reads: what happened (``wording``) and what to do next
    (``next_action``), each a :class:`Text`. ``str(error)`` is the English message.

    The engine's, the spreadsheet's, the paste capture's and the 1688 client's
    error trees all derive from it, so a view or the CLI shows any of them the
    same way: ``error.in_(lang)``.
    """

    def __init__(
        self, message_en: str, message_zh: str, *, action_en: str = "", action_zh: str = ""
    ) -> None:
        super().__init__(message_en)
        self.wording = Text(zh=message_zh, en=message_en)
        self.next_action = Text(zh=action_zh, en=action_en)

    def message(self, lang: str = "en") -> str:
        """What happened, in ``lang``."""
        return self.wording.get(lang)

    def in_(self, lang: str) -> str:
        """What happened and what to do next, in ``lang``: the sentence a page shows."""
        return f"{self.wording.get(lang)} {self.next_action.get(lang)}".strip()

    # The older attribute names, kept: views, the CLI and tests read them.
    @property
    def message_en(self) -> str:
        return self.wording.en

    @message_en.setter
    def message_en(self, value: str) -> None:
        self.wording = replace(self.wording, en=value)

    @property
    def message_zh(self) -> str:
        return self.wording.zh

    @message_zh.setter
    def message_zh(self, value: str) -> None:
        self.wording = replace(self.wording, zh=value)

    @property
    def action_en(self) -> str:
        return self.next_action.en

    @property
    def action_zh(self) -> str:
        return self.next_action.zh
