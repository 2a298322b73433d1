"""Certificates are documents with aliases; category rules use a vocabulary, not substrings."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from daifa.engine import screen
from daifa.engine.certificates import canonical, canonical_list, satisfies
from daifa.engine.profile import Profile
from daifa.sources.spreadsheet import read_tables, write_tables


def _status(category: str | None, certs: list[str] | None, title: str | None = None) -> str:
    frame = pl.DataFrame(
        {
            "supplier_id": ["s"],
            "category": [category],
            "product_title": [title],
            "certifications": [certs],
        },
        schema={
            "supplier_id": pl.String,
            "category": pl.String,
            "product_title": pl.String,
            "certifications": pl.List(pl.String),
        },
    )
    return screen(frame).frame["certifications__status"].to_list()[0]


@pytest.mark.parametrize(
    "certs",
    [["CE-RED", "FCC ID"], ["CE FCC"], ["ce-emc", "fcc sdoc"], ["CE-LVD", "FCC认证"]],
)
def test_the_ways_3c_suppliers_list_ce_and_fcc_pass_the_3c_rule(certs: list[str]) -> None:
    assert _status("3C数码", certs) == "pass"


def test_a_family_member_does_not_stand_in_for_another_family() -> None:
    assert _status("3C数码", ["CE-RED", "UKCA"]) == "fail"  # no FCC of any kind
    assert not satisfies(["FCC ID"], "CE")


@pytest.mark.parametrize("category", ["手机壳", "数据线", "3C数码>手机壳", "手机膜"])
def test_passive_accessories_need_no_ce_or_fcc_by_default(category: str) -> None:
    assert _status(category, ["RoHS"]) == "pass"


def test_a_title_naming_a_phone_case_is_not_an_electronic_device() -> None:
    assert _status(None, [], title="iPhone 15 手机壳 硅胶") == "pass"
    assert _status(None, ["CE"], title="TWS 蓝牙耳机") == "fail"


def test_category_terms_are_whole_terms_not_substrings() -> None:
    # 电子秤 is not in the vocabulary; 电子产品 is, and 电子产品>手机壳 names a phone case.
    assert _status("电子产品", ["CE"]) == "fail"
    assert _status("电子产品>手机壳", []) == "pass"


def test_a_user_rule_can_bring_accessories_back_under_a_certificate() -> None:
    profile = Profile.default().replace(
        categories={
            "electronics": {"exclude": []},
            "cases": {"match": ["手机壳"], "require": ["RoHS"]},
        }
    )
    frame = pl.DataFrame(
        {"supplier_id": ["s"], "category": ["手机壳"], "certifications": [["ROHS"]]},
        schema={
            "supplier_id": pl.String,
            "category": pl.String,
            "certifications": pl.List(pl.String),
        },
    )
    assert screen(frame, profile=profile).frame["certifications__status"].to_list() == ["pass"]
    assert Profile.from_toml(profile.to_toml()) == profile


@pytest.mark.parametrize(
    ("written", "spelled"),
    [
        ("rohs", "RoHS"),
        ("SDS", "MSDS"),
        ("3C", "CCC"),
        ("iso9001", "ISO 9001"),
        ("fcc-id", "FCC ID"),
    ],
)
def test_known_names_are_spelled_canonically(written: str, spelled: str) -> None:
    assert canonical(written) == spelled


def test_unknown_names_are_kept_as_written_and_run_together_names_split() -> None:
    assert canonical_list(["CE FCC", "Oeko-Tex 100", "ce"]) == ["CE", "FCC", "Oeko-Tex 100"]


def test_rohs_round_trips_through_import_and_export_unchanged(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("供应商ID,供应商,认证\ns1,好店,RoHS;CE-RED;FCC ID\n", encoding="utf-8")
    tables = read_tables(source)
    assert tables.suppliers["certifications"].to_list() == [["RoHS", "CE-RED", "FCC ID"]]
    out = write_tables(tables.frames(), tmp_path / "out.csv")[0]
    assert "RoHS;CE-RED;FCC ID" in out.read_text(encoding="utf-8-sig")
    again = read_tables(out)
    assert again.suppliers["certifications"].to_list() == [["RoHS", "CE-RED", "FCC ID"]]
