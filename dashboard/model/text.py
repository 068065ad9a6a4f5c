"""Text helpers every layer shares (ARCHITECTURE.md: written once, imported by all)."""

from __future__ import annotations

import unicodedata


def fold_accents(text: str) -> str:
    """The text with accents removed and case kept ("Unión Européenne" -> "Union Europeenne"), so that
    names written with and without accents meet."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
