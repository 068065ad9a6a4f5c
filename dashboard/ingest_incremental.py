"""Incremental ingest: read only the tables a batch needs, and re-derive only the events it can touch.

Two savings keep adding one file to a large store a matter of seconds:

- :class:`StoreTables` reads a table of the current store only when the merge asks for it, and a table the
  merge does not produce is carried into the new store file for file (an IATI file leaves the news tables
  alone, a news file leaves transactions, budgets and results alone).
- :func:`rederive_events` regroups only the new or changed news items together with the events they could
  join: events one of whose items shares an address, a title, a start date or a dated phrase with a new
  item, or was published within :data:`~dashboard.news.dedup.SAME_PUBLICATION_DAYS` of one (de-duplication
  compares no other pairs, see :mod:`dashboard.news.dedup`). Every other event keeps its rows as they were.
"""

from __future__ import annotations

import json
from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from dashboard.loaders.base import LoadResult
from dashboard.model.donors import DonorRegistry
from dashboard.model.schemas import TABLES, empty
from dashboard.news.dedup import LOOSE_TITLE, SAME_PUBLICATION_DAYS, blocking_keys
from dashboard.news.events import EVENT_TABLE_NAMES
from dashboard.store import read_table, table_path

EVENT_TABLES = EVENT_TABLE_NAMES


class StoreTables(Mapping[str, pd.DataFrame]):
    """The current store's tables, each read on first use."""

    def __init__(self, store_dir: Path):
        self.store_dir = Path(store_dir)
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(name)
        if name not in self._read:
            exists = self.store_dir.exists() and table_path(self.store_dir, name).exists()
            self._read[name] = read_table(self.store_dir, name) if exists else empty(name)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)


def release_tables(results: Sequence[LoadResult], names: Sequence[str]) -> None:
    """Drop the loaders' frames of ``names`` once merged, so that memory holds one copy, not two."""
    for result in results:
        for name in names:
            result.tables.pop(name, None)


def rederive_events(old: Mapping[str, pd.DataFrame], items: pd.DataFrame, new_item_ids: set[str],
                    registry: DonorRegistry
                    ) -> tuple[dict[str, pd.DataFrame], tuple[set[str], set[str]] | None]:
    """Event tables after adding ``new_item_ids`` (already in ``items``), plus ``quarantine`` for the flags
    of the re-derived events, and (the ids of the events replaced, the ids built anew); None for a full
    rebuild.

    A full rebuild happens when the store has no events yet or predates ``event_sources.item_id``.
    """
    from dashboard.news.events import build_event_tables

    old_events, old_sources = old["events"], old["event_sources"]
    if not len(old_events) or old_sources["item_id"].isna().any():
        return _only_events(build_event_tables(items, registry) if len(items) else {}), None
    new_items = items[items["item_id"].isin(new_item_ids)]
    keys: set[tuple[str, str]] = set()
    days: set[int] = set()
    for record in _records(new_items):
        item_keys, published = blocking_keys(record)
        keys |= item_keys
        if published:
            days.add(published.toordinal())
    touched = set(old_sources.loc[old_sources["item_id"].isin(new_item_ids), "event_id"])
    touched |= _events_sharing(old_events, old_sources, keys, days)
    members = set(old_sources.loc[old_sources["event_id"].isin(touched), "item_id"])
    subset = items[items["item_id"].isin(members | new_item_ids)]
    built = _only_events(build_event_tables(subset, registry))
    out = {}
    for name in EVENT_TABLES:
        kept = old[name][~old[name]["event_id"].isin(touched)]
        out[name] = pd.concat([kept, built[name]], ignore_index=True) if len(built[name]) else kept
    out["quarantine"] = built["quarantine"]
    return out, (touched, set(built["events"]["event_id"]))


def _events_sharing(events: pd.DataFrame, sources: pd.DataFrame, keys: set[tuple[str, str]],
                    days: set[int]) -> set[str]:
    """Events with an item that shares a blocking key with the new items, or a close publication day."""
    if not keys and not days:
        return set()
    facts = sources[["event_id", "url", "title", "published_date"]].merge(
        events[["event_id", "start_date", "date_text"]], on="event_id", how="left")
    near = {d + shift for d in days for shift in range(-SAME_PUBLICATION_DAYS, SAME_PUBLICATION_DAYS + 1)}
    touched: set[str] = set()
    titles = [value for kind, value in keys if kind == "title"]
    for row in facts.itertuples(index=False):
        record = {"url": row.url, "title": row.title, "published_date": row.published_date,
                  "start_date": row.start_date, "date_text": row.date_text}
        item_keys, published = blocking_keys(record)
        if any(k[0] == "url" for k in item_keys & keys):  # the same page: joined whatever it says
            touched.add(str(row.event_id))
        elif item_keys & keys or (published and published.toordinal() in near):
            # A block is shared; only titles this similar are ever compared (dedup.same_story).
            title = next((value for kind, value in item_keys if kind == "title"), None)
            if title and process.extractOne(title, titles, scorer=fuzz.token_set_ratio,
                                            score_cutoff=LOOSE_TITLE) is not None:
                touched.add(str(row.event_id))
    return touched


def _records(items: pd.DataFrame) -> list[dict]:
    out = []
    for row in items[["url", "title", "published_date", "record_json"]].itertuples(index=False):
        try:
            record = json.loads(row.record_json) if isinstance(row.record_json, str) else {}
        except ValueError:
            record = {}
        record = record if isinstance(record, dict) else {}
        out.append({**record, "url": row.url, "title": row.title, "published_date": row.published_date})
    return out


def _only_events(built: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {n: built.get(n, empty(n)) for n in (*EVENT_TABLES, "quarantine")}


def relink_events(tables: Mapping[str, pd.DataFrame], old_links: pd.DataFrame, redo: set[str] | None,
                  link: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]) -> pd.DataFrame:
    """Event-to-project links: those of the events in ``redo`` computed again against every project (None:
    all events), the others kept. Links are per event (an event's candidates among all projects, their
    confidence shared among them), so an event whose candidates did not change keeps its links."""
    if redo is None:
        return link(tables)
    current = set(tables["events"]["event_id"])
    kept = old_links[old_links["event_id"].isin(current - redo)]
    if not redo & current:
        return kept.reset_index(drop=True)
    only = {name: tables[name][tables[name]["event_id"].isin(redo)] for name in EVENT_TABLES}
    # A view: the other tables are read only if linking asks (ChainMap only reads them, though typeshed
    # types every layer as mutable).
    new = link(ChainMap(only, tables))  # type: ignore[arg-type]
    return pd.concat([kept, new], ignore_index=True) if len(new) else kept.reset_index(drop=True)


def events_near_projects(tables: Mapping[str, pd.DataFrame], old: Mapping[str, pd.DataFrame],
                         projects: set[str]) -> set[str]:
    """Events whose links can change when ``projects`` are added or replaced: events linked to them before,
    events in one of their countries (old or new: the donor + country signal), and events naming a
    programme that shares a word or an acronym with their titles (the name signals compare nothing else)."""
    from dashboard.model.linking import RARE_TOKEN_MAX_TITLES, acronym_key, bracketed_acronyms, name_key

    if not projects:
        return set()
    near = set(old["event_projects"].loc[old["event_projects"]["iati_identifier"].isin(projects), "event_id"])
    countries = set()
    for frame in (tables["activity_countries"], old["activity_countries"]):
        countries |= set(frame.loc[frame["iati_identifier"].isin(projects), "iso3"].dropna())
    ec = tables["event_countries"]
    near |= set(ec.loc[ec["iso3"].isin(countries), "event_id"])
    acts = tables["activities"]
    titles = acts.loc[acts["iati_identifier"].isin(projects), "title"].dropna()
    keys = {name_key(t) for t in titles}
    # Fuzzy names are compared only when they share a word rare among titles; a word as common as that
    # limit plus the projects added can have crossed it now, and changed other events' comparisons too.
    counts = pd.Series([w for t in acts["title"].dropna().map(name_key).unique() for w in set(t.split())],
                       dtype=object).value_counts()
    words = {w for k in keys for w in k.split() if counts.get(w, 0) <= RARE_TOKEN_MAX_TITLES + len(projects)}
    acronyms = {a for t in titles for a in bracketed_acronyms(t)}
    programmes = tables["event_programmes"]
    for row in programmes[["event_id", "programme", "acronym"]].itertuples(index=False):
        key = name_key(row.programme)
        named = set(key.split())
        named_acronyms = set(bracketed_acronyms(row.programme)) | {acronym_key(row.acronym)}
        if key in keys or named & words or named_acronyms & acronyms:
            near.add(row.event_id)
    return near
