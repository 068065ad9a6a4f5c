"""AppTest for the Overview, Trainings, Donors, Themes and Country profile pages.

Each page runs against the hand-built test store, an empty store, and with filters given as URL query
parameters; every page of the app (these and the others) runs on a store without events and on one without
projects, each checked for what it still shows and how it says the other side is empty. ``st.cache_data``
survives across AppTest instances in one process, so it is cleared before each test.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pytest
import streamlit as st
from store_factory import write_test_store
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = [
    "app_pages/overview.py",
    "app_pages/trainings.py",
    "app_pages/donors.py",
    "app_pages/themes.py",
    "app_pages/country_profile.py",
]


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def store(test_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASHBOARD_STORE", str(test_store_dir))
    return test_store_dir


def _run(page: str, params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != PAGES[0]:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _totals(at: AppTest) -> dict[str, str]:
    """The view's totals over all dates, from the caption under the cards ("All dates: Projects 6 · ...")."""
    line = next(c.value for c in at.caption if c.value.startswith("All dates: "))
    parts = line.removeprefix("All dates: ").rstrip(".").split(" · ")
    return {p.rsplit(" ", 1)[0] if not p.endswith("not stated") else p.removesuffix(" not stated"):
            p.rsplit(" ", 1)[1] if not p.endswith("not stated") else "not stated" for p in parts}


def _spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def _array(value: object) -> list:
    """A trace's data array; Plotly writes numeric arrays as base64 typed arrays ({"dtype", "bdata"})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value or [])  # type: ignore[call-overload]


def _points(spec: dict) -> int:
    return sum(len(_array(trace.get("x"))) for trace in spec["data"])


def test_overview_shows_the_kpis(store: Path) -> None:
    at = _run(PAGES[0])
    m = _totals(at)
    assert m["Projects"] == "6" and m["Trainings"] == "5" and m["People trained"] == "91"
    assert m["Countries reached"] == "6" and m["Women trained"] == "37"
    assert m["Officials trained"] == "not stated"  # no training in this store states its audience
    assert m["Funds received (USD)"].startswith("$5.")
    # the cards cover the last 12 months and say so; a like-with-like change beside them
    captions = " ".join(c.value for c in at.caption)
    assert "The cards cover the last 12 months of the data" in captions
    assert set(_metrics(at)) == {"Projects", "Budget (USD)", "Funds received (USD)", "Countries reached",
                                 "Trainings", "People trained", "Women trained", "Officials trained"}
    # no sparkline: Streamlit draws it as an image without a text alternative; the yearly bars below say it
    assert not any(metric.proto.chart_data for metric in at.metric)
    titles = {json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")}
    assert titles >= {"Projects running", "Funds received (USD)", "Trainings", "People trained"}
    captions = " ".join(c.value for c in at.caption)
    assert "synthetic demo data" in captions and "ZWL" in captions
    # every filter widget exists under its URL key
    for key in ("region", "country", "donor", "theme", "activity_type", "status"):
        assert at.multiselect(key=key).value == []
    assert not at.text_input(key="date_from").value and not at.text_input(key="date_to").value


def test_overview_with_a_date_range_in_the_url_compares_with_the_year_before(store: Path) -> None:
    at = _run(PAGES[0], {"date_from": "2024-01-01", "date_to": "2024-12-31"})
    m = {x.label: x for x in at.metric}
    assert m["Projects"].value == "3" and m["Projects"].delta == "no change"
    assert m["People trained"].value == "20" and m["People trained"].delta == "-25 (-56%)"
    assert at.text_input(key="date_from").value == "2024-01-01"


def test_filters_from_the_url_narrow_every_number(store: Path) -> None:
    at = _run(PAGES[0], {"country": "UGA"})
    assert at.multiselect(key="country").value == ["UGA"]
    m = _totals(at)
    assert (m["Projects"], m["Trainings"], m["Countries reached"]) == ("1", "1", "1")
    at = _run(PAGES[0], {"donor": "Government of Japan"})
    assert at.multiselect(key="donor").value == ["jpn"]
    assert _totals(at)["Projects"] == "2"
    at = _run(PAGES[0], {"country": "FRA"})  # not in the store: dropped, everything shown
    assert at.multiselect(key="country").value == []


def test_a_filter_matching_nothing_says_so(store: Path) -> None:
    at = _run(PAGES[0], {"activity_type": "conference", "status": "Completion", "country": "UGA"})
    assert any("match the current filters" in i.value for i in at.info)


def test_reset_clears_every_filter(store: Path) -> None:
    at = _run(PAGES[0], {"country": "UGA", "theme": "gender"})
    at.button(key="reset_filters").click().run()
    assert at.multiselect(key="country").value == [] and at.multiselect(key="theme").value == []
    assert _totals(at)["Projects"] == "6"


def test_trainings_page(store: Path) -> None:
    at = _run(PAGES[1])
    timeline = _spec(at, 0)
    assert _points(timeline) == 5  # every dated training, one mark each
    custom_ids = {row[0] for trace in timeline["data"] for row in trace["customdata"]}
    assert custom_ids == {"ev-1", "ev-2", "ev-3", "ev-5", "ev-6"}
    monthly = _spec(at, 1)
    assert sum(_array(monthly["data"][0]["y"])) == 91
    gantt = _spec(at, 2)
    assert sum(len(t["y"]) for t in gantt["data"]) == 5
    # the title starting with "=" is data, shown as text; exports neutralise it (tested with the component)
    assert any("synthetic demo data" in c.value for c in at.caption)
    # counts in the audience and funders tables carry thousands separators, as the cards' figures do
    tables = [json.loads(table.proto.columns) for table in at.dataframe]
    counted = [columns for columns in tables if "donor" in columns or "audience" in columns]
    assert counted
    for columns in counted:
        formats = {columns[name]["type_config"]["format"] for name in ("trainings", "people_trained")}
        assert formats == {"localized"}


def test_trainings_page_with_filters_in_the_url(store: Path) -> None:
    at = _run(PAGES[1], {"theme": "gender"})
    assert _points(_spec(at, 0)) == 2  # ev-5 and ev-6


def test_donors_page(store: Path) -> None:
    at = _run(PAGES[2])
    bars = _spec(at, 0)
    names = bars["data"][0]["y"]
    assert names[0] == "Government of the United States" and len(names) == 4
    assert _array(bars["data"][0]["x"])[0] == 3_000_000  # commitments
    assert any("participating-org role 1" in c.value for c in at.caption)  # the rule beside the chart
    sankey = _spec(at, 1)
    assert sankey["data"][0]["type"] == "sankey"
    table = at.dataframe[0].value
    assert list(table["donor_id"]) == ["usa", "eu", "jpn", "gbr"]


def test_choosing_a_donor_filters_the_whole_app(store: Path) -> None:
    at = _run(PAGES[2])
    at.session_state["donor"] = ["usa"]  # what a click on the donor's bar does, through its callback
    at.run()
    assert at.multiselect(key="donor").value == ["usa"]
    assert list(at.dataframe[0].value["donor_id"]) == ["usa"]
    at.switch_page(PAGES[0]).run()
    assert _metrics(at)["Projects"] == "1"


def test_themes_page(store: Path) -> None:
    at = _run(PAGES[3])
    bars = _spec(at, 0)
    assert (
        dict(zip(bars["data"][0]["y"], _array(bars["data"][0]["x"]), strict=True))["border management"] == 1
    )
    at.segmented_control(key="theme_measure").set_value("people_trained").run()
    bars = _spec(at, 0)
    assert (
        dict(zip(bars["data"][0]["y"], _array(bars["data"][0]["x"]), strict=True))["border management"] == 45
    )
    assert len(at.get("plotly_chart")) == 2


def test_country_profile_from_the_url(store: Path) -> None:
    at = _run(PAGES[4], {"country": "KEN"})
    assert any(h.value == "Kenya" for h in at.header)
    m = _totals(at)
    assert m["Projects"] == "3" and m["Trainings"] == "2"
    # the Budget figure and the text above the projects table are the same measure
    captions = " ".join(c.value for c in at.caption)
    assert f"{m['Budget (USD)']} of their budgets" in captions
    assert f"{m['Funds received (USD)']} of their funds received" in captions
    projects = next(d.value for d in at.dataframe if "iati_identifier" in d.value)  # after the yearly table
    assert list(projects["iati_identifier"]) == ["XM-TEST-A1", "XM-TEST-A2", "XM-TEST-A6"]
    monthly = _spec(at, 1)  # people trained per month in Kenya: ev-1 (30) and ev-5 (no number)
    assert sum(_array(monthly["data"][0]["y"])) == 30


def test_country_profile_without_a_country_asks_for_one(store: Path) -> None:
    at = _run(PAGES[4])
    assert any("Choose a country" in i.value for i in at.info)
    at.selectbox(key="profile_country").select("UGA").run()
    assert at.multiselect(key="country").value == ["UGA"]
    assert any(h.value == "Uganda" for h in at.header)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_explains_an_empty_store(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_STORE", str(tmp_path / "no-store-here"))
    at = _run(page)
    assert at.info, "an empty store must give a message, not a blank page"


# Every page of the app, with the parameters that make it show something (a country, a donor).
ALL_PAGES = {
    **{page: None for page in PAGES},
    "app_pages/country_profile.py": {"country": "KEN"},
    "app_pages/rankings.py": None,
    "app_pages/map.py": None,
    "app_pages/explorer.py": None,
    "app_pages/data.py": None,
    "app_pages/donor_profile.py": {"donor": "European Union"},
}
NO_EVENTS = ("events", "event_countries", "event_donors", "event_themes", "event_sources", "event_projects")
NO_PROJECTS = ("activities", "activity_countries", "activity_themes", "activity_donors", "participating_orgs",
               "transactions", "budgets")


def _infos(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def _shows_projects_without_events(page: str, at: AppTest) -> None:
    """What each page still shows from the projects, and how it says the news side is empty."""
    charts, tables = len(at.get("plotly_chart")), len(at.dataframe)
    if page.endswith("overview.py"):
        assert _totals(at)["Trainings"] == "0" and _totals(at)["Projects"] == "6"
    elif page.endswith("trainings.py"):
        assert "No training matches" in _infos(at)
        assert charts == 1  # the projects' Gantt still shows
    elif page.endswith(("donors.py", "themes.py", "rankings.py")):
        assert charts >= 1 and tables >= 1  # funds by donor, theme budgets, countries by funds
    elif page.endswith("country_profile.py"):
        assert _metrics(at)["Trainings"] == "0" and "No news-reported event in Kenya" in _infos(at)
        assert tables >= 1  # its projects
    elif page.endswith("donor_profile.py"):
        assert _metrics(at)["Projects"] == "2" and _metrics(at)["People trained"] == "not stated"
        assert "No training or workshop is connected to this donor" in _infos(at)
    elif page.endswith("map.py"):
        assert len(at.get("deck_gl_json_chart")) == 1 and tables >= 1
    elif page.endswith(("explorer.py", "data.py")):
        assert tables >= 1 and not _infos(at)  # the projects table; the store's tables and sources
    else:
        raise AssertionError(f"no check for {page}")


def _shows_events_without_projects(page: str, at: AppTest) -> None:
    """What each page still shows from the news events, and how it says the project side is empty."""
    charts, tables = len(at.get("plotly_chart")), len(at.dataframe)
    if page.endswith("overview.py"):
        assert _totals(at)["Projects"] == "0" and _totals(at)["Trainings"] == "5"
    elif page.endswith("trainings.py"):
        assert "No dated project matches" in _infos(at) and charts >= 2  # trainings over time, per month
    elif page.endswith("donors.py"):
        assert "No commitment with a USD value" in _infos(at) and charts >= 1
    elif page.endswith("themes.py"):
        assert charts >= 1 and tables >= 1  # trainings per theme
    elif page.endswith("rankings.py"):
        assert "No countries with any funds received" in _infos(at)  # the default measure is money
    elif page.endswith("country_profile.py"):
        assert _metrics(at)["Trainings"] == "1" and "No project in Kenya" in _infos(at)
    elif page.endswith("donor_profile.py"):
        assert _metrics(at)["Projects"] == "0" and _metrics(at)["People trained"] == "30"
    elif page.endswith("map.py"):
        assert len(at.get("deck_gl_json_chart")) == 1 and tables >= 1
    elif page.endswith("explorer.py"):
        assert "No projects match" in _infos(at)  # the default table is the projects'
    elif page.endswith("data.py"):
        assert tables >= 1
    else:
        raise AssertionError(f"no check for {page}")


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_works_without_events(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_STORE", str(write_test_store(tmp_path / "store", drop=NO_EVENTS)))
    _shows_projects_without_events(page, _run(page, ALL_PAGES[page]))


@pytest.mark.parametrize("page", ALL_PAGES)
def test_every_page_works_without_projects(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DASHBOARD_STORE", str(write_test_store(tmp_path / "store", drop=NO_PROJECTS)))
    _shows_events_without_projects(page, _run(page, ALL_PAGES[page]))
