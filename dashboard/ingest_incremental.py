"""Incremental ingest: read only the tables a batch needs, and re-derive only the events it can touch.

Two savings keep adding one file to a large store a matter of seconds:

- :class:`StoreTables` reads a table of the current store only when the merge asks for it, and a table the
  merge does not produce is carried into the new store file for file (an IATI file leaves the news tables
  alone, a news file leaves transactions, budgets and results alone).
- :func:`rederive_events` regroups only the new or changed news items together with the events they could
  join: events one of whose items shares an address, a title, a start date or a dated phrase with a new
  item, or was published within :data:`~dashboard.news.dedup.SAME_PUBLICATION_DAYS` of one (de-duplication
  compares no other pairs, see :mod:`dashboard.news.dedup`). Every other event keeps its rows as they were.

Memory stays bounded whatever the store's size: loaded rows wait on disk (:class:`Spill`), large tables are
merged table by table from Parquet file to Parquet file a row group at a time (:class:`Staged`), and a full
derivation of the events groups every item once, then builds the tables a batch of groups at a time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
from collections import ChainMap
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from rapidfuzz import fuzz, process

from dashboard.errors import Problem
from dashboard.loaders.base import LoadResult
from dashboard.model.donors import DonorRegistry
from dashboard.model.schemas import TABLES, conform, empty, latest_per_key
from dashboard.news.dedup import LOOSE_TITLE, SAME_PUBLICATION_DAYS, EventGroup, blocking_keys, group_events
from dashboard.news.events import EVENT_TABLE_NAMES, event_tables_of_groups, item_records
from dashboard.store import (
    TableWriter,
    is_in,
    iter_table_batches,
    not_in,
    read_arrow,
    read_table,
    table_path,
)

EVENT_TABLES = EVENT_TABLE_NAMES
ACTIVITY_TABLES = ("activities", "activity_countries", "activity_regions", "activity_sectors",
                   "activity_themes", "participating_orgs", "budgets", "transactions", "locations", "results",
                   "activity_donors")
# Tables whose loaded rows wait on disk until the merge (activities, a row per project, stay in memory).
SPILLED_TABLES = (*ACTIVITY_TABLES[1:], "news_items")
NEWS_BATCH_ROWS = 10_000  # news items parsed at a time (each record is a few kB of JSON once parsed)
GROUPS_PER_BATCH = 5_000  # event groups built at a time in a full derivation
EVENTS_PER_LINK_BATCH = 5_000  # events linked at a time in a full relink (links are per event)
# Keys of an extraction record that de-duplication compares (dedup._Facts): all a full derivation holds per
# item while grouping.
_GROUPING_KEYS = ("url", "title", "published_date", "start_date", "end_date", "date_text", "duration_days",
                  "participants", "participants_female", "city", "countries", "participant_countries")


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

    def path(self, name: str) -> Path | None:
        """The current store's file of ``name``; None when the store has none."""
        path = table_path(self.store_dir, name)
        return path if path.exists() else None

    def column(self, name: str, column: str) -> set[str]:
        """The values of one column of a table, read alone."""
        if name in self._read:
            return set(self._read[name][column].dropna())
        path = self.path(name)
        if path is None:
            return set()
        return set(read_arrow(path, name, columns=[column]).column(column).drop_null().to_pylist())


def release_memory() -> None:
    """Hand the heap's free pages back to the system (glibc keeps them otherwise): a news file's texts and
    records are large strings, freed after each file and stage; kept, the next stage's peak adds to them."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def frame_of(table: pa.Table, name: str) -> pd.DataFrame:
    """Arrow rows of a store table (all its columns or some) as a frame with the contract's dtypes."""
    frame = table.to_pandas()
    spec = TABLES[name].columns
    return frame.astype({c: spec[c] for c in frame.columns if str(frame[c].dtype) != spec[c]})


class Spill:
    """Rows of the files loaded in one step, waiting on disk until they are merged: one Parquet file per
    (file of the step, table), written chunk by chunk as the loader hands them over."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._open: dict[tuple[int, str], TableWriter] = {}
        self._parts: dict[str, list[tuple[int, Path]]] = {}

    def sink(self, batch: int) -> Callable[[str, pd.DataFrame], None]:
        """What a loader hands the rows of file number ``batch`` of the step to."""
        def write(name: str, frame: pd.DataFrame) -> None:
            key = (batch, name)
            if key not in self._open:
                self._open[key] = TableWriter(self.folder / f"load-{batch}-{name}.parquet", name)
            self._open[key].write_frame(frame)
        return write

    def take(self, batch: int, result: LoadResult) -> None:
        """Move the spilled tables still held by ``result`` to disk, and close file ``batch``'s parts."""
        write = self.sink(batch)
        for name in SPILLED_TABLES:
            frame = result.tables.pop(name, None)
            if frame is not None and len(frame):
                write(name, frame)
        for (b, name), writer in list(self._open.items()):
            if b == batch:
                self._parts.setdefault(name, []).append((batch, writer.close()))
                del self._open[(b, name)]

    def discard(self, batch: int) -> None:
        """Forget what file ``batch`` handed over before it failed."""
        for (b, name), writer in list(self._open.items()):
            if b == batch:
                writer.close().unlink(missing_ok=True)
                del self._open[(b, name)]

    def parts(self, name: str) -> list[tuple[int, Path]]:
        """(file number in the step, Parquet file) of every loaded part of ``name``, in loading order."""
        return list(self._parts.get(name, []))


class Staged(Mapping[str, pd.DataFrame]):
    """The new store's tables while a step is merged: frames held in memory, Parquet files written to the
    work folder (read whole only when asked), else the current store's table (carried over)."""

    def __init__(self, old: StoreTables, work: Path):
        self.old, self.work = old, Path(work)
        self.frames: dict[str, pd.DataFrame] = {}
        self.files: dict[str, Path] = {}
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name in self.frames:
            return self.frames[name]
        if name in self.files:
            if name not in self._read:
                self._read[name] = frame_of(read_arrow(self.files[name], name), name)
            return self._read[name]
        return self.old[name]

    def __iter__(self) -> Iterator[str]:
        return iter(TABLES)

    def __len__(self) -> int:
        return len(TABLES)

    @property
    def produced(self) -> set[str]:
        return set(self.frames) | set(self.files)

    def path(self, name: str) -> Path | None:
        """The Parquet file holding ``name`` in the new store (None: held in memory, or absent)."""
        if name in self.frames:
            return None
        return self.files.get(name) or self.old.path(name)

    def rows(self, name: str, column: str, values: Collection[str],
             columns: Collection[str] | None = None) -> pd.DataFrame:
        """The rows of ``name`` whose ``column`` is one of ``values``, read without reading the rest."""
        if name in self.frames or name in self._read:
            frame = self[name]
            frame = frame[frame[column].isin(list(values)).fillna(False).astype(bool)]
            return frame if columns is None else frame[[c for c in frame.columns if c in columns]]
        path = self.path(name)
        if path is None:
            return empty(name)
        return frame_of(read_arrow(path, name, keep=is_in(column, values), columns=columns), name)

    def column(self, name: str, column: str) -> pd.Series:
        """One column of ``name`` (read alone from its file)."""
        if name in self.frames or name in self._read:
            return self[name][column]
        path = self.path(name)
        if path is None:
            return empty(name)[column]
        return frame_of(read_arrow(path, name, columns=[column]), name)[column]

    def writer(self, name: str) -> TableWriter:
        return TableWriter(self.work / f"{name}.parquet", name)

    def finish(self, name: str, writer: TableWriter) -> None:
        self.files[name] = writer.close()
        self.frames.pop(name, None)
        self._read.pop(name, None)

    def copy_rows(self, writer: TableWriter, path: Path | None, name: str,
                  keep: Callable[[pa.RecordBatch], pa.Array] | None = None) -> None:
        """Stream the rows of a table file (those ``keep`` selects) into ``writer``."""
        if path is not None:
            for part in iter_table_batches(path, name, keep=keep):
                writer.write_arrow(part)


def merge_activities(staged: Staged, results: Sequence[LoadResult], spill: Spill) -> list[Problem]:
    """Newest last-updated wins per IATI identifier; every activity table follows its winner.

    ``activities`` (one row per project) is merged in memory; every other activity table is streamed from
    the current store's file and the loaded parts into a new file, keeping the winners' rows. Returns the
    superseded copies, as flags.
    """
    old_acts = staged.old["activities"]
    batches: list[tuple[str, pd.DataFrame]] = [("store", old_acts)]
    batches += [(f"load:{i}", r.tables.get("activities", empty("activities"))) for i, r in enumerate(results)]
    acts = [a.assign(merge_batch=batch, merge_order=order)
            for order, (batch, a) in enumerate(batches) if len(a)]
    if not acts:
        staged.frames["activities"] = empty("activities")
        winner_batch: dict[str, str] = {}
        superseded: list[Problem] = []
    else:
        allacts = pd.concat(acts, ignore_index=True)
        # An activity without last-updated-datetime loses to any dated copy (NaT sorts first).
        allacts = allacts.sort_values(["last_updated", "merge_order"], kind="stable", na_position="first")
        winners = latest_per_key(allacts, "activities")
        losers = allacts.drop(winners.index)
        winner_batch = dict(zip(winners["iati_identifier"], winners["merge_batch"], strict=True))
        winner_file = dict(zip(winners["iati_identifier"], winners["source_file"], strict=True))
        superseded = [
            Problem(str(row.source_file), str(row.iati_identifier), "last-updated-datetime",
                    f"superseded by the same activity in {winner_file[str(row.iati_identifier)]} "
                    "(newer or equal last-updated-datetime)", severity="flagged")
            for row in losers.itertuples()
            if not (row.merge_batch == winner_batch[str(row.iati_identifier)]
                    and row.source_file == winner_file[str(row.iati_identifier)])
        ]
        parts = [a for _, a in batches if len(a)]
        owners = np.concatenate([np.full(len(a), batch, dtype=object) for batch, a in batches if len(a)])
        stacked = pd.concat(parts, ignore_index=True)
        winner_of_row = stacked["iati_identifier"].map(winner_batch).fillna("").astype(object).to_numpy()
        frame = latest_per_key(stacked[winner_of_row == owners], "activities")
        staged.frames["activities"] = frame.reset_index(drop=True)
    won: dict[str, set[str]] = {}
    for identifier, batch in winner_batch.items():
        won.setdefault(batch, set()).add(identifier)
    for name in ACTIVITY_TABLES[1:]:
        # One table at a time, a row group at a time: the store's rows of its winners, then each file's.
        writer = staged.writer(name)
        staged.copy_rows(writer, staged.old.path(name), name, is_in("iati_identifier", won.get("store", ())))
        for part, path in spill.parts(name):
            staged.copy_rows(writer, path, name, is_in("iati_identifier", won.get(f"load:{part}", ())))
        staged.finish(name, writer)
    return superseded


def merge_news_items(staged: Staged, spill: Spill) -> set[str]:
    """News items keyed by item id, the latest file's copy winning; streamed into a new file. Returns the ids
    of the items loaded now."""
    parts = spill.parts("news_items")
    ids = [set(read_arrow(path, "news_items", columns=["item_id"]).column("item_id").to_pylist())
           for _, path in parts]
    new_ids = set().union(*ids)
    writer = staged.writer("news_items")
    staged.copy_rows(writer, staged.old.path("news_items"), "news_items", not_in("item_id", new_ids))
    for k, (_, path) in enumerate(parts):
        later = set().union(*ids[k + 1:])
        staged.copy_rows(writer, path, "news_items", not_in("item_id", later) if later else None)
    staged.finish("news_items", writer)
    return new_ids


def rederive_events(staged: Staged, new_item_ids: set[str], registry: DonorRegistry
                    ) -> tuple[pd.DataFrame, tuple[set[str], set[str]] | None]:
    """Write the event tables after adding ``new_item_ids`` (already in ``staged``'s ``news_items``); returns
    the flags of the re-derived events (quarantine rows) and (the ids of the events replaced, the ids built
    anew), None for a full derivation.

    A full derivation happens when the store has no events yet or predates ``event_sources.item_id``, or
    when the events to regroup hold most of the items anyway.
    """
    from dashboard.news.events import build_event_tables

    old = staged.old
    events_path, sources_path = old.path("events"), old.path("event_sources")
    if events_path is None or sources_path is None or not pq.ParquetFile(events_path).metadata.num_rows:
        return derive_all_events(staged, registry), None
    item_column = read_arrow(sources_path, "event_sources", columns=["item_id"]).column("item_id")
    if item_column.null_count:
        return derive_all_events(staged, registry), None
    new_items = staged.rows("news_items", "item_id", new_item_ids)
    keys: set[tuple[str, str]] = set()
    days: set[int] = set()
    for record in _records(new_items):
        item_keys, published = blocking_keys(record)
        keys |= item_keys
        if published:
            days.add(published.toordinal())
    old_sources = frame_of(read_arrow(sources_path, "event_sources",
                                      columns=["event_id", "url", "title", "published_date", "item_id"]),
                           "event_sources")
    old_events = frame_of(read_arrow(events_path, "events", columns=["event_id", "start_date", "date_text"]),
                          "events")
    touched = set(old_sources.loc[old_sources["item_id"].isin(new_item_ids), "event_id"])
    touched |= _events_sharing(old_events, old_sources, keys, days)
    members = set(old_sources.loc[old_sources["event_id"].isin(touched), "item_id"])
    del old_sources, old_events
    all_items = pq.ParquetFile(staged.files["news_items"]).metadata.num_rows
    if 2 * len(members | new_item_ids) > all_items:  # regrouping most items: the bounded full derivation
        return derive_all_events(staged, registry), None
    subset = staged.rows("news_items", "item_id", members | new_item_ids)
    built = _only_events(build_event_tables(subset, registry))
    for name in EVENT_TABLES:
        writer = staged.writer(name)
        staged.copy_rows(writer, old.path(name), name, not_in("event_id", touched))
        writer.write_frame(built[name])
        staged.finish(name, writer)
    return built["quarantine"], (touched, set(built["events"]["event_id"]))


def derive_all_events(staged: Staged, registry: DonorRegistry) -> pd.DataFrame:
    """Write every event table from every news item; returns the flags (quarantine rows).

    Items are grouped once, holding only the facts de-duplication compares; then the tables are built a
    batch of groups at a time, reading back only those groups' records.
    """
    path = staged.files["news_items"]
    problems: list[Problem] = []
    grouping: list[dict] = []  # per activity item: its comparable facts and its id
    for part in iter_table_batches(path, "news_items", batch_rows=NEWS_BATCH_ROWS,
                                   columns=["item_id", "record_json", "synthetic", "source_file"]):
        for record in item_records(frame_of(part, "news_items"), problems):
            if record.get("is_activity") is True:
                grouping.append({**{k: record.get(k) for k in _GROUPING_KEYS}, "item_id": record["item_id"]})
    release_memory()
    groups = group_events(grouping)
    writers = {name: staged.writer(name) for name in EVENT_TABLES}
    flags = [_problem_rows(problems)]
    for start in range(0, len(groups), GROUPS_PER_BATCH):
        batch = groups[start:start + GROUPS_PER_BATCH]
        ids = [grouping[i]["item_id"] for group in batch for i in group.members]
        items = staged.rows("news_items", "item_id", ids)
        by_id = {r["item_id"]: r for r in item_records(items, [])}
        records = [by_id[i] for i in ids]
        local, at = [], 0
        for group in batch:  # the same groups, as indexes into this batch's records
            local.append(EventGroup(group.event_id, tuple(range(at, at + len(group.members)))))
            at += len(group.members)
        built = event_tables_of_groups(records, local, registry)
        for name in EVENT_TABLES:
            writers[name].write_frame(built[name])
        flags.append(built["quarantine"])
        del built, records, by_id, items
        release_memory()
    for name, writer in writers.items():
        staged.finish(name, writer)
    return pd.concat(flags, ignore_index=True)


def _problem_rows(problems: list[Problem]) -> pd.DataFrame:
    rows = pd.DataFrame([p.as_row() for p in problems], columns=list(TABLES["quarantine"].columns)[:-1])
    return conform(rows, "quarantine")


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


def relink_events(staged: Staged, redo: set[str] | None,
                  link: Callable[[Mapping[str, pd.DataFrame]], pd.DataFrame]) -> None:
    """Write event-to-project links: those of the events in ``redo`` computed again against every project
    (None: all events, a batch at a time), the others kept. Links are per event (an event's candidates among
    all projects, their confidence shared among them), so an event whose candidates did not change keeps its
    links, and events can be linked in batches."""
    current = set(staged.column("events", "event_id").dropna())
    writer = staged.writer("event_projects")
    if redo is None:
        ordered = sorted(current)
        batches = [set(ordered[i:i + EVENTS_PER_LINK_BATCH]) for i in range(0, len(ordered),
                                                                             EVENTS_PER_LINK_BATCH)]
    else:
        staged.copy_rows(writer, staged.old.path("event_projects"), "event_projects",
                         is_in("event_id", current - redo))
        batches = [redo & current] if redo & current else []
    for ids in batches:
        # ChainMap only reads these views, though typeshed types every layer as mutable.
        writer.write_frame(link(ChainMap(_EventsOf(staged, ids), staged)))  # type: ignore[arg-type]
        release_memory()
    staged.finish("event_projects", writer)


class _EventsOf(Mapping[str, pd.DataFrame]):
    """The event tables' rows of some events only, each read on first use."""

    def __init__(self, staged: Staged, event_ids: set[str]):
        self.staged, self.event_ids = staged, event_ids
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in EVENT_TABLES:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = self.staged.rows(name, "event_id", self.event_ids)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return iter(EVENT_TABLES)

    def __len__(self) -> int:
        return len(EVENT_TABLES)


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
