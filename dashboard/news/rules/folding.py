"""Case-insensitive matching at case-sensitive speed.

Python's ``re`` folds case character by character under IGNORECASE, which makes the long word alternations
of the news rules several times slower. Matching the same pattern, lower-cased and without the flag, against
the lower-cased text finds the same spans, provided the pattern names no upper-case class or escape (checked)
and lower-casing keeps the text's length (checked per text; otherwise the original pattern runs).
"""

from __future__ import annotations

import re
from functools import lru_cache

_UPPER_CASE_SYNTAX = re.compile(r"\\[SWDB]|A-Z|\(\?-i")


@lru_cache(maxsize=64)
def lower_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` for lower-cased text, without IGNORECASE (same matches, a fraction of the cost)."""
    if _UPPER_CASE_SYNTAX.search(pattern.pattern):
        raise ValueError(f"pattern names upper case and cannot be folded: {pattern.pattern[:60]}")
    return re.compile(pattern.pattern.lower().replace("(?p<", "(?P<"), pattern.flags & ~re.IGNORECASE)


def search(pattern: re.Pattern[str], text: str, pos: int = 0,
           endpos: int | None = None) -> re.Match[str] | None:
    """``pattern.search`` ignoring case; the match's offsets are the text's, its groups lower-cased."""
    end = len(text) if endpos is None else endpos
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer would shift the offsets
        return pattern.search(text, pos, end)
    return lower_twin(pattern).search(lowered, pos, end)


def anchored_finditer(pattern: re.Pattern[str], anchors: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a long alternation, tried only where ``anchors`` (the first letters of
    every alternative) occur: a plain scan tries the whole alternation at every position, which costs
    several times more. Every match of ``pattern`` must start where ``anchors`` matches (a test checks it)."""
    out: list[re.Match[str]] = []
    last = 0
    for anchor in anchors.finditer(text):
        if anchor.start() < last:
            continue
        found = pattern.match(text, anchor.start())
        if found:
            out.append(found)
            last = max(found.end(), found.start() + 1)
    return out


def finditer(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """``pattern.finditer`` ignoring case, with the same caveat on groups as :func:`search`."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return list(pattern.finditer(text))
    return list(lower_twin(pattern).finditer(lowered))
