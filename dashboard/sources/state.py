"""What the fetchers remember between runs, and what they tell ingest about each source they checked.

The state is one JSON file in ``<store>.sources/``: per URL the validators of the last download (ETag,
Last-Modified, sha256), per news source the ids of the items already fetched. It is written only after the
ingest it fed has succeeded, so a failed ingest is retried on the next run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from dashboard.sources.http import Validators

STATE_FILE = "state.json"


def sources_dir(store_dir: Path) -> Path:
    """The folder beside the store that holds downloads and the fetch state."""
    store_dir = Path(store_dir)
    return store_dir.with_name(f"{store_dir.name}.sources")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class SourceCheck:
    """One source checked by a fetcher: handed to ingest, which records it in ``source_status``.

    ``file`` is the name the downloaded file is ingested under (its URL) when the check produced one.
    """

    source: str
    kind: str
    url: str | None
    checked_at: dt.datetime
    changed: bool = False
    error: str | None = None
    file: str | None = None
    records: int | None = None


@dataclass
class FetchState:
    """Validators per URL and item ids already fetched per news source."""

    path: Path
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, store_dir: Path) -> FetchState:
        path = sources_dir(store_dir) / STATE_FILE
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls(path)  # a broken state only costs one full download
        return cls(path, dict(data.get("validators") or {}), {k: list(v) for k, v in
                                                             (data.get("seen") or {}).items()})

    def validators_of(self, url: str) -> Validators:
        return Validators.of(self.validators.get(url))

    def remember(self, url: str, validators: Validators) -> None:
        self.validators[url] = validators.as_dict()

    def seen_ids(self, source: str) -> set[str]:
        return set(self.seen.get(source, ()))

    def add_seen(self, source: str, ids: list[str]) -> None:
        self.seen[source] = sorted(set(self.seen.get(source, ())) | set(ids))

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"validators": self.validators, "seen": self.seen}, out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


@dataclass
class FetchSummary:
    """What a fetch did: every dataset or item is downloaded, unchanged or failed (with the reason)."""

    source: str
    datasets: int = 0
    downloaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    ingest: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "datasets": self.datasets, "downloaded": self.downloaded,
                "unchanged": self.unchanged, "failed": self.failed, "ingest": self.ingest}


@dataclass
class Batch:
    """One source's fetch, ready for ingest: files to load, checks to record, state to keep on success.

    ``validators`` and ``seen`` are remembered only when the file they came with (``None``: none) was
    loaded, so a file ingest could not read is fetched again next time.
    """

    summary: FetchSummary
    files: list[tuple[Path, str]] = field(default_factory=list)
    checks: list[SourceCheck] = field(default_factory=list)
    validators: list[tuple[str | None, str, Validators]] = field(default_factory=list)
    seen: list[tuple[str | None, str, list[str]]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # file name -> what the summary calls it


def ingest_batches(batches: list[Batch], store_dir: Path, state: FetchState) -> None:
    """One ingest for every batch's files and checks; then the state of what was loaded is saved."""
    from dashboard.ingest import ingest_paths

    files = [f for b in batches for f in b.files]
    checks = [asdict(c) for b in batches for c in b.checks]
    ingested = ingest_paths(files, store_dir, status=checks)
    unreadable = {f.file: f.reason or "" for f in ingested.files if f.status == "unreadable"}
    totals = {k: v for k, v in ingested.as_json().items() if k != "file_outcomes"}
    for batch in batches:
        batch.summary.ingest = totals
        for name, label in batch.labels.items():
            if name in unreadable:
                batch.summary.failed.append({"dataset": label, "reason": f"not loaded: {unreadable[name]}"})
                if label in batch.summary.downloaded:
                    batch.summary.downloaded.remove(label)
        for came_with, url, validators in batch.validators:
            if came_with not in unreadable:
                state.remember(url, validators)
        for came_with, source, ids in batch.seen:
            if came_with not in unreadable:
                state.add_seen(source, ids)
    state.save()
