"""What a cell holds: "not stated" spellings, the folded text words are compared by, a cell as text."""

from __future__ import annotations

import datetime as dt

from dashboard.model.text import fold_accents

_MISSING = frozenset({"", "null", "none", "nil", "n/a", "n.a.", "n.a", "#n/a", "-", "--", "\u2014", "nan",
                      "not stated", "unknown", "tbd", "tbc"})
# "NA" means "not available" everywhere except in a country column, where it is Namibia's code.
_MISSING_EXCEPT_COUNTRY = frozenset({"na"})


class ValueProblem(ValueError):
    """One cell that cannot be read with certainty; the message is the quarantine reason."""


def fold(text: str) -> str:
    """Lower case without accents, for comparing words written by hand."""
    if text.isascii():
        return text.lower()
    return fold_accents(text).casefold()


def is_missing(value: object, field_name: str) -> bool:
    """Empty, ``null``, ``N/A``...; ``NA`` only outside country columns (there it is Namibia)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    folded = value.strip().casefold()
    return folded in _MISSING or (field_name != "country" and folded in _MISSING_EXCEPT_COUNTRY)


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()
