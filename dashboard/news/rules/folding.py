"""Case-insensitive matching at case-sensitive speed.

Python's ``re`` folds case character by character under IGNORECASE, which makes the long word alternations
of the news rules several times slower. Matching the same pattern, lower-cased and without the flag, against
the lower-cased text finds the same spans, provided the pattern names no upper-case class or escape (checked)
and lower-casing keeps the text's length (checked per text; otherwise the original pattern runs).
"""

from __future__ import annotations

import re
import re._constants as _sre  # the parser's own node names, to read which letters an alternative starts with
import re._parser as _sre_parser
from collections.abc import Mapping
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


def _top_alternatives(source: str) -> list[str]:
    """The alternatives of a regex source at its top level (split on "|" outside groups and classes)."""
    out: list[str] = []
    depth, in_class, escaped, start = 0, False, False, 0
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(source[start:i])
            start = i + 1
    out.append(source[start:])
    return out


def _first_chars(items: list[tuple[object, object]]) -> set[str] | None:
    """The characters a parsed pattern can start with; None when any character could (or none is needed)."""
    chars: set[str] = set()
    for op, arg in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # "\b", lookarounds: no character consumed
        if op is _sre.LITERAL:
            return chars | {chr(arg)}  # type: ignore[arg-type]
        if op is _sre.IN:
            for kind, value in arg:  # type: ignore[attr-defined]
                if kind is _sre.LITERAL:
                    chars.add(chr(value))
                elif kind is _sre.RANGE:
                    chars.update(chr(c) for c in range(value[0], value[1] + 1))
                else:
                    return None
            return chars
        if op is _sre.SUBPATTERN:
            inner = _first_chars(list(arg[3]))  # type: ignore[index]
            return None if inner is None else chars | inner
        if op is _sre.BRANCH:
            for branch in arg[1]:  # type: ignore[index]
                inner = _first_chars(list(branch))
                if inner is None:
                    return None
                chars |= inner
            return chars
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            low: int = arg[0]  # type: ignore[index]
            inner = _first_chars(list(arg[2]))  # type: ignore[index]
            if inner is None:
                return None
            chars |= inner
            if low > 0:
                return chars
            continue  # optional: what follows may start the match too
        return None
    return None


def first_char_dispatch(named: Mapping[str, str], suffix: str = "", flags: int = 0
                        ) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for named, lower-case alternations that tries, at each word, only the alternatives that can
    start with its first letter: the same matches as ``\\b(?:(?P<a>...)|(?P<b>...))`` (same order, same
    group for each), at a third of the cost for vocabularies of hundreds of words. ``suffix`` closes every
    group (a lookahead such as ``(?![\\w-])``); ``flags`` compile it (IGNORECASE, to run it through
    :func:`finditer`). Returns the pattern and the name of each of its groups."""
    every: list[tuple[str, str, set[str] | None]] = []
    for name, source in named.items():
        for alternative in _top_alternatives(source):
            every.append((name, alternative, _first_chars(list(_sre_parser.parse(alternative)))))
    chars = sorted({c for *_x, starts in every for c in starts or ()})
    # Each letter's branch keeps the alternatives that can start with it, and those whose start is unknown,
    # in their original order: the same one wins as in the plain alternation.
    by_char = {c: [(n, a) for n, a, starts in every if starts is None or c in starts] for c in chars}
    anywhere = [(n, a) for n, a, starts in every if starts is None]
    names: dict[str, str] = {}

    def groups(pairs: list[tuple[str, str]]) -> str:
        merged: dict[str, list[str]] = {}
        for name, alternative in pairs:
            merged.setdefault(name, []).append(alternative)
        parts = []
        for name, alternatives in merged.items():
            group = f"g{len(names)}"
            names[group] = name
            parts.append(f"(?P<{group}>(?:{'|'.join(alternatives)}){suffix})")
        return "|".join(parts)

    branches = [f"(?={re.escape(char)})(?:{groups(pairs)})" for char, pairs in by_char.items()]
    if anywhere:  # at a letter no known alternative starts with, the ones whose start is unknown
        others = "".join(re.escape(c) for c in chars)
        branches.append(f"(?![{others}])(?:{groups(anywhere)})" if others else f"(?:{groups(anywhere)})")
    return re.compile(r"\b(?:" + "|".join(branches) + ")", flags), names
