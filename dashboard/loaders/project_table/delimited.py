"""CSV, TSV and other delimited text: the delimiter sniffed from the header it shows best."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from dashboard.loaders.project_table.headers import HEADER_SEARCH_ROWS, find_header
from dashboard.loaders.project_table.sheet import MAX_CELL_CHARS, MAX_COLUMNS, Sheet
from dashboard.loaders.project_table.webpage import html_sheets, looks_like_html
from dashboard.model.text_decoding import decode_text

DELIMITERS = (",", ";", "\t", "|")


def _text_rows(text: str, delimiter: str,
               limit: int | None = None) -> Iterator[tuple[int, list[str] | None]]:
    """(first line number, cells) per CSV record; a record the csv module rejects gives (line, None)."""
    # strict: a stray or unclosed quote is an error on its record instead of silently merging lines.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    count = 0
    while limit is None or count < limit:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            if reader.line_num < line:
                return
            yield line, None
            line = reader.line_num + 1
            count += 1
            continue
        # An unclosed quote swallows the rest of the file into one field: refuse the record, not the file.
        yield line, None if any(len(c) > MAX_CELL_CHARS for c in cells) else cells[:MAX_COLUMNS]
        line = reader.line_num + 1
        count += 1


def _detect_delimiter(text: str) -> str:
    """The delimiter under which the first rows show the best project header, else the most regular one."""
    head = text[:65536]
    best: tuple[int, int, str] = (-1, -1, ",")
    for delimiter in DELIMITERS:
        rows = [cells or [] for _, cells in _text_rows(head, delimiter, limit=HEADER_SEARCH_ROWS + 1)]
        layout = find_header(rows)
        header_score = len(layout.fields) if layout else 0
        widths = [len(r) for r in rows if len(r) > 1]
        regular = max((widths.count(w) for w in set(widths)), default=0)
        best = max(best, (header_score, regular, delimiter))
    return best[2]


def read_text_table(data: bytes, file: str) -> list[Sheet]:
    decoded = decode_text(data, file)
    notes = [(None if line is None else f"line {line}", message) for line, message in decoded.notes()]
    if looks_like_html(decoded.text):
        sheets = html_sheets(decoded.text)
        if sheets:
            sheets[0].notes.extend(notes)
            return sheets
    text = decoded.text
    delimiter = _detect_delimiter(text)
    rows: list[tuple[str, list[object] | None]] = [
        (f"line {line}", None if cells is None else list(cells))
        for line, cells in _text_rows(text, delimiter)]
    return [Sheet(None, rows, notes)]
