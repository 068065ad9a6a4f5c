"""Trainings page transforms and the selection -> record conversion."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.filtering import apply_filters
from dashboard.transform.selection import record_rows, selected_point_ids, selected_rows
from dashboard.transform.trainings import (
    UNTHEMED,
    event_record,
    people_trained_by_month,
    project_gantt,
    project_record,
    training_timeline,
)


def test_timeline_has_every_dated_training_once(test_bundle: StoreBundle) -> None:
    t = training_timeline(test_bundle)
    assert list(t["event_id"]) == ["ev-3", "ev-1", "ev-6", "ev-2", "ev-5"]  # by date; no conference
    ev5 = t.set_index("event_id").loc["ev-5"]
    assert ev5["date"] == pd.Timestamp("2024-03-15")  # no start date: the publication date
    assert pd.isna(ev5["participants"])
    ev6 = t.set_index("event_id").loc["ev-6"]
    assert ev6["theme"] == "border management" and ev6["themes"] == "border management, gender"
    assert ev6["place"] == "Guatemala City, Guatemala"
    assert ev6["donors"] == "Government of the United Kingdom"
    assert ev6["url"] == "https://example.org/test/ev-6"
    assert t.set_index("event_id").loc["ev-3", "country"] == "Thailand"  # host only
    assert t.set_index("event_id").loc["ev-3", "region"] == "Asia"


def test_a_training_without_theme_is_labelled(test_bundle: StoreBundle) -> None:
    bundle = replace(test_bundle, event_themes=test_bundle.event_themes.iloc[0:0])
    assert set(training_timeline(bundle)["theme"]) == {UNTHEMED}


def test_people_trained_by_month(test_bundle: StoreBundle) -> None:
    m = people_trained_by_month(test_bundle).set_index("month")
    assert len(m) == 5
    assert m["people_trained"].sum() == 91
    assert m.loc[pd.Timestamp("2023-11-01"), "women_share"] == 1.0
    # ev-2 states no number of women: no share for February 2024, rather than 0 %
    assert pd.isna(m.loc[pd.Timestamp("2024-02-01"), "women_share"])
    assert m.loc[pd.Timestamp("2024-03-01"), "trainings_with_count"] == 0


def test_people_are_counted_once_per_training_even_with_several_sources(test_bundle: StoreBundle) -> None:
    extra = pd.concat([test_bundle.event_sources, test_bundle.event_sources.iloc[[0]]], ignore_index=True)
    bundle = replace(test_bundle, event_sources=extra)
    assert people_trained_by_month(bundle)["people_trained"].sum() == 91


def test_gantt_keeps_the_largest_budgets_and_says_how_many(test_bundle: StoreBundle) -> None:
    g = project_gantt(test_bundle)
    assert sorted(g["iati_identifier"]) == [
        "XM-TEST-A1",
        "XM-TEST-A2",
        "XM-TEST-A3",
        "XM-TEST-A4",
        "XM-TEST-A5",
    ]
    assert bool(g.set_index("iati_identifier").loc["XM-TEST-A4", "open_end"])
    top = project_gantt(test_bundle, max_projects=2)
    assert set(top["iati_identifier"]) == {"XM-TEST-A1", "XM-TEST-A2"} and set(top["shown_of"]) == {5}


def test_empty_inputs_give_empty_frames() -> None:
    assert training_timeline(empty_bundle()).empty
    assert people_trained_by_month(empty_bundle()).empty
    assert project_gantt(empty_bundle()).empty


def test_filtered_view(test_bundle: StoreBundle) -> None:
    bundle = apply_filters(test_bundle, Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)))
    assert list(training_timeline(bundle)["event_id"]) == ["ev-1", "ev-6"]


def test_plotly_selection_event_to_ids() -> None:
    event = {
        "selection": {
            "points": [
                {"customdata": ["ev-2", "x"], "x": 1},
                {"customdata": ["ev-2"]},
                {"customdata": ["ev-1"]},
                {"y": 3},
            ],
            "box": [],
            "lasso": [],
        }
    }
    assert selected_point_ids(event) == ["ev-2", "ev-1"]
    assert selected_point_ids(event, position=1) == ["x"]
    assert selected_point_ids({"selection": {"points": []}}) == []
    assert selected_point_ids(None) == [] and selected_point_ids({"oops": 1}) == []
    assert selected_rows({"selection": {"rows": [2, 0]}}) == [2, 0] and selected_rows(None) == []


def test_a_clicked_mark_shows_its_record(test_bundle: StoreBundle) -> None:
    record = event_record(test_bundle, "ev-3")
    assert record is not None
    assert record["event_countries"] == ["THA", "MYS"] and record["event_projects"] == ["XM-TEST-A3"]
    rows = {r["field"]: r["value"] for r in record_rows(record)}
    assert rows["start_date"] == "2021-06-01" and rows["participants"] == "26"
    assert "end_date" not in rows  # missing values are left out
    assert event_record(test_bundle, "nope") is None
    project = project_record(test_bundle, "XM-TEST-A2")
    assert project is not None and project["activity_countries"] == ["UGA", "KEN"]


def test_timeline_figure_caps_marks_and_escapes_text(test_bundle: StoreBundle) -> None:
    from dashboard.components.charts import build_trainings_timeline

    timeline = training_timeline(test_bundle)
    timeline.loc[0, "title"] = "<img src=x onerror=alert(1)>"
    fig = build_trainings_timeline(timeline)
    titles = [row[1] for trace in fig.data for row in trace.customdata]
    assert "&lt;img src=x onerror=alert(1)&gt;" in titles and not any("<img" in t for t in titles)
    capped = build_trainings_timeline(timeline, max_marks=2)
    ids = {row[0] for trace in capped.data for row in trace.customdata}
    assert ids == {"ev-1", "ev-3"}  # the two with the most participants (30 and 26)


def test_a_training_counts_where_it_takes_place_not_where_participants_come_from(
    test_bundle: StoreBundle,
) -> None:
    # ev-3 took place in Bangkok (host THA) with Malaysian participants
    only_malaysia = apply_filters(test_bundle, Filters(countries=("MYS",)))
    assert "ev-3" not in set(training_timeline(only_malaysia)["event_id"])
    row = training_timeline(test_bundle).set_index("event_id").loc["ev-3"]
    assert (row["country"], row["participants_from"], row["region"]) == ("Thailand", "Malaysia", "Asia")
    no_countries = replace(test_bundle, event_countries=test_bundle.event_countries.iloc[0:0])
    timeline = training_timeline(no_countries)
    assert set(timeline["region"]) == {"no country stated"} and set(timeline["country"]) == {"not stated"}


def test_a_trainings_record_carries_its_evidence_and_audience(test_bundle: StoreBundle) -> None:
    evidence = pd.DataFrame({"event_id": ["ev-3", "ev-2"], "field": ["participants", "participants"],
                             "value": ["26", "9"],
                             "evidence": ["15 Thai and 11 Malaysian officers took part.", "x"],
                             "confidence": [0.85, 0.9]})
    audience = pd.DataFrame({"event_id": ["ev-3"], "audience": ["border and law enforcement"]})
    bundle = replace(test_bundle, event_evidence=evidence, event_audience=audience)
    record = event_record(bundle, "ev-3")
    assert record is not None and record["event_audience"] == ["border and law enforcement"]
    assert record["evidence"] == [{"field": "participants", "value": "26", "confidence": 0.85,
                                   "evidence": "15 Thai and 11 Malaysian officers took part."}]
    assert "evidence" not in {r["field"] for r in record_rows(record)}  # shown as its own table
    # A store built before evidence was kept reads the tables as empty: no evidence, no error.
    assert event_record(test_bundle, "ev-3")["evidence"] == []
