"""Filters: the frozen value, and the one function that applies it to the store."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from store_strategies import filters, stores

from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.donors import donor_summary, funds_totals
from dashboard.transform.filtering import apply_filters, event_dates

IDS = "iati_identifier"


def test_filters_are_normalised_and_hashable() -> None:
    a = Filters(countries=("UGA", "KEN", "KEN"))
    b = Filters(countries=["KEN", "UGA"])  # type: ignore[arg-type]
    assert a == b and hash(a) == hash(b) and a.countries == ("KEN", "UGA")
    swapped = Filters(date_from=dt.date(2024, 12, 31), date_to=dt.date(2024, 1, 1))
    assert (swapped.date_from, swapped.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert Filters().is_empty() and not a.is_empty()
    assert Filters(countries="KEN").countries == ("KEN",)  # type: ignore[arg-type]


def test_previous_period_has_the_same_length_and_ends_the_day_before() -> None:
    f = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31), themes=("gender",))
    prev = f.previous_period()
    assert prev is not None
    assert prev.date_to == dt.date(2023, 12, 31)
    assert prev.date_to - prev.date_from == f.date_to - f.date_from
    assert prev.themes == ("gender",)
    assert Filters(date_from=dt.date(2024, 1, 1)).previous_period() is None


def test_empty_filters_return_the_bundle_unchanged(test_bundle: StoreBundle) -> None:
    assert apply_filters(test_bundle, Filters()) is test_bundle


def test_projects_match_on_overlapping_dates(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31)))
    # A1 ends 2023, A2 and A5 start in 2023; A3 ended 2021, A4 starts 2024, A6 has no dates.
    assert sorted(out.activities[IDS]) == ["XM-TEST-A1", "XM-TEST-A2", "XM-TEST-A5"]
    assert out.transactions["date"].dt.year.eq(2023).all()
    assert len(out.transactions) == 5


def test_open_ended_project_matches_any_later_range(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(date_from=dt.date(2030, 1, 1), date_to=dt.date(2030, 12, 31)))
    assert list(out.activities[IDS]) == ["XM-TEST-A4"]


def test_events_match_on_start_date_else_published_date(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(date_from=dt.date(2024, 3, 1), date_to=dt.date(2024, 3, 31)))
    assert list(out.events["event_id"]) == ["ev-5"]  # no start date; published 15 March 2024
    assert event_dates(out.events).iloc[0] == pd.Timestamp("2024-03-15")


def test_country_filter_keeps_multi_country_projects_and_narrows_their_countries(
        test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(countries=("UGA",)))
    assert list(out.activities[IDS]) == ["XM-TEST-A2"]
    assert list(out.activity_countries["iso3"]) == ["UGA"]
    assert list(out.events["event_id"]) == ["ev-2"]


def test_region_filter_uses_the_countries_region(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(regions=("Asia",)))
    assert list(out.activities[IDS]) == ["XM-TEST-A3"]
    assert set(out.event_countries["iso3"]) == {"THA", "MYS"}


def test_donor_filter_keeps_only_that_donors_incoming_funds(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(donors=("jpn",)))
    assert sorted(out.activities[IDS]) == ["XM-TEST-A1", "XM-TEST-A3"]
    incoming = out.transactions[out.transactions["transaction_type"].isin(["1", "11"])]
    assert set(incoming["provider_donor_id"]) == {"jpn"}
    # A1's expenditure stays: the donor filter narrows incoming funds only.
    assert "4" in set(out.transactions["transaction_type"])
    assert list(out.events["event_id"]) == ["ev-3"]


def test_type_and_status_apply_to_events_and_projects_only(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(activity_types=("workshop",)))
    assert list(out.events["event_id"]) == ["ev-2"] and len(out.activities) == len(test_bundle.activities)
    out = apply_filters(test_bundle, Filters(statuses=("Completion",)))
    assert list(out.activities[IDS]) == ["XM-TEST-A3"] and len(out.events) == len(test_bundle.events)


def test_a_filter_matching_nothing_gives_empty_tables_not_errors(test_bundle: StoreBundle) -> None:
    out = apply_filters(test_bundle, Filters(countries=("FRA",)))
    assert out.activities.empty and out.events.empty and out.transactions.empty
    # the same columns, plus each project's part of its money inside the filter (transform.splits)
    assert list(out.activities.columns) == [*test_bundle.activities.columns, "split_country", "split_theme",
                                            "split_weight"]


def test_filtering_an_empty_store_works() -> None:
    out = apply_filters(empty_bundle(), Filters(countries=("KEN",), date_from=dt.date(2020, 1, 1)))
    assert out.activities.empty and out.events.empty


# Over generated stores (store_strategies): any currencies, missing providers and USD values, several
# countries and themes, either side absent.
GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@GENERATED
@given(store=stores(), filters=filters())
def test_a_filter_never_adds_rows(store: StoreBundle, filters: Filters) -> None:
    out = apply_filters(store, filters)
    for name, count in out.counts().items():
        assert count <= store.counts()[name], name
    # and never changes a value: every kept activity row is an original row
    merged = out.activities.merge(store.activities, how="left", indicator=True)
    assert merged["_merge"].eq("both").all()


@GENERATED
@given(store=stores(), filters=filters())
def test_sums_by_donor_add_up_to_the_total(store: StoreBundle, filters: Filters) -> None:
    bundle = apply_filters(store, filters)
    summary = donor_summary(bundle)
    totals = funds_totals(bundle)
    assert summary["commitments_usd"].sum() == pytest.approx(totals["commitments_usd"] or 0.0)
    assert summary["funds_received_usd"].sum() == pytest.approx(totals["funds_received_usd"] or 0.0)
    if filters.donors:
        assert set(summary["donor_id"]) <= set(filters.donors)


@GENERATED
@given(store=stores(), filters=filters())
def test_narrowing_further_never_adds_rows(store: StoreBundle, filters: Filters) -> None:
    wider = apply_filters(store, Filters(date_from=filters.date_from, date_to=filters.date_to))
    narrower = apply_filters(store, filters)
    assert len(narrower.activities) <= len(wider.activities)
    assert len(narrower.events) <= len(wider.events)


def test_isin_matches_pandas_for_arrow_and_object_strings() -> None:
    from dashboard.transform.filtering import isin

    arrow = pd.Series(["a", "b", None, "c", "a"], dtype="string[pyarrow]")
    obj = pd.Series(["a", "b", None, "c", "a"], dtype=object)
    for allowed in (["a", "c"], ("a", "zz"), pd.Series(["c"], dtype="string[pyarrow]"), pd.Index(["b"]), []):
        expected = obj.isin(list(allowed)).tolist()
        assert isin(arrow, allowed).tolist() == expected
        assert isin(obj, allowed).tolist() == expected
    assert isin(arrow, ["a"]).index.equals(arrow.index)
