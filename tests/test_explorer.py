"""The Explorer's tables: one row per record, codes with labels, safe links, search and sort."""

from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.components.data_table import to_csv_bytes, to_excel_bytes
from dashboard.model.schemas import conform
from dashboard.transform import explorer as ex
from dashboard.transform.bundle import empty_bundle


def test_projects_table(test_bundle):
    table = ex.projects_table(test_bundle).set_index("IATI identifier")
    assert len(table) == len(test_bundle.activities)
    a2 = table.loc["XM-TEST-A2"]
    assert a2["Countries"] == "Uganda (UGA); Kenya (KEN)"
    assert a2["Donors"] == "Government of the United States"
    assert a2["Themes"] == "counter-trafficking; gender"
    assert a2["Budget (USD)"] == pytest.approx(3_000_000)
    assert a2["Source file"] == "tests/store_factory.py"
    assert table.loc["XM-TEST-A4", "Synthetic"]
    assert pd.isna(table.loc["XM-TEST-A6", "Budget (USD)"])  # no budget: missing, not 0


def test_codes_shown_with_their_label():
    bundle = replace(empty_bundle(), activities=conform(pd.DataFrame({
        "iati_identifier": ["X-1", "X-2"], "status_code": ["2", None], "status": [None, "Closed"],
        "source_file": ["f.xml", "g.csv"], "url": ["javascript:alert(1)", "https://iati.example/X-2"],
    }), "activities"), activity_sectors=conform(pd.DataFrame({
        "iati_identifier": ["X-1"], "vocabulary": ["1"], "code": ["15190"], "label": [None],
    }), "activity_sectors"))
    table = ex.projects_table(bundle).set_index("IATI identifier")
    assert table.loc["X-1", "Status"] == "Implementation (2)"
    assert table.loc["X-2", "Status"] == "Closed"
    assert table.loc["X-1", "Sectors"] == ("Facilitation of orderly, safe, regular and responsible migration "
                                           "and mobility (15190)")
    # A script address from a file never becomes a link.
    assert pd.isna(table.loc["X-1", "Link"])
    assert table.loc["X-2", "Link"] == "https://iati.example/X-2"


def test_transactions_table(test_bundle):
    table = ex.transactions_table(test_bundle)
    assert len(table) == len(test_bundle.transactions)
    assert set(table["Type"]) == {"Incoming Funds (1)", "Incoming Commitment (11)", "Expenditure (4)"}
    zwl = table[table["Currency"] == "ZWL"].iloc[0]
    assert zwl["Value"] == 9_000_000 and pd.isna(zwl["Value (USD)"])  # no rate: never guessed
    eur = table[(table["Currency"] == "EUR") & (table["Type"] == "Incoming Funds (1)")].iloc[0]
    assert eur["Converted to USD"] and eur["Value (USD)"] > 0
    assert eur["Project"] == "TEST border posts Kenya"


def test_events_table(test_bundle):
    table = ex.events_table(test_bundle).set_index("Event")
    assert len(table) == len(test_bundle.events)
    ev3 = table.loc["ev-3"]
    assert ev3["Held in"] == "Thailand (THA)"
    assert ev3["Participants from"] == "Malaysia (MYS)"
    assert ev3["Linked projects"] == "XM-TEST-A3"
    assert ev3["Source link"] == "https://example.org/test/ev-3"
    assert table.loc["ev-5", "Date"].isoformat() == "2024-03-15"  # no start date: the publication date


def test_event_links_keep_only_web_addresses():
    bundle = replace(empty_bundle(), events=conform(pd.DataFrame({
        "event_id": ["e"], "urls": ["javascript:alert(1) https://ok.example/a https://ok.example/b"],
    }), "events"))
    row = ex.events_table(bundle).iloc[0]
    assert row["Source link"] == "https://ok.example/a"
    assert row["Web sources"] == 2


def test_exports_neutralise_formulas(test_bundle):
    table = ex.events_table(test_bundle)
    csv_text = to_csv_bytes(table).decode("utf-8-sig")
    assert "'=TEST women border guards Guatemala" in csv_text
    sheet = pd.read_excel(io.BytesIO(to_excel_bytes(table)))
    assert "'=TEST women border guards Guatemala" in set(sheet["Title"])


def test_empty_store_gives_empty_tables_with_columns():
    for build in (ex.projects_table, ex.transactions_table, ex.events_table):
        table = build(empty_bundle())
        assert table.empty and len(table.columns) > 5


def test_search_every_word_any_column(test_bundle):
    events = ex.events_table(test_bundle)
    found = ex.search(events, "kenya TRAIN")
    assert set(found["Event"]) == {"ev-1", "ev-5"}
    assert set(ex.search(events, "malaysia")["Event"]) == {"ev-3"}  # a participant country
    assert ex.search(events, "kenya guatemala").empty
    assert ex.search(events, "   ").equals(events)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=12))
def test_search_never_adds_rows(query):
    table = pd.DataFrame({"a": ["Kenya (KEN)", None, "Uganda"], "b": [1, 2, None]})
    found = ex.search(table, query)
    assert set(found.index) <= set(table.index)
    assert found.equals(table.loc[found.index])


def test_sort_table():
    table = pd.DataFrame({"n": [2, None, 1, 2], "k": ["a", "b", "c", "d"]}).astype({"n": "Int64"})
    assert ex.sort_table(table, "n")["k"].tolist() == ["c", "a", "d", "b"]
    assert ex.sort_table(table, "n", descending=True)["k"].tolist() == ["a", "d", "c", "b"]
    assert ex.sort_table(table, None).equals(table)
    assert ex.sort_table(table, "not a column").equals(table)


def test_safe_url_and_with_code():
    assert ex.safe_url("https://x.example/a?b=1") == "https://x.example/a?b=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>", "//x.example", None, 3,
                "https://x.example/\"onmouseover=alert(1)"):
        assert ex.safe_url(bad) is None
    assert ex.with_code("Kenya", "KEN") == "Kenya (KEN)"
    assert ex.with_code(None, "KEN") == "KEN"
    assert ex.with_code("Kenya", None) == "Kenya"
    assert ex.with_code(None, None) is None
