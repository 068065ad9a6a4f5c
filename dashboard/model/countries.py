"""Countries: one resolver for project records, news and the map, keyed by ISO 3166-1 alpha-3.

Backed by OCHA's hdx-python-country, the humanitarian sector's maintained country taxonomy (names in the
six UN languages, M49 regions, centroids). It is used strictly offline: ``set_use_live_default(False)``
must run before the first lookup, or the library spends about 30 s trying the network. The taxonomy is
imported on first use (it costs ~54 MB); ISO2 -> ISO3, all the IATI loader needs, comes from a small table
built from the same taxonomy (``reference/iso2_iso3.csv``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from rapidfuzz import fuzz

from dashboard.i18n import current_language, territory_name
from dashboard.model.text import fold_accents

# Lookups keyed by what files and URLs say (codes, names) are cached per server process and shared by every
# session: bounded, so a stream of invented names cannot grow them. The ~250 countries' codes, and the
# names a deployment meets, fit with room to spare. Reference tables read once (no argument) stay @cache.
CODE_CACHE_SIZE = 4096
NAME_CACHE_SIZE = 16384


@cache
def country_taxonomy() -> Any:
    """OCHA's country taxonomy (hdx-python-country), loaded on first use with its bundled data only (never
    fetched live): the one place that loads and configures it."""
    from hdx.location.country import Country

    Country.set_use_live_default(False)
    return Country


@cache
def _iso2_table() -> dict[str, str]:
    text = resources.files("dashboard.reference").joinpath("iso2_iso3.csv").read_text("utf-8")
    return {row["iso2"]: row["iso3"] for row in csv.DictReader(text.splitlines())}

# Kosovo has no ISO 3166 code; IATI publishes the user-assigned "XK", and OCHA, the World Bank and HDX use
# "XKX". The taxonomy lists it only among its non-ISO codes, which the lookups skip.
_NON_ISO = {"XK": "XKX"}
_NON_ISO_INFO = {"XKX": ("Kosovo", "Europe", "Southern Europe", 42.61901705, 20.90987836)}

# Fuzzy matching is only trusted for names of some length: "Niger" must not become "Nigeria".
_MIN_FUZZY_LEN = 4
# The taxonomy's fuzzy matcher maps "Western Balkans" to Western Sahara, "Great Lakes" to the United
# Kingdom and "Lake Chad Basin" to Chad. A fuzzy answer for a name holding one of these words is kept only
# when the name reads almost like the country's.
_REGION_WORDS = frozenset({
    "west", "western", "east", "eastern", "north", "northern", "south", "southern", "central", "great",
    "lake", "lakes", "basin", "triangle", "region", "regional", "subregion", "balkans", "america", "americas",
    "asia", "africa", "europe", "european", "mediterranean", "caribbean", "pacific", "sahel", "horn", "gulf",
    "middle", "corridor", "islands", "countries", "global", "worldwide"})


@dataclass(frozen=True)
class CountryInfo:
    iso3: str
    name: str
    region: str
    subregion: str
    lat: float | None
    lon: float | None


def _fold(text: str) -> str:
    text = fold_accents(text)
    return re.sub(r"\s+", " ", text).strip()


@cache
def _former_codes() -> dict[str, tuple[str, str]]:
    # ISO 3166-3 (formerly used names of countries): the alpha-3 and name each withdrawn alpha-2 had.
    text = resources.files("dashboard.reference").joinpath("iso3166_3_former.csv").read_text("utf-8")
    return {row["iso2"]: (row["iso3"], row["name"]) for row in csv.DictReader(text.splitlines())}


def former_country(code: str | None) -> tuple[str, str] | None:
    """(former ISO3, name) of a withdrawn ISO 3166-1 alpha-2 code: "AN" -> ("ANT", "Netherlands Antilles")."""
    if not code:
        return None
    return _former_codes().get(code.strip().upper())


def iso3_from_iso2(code: str | None) -> str | None:
    """ISO3 for an ISO 3166-1 alpha-2 code as IATI publishes it ("NA" is Namibia, "XK" Kosovo)."""
    if not code:
        return None
    code = code.strip().upper()
    if code in _NON_ISO:
        return _NON_ISO[code]
    return _iso2_table().get(code)


@lru_cache(maxsize=CODE_CACHE_SIZE)
def iso2_from_iso3(iso3: str | None) -> str | None:
    """ISO 3166-1 alpha-2 for an ISO3 code, as IATI publishes countries ("XKX" -> "XK")."""
    if not iso3:
        return None
    return _iso3_to_iso2().get(iso3.strip().upper())


@cache
def _iso3_to_iso2() -> dict[str, str]:
    return {v: k for k, v in _iso2_table().items()} | {v: k for k, v in _NON_ISO.items()}


@lru_cache(maxsize=CODE_CACHE_SIZE)
def is_iso3(code: str | None) -> bool:
    if not code or len(code) != 3:
        return False
    code = code.upper()
    return code in _NON_ISO_INFO or country_taxonomy().get_country_info_from_iso3(code) is not None


@lru_cache(maxsize=NAME_CACHE_SIZE)
def iso3_from_name(name: str | None, fuzzy: bool = True) -> str | None:
    """ISO3 for a country name in English, French or Spanish, a code (ISO2/ISO3), or None.

    Exact names first (the taxonomy's many alternative terms), then the library's fuzzy matcher for longer
    names. "Republic of Korea" is KOR (pycountry's fuzzy search gets it wrong; this taxonomy does not).
    """
    if not name or not name.strip():
        return None
    raw = name.strip()
    if len(raw) == 3 and raw.isalpha() and raw.isupper() and is_iso3(raw):
        return raw.upper()
    if len(raw) == 2 and raw.isalpha() and raw.isupper():
        from_iso2 = iso3_from_iso2(raw)
        if from_iso2:
            return from_iso2  # else an abbreviation such as "UK", looked up as a name below
    if _fold(raw).lower() == "kosovo":
        return "XKX"
    for candidate in (raw, _fold(raw)):
        found = country_taxonomy().get_iso3_country_code(candidate)
        if found:
            return found
    acronym = raw.isalpha() and raw.isupper()  # "DRC": the taxonomy's patterns know it
    if fuzzy and (len(raw) >= _MIN_FUZZY_LEN or acronym):
        found, _exact = country_taxonomy().get_iso3_country_code_fuzzy(raw)
        if found and not acronym and _names_a_region(raw, found):
            return None
        return found
    return None


def _names_a_region(name: str, guess: str) -> bool:
    folded = _fold(name).lower()
    if not set(re.findall(r"[a-z]+", folded)) & _REGION_WORDS:
        return False
    return fuzz.token_sort_ratio(folded, _fold(country_name(guess)).lower()) < 90


@lru_cache(maxsize=CODE_CACHE_SIZE)
def country_info(iso3: str) -> CountryInfo | None:
    """Name, M49 region and centroid of a country, or None for an unknown code."""
    iso3 = iso3.upper()
    former = {f_iso3: name for f_iso3, name in _former_codes().values()}
    if iso3 in former:
        return CountryInfo(iso3, f"{former[iso3]} (former)", "", "", None, None)
    if iso3 in _NON_ISO_INFO:
        name, region, sub, lat, lon = _NON_ISO_INFO[iso3]
        return CountryInfo(iso3, name, region, sub, lat, lon)
    taxonomy = country_taxonomy()
    info = taxonomy.get_country_info_from_iso3(iso3)
    if not info:
        return None

    def _f(key: str) -> float | None:
        value = info.get(key)
        return float(value) if value not in (None, "") else None

    return CountryInfo(
        iso3=iso3,
        name=taxonomy.get_country_name_from_iso3(iso3) or info.get("Preferred Term") or iso3,
        region=info.get("Region Name") or "",
        subregion=info.get("Intermediate Region Name") or info.get("Sub-region Name") or "",
        lat=_f("Latitude"),
        lon=_f("Longitude"),
    )


def country_name(iso3: str | None) -> str:
    """Display name, or the code itself when unknown (never an empty label)."""
    if not iso3:
        return ""
    info = country_info(iso3)
    return info.name if info else iso3


def country_name_in_language(iso3: str | None, language: str | None = None) -> str:
    """The country's name in the interface language (current one by default): English from OCHA's taxonomy
    as everywhere else, French and Spanish from Unicode CLDR (shipped in Babel, maintained, offline), keyed
    by the country's alpha-2 code; the English name where CLDR has none. For display only: stored and
    matched names stay English."""
    english = country_name(iso3)
    code = iso2_from_iso3(iso3) if iso3 else None
    if not code or (language or current_language()) == "en":
        return english
    return territory_name(code, language) or english


@cache
def _m49_area_codes() -> dict[str, str]:
    """M49 region and sub-region name (as the taxonomy writes it) -> its three-digit M49 code."""
    taxonomy = country_taxonomy()
    codes: dict[str, str] = {}
    for iso3 in taxonomy.countriesdata()["countries"]:
        info = taxonomy.get_country_info_from_iso3(iso3) or {}
        for level in ("Region", "Sub-region", "Intermediate Region"):
            name, code = info.get(f"{level} Name"), info.get(f"{level} Code")
            if name and code:
                codes[name] = str(code).zfill(3)
    return codes


def area_name_in_language(name: str, language: str | None = None) -> str:
    """An area of the region filter in the interface language: an M49 region or sub-region by CLDR's name
    for its M49 code (CLDR names M49 areas as it names countries); an IOM regional office, or an area CLDR
    does not name, as stored (English). For display only: filters and links keep the stored name."""
    code = _m49_area_codes().get(name)
    if not code or (language or current_language()) == "en":
        return name
    return territory_name(code, language) or name


def region_of(iso3: str | None) -> str:
    """UN M49 region (Africa, Americas, Asia, Europe, Oceania) or "" when unknown."""
    info = country_info(iso3) if iso3 else None
    return info.region if info else ""


@cache
def all_country_names() -> dict[str, str]:
    """ISO3 -> English short name for every country and territory in the taxonomy, Kosovo included."""
    names = {iso3: country_name(iso3) for iso3 in country_taxonomy().countriesdata()["countries"]}
    names.update({k: v[0] for k, v in _NON_ISO_INFO.items()})
    return names


# Kinds of area the region filter offers; a country belongs to one area of each kind.
AREA_KINDS = ("M49 region", "M49 sub-region", "IOM regional office")


@cache
def _iom_offices() -> dict[str, str]:
    # Built by scripts/build_iom_regions.py; its docstring names the source of every row.
    text = resources.files("dashboard.reference").joinpath("iom_regional_offices.csv").read_text("utf-8")
    return {row["iso3"]: row["regional_office"] for row in csv.DictReader(text.splitlines())}


def iom_regional_office(iso3: str | None) -> str:
    """The IOM Regional Office whose area covers the country ("" when none does)."""
    return _iom_offices().get(iso3.upper(), "") if iso3 else ""


@lru_cache(maxsize=CODE_CACHE_SIZE)
def areas_of(iso3: str | None) -> tuple[tuple[str, str], ...]:
    """(kind, name) of every area the country belongs to: M49 region and sub-region, IOM regional office.

    The M49 sub-region is the intermediate region where M49 has one (Eastern Africa, South America), else
    the sub-region (Western Asia).
    """
    info = country_info(iso3) if iso3 else None
    names = (info.region if info else "", info.subregion if info else "", iom_regional_office(iso3))
    return tuple((kind, name) for kind, name in zip(AREA_KINDS, names, strict=True) if name)
