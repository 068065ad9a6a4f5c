"""News loader: a news file in any format -> one ``news_items`` row per item, with its extracted record.

Events are not built here: the ingest rebuilds them from every stored news item with
:func:`dashboard.news.events.build_event_tables`, so de-duplication sees all sources at once and an ingest
run twice gives the same events.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dashboard.errors import DashboardError, Problem
from dashboard.loaders.base import LoadResult
from dashboard.model.donors import DonorRegistry
from dashboard.news.events import news_item_row
from dashboard.news.readers import read_news_file
from dashboard.news.records import extract_item

# How a record is named in a problem, as the reader names it: "line 3" of a JSONL file, "row 3" of a CSV.
_RECORD_LABEL = {"jsonl": "line ", "csv": "row "}


def load_news(path: Path, registry: DonorRegistry, *, source_name: str | None = None) -> LoadResult:
    """Read and extract every item of a news file; raises FileUnreadable when the file cannot be read."""
    name = source_name or str(path)
    read = read_news_file(Path(path), source_name=name)
    result = LoadResult(file=name, kind="news", problems=list(read.problems), records_seen=read.records_seen)
    rows: dict[str, dict[str, Any]] = {}
    for item in read.items:
        number = item.source.rsplit("#", 1)[1] if item.source != name and "#" in item.source else None
        label = f"{_RECORD_LABEL.get(read.format, '')}{number}" if number else None
        try:
            record = extract_item(item, registry)
        except Exception as exc:  # one item's failure must not lose the file's other items
            reason = str(exc) if isinstance(exc, DashboardError) else f"{type(exc).__name__}: {exc}"
            result.problems.append(Problem(name, label, None, f"extraction failed: {reason}",
                                           raw=item.text[:2000]))
            continue
        record.update(synthetic=item.synthetic, source_file=name)
        row = news_item_row(record)
        if row["item_id"] in rows:  # the same page twice in one file: the later copy replaces it
            result.problems.append(Problem(name, label, "url", "same address as an earlier record of this "
                                           "file; the earlier copy is replaced by this one",
                                           raw=rows[row["item_id"]]["record_json"]))
        rows[row["item_id"]] = row
    result.records_loaded = len(rows)
    result.set_table("news_items", list(rows.values()))
    return result
