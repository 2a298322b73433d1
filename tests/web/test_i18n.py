"""The 简体中文 catalogue: complete, compiled, covering every marked string, and in use.

The .po is parsed here by a tiny reader (polib is not a project dependency);
the .mo is read with the standard library's ``gettext``, which is what Django
itself uses at run time.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.translation.template import templatize

import daifa

SRC = Path(daifa.__file__).parent
MESSAGES = SRC / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"
# The Django apps and the project templates; engine, sources, demo, reports and
# cli carry their own zh/en texts and are left out of makemessages on purpose.
DJANGO_DIRS = (
    "accounts",
    "api",
    "catalog",
    "costs",
    "importers",
    "screening",
    "sourcing",
    "web",
    "monitoring",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """Entries in file order, the header included; obsolete (#~) entries skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which string a continuation line extends

    def start(lineno: int) -> Entry:
        nonlocal current
        if current is None:
            current = Entry(line=lineno)
        return current

    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            if current is not None:
                entries.append(current)
            current, target = None, None
        elif line.startswith("#,"):
            start(lineno).flags |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            start(lineno)
        elif line.startswith('"'):
            assert current is not None and target is not None, f"django.po:{lineno}: stray string"
            _extend(current, target, ast.literal_eval(line))
        else:
            keyword, _, literal = line.partition(" ")
            match = re.fullmatch(r"(msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
            assert match, f"django.po:{lineno}: cannot read {raw!r}"
            target = (match[1], int(match[2] or 0))
            entry = start(lineno)
            if target[0] == "msgid_plural":
                entry.msgid_plural = ""
            _extend(entry, target, ast.literal_eval(literal))
    if current is not None:
        entries.append(current)
    return entries


def _extend(entry: Entry, target: tuple[str, int], text: str) -> None:
    name, index = target
    if name == "msgid":
        entry.msgid += text
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        entry.msgstr[index] = entry.msgstr.get(index, "") + text


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


def test_the_po_reader_handles_flags_plurals_and_continued_lines():
    text = (
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        "#: a.html:1\n#, fuzzy, python-format\n"
        'msgid ""\n"Hello %(n)s "\n"\\"world\\""\nmsgstr "你好"\n\n'
        'msgid "%(n)s row"\nmsgid_plural "%(n)s rows"\nmsgstr[0] "%(n)s 行"\n\n'
        '#~ msgid "gone"\n#~ msgstr "旧"\n'
    )
    header, hello, rows = parse_po(text)[:3]
    assert header.msgstr[0] == "Plural-Forms: nplurals=1; plural=0;\n"
    assert hello.msgid == 'Hello %(n)s "world"' and hello.flags == {"fuzzy", "python-format"}
    assert (rows.msgid, rows.msgid_plural, rows.msgstr) == (
        "%(n)s row",
        "%(n)s rows",
        {0: "%(n)s 行"},
    )
    assert all(e.msgid != "gone" for e in parse_po(text))


# --- (a) the catalogue is complete and compiled --------------------------------------


def test_header_declares_one_plural_form_and_utf8(entries):
    header = entries[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    assert "Plural-Forms: nplurals=1; plural=0;" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_entry_is_translated_and_not_fuzzy(messages):
    assert len(messages) > 300  # the reader found the catalogue, not an empty file
    problems = []
    for e in messages:
        if "fuzzy" in e.flags:
            problems.append(f"django.po:{e.line} fuzzy: {e.msgid!r}")
        # Chinese has one plural form, so plural entries too carry exactly msgstr[0].
        if sorted(e.msgstr) != [0] or not e.msgstr[0].strip():
            problems.append(f"django.po:{e.line} untranslated: {e.msgid!r} -> {e.msgstr}")
    assert not problems, "\n".join(problems)


def test_translations_keep_every_placeholder(messages):
    problems = [
        f"django.po:{e.line} {e.msgid!r} -> {e.msgstr[0]!r}"
        for e in messages
        if sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr[0]))
    ]
    assert not problems, "placeholders differ:\n" + "\n".join(problems)


def test_translations_are_chinese(messages):
    # A msgstr left in English (copied msgid) passes the emptiness check; catch it.
    # Ids, units and file formats may stay Latin, so only look at word-like msgids.
    han = re.compile(r"[\u4e00-\u9fff]")
    english = [
        f"django.po:{e.line} {e.msgid!r} -> {e.msgstr[0]!r}"
        for e in messages
        if re.search(r"[a-z]{3,}", e.msgid)
        and not han.search(e.msgstr[0])
        and e.msgid not in _LATIN_ON_PURPOSE
    ]
    assert not english, "\n".join(english)


# AppKey is how open.1688.com itself labels the field.
_LATIN_ON_PURPOSE = {"app key", "App key: %(key)s"}


def test_mo_is_compiled_from_the_current_po(messages):
    """Every .po entry reads back from the .mo with the same translation.

    Compared by content, not by file times: a fresh git checkout writes django.mo
    and django.po in arbitrary order, so mtimes prove nothing there.
    """
    catalog = gettext.GNUTranslations(MO.open("rb"))
    stale = []
    for e in messages:
        if e.msgid_plural is None:
            got = catalog.gettext(e.msgid)
        else:
            got = catalog.ngettext(e.msgid, e.msgid_plural, 1)
        if got != e.msgstr[0]:
            stale.append(f"{e.msgid!r}: .mo has {got!r}, .po has {e.msgstr[0]!r}")
    assert not stale, "run compilemessages:\n" + "\n".join(stale)
    assert catalog.plural(5) == 0  # nplurals=1 made it into the .mo header


# --- (b) every marked string is in the catalogue -------------------------------------

_GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
_PGETTEXT = {"pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"}
_STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
_TEMPLATE_CALL = re.compile(rf"\b(n?p?gettext)\(\s*({_STRING}(?:\s*,\s*{_STRING})*)")


def _django_files(pattern: str) -> list[Path]:
    return sorted(p for d in DJANGO_DIRS for p in (SRC / d).rglob(pattern))


def python_msgids(path: Path) -> set[str]:
    """Literal first arguments of gettext-family calls (concatenated literals merged)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        index = 0 if name in _GETTEXT else 1 if name in _PGETTEXT else None
        if index is None or len(node.args) <= index:
            continue
        for arg in node.args[index : index + (2 if name and name.startswith("n") else 1)]:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
    return found


def template_msgids(path: Path) -> set[str]:
    """What makemessages would extract: Django's own templatize, then its gettext calls."""
    found = set()
    for match in _TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        strings = [ast.literal_eval(s) for s in re.findall(_STRING, match[2])]
        found.update(strings[1:] if "p" in match[1] else strings)
    return found


def test_the_extractors_see_what_makemessages_sees(tmp_path):
    template = tmp_path / "t.html"
    template.write_text(
        '{% load i18n %}{% translate "Log in" %}{% trans "It\'s" %}{% translate \'say "hi"\' %}'
        "{% blocktranslate count n=k %}{{ n }} row{% plural %}{{ n }} rows{% endblocktranslate %}"
        "{% blocktranslate with a=b %}Hi {{ a }}{% endblocktranslate %}",
        encoding="utf-8",
    )
    assert template_msgids(template) == {
        "Log in",
        "It's",
        'say "hi"',
        "%(n)s row",
        "%(n)s rows",
        "Hi %(a)s",
    }
    module = tmp_path / "m.py"
    module.write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext\n"
        'A = _("one " "two")\nB = pgettext("ctx", "three")\nC = _(name)\nD = str("x")\n',
        encoding="utf-8",
    )
    assert python_msgids(module) == {"one two", "three"}


def test_every_marked_string_is_in_the_catalogue(messages):
    known = {e.msgid for e in messages} | {e.msgid_plural for e in messages if e.msgid_plural}
    missing = []
    for path in _django_files("*.html"):
        missing += [f"{path.relative_to(SRC)}: {m!r}" for m in template_msgids(path) - known]
    for path in _django_files("*.py"):
        missing += [f"{path.relative_to(SRC)}: {m!r}" for m in python_msgids(path) - known]
    assert not missing, (
        "not in django.po; run makemessages, translate, compilemessages:\n" + "\n".join(missing)
    )


# --- (c) pages follow the browser and the switcher -----------------------------------


def _nav(client, url, **headers) -> str:
    html = client.get(url, **headers).content.decode()
    return html[html.index("<nav>") : html.index("</nav>")]


def test_pages_follow_the_browser_language(client, personas):
    client.force_login(personas.alice)
    url = reverse("dashboard", args=[personas.workspace.pk])
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in zh
    nav = _nav(client, url, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert all(word in nav for word in ("总览", "供应商", "同款对比", "导入", "成本"))
    assert not re.search(r"Dashboard|Suppliers|Compare|Import|Costs", nav)
    en = _nav(client, url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8")
    assert all(word in en for word in ("Dashboard", "Suppliers", "Compare", "Import", "Costs"))
    assert "供应商" not in en


def test_chinese_is_the_default_without_a_browser_preference(client, personas):
    client.force_login(personas.alice)
    html = client.get(reverse("supplier_list", args=[personas.workspace.pk])).content.decode()
    assert '<html lang="zh-hans">' in html and "没有符合条件的供应商。" in html


def test_the_switcher_overrides_the_browser(client, personas):
    client.force_login(personas.alice)
    url = reverse("supplier_list", args=[personas.workspace.pk])
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    assert response.cookies["django_language"].value == "en"
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html and "No supplier matches." in html

    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in html and "没有符合条件的供应商。" in html


def test_the_switcher_offers_both_languages(client, personas):
    client.force_login(personas.alice)
    html = client.get(reverse("dashboard", args=[personas.workspace.pk])).content.decode()
    assert 'name="language" value="zh-hans"' in html and 'name="language" value="en"' in html
    assert "简体中文" in html and "English" in html


PAGES = [
    "dashboard",
    "supplier_list",
    "compare",
    "profile_edit",
    "upload",
    "costs:calculator",
    "costs:settings",
    "sourcing:settings",
    "sourcing:search",
    "sourcing:orders",
    "capture:paste",
]


@pytest.mark.parametrize("name", PAGES)
def test_chinese_pages_show_no_catalogue_english(client, personas, messages, name):
    """A catalogue sentence showing in English on a zh page means the .mo was not used."""
    client.force_login(personas.alice)
    response = client.get(reverse(name, args=[personas.workspace.pk]), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert response.status_code == 200
    html = response.content.decode()
    sentences = {e.msgid for e in messages if len(e.msgid.split()) >= 3 and "%" not in e.msgid}
    leaked = sorted(s for s in sentences if s in html)
    assert not leaked, f"{name} shows English in zh: {leaked}"
