"""The interface's three languages (IOM's: English, French, Spanish): translation and formatting.

``_("...")`` translates fixed interface text into the current language; data values (names, titles, quotes)
never go through it. Catalogues are gettext ``.po`` files under ``locale/{fr,es}/LC_MESSAGES/``, read with
Babel once per process (a few hundred messages parse in milliseconds, so there is no compile step to forget
and nothing is fetched). English is the source language: its text is the message id.

The language is a context variable, set once per run by the app (from ``?lang=``) or the CLIs (``--lang``),
so a Streamlit session's choice never leaks into another session's thread. Text defined at import time (the
measures' names) is marked with :func:`N_` and translated where it is shown.

Numbers, money and dates follow the language through Babel's CLDR data (offline, in the package).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

SUPPORTED: tuple[str, ...] = ("en", "fr", "es")
DEFAULT_LANGUAGE = "en"
# The language's own name, as the picker shows it (a reader looks for their language in their language).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"

_language: ContextVar[str] = ContextVar("dashboard_language", default=DEFAULT_LANGUAGE)


def normalise_language(code: object) -> str | None:
    """The supported language a code names ("fr", "FR", "fr-CA", "es_MX" -> "fr"/"es"), else None."""
    if not isinstance(code, str):
        return None
    base = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return base if base in SUPPORTED else None


def set_language(code: str | None) -> str:
    """Make ``code`` the current language (an unsupported or empty code means English); return it."""
    language = normalise_language(code) or DEFAULT_LANGUAGE
    _language.set(language)
    return language


@contextmanager
def using_language(code: str | None) -> Iterator[str]:
    """Run a block in a language (a brief rendered when its download is asked for, a CLI command), then
    return to the one before; None keeps the current one."""
    token = _language.set(normalise_language(code) or _language.get())
    try:
        yield _language.get()
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language of this run: one of :data:`SUPPORTED`."""
    return _language.get()


def negotiate_language(preferences: Iterable[str] | str | None) -> str:
    """The first supported language among a reader's preferences (an Accept-Language header, a list of
    locale codes such as the browser's), else English."""
    if preferences is None:
        return DEFAULT_LANGUAGE
    if isinstance(preferences, str):
        # "fr-CH, fr;q=0.9, en;q=0.8": order by quality, the header's own order breaking ties.
        weighted = []
        for position, part in enumerate(preferences.split(",")):
            tag, _sep, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            if tag and quality > 0:
                weighted.append((-quality, position, tag))
        preferences = [tag for _q, _p, tag in sorted(weighted)]
    for code in preferences:
        language = normalise_language(code)
        if language:
            return language
    return DEFAULT_LANGUAGE


def language_from_environment() -> str:
    """The CLI's default language, from the POSIX locale variables (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for code in value.split(":"):
            language = normalise_language(code)
            if language:
                return language
    return DEFAULT_LANGUAGE


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: str) -> NullTranslations:
    """The language's catalogue (fuzzy entries are left out, as gettext does: unreviewed is untranslated)."""
    path = catalogue_path(language)
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(msgid: str) -> str:
    """``msgid`` (English interface text) in the current language; itself when it has no translation."""
    return _translations(current_language()).gettext(msgid)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count`` in the current language (its plural rule, from CLDR)."""
    return _translations(current_language()).ngettext(singular, plural, count)


def N_(msgid: str) -> str:
    """Mark text for extraction without translating it now (text defined at import time); translate it with
    ``_()`` where it is shown."""
    return msgid


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale of a language (English as written in the United States, IOM's host country)."""
    return Locale.parse(normalise_language(language or current_language()) or DEFAULT_LANGUAGE)


def format_decimal(value: float | int | Decimal, digits: int | None = None,
                   language: str | None = None) -> str:
    """A number with the language's separators ("12,345.6" / "12 345,6" / "12.345,6"); ``digits`` fixes the
    number of decimals."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return numbers.format_decimal(value, format=pattern, locale=babel_locale(language),
                                  decimal_quantization=digits is not None)


def format_percent(fraction: float, digits: int = 0, language: str | None = None) -> str:
    """A fraction as a percentage in the language's form ("45%" / "45 %")."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return numbers.format_percent(fraction, format=pattern, locale=babel_locale(language))


def format_currency(amount: float | int | Decimal, currency: str, language: str | None = None) -> str:
    """An amount in its own currency, in the language's form ("$1,234.50" / "1 234,50 $US")."""
    return numbers.format_currency(amount, currency, locale=babel_locale(language))


def format_currency_whole(amount: float | int, currency: str, language: str | None = None) -> str:
    """An amount rounded to a whole unit, in the language's currency pattern ("$1,235" / "1 235 $US")."""
    locale = babel_locale(language)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
    return numbers.format_currency(round(amount), currency, format=pattern, locale=locale,
                                   currency_digits=False)


def format_compact_currency(amount: float | int, currency: str, language: str | None = None) -> str:
    """A short amount with one decimal ("$1.2M" / "1,2 M $US" / "1,2 M US$")."""
    return numbers.format_compact_currency(amount, currency, locale=babel_locale(language), fraction_digits=1)


# "05 Mar 2024" / "05 mars 2024" / "05 mar 2024": the interface's day-month-year form (a CLDR pattern).
DAY_MONTH_YEAR = "dd MMM y"


def format_compact_decimal(value: float | int, language: str | None = None) -> str:
    """A short number with one decimal ("1.2M" / "1,2 M" / "1,2 M")."""
    return numbers.format_compact_decimal(value, locale=babel_locale(language), fraction_digits=1)


def plotly_separators(language: str | None = None) -> str:
    """Plotly's ``layout.separators`` (decimal mark, then thousands separator) for the language."""
    locale = babel_locale(language)
    return locale.number_symbols["latn"]["decimal"] + locale.number_symbols["latn"]["group"]


def format_date(value: dt.date | dt.datetime, style: str = "medium", language: str | None = None) -> str:
    """A date in the language's form: "medium" is "Mar 5, 2024" / "5 mars 2024" / "5 mar 2024"; a CLDR
    pattern such as :data:`DAY_MONTH_YEAR` is applied with the language's month names."""
    return dates.format_date(value, format=style, locale=babel_locale(language))


def month_name(month: int, width: str = "wide", language: str | None = None) -> str:
    """The name of a month (1-12) in the language ("March" / "mars" / "marzo")."""
    return babel_locale(language).months["format"][width][month]


def territory_name(alpha2: str, language: str | None = None) -> str | None:
    """A country or territory's name in the language, from CLDR (maintained by Unicode, shipped in Babel),
    keyed by its ISO 3166 alpha-2 code; None when CLDR has no name for the code."""
    try:
        return babel_locale(language).territories.get(alpha2.upper())
    except UnknownLocaleError:
        return None
