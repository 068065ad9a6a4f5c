"""Extraction records -> the store's news and event tables.

Only records with ``is_activity`` true become events (after de-duplication, see :mod:`dashboard.news.dedup`);
every record stays in ``news_items``. An event's facts are those its sources agree on: for a head count or
a date the value most sources state (ties: the earliest source), with any disagreement recorded in the
quarantine as "flagged" so that a person can check it; lists (countries, donors, themes...) are the union.

Events are drawn as points: ``locate`` (the offline gazetteer) gives city coordinates; an event with no
located city falls back to its country's centroid only when it happened in a single country.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.errors import Problem
from dashboard.model.countries import country_info, is_iso3
from dashboard.model.donors import DonorRegistry
from dashboard.model.schemas import TABLES, conform
from dashboard.news.dedup import EventGroup, as_count, as_date, consensus, group_events, normalise_url
from dashboard.news.item import RECORD_KEYS, record_value
from dashboard.news.rules.audience import AUDIENCE

EVENT_TABLE_NAMES = ("events", "event_sources", "event_countries", "event_donors", "event_themes",
                     "event_programmes", "event_partners", "event_audience", "event_evidence")
# Facts whose disagreement between copies of one story a person should check.
CHECKED_FACTS = ("participants", "participants_female", "duration_days", "start_date")
_ACRONYM = re.compile(r"^(?P<name>.*?)\s*\((?P<acronym>[^()]{1,30})\)\s*$")
_ITEM_SUFFIX = re.compile(r"#\d+$")


def build_event_tables(records: Sequence[Mapping[str, Any]] | pd.DataFrame, registry: DonorRegistry, *,
                       synthetic_flags: Sequence[bool] | None = None) -> dict[str, pd.DataFrame]:
    """The conformed ``news_items``, ``events`` and ``event_*`` tables, plus ``quarantine`` for the flags.

    ``records``: extraction records (RECORD_KEYS, optionally with ``item_id``, ``synthetic`` and
    ``source_file``), or a ``news_items`` table whose ``record_json`` holds them. ``synthetic_flags``, when
    given, says per record whether it is generated demo data (else each record's ``synthetic`` key).
    """
    problems: list[Problem] = []
    rows = _records_of(records, problems)
    if synthetic_flags is not None:
        if len(synthetic_flags) != len(rows):
            raise ValueError("synthetic_flags must give one flag per record")
        rows = [{**r, "synthetic": bool(flag)} for r, flag in zip(rows, synthetic_flags, strict=True)]
    rows = _unique_items(rows)
    activities = [r for r in rows if r.get("is_activity") is True]
    out = event_tables_of_groups(activities, group_events(activities), registry, problems)
    out["news_items"] = conform(pd.DataFrame([news_item_row(r) for r in rows],
                                             columns=list(TABLES["news_items"].columns)), "news_items")
    return out


def event_tables_of_groups(records: Sequence[dict[str, Any]], groups: Iterable[EventGroup],
                           registry: DonorRegistry, problems: list[Problem] | None = None
                           ) -> dict[str, pd.DataFrame]:
    """The conformed event tables of ``groups`` (indexes into ``records``), plus ``quarantine`` for the flags
    (after ``problems``). Lets a caller group every record once, then build the tables a few groups at a
    time."""
    problems = [] if problems is None else problems
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in EVENT_TABLE_NAMES}
    for group in groups:
        members = [records[i] for i in group.members]
        _add_event(tables, group, members, registry, problems)
    out = {name: conform(pd.DataFrame(table_rows, columns=list(TABLES[name].columns)), name)
           for name, table_rows in tables.items()}
    out["quarantine"] = conform(pd.DataFrame([p.as_row() for p in problems],
                                             columns=list(TABLES["quarantine"].columns)[:-1]), "quarantine")
    return out


def item_records(items: pd.DataFrame, problems: list[Problem]) -> list[dict[str, Any]]:
    """The extraction records of a ``news_items`` table (its ``record_json`` with the row's id, file and
    synthetic flag); a row whose record is not JSON is left out and flagged in ``problems``."""
    return _records_of(items, problems)


def item_id_of(record: Mapping[str, Any]) -> str:
    """A stable id for a news item: its normalised address, else its source file and title."""
    url = normalise_url(record.get("url"))
    key = url or f"{_source_file(record)}|{record.get('source') or ''}|{record.get('title') or ''}"
    return "ni-" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def record_json(record: Mapping[str, Any]) -> str:
    """The extraction record as JSON: RECORD_KEYS in order (the ``extract`` contract), then the fields'
    ``evidence`` when the extraction gave it."""
    out = {k: record_value(record, k) for k in RECORD_KEYS}
    if isinstance(record.get("evidence"), dict) and record["evidence"]:
        out["evidence"] = record["evidence"]
    return json.dumps(out, ensure_ascii=False, default=str)


def news_item_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One ``news_items`` row: the facts of the record, never the article text."""
    published = as_date(record.get("published_date"))
    return {
        "item_id": record.get("item_id") or item_id_of(record),
        "url": record.get("url"), "title": record.get("title"),
        "published_date": pd.Timestamp(published) if published else None,
        "record_json": record_json(record),
        "synthetic": bool(record.get("synthetic")), "source_file": _source_file(record),
    }


def split_programme(name: str) -> tuple[str, str | None]:
    """"Better Migration Management (BMM)" -> ("Better Migration Management", "BMM")."""
    text = " ".join(str(name).split())
    match = _ACRONYM.match(text)
    if not match:
        return text, None
    return (match["name"] or match["acronym"]).strip(), match["acronym"].strip()


def _records_of(records: Sequence[Mapping[str, Any]] | pd.DataFrame, problems: list[Problem]
                ) -> list[dict[str, Any]]:
    if not isinstance(records, pd.DataFrame):
        return [dict(r) for r in records]
    rows = []
    for row in records.to_dict("records"):
        try:
            record = json.loads(row["record_json"])
        except (TypeError, ValueError) as exc:
            problems.append(Problem(str(row.get("source_file")), str(row.get("item_id")), "record_json",
                                    f"stored record is not JSON ({exc}); item left out of the events",
                                    severity="flagged"))
            continue
        if not isinstance(record, dict):
            continue
        record.update(item_id=row.get("item_id"), source_file=row.get("source_file"),
                      synthetic=bool(row.get("synthetic")) if pd.notna(row.get("synthetic")) else False)
        rows.append(record)
    return rows


def _unique_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per item id: the last one read wins (a file read again replaces its items)."""
    by_id: dict[str, dict[str, Any]] = {}
    for row in rows:
        row.setdefault("item_id", None)
        row["item_id"] = row["item_id"] or item_id_of(row)
        by_id.pop(row["item_id"], None)
        by_id[row["item_id"]] = row
    return list(by_id.values())


def _source_file(record: Mapping[str, Any]) -> str:
    given = record.get("source_file")
    if given:
        return str(given)
    return _ITEM_SUFFIX.sub("", str(record.get("source") or "")) or "unknown"


def _add_event(tables: dict[str, list[dict[str, Any]]], group: EventGroup, members: list[dict[str, Any]],
               registry: DonorRegistry, problems: list[Problem]) -> None:
    event_id = group.event_id
    first = members[0]

    def agreed(key: str, convert: Any = None) -> Any:
        values = [convert(m.get(key)) if convert else _text(m.get(key)) for m in members]
        value, disagreed = consensus(values)
        if disagreed and key in CHECKED_FACTS:
            stated = "; ".join(f"{v} at {_where(m)}" for m, v in zip(members, values, strict=True)
                               if v is not None)
            problems.append(Problem(_source_file(first), event_id, key,
                                    f"copies of this story disagree ({stated}); kept {value}, the value most "
                                    "sources state", severity="flagged"))
        return value

    hosts = _union(members, "countries", upper=True)
    hosts = [c for c in hosts if is_iso3(c)]
    city = agreed("city")
    lat, lon = _coordinates(city, hosts)
    start, end = agreed("start_date", as_date), agreed("end_date", as_date)
    published = [d for d in (as_date(m.get("published_date")) for m in members) if d]
    urls = list(dict.fromkeys(str(m["url"]) for m in members if m.get("url")))
    tables["events"].append({
        "event_id": event_id, "title": _text(first.get("title")) or agreed("title"),
        "urls": " ".join(urls) or None,
        "is_activity": True, "type": agreed("activity_type"),
        "start_date": _timestamp(start), "end_date": _timestamp(end), "date_text": agreed("date_text"),
        "published_date": _timestamp(min(published, default=None)),
        "city": city, "lat": lat, "lon": lon,
        "participants": agreed("participants", as_count),
        "participants_female": agreed("participants_female", as_count),
        "duration_days": agreed("duration_days", as_count),
        "synthetic": all(bool(m.get("synthetic")) for m in members),
        "source_file": _source_file(first),
    })
    for m in members:
        published_item = as_date(m.get("published_date"))
        tables["event_sources"].append({"event_id": event_id, "url": m.get("url"), "title": m.get("title"),
                                        "published_date": _timestamp(published_item),
                                        "source_file": _source_file(m), "item_id": m.get("item_id")})
    participants = [c for c in _union(members, "participant_countries", upper=True) if is_iso3(c)]
    tables["event_countries"] += [{"event_id": event_id, "iso3": c, "role": "host"} for c in hosts]
    tables["event_countries"] += [{"event_id": event_id, "iso3": c, "role": "participant"}
                                  for c in participants]
    donors: dict[str, str] = {}
    for name in _union(members, "donors"):
        donor = registry.resolve(name)
        if donor is not None:
            donors.setdefault(donor.donor_id, donor.name)
    tables["event_donors"] += [{"event_id": event_id, "donor_id": d, "name": n} for d, n in donors.items()]
    tables["event_themes"] += [{"event_id": event_id, "theme": t} for t in _union(members, "themes")]
    tables["event_programmes"] += _programme_rows(event_id, _union(members, "programmes"))
    tables["event_partners"] += [{"event_id": event_id, "partner": p} for p in _union(members, "partners")]
    tables["event_audience"] += [{"event_id": event_id, "audience": a} for a in _union(members, "audience")
                                 if a in AUDIENCE]
    tables["event_evidence"] += _evidence_rows(event_id, members)


def _evidence_rows(event_id: str, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per field: the evidence of the first copy of the story that gives it (copies agree on the
    kept value or are flagged in the quarantine)."""
    rows: dict[str, dict[str, Any]] = {}
    for m in members:
        evidence = m.get("evidence")
        if not isinstance(evidence, dict):
            continue
        for field, found in evidence.items():
            if field in rows or not isinstance(found, dict):
                continue
            confidence = found.get("confidence")
            rows[field] = {"event_id": event_id, "field": str(field), "value": _text(found.get("value")),
                           "evidence": _text(found.get("evidence")),
                           "confidence": float(confidence) if isinstance(confidence, int | float) else None}
    return list(rows.values())


def _programme_rows(event_id: str, names: list[str]) -> list[dict[str, Any]]:
    """One row per programme; a name given with and without its acronym counts once, with the acronym."""
    found: dict[str, tuple[str, str | None]] = {}
    for name in names:
        programme, acronym = split_programme(name)
        key = programme.casefold()
        if key not in found or (acronym and not found[key][1]):
            found[key] = (programme, acronym)
    # A bare acronym that names a programme already listed in full is the same programme.
    acronyms = {a.casefold() for _, a in found.values() if a}
    return [{"event_id": event_id, "programme": p, "acronym": a} for key, (p, a) in found.items()
            if not (a is None and key in acronyms)]


def _union(members: list[dict[str, Any]], key: str, upper: bool = False) -> list[str]:
    seen: dict[str, str] = {}
    for m in members:
        values = m.get(key)
        if not isinstance(values, list | tuple):
            continue
        for value in values:
            text = _text(value)
            if text:
                text = text.upper() if upper else text
                seen.setdefault(text.casefold(), text)
    return list(seen.values())


def _coordinates(city: str | None, hosts: list[str]) -> tuple[float | None, float | None]:
    if city:
        from dashboard.news.gazetteer import locate  # its place table loads on first use

        lat, lon = _lat_lon(locate(city, hosts))
        if lat is not None:
            return lat, lon
    if len(hosts) == 1:
        info = country_info(hosts[0])
        if info and info.lat is not None and info.lon is not None:
            return info.lat, info.lon
    return None, None


def _lat_lon(found: Any) -> tuple[float | None, float | None]:
    """Coordinates from what the gazetteer returns: None, a (lat, lon) pair, an object or a dict."""
    if found is None:
        return None, None
    if isinstance(found, Mapping):
        lat, lon = found.get("lat"), found.get("lon")
    elif isinstance(found, tuple | list) and len(found) >= 2:
        lat, lon = found[0], found[1]
    else:
        lat, lon = getattr(found, "lat", None), getattr(found, "lon", None)
    if not (isinstance(lat, int | float) and isinstance(lon, int | float)):
        return None, None
    if -90 <= lat <= 90 and -180 <= lon <= 180:
        return float(lat), float(lon)
    return None, None


def _text(value: Any) -> str | None:
    if value is None or not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _timestamp(date: Any) -> pd.Timestamp | None:
    return pd.Timestamp(date) if date else None


def _where(record: Mapping[str, Any]) -> str:
    return str(record.get("url") or record.get("source") or _source_file(record))
