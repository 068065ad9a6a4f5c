"""Country measures, placing countries and events, and the pydeck map built from them."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.components import maps
from dashboard.model.schemas import conform
from dashboard.transform import geo
from dashboard.transform.bundle import empty_bundle
from dashboard.transform.splits import country_split


def bundle_of(**tables: dict) -> object:
    """A bundle with the given tables (dicts of columns), every other table empty."""
    frames = {name: conform(pd.DataFrame(cols), name) for name, cols in tables.items()}
    return replace(empty_bundle(), **frames)


@pytest.fixture(scope="module")
def shapes() -> dict:
    return geo.load_world_shapes()


@pytest.fixture
def bundle():
    return bundle_of(
        activity_countries={
            "iati_identifier": ["A", "A", "B", "C", "C"],
            "iso3": ["KEN", "UGA", "KEN", "CPV", "SEN"],
            "percentage": [75.0, 25.0, None, None, None],
        },
        budgets={
            "iati_identifier": ["A", "A", "B", "B", "C"],
            "value_usd": [1000.0, 2000.0, 500.0, None, 300.0],
            "budget_type": ["1", "2", "1", "1", None],
        },
        events={
            "event_id": ["e1", "e2", "e3", "e4", "e5"],
            "type": ["training", "workshop", "training", "meeting", "training"],
            "is_activity": [True, True, True, True, False],
            "participants": [20, None, 15, 300, 99],
            "lat": [-1.29, None, None, 0.3, None],
            "lon": [36.82, None, None, 32.6, None],
            "title": ["<b>Border</b> training", "Workshop", "Training", "Meeting", "Statement"],
        },
        event_countries={
            "event_id": ["e1", "e2", "e2", "e3", "e4", "e5"],
            "iso3": ["KEN", "KEN", "UGA", "MUS", "UGA", "KEN"],
            "role": ["host", "host", "participant", "host", "host", "host"],
        },
    )


def test_country_shares_use_percentages_only_when_complete(bundle):
    ac = bundle.activity_countries
    shares = ac.assign(share=country_split(ac)).set_index(["iati_identifier", "iso3"])["share"]
    assert shares[("A", "KEN")] == pytest.approx(0.75)
    assert shares[("A", "UGA")] == pytest.approx(0.25)
    assert shares[("C", "CPV")] == pytest.approx(0.5)  # no percentages: equal split
    assert shares[("B", "KEN")] == pytest.approx(1.0)


def test_percentages_not_adding_up_fall_back_to_equal_split():
    ac = conform(pd.DataFrame({"iati_identifier": ["X", "X"], "iso3": ["KEN", "UGA"],
                               "percentage": [80.0, 80.0]}), "activity_countries")
    assert country_split(ac).tolist() == [0.5, 0.5]


def test_revised_budget_replaces_original(bundle):
    per_project = geo.budget_usd_per_project(bundle.budgets)
    assert per_project["A"] == 2000.0  # revised only, not 3000
    assert per_project["B"] == 500.0  # the line without a USD value is left out
    assert per_project["C"] == 300.0


def test_country_measures(bundle):
    m = geo.country_measures(bundle).set_index("iso3")
    assert m.loc["KEN", "projects"] == 2
    assert m.loc["KEN", "budget_usd"] == pytest.approx(0.75 * 2000 + 500)
    assert m.loc["UGA", "budget_usd"] == pytest.approx(0.25 * 2000)
    assert m.loc["CPV", "budget_usd"] == pytest.approx(150)
    # Trainings and workshops hosted there; the statement (is_activity false) and the meeting do not count.
    assert m.loc["KEN", "trainings"] == 2
    assert m.loc["KEN", "people_trained"] == 20  # the workshop stated no number: not counted as 0
    assert m.loc["UGA", "trainings"] == 0  # participant role only, and a meeting
    assert m.loc["MUS", "trainings"] == 1 and m.loc["MUS", "people_trained"] == 15
    assert m.loc["MUS", "name"] == "Mauritius"
    assert pd.isna(m.loc["SEN", "people_trained"])


def test_budget_split_adds_up_to_the_total(bundle):
    m = geo.country_measures(bundle)
    assert m["budget_usd"].sum() == pytest.approx(geo.budget_usd_per_project(bundle.budgets).sum())


def test_empty_store_gives_empty_measures():
    m = geo.country_measures(empty_bundle())
    assert m.empty
    assert list(m.columns) == ["iso3", "name", *geo.MEASURES]


def test_small_countries_become_points(bundle, shapes):
    m = geo.country_measures(bundle)
    placed = geo.place_countries(m, geo.shape_iso3s(shapes))
    assert {"CPV", "MUS"} == set(placed.as_points["iso3"])
    assert {"KEN", "UGA", "SEN"} == set(placed.on_shapes["iso3"])
    cpv = placed.as_points.set_index("iso3").loc["CPV"]
    assert 14 < cpv["lat"] < 18 and -26 < cpv["lon"] < -22
    assert placed.unplaced == ()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["KEN", "CPV", "SGP", "MUS", "TUV", "FJI", "XKX", "QQQ", "FRA", "WSM"]),
                unique=True))
def test_no_country_vanishes(codes):
    shapes = geo.load_world_shapes()
    m = pd.DataFrame({"iso3": codes, "name": codes, "projects": [1] * len(codes),
                      "budget_usd": [1.0] * len(codes), "trainings": [0] * len(codes),
                      "people_trained": [0] * len(codes)})
    placed = geo.place_countries(m, geo.shape_iso3s(shapes))
    drawn = [*placed.on_shapes["iso3"], *placed.as_points["iso3"], *placed.unplaced]
    assert sorted(drawn) == sorted(codes)
    assert ("QQQ" in placed.unplaced) == ("QQQ" in codes)


def test_events_placed_at_coordinates_else_host_centroid(bundle):
    placed = geo.place_events(bundle.events, bundle.event_countries)
    points = placed.points.set_index("event_id")
    assert points.loc["e1", "position"] == "reported place"
    assert points.loc["e1", "lat"] == pytest.approx(-1.29)
    assert points.loc["e3", "position"] == "country centroid"  # Mauritius
    assert -21 < points.loc["e3", "lat"] < -19
    assert placed.unplaced == 0
    lost = bundle_of(events={"event_id": ["z"], "title": ["Nowhere"]})
    assert geo.event_places(lost).unplaced == 1
    assert geo.event_places(lost).points.empty


# --- the map component -------------------------------------------------------------------------------


def _deck_json(bundle, shapes, measure="projects") -> dict:
    placed = geo.place_countries(geo.country_measures(bundle), geo.shape_iso3s(shapes))
    events = geo.event_places(bundle).points
    return json.loads(maps.build_country_map(shapes, placed, events, measure).to_json())


def test_map_layers_ids_and_offline_style(bundle, shapes):
    deck = _deck_json(bundle, shapes)
    assert [layer["id"] for layer in deck["layers"]] == [
        maps.COUNTRIES_LAYER, maps.BORDERS_LAYER, maps.SMALL_COUNTRIES_LAYER, maps.EVENTS_LAYER]
    # Clickable countries must be a primitive layer: Streamlit drops clicks on composite layers.
    assert deck["layers"][0]["@@type"] == "SolidPolygonLayer" and deck["layers"][0]["pickable"]
    assert deck["mapStyle"] == maps.MAP_STYLE_URL
    assert deck["layers"][1]["data"] == maps.BORDERS_URL and not deck["layers"][1]["pickable"]
    text = json.dumps(deck)
    assert "http://" not in text and "https://" not in text and "mapbox://" not in text
    small = deck["layers"][2]["data"]
    assert {d["iso3"] for d in small} == {"CPV", "MUS"}
    assert deck["layers"][3]["radiusUnits"] == "pixels"


def _fills(deck: dict) -> dict[str, list[int]]:
    return {row["iso3"]: row["fill"] for row in deck["layers"][0]["data"]}


def test_every_shape_is_drawn_once_per_polygon(bundle, shapes):
    rows = _deck_json(bundle, shapes)["layers"][0]["data"]
    assert {r["iso3"] for r in rows} == geo.shape_iso3s(shapes)
    assert sum(r["iso3"] == "IDN" for r in rows) > 5  # an archipelago: one row per island, one country


def test_map_colours_by_the_chosen_measure(bundle, shapes):
    by_projects = _fills(_deck_json(bundle, shapes, "projects"))
    by_trainings = _fills(_deck_json(bundle, shapes, "trainings"))
    no_data = [*maps.NO_DATA_RGB, 230]
    assert by_projects["UGA"] != no_data  # a project there
    assert by_trainings["UGA"] == no_data  # no training hosted there
    assert by_projects["BRA"] == no_data
    assert by_projects["KEN"] != by_projects["UGA"]  # 2 projects vs 1: different classes
    with pytest.raises(ValueError):
        _deck_json(bundle, shapes, "nonsense")


def test_tooltips_are_plain_text(bundle, shapes):
    placed = geo.place_countries(geo.country_measures(bundle), geo.shape_iso3s(shapes))
    built = maps.build_country_map(shapes, placed, geo.event_places(bundle).points, "projects")
    # Streamlit reads the tooltip from the Deck object; "text" (not "html") makes deck.gl use innerText.
    assert built._tooltip == {"text": "{tooltip}"}
    deck = json.loads(built.to_json())
    events = {d["event_id"]: d["tooltip"] for d in deck["layers"][3]["data"]}
    assert events["e1"].startswith("Border training")
    assert "<" not in json.dumps(deck["layers"][3]["data"])
    assert "drawn at the country's centre" in events["e3"]
    ken = next(row for row in deck["layers"][0]["data"] if row["iso3"] == "KEN")
    assert "Projects: 2" in ken["tooltip"]


def test_event_size_grows_with_participants(bundle, shapes):
    radius = {d["event_id"]: d["radius"] for d in _deck_json(bundle, shapes)["layers"][3]["data"]}
    assert radius["e4"] > radius["e1"] > radius["e2"]


def test_plain_text_strips_markup_and_controls():
    assert maps.plain_text('<img src=x onerror="alert(1)">Hi\x00 there\n') == "Hi there"
    assert maps.plain_text(None) == "" and maps.plain_text(pd.NA) == ""
    assert len(maps.plain_text("x" * 500, max_len=50)) == 50


def test_colour_breaks_and_classes():
    assert maps.colour_breaks([0, None, float("nan")]) == []
    breaks = maps.colour_breaks([1, 2, 3, 4, 5, 6, 100])
    assert breaks == sorted(breaks) and breaks[-1] == 100
    assert maps.colour_for(100, breaks) == list(maps.SEQUENTIAL_RGB[-1])
    assert maps.colour_for(1, breaks) == maps.colour_for(2, breaks) == list(maps.SEQUENTIAL_RGB[0])
    assert maps.colour_for(0, breaks) == list(maps.NO_DATA_RGB)
    # A single distinct value still gets a colour, not the no-data grey.
    assert maps.colour_for(5, maps.colour_breaks([5, 5])) != list(maps.NO_DATA_RGB)
    assert breaks == [2, 3, 4, 5, 6, 100]  # actual values, never an interpolated 2.5
    assert maps.legend(breaks, "projects")["range"].tolist() == ["1 – 2", "3", "4", "5", "6", "7 – 100"]
    money = maps.legend([1000.0, 2500.0], "budget_usd")
    assert money["range"].tolist() == ["up to USD 1,000", "USD 1,000 – 2,500"]
    assert money["colour"].tolist() == ["#c7e9b4", "#0c2c84"]


def test_country_from_selection():
    row = {"iso3": "KEN", "polygon": [[[0, 0], [1, 0], [1, 1], [0, 0]]], "tooltip": "Kenya"}
    state = {"selection": {"indices": {"countries": [3]}, "objects": {"countries": [row]}}}
    assert maps.country_from_selection(state) == "KEN"
    assert maps.country_from_selection(state["selection"]) == "KEN"
    small = {"selection": {"objects": {"small_countries": [{"iso3": "CPV"}]}}}
    assert maps.country_from_selection(small) == "CPV"
    assert maps.country_from_selection({"selection": {"indices": {}, "objects": {}}}) is None
    assert maps.country_from_selection(None) is None
    # Anything that is not a known ISO3 never reaches the URL.
    hostile = {"selection": {"objects": {"countries": [{"iso3": "KEN&x=<script>"}]}}}
    assert maps.country_from_selection(hostile) is None
    assert maps.country_from_selection({"selection": {"objects": {"events": [{"event_id": "e1"}]}}}) is None
    assert maps.event_from_selection({"selection": {"objects": {"events": [{"event_id": "e1"}]}}}) == "e1"


def test_many_events_are_drawn_one_circle_per_place_and_nothing_is_lost() -> None:
    import numpy as np

    from dashboard.transform.geo import group_events_by_place

    rng = np.random.default_rng(7)
    n = 5_000
    cities = rng.integers(0, 300, n)  # 300 places, several events each
    points = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)], "title": "t", "type": "training", "city": "c",
        "lat": (cities % 60).astype(float) + 0.01, "lon": (cities // 60).astype(float) * 10 + 0.02,
        "participants": pd.array([None if i % 5 == 0 else 10 for i in range(n)], dtype="Int64"),
        "date": pd.Timestamp("2021-01-01"), "iso3": "KEN", "country": "Kenya", "position": "reported place",
    })
    drawn = group_events_by_place(points, max_points=1_000)
    assert len(drawn) == 300
    assert drawn["events"].sum() == n
    assert drawn["participants"].sum() == points["participants"].sum()
    few = group_events_by_place(points.head(50), max_points=1_000)
    assert len(few) == 50 and set(few["events"]) == {1}
