"""One press release -> one activity record (``RECORD_KEYS``): is it an activity, of what type, where,
when, how long, how many people (and women), paid by whom, with whom, under which programme, on which
themes.

The record follows the labelled corpus's conventions (``../shared/corpus/README.md``): a year only where
the text supports it, "over 100" is no participant count, "15 Thai and 11 Malaysian officers" are 26, the
place is where the activity happened (a dateline city may sit in a country the dateline does not name).
Fields the input gave ready-made (``item.given``) win over extracted ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from dashboard.model.donors import DonorRegistry
from dashboard.news.boilerplate import DATELINE, is_metadata_line, split_scraped_text
from dashboard.news.gazetteer import City
from dashboard.news.item import EVIDENCE_KEYS, LIST_KEYS, RECORD_KEYS, NewsItem
from dashboard.news.rules import activity, dates, folding, organisations, places
from dashboard.news.rules import audience as audience_rules
from dashboard.news.rules import registry as rules
from dashboard.news.rules import themes as theme_rules
from dashboard.news.rules.numbers import MONEY

_LEDE_SENTENCES = 4
_BODY_CHARS = 2500
_VIRTUAL = re.compile(r"\b(?:virtual|webinars?|online\s+(?:meeting|session|workshop|dialogue)s?)\b",
                      re.IGNORECASE)
_FUNDING_NEWS = re.compile(
    r"\b(?:is|are|will\s+be|has\s+been|have\s+been)\s+(?:funding|financing)\b|\bto\s+be\s+supported\s+by\b|"
    r"\b(?:allocated|pledged|announced)\s+(?:new\s+)?(?:funding|grants?|contribution)\b|"
    # Aid that will come thanks to money just granted; a funding agreement in three languages.
    r"\bwill\s+receive\b[^.]{0,200}?\bthanks\s+to\s+(?:a|an)\s+[^.]{0,40}?\b(?:grant|contribution)\b|"
    r"\b(?:funding|financing)\s+agreement|accord\s+de\s+financement|acuerdo\s+de\s+financiaci[oó]n|"
    # Money given to IOM: "The Central Emergency Response Fund has given IOM USD 2.8 million so that ...".
    r"\b(?:has|have)\s+(?:given|granted|awarded|allocated|provided)\s+(?:IOM\s+|the\s+\w+\s+)?"
    r"(?:USD|US\$|EUR|CHF|GBP|\$|€|£)\s?[\d.,]+",
    re.IGNORECASE,
)
# What an opening says will happen: the acts money will pay for are not done yet.
_FUTURE = re.compile(r"\b(?:will|shall|is\s+to|are\s+to|va\s+a|van\s+a|vont|sera|seront|será|serán|"
                     r"se\s+prevé|prévoit|"
                     # An aim is still to come: "the programme sets out to train 570 officers".
                     r"aims?\s+to|sets?\s+out\s+to|vise\s+à|visent\s+à|tiene\s+como\s+objetivo)\b",
                     re.IGNORECASE)
_CONCRETE = {"training", "workshop", "conference", "meeting", "handover", "launch", "distribution",
             "campaign", "other"}
_LOCATION_LINE = re.compile(r"^\s*(?:location(?:\(s\))?|venue|place|lieu|lugar)\s*:\s*(?P<place>.+)$",
                            re.IGNORECASE | re.MULTILINE)
_DONOR_CONTEXT = re.compile(r"(?:government|embassy|ambassador|people|ministry\s+of\s+\w+(?:\s+\w+)?)\s+of\s+"
                            r"(?:the\s+)?$", re.IGNORECASE)
# A running total: "since 2009", "since October 2018", "depuis janvier 2019", "desde octubre de 2018".
_SINCE_YEAR = r"(?:[A-Za-zÀ-ÿ]+\s+(?:de\s+)?)?(?:19|20)\d\d"
_CUMULATIVE = re.compile(rf"\bsince\s+(?:its\s+(?:creation|establishment|launch)|{_SINCE_YEAR})\b|"
                         r"\bover\s+the\s+(?:years|past\s+(?:decade|\w+\s+years))\b|\bto\s+date\b|"
                         rf"\bso\s+far\b|\bdepuis\s+(?:sa\s+création|{_SINCE_YEAR})|\bdesde\s+{_SINCE_YEAR}",
                         re.IGNORECASE)
_UNDER_WAY = re.compile(r"\bunder\s*way\b|\bgot\s+underway\b", re.IGNORECASE)
_FROM_LIST = re.compile(r"\b(?:coming\s+)?from\s+"
                        r"((?:[A-Z][\w’'-]*(?:\s+(?:and\s+)?[A-Z][\w’'-]*)*(?:,?\s+(?:and\s+)?|\.|$))+)")
_CONTINUES_TO = re.compile(r"^[^.]{0,40}?\b(?:run|runs|last|lasts|continue|continues|until|through|till)\s+"
                           r"(?:through|until|till|to)?\s*$|^\W*(?:to|until|till|through|au|jusqu['’]au|al|hasta"
                           r"(?:\s+el)?)\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?=[.!?\n])(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|No))"
                           r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Col|Gen))"
                           r"(?<!\bU\.S)[.!?](?:[”\"’)]?)\s+(?=[A-Z“\"(])|\n+")


RELATIVE_DAY = rules.rule(
    "relative_day", "'today'/'yesterday' with no date phrase is the release's date (or the day before)",
    general="a release's own time words refer to its publication date, in any language")
RANGE_ACROSS_PHRASES = rules.rule(
    "range_across_phrases", "two date phrases joined by 'to'/'until'/'runs through' are one range",
    general="a range written as two date phrases ('from 28 November ... until 2 December') is one span")
ONGOING_NO_END = rules.rule(
    "ongoing_no_end", "a single date that launches or starts something longer gives no end date")


MONEY_HEADLINE = rules.rule(
    "money_headline", "a headline that states an amount of money reports funding, unless the lede reports a "
    "training, workshop, handover, distribution or campaign",
    general="funding announcements headline the amount; their press events are not activities")
_LEADER_VISIT = re.compile(
    r"\b(?:Director[- ]General|Deputy\s+Director[- ]General|Secretary[- ]General|IOM\s+Chief|Chief\s+of\s+"
    r"Mission|Directeur\s+général|Directrice\s+générale|Director\s+General)\b[^.]{0,60}?\b(?:visits?|"
    r"concludes\s+(?:a\s+)?visit|en\s+visite|visita)\b", re.IGNORECASE)
LEADER_VISIT = rules.rule(
    "leader_visit", "a head of an organisation's visit is advocacy, not an activity",
    general="releases about a leader's visit report meetings held for it, not a programme activity")
# A headline asking for money is an appeal, not money given: "IOM Seeks USD 183 Million", "Haití requiere
# 21 millones". An appeal's place is not labelled (corpus README: countries are where an activity is).
_ASKS_FOR_MONEY = re.compile(r"\b(?:seeks?|appeals?|requires?|calls?\s+for|requests?|requiere|"
                             r"necesita|solicita|pide|llamamiento|sollicite|a\s+besoin|nécessite|appel)\b",
                             re.IGNORECASE)
# A headline about money given, with or without its amount: "New Funding for ...", "Receives Grant".
_FUNDING_HEADLINE = re.compile(r"^(?:new\s+|fresh\s+|additional\s+)?(?:funding|grants?|contributions?)\s+"
                               r"(?:for|to|from)\b|"
                               r"\b(?:receives?|secures?|welcomes?)\s+(?:new\s+|fresh\s+)?(?:funding|grants?|"
                               r"contributions?)\b|^(?:nouveau\s+)?financement\s+(?:pour|de)\b|"
                               r"^(?:nuevo\s+)?financiamiento\s+(?:para|de)\b|"
                               # "Nouvel accord de financement pluriannuel", "new funding agreement".
                               r"\b(?:accord|convention)\s+de\s+financement|\bacuerdo\s+de\s+financiaci[oó]n|"
                               r"\b(?:funding|grant|financing)\s+agreements?\b", re.IGNORECASE)
FUNDED_PLACE = rules.rule(
    "funded_place", "a funding announcement's countries are where the funded work takes place",
    general="funding news names the country the money is for, as activity news names the event's place")
NAMED_EVENT_PLACE = rules.rule(
    "named_event_place", "a release with an event word, not taken as an activity nor a statement, keeps the "
    "place of its event", general="whether or not the event is taken as the release's, its place is stated")
PLACE_OVER_DATELINE = rules.rule(
    "place_over_dateline", "'in X' in the headline or first sentence, X outside the dateline, is the place",
    general="a dateline says where the release was written, 'in X' says where the event was")


@dataclass(frozen=True)
class _Text:
    headline: str
    body: str
    story: str  # body from the first prose line, dateline removed
    lede: str  # the story's first sentences
    meta: list[str]  # metadata lines before the story


def _split(item: NewsItem) -> _Text:
    text = item.text or ""
    if item.title and text.startswith(item.title):
        headline: str | None = item.title
        _, body = split_scraped_text(text[len(item.title):])
    else:
        headline, body = split_scraped_text(text)
        headline = item.title or headline
    lines = body.splitlines()
    meta: list[str] = []
    story_at = 0
    for i, line in enumerate(lines):
        if not line.strip() or is_metadata_line(line):
            meta.append(line)
            continue
        story_at = i
        break
    else:
        story_at = len(lines)
    story = "\n".join(lines[story_at:])
    dateline = DATELINE.match(story)
    if dateline and len(story.split("\n", 1)[0]) >= 80:
        story = story[dateline.end():]
    story = story[:_BODY_CHARS]
    sentences = _sentences(story)
    lede = " ".join(sentences[:_LEDE_SENTENCES])
    return _Text(headline or "", body, story, lede, [m for m in meta if m.strip()])


@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[str, ...]:
    """Sentences with their closing punctuation (the rules read "." as a boundary too); cached because
    every field's rule reads the same story's sentences."""
    return tuple(_split_sentences(text))


def _split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


@cache
def _demonym_words() -> frozenset[str]:
    return frozenset(places.demonyms())


def _published(item: NewsItem, text: _Text, dateline: places.Dateline | None,
               opening: tuple[int, dt.date] | None) -> dt.date | None:
    if item.published:
        return item.published
    joined = "\n".join(text.meta)
    for line in re.split(r"\n|(?<=\d{4})\s+(?=[A-Z])", joined):
        found = dates.parse_single_date(line)
        if found:
            return found
    if dateline and dateline.date_part:
        found = dates.parse_single_date(dateline.date_part)
        if found:
            return found
    return opening[1] if opening else None


LATE_DATED_EVENT = rules.rule(
    "late_dated_event", "a headline's event reported with a full date and an event verb after a long "
    "background lede is an activity",
    general="feature-style releases open with context and report the dated event a few sentences in")


HEADLINE_EVENT_TOLD_LATER = rules.rule(
    "headline_event_told_later", "a headline that reports an event with a verb of doing, whose event the "
    "body names again after a background opening, is an activity",
    general="feature-style releases headline the event, open with context and tell it a few sentences in")


def _told_later(headline: str, sentences: list[str]) -> bool:
    """The headline's event, told with an act ("ponen en marcha un curso", "hosts a conference"), named
    again in the body's next sentences."""
    kinds = {k for _, k, _ in activity.type_mentions(headline)}
    if not kinds:
        return False
    # The headline must tell the event as done: a verb of doing, or a word that is an act ("launches",
    # "ponen en marcha", "hands over", "return home").
    acted = activity.has_event_verb(headline) or kinds & {"launch", "handover"} or (
        "other" in kinds and activity.is_movement(headline, ""))
    if not acted:
        return False
    return any(kinds & {k for _, k, _ in activity.type_mentions(s)} for s in sentences)


def _dated_event(sentence: str) -> bool:
    """A sentence that reports an event done on stated days: an event verb and a full date or range."""
    dated = any(d.start is not None for d in dates.event_dates(sentence, None))
    return dated and activity.has_event_verb(sentence)


FUNDED_AGREEMENT = rules.rule(
    "funded_agreement", "an opening whose only act is signing an agreement, and which states an amount of "
    "money, announces a grant",
    general="a donor's grant is announced by the signing of its agreement; a cooperation agreement names no "
    "amount")
_AGREEMENT = re.compile(r"\b(?:agreement|memorandum|mou|accord|convention|protocole|acuerdo|convenio|"
                        r"memorando|carta)\b", re.IGNORECASE)
FUNDING_OPENING = rules.rule(
    "funding_opening", "an opening that announces money, with no event of its own, is a funding announcement",
    general="funding news names what the money will pay for; those acts are not done yet")


def _is_activity(text: _Text, kind: str | None, dateline: places.Dateline | None) -> bool:
    if kind is None or activity.is_statement(text.headline, text.lede):
        return False
    if (rules.on(RANGED_DATELINE_EVENT) and activity.type_mentions(text.headline) and dateline is not None
            and dateline.date_part and _dateline_range(dateline.date_part) is not None):
        return True  # the headline's event, dated with a range of days: whatever the opening says
    # The opening must report the event, or at least an act, for a headline word to count; an event word
    # in the third sentence counts only beside an act or a time ("hosting three courses this week"), not in
    # a general remark ("a programme is set up after an assessment mission").
    # A running total ("since 2009 it has trained 3,500 persons") reports no one event.
    # A dateline that ends in a full stop ("San José, 12 de agosto.") is no sentence of the story.
    sentences = [s for s in _sentences(text.story)[:7] if not _CUMULATIVE.search(s) and len(s) >= 40][:6]
    opening = " ".join(sentences[:2])
    opening_acts = activity.type_mentions(opening)
    lede_kinds = {k for _, k, _ in opening_acts}

    def done_kinds() -> set[str]:
        """The kinds of event the opening tells as done, not as what money will pay for (read only for
        money news: a second scan of the opening)."""
        return {k for sentence in sentences[:2] if not _FUTURE.search(sentence)
                for _, k, _ in activity.type_mentions(sentence)}

    if rules.on(FUNDING_OPENING) and folding.search(_FUNDING_NEWS, opening) and not done_kinds() & _CONCRETE:
        return False  # the opening announces money; what it will pay for later is no event yet
    if (rules.on(FUNDED_AGREEMENT) and opening_acts and MONEY.search(opening)
            and all(kind == "other" and _AGREEMENT.search(word) for _, kind, word in opening_acts)):
        return False  # "An agreement has been signed ... Worth EUR 1.5 million": a grant, told by its signing
    for sentence in sentences[2:4]:
        if activity.has_event_verb(sentence) or dates.relative_phrase(sentence):
            lede_kinds |= {k for _, k, _ in activity.type_mentions(sentence)}
    if not lede_kinds and not activity.has_event_verb(opening) and not (
            rules.on(LATE_DATED_EVENT) and any(_dated_event(s) for s in sentences[2:6])) and not (
            rules.on(HEADLINE_EVENT_TOLD_LATER) and _told_later(text.headline, sentences[2:6])):
        return False
    if rules.on(MONEY_HEADLINE) and MONEY.search(text.headline) and (
            _ASKS_FOR_MONEY.search(text.headline)
            or not lede_kinds & {"training", "workshop", "handover", "distribution", "campaign"}):
        # "USD 7.5 Million from Japan for ...": the press conference only announces the money; "IOM seeks
        # $7m": an appeal, whatever relief its opening says is under way.
        return False
    if rules.on(MONEY_HEADLINE) and _FUNDING_HEADLINE.search(text.headline) and not (
            done_kinds() & _CONCRETE - {"other"}):
        return False  # "New Funding for Programme ...": money for acts to come
    if rules.on(LEADER_VISIT) and _LEADER_VISIT.search(text.headline):
        return False
    return not (folding.search(_FUNDING_NEWS, text.lede) and not (lede_kinds & _CONCRETE))


# "funded by Japan", "with support from the Netherlands": the country that pays, not where it happens.
_FUNDER_BEFORE = re.compile(r"\b(?:(?:funded|financed|sponsored|donated|granted|supported|backed)\s+by|"
                            r"(?:support|funding|contribution|grant|financing)\s+(?:of|from)|financ[ée]e?s?\s+par|"
                            r"financiad[oa]s?\s+por|(?:apoyo|soutien|appui)\s+(?:de|du|del)|"
                            r"(?:million|billion|[\d.,]{3,})\s+(?:\w+\s+){0,2}?from)\s+(?:the\s+|l[ae]s?\s+|"
                            r"el\s+|people\s+of\s+(?:the\s+)?)?$", re.IGNORECASE)
FUNDER_MENTION = rules.rule("funder_mention", "a country named as the funder is not counted as a place",
                            general="'funded by X' names who pays; the event's place is stated apart")


# A country's body named after it: its government, embassy, or a department or agency of it ("U.S.
# Department of State", "Japan International Cooperation Agency"): a funder or a guest, not a place.
_BODY_AFTER = re.compile(r"\.?\s+(?:Government|Embassy|Ambassador|government|embassy|Department\s+of|"
                         r"Agency\s+for|Bureau\s+(?:of|for)|International\s+Cooperation\s+Agency|"
                         r"Development\s+Agency)\b")


def _mention_counts(text: str, mentions: list[places.Mention]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in mentions:
        if _DONOR_CONTEXT.search(text[max(0, m.start - 40):m.start]):
            continue
        follows = text[m.end:m.end + 20]
        if _BODY_AFTER.match(follows):
            continue  # "the U.S. Government", "the Japanese Embassy": a funder or a guest, not a place
        if rules.on(FUNDER_MENTION) and _FUNDER_BEFORE.search(text[max(0, m.start - 40):m.start]):
            continue
        counts[m.iso3] += 1
    return counts


# Where the event itself was held: "the training, which took place in Tunis", "s'est tenu à Dakar".
_VENUE = re.compile(r"\b(?:took\s+place|takes\s+place|(?:was|were|is|are|will\s+be)\s+held|open(?:s|ed|ing)|"
                    r"a\s+eu\s+lieu|s['’]est\s+(?:tenue?|déroulée?)|se\s+sont\s+(?:tenue?s|déroulée?s)|"
                    r"tuvo\s+lugar|se\s+(?:llevó\s+a\s+cabo|realizó|celebró|desarroll[óo]))\s+"
                    r"(?:[\w-]+\s+){0,4}?(?=(?:in|at|en|à|au|a)\s+(?-i:[A-ZÀ-Ý]))", re.IGNORECASE)
# A study tour's destination: "a study visit of eight officials from the GIS to Tunisia and Italy".
_TOUR_TO = re.compile(r"\b(?:(?:study|exchange)\s+(?:tours?|visits?|trips?)|"
                      r"visites?\s+d['’](?:étude|échange)|visitas?\s+de\s+(?:estudio|intercambio))\s+(?:\S+\s+){0,12}?"
                      r"(?=(?:to|en|à|au|a)\s+(?-i:[A-ZÀ-Ý]))", re.IGNORECASE)
STATED_VENUE = rules.rule(
    "stated_venue", "a place after 'took place in' / 'was held in' is where the event was, whatever the "
    "dateline or the office that published it",
    general="releases name their office and datelines its city; the venue phrase names the event's place")


FLED_FROM = rules.rule(
    "fled_from", "'people fleeing the war in Ukraine', 'units made in the United Kingdom' name where people "
    "or goods come from, not the event's place",
    general="a country after a verb of fleeing or making is an origin, not the place of the event")
# Goods "made by Foster & Freeman in the United Kingdom" come from there; the event is elsewhere.
_MADE_IN = re.compile(r"\b(?:made|manufactured|produced|fabricated|fabriqu[ée]e?s?|fabricad[oa]s?)\s+"
                      r"(?:by\s+[^,.;]{1,40}?\s+)?(?P<prep>in|en|au)\s", re.IGNORECASE)
_FLEEING = re.compile(r"\b(?:flee\w*|fled|fuyant|fui|huy\w*|escap\w+)\s+(?:[\w’'-]+\s+){0,4}?"
                      r"(?P<prep>in|from|de|du|en|desde)\s", re.IGNORECASE)

PLANNED_ELSEWHERE = rules.rule(
    "planned_elsewhere", "'in preparation for the review scheduled for 8-10 October in Addis Ababa' names a "
    "later event's place, 'following up on the conference which took place in Zimbabwe' an earlier one's: "
    "not this one's",
    general="a place after 'scheduled', 'planned' or 'to be held' is where a coming event will be; a "
    "follow-up's relative clause places the event it follows")
# "prévu du 08 au 10 octobre 2024 à Addis-Abeba", "scheduled for next month in Geneva".
_PLANNED_IN = re.compile(r"\b(?:scheduled|planned|to\s+be\s+held|will\s+(?:be\s+held|take\s+place)|"
                         r"pr[ée]vue?s?|programmée?s?|previst[oa]s?|programad[oa]s?)\b[^.;]{0,60}?"
                         r"(?P<prep>\bin|\bat|\bà|\ben)\s", re.IGNORECASE)


# The verbs of taking place a follow-up's relative clause uses.
_TOOK_PLACE_VERBS = (r"took\s+place|was\s+held|were\s+held|s['’]est\s+(?:tenue?|déroulée?)|a\s+eu\s+lieu|"
                     r"avait\s+eu\s+lieu|tuvo\s+lugar|se\s+(?:celebró|realizó|llevó\s+a\s+cabo)")
# A sentence without one of them cannot hold the follow-up pattern, which is slow to try.
_TOOK_PLACE = re.compile(rf"\b(?:{_TOOK_PLACE_VERBS})\b", re.IGNORECASE)
# "following up on the MIDSA Conference, which took place in Zimbabwe in July 2015": the place of the
# earlier event a follow-up refers to.
_EARLIER_IN = re.compile(r"\b(?:following(?:\s+up\s+on)?|as\s+a\s+follow-?up\s+to|building\s+on|"
                         r"à\s+la\s+suite\s+d|suite\s+à|dans\s+le\s+prolongement\s+d|tras|después\s+de|"
                         r"en\s+seguimiento\s+a)\b[^.;]{0,120}?\b(?:which|that|qui|que)\s+(?:had\s+)?"
                         rf"(?:{_TOOK_PLACE_VERBS})\b[^.;]{{0,40}}?(?P<prep>\bin|\bat|\bà|\ben)\s",
                         re.IGNORECASE)


OFFICE_SEAT = rules.rule(
    "office_seat", "'the IOM Regional Office in Nairobi' names where an office sits, not the event's place",
    general="a regional office or headquarters serves other countries; the venue is stated apart")
# A regional office or a headquarters sits away from the countries it serves; a country mission, office or
# embassy sits in the country, so its seat is often the event's too.
_OFFICE_IN = re.compile(r"\b(?:regional\s+(?:office|bureau|hub)|headquarters|oficina\s+regional|"
                        r"bureau\s+régional|sede)\s+(?P<prep>in|en|à|au)\s", re.IGNORECASE)


_ANY_OFFICE_IN = re.compile(r"\b(?:office|mission|headquarters|bureau|hub|oficina|misión|sede|délégation)\s+"
                            r"(?P<prep>in|en|à|au)\s", re.IGNORECASE)


def _blank_preposition(pattern: re.Pattern[str], text: str) -> str:
    """The text with the preposition (group "prep") of each match blanked, so no place is read after it."""
    return pattern.sub(lambda m: m.group(0)[:m.start("prep") - m.start()] + "·" * len(m.group("prep")) + " ",
                       text)


def _place_words(sentence: str, seats: bool = False) -> str:
    """A sentence as read for the event's place: quoted titles out, the country people fled from, the
    place of a coming event and the seats of regional offices blanked (``seats``: of every office and
    mission)."""
    plain = activity.strip_quoted(sentence)
    if rules.on(FLED_FROM):
        plain = _blank_preposition(_MADE_IN, _blank_preposition(_FLEEING, plain))
    if rules.on(PLANNED_ELSEWHERE):
        plain = _blank_preposition(_PLANNED_IN, plain)
        if _TOOK_PLACE.search(plain):
            plain = _blank_preposition(_EARLIER_IN, plain)
    if rules.on(OFFICE_SEAT):
        plain = _blank_preposition(_ANY_OFFICE_IN if seats else _OFFICE_IN, plain)
    return plain


def _where(text: _Text, dateline: places.Dateline | None, counts: Counter[str]
           ) -> tuple[list[str], list[City]]:
    context = tuple(iso for iso, _ in counts.most_common())
    for match in _LOCATION_LINE.finditer("\n".join(text.meta)):
        parts = [p.strip() for p in re.split(r",|;", match.group("place")) if p.strip()]
        countries: list[str] = []
        cities: list[City] = []
        for part in reversed(parts):
            iso3, city = places.place_country(part, tuple(countries) + context)
            if city is not None:
                cities.append(city)
            if iso3 and iso3 not in countries:
                countries.append(iso3)
        if countries:
            return countries, cities[:1]
    if _VIRTUAL.search(text.lede):
        return [], []
    if rules.on(STATED_VENUE):
        for raw in _sentences(text.story)[:6]:
            if not (_VENUE.search(raw) or _TOUR_TO.search(raw)):
                continue
            sentence = _place_words(raw)  # a coming or an earlier event's venue is not this one's
            venue = _VENUE.search(sentence) or _TOUR_TO.search(sentence)
            if venue is None:
                continue
            phrase = sentence[venue.start():venue.end() + 80]
            # A venue may lie in a country the text names nowhere else ("held in Yaoundé").
            placed = places.places_after_in(phrase, context) or places.places_after_in(phrase)
            named = [iso for _, iso, _ in placed if iso]
            if named:
                # One venue, or the pair a study tour visits ("to Tunisia and Italy").
                return list(dict.fromkeys(named))[:2], [c for _, iso, c in placed if c is not None][:1]
    headline_in = [iso for _, iso, _ in places.places_after_in(text.headline, context) if iso]
    if dateline and dateline.countries:
        # Against a dateline, an office's seat ("with the IOM mission in Ethiopia") places nothing.
        lede_in = [iso for sentence in _sentences(text.story)[:1]
                   for _, iso, _ in places.places_after_in(_place_words(sentence, seats=True), context)
                   if iso]
        elsewhere = [iso for iso in headline_in + lede_in if iso not in dateline.countries]
        if (elsewhere and not set(headline_in + lede_in) & set(dateline.countries)
                and rules.on(PLACE_OVER_DATELINE)):
            return list(dict.fromkeys(elsewhere))[:2], []
        return list(dateline.countries), list(dateline.cities)
    first = list(_sentences(text.story)[:2])
    found: list[str] = []
    cities = []
    for sentence in first:
        # A quoted title ("Secondary school education in Armenia, ...") places no event.
        for _, iso3, city in places.places_after_in(_place_words(sentence), context):
            if iso3 and iso3 not in found:
                found.append(iso3)
            if city is not None:
                cities.append(city)
        if found:
            return found[:2], cities
    if headline_in:
        return headline_in[:1], []
    if counts:
        top = counts.most_common()
        best = top[0][1]
        tied = [iso for iso, n in top if n == best]
        return (tied if best >= 2 and len(tied) <= 2 else tied[:1]), []
    return [], []


def _city(cities: list[City], countries: list[str], text: _Text, dateline: places.Dateline | None
          ) -> str | None:
    """The one city or place of the event, as the text writes it; None for several or none."""
    if (dateline and dateline.place_names and countries and dateline.countries
            and set(dateline.countries) <= set(countries)):
        return dateline.place_names[0] if len(dateline.place_names) == 1 else None
    distinct = {c.name for c in cities if not countries or c.iso3 in countries}
    if len(distinct) == 1:
        return next(iter(distinct))
    if distinct:
        return None
    for sentence in _sentences(text.story)[:3]:
        named = [(phrase, c) for phrase, _, c in places.places_after_in(sentence, tuple(countries))
                 if c is not None and c.iso3 in countries]
        if named:
            return named[0][0] if len({c.name for _, c in named}) == 1 else None
    return None


# "Date Publish:", "Published on", "Publié le": the date on this line, or on the next when the label stands
# alone, is when the page went up, not when the event was.
_PUBLISHED_LABEL = re.compile(r"^[ \t]*(?:date\s+publish(?:ed)?|published(?:\s+date|\s+on)?|posted(?:\s+on)?|"
                              r"publi[ée]\s+le|publicado(?:\s+el)?|fecha\s+de\s+publicación)\b[ \t]*:?[ \t]*",
                              re.IGNORECASE | re.MULTILINE)


PUBLICATION_STAMP = rules.rule(
    "publication_stamp", "a date under a 'Published' label is not the event's date",
    general="sites stamp the page's publication date; the event's date is in the prose")


def _publication_stamps(story: str) -> list[tuple[int, int]]:
    """Character spans of the story's publication stamps (label line, and the next line if the label stands
    alone)."""
    spans = []
    for m in _PUBLISHED_LABEL.finditer(story):
        line_end = story.find("\n", m.end())
        line_end = len(story) if line_end == -1 else line_end
        if not story[m.end():line_end].strip():
            nxt = story.find("\n", line_end + 1)
            line_end = len(story) if nxt == -1 else nxt
        spans.append((m.start(), line_end))
    return spans


# A story that opens with a date stamp the dateline pattern does not know: "Tegucigalpa (Honduras), 24 de
# abril de 2023.- La OIM...", "16 May 2019: IOM organized...", "Feb 05, 2008 (LBO) – The...",
# "Makassar, 26 January 2022 (IOM News), IOM Indonesia...". Only place words may come before it: capitalised,
# or the particles of a place name ("Ciudad de Panamá").
_STAMP_BEFORE = re.compile(r"^\s*(?!(?:On|From|Between|Since|During|In|At|By|Le|Les|Du|Des|El|Del|Desde|"
                           r"Entre|Depuis|Au|En|Dès|Hasta|Until|Till)\b)"
                           r"(?:[A-ZÀ-Ý][\w’'.-]*(?:[\s,()]+(?:(?:de|del|du|des|la|le|el|of)\s+|d['’])?"
                           r"[A-ZÀ-Ý(][\w’'.)-]*){0,5}[\s,()]*)?$")
# After the stamp: a separator, or a full stop ending it ("Ciudad de Panamá, Panamá. 30 de junio, 2022. Se").
_STAMP_AFTER = re.compile(r"^\s*(?:\([^)]{1,30}\))?\s*(?:\.?\s*[-–—:]|,|\.)\s*[A-ZÀ-Ý“\"(]")
OPENING_STAMP = rules.rule(
    "opening_stamp",
    "a single date that opens the story before a separator is the page's date, not the event's",
    general="datelines come in many forms; a lone date heading the story stamps the release")


def _opening_stamp(story: str) -> tuple[int, dt.date] | None:
    """(end, date) of a date stamp opening the story, or None."""
    head = story[:120]
    for found in dates.event_dates(head, None)[:1]:
        if (found.start_pos < 60 and found.single_day and found.start is not None
                and _STAMP_BEFORE.match(head[:found.start_pos]) and _STAMP_AFTER.match(head[found.end_pos:])):
            return found.end_pos, found.start
    return None


RELATIVE_OPENING = rules.rule(
    "relative_opening", "an opening sentence dated 'today' or 'this week' dates the event; a full date "
    "further on belongs to another event",
    general="news reports its event in the opening sentence; dates in background sentences are history")


DATELINE_STAMP = rules.rule(
    "dateline_stamp", "the single date of a dateline below a standfirst ('Vakhtangisi, 11 April 2023 -') is "
    "the page's date, not the event's",
    general="a dateline's one date stamps the release wherever the dateline stands; a range is the event's")


def _when(text: _Text, reference: dt.date | None, kind: str | None, opening: tuple[int, dt.date] | None,
          dateline: places.Dateline | None) -> tuple[dt.date | None, dt.date | None, str | None, int | None]:
    """(start, end, date_text, span in days) of the event; ``opening`` is the story's opening date stamp."""
    stamps = _publication_stamps(text.story) if rules.on(PUBLICATION_STAMP) else []
    if opening is not None:
        stamps.append((0, opening[0]))
    if (dateline is not None and dateline.date_part and rules.on(DATELINE_STAMP)
            and _dateline_range(dateline.date_part) is None):
        at = text.story.find(dateline.text)
        if at != -1:
            stamps.append((at, at + len(dateline.text)))
    found = [d for d in dates.event_dates(text.story, reference)
             if not any(a <= d.start_pos < b for a, b in stamps)]
    opening_sentence = next(iter(_sentences(text.story)), "")
    opening_end = text.story.find(opening_sentence) + len(opening_sentence)
    rel_opening = dates.relative_phrase(opening_sentence) if rules.on(RELATIVE_OPENING) else None
    if (rel_opening and found and found[0].start_pos >= opening_end
            and not activity.type_mentions(activity.sentence_at(text.story, found[0].start_pos))):
        # "Aid began to be handed out today ... the typhoons of 26 September and 3 October": the opening
        # dates the event by "today" or "this week"; a date further on, in a sentence that names no event,
        # is another thing's.
        day = dates.relative_day(rel_opening.group(), reference) if rules.on(RELATIVE_DAY) else None
        return day, day, rel_opening.group(), (1 if day else None)
    if not found:
        rel = dates.relative_phrase(text.lede)
        day = dates.relative_day(rel.group(), reference) if rel and rules.on(RELATIVE_DAY) else None
        if rel and day is not None:
            return day, day, rel.group(), 1
        month = dates.month_phrase(text.lede)
        if rel:
            return None, None, rel.group(), None
        return None, None, (month.group() if month else None), None
    first = found[0]
    start, end, span, phrase = first.start, first.end, first.day_span, first.text
    merged = False
    if len(found) > 1 and rules.on(RANGE_ACROSS_PHRASES):
        nxt = found[1]
        between = text.story[first.end_pos:nxt.start_pos]
        if _CONTINUES_TO.match(between):
            end = nxt.end
            span = (nxt.end - first.start).days + 1 if first.start and nxt.end else None
            phrase = re.sub(r"\s+", " ", text.story[first.start_pos:nxt.end_pos])
            merged = True
    ongoing = first.ongoing or bool(_UNDER_WAY.search(text.lede))
    if (not merged and first.single_day and ongoing and kind not in {"launch", "handover"} and end == start
            and rules.on(ONGOING_NO_END)):
        end = None
        span = None
    return start, end, phrase, span


RANGE_IN_DATELINE = rules.rule(
    "range_in_dateline", "a range of days in the dateline ('Ashgabat, April 12-13 2022 -') or on the page's "
    "date line dates the event",
    general="a release is published on one day; a range of days beside its place is the event's")


RANGED_DATELINE_EVENT = rules.rule(
    "ranged_dateline_event", "a headline that names an event, over a dateline dated with a range of days, "
    "reports an activity even when the opening is background",
    general="a release is published on one day; a range of days in its dateline is the event's")


def _dateline_range(date_part: str) -> tuple[dt.date, dt.date | None, str, int | None] | None:
    """(start, end, text, span) of a dated range in a dateline, None for a single day (the publication)."""
    found = dates.event_dates(date_part, None)
    if len(found) == 1 and not found[0].single_day and found[0].start is not None:
        return found[0].start, found[0].end, found[0].text, found[0].day_span
    return None


def _participant_countries(text: _Text, countries: list[str], demonyms_used: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    dem = places.demonyms()
    for word in demonyms_used:
        iso3 = dem.get(word.casefold())
        if iso3 and iso3 not in found:
            found.append(iso3)
    for m in _FROM_LIST.finditer(text.lede):
        for mention in places.country_mentions(m.group(1), with_demonyms=False):
            if mention.iso3 not in found:
                found.append(mention.iso3)
    if found == countries:
        return []
    return found


def _sentence_naming(sentences: Sequence[str], words: Sequence[str]) -> str | None:
    """The first sentence that contains one of the words (case-insensitive)."""
    lowered = [w.casefold() for w in words if w]
    for sentence in sentences:
        folded = sentence.casefold()
        if any(w in folded for w in lowered):
            return sentence
    return None


def _evidence(value: Any, span: str | None, confidence: float) -> dict[str, Any]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return {"value": text, "evidence": " ".join((span or "").split())[:400] or None,
            "confidence": round(confidence, 2)}


def extract_record(item: NewsItem, registry: DonorRegistry) -> dict[str, Any]:
    """The activity record of one press release: exactly ``RECORD_KEYS``, lists as lists, missing as None."""
    return extract_with_evidence(item, registry)[0]


BESIDE_IOM_FUNDS = rules.rule(
    "beside_iom_funds", "a government, a government agency or the EU that the headline joins to IOM "
    "('IOM and Japan supply ...', 'PRM y OIM ...') funds the work, unless it is where the work is",
    general="a state body named beside IOM either hosts the work or pays for it; away from home, it pays")


def _funders_beside_iom(headline: str, record: dict[str, Any], counts: Counter[str],
                        registry: DonorRegistry) -> list[str]:
    """The funders a headline names beside IOM that the body did not already give (nor an agency of the same
    government: "IOM and US" beside USAID), and whose country is not where the work is (or, with no place
    found, the country the release names most)."""
    here = set(record["countries"]) or {iso for iso, _ in counts.most_common(1)}
    given = [registry.lookup(name) for name in record["donors"]]
    governments = {d.group for d in given if d is not None}
    out = []
    for donor in organisations.donors_beside_iom(headline, registry):
        home = (places.country_of_name(donor.group) if donor.org_type == "10" and donor.group
                else organisations.donor_country(donor.name))
        if donor.name in record["donors"] or donor.group in governments or (home and home in here):
            continue
        out.append(donor.name)
    return out


WOMEN_OF_A_WHOLE = rules.rule(
    "women_of_a_whole", "the women among the participants are given only with the participants' count",
    general="a count of women is a part of the event's head-count; alone, it may be another group's")


def extract_with_evidence(item: NewsItem, registry: DonorRegistry
                          ) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The record, and for each extracted field (``EVIDENCE_KEYS``) its value as text, the sentence or span it
    came from and a confidence in 0..1. A field left empty has no evidence."""
    text = _split(item)
    full = f"{text.headline}\n{text.body}"
    mentioned = f"{text.headline}\n{text.story}"
    mentions = places.country_mentions(mentioned)
    counts = _mention_counts(mentioned, mentions)
    context = tuple(iso for iso, _ in counts.most_common())
    dateline = places.parse_dateline(text.body, context)
    # The story's opening date stamp is the page's date, and no event date: read once, used twice.
    opening = _opening_stamp(text.story) if rules.on(OPENING_STAMP) else None
    published = _published(item, text, dateline, opening)
    dateline_date = dates.parse_single_date(dateline.date_part) if dateline and dateline.date_part else None
    kind = activity.activity_type(text.headline, text.lede)
    is_activity = _is_activity(text, kind, dateline)
    record: dict[str, Any] = dict.fromkeys(RECORD_KEYS)
    for key in LIST_KEYS:
        record[key] = []
    evidence: dict[str, dict[str, Any]] = {}
    record.update(
        is_activity=is_activity,
        published_date=published.isoformat() if published else None,
        donors=organisations.donors(full, registry),
        themes=theme_rules.themes(text.headline, text.story),
        title=item.title or text.headline or None,
        url=item.url,
        source=item.source,
    )
    record["programmes"] = organisations.programmes(full, record["donors"])
    if not is_activity and not _ASKS_FOR_MONEY.search(text.headline) and (
            (rules.on(FUNDED_PLACE)
             and (MONEY.search(text.headline) or folding.search(_FUNDING_NEWS, text.lede)))
            # An event the release names but is not taken as one (told too late, or only in the headline)
            # still happened somewhere; a statement's or an appeal's place is not labelled.
            or (rules.on(NAMED_EVENT_PLACE) and kind is not None
                and not activity.is_statement(text.headline, text.lede))):
        # A funding announcement is no activity, but says where the money goes; the giver's own country
        # (often the dateline's: "Tokyo – USD 30.5 million has been allocated") is not that place.
        givers = {organisations.donor_country(d) for d in record["donors"]}
        record["countries"] = [c for c in _where(text, dateline, counts)[0] if c not in givers]
    if is_activity:
        countries, cities = _where(text, dateline, counts)
        start, end, date_text, span = _when(text, published or dateline_date, kind, opening, dateline)
        if start is None and rules.on(RANGE_IN_DATELINE):
            # A dated range in the dateline or on a date line of the page's header: the event's days.
            for stamp in [dateline.date_part if dateline else None, *text.meta]:
                ranged = _dateline_range(stamp) if stamp else None
                if ranged:
                    start, end, date_text, span = ranged
                    break
        people = activity.participants(text.story, _demonym_words(), text.headline)
        if people.total is not None and activity.count_of_another_event(kind, people.evidence):
            people = replace(people, total=None, confidence=0.0)
        stated = activity.duration_days(text.story)
        duration = stated
        if duration is None and span is not None and span <= 21:
            duration = span
        record.update(
            activity_type=kind,
            countries=countries,
            participant_countries=_participant_countries(text, countries, people.demonyms),
            city=_city(cities, countries, text, dateline),
            start_date=start.isoformat() if start else None,
            end_date=end.isoformat() if end else None,
            date_text=date_text,
            duration_days=duration,
            participants=people.total,
            # The women among the participants are a part of a stated whole: without the whole, a count of
            # women is as likely another group's (a programme's, an earlier course's) as this event's.
            participants_female=people.female if people.total is not None or not rules.on(WOMEN_OF_A_WHOLE)
            else None,
            partners=organisations.partners(text.story, record["donors"]),
        )
        sentences = list(_sentences(text.story)[:_LEDE_SENTENCES])
        record["audience"], audience_span = audience_rules.audience(text.headline, sentences, people.evidence)
        if not record["audience"] and kind == "handover" and rules.on(audience_rules.HANDOVER_RECIPIENT):
            record["audience"], audience_span = audience_rules.recipients(text.headline, sentences)
        moved = (kind == "other" and rules.on(audience_rules.PEOPLE_MOVED)
                 and activity.is_movement(text.headline, text.lede))
        if moved and people.total is None and rules.on(activity.PEOPLE_MOVED_COUNT):
            people = activity.people_moved(text.headline, sentences[:3], _demonym_words())
            record["participants"] = people.total
        if moved and audience_rules.MIGRANTS not in record["audience"]:
            record["audience"] = sorted([*record["audience"], audience_rules.MIGRANTS])  # the people moved
            audience_span = audience_span or text.lede
        named = [m.text for m in mentions if m.iso3 in record["countries"]]
        evidence.update(_activity_evidence(record, text, dateline, people, audience_span, stated, named))
    if rules.on(BESIDE_IOM_FUNDS):
        record["donors"].extend(_funders_beside_iom(text.headline, record, counts, registry))
    if record["donors"]:
        names = ([w for d in record["donors"] for w in re.findall(r"[A-Z][\w’'-]{3,}", d)[:2]]
                 or record["donors"])
        evidence["donors"] = _evidence(record["donors"], _sentence_naming(_sentences(full), names), 0.85)
    if record["themes"]:
        evidence["themes"] = _evidence(record["themes"], text.headline, 0.6)
    evidence["is_activity"] = _evidence("true" if is_activity else "false", text.headline or text.lede,
                                        0.8 if is_activity else 0.7)
    for key, value in item.given.items():
        if key in record and value is not None:
            record[key] = list(value) if key in LIST_KEYS else value
            if key in EVIDENCE_KEYS:
                evidence[key] = _evidence(record[key], "stated by the input's own field", 1.0)
    return {key: record[key] for key in RECORD_KEYS}, evidence


def _activity_evidence(record: dict[str, Any], text: _Text, dateline: places.Dateline | None,
                       people: activity.Participants, audience_span: str | None, stated: int | None,
                       country_words: list[str]) -> dict[str, dict[str, Any]]:
    """Evidence and confidence of the fields only an activity has (empty fields have none)."""
    out: dict[str, dict[str, Any]] = {}
    sentences = [text.headline, *_sentences(text.story)]
    if record["activity_type"]:
        mentions = activity.type_mentions(text.lede)[:1] or activity.type_mentions(text.headline)
        words = [w for _, _, w in mentions]
        out["activity_type"] = _evidence(record["activity_type"], _sentence_naming(sentences, words), 0.8)
    if record["countries"]:
        from_dateline = dateline is not None and set(record["countries"]) <= set(dateline.countries)
        span = dateline.text if from_dateline and dateline else _sentence_naming(sentences, country_words[:1])
        out["countries"] = _evidence(record["countries"], span, 0.9 if from_dateline else 0.75)
    if record["participant_countries"]:
        span = people.evidence or text.lede
        out["participant_countries"] = _evidence(record["participant_countries"], span, 0.7)
    if record["start_date"]:
        out["start_date"] = _evidence(record["start_date"], record["date_text"], 0.85)
    if record["duration_days"] is not None:
        span = _sentence_naming(sentences, ["-day", " day", "week", "jour", "día"]) if stated else None
        out["duration_days"] = _evidence(str(record["duration_days"]), span or record["date_text"],
                                         0.85 if stated else 0.7)
    if record["participants"] is not None:
        out["participants"] = _evidence(str(record["participants"]), people.evidence, people.confidence)
    if record["audience"]:
        out["audience"] = _evidence(record["audience"], audience_span, 0.7)
    return out
