"""Hostile input, round two (issue 16), class 5 and the app's side of class 3: downloads that a spreadsheet
reads as data only, user-controlled text never rendered as markdown or HTML, a damaged store shown as a
clear message instead of a traceback.

Downloads are read back the way a spreadsheet parses them: the CSV with Python's csv module over the raw
text (a bare carriage return ends a row unless the field is quoted), the workbook with openpyxl.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from hypothesis import given, settings
from hypothesis import strategies as hs
from markdown_it import MarkdownIt
from store_factory import build_test_tables
from streamlit.testing.v1 import AppTest

from dashboard.components.data_table import to_csv_bytes, to_excel_bytes
from dashboard.store import write_store

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
TRIGGERS = ("=", "+", "-", "@")
HOSTILE_CELLS = [
    "\r=cmd|' /C calc'!A0",
    "Title\r=HYPERLINK(\"http://evil.example\",\"x\")",
    "line one\n=1+1",
    "\t=2+2",
    "  =3+3",
    "\x0b\x0c@SUM(1)",
    "\r\n-2+3",
    "+1",
    "plain, with a comma and \"quotes\"",
]


def spreadsheet_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet does with a cell: leading blanks and control characters are skipped."""
    stripped = cell.lstrip("".join(chr(c) for c in range(33)))
    return stripped.startswith(TRIGGERS)


def check_csv(frame: pd.DataFrame) -> None:
    rows = spreadsheet_rows(to_csv_bytes(frame))
    assert len(rows) == len(frame) + 1, rows  # no cell spilled into a row of its own
    for row in rows[1:]:
        assert len(row) == len(frame.columns)
        for cell in row:
            assert not runs_as_formula(cell), cell


def test_csv_download_quotes_bare_cr_and_neutralises_every_prefix() -> None:
    check_csv(pd.DataFrame({"Title": HOSTILE_CELLS, "n": range(len(HOSTILE_CELLS))}))


@settings(max_examples=150, deadline=None)
@given(hs.lists(hs.text(alphabet=hs.sampled_from(list("=+-@ \t\r\n\x0b\x0c\x00,;\"'ab1")), max_size=12),
                min_size=1, max_size=6))
def test_any_text_round_trips_through_the_csv_as_data(cells: list[str]) -> None:
    frame = pd.DataFrame({"a": cells})
    rows = spreadsheet_rows(to_csv_bytes(frame))
    assert len(rows) == len(cells) + 1
    for original, (cell,) in zip(cells, rows[1:], strict=True):
        assert not runs_as_formula(cell)
        assert cell in (original, "'" + original) or (original == "" and cell == "")


def test_excel_download_holds_no_formula() -> None:
    frame = pd.DataFrame({"Title": HOSTILE_CELLS})
    book = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(frame)))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert len(cells) == len(HOSTILE_CELLS)
    for cell in cells:
        assert cell.data_type != "f" and not runs_as_formula(str(cell.value)), cell.value


# --- nothing user-controlled is rendered as markdown -----------------------------------------------------

HOSTILE_MARKDOWN = ("kenya ![x](http://evil.example/pixel.png) "
                    "[Session expired, sign in again](http://evil.example) "
                    "<img src=http://evil.example/a.png> :red[alert] **bold**")


def rendered_html(at: AppTest, containing: str = "evil") -> str:
    """What markdown makes of every text element that carries the hostile input (the page's own fixed
    texts, such as the synthetic-data banner, may use markdown)."""
    parts = [*at.info, *at.caption, *at.warning, *at.success, *at.error, *at.markdown]
    md = MarkdownIt("commonmark")
    return "\n".join(md.render(str(p.value)) for p in parts if containing in str(p.value))


def assert_inert(html: str) -> None:
    assert "<a " not in html and "<img" not in html and "<strong>" not in html, html


@pytest.fixture()
def app_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    write_store(build_test_tables(), store)
    return store


def run_app(monkeypatch: pytest.MonkeyPatch, store: Path, page: str, params: dict[str, str],
            user: dict | None = None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_STORE", str(store))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=90)
    if user is not None:
        at.user = user
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_explorer_search_parameter_is_never_markdown(monkeypatch: pytest.MonkeyPatch, app_store: Path
                                                     ) -> None:
    at = run_app(monkeypatch, app_store, "app_pages/explorer.py", {"search": HOSTILE_MARKDOWN})
    html = rendered_html(at)
    assert "evil.example" in html  # echoed, as text
    assert_inert(html)


def test_refused_upload_file_name_is_never_markdown(monkeypatch: pytest.MonkeyPatch, app_store: Path,
                                                    tmp_path: Path) -> None:
    # Only an admin has the upload form (the default configuration is read-only).
    access = tmp_path / "access.toml"
    access.write_text('[users]\n"admin@example.org" = "admin"\n', "utf-8")
    monkeypatch.setenv("DASHBOARD_ACCESS", str(access))
    at = run_app(monkeypatch, app_store, "app_pages/data.py", {},
                 user={"is_logged_in": True, "email": "admin@example.org"})
    at.get("file_uploader")[0].upload("![x](http:evil.example/p.png)[sign in](http:evil.example).csv",
                                      b"\x89PNG\r\n\x1a\n" + bytes(200), "text/csv")
    next(b for b in at.button if b.label == "Load into the store").click().run()
    assert not at.exception
    # The reason, quoting the file name, is plain text (st.text); nothing markdown renders carries it.
    assert any("not a file type the dashboard reads" in t.value for t in at.text)
    assert_inert(rendered_html(at))


# --- a damaged store in the app --------------------------------------------------------------------------

@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/data.py", "app_pages/map.py"])
def test_damaged_store_shows_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch, app_store: Path,
                                                       page: str) -> None:
    table = app_store / "activities.parquet"
    table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    at = run_app(monkeypatch, app_store, page, {})
    assert any("cannot be read" in str(e.value) for e in at.error), [e.value for e in at.error]


def test_usd_figure_is_never_shown_as_infinite() -> None:
    from dashboard.components.kpi import format_usd

    assert format_usd(float("inf")) == format_usd(float("-inf")) == format_usd(None) == "not stated"
    assert format_usd(2.5e9) == "$2.5B"
