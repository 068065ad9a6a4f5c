"""The language layer: choosing the language, translating, formatting per language."""

from __future__ import annotations

import contextvars
import datetime as dt
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.i18n import (
    _,
    current_language,
    format_currency,
    format_date,
    format_decimal,
    negotiate_language,
    normalise_language,
    set_language,
    territory_name,
)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


@pytest.mark.parametrize(("code", "expected"), [
    ("fr", "fr"), ("FR", "fr"), ("fr-CA", "fr"), ("es_MX", "es"), ("en-GB", "en"),
    ("de", None), ("", None), (None, None), ("<script>", None), (["fr"], None),
])
def test_only_the_three_languages_are_recognised(code, expected):
    assert normalise_language(code) == expected


def test_the_language_defaults_to_english_and_unknown_codes_fall_back_to_it():
    assert contextvars.Context().run(current_language) == "en"
    assert set_language("es") == "es" and current_language() == "es"
    assert set_language("de") == "en" and current_language() == "en"


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7", "fr"),
    ("de-DE,de;q=0.9,es;q=0.8,en;q=0.5", "es"),
    ("en;q=0.2, es;q=0.9", "es"),
    ("es;q=0, fr", "fr"),
    ("de, it", "en"),
    ("", "en"),
    (None, "en"),
    (["pt-BR", "es-AR"], "es"),
])
def test_the_browser_preference_picks_the_first_supported_language(header, expected):
    assert negotiate_language(header) == expected


def test_the_language_of_one_context_does_not_leak_into_another():
    set_language("fr")
    assert contextvars.Context().run(current_language) == "en"
    assert current_language() == "fr"


def test_untranslated_text_is_returned_as_is():
    for language in i18n.SUPPORTED:
        set_language(language)
        assert _("A message no catalogue holds 12345") == "A message no catalogue holds 12345"


def test_numbers_money_and_dates_follow_the_language():
    day = dt.date(2024, 3, 5)
    assert format_decimal(12345.6, language="en") == "12,345.6"
    assert format_decimal(12345.6, language="fr") == "12\u202f345,6"
    assert format_decimal(12345.6, language="es") == "12.345,6"
    assert format_decimal(3, digits=1, language="fr") == "3,0"
    assert format_currency(1234.5, "EUR", language="en") == "€1,234.50"
    assert format_currency(1234.5, "EUR", language="fr") == "1\u202f234,50\xa0€"
    assert format_date(day, language="en") == "Mar 5, 2024"
    assert format_date(day, language="fr") == "5 mars 2024"
    assert format_date(day, language="es") == "5 mar 2024"
    set_language("es")
    assert format_decimal(12345.6) == "12.345,6"


def test_country_names_come_from_cldr_in_each_language():
    assert territory_name("CI", "en") == "Côte d’Ivoire"
    assert territory_name("DE", "fr") == "Allemagne"
    assert territory_name("DE", "es") == "Alemania"
    assert territory_name("XX", "fr") is None


def test_every_catalogue_exists_for_the_other_languages():
    for language in i18n.SUPPORTED:
        if language != i18n.DEFAULT_LANGUAGE:
            assert i18n.catalogue_path(language).is_file(), language


# --- the catalogues ---------------------------------------------------------------------------------------

PACKAGE = i18n.LOCALE_DIR.parent
PLACEHOLDERS = re.compile(r"\{[a-z_]*\}|%\{[^}]*\}")
TRANSLATED = [language for language in i18n.SUPPORTED if language != i18n.DEFAULT_LANGUAGE]


def _catalog(language: str):
    with i18n.catalogue_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def _source_messages() -> set[str]:
    """Every literal the package passes to _(), N_() or ngettext() (singular ids), as extraction sees it."""
    method_map = [("**.py", "python")]
    return {message[2] if isinstance(message[2], str) else message[2][0]
            for message in extract_from_dir(str(PACKAGE), method_map)}


def _shape(text: str) -> tuple:
    """What a translation must keep: its placeholders, markdown emphasis and code spans."""
    return (sorted(PLACEHOLDERS.findall(text)), text.count("**"), text.count("`"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language):
    catalog = _catalog(language)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(("untranslated", ids[0]))
            continue
        for number, string in enumerate(strings):
            source = ids[min(number, len(ids) - 1)]  # plural forms after the first follow the plural id
            if _shape(string) != _shape(source):
                problems.append(("placeholders differ", ids[0], string))
    assert problems == []
    assert len([m for m in catalog if m.id]) >= 500


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_in_the_code_is_in_the_catalogue(language):
    """A new _("...") without its translation fails here: run scripts/update_translations.sh and translate."""
    catalogued = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(language) if m.id}
    assert sorted(_source_messages() - catalogued) == []


def test_the_catalogues_translate_at_run_time():
    set_language("fr")
    assert _("Overview") == "Vue d'ensemble"
    assert i18n.ngettext("{count} source", "{count} sources", 2).format(count=2) == "2 sources"
    set_language("es")
    assert _("Overview") == "Resumen"
    assert _("IOM activities dashboard") == "Panel de actividades de la OIM"


def test_the_placeholder_check_can_fail():
    assert _shape("{count} of {total}") != _shape("{count} sur {totale}")
    assert _shape("**Bold** `code`") != _shape("Bold code")


def test_codelist_names_in_french_where_iati_publishes_them():
    from dashboard.model.codelists import codelist, label_in_language

    assert label_in_language("Sector", "11130", "fr") == "Formation des enseignants"
    assert label_in_language("ActivityStatus", "2", "fr") == "Actif"
    # IATI publishes no Spanish names and no French transaction types: None, so callers show English.
    assert label_in_language("Sector", "11130", "es") is None
    assert label_in_language("TransactionType", "1", "fr") is None
    assert codelist("Sector")["11130"] == "Teacher training"  # the English lookup is unchanged


def test_country_names_follow_the_language_for_display():
    from dashboard.model.countries import country_name, country_name_in_language

    assert country_name_in_language("DEU", "fr") == "Allemagne"
    assert country_name_in_language("DEU", "es") == "Alemania"
    assert country_name_in_language("DEU", "en") == country_name("DEU") == "Germany"
    assert country_name_in_language("XXX", "fr") == country_name("XXX")  # unknown: the code, as before


def test_explorer_labels_codes_in_the_language():
    import pandas as pd

    from dashboard.transform.explorer import _coded

    labels, codes = pd.Series(["Implementation", "Teacher training"]), pd.Series(["2", None])
    assert _coded(labels, codes, "ActivityStatus") == ["Implementation (2)", "Teacher training"]
    set_language("fr")
    assert _coded(labels, codes, "ActivityStatus") == ["Actif (2)", "Teacher training"]  # no code: as given
    set_language("es")
    assert _coded(labels, codes, "ActivityStatus") == ["Implementation (2)", "Teacher training"]


def test_closed_vocabularies_match_the_news_rules_and_only_they_are_translated():
    """The display lists are the ones the extraction writes (so every stored value has a translation), and
    data outside them passes through untouched."""
    from dashboard.model.vocabulary import ACTIVITY_TYPES, AUDIENCES, shown, shown_cell, shown_status
    from dashboard.news.rules.activity import _TYPE_WORDS
    from dashboard.news.rules.audience import AUDIENCE

    assert set(ACTIVITY_TYPES) == set(_TYPE_WORDS)
    assert set(AUDIENCES) == set(AUDIENCE)
    with i18n.using_language("fr"):
        assert shown("counter-trafficking") == "lutte contre la traite"
        assert shown_cell("border management; gender") == "gestion des frontières; genre"
        mixed = "border management; Government of Japan"  # a list holding data is data
        assert shown_cell(mixed) == mixed
        assert shown("Overview") == "Overview"  # interface text, but not a vocabulary value: data stays
        assert shown_status("Implementation") == "Actif"  # IATI's own French label
    with i18n.using_language("es"):
        assert shown("training") == "capacitación"
        # IATI publishes no Spanish status names: English, visibly.
        assert shown_status("Implementation") == "Implementation"
