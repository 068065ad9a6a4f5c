"""The ``source_status`` table: what the fetchers checked, merged with what ingest made of their files.

A check (a mapping with ``source``, ``kind``, ``url``, ``checked_at``, ``changed``, ``error``, ``file``)
updates its source's row: ``last_checked`` always; ``last_changed`` and ``records`` when the check brought a
file that ingest loaded; ``last_error`` is the check's error, or the reason ingest could not read the file,
and is cleared by a check that succeeds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.model.schemas import TABLES, conform


def merge_source_status(old: pd.DataFrame, checks: Sequence[Mapping[str, Any]],
                        outcomes: Mapping[str, tuple[str, int, str | None]]) -> pd.DataFrame:
    """``old`` source_status rows updated by ``checks``.

    ``outcomes``: ingested file name -> (status, records, reason) from this ingest.
    """
    rows = {r["source"]: r for r in old.to_dict("records")}
    for check in checks:
        row = dict(rows.get(check["source"]) or {"source": check["source"], "last_changed": None,
                                                  "records": None})
        row["kind"] = check.get("kind")
        row["url"] = check.get("url") or row.get("url")
        row["last_checked"] = pd.Timestamp(check["checked_at"])
        error = check.get("error")
        outcome = outcomes.get(check.get("file") or "")
        if outcome is not None:
            status, records, reason = outcome
            if status == "loaded":
                row["last_changed"] = pd.Timestamp(check["checked_at"])
                row["records"] = records
            elif status == "unreadable":
                error = error or f"downloaded, but not loaded: {reason}"
        row["last_error"] = error
        rows[check["source"]] = row
    frame = pd.DataFrame(list(rows.values()), columns=list(TABLES["source_status"].columns))
    return conform(frame, "source_status").sort_values("source", kind="stable").reset_index(drop=True)
