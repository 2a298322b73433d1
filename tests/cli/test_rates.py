"""`daifa rates set/show`: stored rates that `daifa screen` and `daifa cost` both use."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from daifa.cli import main
from daifa.sources.ratecards.store import load_stored_rates, stored_rates_path

SET = ["rates", "set", "USD=7.12", "EUR=7.90", "GBP=9.05", "--as-of", "2026-12-01"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_rates_set_stores_them_with_their_date_and_show_prints_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, *SET)
    assert code == 0 and "2026-12-01" in out
    rates = load_stored_rates()
    assert rates is not None and rates.as_of.isoformat() == "2026-12-01"
    assert dict(rates.cny_per_unit) == {"USD": 7.12, "EUR": 7.90, "GBP": 9.05}
    code, out, _ = run(capsys, "rates", "show")
    assert code == 0 and "1 USD = 7.12 CNY" in out and str(stored_rates_path()) in out


@pytest.mark.parametrize("pair", ["USD", "USD=abc", "USD=-1", "US=7"])
def test_a_bad_pair_is_refused_naming_it(capsys: pytest.CaptureFixture[str], pair: str) -> None:
    code, _, err = run(capsys, "rates", "set", pair, "--as-of", "2026-12-01")
    assert code == 1 and repr(pair) in err and "汇率" in err
    assert load_stored_rates() is None


def test_the_date_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["rates", "set", "USD=7.12"])


def _offer(path: Path) -> Path:
    row = {
        "supplier_id": "s1",
        "unit_price_cny": "10",
        "extra_fees_cny": "2",
        "weight_g": "100",
        "target_retail_price": "9.99",
        "retail_currency": "USD",
        "quote_all_inclusive": "是",
    }
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(row)
        writer.writerow(row.values())
    return path


def test_after_rates_set_screen_and_cost_agree_on_a_usd_offer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    offers = _offer(tmp_path / "offers.csv")
    code, out, _ = run(capsys, "screen", str(offers), "--format", "json", "--lang", "en")
    # without stored rates the example rates convert (USD 7.10 dated 2026-11-01)
    assert code == 0
    run(capsys, *SET)
    code, out, _ = run(capsys, "screen", str(offers), "--format", "json", "--lang", "en")
    assert code == 0
    (record,) = json.loads(out)
    markup = next(c for c in record["criteria"] if c["id"] == "markup_room")
    assert markup["status"] != "unknown"
    # by hand: 9.99 × 7.12 = 71.1288 CNY; purchase 10 + 2 extra = 12 → 5.9274×
    assert markup["value"] == pytest.approx(9.99 * 7.12 / 12)
    code, out, _ = run(capsys, "cost", str(offers), "--format", "json")
    assert code == 0
    (row,) = json.loads(out)["offers"]
    assert row["target_retail_price_cny"] == pytest.approx(9.99 * 7.12)
    assert row["seed_multiple"] == pytest.approx(markup["value"])
    assert markup["evidence"]["landed_profit_cny"] == pytest.approx(row["unit_profit_cny"])
    assert f"landed profit {row['unit_profit_cny']:.2f} CNY" in markup["message"]


def test_a_rates_file_overrides_the_stored_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, *SET)
    rates = tmp_path / "currency.toml"
    rates.write_text('as_of = "2026-12-02"\n[cny_per_unit]\nUSD = 7.0\n', encoding="utf-8")
    offers = _offer(tmp_path / "offers.csv")
    argv = ["screen", str(offers), "--format", "json", "--rates", str(rates)]
    code, out, _ = run(capsys, *argv)
    (record,) = json.loads(out)
    markup = next(c for c in record["criteria"] if c["id"] == "markup_room")
    assert markup["value"] == pytest.approx(9.99 * 7.0 / 12)
    code, out, _ = run(capsys, "cost", str(offers), "--format", "json", "--rates", str(rates))
    assert json.loads(out)["offers"][0]["target_retail_price_cny"] == pytest.approx(69.93)
