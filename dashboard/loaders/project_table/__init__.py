"""CSV/TSV and Excel project lists -> the same tables as IATI activities (record_kind "project_list").

Country offices keep project lists by hand, so the loader expects the mess that comes with it: headers
spelled any way ("Budget (USD)", "Project Title", "country_iso3") or an HXL hashtag row, preamble lines and
merged two-line headers, the header repeated further down, empty rows, ``null``/``N/A`` for "not stated",
both ``1,234,567.89`` and ``1.234.567,89``. What it cannot read with certainty it quarantines, naming file,
line and field: an ambiguous amount is never guessed, an unknown country name is flagged while the project
still loads. Formulas are never evaluated: a workbook cell gives what Excel last computed, and a formula
with no stored result (or a CSV cell such as ``=HYPERLINK(...)``) is kept as plain text.

One module per job: ``reading`` (by the file's first bytes) hands ``delimited``, ``webpage`` or ``excel``
tables (``sheet``) to ``records``, which finds the header (``headers``) and reads each cell (``cells``,
``amounts``, ``dates``, ``values``). This package's names below are its public API.
"""

from __future__ import annotations

from dashboard.loaders.project_table.amounts import number_convention, parse_amount
from dashboard.loaders.project_table.cells import ValueProblem, fold, is_missing
from dashboard.loaders.project_table.dates import parse_date
from dashboard.loaders.project_table.delimited import DELIMITERS
from dashboard.loaders.project_table.excel import MAX_WORKBOOK_EXPANDED_BYTES, XLS_MAGIC
from dashboard.loaders.project_table.headers import (
    HEADER_SEARCH_ROWS,
    HEADER_SYNONYMS,
    Column,
    HeaderLayout,
    column_for_header,
    column_for_hxl,
    find_header,
    is_hxl_row,
)
from dashboard.loaders.project_table.records import DONOR_EVIDENCE, KIND, THEME_VOCABULARY, load_project_table
from dashboard.loaders.project_table.sheet import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_EMPTY_ROW_RUN,
    MAX_SHEET_CELLS,
    MAX_SHEET_ROWS,
)
from dashboard.loaders.project_table.values import (
    project_id,
    resolve_country,
    split_countries,
    status_of,
    themes_for,
)
from dashboard.loaders.project_table.webpage import html_tables, looks_like_html

__all__ = [
    "DELIMITERS", "DONOR_EVIDENCE", "HEADER_SEARCH_ROWS", "HEADER_SYNONYMS", "KIND", "MAX_CELL_CHARS",
    "MAX_COLUMNS", "MAX_EMPTY_ROW_RUN", "MAX_SHEET_CELLS", "MAX_SHEET_ROWS", "MAX_WORKBOOK_EXPANDED_BYTES",
    "THEME_VOCABULARY", "XLS_MAGIC", "Column", "HeaderLayout", "ValueProblem", "column_for_header",
    "column_for_hxl", "find_header", "fold", "html_tables", "is_hxl_row", "is_missing", "load_project_table",
    "looks_like_html", "number_convention", "parse_amount", "parse_date", "project_id", "resolve_country",
    "split_countries", "status_of", "themes_for",
]
