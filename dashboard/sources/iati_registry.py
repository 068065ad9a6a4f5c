"""IATI files of one publisher, from the IATI Registry (CKAN action API v3), into the store.

The Registry lists a publisher's datasets (``package_search`` with ``fq=organization:ORG``, paged with
``rows`` and ``start``); each dataset's first resource is the URL of its XML file, hosted by the publisher.
Each file is downloaded conditionally (see :mod:`dashboard.sources.http`), and only new or changed files are
ingested, under their URL as source name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard.sources.http import FetchError, Http
from dashboard.sources.state import (
    Batch,
    FetchState,
    FetchSummary,
    SourceCheck,
    ingest_batches,
    sources_dir,
    utc_now,
)

DEFAULT_REGISTRY = "https://iatiregistry.org"
PAGE_ROWS = 100
MAX_PAGES = 100  # 10,000 datasets: far above any publisher's, so a looping server cannot keep us here
Progress = Callable[[int, int, str], None]  # datasets done, datasets total, name of the last one


@dataclass(frozen=True)
class Dataset:
    name: str
    url: str | None
    title: str | None = None


def list_datasets(http: Http, registry_url: str, publisher: str) -> list[Dataset]:
    """Every dataset the Registry lists for ``publisher``, page by page."""
    endpoint = registry_url.rstrip("/") + "/api/3/action/package_search"
    found: list[Dataset] = []
    for page in range(MAX_PAGES):
        answer = http.get_json(endpoint, {"fq": f"organization:{publisher}", "rows": PAGE_ROWS,
                                          "start": page * PAGE_ROWS})
        result = answer.get("result") if isinstance(answer, dict) and answer.get("success", True) else None
        if not isinstance(result, dict) or not isinstance(result.get("results"), list):
            raise FetchError(endpoint, "the Registry's answer has no result.results list")
        rows = result["results"]
        found += [_dataset(r) for r in rows if isinstance(r, dict) and r.get("name")]
        total = result.get("count")
        if not rows or (isinstance(total, int) and len(found) >= total) or len(rows) < PAGE_ROWS:
            break
    return found


def _dataset(row: dict[str, Any]) -> Dataset:
    resources = row.get("resources") or []
    first = resources[0] if resources and isinstance(resources[0], dict) else {}
    url = first.get("url")
    return Dataset(str(row["name"]), url.strip() if isinstance(url, str) and url.strip() else None,
                   row.get("title"))


def collect_iati(publisher: str, store_dir: Path, state: FetchState, http: Http, *,
                 registry_url: str = DEFAULT_REGISTRY, progress: Progress | None = None) -> Batch:
    """Download the publisher's new or changed datasets; nothing is ingested yet (see ingest_batches)."""
    batch = Batch(FetchSummary(source=f"iati:{publisher}"))
    summary = batch.summary
    folder = sources_dir(store_dir) / "iati" / _safe(publisher)
    try:
        datasets = list_datasets(http, registry_url, publisher)
    except FetchError as exc:
        summary.failed.append({"dataset": f"(registry list of {publisher})", "reason": exc.reason})
        batch.checks.append(SourceCheck(summary.source, "iati", registry_url, utc_now(), error=exc.reason))
        return batch
    summary.datasets = len(datasets)
    for i, ds in enumerate(datasets):
        check = SourceCheck(f"iati:{publisher}/{ds.name}", "iati", ds.url, utc_now())
        batch.checks.append(check)
        if not ds.url:
            check.error = "the Registry lists no resource URL for this dataset"
        else:
            try:
                got = http.download(ds.url, folder / f"{_safe(ds.name)}.xml", state.validators_of(ds.url))
            except FetchError as exc:
                check.error = exc.reason
            else:
                if got.changed and got.path is not None:
                    check.changed, check.file = True, ds.url
                    batch.files.append((got.path, ds.url))
                    batch.labels[ds.url] = ds.name
                    summary.downloaded.append(ds.name)
                    batch.validators.append((ds.url, ds.url, got.validators))
                else:
                    summary.unchanged.append(ds.name)
                    batch.validators.append((None, ds.url, got.validators))
        if check.error:
            summary.failed.append({"dataset": ds.name, "reason": check.error})
        if progress:
            progress(i + 1, len(datasets), ds.name)
    return batch


def fetch_iati(publisher: str, store_dir: Path, *, registry_url: str = DEFAULT_REGISTRY,
               http: Http | None = None, progress: Progress | None = None) -> FetchSummary:
    """Fetch the publisher's datasets that are new or changed and ingest them (see the module doc)."""
    state = FetchState.load(store_dir)
    with http or Http() as client:
        batch = collect_iati(publisher, store_dir, state, client, registry_url=registry_url,
                             progress=progress)
    ingest_batches([batch], store_dir, state)
    return batch.summary


def _safe(name: str) -> str:
    """A file name from a dataset or publisher name (Registry names are [a-z0-9_-], but trust no one)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("._")[:120] or "dataset"
