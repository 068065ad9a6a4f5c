"""Donors page transforms: funds by donor add up, reach per donor, donor -> theme -> country flows."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.model.money import to_usd
from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.donors import (
    NOT_STATED,
    donor_summary,
    donor_theme_country_flows,
    funds_by_donor,
    funds_totals,
)


def test_donor_summary(test_bundle: StoreBundle) -> None:
    s = donor_summary(test_bundle).set_index("donor_id")
    assert list(s.index) == ["usa", "eu", "jpn", "gbr"]  # by commitments
    assert s.loc["usa", "commitments_usd"] == 3_000_000 and s.loc["usa", "funds_received_usd"] == 2_500_000
    assert s.loc["usa", "donor"] == "Government of the United States"
    assert (s.loc["usa", "projects"], s.loc["usa", "countries_reached"]) == (1, 2)
    # Japan: ev-3 named in its release, ev-1 linked to Japan's project A1
    assert (s.loc["jpn", "trainings"], s.loc["jpn", "people_trained"]) == (2, 26 + 30)
    assert s.loc["jpn", "countries_reached"] == 3  # KEN (A1) and THA, MYS (A3, ev-3)
    # the EU's ZWL receipt has no USD rate: counted, not converted
    assert s.loc["eu", "unconverted_amounts"] == 1
    eur = to_usd(1e6, "EUR", dt.date(2022, 3, 1)).value_usd
    assert s.loc["eu", "funds_received_usd"] == pytest.approx(eur)


def test_funds_without_a_provider_are_their_own_row(test_bundle: StoreBundle) -> None:
    tx = test_bundle.transactions.copy()
    tx.loc[tx["provider_donor_id"] == "gbr", "provider_donor_id"] = None
    from dataclasses import replace

    funds = funds_by_donor(replace(test_bundle, transactions=tx)).set_index("donor_id")
    assert funds.loc[NOT_STATED, "commitments_usd"] == 800_000


def test_flows_add_up_to_the_converted_commitments(test_bundle: StoreBundle) -> None:
    flows = donor_theme_country_flows(test_bundle)
    total = funds_totals(test_bundle)["commitments_usd"]
    for stage in ("donor-theme", "theme-country"):
        assert flows.loc[flows["stage"] == stage, "value_usd"].sum() == pytest.approx(total)
    kenya = flows[(flows["stage"] == "theme-country") & (flows["target"] == "Kenya")]
    # A2 (USD 3M, 40 % Kenya, two themes) puts 0.6M in Kenya under each of its themes
    assert kenya.set_index("source").loc["gender", "value_usd"] == pytest.approx(1_200_000 / 2)


def test_flows_merge_small_donors(test_bundle: StoreBundle) -> None:
    flows = donor_theme_country_flows(test_bundle, top_donors=1)
    donors = set(flows.loc[flows["stage"] == "donor-theme", "source"])
    assert donors == {"Government of the United States", "Other donors"}


def test_empty_store() -> None:
    assert donor_summary(empty_bundle()).empty
    assert donor_theme_country_flows(empty_bundle()).empty
    assert funds_totals(empty_bundle()) == {"commitments_usd": None, "funds_received_usd": None}


def test_flows_merge_small_countries(test_bundle: StoreBundle) -> None:
    flows = donor_theme_country_flows(test_bundle, top_countries=2)
    countries = set(flows.loc[flows["stage"] == "theme-country", "target"])
    assert countries == {"Kenya", "Uganda", "Other countries"}
    total = funds_totals(test_bundle)["commitments_usd"]
    assert flows.loc[flows["stage"] == "theme-country", "value_usd"].sum() == pytest.approx(total)


def test_funds_chart_keeps_donor_ids_and_full_names() -> None:
    import pandas as pd

    from dashboard.components.charts import build_funds_by_donor

    summary = pd.DataFrame(
        {
            "donor_id": ["a", "b"],
            "donor": ["Bureau of Something Very Long Indeed, U.S. Department of State", "EU"],
            "commitments_usd": [2.0, 1.0],
            "funds_received_usd": [1.0, 0.0],
        }
    )
    fig = build_funds_by_donor(summary)
    assert [row[0] for row in fig.data[0].customdata] == ["a", "b"]
    assert fig.data[0].y[0].endswith("…") and fig.data[0].customdata[0][1].startswith("Bureau")
