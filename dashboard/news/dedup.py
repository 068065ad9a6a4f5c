"""De-duplication: the same story told at several addresses becomes one event.

A story is re-told when IOM's global site and a country site both publish it, or a newspaper re-posts it.
Two records are the same event when

1. they have the same address (after normalising scheme, ``www.``, trailing slashes and fragments), or
2. their normalised titles are similar (rapidfuzz) **and** their facts agree: no stated fact contradicts
   (start and end date, duration, city, host countries; participants only when the start dates agree, so a
   disagreement on a head count between two copies of one story is kept and flagged), enough facts agree,
   and at least one time anchor agrees (same start date, same date phrase naming a day, or publication
   within a few days); without an anchor only a word-for-word identical title with the same facts merges. Many
   releases share a title pattern ("IOM trains border officials in ..."), so a title alone never merges
   two records.

Groups are closed by complete linkage: a record joins a group only if it contradicts none of its members,
so A~B and B~C never chain two different trainings A and C together.

The event id is stable across ingests: a hash of the normalised address of the group's earliest item
(earliest publication date, then address), or of the normalised title and date when no item has one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any
from urllib.parse import unquote, urlsplit

from rapidfuzz import fuzz, process

from dashboard.model.text import fold_accents

# Title similarity (rapidfuzz token-set ratio on normalised titles, 0-100) needed to consider a merge, and
# how many agreeing facts each level needs. A re-post keeps the title almost word for word; a country site
# often rewrites it, and then more facts must agree.
CLOSE_TITLE = 85
LOOSE_TITLE = 60
FACTS_FOR_CLOSE_TITLE = 2
FACTS_FOR_LOOSE_TITLE = 3
# Publication dates this close count as the same moment (a re-post appears a day or two later).
SAME_PUBLICATION_DAYS = 3

_TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+)$", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class EventGroup:
    """One event: the indexes of its records, earliest first, and its stable id."""

    event_id: str
    members: tuple[int, ...]


def normalise_url(url: str | None) -> str | None:
    """An address in one spelling: https, no ``www.``, no fragment, tracking parameters or trailing slash."""
    if not isinstance(url, str) or not url.strip():  # None, pandas' NA or an empty cell
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    path = unquote(parts.path).rstrip("/")
    query = "&".join(q for q in parts.query.split("&") if q and not _TRACKING_PARAMS.match(q.split("=")[0]))
    return f"https://{host}{path}" + (f"?{query}" if query else "")


def normalise_title(title: str | None) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed."""
    text = fold_accents(str(title or "")).lower()
    return _NON_WORD.sub(" ", text).strip()


def consensus(values: Sequence[Hashable | None]) -> tuple[Any, bool]:
    """The value most sources state (ties: the earliest source's) and whether stated values disagree."""
    stated = [v for v in values if v is not None]
    if not stated:
        return None, False
    counts = Counter(stated)
    best = max(counts.values())
    value = next(v for v in stated if counts[v] == best)
    return value, len(counts) > 1


def group_events(records: Sequence[Mapping[str, Any]]) -> list[EventGroup]:
    """Group records (extraction records, see ``RECORD_KEYS``) into events; every record is in one group."""
    facts = [_Facts.of(r) for r in records]
    order = sorted(range(len(records)), key=lambda i: facts[i].sort_key)
    parent = {i: i for i in order}
    members = {i: [i] for i in order}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int, check: bool) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        if check and any(facts[x].contradicts(facts[y]) for x in members[ra] for y in members[rb]):
            return
        if facts[ra].sort_key > facts[rb].sort_key:
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra].extend(members.pop(rb))

    by_url: dict[str, int] = {}
    for i in order:  # the same address is the same page, whatever its extraction says
        url = facts[i].url
        if url:
            if url in by_url:
                join(by_url[url], i, check=False)
            else:
                by_url[url] = i
    # Strongest matches first, so the groups do not depend on the order the records came in.
    matches = []
    for a, b in _candidate_pairs(facts):
        strength = facts[a].same_story(facts[b])
        if strength is not None:
            first, second = sorted((a, b), key=lambda i: facts[i].sort_key)
            matches.append(((-strength[0], -strength[1], facts[first].sort_key, facts[second].sort_key),
                            first, second))
    for _, a, b in sorted(matches):
        join(a, b, check=True)

    groups = []
    used: set[str] = set()
    for r in sorted({root(i) for i in order}, key=lambda i: facts[i].sort_key):
        ordered = tuple(sorted(members[r], key=lambda i: facts[i].sort_key))
        event_id = _event_id([facts[i] for i in ordered])
        suffix = 2
        base = event_id
        while event_id in used:  # two unmerged stories with the same title and date and no address
            event_id, suffix = f"{base}-{suffix}", suffix + 1
        used.add(event_id)
        groups.append(EventGroup(event_id, ordered))
    return groups


def blocking_keys(record: Mapping[str, Any]) -> tuple[set[tuple[str, str]], dt.date | None]:
    """What can put a record in a comparison with another: its address, title, start date and dated phrase
    (equal keys), and its publication date (close dates). Records sharing none can never be one event."""
    f = _Facts.of(record)
    keys = {(kind, value) for kind, value in (("url", f.url), ("title", f.title), ("start", f.start),
                                              ("date_text", f.date_text)) if value}
    return keys, f.published


def _candidate_pairs(facts: list[_Facts]) -> set[tuple[int, int]]:
    """Pairs of records that could be one story, with similar titles.

    Only records sharing a time anchor (start date, date phrase, publication within a few days) or an
    identical title can merge (see ``_Facts.same_story``), so titles are compared only inside those blocks:
    a thousand releases titled "IOM trains officials in ..." are not compared with each other pairwise.
    """
    blocks: dict[tuple[str, str], list[int]] = {}
    by_day: dict[int, list[int]] = {}
    for i, f in enumerate(facts):
        if not f.title:
            continue
        blocks.setdefault(("title", f.title), []).append(i)
        if f.start:
            blocks.setdefault(("start", f.start), []).append(i)
        if f.date_text:
            blocks.setdefault(("date_text", f.date_text), []).append(i)
        if f.published:
            by_day.setdefault(f.published.toordinal(), []).append(i)
    comparisons = [(rows, rows) for rows in blocks.values() if len(rows) > 1]
    for day, rows in by_day.items():
        cols = [j for d in range(day, day + SAME_PUBLICATION_DAYS + 1) for j in by_day.get(d, [])]
        if len(cols) > 1:
            comparisons.append((rows, cols))
    pairs: set[tuple[int, int]] = set()
    for rows, cols in (part for block in comparisons for part in _same_hosts(*block, facts)):
        scores = process.cdist([facts[i].title for i in rows], [facts[j].title for j in cols],
                               scorer=fuzz.token_set_ratio, score_cutoff=LOOSE_TITLE, workers=1)
        for r, c in zip(*scores.nonzero(), strict=True):
            a, b = rows[r], cols[c]
            if a != b:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def _same_hosts(rows: list[int], cols: list[int], facts: list[_Facts]) -> list[tuple[list[int], list[int]]]:
    """A block cut into parts whose host countries cannot contradict (equal sets, or one side unstated)."""
    cols_by_hosts: dict[frozenset[str], list[int]] = {}
    for j in cols:
        cols_by_hosts.setdefault(facts[j].countries, []).append(j)
    rows_by_hosts: dict[frozenset[str], list[int]] = {}
    for i in rows:
        rows_by_hosts.setdefault(facts[i].countries, []).append(i)
    unstated = cols_by_hosts.get(frozenset(), [])
    parts = []
    for hosts, part in rows_by_hosts.items():
        same = cols if not hosts else cols_by_hosts.get(hosts, []) + unstated
        if len(same) > 1 or same != part:
            parts.append((part, same))
    return parts


@dataclass(frozen=True)
class _Facts:
    """The comparable facts of one record, normalised."""

    url: str | None
    title: str
    start: str | None
    end: str | None
    date_text: str | None
    published: dt.date | None
    duration: int | None
    participants: int | None
    female: int | None
    city: str | None
    countries: frozenset[str]
    participant_countries: frozenset[str]
    sort_key: tuple[str, str, str, str]

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> _Facts:
        url = normalise_url(record.get("url"))
        title = normalise_title(record.get("title"))
        published = as_date(record.get("published_date"))
        made = cls(
            url=url, title=title, start=_iso(record.get("start_date")), end=_iso(record.get("end_date")),
            date_text=_dated_phrase(record.get("date_text")), published=published,
            duration=as_count(record.get("duration_days")), participants=as_count(record.get("participants")),
            female=as_count(record.get("participants_female")),
            city=normalise_title(record.get("city")) or None,
            countries=_codes(record.get("countries")),
            participant_countries=_codes(record.get("participant_countries")),
            sort_key=("", "", "", ""),
        )
        # Every fact in the key, so that only records with the same facts tie: ties broken by the order the
        # records came in would make the groups depend on it.
        rest = repr([(f.name, str(getattr(made, f.name))) for f in fields(cls)
                     if f.name not in ("published", "url", "title", "sort_key")])
        day = published.isoformat() if published else "9999"
        return replace(made, sort_key=(day, url or "~", title, rest))

    def contradicts(self, other: _Facts) -> bool:
        """A stated fact on each side that cannot be the same event."""
        for mine, theirs in ((self.start, other.start), (self.end, other.end),
                             (self.duration, other.duration), (self.city, other.city),
                             (self.countries or None, other.countries or None)):
            if mine is not None and theirs is not None and mine != theirs:
                return True
        # Two copies of one story may disagree on a head count; only a shared start date tells us so.
        return (self.participants is not None and other.participants is not None
                and self.participants != other.participants
                and not (self.start is not None and self.start == other.start))

    def agreements(self, other: _Facts) -> tuple[int, bool]:
        """How many stated facts agree, and whether one of them anchors both records in time."""
        pairs = ((self.start, other.start), (self.end, other.end), (self.date_text, other.date_text),
                 (self.duration, other.duration), (self.participants, other.participants),
                 (self.female, other.female), (self.city, other.city),
                 (self.countries or None, other.countries or None),
                 (self.participant_countries or None, other.participant_countries or None))
        count = sum(1 for a, b in pairs if a is not None and a == b)
        close_publication = (self.published is not None and other.published is not None
                             and abs((self.published - other.published).days) <= SAME_PUBLICATION_DAYS)
        anchored = ((self.start is not None and self.start == other.start)
                    or (self.date_text is not None and self.date_text == other.date_text)
                    or close_publication)
        return count + int(close_publication), anchored

    def same_story(self, other: _Facts) -> tuple[int, float] | None:
        """How strongly two records tell one story (agreeing facts, title similarity), or None if not."""
        if not (self.title and other.title) or self.contradicts(other):  # untitled: only by address
            return None
        count, anchored = self.agreements(other)
        if not anchored:
            # A word-for-word re-post whose text dates nothing: the same title and facts must do.
            same = self.title == other.title and count >= FACTS_FOR_CLOSE_TITLE
            return (count, 100.0) if same else None
        similarity = fuzz.token_set_ratio(self.title, other.title)
        needed = FACTS_FOR_CLOSE_TITLE if similarity >= CLOSE_TITLE else FACTS_FOR_LOOSE_TITLE
        return (count, similarity) if similarity >= LOOSE_TITLE and count >= needed else None


def _dated_phrase(value: Any) -> str | None:
    """A date phrase that names a day ("1-2 November"); "this week" or "yesterday" tie no two stories."""
    text = normalise_title(value)
    return text if re.search(r"\d", text) else None


def _event_id(members: list[_Facts]) -> str:
    with_url = next((f for f in members if f.url), None)
    if with_url is not None:
        key = with_url.url
    else:
        first = members[0]
        when = first.start or first.date_text or (first.published.isoformat() if first.published else "")
        key = f"{first.title}|{when}"
    return "ev-" + hashlib.sha1(str(key).encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def as_date(value: Any) -> dt.date | None:
    """A date from a date, a datetime or a "YYYY-MM-DD..." string; None for anything else or impossible."""
    if isinstance(value, dt.datetime):
        return None if value != value else value.date()  # pandas' NaT is a datetime unequal to itself
    if isinstance(value, dt.date):
        return value
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _iso(value: Any) -> str | None:
    date = as_date(value)
    return date.isoformat() if date else None


def as_count(value: Any) -> int | None:
    """A whole non-negative number (a head count, a duration), or None when the value is not one."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number == number and number.is_integer() and number >= 0 else None


def _codes(value: Any) -> frozenset[str]:
    if not isinstance(value, list | tuple | set | frozenset):
        return frozenset()
    return frozenset(str(v).strip().upper() for v in value if isinstance(v, str) and v.strip())
