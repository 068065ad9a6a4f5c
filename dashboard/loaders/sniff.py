"""Which loader a file needs, decided by its content (the first 64 KB), never by its extension.

Uploads and exports arrive with wrong or missing extensions: IATI saved as ``.txt``, a CSV named ``.xml``,
an image renamed ``.csv``. Peeking at XML reads only up to the root element, with entities, DTDs and the
network off, so a hostile file cannot expand or reach anything while we look at it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from dashboard.errors import FileUnreadable
from dashboard.loaders.project_table import (
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    XLS_MAGIC,
    find_header,
    fold,
    html_tables,
)
from dashboard.model.text_decoding import decode_bytes

SNIFF_BYTES = 64 * 1024
KINDS = ("iati", "project_list", "news_records", "news_feed", "news_html", "news_text", "unknown")

_IATI_ROOTS = frozenset({"iati-activities", "iati-activity"})
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
# The "Workbook" (Excel 97+) or "Book" (Excel 5) stream name, as the OLE2 directory stores it (UTF-16-LE).
_XLS_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
# Signatures of common binary files, for a clear reason (the text decoder refuses binary content anyway).
# Only prefixes no text file starts with: "MZ" or "ID3" alone could open a line of prose.
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF-", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!\x1a",
                 b"\x7fELF", b"MZ\x90\x00", b"OggS\x00", b"ID3\x03", b"ID3\x04", b"\x00\x00\x01\x00", b"wOFF")
_HTML_ROOTS = frozenset({"html", "head", "body", "div", "p", "article", "section", "h1", "h2", "h3", "h4",
                         "table", "span", "main", "header", "nav", "ul", "ol", "a", "b", "i", "em", "strong",
                         "img", "br", "meta", "script", "style", "form", "blockquote", "figure"})
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|div|p|article|section|h[1-6]|table|meta|title|"
                         r"script|a\s|span|main|header|nav)\b", re.I)
# Column names of news records (an export of press releases): the words a title/url/date/body table uses.
_NEWS_COLUMNS = frozenset({"title", "headline", "url", "link", "published", "publisheddate", "date",
                           "publicationdate", "pubdate", "body", "text", "content", "summary", "article",
                           "fulltext", "lead"})
# Fields only a project list has: a table naming just a title and a link could be either.
_PROJECT_ONLY_FIELDS = frozenset({"code", "country", "donor", "budget", "currency", "start", "end", "theme",
                                  "status"})
_NEWS_BODY_COLUMNS = frozenset({"body", "text", "content", "article", "fulltext", "summary", "published",
                                "publisheddate", "publicationdate", "pubdate", "date"})


@dataclass(frozen=True)
class Sniffed:
    """A file's kind and, in words, why (shown to users when a file is refused)."""

    kind: str
    reason: str


def detect_kind(path: Path) -> str:
    """One of ``KINDS`` for the file at ``path``, from its content."""
    return sniff(path).kind


def sniff(path: Path) -> Sniffed:
    """The kind of the file at ``path`` with the reason, reading at most its first 64 KB."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES + 1)
    except OSError as exc:
        return Sniffed("unknown", f"cannot open: {exc.strerror or exc}")
    truncated = len(head) > SNIFF_BYTES
    head = head[:SNIFF_BYTES]
    if not head.strip():
        return Sniffed("unknown", "empty file")
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(XLS_MAGIC):
        if any(stream in head for stream in _XLS_STREAMS):
            return Sniffed("project_list", "Excel 97-2003 workbook")
        if "EncryptedPackage".encode("utf-16-le") in head:
            return Sniffed("unknown", "password-protected Office file: remove the password and save again")
        return Sniffed("unknown", "an Office 97-2003 file that is not an Excel workbook")
    if head.startswith(_BINARY_MAGIC):
        return Sniffed("unknown", "binary file (image, PDF, archive or program), not data")
    try:
        text = decode_bytes(head, str(path), truncated=truncated)
    except FileUnreadable as exc:
        return Sniffed("unknown", exc.reason)
    return sniff_text(text, truncated=truncated)


def _sniff_zip(path: Path) -> Sniffed:
    # The zip's directory is at its end: reading it is a seek, not a decompression.
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return Sniffed("unknown", "damaged zip archive")
    if "xl/workbook.xml" in names or any(n.startswith("xl/worksheets/") for n in names):
        return Sniffed("project_list", "Excel workbook (xlsx)")
    if "content.xml" in names and "mimetype" in names:
        return Sniffed("unknown", "OpenDocument file: save it as .xlsx or .csv")
    return Sniffed("unknown", "zip archive that is not an Excel workbook")


def sniff_text(text: str, *, truncated: bool = False) -> Sniffed:
    """The kind of decoded text (``truncated``: only the file's start was given)."""
    body = text.lstrip("\ufeff \t\r\n")
    markup = _sniff_markup(body) if body.startswith("<") else None
    if markup:
        return markup
    if _looks_like_json(body, truncated):
        return Sniffed("news_records", "JSON or JSON Lines records")
    delimited = _sniff_delimited(body, truncated)
    if delimited:
        return delimited
    return Sniffed("news_text", "plain text")


def _sniff_markup(body: str) -> Sniffed | None:
    root = xml_root_name(body)
    if root in _IATI_ROOTS:
        return Sniffed("iati", f"IATI XML (root <{root}>)")
    if root in _FEED_ROOTS:
        return Sniffed("news_feed", f"RSS/Atom feed (root <{root}>)")
    if root in _HTML_ROOTS or (root is None and _HTML_START.search(body[:4096])):
        if _has_project_table(body):
            # A web report saved as .xls (Excel opens it): its table is the project list, not a news item.
            return Sniffed("project_list", "HTML table with project columns (a web report)")
        return Sniffed("news_html", "HTML page")
    if root is None:
        # Broken before its root: still IATI if the root is written there (the loader reports the break).
        found = re.search(r"<(?:[\w.-]+:)?(iati-activities|iati-activity)[\s>/]", body[:SNIFF_BYTES])
        if found:
            return Sniffed("iati", f"IATI XML (root <{found.group(1)}>, damaged)")
        return None  # "<" opens the text but no element: read it as text
    return Sniffed("unknown", f"XML with root <{root}>: not IATI activities nor an RSS/Atom feed")


def _has_project_table(body: str) -> bool:
    """Whether an HTML document holds a table whose header names project columns (two or more fields that
    only a project list has, besides a title or code)."""
    if "<table" not in body.lower():
        return False
    for rows in html_tables(body, max_rows=HEADER_SEARCH_ROWS + 1):
        layout = find_header(rows)
        if layout and len(layout.fields & _PROJECT_ONLY_FIELDS - {"code"}) >= 2:
            return True
    return False


def xml_root_name(text: str) -> str | None:
    """Local name of the root element (lower case), reading only up to it; None when not XML."""
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=False, recover=False)
    # Encoding declarations are meaningless once decoded; lxml refuses str input that carries one.
    data = re.sub(r"^<\?xml[^>]*\?>", "", text, count=1).encode("utf-8")
    for start in range(0, len(data), 4096):
        try:
            parser.feed(data[start:start + 4096])
        except etree.XMLSyntaxError:
            # A break after the root (or libxml2 refusing an entity bomb) still leaves the root's event.
            return next((_local_name(el) for _event, el in parser.read_events()), None)
        for _event, element in parser.read_events():
            return _local_name(element)
    return None


def _local_name(element: etree._Element) -> str:
    return etree.QName(element).localname.lower()


def _looks_like_json(body: str, truncated: bool) -> bool:
    if not body or body[0] not in "[{":
        return False
    first_line = body.split("\n", 1)[0].strip()
    try:
        json.loads(first_line)  # JSON Lines, or a one-line JSON document
        return True
    except ValueError:
        pass
    if not truncated:
        try:
            json.loads(body)
            return True
        except ValueError:
            return False
    # A large JSON document cut at 64 KB: trust its opening ("[{" or '{"').
    return re.match(r"(\[\s*[{\"\]\[]|\{\s*[\"}])", body) is not None


def _sniff_delimited(body: str, truncated: bool) -> Sniffed | None:
    lines = body.splitlines()
    if truncated and len(lines) > 1:
        body = "\n".join(lines[:-1])  # the last line may be cut in the middle
    for delimiter in DELIMITERS:
        if not any(delimiter in line for line in lines[:HEADER_SEARCH_ROWS]):
            continue
        rows = _first_rows(body, delimiter)
        layout = find_header(rows)
        header = rows[layout.row_index] if layout else (rows[0] if rows else [])
        names = {re.sub(r"[^a-z0-9]", "", fold(c)) for c in header}
        project_fields = layout.fields & _PROJECT_ONLY_FIELDS if layout else frozenset()
        news_like = len(names & _NEWS_COLUMNS) >= 2 and names & _NEWS_BODY_COLUMNS
        # "title,url,published,body" names a title and a link too: it is news unless project columns show.
        if news_like and len(project_fields) < 2:
            return Sniffed("news_records", f"table of news records (delimiter {delimiter!r})")
        if layout:
            return Sniffed("project_list", f"table with project columns (delimiter {delimiter!r})")
    return None


def _first_rows(body: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
            if len(rows) > HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass  # a broken record ends the peek; the rows before it still tell the kind
    return rows
