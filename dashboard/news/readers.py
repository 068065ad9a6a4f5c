"""Read news items from every input format: scraped text, HTML pages, RSS/Atom feeds, JSON, JSONL and CSV.

The format is decided by the content, not the file name (an upload's extension can lie); the extension
only breaks ties between CSV and plain text. Every failure that concerns the whole file raises
:class:`~dashboard.errors.FileUnreadable` with a reason a user can act on; a bad record inside a readable
file becomes a :class:`~dashboard.errors.Problem` and the other records still load.

HTML main text is taken with selectolax (lexbor, a fast HTML5 parser) rather than trafilatura: press
release pages put the story in ``<article>`` or ``<main>``, so choosing that element and dropping
navigation, footers, asides, share widgets, scripts and styles is enough, and it keeps reading fast.

Titles are plain text: tags in them are removed (a ``<script>`` with its content), never kept to be
rendered, and only http(s) addresses are kept. Nothing is ever fetched: feeds are handed to feedparser as
bytes, never as a path or URL.
"""

from __future__ import annotations

import csv
import datetime as dt
import email.utils
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dashboard.errors import DashboardError, FileUnreadable, Problem
from dashboard.model.text import safe_url
from dashboard.model.text_decoding import decode_bytes
from dashboard.news.dedup import as_date
from dashboard.news.item import LIST_KEYS, RECORD_KEYS, NewsItem

# A news file larger than this is refused before it is read. 50 MiB holds tens of thousands of press
# releases as JSONL; anything bigger is not a news export but a mistake or an attack on memory.
MAX_NEWS_FILE_BYTES = 50 * 1024**2

# Column or key names accepted for the four core fields of a structured record (first match wins).
TITLE_KEYS = ("title", "headline")
URL_KEYS = ("url", "link", "href")
PUBLISHED_KEYS = ("published", "published_date", "date", "pubdate", "published_at")
BODY_KEYS = ("body", "text", "content", "article", "description", "summary")
# A JSON object holding its records in a list under one of these keys.
CONTAINER_KEYS = ("items", "records", "news", "entries", "articles", "data")

INT_KEYS = frozenset({"duration_days", "participants", "participants_female"})
DATE_KEYS = frozenset({"start_date", "end_date", "published_date"})

# HTML elements that never hold the story.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "form", "button", "select", "textarea", "nav", "footer", "aside", "dialog")
# Widgets recognised by class or id: share bars, menus, breadcrumbs, cookie banners, related links.
_WIDGET_WORDS = ("share", "social", "breadcrumb", "cookie", "menu", "navbar", "sidebar", "related",
                 "newsletter", "subscribe", "comment", "skip-link", "print", "tags")
_BLOCK_TAGS = ("p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "li",
               "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "figure", "figcaption", "dd",
               "dt", "address", "hr")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_FEED_ROOT = re.compile(r"<(rss|feed|rdf:rdf)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|article|main|h1|p|div)[\s>]", re.IGNORECASE)
_JSON_ARRAY_START = re.compile(r'\[\s*(?:[\[{\]"\d-]|true|false|null|$)')
_JSON_OBJECT_START = re.compile(r'\{\s*(?:["}]|$)')
_BREAK = "\u2029"
_SPACES = re.compile(r"[ \t\u00a0\u200b\f\v]+")


@dataclass
class NewsRead:
    """Everything read from one news file: the items, the records refused, and how many were seen."""

    file: str
    format: str
    items: list[NewsItem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    records_seen: int = 0


def read_news_items(path: Path, *, source_name: str | None = None,
                    max_bytes: int = MAX_NEWS_FILE_BYTES) -> list[NewsItem]:
    """The news items of one file in any supported format.

    Raises FileUnreadable for an empty, binary, oversized or malformed file. Records refused inside a
    readable file are left out; :func:`read_news_file` also returns why.
    """
    return read_news_file(path, source_name=source_name, max_bytes=max_bytes).items


def read_news_file(path: Path, *, source_name: str | None = None,
                   max_bytes: int = MAX_NEWS_FILE_BYTES) -> NewsRead:
    """Read one news file into items plus the problems met (see :func:`read_news_items`)."""
    name = source_name or str(path)
    data = _read_capped(Path(path), name, max_bytes)
    text = decode_bytes(data, name)
    if not text.strip():
        raise FileUnreadable(name, "no text in the file (only whitespace)")
    fmt = sniff_news_format(text, Path(path).suffix.lower())
    reader = _READERS[fmt]
    try:
        result = reader(text, data, name)
    except RecursionError as exc:  # deeply nested JSON or markup: refuse rather than crash
        raise FileUnreadable(name, f"{fmt} nested too deeply to read") from exc
    return result


def sniff_news_format(text: str, suffix: str = "") -> str:
    """One of "json", "jsonl", "feed", "html", "csv", "text", decided from the content first."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if _JSON_ARRAY_START.match(head):  # "[Photo] IOM ..." opens a scraped text, not a JSON array
        return "json"
    if _JSON_OBJECT_START.match(head):
        first_line = head.split("\n", 1)[0].strip()
        return "jsonl" if _is_json_object(first_line) and "\n" in text.strip() else "json"
    if head.startswith("<"):
        if _HTML_ROOT.match(head):
            return "html"
        if _FEED_ROOT.search(head):
            return "feed"
        if head.lower().startswith("<?xml") and not _HTML_HINT.search(head):
            return "feed"  # an XML file that is not a feed is refused by the feed reader with a reason
        return "html"
    if suffix in (".csv", ".tsv") or _looks_like_csv_header(head.split("\n", 1)[0]):
        return "csv"
    return "text"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _looks_like_csv_header(line: str) -> bool:
    for delimiter in (",", ";", "\t"):
        cells = {c.strip().strip('"').lower() for c in line.split(delimiter)}
        if len(cells) >= 2 and cells & set(TITLE_KEYS) and cells & (set(BODY_KEYS) | set(URL_KEYS)):
            return True
    return False


# --- bytes -> text -------------------------------------------------------------------------------------

def _read_capped(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FileUnreadable(name, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for news "
                                       "files; split it into smaller files")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileUnreadable(name, f"cannot be opened: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # grew while being read
        raise FileUnreadable(name, f"file is over the {max_bytes:,}-byte limit for news files")
    if not data:
        raise FileUnreadable(name, "empty file (0 bytes)")
    return data


# --- scraped text --------------------------------------------------------------------------------------

def _read_text(text: str, _data: bytes, name: str) -> NewsRead:
    headline, body = _split_scraped(text)
    headline = _plain(headline)
    content = "\n".join(p for p in (headline, (body or "").strip()) if p)
    if not content:
        raise FileUnreadable(name, "no headline or body left once the site menus are removed")
    item = NewsItem(source=name, text=content, title=headline or None)
    return NewsRead(name, "text", [item], [], 1)


def _split_scraped(text: str) -> tuple[str | None, str]:
    """Headline and body with the shared boilerplate rule; first line as headline until it exists."""
    try:
        from dashboard.news.boilerplate import split_scraped_text
    except ImportError:
        lines = [line for line in text.splitlines() if line.strip()]
        return (lines[0] if lines else None), "\n".join(lines[1:])
    return split_scraped_text(text)


# --- HTML ----------------------------------------------------------------------------------------------

def _read_html(text: str, _data: bytes, name: str) -> NewsRead:
    page = html_page_to_item(text, name)
    if not page.text.strip():
        raise FileUnreadable(name, "HTML page without readable text in its main content")
    return NewsRead(name, "html", [page], [], 1)


def html_page_to_item(markup: str, source: str) -> NewsItem:
    """A press-release page as a NewsItem: main content only, title from h1, og:title or <title>."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(markup)
    meta = _html_meta(tree)
    _drop_tags(tree)
    main = _main_content(tree)
    title = None
    h1 = (main.css_first("h1") if main is not None else None) or tree.css_first("h1")
    heading = h1.text(deep=True) if h1 is not None else None
    for candidate in (heading, meta.get("og:title"), meta.get("title")):
        if _plain(candidate):
            title = _plain(candidate)
            break
    if main is not None:
        _drop_widgets(main)
    body = node_text(main) if main is not None else ""
    body = _strip_boilerplate(body)
    if title and not body.startswith(title):
        body = f"{title}\n{body}" if body else title
    return NewsItem(source=source, text=body, title=title, url=safe_url(meta.get("url")),
                    published=parse_date(meta.get("published")))


def html_fragment_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed summary, a JSON body): tags gone, scripts and styles dropped."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(f"<html><body>{markup}</body></html>")
    _drop_tags(tree)
    return node_text(tree.body) if tree.body is not None else ""


def node_text(node: Any) -> str:
    """Text of an element with one line per block element and inline markup joined into its line."""
    # Line breaks in the source are spaces in HTML; only blocks and <br> end a line, marked with U+2029.
    for block in node.css(",".join(_BLOCK_TAGS)):
        block.insert_before(_BREAK)
        block.insert_after(_BREAK)
    for br in node.css("br"):
        br.insert_after(_BREAK)
    raw = node.text(deep=True, separator="")
    lines = (_clean_line(line) for line in raw.split(_BREAK))
    return "\n".join(line for line in lines if line)


def _html_meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}

    def first(selectors: Iterable[str], attribute: str) -> str | None:
        for selector in selectors:
            node = tree.css_first(selector)
            value = node.attributes.get(attribute) if node is not None else None
            if value and value.strip():
                return value.strip()
        return None

    pairs = {
        "og:title": (('meta[property="og:title"]', 'meta[name="twitter:title"]'), "content"),
        "url": (('link[rel="canonical"]',), "href"),
        "og:url": (('meta[property="og:url"]',), "content"),
        "published": (('meta[property="article:published_time"]', 'meta[name="date"]',
                       'meta[name="dcterms.date"]', 'meta[itemprop="datePublished"]'), "content"),
        # A <time> counts only inside the story: sidebars date other stories.
        "time": (("article time[datetime]", "main time[datetime]"), "datetime"),
    }
    for key, (selectors, attribute) in pairs.items():
        value = first(selectors, attribute)
        if value:
            found[key] = value
    title_node = tree.css_first("title")
    if title_node is not None:
        found["title"] = title_node.text(deep=True)
    found.setdefault("url", found.get("og:url", ""))
    found.setdefault("published", found.get("time", ""))
    return found


def _drop_tags(tree: Any) -> None:
    _decompose_outermost(tree.css(",".join(_DROP_TAGS)))


def _drop_widgets(main: Any) -> None:
    """Share bars, menus, breadcrumbs and banners inside the main content, recognised by class, id or role.

    A match holding most of the text is a layout wrapper ("page-with-sidebar"), not a widget: it stays.
    """
    selectors = [f'[class*="{w}"],[id*="{w}"]' for w in _WIDGET_WORDS]
    selectors += ['[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[aria-hidden="true"]',
                  '[hidden]']
    total = len(main.text(deep=True))
    _decompose_outermost([n for n in main.css(",".join(selectors))
                          if n.tag not in ("main", "article") and len(n.text(deep=True)) <= total / 2])
    # A page header outside the article is the site banner; inside it, it holds the headline.
    _decompose_outermost([n for n in main.css("header") if not _inside(n, ("article", "main"))])


def _decompose_outermost(nodes: list[Any]) -> None:
    """Remove nodes, skipping those inside another removed one (their memory goes with the ancestor)."""
    chosen = {n.mem_id for n in nodes}
    for node in nodes:
        if not _inside(node, (), chosen):
            node.decompose()


def _inside(node: Any, tags: tuple[str, ...], ancestors: set[int] | None = None) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags or (ancestors and parent.mem_id in ancestors):
            return True
        parent = parent.parent
    return False


def _main_content(tree: Any) -> Any:
    articles = tree.css("article")
    if articles:
        return max(articles, key=lambda n: len(n.text(deep=True)))
    for selector in ("main", '[role="main"]', "#content", ".content", "#main"):
        node = tree.css_first(selector)
        if node is not None and node.text(deep=True).strip():
            return node
    return tree.body


def _strip_boilerplate(text: str) -> str:
    """Drop leftover menu and share lines with the shared rule, once it exists."""
    try:
        from dashboard.news.boilerplate import strip_boilerplate_lines
    except ImportError:
        return text
    return "\n".join(line for line in strip_boilerplate_lines(text.split("\n")) if line)


# --- RSS / Atom ----------------------------------------------------------------------------------------

def _read_feed(text: str, data: bytes, name: str) -> NewsRead:
    import feedparser

    if re.search(r"<!ENTITY", text[:65536], re.IGNORECASE):
        raise FileUnreadable(name, "feed declares XML entities (refused: entity expansion and external "
                                   "entities can read files or exhaust memory)")
    # The file's own bytes (feedparser follows the XML encoding declaration), in a stream: feedparser then
    # never treats the input as a path or a URL to fetch.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True,
                              resolve_relative_uris=False)
    version = parsed.get("version") or ""
    entries = parsed.get("entries") or []
    if not version and not entries:
        reason = parsed.get("bozo_exception")
        raise FileUnreadable(name, "XML but not an RSS or Atom feed" + (f" ({reason})" if reason else ""))
    out = NewsRead(name, "feed")
    for number, entry in enumerate(entries, start=1):
        source = f"{name}#{number}"
        out.records_seen += 1
        title = _plain(entry.get("title"))
        content = entry.get("content") or []
        body_html = content[0].get("value") if content else entry.get("summary")
        body = html_fragment_to_text(body_html) if body_html else ""
        if not (title or body):
            out.problems.append(Problem(name, str(number), "title", "feed entry without title or text"))
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        pub_date = dt.date(*published[:3]) if published else None
        text_ = "\n".join(p for p in (title, body) if p)
        out.items.append(NewsItem(source=source, text=text_, title=title or None,
                                  url=safe_url(entry.get("link")), published=pub_date))
    return out


def _plain(value: str | None) -> str:
    """A title as one line of plain text: tags are removed (scripts with their content), never kept."""
    if not value:
        return ""
    if _TAG.search(value):
        value = html_fragment_to_text(value).replace("\n", " ")
    return _clean_line(value)


# --- structured records --------------------------------------------------------------------------------

def _read_json(text: str, _data: bytes, name: str) -> NewsRead:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileUnreadable(name, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") \
            from exc
    # The sniffer sends only text starting with "[" or "{" here: a list of records or an object.
    container = next((k for k in CONTAINER_KEYS if isinstance(value.get(k), list)), None) \
        if isinstance(value, dict) else None
    records: list[Any] = value if isinstance(value, list) else value[container] if container else [value]
    out = NewsRead(name, "json")
    single = isinstance(value, dict) and container is None
    _add_records(out, ((str(i), r) for i, r in enumerate(records, start=1)), one_record=single)
    return out


def _read_jsonl(text: str, _data: bytes, name: str) -> NewsRead:
    out = NewsRead(name, "jsonl")

    def records() -> Iterable[tuple[str, Any]]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                yield str(number), json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                out.records_seen += 1
                reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
                out.problems.append(Problem(name, f"line {number}", None, f"not valid JSON: {reason}",
                                            raw=line[:2000]))

    _add_records(out, records(), record_label="line ")
    return out


def _read_csv(text: str, _data: bytes, name: str) -> NewsRead:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise FileUnreadable(name, f"not readable as CSV: {exc}") from exc
    if not rows:
        raise FileUnreadable(name, "CSV without a header row")
    header = [h.strip().lower() for h in rows[0]]
    if not set(header) & (set(TITLE_KEYS) | set(BODY_KEYS)):
        raise FileUnreadable(name, f"CSV has no title or body column (columns: {', '.join(header[:12])})")
    out = NewsRead(name, "csv")

    def records() -> Iterable[tuple[str, Any]]:
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            # An empty cell states nothing: it never overrides an extracted value.
            yield str(number), {k: v for k, v in zip(header, row, strict=False) if k and v.strip()}

    _add_records(out, records(), record_label="row ")
    return out


def _add_records(out: NewsRead, records: Iterable[tuple[str, Any]], record_label: str = "",
                 one_record: bool = False) -> None:
    for label, record in records:
        out.records_seen += 1
        where = f"{record_label}{label}"
        if not isinstance(record, dict):
            out.problems.append(Problem(out.file, where, None, "record is not an object",
                                        raw=_raw(record)))
            continue
        try:
            item, problems = record_to_item(record, out.file if one_record else f"{out.file}#{label}",
                                            file=out.file, where=where)
        except DashboardError as exc:
            out.problems.append(Problem(out.file, where, None, str(exc), raw=_raw(record)))
            continue
        out.problems.extend(problems)
        if item is not None:
            out.items.append(item)
    if out.records_seen and not out.items:
        first = next((p for p in out.problems if p.severity == "rejected"), None)
        detail = f" (record {first.record}: {first.reason})" if first else ""
        raise FileUnreadable(out.file, f"no usable news record among {out.records_seen}{detail}")


def record_to_item(record: dict[str, Any], source: str, *, file: str, where: str | None = None
                   ) -> tuple[NewsItem | None, list[Problem]]:
    """A structured record as a NewsItem; given RECORD_KEYS checked and kept in ``given``.

    A given value that cannot be read is dropped with a "flagged" problem (extraction then decides it);
    a record without title or body is refused.
    """
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    problems: list[Problem] = []

    def pick(keys: tuple[str, ...]) -> Any:
        return next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), None)

    title = _plain(str(pick(TITLE_KEYS) or ""))
    body_value = pick(BODY_KEYS)
    body = str(body_value) if body_value is not None else ""
    if _TAG.search(body):
        body = html_fragment_to_text(body)
    if not (title or body.strip()):
        problems.append(Problem(file, where, "title", "record has neither a title nor a body",
                                raw=_raw(record)))
        return None, problems
    given: dict[str, Any] = {}
    for key in RECORD_KEYS:
        if key in ("source", "title", "url") or lowered.get(key) is None:  # title and url: below
            continue
        try:
            given[key] = coerce_given(key, lowered[key])
        except ValueError as exc:
            problems.append(Problem(file, where, key, f"given value ignored: {exc}",
                                    raw=_raw(lowered[key]), severity="flagged"))
    url_value = pick(URL_KEYS)
    url = safe_url(str(url_value)) if url_value is not None else None
    if url_value is not None and url is None:
        problems.append(Problem(file, where, "url", "not an http(s) address; ignored",
                                raw=_raw(url_value), severity="flagged"))
        given.pop("url", None)
    published_value = pick(PUBLISHED_KEYS)
    published = parse_date(str(published_value)) if published_value is not None else None
    if published_value is not None and published is None:
        problems.append(Problem(file, where, "published", "not a date; ignored", raw=_raw(published_value),
                                severity="flagged"))
    if published and "published_date" not in given:
        given["published_date"] = published.isoformat()
    if title:
        given["title"] = title
    if url:
        given["url"] = url
    text = "\n".join(p for p in (title, body.strip()) if p)
    item = NewsItem(source=source, text=text, title=title or None, url=url, published=published,
                    given=given, synthetic=_truthy(lowered.get("synthetic")))
    return item, problems


def coerce_given(key: str, value: Any) -> Any:
    """A ready-made field in the type of the extraction contract; ValueError says why it cannot be."""
    if key == "is_activity":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True
        if text in ("false", "no", "0"):
            return False
        raise ValueError(f"{value!r} is not true or false")
    if key in LIST_KEYS:
        items = _as_list(value)
        if key in ("countries", "participant_countries"):
            return [_iso3(v) for v in items]
        return items
    if key in INT_KEYS:
        number = _as_int(value)
        if number < 0:
            raise ValueError(f"{value!r} is negative")
        return number
    if key in DATE_KEYS:
        date = parse_date(str(value))
        if date is None:
            raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")
        return date.isoformat()
    if key == "url":
        url = safe_url(str(value))
        if url is None:
            raise ValueError("not an http(s) address")
        return url
    if key == "activity_type":
        return _clean_line(str(value)).lower() or None
    return _plain(str(value)) or None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not a JSON array: {exc.msg}") from exc
        else:
            return [_clean_line(p) for p in re.split(r"[;|]", text) if p.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of names")
    return [_clean_line(v) for v in value if v.strip()]


def _as_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "")
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(float(text))
    raise ValueError(f"{value!r} is not a whole number")


def _iso3(name: str) -> str:
    from dashboard.model.countries import iso3_from_name

    code = iso3_from_name(name)
    if code is None:
        raise ValueError(f"unknown country {name!r}")
    return code


def _truthy(value: Any) -> bool:
    return value is True or str(value).strip().lower() in ("true", "yes", "1")


# --- small shared helpers ------------------------------------------------------------------------------

def parse_date(value: str | None) -> dt.date | None:
    """A date from ISO 8601 (date or date-time) or an RFC 822 feed date; None when it is not one."""
    if not value or not str(value).strip():
        return None
    text = str(value).strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return as_date(text)
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _clean_line(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


def _raw(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)[:2000]
    except (TypeError, ValueError, RecursionError):
        return repr(value)[:2000]


_READERS: dict[str, Callable[[str, bytes, str], NewsRead]] = {
    "text": _read_text, "html": _read_html, "feed": _read_feed, "json": _read_json, "jsonl": _read_jsonl,
    "csv": _read_csv,
}

