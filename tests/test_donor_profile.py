"""The donor view: every figure recomputed here straight from the store's tables, plus properties."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donor_profile import (
    donor_bundle,
    donor_event_ids,
    donor_profile,
    donors_with_data,
)
from dashboard.transform.filtering import apply_filters


def _incoming_usd(bundle: StoreBundle, donor_id: str, ttype: str) -> float:
    tx = bundle.transactions
    projects = bundle.activity_donors.loc[bundle.activity_donors["donor_id"] == donor_id, "iati_identifier"]
    mask = (
        (tx["transaction_type"] == ttype)
        & (tx["provider_donor_id"] == donor_id)
        & tx["iati_identifier"].isin(projects)
    )
    return float(tx.loc[mask.fillna(False), "value_usd"].sum())


def test_eu_figures_match_the_store(test_bundle):
    p = donor_profile(test_bundle, "eu")
    s = p.summary
    assert s.name == "European Union"
    assert s.commitments_usd == _incoming_usd(test_bundle, "eu", "11") > 0
    assert s.funds_received_usd == _incoming_usd(test_bundle, "eu", "1") > 0
    # spent: the expenditure of the EU's projects (A1's 400,000 USD), whoever funded it
    assert s.spent_usd == 400_000.0
    assert s.projects == 2 and s.countries == 2
    # ev-1 (30 people, 12 women) is the only EU training
    assert (s.trainings, s.people_trained, s.women_trained, s.men_trained) == (1, 30, 12, 18)
    assert s.synthetic_projects == 1 and s.has_synthetic


def test_unconverted_amounts_are_counted_and_listed(test_bundle):
    p = donor_profile(test_bundle, "eu")
    assert p.summary.amounts_without_usd == 1
    row = p.amounts_without_usd.iloc[0]
    received = "funds_received_usd"
    assert (row["flow"], row["currency"], row["value"], row["transactions"]) == (received, "ZWL", 9e6, 1)
    year_2024 = p.funds_by_year[(p.funds_by_year["year"] == 2024) & (p.funds_by_year["flow"] == received)]
    assert int(year_2024["without_usd"].iloc[0]) == 1
    assert "Amounts without a USD value" in set(p.gaps["gap"])


def test_funds_by_year_add_up_to_totals(test_bundle):
    p = donor_profile(test_bundle, "jpn")
    totals = p.funds_by_year.groupby("flow")["usd"].sum()
    assert totals["commitments_usd"] == pytest.approx(p.summary.commitments_usd)
    assert totals["funds_received_usd"] == pytest.approx(p.summary.funds_received_usd)
    # Japan co-funds A1 with the EU: the EU's incoming money on A1 is not Japan's
    db = donor_bundle(test_bundle, "jpn")
    incoming = db.transactions[db.transactions["transaction_type"].isin(["1", "11"])]
    assert set(incoming["provider_donor_id"]) == {"jpn"}


def test_events_named_or_linked(test_bundle):
    how = donor_event_ids(test_bundle, "jpn").set_index("event_id")["how"]
    assert "names the donor" in how["ev-3"] and "linked to its project" in how["ev-3"]
    stories = donor_profile(test_bundle, "jpn").stories
    # ev-3 via Japan's own project A3; ev-1 via A1, which Japan co-funds with the EU
    assert list(stories["iati_identifier"]) == ["XM-TEST-A3", "XM-TEST-A1"]
    assert stories["evidence"].notna().all()


def test_gaps_are_stated(test_bundle):
    gaps = donor_profile(test_bundle, "usa").gaps.set_index("gap")
    # ev-2 (a workshop in Kampala) has a head count but no count of women; no project reports results
    assert gaps.loc["Trainings without a count of women", "count"] == 1
    assert gaps.loc["Projects without results", "detail"].startswith("1 of 1")


def test_unknown_donor_gives_an_empty_view(test_bundle):
    p = donor_profile(test_bundle, "no-such-donor")
    assert p.summary.projects == 0 and p.summary.commitments_usd is None and p.funds_by_year.empty
    assert p.summary.name == "no-such-donor"


def test_sources_list_every_project_and_release(test_bundle):
    p = donor_profile(test_bundle, "eu")
    assert set(p.sources.loc[p.sources["kind"] == "project", "reference"]) == set(
        p.projects["iati_identifier"]
    )
    assert set(p.sources.loc[p.sources["kind"] == "news release", "url"]) == set(p.trainings["url"])


def test_donors_with_data_lists_every_attributed_donor(test_bundle):
    listed = donors_with_data(test_bundle)
    assert set(listed["donor_id"]) == set(test_bundle.activity_donors["donor_id"]) | set(
        test_bundle.event_donors["donor_id"].dropna()
    )


@settings(max_examples=10, deadline=None)
@given(
    years=st.lists(st.integers(2019, 2025), min_size=0, max_size=2, unique=True),
    countries=st.lists(st.sampled_from(["KEN", "UGA", "THA", "ZWE", "GTM", "MYS"]), max_size=2),
)
def test_filters_never_add_money_or_people(test_bundle, years, countries):
    dates = sorted(pd.Timestamp(f"{y}-01-01").date() for y in years)
    filters = Filters(
        date_from=dates[0] if dates else None,
        date_to=dates[-1] if len(dates) > 1 else None,
        countries=tuple(countries),
    )
    for donor in ("eu", "jpn", "usa", "gbr"):
        whole = donor_profile(test_bundle, donor).summary
        part = donor_profile(apply_filters(test_bundle, filters), donor).summary
        assert (part.commitments_usd or 0) <= (whole.commitments_usd or 0) + 1e-6
        assert (part.funds_received_usd or 0) <= (whole.funds_received_usd or 0) + 1e-6
        assert (part.people_trained or 0) <= (whole.people_trained or 0)
        assert part.projects <= whole.projects


def test_donor_sums_never_exceed_the_store_total(test_bundle):
    total = float(
        test_bundle.transactions.loc[test_bundle.transactions["transaction_type"] == "11", "value_usd"].sum()
    )
    by_donor = sum(
        donor_profile(test_bundle, d).summary.commitments_usd or 0.0
        for d in donors_with_data(test_bundle)["donor_id"]
    )
    assert abs(by_donor - total) < 1e-6  # every commitment in the test store names its donor


def test_stories_are_links_to_the_donors_own_projects(test_bundle):
    from dataclasses import replace

    from dashboard.model.schemas import conform

    extra = pd.DataFrame(
        [
            {
                "event_id": "ev-1",
                "iati_identifier": "XM-TEST-A3",
                "confidence": 0.5,
                "evidence": "test link to a Japanese project",
            }
        ]
    )
    links = conform(pd.concat([test_bundle.event_projects, extra]), "event_projects")
    stories = donor_profile(replace(test_bundle, event_projects=links), "eu").stories
    # ev-1 names the EU, but its link to Japan's A3 is not a story of an EU project
    assert list(stories["iati_identifier"]) == ["XM-TEST-A1"]


def test_events_without_numbers_are_a_stated_gap(test_bundle):
    # the EU's only event, ev-1, states its participants: no gap until the number is removed
    assert "Events without participant numbers" not in set(donor_profile(test_bundle, "eu").gaps["gap"])
    from dataclasses import replace

    from dashboard.model.schemas import conform

    events = test_bundle.events.copy()
    events.loc[events["event_id"] == "ev-1", "participants"] = pd.NA
    gaps = donor_profile(replace(test_bundle, events=conform(events, "events")), "eu").gaps.set_index("gap")
    assert gaps.loc["Events without participant numbers", "detail"].startswith("1 of 1:")
    assert gaps.loc["Trainings without participant numbers", "count"] == 1


def test_synthetic_stories_are_marked(test_bundle):
    from dataclasses import replace

    from dashboard.model.schemas import conform

    events = test_bundle.events.copy()
    events.loc[events["event_id"] == "ev-1", "synthetic"] = True
    stories = donor_profile(replace(test_bundle, events=conform(events, "events")), "eu").stories
    assert stories.set_index("event_id")["synthetic"].to_dict() == {"ev-1": True}
    assert not donor_profile(test_bundle, "eu").stories["synthetic"].any()
