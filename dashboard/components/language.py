"""The interface language: chosen by ``?lang=`` (en, fr, es), else the browser's language, with a picker.

The address always carries ``lang=`` (the picker writes it), so a copied link opens in the language it was
copied in.
Streamlit has no API for the page's ``<html lang>``; a one-line script sets it, and the value it writes comes
only from :data:`~dashboard.i18n.SUPPORTED` (never from the URL or the browser as given).
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import (
    LANGUAGE_NAMES,
    SUPPORTED,
    _,
    current_language,
    negotiate_language,
    normalise_language,
    set_language,
)

LANGUAGE_KEY = "lang"  # the URL parameter
PICKER_KEY = "language_picker"
CHOSEN_KEY = "language_chosen"  # this session's language, for pages opened without ?lang=


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


def _picked() -> None:
    # Callback of the picker: runs before the script, so the whole rerun is drawn in the new language.
    language = normalise_language(st.session_state.get(PICKER_KEY))
    if language:
        st.session_state[CHOSEN_KEY] = language
        st.query_params[LANGUAGE_KEY] = language


def choose_language() -> str:
    """Set this run's language before anything is drawn and return it: ``?lang=`` (a shared link wins),
    else the one this session chose, else the browser's. The address always names it afterwards, so a
    copied link opens in the same language (the code comes from the supported set, never as typed)."""
    language = (normalise_language(st.query_params.get(LANGUAGE_KEY))
                or normalise_language(st.session_state.get(CHOSEN_KEY))
                or browser_language())
    st.session_state[CHOSEN_KEY] = language
    if st.query_params.get(LANGUAGE_KEY) != language:
        st.query_params[LANGUAGE_KEY] = language
    return set_language(language)


def draw_language_picker() -> None:
    """The language picker (each language named in itself) and the page's ``<html lang>``."""
    language = current_language()
    st.session_state[PICKER_KEY] = language
    st.segmented_control(_("Language"), SUPPORTED, format_func=LANGUAGE_NAMES.__getitem__, key=PICKER_KEY,
                         on_change=_picked, required=True, width="stretch")
    # The value written is one of three fixed codes, so the script cannot carry anything from outside.
    st.html(f"<script>document.documentElement.lang = '{SUPPORTED[SUPPORTED.index(language)]}';</script>",
            unsafe_allow_javascript=True, width="content")
