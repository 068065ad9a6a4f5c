"""Country profile transforms: the country's share of multi-country projects, and its facts."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.country import country_facts, country_projects, country_shares


def test_shares_use_reported_percentages(test_bundle: StoreBundle) -> None:
    shares = country_shares(test_bundle, "KEN")
    assert shares.to_dict() == {"XM-TEST-A1": 1.0, "XM-TEST-A2": 0.4, "XM-TEST-A6": 1.0}


def test_shares_fall_back_to_equal_parts(test_bundle: StoreBundle) -> None:
    ac = test_bundle.activity_countries.copy()
    ac["percentage"] = pd.NA
    ac = ac.drop(columns="share")  # shares are derived from the percentages when the store is read
    shares = country_shares(replace(test_bundle, activity_countries=ac), "UGA")
    assert shares.to_dict() == {"XM-TEST-A2": 0.5}


def test_country_projects(test_bundle: StoreBundle) -> None:
    p = country_projects(test_bundle, "KEN").set_index("iati_identifier")
    assert list(p.index) == ["XM-TEST-A1", "XM-TEST-A2", "XM-TEST-A6"]
    assert p.loc["XM-TEST-A2", "share_pct"] == 40.0
    assert p.loc["XM-TEST-A2", "country_budget_usd"] == pytest.approx(0.4 * 3_000_000)
    assert p.loc["XM-TEST-A2", "country_funds_received_usd"] == pytest.approx(0.4 * 2_500_000)
    assert p.loc["XM-TEST-A1", "donors"] == "European Union, Government of Japan"
    assert pd.isna(p.loc["XM-TEST-A6", "budget_usd"])  # no budget: missing, not zero


def test_a_country_without_projects(test_bundle: StoreBundle) -> None:
    assert country_projects(test_bundle, "FRA").empty
    assert country_projects(empty_bundle(), "KEN").empty


def test_country_facts() -> None:
    kenya = country_facts("KEN")
    assert (kenya.name, kenya.region, kenya.known) == ("Kenya", "Africa", True)
    assert country_facts("XKX").known  # Kosovo, outside ISO 3166 but in the taxonomy
    unknown = country_facts("QQQ")
    assert not unknown.known and unknown.name == "QQQ"
