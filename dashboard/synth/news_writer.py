"""News records (JSONL) for synthetic events: a short generated release plus the ready-made fields.

Each record carries ``title``, ``url``, ``published`` and ``body`` (the text an extractor would read) and
every key of :data:`dashboard.news.item.RECORD_KEYS` already filled, consistent with the body, plus
``"synthetic": true``. A few events are re-posted under a second URL a few days later, word for word, so
de-duplication has something to do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dashboard.news.item import RECORD_KEYS
from dashboard.news.rules.audience import audience as audience_of
from dashboard.synth.files import write_parts
from dashboard.synth.portfolio import URL_BASE, NewsEvent

FILE_PATTERN = "synthetic-news-{:04d}.jsonl"
SOURCE_NOTE = "synthetic demo data (python -m dashboard synth)"
_SMALL_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with"}


def headline(text: str) -> str:
    """Headline case: every word capitalised except short connecting words (not the first)."""
    words = text.split()
    return " ".join(w if (i and w in _SMALL_WORDS) or not w[0].islower() else w[0].upper() + w[1:]
                    for i, w in enumerate(words))


def date_text(start: dt.date, end: dt.date) -> str:
    """How a release states the dates: "on 3 May 2022", "on 3-4 May 2022", "from 30 April to 2 May 2022"."""
    if start == end:
        return f"on {start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        if (end - start).days == 1:
            return f"on {start.day}-{end.day} {end:%B %Y}"
        return f"from {start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"from {start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"from {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


# Donor names that read with an article in running text ("funded by the European Union").
_ARTICLE_WORDS = {"Government", "European", "Bureau", "Office", "Ministry", "German", "Belgian", "IOM", "UN",
                  "World", "New", "Immigration", "Thailand", "Swiss", "Danish", "Dutch", "US", "U.S."}


def _with_article(name: str) -> str:
    return f"the {name}" if name.split()[0] in _ARTICLE_WORDS else name


def _join(names: Iterable[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _title(e: NewsEvent) -> str:
    country = e.host.name
    where = e.city or country
    partner = e.partners[0] if e.partners else "local authorities"
    short_programme = e.programmes[0].split(" (")[0] if e.programmes else "New Initiative"
    titles = {
        "training": f"IOM trains {e.audience} on {e.topic} in {where}",
        "workshop": f"{country}: workshop on {e.topic} brings together {e.audience}",
        "launch": f"{short_programme} launched in {country}",
        "handover": f"IOM hands over {e.handover_item} to {partner} in {country}",
        "meeting": f"{e.audience} meet in {where} to discuss {e.topic}",
        "distribution": f"IOM distributes {e.handover_item} in {where}",
        "assessment": f"IOM assesses needs in {e.topic} in {country}",
        "campaign": f"awareness campaign on {e.topic} reaches communities in {country}",
        "conference": f"conference on {e.topic} opens in {where}",
        "other": f"IOM supports {e.audience} on {e.topic} in {country}",
    }
    if not e.is_activity or e.activity_type is None:
        cause = e.themes[0] if e.themes else "migrants"
        return headline(f"{country}: IOM calls for continued support to {cause}")
    return headline(titles[e.activity_type])


def _body(e: NewsEvent) -> str:
    country = e.host.name
    if not e.is_activity or e.start is None or e.end is None:
        return (f"IOM in {country} called on partners to sustain their support to work on "
                f"{_join(e.themes) if e.themes else 'migration'}, noting the needs that remain. "
                f"Synthetic demo text; it reports no real event.")
    place = f"in {e.city}, {country}," if e.city else f"in {country}"
    when = date_text(e.start, e.end)
    who = f"{e.participants} {e.audience}" if e.participants else e.audience
    opening = {
        "training": f"IOM trained {who} on {e.topic} {place} {when}.",
        "workshop": f"IOM held a workshop on {e.topic} for {who} {place} {when}.",
        "launch": f"IOM and its partners launched a new initiative on {e.topic} {place} {when}"
                  + (f", attended by {e.participants} guests." if e.participants else "."),
        "handover": f"IOM handed over {e.handover_item} to support work on {e.topic} {place} {when}.",
        "meeting": f"IOM convened {who} to discuss {e.topic} {place} {when}.",
        "distribution": f"IOM distributed {e.handover_item} to communities {place} {when}.",
        "assessment": f"IOM carried out an assessment of needs in {e.topic} {place} {when}.",
        "campaign": f"IOM ran an awareness campaign on {e.topic} {place} {when}.",
        "conference": f"IOM opened a conference on {e.topic} bringing together {who} {place} {when}.",
        "other": f"IOM supported {who} on {e.topic} {place} {when}.",
    }[e.activity_type or "other"]
    parts = [opening]
    if e.participant_countries:
        parts.append(f"Participants came from {len(e.participant_countries)} countries.")
    if e.participants_female is not None:
        verb = "was a woman" if e.participants_female == 1 else "were women"
        parts.append(f"Of the participants, {e.participants_female} {verb}.")
    funders = _join(_with_article(d) for d in e.donors) if e.donors else ""
    funding = f", funded by {funders}" if e.donors else ""
    if e.programmes:
        parts.append(f"The activity is part of the {e.programmes[0]}{funding}.")
    elif e.donors:
        parts.append(f"The activity was funded by {funders}.")
    if e.partners:
        parts.append(f"It was organised with the {e.partners[0]}.")
    parts.append("Synthetic demo text; it reports no real event.")
    return " ".join(parts)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:80]


def news_records(e: NewsEvent) -> list[dict[str, Any]]:
    """The record of event ``e``, and its re-post when it has one."""
    title = _title(e)
    slug = f"{_slug(title)}-{e.index + 1}"
    fields: dict[str, Any] = {
        "is_activity": e.is_activity,
        "activity_type": e.activity_type,
        "countries": [e.host.iso3],
        "participant_countries": list(e.participant_countries),
        "city": e.city,
        "start_date": e.start.isoformat() if e.start else None,
        "end_date": e.end.isoformat() if e.end else None,
        "date_text": date_text(e.start, e.end) if e.start and e.end else None,
        "published_date": e.published.isoformat(),
        "duration_days": (e.end - e.start).days + 1 if e.start and e.end else None,
        "participants": e.participants,
        "participants_female": e.participants_female,
        # The vocabulary's names for the phrase the body uses ("border officials" -> border and law
        # enforcement), read by the same rule as real releases.
        "audience": audience_of(title, [], e.audience)[0] if e.is_activity else [],
        "donors": list(e.donors),
        "partners": list(e.partners),
        "programmes": list(e.programmes),
        "themes": list(e.themes),
        "source": SOURCE_NOTE,
    }
    record: dict[str, Any] = {"id": f"SYN-N-{e.index + 1:06d}", "title": title,
                              "url": f"{URL_BASE}/news/{slug}", "published": e.published.isoformat(),
                              "body": _body(e)}
    record.update({k: fields[k] for k in RECORD_KEYS if k not in record})
    record["synthetic"] = True
    records = [record]
    if e.reposted_after_days:
        again = e.published + dt.timedelta(days=e.reposted_after_days)
        repost = dict(record, id=f"{record['id']}-R", published=again.isoformat(),
                      published_date=again.isoformat(),
                      url=f"{URL_BASE}/country-offices/{e.host.iso3.lower()}/news/{slug}")
        records.append(repost)
    return records


def write_news(records: Iterable[dict[str, Any]], out_dir: Path, max_bytes: int) -> list[Path]:
    """Stream records into ``synthetic-news-NNNN.jsonl`` files of at most about ``max_bytes`` each."""
    lines = ((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8") for record in records)
    return write_parts(lines, out_dir, FILE_PATTERN, max_bytes)
