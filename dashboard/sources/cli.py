"""``python -m dashboard fetch iati|feed|reliefweb ...`` and ``python -m dashboard refresh``.

Exit 0 when every source (dataset, feed, item page) was fetched or unchanged; 1 when any failed (the
others are still loaded); 2 on a usage error. ``--json`` prints one object per run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.errors import StoreLocked
from dashboard.sources.http import DEFAULT_TIMEOUT_S, Http
from dashboard.sources.iati_registry import DEFAULT_REGISTRY, collect_iati
from dashboard.sources.news_sources import (
    RELIEFWEB_API,
    RELIEFWEB_APPNAME_ENV,
    collect_feed,
    collect_reliefweb,
    reliefweb_appname,
)
from dashboard.sources.state import Batch, FetchState, FetchSummary, SourceCheck, ingest_batches, utc_now

DEFAULT_CONFIG_ENV = "DASHBOARD_SOURCES"


def _default_store() -> Path:
    from dashboard.ingest import DEFAULT_STORE

    return DEFAULT_STORE


def fetch_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard fetch",
                                     description="Fetch new or changed data from a source and ingest it.")
    sub = parser.add_subparsers(dest="source", required=True)
    iati = sub.add_parser("iati", help="a publisher's IATI files, listed by the IATI Registry")
    iati.add_argument("--publisher", required=True, help="Registry organisation name (IOM: iom)")
    iati.add_argument("--registry-url", default=DEFAULT_REGISTRY, help=f"default {DEFAULT_REGISTRY}")
    feed = sub.add_parser("feed", help="RSS/Atom feeds, with each new item's page")
    feed.add_argument("urls", nargs="+", help="feed addresses")
    rw = sub.add_parser("reliefweb", help="reports of one source on ReliefWeb (API v2)")
    rw.add_argument("--source", required=True, help="ReliefWeb source short name (IOM)")
    rw.add_argument("--appname", help="pre-approved appname (else $RELIEFWEB_APPNAME); never stored")
    rw.add_argument("--since", type=dt.date.fromisoformat, help="only reports created on or after YYYY-MM-DD")
    rw.add_argument("--api-url", default=RELIEFWEB_API, help=argparse.SUPPRESS)
    for p in (iati, feed, rw):
        p.add_argument("--store", type=Path, default=None, help="store folder (default data/store)")
        p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per request")
        p.add_argument("--json", action="store_true", help="print a machine-readable summary only")
    args = parser.parse_args(argv)
    store = args.store or _default_store()
    progress = _progress_bar if not args.json and sys.stderr.isatty() else None

    def collect(state: FetchState, http: Http) -> list[Batch]:
        if args.source == "iati":
            return [collect_iati(args.publisher, store, state, http, registry_url=args.registry_url,
                                 progress=progress)]
        if args.source == "feed":
            return [collect_feed(url, store, state, http) for url in args.urls]
        appname = reliefweb_appname(args.appname)
        if not appname:
            raise _UsageError("ReliefWeb needs an appname: --appname NAME or $RELIEFWEB_APPNAME")
        return [collect_reliefweb(args.source, appname, store, state, http, since=args.since,
                                  api_url=args.api_url)]

    return _run(collect, store, args.timeout, args.json)


def refresh_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard refresh",
        description="Fetch every source named in the config file, then ingest once, incrementally.")
    parser.add_argument("--config", type=Path, default=None,
                        help=f"TOML file of sources (default ${DEFAULT_CONFIG_ENV}, else data/sources.toml)")
    parser.add_argument("--store", type=Path, default=None, help="store folder (default data/store)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="seconds per request")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary only")
    args = parser.parse_args(argv)
    config_path = args.config or Path(os.environ.get(DEFAULT_CONFIG_ENV) or
                                      Path(__file__).resolve().parents[2] / "data" / "sources.toml")
    try:
        sources = read_config(config_path)
    except (OSError, ValueError) as exc:
        print(f"error: config {config_path}: {exc}", file=sys.stderr)
        return 2
    store = args.store or _default_store()

    def collect(state: FetchState, http: Http) -> list[Batch]:
        return [b for entry in sources for b in _collect_entry(entry, store, state, http)]

    return _run(collect, store, args.timeout, args.json)


def read_config(path: Path) -> list[dict[str, Any]]:
    """The ``[[source]]`` entries of a refresh config; raises ValueError naming what is wrong."""
    data = tomllib.loads(Path(path).read_text("utf-8"))
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise ValueError("no [[source]] entries")
    for i, entry in enumerate(entries, 1):
        kind = entry.get("kind")
        needs = {"iati": ("publisher",), "feed": ("urls",), "reliefweb": ("source",)}.get(kind)
        if needs is None:
            raise ValueError(f"source {i}: kind must be iati, feed or reliefweb (got {kind!r})")
        missing = [k for k in needs if not entry.get(k)]
        if missing:
            raise ValueError(f"source {i} ({kind}): missing {', '.join(missing)}")
    return entries


def _collect_entry(entry: dict[str, Any], store: Path, state: FetchState, http: Http) -> list[Batch]:
    kind = entry["kind"]
    if kind == "iati":
        return [collect_iati(entry["publisher"], store, state, http,
                             registry_url=entry.get("registry_url") or DEFAULT_REGISTRY)]
    if kind == "feed":
        return [collect_feed(url, store, state, http) for url in entry["urls"]]
    # Keys come from the environment only: the config names the variable, never the value.
    variable = entry.get("appname_env") or RELIEFWEB_APPNAME_ENV
    appname = os.environ.get(variable)
    if not appname:  # this source fails; the others still run
        source = f"reliefweb:{entry['source']}"
        reason = f"no appname: set ${variable}"
        batch = Batch(FetchSummary(source=source, failed=[{"dataset": source, "reason": reason}]))
        batch.checks.append(SourceCheck(source, "reliefweb", None, utc_now(), error=reason))
        return [batch]
    since = dt.date.fromisoformat(str(entry["since"])) if entry.get("since") else None
    return [collect_reliefweb(entry["source"], appname, store, state, http, since=since,
                              api_url=entry.get("api_url") or RELIEFWEB_API)]


class _UsageError(Exception):
    pass


def _run(collect: Callable[[FetchState, Http], list[Batch]], store: Path, timeout: float,
         as_json: bool) -> int:
    state = FetchState.load(store)
    try:
        with Http(timeout_s=timeout) as http:
            batches = collect(state, http)
        ingest_batches(batches, store, state)
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StoreLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summaries = [b.summary for b in batches]
    if as_json:
        if len(summaries) == 1:
            print(json.dumps(summaries[0].as_json()))
        else:
            print(json.dumps({"sources": [s.as_json() for s in summaries],
                              "failed": [f for s in summaries for f in s.failed]}))
    else:
        for s in summaries:
            print(f"{s.source}: {s.datasets} listed, {len(s.downloaded)} downloaded, "
                  f"{len(s.unchanged)} unchanged, {len(s.failed)} failed")
            for failure in s.failed:
                print(f"  failed {failure['dataset']}: {failure['reason']}")
    return 1 if any(s.failed for s in summaries) else 0


def _progress_bar(done: int, total: int, name: str) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:40}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
