"""Text helpers every layer shares (ARCHITECTURE.md: written once, imported by all)."""

from __future__ import annotations

import re
import unicodedata


class _FoldTable(dict[int, str]):
    """Character -> the character without its accents, worked out once per character met (a memo: the
    same answer for every caller, so sharing it between sessions is harmless)."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_accents(text: str) -> str:
    """The text with accents removed and case kept ("Unión Européenne" -> "Union Europeenne"), so that
    names written with and without accents meet."""
    return text if text.isascii() else text.translate(_FOLD)


# Month names (and their usual short forms) in English, French and Spanish, accented and folded, to the
# month's number: the news dates, the news boilerplate filter and the project lists' dates all read this one.
MONTH_NUMBERS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
}

_WEB_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """``value`` (stripped) if it is an http(s) address, else None: a ``javascript:`` or ``data:`` link, or
    text that is no address, never reaches a page or the store as a link."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _WEB_URL.match(value) else None
