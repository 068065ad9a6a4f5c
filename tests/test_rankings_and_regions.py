"""Regions people use, rankings, drill-through sums, who paid for trainings, and the pure helpers behind
the question pages (typed dates, chart colours, clicked series)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from importlib import resources

import pandas as pd
import pytest

from dashboard.components.charts import MAX_COLOURS, build_themes_over_time, grouped_categories
from dashboard.model.countries import AREA_KINDS, areas_of, iom_regional_office
from dashboard.model.filters import Filters, parse_iso_date
from dashboard.transform.donors import donor_summary
from dashboard.transform.explorer import MONEY_COLUMNS, projects_with_money, rows_with_money
from dashboard.transform.filtering import apply_filters
from dashboard.transform.geo import country_measures
from dashboard.transform.options import filter_options
from dashboard.transform.rankings import AVAILABLE, project_money, ranking
from dashboard.transform.selection import clicked_trace
from dashboard.transform.trainings import officials_trained, people_trained_by_audience, training_funders

EAST_AFRICA_2023 = Filters(regions=("Eastern Africa",), date_from=dt.date(2023, 1, 1),
                           date_to=dt.date(2023, 12, 31))


def test_a_country_lies_in_an_m49_region_sub_region_and_iom_office():
    assert dict((kind, name) for kind, name in areas_of("KEN")) == {
        "M49 region": "Africa", "M49 sub-region": "Eastern Africa",
        "IOM regional office": "East and Horn of Africa (Nairobi)"}
    # Zimbabwe is in M49's Eastern Africa but in IOM's Southern Africa office.
    assert ("M49 sub-region", "Eastern Africa") in areas_of("ZWE")
    assert iom_regional_office("ZWE") == "Southern Africa (Pretoria)"
    assert iom_regional_office("XKX").startswith("South-Eastern Europe")
    assert areas_of(None) == () and iom_regional_office("") == ""


def test_the_iom_office_file_names_a_source_for_every_row():
    text = resources.files("dashboard.reference").joinpath("iom_regional_offices.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert len(rows) > 200 and len({r["iso3"] for r in rows}) == len(rows)
    assert {r["basis"] for r in rows} == {"listed", "m49"}
    assert all(r["source"].startswith("https://") for r in rows)
    assert len({r["regional_office"] for r in rows}) == 9


def test_region_filter_takes_any_kind_of_area(test_bundle):
    options = filter_options(test_bundle)
    assert {"Africa", "Eastern Africa", "East and Horn of Africa (Nairobi)"} <= set(options.regions)
    assert set(options.region_kinds.values()) <= set(AREA_KINDS)
    by_sub = apply_filters(test_bundle, Filters(regions=("Eastern Africa",)))
    assert set(by_sub.activity_countries["iso3"]) == {"KEN", "UGA", "ZWE"}
    by_office = apply_filters(test_bundle, Filters(regions=("East and Horn of Africa (Nairobi)",)))
    assert set(by_office.activity_countries["iso3"]) == {"KEN", "UGA"}


def test_rankings_are_sorted_and_agree_with_the_other_pages(test_bundle):
    for dimension, measures in AVAILABLE.items():
        for measure in measures:
            table = ranking(test_bundle, dimension, measure)
            assert list(table["value"]) == sorted(table["value"], reverse=True)
            assert (table["value"] > 0).all()
    donors = ranking(test_bundle, "donors", "funds_received_usd").set_index("key")["value"]
    summary = donor_summary(test_bundle).set_index("donor_id")["funds_received_usd"]
    assert donors.to_dict() == pytest.approx(summary[summary > 0].to_dict())
    budgets = ranking(test_bundle, "countries", "budget_usd").set_index("key")["value"]
    measures = country_measures(test_bundle).set_index("iso3")["budget_usd"].dropna()
    assert budgets.to_dict() == pytest.approx(measures[measures > 0].astype(float).to_dict())
    with pytest.raises(ValueError):
        ranking(test_bundle, "donors", "budget_usd")


def test_country_money_adds_up_to_the_total(test_bundle):
    countries = ranking(test_bundle, "countries", "funds_received_usd")["value"].sum()
    total = project_money(test_bundle)["funds_received_usd"].sum()
    assert countries == pytest.approx(total)


def test_counter_trafficking_since_2020_ranks_uganda_first(test_bundle):
    view = apply_filters(test_bundle, Filters(themes=("counter-trafficking",), date_from=dt.date(2020, 1, 1)))
    table = ranking(view, "countries", "funds_received_usd")
    # A2's funds received (1.5M + 1.0M USD) split 60/40 between Uganda and Kenya.
    assert list(table["key"]) == ["UGA", "KEN"]
    assert list(table["value"]) == pytest.approx([1_500_000, 1_000_000])


@pytest.mark.parametrize("dimension_filter", [
    lambda key: Filters(countries=(key,)),
    lambda key: Filters(donors=(key,)),
])
def test_the_explorer_behind_a_ranking_bar_sums_to_it(test_bundle, dimension_filter):
    dimension = "countries" if dimension_filter("x").countries else "donors"
    for measure, title in MONEY_COLUMNS.items():
        for row in ranking(test_bundle, dimension, measure).itertuples():
            filters = dimension_filter(row.key)
            unnarrowed = apply_filters(test_bundle, replace(filters, countries=(), regions=()))
            projects = projects_with_money(unnarrowed, filters.countries, filters.regions)
            table = rows_with_money(projects, title)
            assert table[title].sum() == pytest.approx(row.value), (dimension, row.key, measure)
            assert (table[title] > 0).all()


def test_who_paid_for_east_african_trainings_in_2023(test_bundle):
    funders = training_funders(apply_filters(test_bundle, EAST_AFRICA_2023)).set_index("donor_id")
    # ev-1 (Nairobi, 30 people) names the EU and belongs to A1, funded by the EU and Japan.
    assert set(funders.index) == {"eu", "jpn"}
    assert funders.loc["eu", "how"] == "funds a linked project; named in the release"
    assert funders.loc["jpn", "people_trained"] == 30


def test_officials_trained_is_not_stated_without_audience_data(test_bundle):
    assert officials_trained(test_bundle).stated is False


def test_officials_trained_counts_trainings_for_officials_once(test_bundle):
    audience = pd.DataFrame({"event_id": ["ev-1", "ev-1", "ev-3", "ev-6"],
                             "audience": ["government officials", "border and law enforcement",
                                          "civil society", "border and law enforcement"]})

    class WithAudience:  # the bundle as it will be once the extraction's table is in the store
        def __getattr__(self, name: str) -> object:
            return audience if name == "event_audience" else getattr(test_bundle, name)

    result = officials_trained(WithAudience())  # type: ignore[arg-type]
    assert (result.stated, result.trainings, result.people) == (True, 2, 30 + 15)
    by_audience = people_trained_by_audience(WithAudience()).set_index("audience")  # type: ignore[arg-type]
    assert by_audience.loc["border and law enforcement", "people_trained"] == 45
    assert by_audience.loc["not stated", "trainings"] == 2  # ev-2 and ev-5 state no audience
    assert people_trained_by_audience(test_bundle).empty


def test_typed_dates():
    assert parse_iso_date("2023-01-01") == dt.date(2023, 1, 1)
    assert parse_iso_date(" 2023-12-31 ") == dt.date(2023, 12, 31)
    assert parse_iso_date(dt.date(2020, 5, 1)) == dt.date(2020, 5, 1)
    for bad in ("", None, "2023-13-01", "01/02/2023", "yesterday"):
        assert parse_iso_date(bad) is None


def test_a_chart_never_needs_more_than_ten_colours():
    themes = pd.Series([f"theme {i:02d}" for i in range(16) for _ in range(i + 1)])
    grouped = grouped_categories(themes)
    assert grouped.nunique() == MAX_COLOURS and "other themes" in set(grouped)
    assert "theme 15" in set(grouped) and "theme 00" not in set(grouped)  # the largest keep their colour
    years = pd.DataFrame({"year": [2020] * 16, "theme": [f"t{i}" for i in range(16)],
                          "projects": list(range(1, 17))})
    fig = build_themes_over_time(years, "projects", "Projects")
    assert len({trace.line.color for trace in fig.data}) <= MAX_COLOURS


def test_clicked_series():
    event = {"selection": {"points": [{"curve_number": 1, "customdata": ["eu"]}]}}
    assert clicked_trace(event) == 1
    assert clicked_trace({"selection": {"points": []}}) is None and clicked_trace(None) is None


def test_rows_with_money_keeps_only_positive_rows():
    table = pd.DataFrame({"iati_identifier": ["a", "b"], "Funds received (USD)": [0.0, 5.0]})
    assert list(rows_with_money(table, "Funds received (USD)")["iati_identifier"]) == ["b"]
    assert len(rows_with_money(table, None)) == 2
