"""AppTest for the Donor profile page: chosen by the ``donor`` URL parameter, figures, share link, brief.

Until the page is registered in ``dashboard/app.py`` the test runs it inside a small entrypoint that does
what app.py does (navigation plus the shared sidebar); afterwards it runs through app.py itself.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import streamlit as st
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from dashboard.brief.build import brief_html_bytes
from dashboard.brief.document import usd_text
from dashboard.bundle_reader import read_bundle
from dashboard.model.filters import Filters
from dashboard.transform.donor_profile import donor_profile
from dashboard.transform.measures import format_measure

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
PAGE = ROOT / "dashboard" / "app_pages" / "donor_profile.py"
HARNESS = f"""
import streamlit as st
from dashboard.components.sidebar import draw_filter_sidebar
from dashboard.data_access import filter_choices
page = st.navigation([st.Page({str(PAGE)!r}, title="Donor profile", url_path="donor_profile", default=True)])
draw_filter_sidebar(filter_choices())
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
    assert m["Spent by the projects it funds (USD)"] == "$400.0K"
    assert m["Budget (USD)"] != "not stated" and m["Officials trained"] == "not stated"
    captions = " ".join(c.value for c in at.caption)
    assert "synthetic demo data" in captions  # XM-TEST-A4 is synthetic
    assert "not included in the USD totals" in captions  # the ZWL receipt
    funds = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert {t["name"] for t in funds["data"]} >= {"Commitments from this donor (type 11)",
                                                  "Funds received from this donor (type 1)"}
    gaps = " ".join(m.value for m in at.markdown)
    assert "Projects without results" in gaps and "Amounts without a USD value" in gaps


def test_share_link_carries_donor_and_filters(store: Path) -> None:
    at = _run({"donor": "Government of Japan", "country": "THA", "date_from": "2020-01-01"})
    link = at.code[0].value
    # a bare code in the link comes back as the picker's label, which names the country and keeps its code
    assert "donor=Government+of+Japan" in link and "country=Thailand+%28THA%29" in link
    assert "date_from=2020-01-01" in link
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
    assert usd_text(profile.summary.commitments_usd) in text and "Donor brief: European Union" in text


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


def _metric_in_browser(page, label: str) -> str:
    card = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True))
    return card.locator('[data-testid="stMetricValue"]').inner_text()


@pytest.mark.browser
@pytest.mark.slow
def test_in_a_real_browser_link_round_trip_and_brief_download(test_store_dir: Path, tmp_path: Path) -> None:
    """A real server and headless Chromium: the donor and filters come from the URL, the link shown opens the
    same view, the brief downloads as a PDF, and nothing is requested from another host."""
    import os
    import subprocess
    import sys
    from urllib.parse import urlsplit

    from playwright.sync_api import sync_playwright
    from test_browser import APP_DONE, CHROMIUM, _free_port, _wait_until_healthy  # skips without Chromium

    registered = "app_pages/donor_profile.py" in APP.read_text("utf-8")
    if registered:  # the page's address as app.py registers it
        found = re.search(r'app_pages/donor_profile\.py"[^)]*url_path="([^"]+)"', APP.read_text("utf-8"))
        cwd, script, path = ROOT, "dashboard/app.py", f"/{found.group(1) if found else 'donor_profile'}"
    else:  # the entrypoint above, beside the app's static files and config (the map style is served)
        cwd, script, path = tmp_path, "app.py", "/"
        (tmp_path / "app.py").write_text(HARNESS, "utf-8")
        (tmp_path / "static").symlink_to(ROOT / "dashboard" / "static")
        (tmp_path / ".streamlit").symlink_to(ROOT / ".streamlit")
    port = _free_port()
    env = {**os.environ, "DASHBOARD_STORE": str(test_store_dir), "PYTHONPATH": str(ROOT)}
    with (tmp_path / "server.log").open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
            ],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_healthy(f"http://127.0.0.1:{port}/_stcore/health", server)
            host = f"127.0.0.1:{port}"
            foreign: list[str] = []
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
                )
                context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
                context.route(
                    "**/*",
                    lambda route, request: (
                        route.continue_()
                        if urlsplit(request.url).netloc == host or request.url.startswith(("data:", "blob:"))
                        else (foreign.append(request.url), route.abort())
                    ),
                )
                page = context.new_page()
                page.goto(f"http://{host}{path}?donor=Government+of+Japan&country=THA")
                page.wait_for_selector(APP_DONE, timeout=90_000)
                assert page.locator('[data-testid="stException"]').count() == 0
                assert _metric_in_browser(page, "Projects") == "1"
                link = page.locator('[data-testid="stCode"]').first.inner_text().strip()
                # An old link with a bare code is rewritten to the picker's label.
                assert "donor=Government+of+Japan" in link and "country=Thailand+%28THA%29" in link
                again = context.new_page()
                again.goto(link)
                again.wait_for_selector(APP_DONE, timeout=90_000)
                assert _metric_in_browser(again, "Projects") == "1"
                with page.expect_download(timeout=180_000) as download:
                    page.get_by_role("button", name="Download brief (PDF)").click()
                pdf = Path(download.value.path()).read_bytes()
                assert pdf.startswith(b"%PDF")
                text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                assert "Donor brief: Government of Japan" in text and "Thailand (THA)" in text
                browser.close()
            assert foreign == []
        finally:
            server.terminate()
            server.wait(timeout=30)


def test_map_measure_is_part_of_the_link(store: Path) -> None:
    # choice widgets carry their label in the URL, as on the Map page
    at = _run({"donor": "European Union", "measure": "People trained"})
    assert at.button_group(key="measure").value == "people_trained"
    assert "measure=People+trained" in at.code[0].value
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert "People trained" in json.dumps(deck)


def test_picker_follows_the_sidebar_and_sets_it(store: Path) -> None:
    at = _run({"donor": "European Union"})
    assert at.selectbox(key="profile_donor").value == "eu"
    at.multiselect(key="donor").set_value(["jpn"]).run()
    assert at.selectbox(key="profile_donor").value == "jpn"
    assert "Government of Japan" in [h.value for h in at.header]
    at.selectbox(key="profile_donor").set_value("gbr").run()
    assert at.multiselect(key="donor").value == ["gbr"]
    assert not at.exception and not at.warning


@pytest.mark.parametrize(("donor", "name"), [("eu", "European Union"), ("jpn", "Government of Japan"),
                                             ("usa", "Government of the United States")])
def test_donor_figures_agree_on_donors_page_profile_and_brief(store: Path, donor: str, name: str) -> None:
    profile = _run({"donor": name})
    cards = _metrics(profile)
    donors_page = AppTest.from_file(str(APP), default_timeout=90)
    donors_page.switch_page("app_pages/donors.py")
    donors_page.run()
    assert not donors_page.exception
    table = donors_page.dataframe[0].value.set_index("donor_id")
    assert cards["Countries reached"] == f"{table.loc[donor, 'countries_reached']:,}"
    assert cards["Projects"] == f"{table.loc[donor, 'projects']:,}"
    assert cards["Trainings"] == f"{table.loc[donor, 'trainings']:,}"
    # the brief's lists: the funds by year add up to the commitments the profile shows
    from dashboard.brief.document import brief_lists
    from dashboard.bundle_reader import read_bundle
    from dashboard.transform.donor_profile import donor_profile

    p = donor_profile(read_bundle(store), donor)
    funds, _ = brief_lists(p)["Funds by year (USD)"]
    assert float(funds["commitments_usd"].sum()) == pytest.approx(p.summary.commitments_usd or 0.0)
    assert cards["Commitments (USD)"] == format_measure("commitments_usd", p.summary.commitments_usd)
