"""IATI loader: one hand-written fixture per quirk of real IATI files (tests/fixtures/iati)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard.loaders.base import LoadResult
from dashboard.loaders.iati import COLUMNS, iter_iati_chunks, load_iati
from dashboard.loaders.iati_fields import V1, V2, derive_dates, field_map_for
from dashboard.model.codelists import codelist
from dashboard.model.money import to_usd
from dashboard.model.schemas import TABLES
from dashboard.model.theme_mapping import activity_themes, themes_for_sector
from dashboard.model.themes import THEMES

FIXTURES = Path(__file__).parent / "fixtures" / "iati"


def load(name: str) -> LoadResult:
    from dashboard.model.donors import DonorRegistry

    return load_iati(FIXTURES / name, DonorRegistry.from_reference(), source_name=name)


def one(frame: pd.DataFrame, **where: object) -> pd.Series:
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, f"{len(rows)} rows for {where}"
    return rows.iloc[0]


def ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text)


# --- the result's shape -----------------------------------------------------------------------------------

def test_every_table_is_returned_with_its_declared_columns() -> None:
    result = load("single_activity.xml")
    assert result.kind == "iati"
    assert set(result.tables) == set(COLUMNS)
    for name, frame in result.tables.items():
        assert list(frame.columns) == list(TABLES[name].columns), name
        assert dict(frame.dtypes.astype(str)) == {c: str(pd.Series(dtype=d).dtype)
                                                  for c, d in TABLES[name].columns.items()}, name


def test_source_file_is_the_given_name_else_the_path() -> None:
    from dashboard.model.donors import DonorRegistry

    assert set(load("single_activity.xml").tables["activities"]["source_file"]) == {"single_activity.xml"}
    path = FIXTURES / "single_activity.xml"
    result = load_iati(path, DonorRegistry.from_reference())
    assert result.file == str(path)
    assert set(result.tables["activities"]["source_file"]) == {str(path)}


# --- IOM's own shape --------------------------------------------------------------------------------------

def test_single_activity_without_wrapper_loads_with_every_part() -> None:
    result = load("single_activity.xml")
    assert (result.records_seen, result.records_loaded, result.problems) == (1, 1, [])
    act = one(result.tables["activities"], iati_identifier="XM-DAC-47066-TEST.0001")
    assert act["title"] == "Assistance to displaced families in Namibia"
    assert act["reporting_org_ref"] == "XM-DAC-47066"
    assert (act["status_code"], act["status"]) == ("2", "Implementation")
    assert bool(act["humanitarian"]) is True
    assert act["default_currency"] == "USD"
    assert act["last_updated"] == ts("2024-05-02 08:30:00")
    assert act["record_kind"] == "iati"
    assert not act["synthetic"]


def test_start_and_end_are_actual_else_planned() -> None:
    act = one(load("single_activity.xml").tables["activities"])
    # start: only planned is given; end: actual (2024-02-29, a real leap day) beats planned.
    assert act["start_planned"] == ts("2023-01-15") and pd.isna(act["start_actual"])
    assert act["start"] == ts("2023-01-15")
    assert (act["end_planned"], act["end_actual"]) == (ts("2023-12-31"), ts("2024-02-29"))
    assert act["end"] == ts("2024-02-29")
    assert derive_dates({"start_planned": "2020-01-01", "start_actual": None, "end_planned": None}) == {
        "start": "2020-01-01", "end": None}


def test_namibia_code_na_is_a_country_not_missing() -> None:
    countries = load("single_activity.xml").tables["activity_countries"]
    assert countries["iso3"].tolist() == ["NAM"]
    assert countries["percentage"].isna().all()  # no percentage published: none invented


def test_pos_is_latitude_then_longitude() -> None:
    loc = one(load("single_activity.xml").tables["locations"])
    assert (loc["lat"], loc["lon"]) == (-22.5609, 17.0658)
    assert (loc["name"], loc["admin_code"], loc["admin_vocabulary"], loc["admin_level"]) == (
        "Windhoek office", "NA-KH", "A4", "1")


def test_donor_from_role_1_and_from_provider_of_incoming_commitment() -> None:
    result = load("single_activity.xml")
    orgs = result.tables["participating_orgs"]
    funder = one(orgs, role_code="1")
    assert (funder["role"], funder["ref"], funder["donor_id"], funder["org_type_label"]) == (
        "Funding", "XM-DAC-701-2", "jpn", "Government")
    iom = one(orgs, role_code="2")  # IOM reports itself as accountable: never a donor of its own work
    assert iom["role"] == "Accountable" and pd.isna(iom["donor_id"])
    tx = result.tables["transactions"]
    assert one(tx, transaction_type="11")["provider_donor_id"] == "jpn"
    assert pd.isna(one(tx, transaction_type="4")["provider_donor_id"])
    donors = result.tables["activity_donors"]
    assert donors[["iati_identifier", "donor_id"]].values.tolist() == [["XM-DAC-47066-TEST.0001", "jpn"]]
    evidence = donors["evidence"].iloc[0]
    assert "participating-org role 1" in evidence and "transaction type 11" in evidence


def test_transaction_currency_defaults_to_the_activity_and_negative_values_are_kept() -> None:
    result = load("single_activity.xml")
    tx = result.tables["transactions"]
    commitment = one(tx, transaction_type="11")
    assert (commitment["value"], commitment["currency"], commitment["value_usd"]) == (250000, "USD", 250000)
    assert commitment["transaction_type_label"] == "Incoming Commitment"
    assert not commitment["usd_converted"] and pd.isna(commitment["usd_rate_date"])  # USD is not converted
    correction = one(tx, transaction_type="4")
    assert correction["value"] == -1250.5  # corrections are legitimate in IATI: kept, not flagged
    assert correction["receiver_ref"] == "XM-DAC-47066"
    assert result.problems == []


def test_sectors_keep_vocabularies_and_iom_labels_come_from_the_file() -> None:
    sectors = load("single_activity.xml").tables["activity_sectors"]
    assert sorted(sectors["vocabulary"]) == ["1", "98", "99"]
    assert one(sectors, vocabulary="99")["label"] == "Internally Displaced Persons"
    assert one(sectors, vocabulary="98")["code"] == "01"
    assert one(sectors, vocabulary="1")["label"] == codelist("Sector")["72010"]


def test_results_one_row_per_indicator_period() -> None:
    results = load("single_activity.xml").tables["results"].sort_values("period_start")
    assert results["result"].unique().tolist() == ["Families sheltered"]
    assert results["indicator"].unique().tolist() == ["Number of families in safe shelter"]
    assert results["measure"].unique().tolist() == ["Unit"]
    assert results["baseline"].tolist() == [0, 0]
    assert results["target"].tolist() == [200, 400]
    assert results["actual"].tolist() == [180, 415.5]
    assert results["period_end"].tolist() == [ts("2023-06-30"), ts("2023-12-31")]


def test_themes_come_from_sectors_and_say_which() -> None:
    themes = load("single_activity.xml").tables["activity_themes"]
    row = one(themes, theme="displacement and emergency")
    assert "sector 99:DP" in row["derived_from"] and "sector 1:72010" in row["derived_from"]
    assert set(themes["theme"]) <= set(THEMES)


# --- versions ---------------------------------------------------------------------------------------------

def test_v1_codes_are_translated_to_v2() -> None:
    result = load("v1_activities.xml")
    assert result.problems == []
    tx = result.tables["transactions"].sort_values("date")
    assert tx["transaction_type"].tolist() == ["1", "2", "3", "4"]
    assert tx["transaction_type_label"].tolist() == ["Incoming Funds", "Outgoing Commitment", "Disbursement",
                                                     "Expenditure"]
    assert tx["currency"].unique().tolist() == ["EUR"]
    assert one(tx, transaction_type="1")["provider_donor_id"] == "deu"
    orgs = result.tables["participating_orgs"]
    roles = sorted(zip(orgs["role_code"], orgs["role"], strict=True))
    assert roles == [("1", "Funding"), ("4", "Implementing")]
    assert one(orgs, role_code="1")["name"] == "Germany"


def test_v1_text_dates_locations_and_sector_vocabularies() -> None:
    result = load("v1_activities.xml")
    act = one(result.tables["activities"])
    assert act["title"] == "Labour migration support"
    assert act["description"] == "Helping labour migrants find work."
    assert (act["start"], act["end"]) == (ts("2012-02-01"), ts("2013-12-31"))
    countries = result.tables["activity_countries"]
    assert dict(zip(countries["iso3"], countries["percentage"], strict=True)) == {"XKX": 60, "ALB": 40}
    loc = one(result.tables["locations"])
    assert (loc["lat"], loc["lon"], loc["name"], loc["admin_code"]) == (42.6629, 21.1655, "Pristina", "PR")
    sectors = result.tables["activity_sectors"]
    assert sorted(zip(sectors["vocabulary"], sectors["code"], strict=True)) == [("1", "15190"), ("99", "LM")]
    results = one(result.tables["results"])
    assert (results["indicator"], results["target"], results["actual"]) == ("Number placed", 500, 430)


def test_v1_budget_converted_with_the_value_date_year() -> None:
    budget = one(load("v1_activities.xml").tables["budgets"])
    expected = to_usd(100000.0, "EUR", dt.date(2012, 1, 1))
    assert budget["currency"] == "EUR" and budget["usd_converted"]
    assert budget["value_usd"] == pytest.approx(expected.value_usd)
    assert budget["usd_rate_date"] == pd.Timestamp(expected.rate_date)
    assert 1.2 < budget["value_usd"] / budget["value"] < 1.4  # the 2012 average was about 1.28 USD per EUR


def test_field_maps_v2_overrides_v1_only_where_they_differ() -> None:
    assert V1.paths.keys() == V2.paths.keys()
    differing = {k for k in V1.paths if V1.paths[k] != V2.paths[k]}
    assert "transaction.type" not in differing and "activity.title" in differing
    assert field_map_for("1.05") is V1 and field_map_for("2.03") is V2 and field_map_for(None) is V2


@pytest.mark.parametrize(("kind", "codelist_name"), [("transaction_type", "TransactionType"),
                                                     ("org_role", "OrganisationRole"),
                                                     ("activity_date_type", "ActivityDateType")])
def test_every_v1_code_has_a_v2_translation(kind: str, codelist_name: str) -> None:
    for code in codelist(f"{codelist_name}-v1"):
        assert V1.translate(kind, code) in codelist(codelist_name), code


# --- languages, percentages, money ------------------------------------------------------------------------

def test_narratives_english_else_first_by_the_activity_language() -> None:
    acts = load("narratives.xml").tables["activities"].set_index("iati_identifier")
    assert acts.loc["XM-DAC-47066-LANG-1", "title"] == "Support to migrants"
    assert acts.loc["XM-DAC-47066-LANG-1", "description"] == "Description en français"
    assert acts.loc["XM-DAC-47066-LANG-2", "title"] == "English title"
    assert acts.loc["XM-DAC-47066-LANG-3", "title"] == "Title in capitals"


def test_percentages_kept_and_flagged_when_not_100() -> None:
    result = load("percentages.xml")
    countries = result.tables["activity_countries"]
    assert dict(zip(countries["iso3"], countries["percentage"], strict=True)) == {
        "NAM": 50, "XKX": 30, "SOM": 50, "KEN": 40, "MLI": 33.33, "NER": 33.33, "BFA": 33.33}
    region = one(result.tables["activity_regions"])
    assert (region["region_code"], region["region"], region["percentage"]) == ("298", "Africa, regional", 20)
    flagged = {(p.record, p.field) for p in result.problems}
    assert all(p.severity == "flagged" for p in result.problems)
    assert flagged == {("XM-DAC-47066-PCT-2", "recipient-country + recipient-region"),
                       ("XM-DAC-47066-PCT-2", "sector vocabulary 1")}
    assert result.records_loaded == 3


def test_currency_own_else_default_and_usd_dated() -> None:
    result = load("currencies.xml")
    tx = result.tables["transactions"]
    assert len(tx) == 4  # the XYZ transaction is quarantined
    by_value = tx.set_index("value")
    gbp = by_value.loc[1000]
    assert gbp["currency"] == "GBP"
    assert gbp["value_usd"] == pytest.approx(to_usd(1000.0, "GBP", dt.date(2019, 6, 30)).value_usd)
    eur = by_value.loc[2000]
    assert eur["currency"] == "EUR"  # the activity's default
    assert eur["usd_rate_date"] == pd.Timestamp(to_usd(2000.0, "EUR", dt.date(2020, 3, 1)).rate_date)
    assert by_value.loc[400, "currency"] == "USD"
    budget = one(result.tables["budgets"])
    assert (budget["currency"], budget["usd_converted"]) == ("EUR", True)
    assert budget["value_usd"] == pytest.approx(to_usd(5000.0, "EUR", dt.date(2021, 1, 1)).value_usd)
    no_currency = by_value.loc[10]
    assert pd.isna(no_currency["currency"]) and pd.isna(no_currency["value_usd"])


def test_duplicate_identifiers_are_all_kept_with_their_last_updated() -> None:
    acts = load("duplicate_identifier.xml").tables["activities"]
    assert acts["iati_identifier"].tolist() == ["XM-DAC-47066-DUP-1"] * 2
    # The second is 2024-03-01 12:00 at +02:00: 10:00 UTC.
    assert acts["last_updated"].tolist() == [ts("2023-01-01"), ts("2024-03-01 10:00")]
    newest = acts.sort_values("last_updated").iloc[-1]
    assert newest["title"] == "New"


def test_synthetic_flag_from_the_root_or_the_activity_in_its_namespace() -> None:
    assert load("synthetic_root.xml").tables["activities"]["synthetic"].tolist() == [True, True]
    acts = load("synthetic_activity.xml").tables["activities"].set_index("iati_identifier")
    assert bool(acts.loc["SYN-ACT-1", "synthetic"]) is True
    assert bool(acts.loc["REAL-ACT-2", "synthetic"]) is False  # a bare synthetic="true" is not the marker


def test_chunks_add_up_to_the_whole_load() -> None:
    from dashboard.model.donors import DonorRegistry

    path = FIXTURES / "percentages.xml"
    chunks = list(iter_iati_chunks(path, DonorRegistry.from_reference(), chunk_activities=1))
    whole = load_iati(path, DonorRegistry.from_reference())
    assert sum(c.records_seen for c in chunks) == whole.records_seen == 3
    for name in COLUMNS:
        joined = pd.concat([c.tables[name] for c in chunks], ignore_index=True)
        pd.testing.assert_frame_equal(joined, whole.tables[name], check_dtype=True)


# --- theme mapping ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("vocabulary", "code", "label", "theme"), [
    ("1", "15190", None, "migration governance"),
    ("1", "72040", None, "displacement and emergency"),
    ("1", "12220", None, "migration health"),
    ("2", "740", None, "climate and environment"),
    ("99", "CT", "Counter-trafficking", "counter-trafficking"),
    ("99", "RR", "Return and Reintegration", "return and reintegration"),
    ("98", "02", "Migration Health", "migration health"),
    ("99", "IB", "Immigration and Border Management", "border management"),
    ("99", "LM", "Labour Migration", "labour migration"),
])
def test_theme_of_a_sector(vocabulary: str, code: str, label: str | None, theme: str) -> None:
    assert theme in themes_for_sector(vocabulary, code, label)


def test_broad_or_unknown_sectors_give_no_theme() -> None:
    assert themes_for_sector("1", "15110", "Public sector policy") == ()
    assert themes_for_sector("99", "ZZ", None) == ()
    assert activity_themes([("1", "15110", None)]) == {}


def test_countries_given_only_on_transactions_reach_the_activity() -> None:
    result = load("transaction_geography.xml")
    assert result.problems == []
    assert result.tables["activity_countries"]["iso3"].tolist() == ["XKX", "NAM"]
    assert result.tables["activity_countries"]["percentage"].isna().all()  # no share is published
    region = one(result.tables["activity_regions"])
    assert (region["region_code"], region["region"]) == ("89", "Europe, regional")


# --- memory -----------------------------------------------------------------------------------------------

def _peak_growth_mb(path: Path) -> float:
    """Peak RSS growth (MB) of streaming ``path`` in a fresh process, over the loader's own imports."""
    import json
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import json, resource
        from pathlib import Path
        from dashboard.loaders.iati import iter_iati_chunks
        from dashboard.model.countries import iso3_from_iso2
        from dashboard.model.donors import DonorRegistry
        iso3_from_iso2("SO")
        registry = DonorRegistry.from_reference()
        path = Path({str(path)!r})
        # A first small pass warms the lazily built parts of pandas/pyarrow, so only the data counts.
        next(iter_iati_chunks(path, registry, chunk_activities=50))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        loaded = sum(chunk.records_loaded for chunk in iter_iati_chunks(path, registry))
        print(json.dumps({{"loaded": loaded,
                          "growth": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}}))
    """)
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["loaded"] > 0
    return out["growth"]


@pytest.mark.slow
def test_streaming_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    import importlib.util

    bench = Path(__file__).resolve().parents[1] / "bench" / "bench_iati.py"
    spec = importlib.util.spec_from_file_location("bench_iati", bench)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    module.generate(small, 5)
    module.generate(large, 25)
    growth_small, growth_large = _peak_growth_mb(small), _peak_growth_mb(large)
    # Five times the file, about the same memory: a chunk's rows, never the whole file.
    assert growth_large < growth_small + 20, (growth_small, growth_large)
    assert growth_large < 60


def test_rows_are_built_by_column_name_in_the_schema_order() -> None:
    from dashboard.loaders.iati import NOT_FROM_IATI, _Activity

    for name, columns in COLUMNS.items():
        assert columns == tuple(c for c in TABLES[name].columns if c not in NOT_FROM_IATI.get(name, ()))
    activity = _Activity("A", "en", None, {"activity_countries": []}, [])  # type: ignore[arg-type]
    activity.add("activity_countries", percentage=50.0, iso3="KEN", iati_identifier="A")
    assert activity.rows["activity_countries"] == [("A", "KEN", 50.0)]
    with pytest.raises(KeyError):
        activity.add("activity_countries", iati_identifier="A", iso3="KEN", share=50.0)
    with pytest.raises(TypeError):
        activity.add("activity_countries", iati_identifier="A", iso3="KEN")
