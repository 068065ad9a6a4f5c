"""Build dashboard/reference/iom_regional_offices.csv: ISO3 -> the IOM Regional Office whose area covers it.

IOM publishes no machine-readable country list for its regional offices. The nine offices and the area each
covers are named on https://www.iom.int/countries ("The nine Regional Offices and their geographical
coverage"). Three offices publish their country list, copied here as lists (``basis = listed``):
- Nairobi, East and Horn of Africa: https://eastandhornofafrica.iom.int/regional-office-east-and-horn-africa
- Pretoria, Southern Africa: https://publications.iom.int/books/iom-regional-strategy-southern-africa-2019-2023
- Vienna, South-Eastern Europe, Eastern Europe and Central Asia: https://rovienna.iom.int/about-rovienna
Every other country is given to the office whose named area holds its UN M49 (sub-)region, from the M49
table in hdx-python-country (``basis = m49``); the rule per office is ``M49_AREAS`` below. Countries no rule
covers (Antarctica, some overseas territories) are left out: the filter then simply does not match them.
In 2024 the Brussels and Vienna offices merged into one for Europe and Central Asia; the two areas are kept
apart here because the records this dashboard reads (2015 onwards) were mostly planned under them.

Run: python scripts/build_iom_regions.py
"""

from __future__ import annotations

import csv
from importlib import metadata
from pathlib import Path

from hdx.location.country import Country

OUT = Path(__file__).resolve().parents[1] / "dashboard" / "reference" / "iom_regional_offices.csv"

EAST_HORN = "East and Horn of Africa (Nairobi)"
SOUTHERN = "Southern Africa (Pretoria)"
SEEECA = "South-Eastern Europe, Eastern Europe and Central Asia (Vienna)"
WEST_CENTRAL = "West and Central Africa (Dakar)"
MENA = "Middle East and North Africa (Cairo)"
CENTRAL_NORTH = "Central and North America and the Caribbean (San José)"
SOUTH_AMERICA = "South America (Buenos Aires)"
ASIA_PACIFIC = "Asia and the Pacific (Bangkok)"
EEA = "European Economic Area (Brussels)"

LISTED: dict[str, tuple[str, str]] = {
    EAST_HORN: ("BDI DJI ETH ERI KEN RWA SOM SSD UGA TZA",
                "https://eastandhornofafrica.iom.int/regional-office-east-and-horn-africa"),
    SOUTHERN: ("AGO BWA COM COD LSO MDG MWI MUS MOZ NAM SYC ZAF SWZ ZMB ZWE",
               "https://publications.iom.int/books/iom-regional-strategy-southern-africa-2019-2023"),
    SEEECA: ("ALB ARM AZE BLR BIH GEO ISR KAZ KGZ MDA MNE RUS SRB MKD TJK TUR TKM UKR XKX UZB",
             "https://rovienna.iom.int/about-rovienna"),
}
# Office -> M49 names (region, sub-region or intermediate region) its named area covers.
M49_AREAS: dict[str, tuple[str, ...]] = {
    WEST_CENTRAL: ("Western Africa", "Middle Africa"),
    MENA: ("Northern Africa", "Western Asia"),
    CENTRAL_NORTH: ("Central America", "Caribbean", "Northern America"),
    SOUTH_AMERICA: ("South America",),
    ASIA_PACIFIC: ("Eastern Asia", "South-eastern Asia", "Southern Asia", "Oceania"),
    EEA: ("Europe",),
}
# Western Asia members of the European Union belong to the EEA office, not to MENA.
EEA_IN_WESTERN_ASIA = ("CYP",)
AREAS_SOURCE = "https://www.iom.int/countries"


def _office_by_m49(info: dict) -> str | None:
    names = {info.get("Region Name"), info.get("Sub-region Name"), info.get("Intermediate Region Name")}
    for office, areas in M49_AREAS.items():
        if names & set(areas):
            return office
    return None


def main() -> None:
    Country.set_use_live_default(False)
    countries = Country.countriesdata()["countries"]
    rows: dict[str, tuple[str, str, str]] = {}
    for office, (codes, source) in LISTED.items():
        for iso3 in codes.split():
            rows[iso3] = (office, "listed", source)
    for iso3, info in countries.items():
        if iso3 in rows:
            continue
        office = EEA if iso3 in EEA_IN_WESTERN_ASIA else _office_by_m49(info)
        if office:
            rows[iso3] = (office, "m49", AREAS_SOURCE)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso3", "regional_office", "basis", "source"])
        w.writerows((iso3, *rows[iso3]) for iso3 in sorted(rows))
    version = metadata.version("hdx-python-country")
    print(f"wrote {OUT.name}: {len(rows)} countries in {len(set(r[0] for r in rows.values()))} regional "
          f"offices (M49 from hdx-python-country {version})")


if __name__ == "__main__":
    main()
