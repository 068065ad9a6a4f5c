"""The store: a folder of Parquet files, one per table (``DIR/<table>.parquet``), plus ``manifest.json``.

Writes are atomic for the folder as a whole: a new store is written beside the old one and the two folders
are swapped in one ``renameat2(RENAME_EXCHANGE)`` call, so a crash at any moment leaves either the old store
or the new one. One writer at a time, by an advisory lock beside the folder.

Readers see one version, never a mix: :func:`read_snapshot` opens the folder once and reads every table
through that open handle, so a swap in the middle of a read cannot hand it tables of the new version. When
the writer removes the old version under a reader (a table it expected is gone and the folder is no longer
the store), the reader starts again on the new version.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.errors import StoreDamaged, StoreLocked, StoreUnwritable
from dashboard.model.schemas import TABLES, check_key, conform, empty

MANIFEST = "manifest.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_READ_ATTEMPTS = 5  # a reader restarts this often when writers replace the store under it
_PROC_FD = Path("/proc/self/fd")
# Rows per Parquet row group of a table written in parts: a reader streaming the file holds one group.
ROW_GROUP_ROWS = 65_536


def table_path(store_dir: Path, name: str) -> Path:
    return Path(store_dir) / f"{name}.parquet"


@dataclass(frozen=True)
class Snapshot:
    """Tables of one store version, all read from the same folder."""

    version: str
    tables: dict[str, pd.DataFrame]


def read_snapshot(store_dir: Path, names: Iterable[str] | None = None, *,
                  skip: dict[str, tuple[str, ...]] | None = None) -> Snapshot:
    """The tables ``names`` (default: all) of one version of the store, conformed to their contracts.

    Absent tables (or an absent folder) read as empty frames. ``skip`` names, per table, columns not to read
    (they come back all missing). Raises StoreDamaged when a table cannot be read.
    """
    names = list(TABLES if names is None else names)
    store_dir = Path(store_dir)
    for _attempt in range(_READ_ATTEMPTS):
        try:
            fd = os.open(store_dir, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            return Snapshot("absent", {name: empty(name) for name in names})
        except OSError as exc:
            raise StoreDamaged(f"the store folder {store_dir} cannot be opened: {exc.strerror or exc}"
                               ) from exc
        try:
            snapshot = _read_open_folder(fd, store_dir, names, skip or {})
        finally:
            os.close(fd)
        if snapshot is not None:
            return snapshot
    raise StoreDamaged(f"the store at {store_dir} was replaced {_READ_ATTEMPTS} times while being read; "
                       "try again")


def _read_open_folder(fd: int, store_dir: Path, names: list[str],
                      skip: dict[str, tuple[str, ...]]) -> Snapshot | None:
    """Every table read through the open folder ``fd``; None when a writer removed that version meanwhile.

    Every table file is opened before any is read: opening takes microseconds, so a version is rarely
    deleted in between, and once a file is open a writer deleting its version cannot take it away.
    """
    manifest = _manifest_at(fd, store_dir)
    handles: dict[str, int | None] = {}
    try:
        for name in names:
            try:
                handles[name] = os.open(f"{name}.parquet", os.O_RDONLY, dir_fd=fd)
            except FileNotFoundError:
                if not _still_the_store(fd, store_dir):
                    return None  # this version is being deleted: read the one that replaced it
                handles[name] = None  # absent from this version (a store older than the table)
        tables = {name: empty(name) if h is None else _table_at(h, store_dir, name, skip.get(name, ()))
                  for name, h in handles.items()}
    finally:
        for handle in handles.values():
            if handle is not None:
                os.close(handle)
    version = str(manifest.get("version") or _unversioned_key(fd, store_dir))
    return Snapshot(version, tables)


def _still_the_store(fd: int, store_dir: Path) -> bool:
    try:
        current = os.stat(store_dir)
    except OSError:
        return False
    opened = os.fstat(fd)
    return (current.st_dev, current.st_ino) == (opened.st_dev, opened.st_ino)


def _opener(fd: int) -> Callable[[str, int], int]:
    return lambda name, flags: os.open(name, flags, dir_fd=fd)


def _manifest_at(fd: int, store_dir: Path) -> dict:
    try:
        with open(MANIFEST, encoding="utf-8", opener=_opener(fd)) as handle:
            manifest = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreDamaged(f"the store's {MANIFEST} in {store_dir} cannot be read: {exc}") from exc
    return manifest if isinstance(manifest, dict) else {}


def _table_at(file_fd: int, store_dir: Path, name: str, skip: tuple[str, ...]) -> pd.DataFrame:
    """The table read from its open file ``file_fd`` (the caller closes it), conformed to its contract."""
    file_name = f"{name}.parquet"
    columns = [c for c in TABLES[name].columns if c not in skip] if skip else None
    try:
        if _PROC_FD.is_dir():  # Linux: a path to the open file, read natively by Arrow
            df = pd.read_parquet(_PROC_FD / str(file_fd), columns=columns)
        else:
            with open(file_fd, "rb", closefd=False) as handle:
                df = pd.read_parquet(handle, columns=columns)
    except Exception as exc:  # Arrow raises several types for a damaged file; all mean "cannot read"
        raise StoreDamaged(f"store table {name!r} ({store_dir / file_name}) cannot be read "
                           f"({type(exc).__name__}: {str(exc)[:200]}); restore the store from a backup or "
                           "rebuild it by ingesting its files into a new folder") from exc
    spec = TABLES[name].columns
    if list(df.columns) == list(spec) and all(str(df[c].dtype) == d for c, d in spec.items()):
        return df
    try:
        return conform(df[[c for c in df.columns if c in spec]], name)
    except (ValueError, TypeError) as exc:
        raise StoreDamaged(f"store table {name!r} ({store_dir / file_name}) does not match its contract: "
                           f"{str(exc)[:200]}") from exc


def _unversioned_key(fd: int, store_dir: Path) -> str:
    # A store without manifest (hand-made): its files' sizes and modification times.
    parts = []
    for entry in sorted(os.listdir(fd)):
        if entry.endswith(".parquet"):
            st = os.stat(entry, dir_fd=fd)
            parts.append(f"{entry}:{st.st_size}:{st.st_mtime_ns}")
    return str(hash(tuple(parts))) if parts else "empty"


def read_table(store_dir: Path, name: str, *, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """One table of the store, conformed to its contract; an empty frame when the file is absent.

    ``skip`` names columns not to read (they come back all missing), for readers that never use them.
    Readers of several tables use :func:`read_snapshot`, so that all come from one version.
    """
    return read_snapshot(store_dir, [name], skip={name: skip}).tables[name]


def read_store(store_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of one version of the store."""
    return read_snapshot(store_dir).tables


def read_manifest(store_dir: Path) -> dict:
    path = Path(store_dir) / MANIFEST
    try:
        return json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise StoreDamaged(f"the store's {MANIFEST} in {store_dir} cannot be read: {exc}") from exc


def store_version(store_dir: Path) -> str:
    """A short value that changes whenever the store is rewritten (the app's cache key)."""
    manifest = read_manifest(store_dir)
    if manifest.get("version"):
        return str(manifest["version"])
    # A store without manifest (hand-made): its files' sizes and modification times.
    parts = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
             for p in sorted(Path(store_dir).glob("*.parquet"))]
    return str(hash(tuple(parts))) if parts else "empty"


def write_store(tables: dict[str, pd.DataFrame], store_dir: Path, *, carry: Collection[str] = (),
                files: dict[str, Path] | None = None) -> str:
    """Replace the store at ``store_dir`` with ``tables`` (every table of the contract, conformed).

    Returns the new store version. ``files`` names tables already written as Parquet files of their contract
    (by :class:`TableWriter`, on the store's file system): they are moved into the new store as they are.
    Tables named in ``carry`` (and not given) are copied unchanged from the current store; other tables not
    given are written empty, so the folder always holds the full contract. The caller holds
    :func:`store_lock`.
    """
    store_dir = Path(store_dir)
    files = files or {}
    if os.path.lexists(store_dir) and not store_dir.is_dir():
        raise StoreUnwritable(f"the store {store_dir} exists and is not a folder: it is left as it is")
    version = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = store_dir.with_name(f"{store_dir.name}.new-{uuid.uuid4().hex[:8]}")
    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
    except OSError as exc:
        raise _unwritable(store_dir, exc) from exc
    try:
        counts = {}
        for name in TABLES:
            frame = tables.get(name)
            if frame is None and name in files:
                _check_file_key(files[name], name)
                os.replace(files[name], table_path(staging, name))
                counts[name] = pq.ParquetFile(table_path(staging, name)).metadata.num_rows
                continue
            if frame is None and name in carry and table_path(store_dir, name).exists():
                counts[name] = _copy_table(store_dir, staging, name)
                continue
            frame = empty(name) if frame is None else check_key(conform(frame, name), name)
            frame.to_parquet(table_path(staging, name), index=False)
            counts[name] = len(frame)
        manifest = {"version": version, "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "tables": counts}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        _fsync_dir(staging)
        _swap_into_place(staging, store_dir)
    except OSError as exc:
        raise _unwritable(store_dir, exc) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return version


def _check_file_key(path: Path, name: str) -> None:
    """A table streamed to a file obeys the same key contract as a frame: only its key columns are read."""
    key = list(TABLES[name].key)
    if key:
        check_key(pq.read_table(path, columns=key).to_pandas(), name)


def table_schema(name: str) -> pa.Schema:
    """The Arrow schema of a table's Parquet file, as ``DataFrame.to_parquet`` writes a conformed frame (its
    pandas metadata included, so that readers get the contract's dtypes back)."""
    return _schema(name)


@cache
def _schema(name: str) -> pa.Schema:
    return pa.Schema.from_pandas(empty(name), preserve_index=False)


class TableWriter:
    """One table written to a Parquet file part by part (frames or Arrow tables), never held whole.

    The file has the same schema as a whole-frame write, so :func:`write_store` moves it into a store as is.
    """

    def __init__(self, path: Path, name: str):
        self.path, self.name, self.rows = Path(path), name, 0
        self._writer: pq.ParquetWriter | None = None

    def write_frame(self, frame: pd.DataFrame) -> None:
        if len(frame):
            self.write_arrow(pa.Table.from_pandas(conform(frame, self.name), schema=table_schema(self.name),
                                                  preserve_index=False))

    def write_arrow(self, table: pa.Table | pa.RecordBatch) -> None:
        if not table.num_rows:
            return
        if isinstance(table, pa.RecordBatch):
            table = pa.Table.from_batches([table])
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table_schema(self.name))
        self._writer.write_table(table, row_group_size=ROW_GROUP_ROWS)
        self.rows += table.num_rows

    def close(self) -> Path:
        """The file written (an empty table's file when nothing was)."""
        if self._writer is None:
            empty(self.name).to_parquet(self.path, index=False)
        else:
            self._writer.close()
        return self.path


def iter_table_batches(path: Path, name: str, *, keep: Callable[[pa.RecordBatch], pa.Array] | None = None,
                       columns: Collection[str] | None = None,
                       batch_rows: int = ROW_GROUP_ROWS) -> Iterator[pa.Table]:
    """A table's Parquet file (any store version) as Arrow tables of its contract's schema, a row group at a
    time; ``keep`` gives per batch the mask of rows to keep; ``columns`` reads only those (then the schema
    is not cast). A file older than a column gets the column as all-missing."""
    schema = table_schema(name)
    parquet = pq.ParquetFile(path)
    present = set(parquet.schema_arrow.names)
    wanted = [c for c in schema.names if c in present and (columns is None or c in columns)]
    for batch in parquet.iter_batches(batch_size=batch_rows, columns=wanted):
        if keep is not None:
            batch = batch.filter(keep(batch))
        table = pa.Table.from_batches([batch])
        if columns is not None:
            yield table
            continue
        arrays = [table.column(f.name).cast(f.type) if f.name in present else pa.nulls(len(table), f.type)
                  for f in schema]
        yield pa.Table.from_arrays(arrays, schema=schema)


def read_arrow(path: Path, name: str, *, columns: Collection[str] | None = None,
               keep: Callable[[pa.RecordBatch], pa.Array] | None = None) -> pa.Table:
    """A table's Parquet file as one Arrow table (see :func:`iter_table_batches`); an absent file reads as
    the empty table."""
    schema = table_schema(name)
    if columns is not None:
        schema = pa.schema([schema.field(c) for c in schema.names if c in columns])
    if not Path(path).exists():
        return schema.empty_table()
    parts = list(iter_table_batches(path, name, keep=keep, columns=columns))
    return pa.concat_tables(parts) if parts else schema.empty_table()


def is_in(column: str, values: Collection[str]) -> Callable[[pa.RecordBatch], pa.Array]:
    """A ``keep`` mask: rows whose ``column`` is one of ``values``."""
    value_set = pa.array(sorted(values), type=pa.large_string())
    return lambda batch: pc.fill_null(pc.is_in(batch.column(column), value_set=value_set), False)


def not_in(column: str, values: Collection[str]) -> Callable[[pa.RecordBatch], pa.Array]:
    """A ``keep`` mask: rows whose ``column`` is not one of ``values`` (missing values are kept)."""
    inside = is_in(column, values)
    return lambda batch: pc.invert(inside(batch))


def work_folder(store_dir: Path) -> Path:
    """A new folder beside the store for a writer's files in progress (the same file system, so a finished
    table file is moved into the new store, not copied); :func:`recover_store_dir` removes a dead writer's.
    Raises StoreUnwritable."""
    store_dir = Path(store_dir)
    folder = store_dir.with_name(f"{store_dir.name}.new-work-{uuid.uuid4().hex[:8]}")
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise _unwritable(store_dir, exc) from exc
    return folder


def _unwritable(store_dir: Path, exc: OSError) -> StoreUnwritable:
    return StoreUnwritable(f"the store at {store_dir} cannot be written ({exc.strerror or exc}); the store "
                           "is unchanged")


def _copy_table(store_dir: Path, staging: Path, name: str) -> int:
    """A table carried over as it is (hard link when the file system allows); its row count."""
    source, target = table_path(store_dir, name), table_path(staging, name)
    try:
        os.link(source, target)  # the old store's file is never modified, only replaced or deleted
    except OSError:
        shutil.copy2(source, target)
    return pq.ParquetFile(target).metadata.num_rows


def _swap_into_place(staging: Path, store_dir: Path) -> None:
    if not store_dir.exists():
        os.rename(staging, store_dir)
        return
    if _rename_exchange(staging, store_dir):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old store
        return
    # No atomic exchange on this platform: two renames; a crash between them leaves the old store at
    # "<dir>.old-*", which open_store_dir() puts back.
    old = store_dir.with_name(f"{store_dir.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(store_dir, old)
    os.rename(staging, store_dir)
    shutil.rmtree(old, ignore_errors=True)


def _rename_exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _fsync_dir(path: Path) -> None:
    for child in path.iterdir():
        with open(child, "rb") as fh:
            os.fsync(fh.fileno())
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover_store_dir(store_dir: Path) -> None:
    """Clean up after a writer that died: drop its half-written staging folder, and put back an old store
    left at ``<dir>.old-*`` by a crash in the two-rename fallback. Called with the lock held."""
    store_dir = Path(store_dir)
    for staging in store_dir.parent.glob(f"{store_dir.name}.new-*"):
        shutil.rmtree(staging, ignore_errors=True)
    olds = sorted(store_dir.parent.glob(f"{store_dir.name}.old-*"))
    if olds and not store_dir.exists():
        os.rename(olds.pop(), store_dir)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def store_lock(store_dir: Path) -> Iterator[None]:
    """Hold the store's write lock; raises StoreLocked at once when another ingest holds it."""
    store_dir = Path(store_dir)
    lock_path = store_dir.with_name(f"{store_dir.name}.lock")
    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+")  # noqa: SIM115 - closed by the with block below
    except OSError as exc:
        raise _unwritable(store_dir, exc) from exc
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise StoreLocked(
                f"another ingest is writing to {store_dir} (lock held by {holder}); "
                "try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            recover_store_dir(store_dir)
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
