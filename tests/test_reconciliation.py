"""Reconciliation: every measure equals its definition computed straight from the tables, and the same
measure is equal wherever it is shown (pages' transforms, the Explorer's downloads, the brief's lists).

Stores are generated (``store_strategies.stores``): several currencies with missing USD values, projects in
several countries (with and without percentages) and themes, transactions without a provider, events with
host and participant countries, trainings with and without stated numbers.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_strategies import COUNTRIES, THEMES, stores

from dashboard.brief.document import brief_lists
from dashboard.model.filters import Filters
from dashboard.transform import measures
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.country import country_projects
from dashboard.transform.donor_profile import donor_profile
from dashboard.transform.donors import NOT_STATED, donor_summary, donor_theme_country_flows
from dashboard.transform.explorer import projects_table, transactions_table
from dashboard.transform.filtering import apply_filters
from dashboard.transform.kpis import kpi_values
from dashboard.transform.themes import theme_summary
from dashboard.transform.trainings import training_timeline

filters_strategy = st.builds(
    Filters,
    countries=st.lists(st.sampled_from(COUNTRIES), max_size=2).map(tuple),
    themes=st.lists(st.sampled_from(THEMES), max_size=2).map(tuple),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def _direct_money(b: StoreBundle, f: Filters, types: tuple[str, ...]) -> float | None:
    """The money measure from its definition over the raw tables: split shares of the chosen parts."""
    ac, at = b.activity_countries, b.activity_themes
    total, any_usd = 0.0, False
    for pid in b.activities["iati_identifier"]:
        weight = 1.0
        if f.countries:
            mine = ac[ac["iati_identifier"] == pid]
            if not mine["iso3"].isin(f.countries).any():
                continue
            pct = mine["percentage"]
            usable = pct.notna().all() and abs(pct.sum() - 100) <= 1
            shares = pct / pct.sum() if usable else pd.Series(1 / len(mine), index=mine.index)
            weight *= float(shares[mine["iso3"].isin(f.countries)].sum())
        if f.themes:
            mine = at[at["iati_identifier"] == pid]
            if not mine["theme"].isin(f.themes).any():
                continue
            weight *= float(mine["theme"].isin(f.themes).sum()) / len(mine)
        rows = b.transactions[(b.transactions["iati_identifier"] == pid)
                              & b.transactions["transaction_type"].isin(types)]
        usd = rows["value_usd"].dropna()
        any_usd |= not usd.empty
        total += float(usd.sum()) * weight
    return total if any_usd else None


@given(stores(), filters_strategy)
@SETTINGS
def test_money_measures_equal_their_definition(b: StoreBundle, f: Filters) -> None:
    view = apply_filters(b, f)
    for name, types in (("commitments_usd", ("11",)), ("funds_received_usd", ("1",)),
                        ("spent_usd", ("3", "4"))):
        expected = _direct_money(b, f, types)
        got = measures.compute(name, view)
        if expected is None:
            assert got is None or got == pytest.approx(0.0)
        else:
            assert got == pytest.approx(expected, abs=1e-6), name


@given(stores(), filters_strategy)
@SETTINGS
def test_the_same_measure_is_equal_in_every_view_and_download(b: StoreBundle, f: Filters) -> None:
    view = apply_filters(b, f)
    k = kpi_values(view)
    committed = measures.commitments_usd(view) or 0.0
    received = measures.funds_received_usd(view) or 0.0
    # Donors page: rows (the provider-not-stated row included) add up to the measure.
    donors = donor_summary(view)
    assert float(donors["commitments_usd"].sum()) == pytest.approx(committed, abs=1e-6)
    assert float(donors["funds_received_usd"].sum()) == pytest.approx(received, abs=1e-6)
    # Themes page and the donor -> theme -> country flows.
    themes = theme_summary(view)
    assert float(themes["commitments_usd"].sum()) == pytest.approx(committed, abs=1e-6)
    flows = donor_theme_country_flows(view, top_countries=100)
    first = flows[flows["stage"] == "donor-theme"]["value_usd"].sum() if not flows.empty else 0.0
    assert float(first) == pytest.approx(committed, abs=1e-6)
    # Explorer downloads: "in this view" columns add up to the cards.
    tx = transactions_table(view)
    is_commitment = tx["Type"].str.endswith("(11)").fillna(False)
    in_view = float(tx.loc[is_commitment, "Value in this view (USD)"].sum())
    assert in_view == pytest.approx(committed, abs=1e-6)
    budget = measures.budget_usd(view) or 0.0
    assert float(projects_table(view)["Budget in this view (USD)"].sum()) == pytest.approx(budget, abs=1e-6)
    assert k.budget_usd == measures.budget_usd(view)
    assert k.countries_reached == measures.countries_reached(view)


@given(stores(), st.sampled_from(COUNTRIES))
@SETTINGS
def test_country_profile_parts_add_up_to_its_cards(b: StoreBundle, iso3: str) -> None:
    view = apply_filters(b, Filters(countries=(iso3,)))
    projects = country_projects(b, iso3)
    budget = measures.budget_usd(view) or 0.0
    assert float(projects["country_budget_usd"].sum()) == pytest.approx(budget, abs=1e-6)


@given(stores(), st.sampled_from(THEMES))
@SETTINGS
def test_a_theme_gets_the_same_money_with_and_without_its_filter(b: StoreBundle, theme: str) -> None:
    unfiltered = theme_summary(b).set_index("theme")
    filtered = measures.commitments_usd(apply_filters(b, Filters(themes=(theme,)))) or 0.0
    shown = float(unfiltered.loc[theme, "commitments_usd"]) if theme in unfiltered.index else 0.0
    assert shown == pytest.approx(filtered, abs=1e-6)


@given(stores())
@SETTINGS
def test_donor_figures_agree_between_donors_page_profile_and_brief(b: StoreBundle) -> None:
    summary = donor_summary(b).set_index("donor_id")
    for donor in summary.index.drop(NOT_STATED, errors="ignore"):
        profile = donor_profile(b, donor)
        s = profile.summary
        assert summary.loc[donor, "countries_reached"] == s.countries
        assert summary.loc[donor, "commitments_usd"] == pytest.approx(s.commitments_usd or 0.0, abs=1e-6)
        assert summary.loc[donor, "projects"] == s.projects
        funds, _ = brief_lists(profile)["Funds by year (USD)"]
        assert float(funds["commitments_usd"].sum()) == pytest.approx(s.commitments_usd or 0.0, abs=1e-6)


@given(stores(), st.sampled_from(COUNTRIES))
@SETTINGS
def test_an_event_counts_where_it_takes_place(b: StoreBundle, iso3: str) -> None:
    view = apply_filters(b, Filters(countries=(iso3,)))
    hosts = b.event_countries[(b.event_countries["role"] == "host") & (b.event_countries["iso3"] == iso3)]
    assert set(view.events["event_id"]) == set(hosts["event_id"])
    timeline = training_timeline(view)
    assert (timeline["country"] != measures.NOT_STATED).all()


@given(stores())
@SETTINGS
def test_unknown_people_are_not_stated_not_zero(b: StoreBundle) -> None:
    tr = measures.training_events(b)
    women = measures.women_trained(b)
    people = measures.people_trained_count(b)
    assert (women is None) == (not tr["participants_female"].notna().any())
    assert (people is None) == (not tr["participants"].notna().any())
    assert measures.officials_trained(b) is None  # no store here states an audience
