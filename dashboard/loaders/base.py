"""What every loader returns: validated tables plus the problems met on the way.

Invariant checked by the tests: records_seen == records_loaded + records_rejected, per file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.errors import Problem
from dashboard.model.schemas import conform, empty

# Files larger than this are refused before parsing (uploads are capped lower, in the app).
MAX_FILE_BYTES = 2 * 1024**3


@dataclass
class LoadResult:
    file: str
    kind: str  # "iati", "project_list", "news"
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    records_seen: int = 0
    records_loaded: int = 0

    @property
    def records_rejected(self) -> int:
        return sum(1 for p in self.problems if p.severity == "rejected")

    def set_table(self, name: str, rows: list[dict] | pd.DataFrame) -> None:
        if len(rows) == 0:  # most tables of a small file are empty: no frame to build or check
            self.tables[name] = empty(name)
            return
        frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
        self.tables[name] = conform(frame, name)
