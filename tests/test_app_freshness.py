"""AppTest: the synthetic banner on top of pages, the "data as of" footer, the Data page's freshness."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from store_factory import build_test_tables
from streamlit.testing.v1 import AppTest

from dashboard.store import table_path, write_store

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
PAGES = ["app_pages/overview.py", "app_pages/trainings.py", "app_pages/data.py"]

STATUS = pd.DataFrame([
    {"source": "iati:iom/iom-ye", "kind": "iati", "url": "https://example.org/iom-ye.xml",
     "last_checked": pd.Timestamp("2026-12-01 06:00"), "last_changed": pd.Timestamp("2026-11-30 06:00"),
     "records": 12, "last_error": None},
    {"source": "iati:iom/iom-broken", "kind": "iati", "url": "https://example.org/broken.xml",
     "last_checked": pd.Timestamp("2026-12-01 06:01"), "last_changed": None, "records": None,
     "last_error": "HTTP 500 **not markdown**"},
])


def _store(folder: Path, *, synthetic: bool, status: bool) -> Path:
    tables = build_test_tables()
    if not synthetic:
        for name in ("activities", "events", "news_items"):
            if name in tables and "synthetic" in tables[name]:
                tables[name] = tables[name].assign(synthetic=False)
    if status:
        tables["source_status"] = STATUS
    write_store(tables, folder)
    if not status:  # a store written before the table existed
        table_path(folder, "source_status").unlink()
    return folder


def _run(monkeypatch: pytest.MonkeyPatch, store: Path, page: str) -> AppTest:
    monkeypatch.setenv("DASHBOARD_STORE", str(store))
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_banner_on_top_and_footer_on_every_page(page: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, _store(tmp_path / "s", synthetic=True, status=True), page)
    banners = [w.value for w in at.warning if "Synthetic demo data" in w.value]
    assert banners, "a page with synthetic records shows the banner"
    assert str(at.main[0].value).startswith("**Synthetic demo data.**")  # the page's first element
    footer = [c.value for c in at.caption if c.value.startswith("Data as of")]
    assert footer == ["Data as of 2026-12-01 06:01 UTC · IATI Registry: 2 sources, 1 failing, checked "
                      "2026-12-01 06:01 · details on the Data page"]


def test_no_banner_without_synthetic_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, _store(tmp_path / "s", synthetic=False, status=True), PAGES[0])
    assert not [w for w in at.warning if "Synthetic demo data" in w.value]


def test_data_page_lists_each_source_state_and_error_as_data(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, _store(tmp_path / "s", synthetic=False, status=True), PAGES[2])
    frame = next(df.value for df in at.dataframe if "Last checked (UTC)" in df.value.columns)
    rows = frame.set_index("Source")
    assert rows.loc["iati:iom/iom-broken", "State"] == "last check failed"
    assert rows.loc["iati:iom/iom-broken", "Last error"] == "HTTP 500 **not markdown**"
    assert rows.loc["iati:iom/iom-ye", "Records"] == 12
    assert not any("not markdown" in m.value for m in at.markdown)  # the error is data, never markdown


def test_store_without_the_status_table_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _run(monkeypatch, _store(tmp_path / "s", synthetic=True, status=False), PAGES[2])
    assert any("No source is fetched automatically yet" in c.value for c in at.caption)
    footer = [c.value for c in at.caption if c.value.startswith("Data as of")]
    assert len(footer) == 1 and "loaded by hand" in footer[0]
