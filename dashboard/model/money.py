"""Money: amounts keep their own currency; USD values come only from the bundled, dated rate table.

The table (``reference/fx_usd_yearly.csv``, built by ``scripts/build_fx_rates.py``) holds the yearly
average of the ECB's daily euro reference rates, crossed to USD. An amount is converted with the average of
the year of its value date; the converted value carries that rate's date (the last fixing of the average)
and ``usd_converted=True``. No rate for that currency and year: the USD value stays empty, never guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

from dashboard.i18n import N_
from dashboard.model.codelists import is_known

RATE_SOURCE_NOTE = N_(
    "USD values use the yearly average of the European Central Bank's daily euro reference rates for the "
    "year of each amount's value date (crossed through EUR). Amounts already in USD are not converted. "
    "Where no rate exists for a currency and year, the USD value is left empty."
)


class UnknownCurrency(ValueError):
    """A currency code that is not in the IATI/ISO 4217 currency codelist."""


# No single activity's amount comes near ten trillion US dollars (about a tenth of world output), and above
# it a float no longer holds the cents exactly: such a USD value is a typing or unit error, never shown.
MAX_USD = 1e13


@dataclass(frozen=True)
class UsdValue:
    value_usd: float | None
    rate_date: dt.date | None
    converted: bool  # True when a rate was applied; False for USD amounts and for missing rates
    refused: str | None = None  # why a USD value that could have been computed was left empty


@dataclass(frozen=True)
class _Rate:
    usd_per_unit: float
    period_end: dt.date


@cache
def _rates() -> dict[tuple[int, str], _Rate]:
    text = resources.files("dashboard.reference").joinpath("fx_usd_yearly.csv").read_text("utf-8")
    return {
        (int(r["year"]), r["currency"]):
            _Rate(float(r["usd_per_unit"]), dt.date.fromisoformat(r["period_end"]))
        for r in csv.DictReader(text.splitlines())
    }


def rate_table_source() -> str:
    """The rate table's named source and its newest fixing, for display beside converted figures."""
    rates = _rates()
    newest = max(r.period_end for r in rates.values())
    text = resources.files("dashboard.reference").joinpath("fx_usd_yearly.csv").read_text("utf-8")
    source = text.splitlines()[1].rsplit(",", 1)[-1]
    return f"{source}, yearly averages 1999 to {newest.isoformat()}"


def normalise_currency(code: str | None) -> str | None:
    """Upper-case ISO 4217 code; raises UnknownCurrency for a code outside the codelist."""
    if code is None or not str(code).strip():
        return None
    code = str(code).strip().upper()
    if not is_known("Currency", code):
        raise UnknownCurrency(f"unknown currency code {code!r}")
    return code


def to_usd(value: float | None, currency: str | None, on: dt.date | None) -> UsdValue:
    """Convert ``value`` in ``currency`` to USD at the yearly average rate of ``on``'s year."""
    if value is None or currency is None:
        return UsdValue(None, None, False)
    if currency == "USD":
        return _in_range(UsdValue(float(value), None, False))
    if on is None:
        return UsdValue(None, None, False)
    rate = _rates().get((on.year, currency))
    if rate is None:
        return UsdValue(None, None, False)
    return _in_range(UsdValue(float(value) * rate.usd_per_unit, rate.period_end, True))


def _in_range(usd: UsdValue) -> UsdValue:
    value = usd.value_usd
    if value is None or (math.isfinite(value) and abs(value) <= MAX_USD):
        return usd
    return UsdValue(None, None, False, refused=f"USD value out of range (over {MAX_USD:,.0f} or not a "
                                              "finite number): amount kept as published, not converted")
