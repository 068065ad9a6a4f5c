"""AppTest for the Donor profile page: chosen by the ``donor`` URL parameter, figures, share link, brief.

Until the page is registered in ``dashboard/app.py`` the test runs it inside a small entrypoint that does
what app.py does (navigation plus the shared sidebar); afterwards it runs through app.py itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.brief.build import brief_html_bytes
from dashboard.brief.document import usd_text
from dashboard.model.filters import Filters
from dashboard.transform.bundle import read_bundle
from dashboard.transform.donor_profile import donor_profile

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
PAGE = ROOT / "dashboard" / "app_pages" / "donor_profile.py"
HARNESS = f"""
import streamlit as st
from dashboard.components.sidebar import draw_filter_sidebar
page = st.navigation([st.Page({str(PAGE)!r}, title="Donor profile", url_path="donor_profile", default=True)])
draw_filter_sidebar()
page.run()
"""


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    st.cache_data.clear()


@pytest.fixture()
def store(test_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_STORE", str(test_store_dir))
    return test_store_dir


def _run(params: dict[str, str | list[str]] | None = None) -> AppTest:
    registered = "app_pages/donor_profile.py" in APP.read_text("utf-8")
    at = (
        AppTest.from_file(str(APP), default_timeout=90)
        if registered
        else AppTest.from_string(HARNESS, default_timeout=90)
    )
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if registered:
        at.switch_page("app_pages/donor_profile.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_asks_for_a_donor_without_one(store: Path) -> None:
    at = _run()
    assert at.selectbox(key="profile_donor").value is None
    assert any("Choose a donor" in i.value for i in at.info)


def test_donor_from_the_url(store: Path) -> None:
    at = _run({"donor": "European Union"})
    assert "European Union" in [h.value for h in at.header]
    m = _metrics(at)
    assert m["Projects"] == "2" and m["Trainings"] == "1" and m["People trained"] == "30"
    assert m["Women trained"] == "12" and m["Men trained"] == "18"
    assert m["Spent by its projects (USD)"] == "$400.0K"
    captions = " ".join(c.value for c in at.caption)
    assert "synthetic demo data" in captions  # XM-TEST-A4 is synthetic
    assert "not included in the USD totals" in captions  # the ZWL receipt
    funds = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {t["name"] for t in funds["data"]} >= {"Committed (type 11)", "Received (type 1)"}
    gaps = " ".join(m.value for m in at.markdown)
    assert "Projects without results" in gaps and "Amounts without a USD value" in gaps


def test_share_link_carries_donor_and_filters(store: Path) -> None:
    at = _run({"donor": "Government of Japan", "country": "THA", "date_from": "2020-01-01"})
    link = at.code[0].value
    assert "donor=Government+of+Japan" in link and "country=THA" in link and "date_from=2020-01-01" in link
    # the same parameters reproduce the same view
    again = _run({"donor": "Government of Japan", "country": "THA", "date_from": "2020-01-01"})
    assert _metrics(again) == _metrics(at)
    assert _metrics(at)["Projects"] == "1"  # A3 in Thailand; A1 is in Kenya


def test_download_brief_buttons(store: Path) -> None:
    at = _run({"donor": "European Union"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download brief (PDF)" in labels and "HTML version" in labels


def test_several_donors_in_the_sidebar_ask_to_pick_one(store: Path) -> None:
    at = _run({"donor": ["European Union", "Government of Japan"]})
    assert any("pick one above" in i.value for i in at.info)
    assert at.selectbox(key="profile_donor").options == ["European Union", "Government of Japan"]


def test_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_STORE", str(tmp_path / "nothing"))
    at = _run({"donor": "European Union"})
    assert any("holds no donors" in i.value for i in at.info)


def test_brief_callable_of_the_page(test_store_dir: Path) -> None:
    # what the HTML button returns when clicked (charts need a browser: checked in test_brief)
    profile = donor_profile(read_bundle(test_store_dir), "eu")
    html_bytes = brief_html_bytes(profile, Filters(), "v-test")
    text = html_bytes.decode("utf-8")
    assert usd_text(profile.summary.committed_usd) in text and "Donor brief: European Union" in text


def test_text_from_the_data_stays_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store_factory import build_test_tables

    from dashboard.store import write_store

    tables = build_test_tables()
    hostile = "![x](http://evil.example/x.png) *EU* $x$"
    tables["donors"].loc[tables["donors"]["donor_id"] == "eu", "name"] = hostile
    tables["event_sources"].loc[tables["event_sources"]["event_id"] == "ev-1", "url"] = "javascript:alert(1)"
    write_store(tables, tmp_path / "store")
    monkeypatch.setenv("DASHBOARD_STORE", str(tmp_path / "store"))
    at = _run({"donor": hostile})
    header = [h.value for h in at.header if "evil" in h.value]
    assert header == [r"\!\[x\]\(http\://evil\.example/x\.png\) \*EU\* \$x\$"]
    shown = [df.value for df in at.dataframe]
    assert shown and not any(
        df["url"].astype(str).str.startswith("javascript").any() for df in shown if "url" in df.columns
    )


def test_filters_that_match_nothing(store: Path) -> None:
    at = _run({"donor": "European Union", "date_from": "1990-01-01", "date_to": "1990-12-31"})
    assert any("No projects or events of European Union match" in i.value for i in at.info)
    assert not at.get("plotly_chart")
