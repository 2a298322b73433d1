from __future__ import annotations

import json
from pathlib import Path

import pytest

from daifa.cli import main

ONE_OFFER = [
    "cost",
    "--price-tiers", "1-49:12.5;50-199:11.8;200+:10.9",
    "--weight-g", "180",
    "--size-cm", "20x15x5",
    "--qty", "50",
    "--line", "yunexpress",
    "--destination", "US",
    "--platform", "amazon",
    "--retail", "19.99",
    "--retail-currency", "USD",
]  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_one_offer_prints_the_breakdown_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, *ONE_OFFER)
    assert code == 0
    assert "到岸成本 Landed unit cost" in out
    assert "11.80" in out  # the 50-199 tier
    assert "Example cards" in err and "示例" in err


def test_one_offer_as_json_has_the_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, *ONE_OFFER, "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["settings"]["platform"] == "amazon_us"
    row = document["offers"][0]
    # YunExpress US example card: 96 CNY/kg + 21; 20×15×5 / 8000 = 187.5 g chargeable
    assert row["unit_price_at_qty_cny"] == 11.8
    assert row["intl_freight_cny"] == pytest.approx(0.1875 * 96 + 21)
    assert row["target_retail_price_cny"] == pytest.approx(19.99 * 7.10)
    assert row["markup_passes"] in (True, False)


def test_49_pieces_cost_more_than_50_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [a if a != "50" else "49" for a in ONE_OFFER]
    _, out, _ = run(capsys, *argv, "--format", "json")
    assert json.loads(out)["offers"][0]["unit_price_at_qty_cny"] == 12.5


def test_a_file_of_offers_is_costed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "offers.csv"
    path.write_text(
        "supplier_id,offer_id,price_tiers,weight_g,length_cm,width_cm,height_cm,target_retail_price,retail_currency\n"
        "s1,cheap-heavy,1-49:8,900,30,20,10,25,USD\n"
        "s2,dear-light,1-49:12,150,20,15,5,25,USD\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "cost", str(path), "--qty", "10", "--format", "json")
    assert code == 0
    rows = {r["offer"]: r for r in json.loads(out)["offers"]}
    assert (
        rows["cheap-heavy"]["unit_price_at_qty_cny"] < rows["dear-light"]["unit_price_at_qty_cny"]
    )
    assert rows["cheap-heavy"]["landed_unit_cost_cny"] > rows["dear-light"]["landed_unit_cost_cny"]
    code, out, _ = run(capsys, "cost", str(path), "--qty", "10")
    assert code == 0 and "cheap-heavy" in out and "到岸 Landed" in out


def test_freight_choice_names_the_winner_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    base = [
        "cost",
        "--freight-choice",
        "--weight-g",
        "180",
        "--size-cm",
        "20x15x5",
        "--format",
        "json",
    ]
    winners = {}
    for units, days in ((20, 10), (500, 15), (2000, 60)):
        code, out, _ = run(capsys, *base, "--units", str(units), "--deadline-days", str(days))
        assert code == 0
        document = json.loads(out)
        winners[units] = next(o["kind"] for o in document["options"] if o["winner"])
        assert "wins" in document["reason_en"] and "胜出" in document["reason_zh"]
    assert winners == {20: "parcel", 500: "air", 2000: "sea"}
    code, out, _ = run(capsys, *base[:-2], "--units", "500", "--deadline-days", "15")
    assert code == 0 and "★" in out and "胜出" in out


def test_bad_input_exits_1_with_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cost", "--unit-price", "10", "--weight-g", "-5")
    assert code == 1
    assert "weight_g = -5.0" in err and "≥ 0" in err and "第 1 行" in err
    code, _, err = run(capsys, "cost", "--unit-price", "10", "--weight-g", "5", "--line", "dhl")
    assert code == 1 and "known lines:" in err and "yunexpress" in err and "可选线路" in err
    code, _, err = run(
        capsys, "cost", "--unit-price", "10", "--weight-g", "5", "--destination", "BR"
    )
    assert code == 1 and "ships to: AU, CA, DE, FR, GB, JP, US" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "cost")[0] == 2
    assert run(capsys, "cost", "--unit-price", "3", "--size-cm", "20x15")[0] == 2
    assert run(capsys, "cost", "--freight-choice", "--units", "10")[0] == 2
    assert run(capsys, "cost", str(tmp_path / "x.csv"), "--unit-price", "3")[0] == 2
    code, _, err = run(capsys, "cost", "--qty", "0", "--unit-price", "3")
    assert code == 1 and "quantity" in err


def test_a_missing_file_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "cost", str(tmp_path / "missing.csv"))
    messages = [line for line in err.splitlines() if line.startswith("daifa cost")]
    assert code == 1 and len(messages) == 2  # English, then Chinese
    assert all("missing.csv" in line for line in messages)


def test_own_cards_replace_the_examples(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "lines.csv").write_text(
        "id,name_en,max_weight_g,destination,per_kg_cny,registration_cny,transit_days_min,transit_days_max\n"
        "mine,My line,2000,US,50,10,5,9\n",
        encoding="utf-8",
    )
    argv = [
        "cost",
        "--unit-price",
        "10",
        "--weight-g",
        "200",
        "--line",
        "mine",
        "--cards",
        str(tmp_path),
    ]
    code, out, _ = run(capsys, *argv, "--format", "json")
    assert code == 0
    assert json.loads(out)["offers"][0]["intl_freight_cny"] == pytest.approx(0.2 * 50 + 10)


@pytest.mark.parametrize(
    ("platform", "destination", "currency", "retail", "vat"),
    [("amazon_uk", "GB", "GBP", "12.99", 20.0), ("amazon_de", "DE", "EUR", "19.99", 19.0)],
)
def test_a_vat_inclusive_marketplace_price_is_costed_net_of_vat(
    capsys: pytest.CaptureFixture[str],
    platform: str,
    destination: str,
    currency: str,
    retail: str,
    vat: float,
) -> None:
    argv = ["cost", "--unit-price", "10", "--weight-g", "250", "--retail", retail]
    argv += ["--retail-currency", currency, "--platform", platform, "--line", "4px"]
    code, out, _ = run(capsys, *argv, "--destination", destination, "--format", "json")
    assert code == 0
    row = json.loads(out)["offers"][0]
    gross = row["target_retail_price_cny"]
    assert row["sales_vat_cny"] == pytest.approx(gross * vat / (100 + vat))
    bound = gross / (1 + vat / 100) - row["total_unit_cost_cny"]
    assert row["unit_profit_cny"] == pytest.approx(bound)
    assert row["unit_profit_cny"] <= bound + 1e-9
