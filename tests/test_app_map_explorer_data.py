"""AppTest of the Map, Explorer and Data pages: the test store, an empty store, URL query parameters,
uploads; plus the Data page's pure parts (sources, quarantine, upload checks)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from store_factory import build_test_tables
from streamlit.testing.v1 import AppTest

from dashboard.bundle_reader import read_bundle
from dashboard.components import maps
from dashboard.errors import Problem
from dashboard.model.roles import AccessConfig, Identity
from dashboard.store import write_store
from dashboard.transform import provenance
from dashboard.uploads import UPLOAD_MAX_BYTES, UploadRejected, check_size, ingest_upload, upload_name

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
MAP, EXPLORER, DATA = "app_pages/map.py", "app_pages/explorer.py", "app_pages/data.py"
EXTERNAL_URL = re.compile(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}|mapbox://|cartocdn", re.IGNORECASE)

IATI_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2025-01-01T00:00:00">
 <iati-activity last-updated-datetime="2025-01-01T00:00:00" default-currency="USD">
  <iati-identifier>XM-UPLOAD-1</iati-identifier>
  <reporting-org ref="XM-DAC-47066" type="40"><narrative>IOM</narrative></reporting-org>
  <title><narrative>UPLOAD test project Cabo Verde</narrative></title>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="CV" percentage="100"/>
  <budget type="1" status="2">
   <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
   <value currency="USD" value-date="2024-01-01">250000</value>
  </budget>
 </iati-activity>
</iati-activities>
"""


def _store_with_extras(folder: Path) -> Path:
    """The shared test store plus a small-island country and two quarantined records."""
    tables = build_test_tables()
    tables["activity_countries"] = pd.concat([tables["activity_countries"], pd.DataFrame(
        [{"iati_identifier": "XM-TEST-A5", "iso3": "CPV", "percentage": None}])], ignore_index=True)
    problems = [
        Problem("bad.xml", "XM-BAD-1", "transaction/value", "not a number: 'abc'", raw="=HYPERLINK(\"x\")",
                severity="rejected"),
        Problem("bad.csv", "row 4", "country", "unknown country 'Atlantis'", raw="Atlantis",
                severity="flagged"),
    ]
    tables["quarantine"] = pd.DataFrame([{
        "file": p.file, "record": p.record, "field": p.field, "reason": p.reason, "raw": p.raw,
        "severity": p.severity, "loaded_at": pd.Timestamp("2025-01-02")} for p in problems])
    write_store(tables, folder)
    return folder


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store_with_extras(tmp_path_factory.mktemp("app") / "store")


@pytest.fixture
def run_page(monkeypatch: pytest.MonkeyPatch):
    """Run one page of the real app against a store, with optional query parameters."""

    def run(page: str, store: Path, params: dict[str, str | list[str]] | None = None,
            user: dict | None = None) -> AppTest:
        monkeypatch.setenv("DASHBOARD_STORE", str(store))
        st.cache_data.clear()  # the cache outlives AppTest instances within one process
        at = AppTest.from_file(str(APP), default_timeout=90)
        if user is not None:
            at.user = user
        for key, value in (params or {}).items():
            at.query_params[key] = value
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def _deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def _country_fills(deck: dict) -> dict[str, list[int]]:
    return {row["iso3"]: row["fill"] for row in deck["layers"][0]["data"]}


def _texts(at: AppTest) -> str:
    """The text of every message as a reader sees it (markdown backslash escapes removed)."""
    parts = [*at.info, *at.caption, *at.warning, *at.success, *at.error, *at.markdown]
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p.value) for p in parts))


# --- Map ---------------------------------------------------------------------------------------------


def test_map_offline_layers_and_small_countries(run_page, full_store):
    at = run_page(MAP, full_store)
    deck = _deck(at)
    assert [layer["id"] for layer in deck["layers"]] == ["countries", "borders", "small_countries", "events"]
    assert deck["mapStyle"] == "/app/static/map-style.json"
    assert not EXTERNAL_URL.search(at.get("deck_gl_json_chart")[0].proto.json)
    small = deck["layers"][2]["data"]
    assert [d["iso3"] for d in small] == ["CPV"]  # Cabo Verde has no 110 m outline: drawn as a point
    assert len(deck["layers"][3]["data"]) == 6  # every test event has a place
    fills = _country_fills(deck)
    assert fills["KEN"] != [*maps.NO_DATA_RGB, 230] and fills["BRA"] == [*maps.NO_DATA_RGB, 230]
    assert "Cabo Verde" in _texts(at)
    assert at.get("deck_gl_json_chart")[0].proto.selection_mode  # clicks are reported (selection on)


def test_map_measure_and_filters_from_the_url(run_page, full_store):
    # Choice widgets carry their label in the URL: ?measure=Trainings&country=KEN
    at = run_page(MAP, full_store, {"measure": "Trainings", "country": "KEN"})
    assert at.button_group(key="measure").value == "trainings"
    assert at.multiselect(key="country").value == ["KEN"]
    fills = _country_fills(_deck(at))
    no_data = [*maps.NO_DATA_RGB, 230]
    assert fills["KEN"] != no_data
    assert fills["UGA"] == no_data and fills["THA"] == no_data  # filtered out
    events = _deck(at)["layers"][3]["data"]
    assert {e["event_id"] for e in events} == {"ev-1", "ev-5"}


def test_map_events_can_be_hidden_from_the_url(run_page, full_store):
    at = run_page(MAP, full_store, {"events": "false"})
    assert at.toggle(key="events").value is False
    deck = _deck(at)
    assert deck["layers"][3]["data"] == []
    assert [d["iso3"] for d in deck["layers"][2]["data"]] == ["CPV"]  # countries are still all there


def test_map_with_nothing_matching(run_page, full_store):
    at = run_page(MAP, full_store, {"date_from": "1990-01-01", "date_to": "1990-12-31"})
    assert "No projects or news events match" in _texts(at)
    deck = _deck(at)
    assert deck["layers"][3]["data"] == [] and deck["layers"][2]["data"] == []


def test_map_empty_store(run_page, tmp_path):
    at = run_page(MAP, tmp_path / "no-store-here")
    assert "No projects or news events match" in _texts(at)
    assert len({row["iso3"] for row in _deck(at)["layers"][0]["data"]}) > 170  # the world is still drawn


# --- Explorer ----------------------------------------------------------------------------------------


def test_explorer_projects_by_default(run_page, full_store):
    at = run_page(EXPLORER, full_store)
    table = at.dataframe[0].value
    assert len(table) == 6 and "IATI identifier" in table.columns and "Source file" in table.columns
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download Excel"]


def test_explorer_table_search_and_sort_from_the_url(run_page, full_store):
    at = run_page(EXPLORER, full_store, {"table": "News events", "search": "training",
                                         "sort_events": "Participants", "desc_events": "true"})
    table = at.dataframe[0].value
    assert table["Event"].tolist() == ["ev-1", "ev-3", "ev-6", "ev-5"]  # 30, 26, 15, then unknown
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["Source link"]["type_config"]["type"] == "link"  # a link, shown as "open release"
    assert "4 of 6 news events" in _texts(at)


def test_explorer_search_typed_by_the_user(run_page, full_store):
    at = run_page(EXPLORER, full_store, {"table": "Transactions"})
    at.text_input(key="search").input("JPY").run()
    table = at.dataframe[0].value
    assert set(table["Currency"]) == {"JPY"} and len(table) == 3


def test_explorer_nothing_found_and_empty_store(run_page, full_store, tmp_path):
    at = run_page(EXPLORER, full_store, {"search": "no such words anywhere"})
    assert "Nothing contains every word" in _texts(at)
    assert not at.dataframe
    at = run_page(EXPLORER, tmp_path / "empty", {"table": "News events"})
    assert "No news events match" in _texts(at)


# --- Data --------------------------------------------------------------------------------------------


def test_data_page_sources_counts_quarantine(run_page, full_store):
    at = run_page(DATA, full_store)
    frames = {len(df.value.columns): df.value for df in at.dataframe}
    sources = next(f for f in frames.values() if "Kind" in f.columns)
    assert sources["File"].tolist() == ["tests/store_factory.py"]
    assert sources["Data from"].iloc[0].isoformat() == "2020-01-01"
    counts = next(f for f in frames.values() if "Holds" in f.columns)
    assert counts.set_index("Table").loc["events", "Rows"] == 6
    quarantine = next(f for f in frames.values() if "Reason" in f.columns)
    assert list(quarantine.columns[:4]) == ["File", "Record", "Field", "Reason"]
    assert set(quarantine["File"]) == {"bad.xml", "bad.csv"}


def test_data_page_quarantine_narrowed_to_a_file(run_page, full_store):
    at = run_page(DATA, full_store)
    at.selectbox(key="quarantine_file").select("bad.csv").run()
    quarantine = next(df.value for df in at.dataframe if "Reason" in df.value.columns)
    assert quarantine["Record"].tolist() == ["row 4"]


def test_data_page_empty_store(run_page, tmp_path):
    at = run_page(DATA, tmp_path / "nothing")
    assert "The store is empty" in _texts(at)
    assert "No record was rejected" in _texts(at)


ADMIN = {"is_logged_in": True, "email": "admin@example.org"}


@pytest.fixture
def as_admin(tmp_path, monkeypatch) -> dict:
    """An access file making ADMIN an admin; returns the user AppTest signs in with."""
    access = tmp_path / "access.toml"
    access.write_text('[users]\n"admin@example.org" = "admin"\n', "utf-8")
    monkeypatch.setenv("DASHBOARD_ACCESS", str(access))
    return ADMIN


def test_upload_loads_once_and_refuses_by_content(run_page, tmp_path, as_admin):
    store = _store_with_extras(tmp_path / "store")
    at = run_page(DATA, store, user=as_admin)
    at.get("file_uploader")[0].upload("cabo verde.txt", IATI_XML, "text/plain")  # IATI despite the name
    _submit(at)
    assert "upload/cabo_verde.txt: 1 records loaded as iati" in _texts(at)
    assert "XM-UPLOAD-1" in set(read_bundle(store).activities["iati_identifier"])
    # The map now shows Cabo Verde's project as a point.
    at_map = run_page(MAP, store)
    assert "CPV" in {d["iso3"] for d in _deck(at_map)["layers"][2]["data"]}
    # The same file again changes nothing.
    before = read_bundle(store).counts()
    at = run_page(DATA, store, user=as_admin)
    at.get("file_uploader")[0].upload("cabo verde.txt", IATI_XML, "text/plain")
    _submit(at)
    assert "already loaded with the same content" in _texts(at)
    assert read_bundle(store).counts() == before
    # A picture renamed .csv is refused by its content, and nothing is written.
    at = run_page(DATA, store, user=as_admin)
    at.get("file_uploader")[0].upload("projects.csv", b"\x89PNG\r\n\x1a\n" + bytes(200), "text/csv")
    _submit(at)
    assert [e.value for e in at.error] == ["The file was not loaded."]
    assert "not a file type the dashboard reads" in "\n".join(t.value for t in at.text)  # plain text
    assert read_bundle(store).counts() == before


def _submit(at: AppTest) -> None:
    submit = next(b for b in at.button if b.label == "Load into the store")
    submit.click().run()
    assert not at.exception, [e.value for e in at.exception]


# --- the Data page's pure parts ----------------------------------------------------------------------


ADMIN_IDENTITY = Identity("admin@example.org", signed_in=True)
ADMIN_ACCESS = AccessConfig(users={"admin@example.org": "admin"})


def test_upload_checks(tmp_path):
    with pytest.raises(UploadRejected, match="empty"):
        check_size("a.csv", 0)
    with pytest.raises(UploadRejected, match="over the 50 MB upload limit"):
        check_size("big.xml", UPLOAD_MAX_BYTES + 1)
    check_size("ok.xml", UPLOAD_MAX_BYTES)
    with pytest.raises(UploadRejected, match="big.xml"):
        ingest_upload("big.xml", IATI_XML, tmp_path / "store", ADMIN_IDENTITY, ADMIN_ACCESS, max_bytes=100)
    assert not (tmp_path / "store").exists()
    assert upload_name("../../etc/passwd") == "upload/passwd"
    assert upload_name("C:\\Users\\me\\My Projects (2024).xlsx") == "upload/My_Projects_2024_.xlsx"
    assert upload_name("...") == "upload/file"


def test_provenance_tables(full_store):
    bundle = read_bundle(full_store)
    sources = provenance.sources_table(bundle)
    row = sources.iloc[0]
    assert row["Projects"] == 6 and row["News events"] == 6
    assert row["Data to"].isoformat() == "2025-06-30"
    counts = provenance.table_counts(bundle).set_index("Table")["Rows"]
    assert counts["activities"] == 6 and counts["quarantine"] == 2
    q = provenance.quarantine_table(bundle)
    assert q.set_index("File").loc["bad.csv", "Severity"] == "flagged (loaded, check it)"
    long_raw = bundle.quarantine.assign(raw="x" * 1000)
    assert len(provenance.quarantine_table(replace(bundle, quarantine=long_raw))["Value"].iloc[0]) == 200
