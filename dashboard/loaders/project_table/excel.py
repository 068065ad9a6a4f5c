"""Excel workbooks (.xlsx through openpyxl, .xls through xlrd), bounded, formulas never evaluated."""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from dashboard.errors import FileUnreadable
from dashboard.loaders.project_table.sheet import (
    MAX_COLUMNS,
    MAX_EMPTY_ROW_RUN,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
    Sheet,
)

# Workbooks are zip files: refuse one whose parts expand beyond this (a zip bomb, or not a project list).
MAX_WORKBOOK_EXPANDED_BYTES = 512 * 1024**2


_FORMULA_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether any worksheet holds a formula (<f>), streaming each part without parsing it."""
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                if _FORMULA_ELEMENT.search(tail + chunk):
                    return True
                tail = chunk[-16:]
    return False


def _computed_else_formula(values: Iterator[Sequence[object]],
                           formulas: Iterator[Sequence[object]]) -> Iterator[list[object]]:
    """Each cell's stored result; the formula's text where Excel stored none."""
    for value_row, formula_row in zip(values, formulas, strict=False):
        yield [f if v is None and isinstance(f, str) else v
               for v, f in zip(value_row, formula_row, strict=False)]


def read_xlsx(path: Path, file: str) -> list[Sheet]:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > MAX_WORKBOOK_EXPANDED_BYTES:
                raise FileUnreadable(file, f"workbook expands to {expanded / 1e6:.0f} MB, over the "
                                           f"{MAX_WORKBOOK_EXPANDED_BYTES / 1e6:.0f} MB limit")
            has_formulas = _has_formulas(archive)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise FileUnreadable(file, f"not a readable Excel workbook ({exc})") from exc
    sheets: list[Sheet] = []
    try:
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        # Formulas are read (never evaluated) only where some exist: a formula whose result Excel did
        # not store is kept as its text instead of being lost as an empty cell.
        formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False) if has_formulas else None
        for index, values_ws in enumerate(values_book.worksheets):
            values_ws.reset_dimensions()  # trust the cells, not a (possibly absurd) declared size
            row_iter: Iterator[Sequence[object]] = values_ws.iter_rows(values_only=True)
            if formula_book is not None:
                formula_ws = formula_book.worksheets[index]
                formula_ws.reset_dimensions()
                row_iter = _computed_else_formula(row_iter, formula_ws.iter_rows(values_only=True))
            rows, notes = _bounded_sheet_rows(values_ws.title, row_iter)
            sheets.append(Sheet(values_ws.title, rows, notes))
        values_book.close()
        if formula_book is not None:
            formula_book.close()
    except Exception as exc:  # openpyxl raises many types on a damaged file; all mean "unreadable"
        raise FileUnreadable(file, f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from exc
    return sheets


def _bounded_sheet_rows(title: str, row_iter: Iterator[Sequence[object]]
                        ) -> tuple[list[tuple[str, list[object] | None]], list[tuple[str | None, str]]]:
    """A sheet's rows, up to the caps: a cell far down (row 50,000,000 of a 2 KB file) must not make the
    reader keep, or even walk, millions of empty rows. Trailing empty rows are never kept; a run of
    ``MAX_EMPTY_ROW_RUN`` empty rows, ``MAX_SHEET_ROWS`` rows or ``MAX_SHEET_CELLS`` cells ends the sheet,
    and the note says where and why."""
    rows: list[tuple[str, list[object] | None]] = []
    empty_run: list[tuple[str, list[object] | None]] = []
    cells_kept = 0
    notes: list[tuple[str | None, str]] = []
    for number, cells in enumerate(row_iter, start=1):
        if number > MAX_SHEET_ROWS or cells_kept > MAX_SHEET_CELLS:
            notes.append((f"{title} row {number}",
                          f"sheet {title!r} read up to row {number - 1:,} only: the reader stops at "
                          f"{MAX_SHEET_ROWS:,} rows or {MAX_SHEET_CELLS:,} cells; the rest is not loaded"))
            break
        row = list(cells[:MAX_COLUMNS])
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            empty_run.append((f"{title} row {number}", row))
            if len(empty_run) > MAX_EMPTY_ROW_RUN:
                notes.append((f"{title} row {number}",
                              f"sheet {title!r} read up to row {number:,} only: more than "
                              f"{MAX_EMPTY_ROW_RUN:,} empty rows in a row end the table; anything further "
                              "down is not loaded"))
                break
            continue
        rows.extend(empty_run)  # empty rows between records are layout; kept so row numbers stay true
        empty_run = []
        rows.append((f"{title} row {number}", row))
        cells_kept += len(row)
    return rows, notes


def read_xls(data: bytes, file: str) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheets = []
        for sheet in book.sheets():
            rows: list[tuple[str, list[object] | None]] = []
            for r in range(sheet.nrows):
                cells: list[object] = []
                for c in range(min(sheet.ncols, MAX_COLUMNS)):
                    cell = sheet.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            cells.append(cell.value)  # left as a number: the date check flags it
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        cells.append(None)
                    else:
                        cells.append(cell.value)
                rows.append((f"{sheet.name} row {r + 1}", cells))
            sheets.append(Sheet(sheet.name, rows))
    except Exception as exc:  # xlrd's errors on a damaged file have no common base class
        raise FileUnreadable(file, f"not a readable Excel 97-2003 workbook ({type(exc).__name__}: {exc})"
                             ) from exc
    return sheets


XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
