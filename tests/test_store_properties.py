"""Properties of every page's transforms over generated stores and filters (``store_strategies``).

Whatever the store holds (several currencies, amounts without USD, transactions without a provider,
projects without countries or themes, trainings without numbers, no projects or no events at all) and
whatever the filters: nothing raises, the same money adds up wherever it is split, and what is not known
stays "not stated" instead of becoming zero.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from store_strategies import filters, stores

from dashboard.model.filters import Filters
from dashboard.transform import measures
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donor_profile import donors_with_data
from dashboard.transform.donors import donor_summary, funds_totals
from dashboard.transform.explorer import events_table, projects_table, transactions_table
from dashboard.transform.filtering import apply_filters
from dashboard.transform.geo import country_measures, event_places
from dashboard.transform.kpis import kpi_trends, kpi_values, undated_records
from dashboard.transform.options import filter_options
from dashboard.transform.rankings import AVAILABLE, ranking
from dashboard.transform.review_desk import people_trained_verified
from dashboard.transform.themes import theme_summary, themes_over_time
from dashboard.transform.trainings import people_trained_by_month, training_funders, training_timeline

GENERATED = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
PAGE_TRANSFORMS = (
    kpi_values, kpi_trends, undated_records, theme_summary, themes_over_time, donor_summary, funds_totals,
    training_timeline, people_trained_by_month, training_funders, country_measures, event_places,
    projects_table, transactions_table, events_table, filter_options, people_trained_verified,
    donors_with_data, measures.compute_all,
)


@GENERATED
@given(store=stores(), view=filters())
def test_every_page_transform_runs_on_any_store_and_filters(store: StoreBundle, view: Filters) -> None:
    filtered = apply_filters(store, view)
    for transform in PAGE_TRANSFORMS:
        transform(filtered)
    for dimension, offered in AVAILABLE.items():
        for measure in offered:
            ranked = ranking(filtered, dimension, measure)
            assert (ranked["value"] > 0).all(), (dimension, measure)


@GENERATED
@given(store=stores(), view=filters())
def test_money_is_the_same_on_the_cards_the_donors_page_and_themes(store: StoreBundle, view: Filters) -> None:
    # (by donor, the parts add up to these totals: test_filters.test_sums_by_donor_add_up_to_the_total)
    filtered = apply_filters(store, view)
    totals = funds_totals(filtered)
    assert kpi_values(filtered).funds_received_usd == pytest.approx(totals["funds_received_usd"])
    assert kpi_values(filtered).commitments_usd == pytest.approx(totals["commitments_usd"])
    themed = filtered.activity_themes["iati_identifier"].unique()
    if filtered.activities["iati_identifier"].isin(themed).all():  # every project's budget has a theme
        summary = theme_summary(filtered)
        budget = summary["budget_usd"].sum() if not summary.empty else 0.0
        assert budget == pytest.approx(kpi_values(filtered).budget_usd or 0.0)


@GENERATED
@given(store=stores(), view=filters())
def test_unknown_stays_unknown(store: StoreBundle, view: Filters) -> None:
    filtered = apply_filters(store, view)
    values = kpi_values(filtered)
    trainings = measures.training_events(filtered)
    if not trainings["participants"].notna().any():
        assert values.people_trained is None  # no training states a number: not stated, never 0
    if not trainings["participants_female"].notna().any():
        assert values.women_trained is None
    funds = filtered.transactions[filtered.transactions["transaction_type"] == "1"]
    if not funds["value_usd"].notna().any():
        assert values.funds_received_usd is None  # amounts without a USD rate are not counted as 0
    assert values.officials_trained is None  # no generated training states its audience


@GENERATED
@given(store=stores())
def test_a_filter_narrows_every_count(store: StoreBundle) -> None:
    whole = kpi_values(store)
    for iso3 in sorted(set(store.activity_countries["iso3"]) | set(store.event_countries["iso3"]))[:3]:
        part = kpi_values(apply_filters(store, Filters(countries=(iso3,))))
        assert part.projects <= whole.projects and part.trainings <= whole.trainings
        assert (part.people_trained or 0) <= (whole.people_trained or 0)
