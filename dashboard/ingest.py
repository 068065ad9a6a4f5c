"""Ingest: files of any supported kind -> loaders -> merged with the store -> one atomic write.

Merge rules (the store stays idempotent: the same file twice changes nothing):
- A file whose content (sha256) was already ingested under the same name is skipped.
- Activities are keyed by IATI identifier. When two sources report the same identifier, the one with the
  newest ``last-updated-datetime`` wins (on a tie, the file ingested later); the loser's rows in every
  activity table are dropped and the replacement is recorded in the quarantine as "flagged".
- News items are keyed by item id; events are re-derived for the new items and every event they could
  join (see :mod:`dashboard.ingest_incremental`), so de-duplication of re-posts stays global.
- Tables a batch cannot change are carried over from the current store without being read.
- Quarantine and source rows of a re-ingested file replace that file's earlier rows.

Memory does not grow with the store or the batch: the loaders' rows wait on disk, and large tables are merged
from Parquet file to Parquet file, one table and one row group at a time (see
:mod:`dashboard.ingest_incremental`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import stat
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard.errors import DashboardError, FileUnreadable, NoSuchPath, Problem, StoreUnwritable
from dashboard.ingest_incremental import (
    EVENT_TABLES,  # noqa: F401 - callers name the event tables from here
    Spill,
    Staged,
    StoreTables,
    events_near_projects,
    merge_activities,
    merge_news_items,
    rederive_events,
    release_memory,
    relink_events,
)
from dashboard.ingest_status import merge_source_status
from dashboard.loaders.base import MAX_FILE_BYTES, LoadResult
from dashboard.model.donors import DonorRegistry
from dashboard.model.schemas import TABLES, empty, latest_per_key
from dashboard.reviews import apply_reviews
from dashboard.store import read_manifest, store_lock, work_folder, write_store

DEFAULT_STORE = Path(__file__).resolve().parents[1] / "data" / "store"
CHECKPOINT_FILES = 1000  # a run writes the store after this many files read (and at its end)


@dataclass
class FileOutcome:
    file: str
    kind: str
    status: str  # "loaded", "unchanged", "unreadable"
    records: int = 0
    quarantined: int = 0
    reason: str | None = None
    bytes: int = 0
    first_problems: list[str] = field(default_factory=list)  # the first quarantine reasons, for the summary


@dataclass
class IngestSummary:
    store: str
    files: list[FileOutcome] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    quarantined: int = 0
    seconds: float = 0.0

    @property
    def errors(self) -> list[dict[str, str]]:
        return [{"file": f.file, "reason": f.reason or ""} for f in self.files if f.status == "unreadable"]

    @property
    def exit_code(self) -> int:
        """0 when every file was read (quarantined records included); 1 when a file could not be read."""
        return 1 if self.errors else 0

    @property
    def quarantined_files(self) -> list[dict]:
        """Files that were read but had records quarantined, with how many and the first reasons."""
        return [{"file": f.file, "quarantined": f.quarantined, "first_reasons": f.first_problems}
                for f in self.files if f.status == "loaded" and f.quarantined]

    def as_json(self) -> dict:
        return {"files": len(self.files), "tables": self.tables, "quarantined": self.quarantined,
                "errors": self.errors, "quarantined_files": self.quarantined_files,
                "file_outcomes": [dict(f.__dict__) for f in self.files]}


Source = Path | tuple[Path, str]
Progress = Callable[[int, int, int, int], None]  # files done, files total, bytes done, records


def expand_paths(paths: Iterable[Source]) -> list[tuple[Path, str]]:
    """Files to read, as (path on disk, name recorded as source_file); folders are walked, sorted."""
    out: list[tuple[Path, str]] = []
    for item in paths:
        path, name = (item, str(item)) if isinstance(item, Path | str) else item
        path = Path(path)
        if path.is_dir():
            # Everything but folders: a FIFO or device in a folder is named as unreadable, not skipped.
            for child in sorted(p for p in path.rglob("*") if not p.is_dir()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    out.append((child, str(Path(name) / child.relative_to(path))))
        else:
            out.append((path, str(name)))
    return out


def recorded_name(name: str) -> str:
    """``name`` as it can be stored and shown: bytes of a file name that are not UTF-8 (kept by the OS
    decoding as lone surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def check_paths(paths: Iterable[Source]) -> None:
    """Raise NoSuchPath naming every given path that does not exist (a typo must not become data)."""
    missing = [str(item if isinstance(item, Path | str) else item[0]) for item in paths
               if not os.path.lexists(item if isinstance(item, Path | str) else item[0])]
    if missing:
        raise NoSuchPath("no such file or folder: " + ", ".join(recorded_name(m) for m in missing))


def check_store_dir(store_dir: Path) -> None:
    """Raise StoreUnwritable when ``store_dir`` names something that is not a folder (a file is never moved
    aside or replaced)."""
    if os.path.lexists(store_dir) and not store_dir.is_dir():
        raise StoreUnwritable(f"the store {recorded_name(str(store_dir))} exists and is not a folder: "
                              "name a folder (new or an existing store)")


def _not_a_regular_file(path: Path) -> str | None:
    """Why ``path`` must not be opened (FIFO, device, socket, too large), from its type and size alone:
    opening a FIFO blocks forever and a device never ends."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot open: {exc.strerror or exc}"
    if not stat.S_ISREG(info.st_mode):
        kinds = {stat.S_ISFIFO: "a FIFO (named pipe)", stat.S_ISCHR: "a character device",
                 stat.S_ISBLK: "a block device", stat.S_ISSOCK: "a socket", stat.S_ISDIR: "a folder"}
        kind = next((k for test, k in kinds.items() if test(info.st_mode)), "not a regular file")
        return f"{kind}, not a regular file: not read"
    if info.st_size > MAX_FILE_BYTES:
        return f"file is {info.st_size / 1e9:.1f} GB, over the {MAX_FILE_BYTES / 1e9:.0f} GB limit: not read"
    return None


def load_file(path: Path, name: str, registry: DonorRegistry, *,
              sink: Callable[[str, pd.DataFrame], None] | None = None) -> LoadResult:
    """Read one file with the loader its content calls for. Raises FileUnreadable.

    ``sink``: where an IATI file's tables other than ``activities`` go chunk by chunk (see ``load_iati``)."""
    from dashboard.loaders.sniff import detect_kind

    if not path.exists():
        raise FileUnreadable(name, "no such file")
    size = path.stat().st_size
    if size == 0:
        raise FileUnreadable(name, "empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES / 1e9
        raise FileUnreadable(name, f"file is {size / 1e9:.1f} GB, over the {limit:.0f} GB limit")
    kind = detect_kind(path)
    if kind == "iati":
        from dashboard.loaders.iati import load_iati

        return load_iati(path, registry, source_name=name, sink=sink)
    if kind == "project_list":
        from dashboard.loaders.project_table import load_project_table

        return load_project_table(path, registry, source_name=name)
    if kind.startswith("news"):
        from dashboard.loaders.news import load_news

        return load_news(path, registry, source_name=name)
    raise FileUnreadable(name, "not a file type the dashboard reads (IATI XML, CSV/Excel project list, "
                               "news text, HTML, RSS/Atom, JSON/JSONL/CSV news records)")


def ingest_paths(paths: Sequence[Source], store_dir: Path = DEFAULT_STORE, *,
                 progress: Progress | None = None,
                 status: Sequence[Mapping[str, Any]] | None = None) -> IngestSummary:
    """Load every file under ``paths`` into the store at ``store_dir`` (see the module's merge rules).

    ``status``: what a fetcher checked (see :mod:`dashboard.ingest_status`), recorded in ``source_status``.
    """
    started = time.perf_counter()
    store_dir = Path(store_dir)
    check_paths(paths)
    check_store_dir(store_dir)
    files = expand_paths(paths)
    summary = IngestSummary(store=recorded_name(str(store_dir)))
    with store_lock(store_dir):
        old = StoreTables(store_dir)  # a table is read only if the merge needs it
        registry = DonorRegistry.from_reference()
        registry.remember(old["donors"])
        loaded = old["sources"][old["sources"]["kind"] != "unreadable"]
        known_hashes = dict(zip(loaded["file"], loaded["sha256"], strict=True))
        results: list[LoadResult] = []
        file_problems: list[Problem] = []
        source_rows: list[dict] = []
        bytes_done = records_done = quarantined = 0
        work = work_folder(store_dir)
        try:
            spill = Spill(work / "loaded")
            for i, (path, raw_name) in enumerate(files):
                name = recorded_name(raw_name)
                outcome = _ingest_one(path, name, registry, known_hashes, results, file_problems, source_rows,
                                      spill)
                if name != raw_name:
                    file_problems.append(Problem(name, None, "file name", "the file name is not valid UTF-8: "
                                                 "recorded with \ufffd in place of the bytes that are not",
                                                 severity="flagged"))
                summary.files.append(outcome)
                bytes_done += outcome.bytes
                records_done += outcome.records
                if progress:
                    progress(i + 1, len(files), bytes_done, records_done)
                last = i + 1 == len(files)
                if last or len(results) + len(file_problems) >= CHECKPOINT_FILES:
                    # A long run is written in steps: what was read so far is kept if a later file or the
                    # machine fails.
                    quarantined += sum(len(r.problems) for r in results) + len(file_problems)
                    _write_step(old, results, spill, file_problems, source_rows, registry, store_dir,
                                status if last else None, summary, work)
                    old = StoreTables(store_dir)  # the next step reads what this one wrote
                    results, file_problems, source_rows = [], [], []
                    shutil.rmtree(work, ignore_errors=True)
                    spill = Spill(work / "loaded")
            if not files:
                _write_step(old, [], spill, [], [], registry, store_dir, status, summary, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        summary.tables = {n: int(c) for n, c in read_manifest(store_dir).get("tables", {}).items()}
    summary.quarantined = quarantined
    summary.seconds = time.perf_counter() - started
    return summary


def _write_step(old: StoreTables, results: list[LoadResult], spill: Spill, file_problems: list[Problem],
                source_rows: list[dict], registry: DonorRegistry, store_dir: Path,
                status: Sequence[Mapping[str, Any]] | None, summary: IngestSummary, work: Path) -> None:
    """Merge one step's files into the store and write it; tables the merge left alone are carried over."""
    staged = _merge(old, results, spill, file_problems, source_rows, registry, work)
    tables = staged.frames
    if "events" in staged.produced and len(old["reviews"]):
        # Corrections survive every re-ingest: applied to the re-derived event tables (read whole: reviews
        # are few, but a rejection drops an event's rows from every event table).
        names = [n for n in TABLES if n.startswith("event") and n in staged.produced]
        tables = apply_reviews({**{n: staged[n] for n in names}, **tables}, old["reviews"])
        for name in names:
            staged.files.pop(name, None)
    if status:
        outcomes = {f.file: (f.status, f.records, f.reason) for f in summary.files}
        tables["source_status"] = merge_source_status(old["source_status"], [dict(c) for c in status],
                                                      outcomes)
    write_store(tables, store_dir, carry=set(TABLES) - set(tables) - set(staged.files), files=staged.files)


def _ingest_one(path: Path, name: str, registry: DonorRegistry, known_hashes: dict[str, str],
                results: list[LoadResult], file_problems: list[Problem],
                source_rows: list[dict], spill: Spill) -> FileOutcome:
    now = pd.Timestamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    refused = _not_a_regular_file(path)
    if refused:
        file_problems.append(Problem(name, None, None, refused, severity="file"))
        return FileOutcome(name, "unknown", "unreadable", reason=refused)
    try:
        digest, size = _sha256(path)
    except OSError as exc:
        digest, size = None, 0
        reason = f"cannot open: {exc.strerror or exc}"
        file_problems.append(Problem(name, None, None, reason, severity="file"))
        return FileOutcome(name, "unknown", "unreadable", reason=reason)
    if digest is not None and known_hashes.get(name) == digest:
        return FileOutcome(name, "unchanged", "unchanged", bytes=size)
    batch = len(results)
    try:
        result = load_file(path, name, registry, sink=spill.sink(batch))
    except FileUnreadable as exc:
        spill.discard(batch)
        file_problems.append(Problem(name, None, None, exc.reason, severity="file"))
        source_rows.append({"file": name, "kind": "unreadable", "sha256": digest, "bytes": size, "records": 0,
                            "quarantined": 1, "loaded_at": now})
        return FileOutcome(name, "unknown", "unreadable", reason=exc.reason, bytes=size)
    except DashboardError as exc:
        spill.discard(batch)
        reason = str(exc)
        file_problems.append(Problem(name, None, None, reason, severity="file"))
        return FileOutcome(name, "unknown", "unreadable", reason=reason, bytes=size)
    synthetic = bool(result.tables.get("activities", empty("activities"))["synthetic"].fillna(False).any()
                     or result.tables.get("news_items", empty("news_items"))["synthetic"].fillna(False).any())
    spill.take(batch, result)  # its rows wait on disk; memory holds one file's at a time
    release_memory()
    results.append(result)
    source_rows.append({"file": name, "kind": result.kind, "sha256": digest, "bytes": size,
                        "records": result.records_loaded, "quarantined": len(result.problems),
                        "loaded_at": now, "synthetic": synthetic})
    return FileOutcome(name, result.kind, "loaded", records=result.records_loaded,
                       quarantined=len(result.problems), bytes=size,
                       first_problems=[_short(p) for p in result.problems[:3]])


def _short(problem: Problem) -> str:
    where = ", ".join(p for p in (problem.record, problem.field) if p)
    return (f"{where}: " if where else "") + problem.reason[:160]


def _sha256(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _merge(old: StoreTables, results: list[LoadResult], spill: Spill, file_problems: list[Problem],
           source_rows: list[dict], registry: DonorRegistry, work: Path) -> Staged:
    now = pd.Timestamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))
    reread = {r.file for r in results} | {p.file for p in file_problems}
    staged = Staged(old, work)

    new_activities = any(_has_rows(r, "activities") for r in results)
    projects = {i for r in results if _has_rows(r, "activities")
                for i in r.tables["activities"]["iati_identifier"]}
    has_news = bool(spill.parts("news_items"))
    new_ids: set[str] = set()
    superseded: list[Problem] = []
    if new_activities:  # else the activity tables are carried over unread
        superseded = merge_activities(staged, results, spill)

    rederived: tuple[set[str], set[str]] | None = (set(), set())  # None: every event was re-derived
    event_flags = empty("quarantine")
    if has_news:  # else the news and event tables are carried over unread
        new_ids = merge_news_items(staged, spill)
        event_flags, rederived = rederive_events(staged, new_ids, registry)
    donors = _concat([old["donors"], registry.table(only_seen=True)], "donors")
    staged.frames["donors"] = latest_per_key(donors, "donors").sort_values("donor_id")
    if new_activities or has_news:  # after donors: its evidence names them
        redo = None if rederived is None else rederived[0] | rederived[1]
        if redo is not None and new_activities:
            redo |= events_near_projects(staged, old, projects)
        relink_events(staged, redo, _link_events)

    problems = [p for r in results for p in r.problems] + file_problems + superseded
    new_q = pd.DataFrame([p.as_row() for p in problems], columns=list(TABLES["quarantine"].columns)[:-1])
    new_q["loaded_at"] = now
    # Disagreements between re-posts of one story are re-derived with their events.
    event_flags = event_flags.assign(loaded_at=now)
    oq = old["quarantine"]
    if rederived is None:
        old_events, old_items = old.column("events", "event_id"), old.column("news_items", "item_id")
        rederived_q = oq["record"].isin(old_events) | (
            (oq["field"] == "record_json") & oq["record"].isin(old_items))
    else:  # only the events re-derived now, and the items of this batch
        rederived_q = oq["record"].isin(rederived[0]) | (
            (oq["field"] == "record_json") & oq["record"].isin(new_ids))
    old_q = oq[~oq["file"].isin(reread) & ~rederived_q]
    quarantine = _concat([old_q, new_q, event_flags], "quarantine")
    staged.frames["quarantine"] = quarantine.sort_values("file", kind="stable")

    new_sources = pd.DataFrame(source_rows, columns=list(TABLES["sources"].columns))
    old_sources = old["sources"][~old["sources"]["file"].isin(set(new_sources["file"]))]
    staged.frames["sources"] = _concat([old_sources, new_sources], "sources").sort_values("file")
    return staged


def _link_events(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    try:
        from dashboard.model.linking import link_events_to_projects
    except ImportError:  # linking arrives with the donor lens; until then the table stays empty
        return empty("event_projects")
    return link_events_to_projects(tables)


def _has_rows(result: LoadResult, table: str) -> bool:
    frame = result.tables.get(table)
    return frame is not None and len(frame) > 0


def _concat(frames: Sequence[pd.DataFrame | None], table: str) -> pd.DataFrame:
    """Rows of ``frames`` (conformed frames of ``table``) stacked; the empty table when there are none."""
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return empty(table)
    return pd.concat(frames, ignore_index=True)


def print_progress(files_done: int, files_total: int, bytes_done: int, records: int) -> None:
    """Progress on a terminal (stderr), one updating line."""
    sys.stderr.write(f"\r  {files_done}/{files_total} files, {bytes_done / 1e6:,.1f} MB, "
                     f"{records:,} records")
    if files_done == files_total:
        sys.stderr.write("\n")
    sys.stderr.flush()
