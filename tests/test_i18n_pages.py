"""Every page in French and Spanish: no interface string of the English catalogue is left untranslated.

Each page runs under ``?lang=fr`` and ``?lang=es`` against the hand-built test store. Every text the page
sends to the browser (titles, captions, messages, widget labels, help, placeholders, options, metric
labels, chart specs) is collected from the element protos and compared with the catalogue's English
message ids: a message that has a translation must not appear in English. Names and data are never
message ids, so they are left alone; short ids (a word or two, like "Map") count only when a whole text
equals them, long ones also inside a longer text. The catalogue test checks the other half: every id is
translated in both languages with the same placeholders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from dashboard import i18n

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\{[^}]*\}")
ACCESS_TOML = '[users]\n"rev@example.org" = "reviewer"\n"admin@example.org" = "admin"\n'
# page, extra URL parameters, the signed-in user (the Review desk needs a reviewer, the upload an admin).
PAGES = [
    ("app_pages/overview.py", {}, None),
    ("app_pages/rankings.py", {}, None),
    ("app_pages/map.py", {}, None),
    ("app_pages/trainings.py", {}, None),
    ("app_pages/donors.py", {}, None),
    ("app_pages/donor_profile.py", {"donor": "European Union"}, None),
    ("app_pages/donor_profile.py", {}, None),
    ("app_pages/themes.py", {}, None),
    ("app_pages/country_profile.py", {"country": "KEN"}, None),
    ("app_pages/country_profile.py", {}, None),
    ("app_pages/explorer.py", {}, None),
    ("app_pages/explorer.py", {"table": "transactions"}, None),
    ("app_pages/explorer.py", {"table": "events", "search": "no such words anywhere"}, None),
    ("app_pages/data.py", {}, {"is_logged_in": True, "email": "admin@example.org"}),
    ("app_pages/review.py", {}, {"is_logged_in": True, "email": "rev@example.org"}),
    ("app_pages/accessibility.py", {}, None),
]
LONG_ENOUGH = 4  # words: from this length an id is looked for inside longer texts too


def _catalogue(language: str) -> dict[str, str]:
    """English message id -> translation (singular forms; plural ids by their singular and plural)."""
    with i18n.catalogue_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    pairs: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for number, msgid in enumerate(ids):
            pairs[msgid] = strings[min(number, len(strings) - 1)]
    return pairs


def _fixed_fragments(msgid: str) -> list[str]:
    """The fixed text between a message's placeholders, longest first."""
    return sorted((p.strip(" .,:;()") for p in PLACEHOLDER.split(msgid)), key=len, reverse=True)


def _proto_strings(message, out: list[str]) -> None:
    for field, value in message.ListFields():
        if field.type not in (field.TYPE_STRING, field.TYPE_MESSAGE) or field.name == "columns":
            continue  # a table's column settings: keyed by the frame's column names, labels translated
        values = [value] if isinstance(value, str) or hasattr(value, "ListFields") else list(value)
        if field.type == field.TYPE_STRING:
            out.extend(values)
        elif field.type == field.TYPE_MESSAGE:
            for item in values:
                if hasattr(item, "ListFields"):
                    _proto_strings(item, out)


def page_texts(at: AppTest) -> list[str]:
    """Every string of every element the run drew (main area and sidebar)."""
    out: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ListFields"):
            _proto_strings(proto, out)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return [text for text in out if text.strip()]


def untranslated(texts: list[str], catalogue: dict[str, str]) -> list[str]:
    """The catalogue's English ids (with a translation unlike themselves) that appear in ``texts``."""
    found = []
    whole = {t.strip() for t in texts}
    for msgid, translation in catalogue.items():
        if not translation or translation == msgid:
            continue  # "URL", "SHA-256": the same in every language
        fragment = _fixed_fragments(msgid)[0]
        if not fragment or fragment in catalogue.get(msgid, ""):
            continue  # a fragment the translation keeps ("{label}: ..." around a name)
        if fragment in whole or len(fragment.split()) >= LONG_ENOUGH and any(fragment in t for t in texts):
            found.append(msgid)
    return found


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def store(test_store_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("DASHBOARD_STORE", str(test_store_dir))
    access = tmp_path / "access.toml"
    access.write_text(ACCESS_TOML, "utf-8")
    monkeypatch.setenv("DASHBOARD_ACCESS", str(access))
    return test_store_dir


def _run(page: str, params: dict[str, str], user: dict | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    if user is not None:
        at.user = user
    if page != "app_pages/overview.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


PAGE_IDS = [f"{p.split('/')[-1][:-3]}{'-' + '-'.join(q) if q else ''}" for p, q, _ in PAGES]


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize(("page", "params", "user"), PAGES, ids=PAGE_IDS)
def test_no_english_interface_text_is_left_on_the_page(store, page, params, user, language):
    at = _run(page, {**params, "lang": language}, user)
    catalogue = _catalogue(language)
    texts = page_texts(at)
    assert untranslated(texts, catalogue) == []
    # The page did draw in the language: its title is the translated one, and the picker shows the choice.
    assert at.title and at.title[0].value in catalogue.values()
    assert at.query_params["lang"] == language


def test_the_check_finds_english_text(store):
    """The same check over the English page finds the ids: it can fail."""
    at = _run("app_pages/overview.py", {"lang": "en"}, None)
    found = untranslated(page_texts(at), _catalogue("fr"))
    assert {"Overview", "By year", "Filters", "Reset filters"} <= set(found)


def test_english_is_the_default_and_an_unknown_language_falls_back_to_it(store):
    at = _run("app_pages/overview.py", {"lang": "de"}, None)
    assert [t.value for t in at.title] == ["Overview"]
    assert at.query_params["lang"] == "en"


def test_the_language_picker_switches_the_page(store):
    at = _run("app_pages/overview.py", {}, None)
    assert [t.value for t in at.title] == ["Overview"]
    at.segmented_control(key="language_picker").set_value("es").run()
    assert [t.value for t in at.title] == ["Resumen"]
    assert not at.exception


def test_html_lang_script_carries_only_a_supported_code(store):
    """The <html lang> script is drawn with the chosen code, and a hostile ?lang= never reaches it."""
    at = _run("app_pages/overview.py", {"lang": "fr"}, None)
    scripts = [t for t in page_texts(at) if "documentElement.lang" in t]
    assert scripts == ["<script>document.documentElement.lang = 'fr';</script>"]
    at = _run("app_pages/overview.py", {"lang": "fr';alert(1);//"}, None)
    scripts = [t for t in page_texts(at) if "documentElement.lang" in t]
    assert scripts == ["<script>document.documentElement.lang = 'en';</script>"]


def test_numbers_and_money_follow_the_language(store):
    at = _run("app_pages/overview.py", {"lang": "fr"}, None)
    totals = next(c.value for c in at.caption if c.value.startswith("Toutes les dates : "))
    assert "Budget (USD) 7,4\xa0M\xa0$US" in totals
    at = _run("app_pages/overview.py", {"lang": "en"}, None)
    totals = next(c.value for c in at.caption if c.value.startswith("All dates: "))
    assert "Budget (USD) $7.4M" in totals


# Closed vocabularies (themes, activity types) are shown in the language, stored and linked in English.
VOCABULARY_PAGES = [("app_pages/themes.py", {}), ("app_pages/trainings.py", {}), ("app_pages/map.py", {}),
                    ("app_pages/explorer.py", {"table": "events"}), ("app_pages/donors.py", {})]


def _vocabulary_texts(at: AppTest) -> list[str]:
    """The page's texts plus what the proto walk cannot see: table cells (sent as Arrow) and the
    sidebar pickers' options, each ``"; "``-joined cell split into its items."""
    texts = page_texts(at)
    for frame in at.dataframe:
        for column in frame.value.columns:
            for cell in frame.value[column].dropna():
                if isinstance(cell, str):
                    texts.extend(cell.split("; "))
    for key in ("theme", "activity_type"):
        texts.extend(at.multiselect(key=key).options)
    return texts


def english_vocabulary_left(texts: list[str], language: str) -> list[str]:
    """Theme and activity-type values shown in English on a page in ``language``."""
    from dashboard.model.themes import THEMES
    from dashboard.model.vocabulary import ACTIVITY_TYPES

    catalogue = _catalogue(language)
    english = {v for v in (*THEMES, *ACTIVITY_TYPES) if catalogue.get(v) and catalogue[v] != v}
    return sorted(english & {t.strip() for t in texts})


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize(("page", "params"), VOCABULARY_PAGES, ids=[p.split("/")[-1][:-3] for p, _ in
                                                                     VOCABULARY_PAGES])
def test_themes_and_activity_types_are_shown_in_the_language(store, page, params, language):
    at = _run(page, {**params, "lang": language}, None)
    assert english_vocabulary_left(_vocabulary_texts(at), language) == []


def test_the_vocabulary_check_finds_english_labels(store):
    """On the English page the same check finds the stored labels: it can fail."""
    at = _run("app_pages/themes.py", {"lang": "en"}, None)
    found = english_vocabulary_left(_vocabulary_texts(at), "fr")
    assert {"border management", "training"} <= set(found)


def test_vocabulary_filters_keep_stored_values_in_the_url(store):
    """A French page shows a theme in French, filters by the stored value, and the URL keeps the English
    value, so the link means the same in every language; a French label in the URL is not a value."""
    at = _run("app_pages/overview.py", {"lang": "fr", "theme": "counter-trafficking"}, None)
    picker = at.multiselect(key="theme")
    assert picker.value == ["counter-trafficking"]
    assert "lutte contre la traite" in picker.options and "counter-trafficking" not in picker.options
    assert at.query_params["theme"] == "counter-trafficking"
    picker.select("gender").run()
    assert at.query_params["theme"] == ["counter-trafficking", "gender"]
    # Regions too: an M49 area by CLDR's name for its code, the URL keeping the stored name.
    at = _run("app_pages/overview.py", {"lang": "fr", "region": "Africa"}, None)
    assert at.multiselect(key="region").value == ["Africa"]
    assert "Afrique" in at.multiselect(key="region").options
    assert at.query_params["region"] == "Africa"
    at = _run("app_pages/overview.py", {"lang": "es", "theme": "counter-trafficking"}, None)
    assert at.multiselect(key="theme").value == ["counter-trafficking"]
    at = _run("app_pages/overview.py", {"lang": "en", "theme": "lutte contre la traite"}, None)
    assert at.multiselect(key="theme").value == []
    assert "theme" not in at.query_params
