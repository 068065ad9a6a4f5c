"""One table as read from a file, before any header is looked for, and the limits every reader keeps."""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_COLUMNS = 256
# csv's own field limit is process-wide (and raised to the maximum by hdx-python-utilities): keep ours.
MAX_CELL_CHARS = 100_000
# Excel's own sheet size: no genuine project list is longer. Cells counted over the whole sheet.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_CELLS = 5_000_000
# A table ends after this many empty rows in a row (a stray cell far below is not part of it).
MAX_EMPTY_ROW_RUN = 10_000


@dataclass
class Sheet:
    """Rows of one table: (record label, cells). Cells are str for text files, typed for workbooks."""

    name: str | None
    rows: list[tuple[str, list[object] | None]]  # None: a record the csv module could not read
    notes: list[tuple[str | None, str]] = field(default_factory=list)  # (record, what was repaired or cut)
