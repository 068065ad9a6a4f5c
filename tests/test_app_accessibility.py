"""AppTest for the accessibility statement and for the keyboard's way to every click on a chart or the map.

The statement is fixed text: it must be in the navigation, run without a store, and say what is met and
what is not. Each list that stands in for a click must do what the click does: open the same page with the
same filters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_app_core_pages as core_pages

from dashboard.components.map_key import colour_key, readable_text_on, shade_names

STATEMENT = "app_pages/accessibility.py"
# The AppTest fixtures of the core pages' tests (a fresh cache per test, the test store), shared, not copied.
fresh_cache = core_pages.fresh_cache
store = core_pages.store
_open = core_pages._run


def test_statement_says_what_is_met_and_what_is_not(store: Path) -> None:
    at = _open(STATEMENT)
    assert at.title[0].value == "Accessibility"
    assert [h.value for h in at.subheader][:2] == ["What is met", "What is not met, and the way around"]
    text = " ".join(m.value for m in at.markdown)
    for subject in ("WCAG", "axe-core", "light and the dark theme", "4.5:1", "keyboard", "screen reader",
                    "The map", "Streamlit"):
        assert subject in text, subject


def test_statement_runs_on_an_empty_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_STORE", str(tmp_path / "none"))
    at = _open(STATEMENT)
    assert at.title[0].value == "Accessibility"


def test_the_map_list_opens_the_country_profile_like_a_click(store: Path) -> None:
    at = _open("app_pages/map.py")
    pick = at.selectbox(key="map_open")
    assert "Kenya (KEN)" in pick.options
    pick.set_value("KEN").run()
    assert not at.exception
    assert at.title[0].value == "Country profile"
    assert at.multiselect(key="country").value == ["KEN"]


def test_the_ranking_list_opens_the_records_behind_the_bar(store: Path) -> None:
    at = _open("app_pages/rankings.py")
    pick = at.selectbox(key="rank_open")
    assert pick.options[0] == "Kenya (KEN)"  # the ranking's first row, by funds received
    pick.set_value("KEN").run()
    assert not at.exception
    assert at.title[0].value == "Explorer"
    assert at.multiselect(key="country").value == ["KEN"]


def test_the_donor_list_opens_the_donors_projects(store: Path) -> None:
    at = _open("app_pages/donors.py")
    pick = at.selectbox(key="donor_open")
    assert "European Union — Funds received (type 1)" in pick.options
    pick.set_value(("eu", "funds_received_usd")).run()
    assert not at.exception
    assert at.title[0].value == "Explorer"
    assert at.multiselect(key="donor").value == ["eu"]
    assert at.query_params["only"] == "Funds received (USD)"


def test_the_theme_list_filters_like_a_click(store: Path) -> None:
    at = _open("app_pages/themes.py")
    pick = at.selectbox(key="theme_pick")
    theme = pick.options[0]
    pick.set_value(theme).run()
    assert not at.exception
    assert at.multiselect(key="theme").value == [theme]


def test_the_training_list_shows_the_record_like_a_click(store: Path) -> None:
    at = _open("app_pages/trainings.py")
    assert not any("Selected training" in m.value for m in at.markdown)
    pick = at.selectbox(key="training_pick")
    assert "2023-05-10 · TEST border officers trained in Nairobi" in pick.options
    pick.set_value("ev-1").run()
    assert not at.exception
    assert any("Selected training" in m.value for m in at.markdown)
    assert "TEST border officers trained in Nairobi" in at.dataframe[-1].value.to_string() or any(
        "Nairobi" in d.value.to_string() for d in at.dataframe)


def test_map_key_names_numbers_and_shades() -> None:
    key = colour_key([1, 2, 3, 10, 40, 100], "projects")
    assert list(key.columns) == ["range", "shade", "colour"]
    assert key["shade"].iloc[0].endswith("(lightest)") and key["shade"].iloc[-1].endswith("(darkest)")
    assert all(any(ch.isdigit() for ch in text) for text in key["range"])
    assert colour_key([], "projects").empty
    assert shade_names(1) == ["1 of 1"]
    assert readable_text_on("#FFFFD9") == "#000000" and readable_text_on("#0C2C84") == "#FFFFFF"


@pytest.mark.parametrize(("language", "title", "met"), [("fr", "Accessibilité", "Ce qui est respecté"),
                                                        ("es", "Accesibilidad", "Lo que se cumple")])
def test_statement_in_french_and_spanish(store: Path, language: str, title: str, met: str) -> None:
    at = _open(STATEMENT, {"lang": language})
    assert at.title[0].value == title
    assert at.subheader[0].value == met
