"""Text helpers every layer shares (ARCHITECTURE.md: written once, imported by all)."""

from __future__ import annotations

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
