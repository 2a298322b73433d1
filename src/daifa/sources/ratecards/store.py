"""The seller's stored currency rates: one dated file in the user's data directory.

``daifa rates set USD=7.12 --as-of 2026-12-01`` writes it, ``daifa screen`` and
``daifa cost`` read it, and the workbench's rate form saves to it too, so the command
line and the workbench convert prices with the same rates. The file is an ordinary
``currency.toml`` (``as_of`` + ``[cny_per_unit]``). There is no network: rates are
what the seller entered, with the date they looked them up.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

from daifa.engine.costing import CurrencyRates
from daifa.engine.errors import InputError

from . import currency_rates_from_text, currency_rates_to_text, load_currency_rates

STORE_NAME = "currency.toml"


def data_dir() -> Path:
    """``$DAIFA_DATA_DIR``, else the platform's user data directory (as the workbench)."""
    configured = os.getenv("DAIFA_DATA_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_data_path

    return user_data_path("daifa", appauthor=False)


def stored_rates_path() -> Path:
    override = os.getenv("DAIFA_RATES_FILE")
    return Path(override) if override else data_dir() / STORE_NAME


_cache: dict[Path, tuple[float, CurrencyRates]] = {}


def load_stored_rates() -> CurrencyRates | None:
    """The stored rates, or ``None`` when the seller has not set any."""
    path = stored_rates_path()
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    rates = currency_rates_from_text(path.read_text(encoding="utf-8"), name=str(path))
    _cache[path] = (stamp, rates)
    return rates


def save_stored_rates(rates: CurrencyRates) -> Path:
    """Write the rates whole (a temporary file renamed over the old one)."""
    path = stored_rates_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, suffix=".tmp", delete=False
    ) as handle:
        handle.write(currency_rates_to_text(rates))
    Path(handle.name).replace(path)
    return path


def parse_assignments(pairs: list[str], as_of: date) -> CurrencyRates:
    """``["USD=7.12", "EUR=7.90"]`` → rates dated ``as_of``; errors name the pair."""
    codes: list[tuple[str, float]] = []
    for pair in pairs:
        code, sep, text = pair.partition("=")
        code = code.strip().upper()
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not sep or len(code) != 3 or not code.isalpha() or not value > 0:
            raise InputError(
                f"{pair!r} is not a rate; write CODE=CNY per unit, e.g. USD=7.12.",
                f"{pair!r} 不是汇率;请写成 币种=每单位人民币,如 USD=7.12。",
                field="rates",
                value=pair,
                allowed="CODE=number > 0",
            )
        codes.append((code, value))
    return CurrencyRates(as_of, tuple(codes))


def rates_from_file(path: Path) -> CurrencyRates:
    """``--rates FILE``: a currency.toml or currency.csv."""
    if not path.is_file():
        raise InputError(
            f"--rates {path}: no such file.",
            f"--rates {path}:文件不存在。",
            field="rates",
            value=str(path),
            allowed="a currency.toml or currency.csv file",
        )
    return load_currency_rates(path)
