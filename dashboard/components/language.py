"""The interface language: chosen by ``?lang=`` (en, fr, es), else the browser's language, with a picker.

The picker is bound to the URL like the filters, so a copied link opens in the language it was copied in.
Streamlit has no API for the page's ``<html lang>``; a one-line script sets it, and the value it writes comes
only from :data:`~dashboard.i18n.SUPPORTED` (never from the URL or the browser as given).
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import (
    LANGUAGE_NAMES,
    SUPPORTED,
    _,
    negotiate_language,
    normalise_language,
    set_language,
)

LANGUAGE_KEY = "lang"  # the URL parameter and the picker's widget key


def browser_language() -> str:
    """The reader's language as the browser states it (navigator.language, then Accept-Language)."""
    preferences: list[str] = []
    try:
        if st.context.locale:
            preferences.append(st.context.locale)
        header = st.context.headers.get("Accept-Language") or ""
    except (AttributeError, RuntimeError):  # no browser behind this run (a bare script or test)
        header = ""
    return negotiate_language(preferences or header)


def choose_language() -> str:
    """Set this run's language before anything is drawn and return it: the picker's value (which follows
    ``?lang=``), else the browser's; the choice is written into the picker, and so into the URL."""
    state = st.session_state
    language = (normalise_language(state.get(LANGUAGE_KEY))
                or normalise_language(st.query_params.get(LANGUAGE_KEY))
                or browser_language())
    state[LANGUAGE_KEY] = language
    return set_language(language)


def draw_language_picker() -> None:
    """The language picker (each language named in itself) and the page's ``<html lang>``."""
    st.segmented_control(_("Language"), SUPPORTED, format_func=LANGUAGE_NAMES.get, key=LANGUAGE_KEY,
                         bind="query-params", required=True, width="stretch")
    language = normalise_language(st.session_state.get(LANGUAGE_KEY)) or SUPPORTED[0]
    # The value written is one of three fixed codes, so the script cannot carry anything from outside.
    st.html(f"<script>document.documentElement.lang = '{SUPPORTED[SUPPORTED.index(language)]}';</script>",
            unsafe_allow_javascript=True, width="content")
