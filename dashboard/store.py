"""The store: a folder of Parquet files, one per table (``DIR/<table>.parquet``), plus ``manifest.json``.

Writes are atomic for the folder as a whole: a new store is written beside the old one and the two folders
are swapped in one ``renameat2(RENAME_EXCHANGE)`` call, so a reader (or a crash at any moment) sees either
the old store or the new one, never a mix. One writer at a time, by an advisory lock beside the folder.
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
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from dashboard.errors import StoreLocked
from dashboard.model.schemas import TABLES, conform, empty

MANIFEST = "manifest.json"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def table_path(store_dir: Path, name: str) -> Path:
    return Path(store_dir) / f"{name}.parquet"


def read_table(store_dir: Path, name: str, *, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """One table of the store, conformed to its contract; an empty frame when the file is absent.

    ``skip`` names columns not to read (they come back all missing), for readers that never use them.
    """
    path = table_path(store_dir, name)
    if not path.exists():
        return empty(name)
    columns = [c for c in TABLES[name].columns if c not in skip] if skip else None
    df = pd.read_parquet(path, columns=columns)
    spec = TABLES[name].columns
    if list(df.columns) == list(spec) and all(str(df[c].dtype) == d for c, d in spec.items()):
        return df
    return conform(df[[c for c in df.columns if c in spec]], name)


def read_store(store_dir: Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(store_dir, name) for name in TABLES}


def read_manifest(store_dir: Path) -> dict:
    path = Path(store_dir) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text("utf-8"))


def store_version(store_dir: Path) -> str:
    """A short value that changes whenever the store is rewritten (the app's cache key)."""
    manifest = read_manifest(store_dir)
    if manifest.get("version"):
        return str(manifest["version"])
    # A store without manifest (hand-made): its files' sizes and modification times.
    parts = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}"
             for p in sorted(Path(store_dir).glob("*.parquet"))]
    return str(hash(tuple(parts))) if parts else "empty"


def write_store(tables: dict[str, pd.DataFrame], store_dir: Path, *, carry: Collection[str] = ()) -> str:
    """Replace the store at ``store_dir`` with ``tables`` (every table of the contract, conformed).

    Returns the new store version. Tables named in ``carry`` (and not given) are copied unchanged from the
    current store; other tables not given are written empty, so the folder always holds the full contract.
    The caller holds :func:`store_lock`.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    version = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    staging = store_dir.with_name(f"{store_dir.name}.new-{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        counts = {}
        for name in TABLES:
            frame = tables.get(name)
            if frame is None and name in carry and table_path(store_dir, name).exists():
                counts[name] = _copy_table(store_dir, staging, name)
                continue
            frame = empty(name) if frame is None else conform(frame, name)
            frame.to_parquet(table_path(staging, name), index=False)
            counts[name] = len(frame)
        manifest = {"version": version, "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "tables": counts}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        _fsync_dir(staging)
        _swap_into_place(staging, store_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return version


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
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = store_dir.with_name(f"{store_dir.name}.lock")
    with open(lock_path, "a+") as fh:
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
