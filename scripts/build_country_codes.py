"""Build dashboard/reference/iso2_iso3.csv: ISO 3166-1 alpha-2 -> alpha-3, from OCHA's country taxonomy.

The IATI loader turns every recipient-country code into ISO3. Reading this small table instead of
importing hdx-python-country keeps the loader's memory under its budget (the taxonomy costs ~54 MB).
``tests/test_model.py`` checks the table still agrees with the installed taxonomy.

Run: python scripts/build_country_codes.py
"""

from __future__ import annotations

import csv
from importlib import metadata
from pathlib import Path

from hdx.location.country import Country

OUT = Path(__file__).resolve().parents[1] / "dashboard" / "reference" / "iso2_iso3.csv"


def main() -> None:
    Country.set_use_live_default(False)
    pairs = sorted((k, v) for k, v in Country.countriesdata()["iso2iso3"].items() if len(k) == 2)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso2", "iso3"])
        w.writerows(pairs)
    version = metadata.version("hdx-python-country")
    print(f"wrote {OUT.name}: {len(pairs)} codes from hdx-python-country {version}")


if __name__ == "__main__":
    main()
