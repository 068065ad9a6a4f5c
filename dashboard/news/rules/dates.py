"""Dates of the event and of the release: "from 7 to 10 November 2023", "On February 9th, 2023",
"this week (1-2/11)", "del 7 al 10 de noviembre de 2023", "le 28 septembre", "Date Publish: 09/28/2018".

A year is never invented: it comes from the phrase itself, or, for a phrase tied to the release's own
time ("this week (24-25/09)", "today"), from the publication date or the dateline date. Otherwise only
``date_text`` is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dashboard.model.text import MONTH_NUMBERS
from dashboard.news.rules import folding
from dashboard.news.rules import registry as rules
from dashboard.news.rules.numbers import trie_pattern

MONTHS = MONTH_NUMBERS
_MON = r"(?P<{name}>" + trie_pattern(frozenset(MONTHS)) + r")(?![a-zà-ÿ])\.?"
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er|º)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
# "entre el 5 y el 8", "hasta el 8", "jusqu'au 8": the article after the joining word is part of it.
_ARTICLE_BEFORE_DAY = r"(?:(?:el|le|the)\s+(?=\d))?"
_TO = r"\s*(?:-|–|—|to|and|until|till|through|au|à|et|al|a|y|hasta|jusqu['’]au)\s*" + _ARTICLE_BEFORE_DAY
_DE = r"(?:\s+(?:de|of))?"
_WEEKDAY = r"(?:" + trie_pattern(frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi",
    "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles", "jueves",
    "viernes", "sábado", "domingo"})) + r",?\s+)?"


def _p(template: str, **names: str) -> str:
    return template.format(**names)


# Day-first forms: "7 to 10 November 2023", "23 and 24 March 2021", "10 May to 15 June 2022",
# "Sunday 14, January", "del 7 al 10 de noviembre de 2023".
# A list of days before the last two ("Les 6, 8 et 10 décembre 2018") starts at its first day.
_DMY = re.compile(
    r"(?<![\d/])" + _WEEKDAY + r"(?:(?P<d0>[0-3]?\d)(?:,\s*[0-3]?\d)*,\s*)?" + _DAY.format(name="d1")
    + r"(?:" + _TO + r"(?:" + _DAY.format(name="d2") + r")(?!\s*/))?,?" + _DE + r"\s+"
    + _MON.format(name="m1")
    + r"(?:" + _TO + _DAY.format(name="d3") + _DE + r"\s+" + _MON.format(name="m3") + r")?"
    + r"(?:,?" + _DE + r"\s+" + _YEAR.format(name="y") + r")?(?!\s*/)",
    re.IGNORECASE,
)
# Month-first forms: "February 9th, 2023", "April 12-13 2022", "Jan. 10 to 13", "June 30", and across
# months "November 28 to December 2, 2023".
_MDY = re.compile(
    r"\b" + _MON.format(name="m1") + r"\s+" + _DAY.format(name="d1")
    + r"(?:" + _TO + r"(?:" + _MON.format(name="m2") + r"\s+)?" + _DAY.format(name="d2") + r")?\b"
    + r"(?:,?\s+" + _YEAR.format(name="y") + r")?",
    re.IGNORECASE,
)
# Day/month in brackets after a relative word: "this week (1-2/11)", "last week (25/4 – 27/4)".
_SLASH = re.compile(
    r"(?P<d1>[0-3]?\d)(?:/(?P<m1>[01]?\d))?(?:\s*(?:-|–|—)\s*(?P<d2>[0-3]?\d))?/(?P<m2>[01]?\d)(?!/)"
)
_RELATIVE = re.compile(
    r"\b(?:this\s+week|last\s+week|next\s+week|this\s+weekend|at\s+the\s+weekend|last\s+weekend|today|"
    r"yesterday|tomorrow|this\s+month|last\s+month|recently|cette\s+semaine|la\s+semaine\s+dernière|"
    r"aujourd['’]hui|hier|demain|esta\s+semana|la\s+semana\s+pasada|hoy|ayer|mañana)\b",
    re.IGNORECASE,
)
_MONTH_ONLY = re.compile(
    r"\b(?:in|on|during|throughout|since|en|durante)\s+" + _MON.format(name="m1")
    + r"(?:\s+and\s+" + _MON.format(name="m2") + r")?,?\s+" + _YEAR.format(name="y"),
    re.IGNORECASE,
)
_US_SLASH_DATE = re.compile(r"(?<![\d/])(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)(?![\d/])")
_ONGOING = re.compile(r"\b(?:launch|start|began|begin|kick|open|commenc|lanc|inici)", re.IGNORECASE)


@dataclass(frozen=True)
class EventDate:
    text: str
    start: dt.date | None
    end: dt.date | None
    start_pos: int
    end_pos: int
    day_span: int | None  # days from first to last day, when the phrase gives both days
    single_day: bool
    ongoing: bool  # "launched on 10 May": the date starts something longer


def _safe_date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if not (year and month and day):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def span_days(m1: int, d1: int, m2: int, d2: int) -> int | None:
    """Days from (month, day) to (month, day), both counted, across a year end if need be."""
    first = _safe_date(2001, m1, d1)
    last = _safe_date(2001, m2, d2)
    if first is None or last is None:
        return None
    days = (last - first).days
    if days < 0:
        days += 365
    return days + 1


def _month(name: str | None) -> int | None:
    return MONTHS.get(name.lower().rstrip(".")) if name else None


@dataclass(frozen=True)
class _Raw:
    start_pos: int
    end_pos: int
    d1: int
    m1: int
    d2: int
    m2: int
    year: int | None
    relative: bool
    listed: int = 0  # how many days a list names ("6, 8 and 10 December": 3); 0 for a run of days


LISTED_DAYS = rules.rule(
    "listed_days", "a list of days ('6, 8 and 10 December') starts at its first day, lasts as many days",
    general="listed days are separate sessions: the first is the start, the gaps are not event days")


# "18 and 27 August" names two days; "between 5 and 8 March", "entre el 5 y el 8" a run of days.
_AND = re.compile(r"(?:st|nd|rd|th|er|º)?\s*(?:and|et|y)\s*" + _ARTICLE_BEFORE_DAY, re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|entre)\s+(?:(?:el|le|the|les|los)\s+)?$", re.IGNORECASE)


def _raw_dates(text: str) -> list[_Raw]:
    found: list[_Raw] = []
    for m in folding.finditer(_DMY, text):
        d1 = int(m.group("d1"))
        m1 = _month(m.group("m1")) or 0
        if m.group("m3"):
            d2, m2 = int(m.group("d3")), _month(m.group("m3")) or m1
        elif m.group("d2"):
            d2, m2 = int(m.group("d2")), m1
        else:
            d2, m2 = d1, m1
        listed = 0
        if m.group("d0") is not None and rules.on(LISTED_DAYS):
            listed = len(re.findall(r"\d+", text[m.start():m.start("m1")]))
            d1 = int(m.group("d0"))
        elif (m.group("d2") and d2 > d1 + 1 and rules.on(LISTED_DAYS)
              and (joined := _AND.match(text, m.end("d1"))) is not None and joined.end() == m.start("d2")
              and not _BETWEEN.search(text[max(0, m.start() - 12):m.start()])):
            listed = 2  # "on 18 and 27 August": two days, not the ten between them
        if 1 <= d1 <= 31 and 1 <= d2 <= 31:
            found.append(_Raw(m.start(), m.end(), d1, m1, d2, m2,
                              int(m.group("y")) if m.group("y") else None, False, listed))
    for m in folding.finditer(_MDY, text):
        if any(r.start_pos <= m.start() < r.end_pos for r in found):
            continue
        d1 = int(m.group("d1"))
        d2 = int(m.group("d2")) if m.group("d2") else d1
        m1 = _month(m.group("m1")) or 0
        m2 = _month(m.group("m2")) or m1
        if 1 <= d1 <= 31 and 1 <= d2 <= 31:
            found.append(_Raw(m.start(), m.end(), d1, m1, d2, m2,
                              int(m.group("y")) if m.group("y") else None, False))
    for rel in folding.finditer(_RELATIVE, text):
        bracket = re.match(r"\s*(?:in\s+[A-Z][\w ]+)?\s*\(([^)]{3,20})\)", text[rel.end():])
        if not bracket:
            continue
        slash = _SLASH.search(bracket.group(1))
        if slash:
            d1, d2 = int(slash.group("d1")), int(slash.group("d2") or slash.group("d1"))
            m2 = int(slash.group("m2"))
            m1 = int(slash.group("m1")) if slash.group("m1") else m2
            # "25/4 – 27/4": the second day sits after the dash
            if slash.group("m1") and not slash.group("d2"):
                second = re.search(r"(?:-|–|—)\s*([0-3]?\d)/([01]?\d)", bracket.group(1))
                if second:
                    d2, m2 = int(second.group(1)), int(second.group(2))
            if 1 <= m1 <= 12 and 1 <= m2 <= 12:
                pos = rel.end() + bracket.start(1)
                found.append(_Raw(pos, rel.end() + bracket.end(), d1, m1, d2, m2, None, True))
    return sorted(found, key=lambda r: r.start_pos)


def _with_year(raw: _Raw, reference: dt.date | None) -> int | None:
    if raw.year:
        return raw.year
    # The release's own date dates a phrase tied to it ("this week (24-25/09)"), and a bare day and month
    # shortly before it ("a closing ceremony on June 30" in a release of 9 July 2020).
    if reference:
        year = reference.year
        candidate = _safe_date(year, raw.m1, raw.d1)
        if candidate and candidate > reference + dt.timedelta(days=10):
            year -= 1
            candidate = _safe_date(year, raw.m1, raw.d1)
        if candidate and (reference - candidate).days <= 45:
            return year
    return None


YEAR_OF_NEIGHBOUR = rules.rule(
    "year_of_neighbour", "a yearless date takes the year of a dated phrase within 60 days of it",
    general="a text states its event's year once; its other date phrases share it")


def _year_of_neighbour(raw: _Raw, raws: list[_Raw]) -> int | None:
    """The year of another date phrase of the same text that the yearless one falls within 60 days of
    ("launched on 10 May ... from 10 May to 15 June 2022"): a text does not leave its event's year
    unstated when it states it a sentence later."""
    years = set()
    for other in raws:
        if other.year is None or other is raw:
            continue
        dated = _safe_date(other.year, other.m1, other.d1)
        candidate = _safe_date(other.year, raw.m1, raw.d1)
        if dated and candidate and abs((candidate - dated).days) <= 60:
            years.add(other.year)
    return years.pop() if len(years) == 1 else None


def _phrase(text: str, raw: _Raw) -> str:
    start = raw.start_pos
    lead = re.search(r"(?:\b(?:from|on|du|le|el|del|from|between|this\s+week|last\s+week|today|"
                     r"tomorrow|yesterday|next\s+week)\s*\(?\s*)$", text[max(0, start - 20):start],
                     re.IGNORECASE)
    if lead:
        start -= len(lead.group())
    end = raw.end_pos + (1 if text[raw.end_pos:raw.end_pos + 1] == ")" and "(" in text[start:raw.end_pos]
                         else 0)
    return re.sub(r"\s+", " ", text[start:end]).strip(" ,")


def event_dates(text: str, reference: dt.date | None) -> list[EventDate]:
    """Day-precise date phrases in the text, in order, each with the year when the text supports one."""
    out: list[EventDate] = []
    raws = _raw_dates(text)
    for raw in raws:
        year = _with_year(raw, reference) or (_year_of_neighbour(raw, raws) if rules.on(YEAR_OF_NEIGHBOUR)
                                              else None)
        start = _safe_date(year, raw.m1, raw.d1)
        end_year = year + 1 if year and (raw.m2, raw.d2) < (raw.m1, raw.d1) else year
        end = _safe_date(end_year, raw.m2, raw.d2)
        sentence_start = max(text.rfind(". ", 0, raw.start_pos), text.rfind("\n", 0, raw.start_pos))
        ends = [i for i in (text.find(". ", raw.end_pos), text.find("\n", raw.end_pos)) if i != -1]
        sentence = text[sentence_start + 1:min(ends) if ends else len(text)]
        ongoing = bool(_ONGOING.search(sentence))
        single = (raw.d1, raw.m1) == (raw.d2, raw.m2)
        out.append(EventDate(_phrase(text, raw), start, end, raw.start_pos, raw.end_pos,
                             raw.listed or span_days(raw.m1, raw.d1, raw.m2, raw.d2), single,
                             ongoing))
    return out


def relative_phrase(text: str) -> re.Match[str] | None:
    """The first relative time phrase ("this week", "today", "has begun" is not one)."""
    return _RELATIVE.search(text)


_RELATIVE_OFFSET = {"today": 0, "aujourd'hui": 0, "hoy": 0, "yesterday": -1, "hier": -1, "ayer": -1}


def relative_day(phrase: str, reference: dt.date | None) -> dt.date | None:
    """The day a relative day word names in a release dated ``reference`` ("yesterday" -> the day before);
    None for vaguer phrases ("this week") or without a reference date."""
    offset = _RELATIVE_OFFSET.get(phrase.lower().replace("’", "'"))
    if reference is None or offset is None:
        return None
    return reference + dt.timedelta(days=offset)


def month_phrase(text: str) -> re.Match[str] | None:
    """A month-precise phrase ("Throughout September and October 2020"): a date_text, never a date."""
    return _MONTH_ONLY.search(text)


def parse_single_date(text: str) -> dt.date | None:
    """One full date in a metadata line or dateline: "Feb 20, 2020", "Tue, 11/24/2020 - 17:15",
    "27 Nov 2023", "(Sarajevo, 20th August 2019)". Slashed dates are month first, as the sites print them,
    unless the first number cannot be a month. A range ("13 – 15 June 2018") is no single date."""
    slash = _US_SLASH_DATE.search(text)
    if slash:
        a, b, year = int(slash.group("a")), int(slash.group("b")), int(slash.group("y"))
        return _safe_date(year, a, b) if a <= 12 else _safe_date(year, b, a)
    if re.search(r"\d\s*(?:-|–)\s*\d", text):
        return None
    raws = [r for r in _raw_dates(text) if r.year]
    if len(raws) == 1 and (raws[0].d1, raws[0].m1) == (raws[0].d2, raws[0].m2):
        return _safe_date(raws[0].year, raws[0].m1, raws[0].d1)
    return None
