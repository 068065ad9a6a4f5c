"""News from where IOM publishes: RSS/Atom feeds (with each new item's page) and ReliefWeb's API v2.

Each run writes the new items of a source to one JSONL file of news records (title, url, published, body,
source), which ingest reads with the news loader like any other news file. Items already fetched are
remembered by id per source (see :class:`~dashboard.sources.state.FetchState`) and not fetched again.

Article text is taken from the item's page with trafilatura (made for finding the main text of a web page);
when the page cannot be fetched or has no main text, the feed's own summary is used and the item says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dashboard.sources.http import FetchError, Http
from dashboard.sources.state import Batch, FetchState, FetchSummary, SourceCheck, sources_dir, utc_now

RELIEFWEB_API = "https://api.reliefweb.int/v2"
RELIEFWEB_APPNAME_ENV = "RELIEFWEB_APPNAME"
RELIEFWEB_PAGE = 200
RELIEFWEB_MAX_PAGES = 50
MAX_ITEMS_PER_FEED = 500


def collect_feed(feed_url: str, store_dir: Path, state: FetchState, http: Http) -> Batch:
    """New items of one RSS/Atom feed, each with its page's article text, as one news file."""
    import feedparser

    source = f"feed:{feed_url}"
    batch = Batch(FetchSummary(source=source))
    check = SourceCheck(source, "feed", feed_url, utc_now())
    batch.checks.append(check)
    try:
        parsed = feedparser.parse(http.get_text(feed_url))  # bytes: feedparser fetches nothing itself
    except FetchError as exc:
        check.error = exc.reason
        batch.summary.failed.append({"dataset": feed_url, "reason": exc.reason})
        return batch
    if parsed.get("bozo") and not parsed.entries:
        check.error = f"not a readable RSS/Atom feed ({parsed.get('bozo_exception')})"
        batch.summary.failed.append({"dataset": feed_url, "reason": check.error})
        return batch
    seen = state.seen_ids(source)
    records, new_ids = [], []
    entries = list(parsed.entries)[:MAX_ITEMS_PER_FEED]
    batch.summary.datasets = len(entries)
    for entry in entries:
        link = entry.get("link")
        item_id = str(entry.get("id") or link or entry.get("title") or "")
        if not item_id or item_id in seen:
            batch.summary.unchanged.append(item_id)
            continue
        record = {"title": entry.get("title"), "url": link, "published": _feed_date(entry),
                  "body": None, "source": feed_url}
        if isinstance(link, str) and link.startswith(("http://", "https://")):
            try:
                article = article_from_html(http.get_text(link), link)
            except FetchError as exc:
                batch.summary.failed.append({"dataset": link, "reason": exc.reason})
                continue  # not remembered: tried again next run
            record["body"] = article.get("text")
            record["title"] = record["title"] or article.get("title")
            record["published"] = record["published"] or article.get("date")
        if not record["body"]:
            record["body"] = entry.get("summary")  # the feed's own text when the page has none
        if not (record["title"] or record["body"]):
            continue
        records.append(record)
        new_ids.append(item_id)
        batch.summary.downloaded.append(link or item_id)
    _add_news_file(batch, store_dir, "feeds", source, records, new_ids, check)
    return batch


def article_from_html(markup: bytes | str, url: str) -> dict[str, Any]:
    """Title, date and main text of an article page (trafilatura; nothing is fetched)."""
    import trafilatura

    html = markup.decode("utf-8", errors="replace") if isinstance(markup, bytes) else markup
    found = trafilatura.extract(html, url=url, output_format="json", with_metadata=True, favor_recall=True)
    if not found:
        return {}
    data = json.loads(found)
    return {"title": data.get("title"), "date": data.get("date"), "text": data.get("text")}


def reliefweb_appname(given: str | None) -> str | None:
    """The pre-approved ReliefWeb appname: the option, else the environment (never stored anywhere)."""
    return given or os.environ.get(RELIEFWEB_APPNAME_ENV) or None


def collect_reliefweb(source_name: str, appname: str, store_dir: Path, state: FetchState, http: Http, *,
                      since: dt.date | None = None, api_url: str = RELIEFWEB_API) -> Batch:
    """Reports of one ReliefWeb source (e.g. "IOM") not fetched before, with their body text."""
    source = f"reliefweb:{source_name}"
    endpoint = api_url.rstrip("/") + "/reports"
    batch = Batch(FetchSummary(source=source))
    check = SourceCheck(source, "reliefweb", endpoint, utc_now())  # the appname is not part of it
    batch.checks.append(check)
    seen = state.seen_ids(source)
    conditions: list[dict[str, Any]] = [{"field": "source.shortname", "value": source_name}]
    if since:
        conditions.append({"field": "date.created", "value": {"from": f"{since.isoformat()}T00:00:00+00:00"}})
    records, new_ids = [], []
    try:
        for row in _reliefweb_rows(http, endpoint, appname, conditions):
            batch.summary.datasets += 1
            item_id = str(row.get("id"))
            if item_id in seen:
                batch.summary.unchanged.append(item_id)
                continue
            fields = row.get("fields") or {}
            date = fields.get("date") or {}
            records.append({"title": fields.get("title"), "url": fields.get("url_alias") or fields.get("url"),
                            "published": date.get("original") or date.get("created"),
                            "body": fields.get("body"), "source": f"ReliefWeb report {item_id}"})
            new_ids.append(item_id)
            batch.summary.downloaded.append(item_id)
    except FetchError as exc:
        check.error = exc.reason.replace(appname, "<appname>")
        batch.summary.failed.append({"dataset": endpoint, "reason": check.error})
    _add_news_file(batch, store_dir, "reliefweb", source, records, new_ids, check)
    return batch


def _reliefweb_rows(http: Http, endpoint: str, appname: str,
                    conditions: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    query = {"filter": {"operator": "AND", "conditions": conditions},
             "fields": {"include": ["title", "body", "url", "url_alias", "date.original", "date.created",
                                    "source.shortname"]},
             "sort": ["date.created:desc"], "limit": RELIEFWEB_PAGE}
    for page in range(RELIEFWEB_MAX_PAGES):
        answer = http.get_json(endpoint, {"appname": appname},
                               json_body={**query, "offset": page * RELIEFWEB_PAGE})
        rows = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(rows, list):
            raise FetchError(endpoint, "the answer has no data list")
        yield from (r for r in rows if isinstance(r, dict) and r.get("id") is not None)
        total = answer.get("totalCount")
        if len(rows) < RELIEFWEB_PAGE or (isinstance(total, int) and (page + 1) * RELIEFWEB_PAGE >= total):
            return


def _add_news_file(batch: Batch, store_dir: Path, folder: str, source: str, records: list[dict[str, Any]],
                   new_ids: list[str], check: SourceCheck) -> None:
    if not records:
        return
    stamp = check.checked_at.strftime("%Y%m%dT%H%M%S")
    key = hashlib.sha1(source.encode("utf-8"), usedforsecurity=False).hexdigest()[:10]
    path = sources_dir(store_dir) / folder / f"{key}-{stamp}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    name = f"{source} fetched {stamp}"
    batch.files.append((path, name))
    batch.labels[name] = source
    batch.seen.append((name, source, new_ids))
    check.changed, check.file = True, name


def _feed_date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
