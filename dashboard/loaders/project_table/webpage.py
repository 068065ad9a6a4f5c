"""HTML tables: a web report saved as .xls or .csv, read without fetching anything."""

from __future__ import annotations

import re

from dashboard.loaders.project_table.sheet import MAX_COLUMNS, MAX_SHEET_ROWS, Sheet

_HTML_OPENING = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document (a web report saved as .xls or .csv is one)."""
    return _HTML_OPENING.match(text.lstrip("\ufeff")) is not None


def html_tables(text: str, max_rows: int | None = None) -> list[list[list[str]]]:
    """The rows of each ``<table>`` of an HTML document, as cell texts (nested tables read on their own).

    The HTML parser recovers from broken markup, fetches nothing and keeps its default size limits; at most
    ``MAX_SHEET_ROWS`` rows (``max_rows`` when given) and ``MAX_COLUMNS`` cells a row are kept per table.
    """
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    limit = MAX_SHEET_ROWS if max_rows is None else max_rows
    tables = []
    for table in root.iter("table"):
        rows = []
        for row in table.iter("tr"):
            if row.getparent() is not None and _closest_table(row) is not table:
                continue  # a row of a table nested in this one
            cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
            rows.append(cells[:MAX_COLUMNS])
            if len(rows) >= limit:
                break
        tables.append(rows)
    return tables


def _closest_table(element: object) -> object:
    node = element.getparent()  # type: ignore[attr-defined]
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def html_sheets(text: str) -> list[Sheet]:
    return [Sheet(f"table {i}", [(f"table {i} row {n}", list(cells)) for n, cells in enumerate(rows, 1)])
            for i, rows in enumerate(html_tables(text), 1) if rows]
