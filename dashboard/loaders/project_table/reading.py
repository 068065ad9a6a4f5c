"""A file to its tables: workbook, old workbook or text (delimited or HTML), by its first bytes."""

from __future__ import annotations

from pathlib import Path

from dashboard.errors import FileUnreadable
from dashboard.loaders.base import MAX_FILE_BYTES
from dashboard.loaders.project_table.delimited import read_text_table
from dashboard.loaders.project_table.excel import XLS_MAGIC, read_xls, read_xlsx
from dashboard.loaders.project_table.sheet import Sheet


def read_sheets(path: Path, file: str) -> list[Sheet]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileUnreadable(file, f"file is {size / 1e9:.1f} GB, over the limit")
        data = path.read_bytes()
    except OSError as exc:
        raise FileUnreadable(file, f"cannot open: {exc.strerror or exc}") from exc
    if not data.strip():
        raise FileUnreadable(file, "empty file")
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(path, file)
    if data.startswith(XLS_MAGIC):
        return read_xls(data, file)
    return read_text_table(data, file)
