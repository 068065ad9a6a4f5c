"""Countries and events placed on the world map: one measure per ISO3, and where each thing is drawn.

Rules, stated once:
- **projects**: distinct projects with the country among their recipient countries.
- **budget_usd**: the registry's budget (``transform.measures.budget_usd_per_project``: revised budgets
  replace original ones) split across a project's countries by ``transform.splits.SPLIT_RULE``; budgets
  without a USD value (no dated rate) are left out.
- **trainings** and **people_trained**: news events that are trainings (``transform.measures``, one rule
  for every page) held in the country (host role). An event hosted by two countries counts once in each
  of them, so country figures may add up to more than the world total.
A country with data but no 110 m shape (small islands, city states) is drawn as a point at its centroid; an
event without coordinates is drawn at its host country's centroid. Nothing with a country is dropped:
whatever cannot be placed at all is returned so the page can say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.i18n import N_
from dashboard.model.countries import country_info, country_name
from dashboard.model.vocabulary import POSITIONS
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import event_dates
from dashboard.transform.measures import (
    budget_usd_per_project,
    country_rows,
    host_countries,
    training_events,
)
from dashboard.transform.splits import SHARE

WORLD_SHAPES = Path(__file__).resolve().parents[1] / "static" / "world_110m.geojson"

MEASURES: dict[str, str] = {
    "projects": N_("Projects"),
    "budget_usd": N_("Budget (USD)"),
    "trainings": N_("Trainings"),
    "people_trained": N_("People trained"),
}



def load_world_shapes(path: Path = WORLD_SHAPES) -> dict[str, Any]:
    """The bundled Natural Earth 110 m countries (GeoJSON FeatureCollection, ``properties.iso3``)."""
    return json.loads(path.read_text(encoding="utf-8"))


def shape_iso3s(shapes: dict[str, Any]) -> frozenset[str]:
    """ISO3 codes that have a polygon in ``shapes``."""
    return frozenset(f["properties"]["iso3"] for f in shapes["features"])


def country_measures(bundle: StoreBundle) -> pd.DataFrame:
    """One row per ISO3 with any data: ``iso3, name, projects, budget_usd, trainings, people_trained``."""
    shares = country_rows(bundle)[["iati_identifier", "iso3", SHARE]]
    projects = shares.groupby("iso3")["iati_identifier"].nunique().rename("projects")
    budget = shares.merge(budget_usd_per_project(bundle.budgets), left_on="iati_identifier",
                          right_index=True, how="inner")
    budget_usd = (budget["budget_usd"] * budget["share"]).groupby(budget["iso3"]).sum().rename("budget_usd")

    trainings = training_events(bundle)[["event_id", "participants"]]
    hosted = host_countries(bundle.event_countries).merge(trainings, on="event_id", how="inner")
    training_count = hosted.groupby("iso3")["event_id"].nunique().rename("trainings")
    people = hosted.groupby("iso3")["participants"].sum(min_count=1).rename("people_trained")

    out = pd.concat([projects, budget_usd, training_count, people], axis=1)
    out.index.name = "iso3"
    out = out.reset_index()
    for col in ("projects", "trainings"):
        out[col] = out[col].fillna(0).astype("int64")
    out["budget_usd"] = out["budget_usd"].astype("Float64")
    out["people_trained"] = out["people_trained"].astype("Int64")
    out.insert(1, "name", [country_name(c) for c in out["iso3"]])
    return out.sort_values("iso3").reset_index(drop=True)


@dataclass(frozen=True)
class PlacedCountries:
    """Country measures split by how the map draws them."""

    on_shapes: pd.DataFrame  # countries with a polygon
    as_points: pd.DataFrame  # countries without a polygon, at their centroid (``lat``, ``lon`` added)
    unplaced: tuple[str, ...]  # ISO3 codes with data and no known position at all


def place_countries(measures: pd.DataFrame, shapes_iso3: frozenset[str]) -> PlacedCountries:
    """Split ``measures`` into polygons and centroid points so no country's data vanishes from the map."""
    has_shape = measures["iso3"].isin(shapes_iso3)
    rest = measures[~has_shape].copy()
    infos = [country_info(code) for code in rest["iso3"]]
    rest["lat"] = [i.lat if i else None for i in infos]
    rest["lon"] = [i.lon if i else None for i in infos]
    placed = rest["lat"].notna() & rest["lon"].notna()
    return PlacedCountries(
        on_shapes=measures[has_shape].reset_index(drop=True),
        as_points=rest[placed].astype({"lat": "float64", "lon": "float64"}).reset_index(drop=True),
        unplaced=tuple(rest.loc[~placed, "iso3"]),
    )


@dataclass(frozen=True)
class PlacedEvents:
    points: pd.DataFrame  # one row per event drawn: event_id, title, type, date, city, iso3, country, lat,
    #                       lon, participants, position ("reported place" or "country centroid")
    unplaced: int  # events with neither coordinates nor a host country with a known centroid


def event_places(bundle: StoreBundle) -> PlacedEvents:
    """:func:`place_events` over a bundle (the shape ``data_access.aggregate`` caches)."""
    return place_events(bundle.events, bundle.event_countries)


def place_events(events: pd.DataFrame, event_countries: pd.DataFrame) -> PlacedEvents:
    """Each event at its reported coordinates, else at its (first) host country's centroid."""
    hosts = host_countries(event_countries).groupby("event_id")["iso3"].first()
    ev = events[["event_id", "title", "type", "city", "lat", "lon", "participants"]].copy()
    ev["date"] = event_dates(events)
    ev["iso3"] = ev["event_id"].map(hosts).astype("string")
    ev["country"] = [country_name(c) if isinstance(c, str) else "" for c in ev["iso3"]]
    has_coords = ev["lat"].notna() & ev["lon"].notna()
    centroid = [country_info(c) if isinstance(c, str) else None for c in ev["iso3"]]
    centroid_lat = pd.Series([i.lat if i else None for i in centroid], index=ev.index, dtype="Float64")
    centroid_lon = pd.Series([i.lon if i else None for i in centroid], index=ev.index, dtype="Float64")
    ev["position"] = pd.Series(POSITIONS[0], index=ev.index, dtype="string").where(has_coords, POSITIONS[1])
    ev["lat"] = ev["lat"].astype("Float64").where(has_coords, centroid_lat)
    ev["lon"] = ev["lon"].astype("Float64").where(has_coords, centroid_lon)
    placed = ev["lat"].notna() & ev["lon"].notna()
    points = ev[placed].astype({"lat": "float64", "lon": "float64"}).reset_index(drop=True)
    return PlacedEvents(points=points, unplaced=int((~placed).sum()))


# Above this many events the map draws one circle per place instead of one per event: a browser cannot
# usefully show 100,000 overlapping circles, and sending them costs ~20 MB per view.
MAX_EVENT_POINTS = 2_000


def group_events_by_place(points: pd.DataFrame, max_points: int = MAX_EVENT_POINTS) -> pd.DataFrame:
    """Events as drawn: unchanged up to ``max_points``, else one row per place.

    A place is the event's position rounded to 0.1 degree (about 11 km), coarser (1 degree, then 10) until
    at most ``max_points`` remain. A grouped row keeps the columns of ``points``: ``event_id`` and
    ``title`` of its first event, ``participants`` summed over the events that state them (missing when
    none does), position at the mean of its events, plus ``events``, the number of events it stands for.
    """
    if len(points) <= max_points:
        return points.assign(events=1)
    for decimals in (1, 0, -1):
        keys = [points["lat"].round(decimals), points["lon"].round(decimals)]
        if points.groupby(keys).ngroups <= max_points or decimals == -1:
            break
    grouped = points.groupby(keys, sort=False)
    first = grouped.first()
    out = first.assign(
        lat=grouped["lat"].mean(), lon=grouped["lon"].mean(), events=grouped.size(),
        participants=grouped["participants"].sum(min_count=1).astype("Int64"),
    )
    return out.reset_index(drop=True)


def drawn_event_places(bundle: StoreBundle) -> pd.DataFrame:
    """The event circles of the map over a bundle: :func:`group_events_by_place` of its placed events."""
    return group_events_by_place(event_places(bundle).points)
