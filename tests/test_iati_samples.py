"""The real and official IATI files in ../shared/samples/iati, with figures checked by hand in the files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.loaders.base import LoadResult
from dashboard.loaders.iati import load_iati
from dashboard.model.donors import DonorRegistry
from dashboard.model.money import to_usd

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "iati"
IOM = "iom_XM-DAC-47066-DP.2154_diterator_2251362.xml"
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")


def load(name: str) -> LoadResult:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not among the samples")
    return load_iati(path, DonorRegistry.from_reference(), source_name=name)


def test_every_sample_loads_fully() -> None:
    expected = {IOM: 1, "iati_2.03_activity-standard-example-annotated.xml": 1,
                "iatiflattener_canada-activity.xml": 1, "iatiflattener_usaid-humanitarian-activity.xml": 1,
                "iatiflattener_unops-at-activity.xml": 3, "iatiflattener_fcdo-activity.xml": 1,
                "iatikit_fixture-org-activities.xml": 1}
    for name, activities in expected.items():
        result = load(name)
        counts = (result.records_seen, result.records_loaded, result.records_rejected)
        assert counts == (activities, activities, 0), name
        assert not [p for p in result.problems if p.severity != "flagged"], name


def test_iom_activity() -> None:
    result = load(IOM)
    assert result.problems == []
    act = result.tables["activities"].iloc[0]
    assert act["iati_identifier"] == "XM-DAC-47066-DP.2154"
    assert (act["reporting_org_ref"], act["status"], bool(act["humanitarian"])) == ("XM-DAC-47066",
                                                                                     "Implementation", True)
    assert (act["start"], act["end"]) == (pd.Timestamp("2020-03-15"), pd.Timestamp("2021-03-14"))
    assert result.tables["activity_countries"]["iso3"].tolist() == ["SOM"]


def test_iom_donor_is_japan_by_role_1_and_incoming_commitment() -> None:
    result = load(IOM)
    orgs = result.tables["participating_orgs"].set_index("role_code")
    assert orgs.loc["1", "donor_id"] == "jpn" and orgs.loc["1", "ref"] == "XM-DAC-701-2"
    assert orgs.loc["2", "ref"] == "XM-DAC-47066" and pd.isna(orgs.loc["2", "donor_id"])  # IOM: accountable
    tx = result.tables["transactions"].iloc[0]
    assert (tx["transaction_type"], tx["provider_donor_id"], tx["value"], tx["currency"]) == (
        "11", "jpn", 1459753.72, "USD")
    assert tx["value_usd"] == 1459753.72 and tx["date"] == pd.Timestamp("2020-03-01")
    assert result.tables["budgets"]["value_usd"].tolist() == [1459753.72]
    assert result.tables["activity_donors"]["donor_id"].tolist() == ["jpn"]


def test_iom_sectors_and_location() -> None:
    result = load(IOM)
    sectors = result.tables["activity_sectors"].set_index("vocabulary")
    assert sorted(sectors.index) == ["1", "98", "99"]
    assert (sectors.loc["99", "code"], sectors.loc["99", "label"]) == ("DP", "Internally Displaced Persons")
    assert sectors.loc["98", "label"] == "Movement, Emergency and Post-Crisis Migration Management"
    assert sectors.loc["1", "code"] == "72010"
    office = result.tables["locations"].iloc[0]
    assert (office["lat"], office["lon"]) == (2.013475, 45.306415)  # "latitude longitude"
    assert "displacement and emergency" in result.tables["activity_themes"]["theme"].tolist()


def test_canada_seven_countries_with_shares_and_english_narratives() -> None:
    result = load("iatiflattener_canada-activity.xml")
    countries = dict(zip(result.tables["activity_countries"]["iso3"],
                         result.tables["activity_countries"]["percentage"], strict=True))
    assert countries == {"BFA": 14.29, "BOL": 14.29, "CIV": 14.29, "KHM": 14.28, "MLI": 14.28, "NIC": 14.28,
                         "VNM": 14.29}
    assert result.problems == []  # 4 x 14.29 + 3 x 14.28 = 100: nothing to flag
    act = result.tables["activities"].iloc[0]
    assert act["title"] == "Partnerships for Municipal Innovation in Local Economic Development"
    assert result.tables["participating_orgs"].set_index("role_code").loc["1", "donor_id"] == "can"


def test_canada_money_and_empty_points() -> None:
    result = load("iatiflattener_canada-activity.xml")
    tx = result.tables["transactions"]
    assert (tx["transaction_type"] == "3").sum() == 12
    assert tx.loc[tx["transaction_type"] == "3", "value"].sum() == 18788937
    assert tx.loc[tx["transaction_type"] == "2", "value"].tolist() == [19570705]
    assert set(tx["currency"]) == {"CAD"} and tx["usd_converted"].all()
    assert result.tables["budgets"]["value"].sum() == 19582333
    locations = result.tables["locations"]
    assert len(locations) == 7 and locations["lat"].isna().all()  # empty <point>: no invented coordinates
    assert result.tables["results"]["measure"].tolist() == ["Qualitative", "Qualitative"]


def test_unops_three_activities_with_padded_values() -> None:
    result = load("iatiflattener_unops-at-activity.xml")
    acts = result.tables["activities"]
    assert acts["iati_identifier"].tolist() == ["41AAA-22482-001", "41AAA-23652-001", "41AAA-20543-003"]
    assert result.tables["budgets"]["value"].tolist() == [9156342, 821871, 55985220]
    assert result.tables["transactions"]["value"].tolist() == [1321549, 671101, 50890905]
    assert result.tables["activity_countries"]["iso3"].tolist() == ["AUT"] * 3
    assert result.tables["activity_donors"].empty  # no funder, no incoming funds: no donor invented


def test_annotated_example_results_regions_and_money() -> None:
    result = load("iati_2.03_activity-standard-example-annotated.xml")
    res = result.tables["results"].iloc[0]
    assert (res["result"], res["indicator"], res["measure"]) == ("Result title", "Indicator title", "Unit")
    assert (res["baseline"], res["target"], res["actual"]) == (10, 10, 11)
    assert res["period_start"] == pd.Timestamp("2013-01-01")
    assert res["period_end"] == pd.Timestamp("2013-03-31")
    regions = result.tables["activity_regions"].set_index("region_code")
    assert regions.loc["489", "region"] == "South America, regional"
    assert regions.loc["A1", "vocabulary"] == "99" and regions["percentage"].tolist() == [25, 25]
    assert sorted(result.tables["activity_countries"]["iso3"]) == ["AFG", "ATG"]
    assert result.problems == []  # 25 + 25 countries + 25 + 25 regions = 100
    tx = result.tables["transactions"].iloc[0]
    expected = to_usd(1000.0, "EUR", dt.date(2012, 1, 1))
    assert (tx["currency"], tx["value"]) == ("EUR", 1000)
    assert tx["value_usd"] == pytest.approx(expected.value_usd) and tx["usd_converted"]
    assert result.tables["activities"].iloc[0]["title"] == "Activity title"
    locations = result.tables["locations"]
    assert locations[["lat", "lon"]].values.tolist() == [[31.616944, 65.716944], [11.55, 104.9167]]


def test_usaid_countries_on_transactions_and_implementing_partner() -> None:
    result = load("iatiflattener_usaid-humanitarian-activity.xml")
    assert result.tables["activity_countries"]["iso3"].tolist() == ["DZA"]  # given on each transaction only
    orgs = result.tables["participating_orgs"].set_index("role_code")
    assert orgs.loc["4", "name"] == "World Food Program" and orgs.loc["1", "donor_id"] == "usa-usaid"
    tx = result.tables["transactions"]
    assert tx.loc[tx["transaction_type"] == "2", "value"].tolist() == [2000000]
    assert tx.loc[tx["transaction_type"] == "3", "value"].sum() == 1999998


def test_fcdo_negative_budget_is_kept_and_flagged() -> None:
    result = load("iatiflattener_fcdo-activity.xml")
    assert result.tables["budgets"]["value"].tolist() == [514717, 939770, 1276100, -9077]
    (problem,) = result.problems
    assert (problem.severity, problem.field) == ("flagged", "budget[4]/value")
    assert len(result.tables["transactions"]) == 14
    assert result.tables["activity_donors"]["donor_id"].tolist() == ["gbr"]


def test_iatikit_fixture_region_998_and_default_currency() -> None:
    result = load("iatikit_fixture-org-activities.xml")
    region = result.tables["activity_regions"].iloc[0]
    assert (region["region_code"], region["region"]) == ("998", "Developing countries, unspecified")
    tx = result.tables["transactions"].iloc[0]
    assert (tx["value"], tx["currency"], tx["transaction_type_label"]) == (171.19, "GBP", "Expenditure")
    act = result.tables["activities"].iloc[0]
    assert (act["start"], act["end"]) == (pd.Timestamp("2011-10-01"), pd.Timestamp("2019-09-30"))
    assert act["status"] == "Suspended"
