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

from dashboard.loaders.base import LoadResult
from dashboard.model.donors import DonorRegistry
from dashboard.model.schemas import TABLES, empty
from dashboard.news.dedup import SAME_PUBLICATION_DAYS, blocking_keys
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
    for row in facts.itertuples(index=False):
        record = {"url": row.url, "title": row.title, "published_date": row.published_date,
                  "start_date": row.start_date, "date_text": row.date_text}
        item_keys, published = blocking_keys(record)
        if item_keys & keys or (published and published.toordinal() in near):
            touched.add(row.event_id)
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


def relink_events(tables: Mapping[str, pd.DataFrame], old_links: pd.DataFrame,
                  rederived: tuple[set[str], set[str]] | None,
                  link: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]) -> pd.DataFrame:
    """Event-to-project links: all of them again (``rederived`` None: projects changed), else only those of
    the re-derived events (``rederived``: the event ids replaced, the event ids built anew). Links are per
    event (each event's candidates among all projects), so the other events' links stay as they were."""
    if rederived is None:
        return link(tables)
    replaced, fresh = rederived
    if not replaced and not fresh:
        return old_links
    only_fresh = {name: tables[name][tables[name]["event_id"].isin(fresh)] for name in EVENT_TABLES}
    view = ChainMap(only_fresh, tables)  # a view: the other tables are read only if linking asks
    kept = old_links[~old_links["event_id"].isin(replaced)]
    new = link(view)
    return pd.concat([kept, new], ignore_index=True) if len(new) else kept
