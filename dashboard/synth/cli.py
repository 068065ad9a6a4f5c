"""``python -m dashboard synth``: write a synthetic IOM-shaped portfolio (IATI XML and news JSONL)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from dashboard.synth import iati_writer, news_writer
from dashboard.synth.portfolio import (
    Catalogue,
    Project,
    ProjectDetails,
    allocate_transactions,
    details,
    news_event,
    project,
    transaction_weight,
)

DEFAULT_TRANSACTIONS_PER_PROJECT = 40
DEFAULT_MAX_FILE_MB = 50.0


def _activities(cat: Catalogue, seed: int, counts: list[int]) -> Iterator[tuple[Project, ProjectDetails]]:
    for index, count in enumerate(counts):
        p = project(cat, seed, index)
        yield p, details(cat, seed, p, count)


def _records(cat: Catalogue, seed: int, events: int, projects: int) -> Iterator[dict]:
    for index in range(events):
        yield from news_writer.news_records(news_event(cat, seed, index, projects))


def _remove_previous_output(out: Path) -> None:
    """Delete files an earlier run wrote here, so a smaller run leaves no stale parts behind."""
    for pattern in ("synthetic-iati-*.xml", "synthetic-news-*.jsonl"):
        for path in out.glob(pattern):
            path.unlink()


def generate(out: Path, projects: int, events: int, seed: int, transactions: int | None = None,
             max_file_bytes: int = int(DEFAULT_MAX_FILE_MB * 1e6)) -> tuple[list[Path], list[Path]]:
    """Write the portfolio into ``out``; returns the IATI files and the news files written."""
    if projects < 1:
        raise ValueError("--projects must be at least 1")
    if events < 0:
        raise ValueError("--events must not be negative")
    out.mkdir(parents=True, exist_ok=True)
    _remove_previous_output(out)
    cat = Catalogue.build()
    total = transactions if transactions is not None else DEFAULT_TRANSACTIONS_PER_PROJECT * projects
    weights = [transaction_weight(project(cat, seed, i)) for i in range(projects)]
    counts = allocate_transactions(weights, total)
    xml_files = iati_writer.write_iati(_activities(cat, seed, counts), out, max_file_bytes)
    news_files = []
    if events:
        news_files = news_writer.write_news(_records(cat, seed, events, projects), out, max_file_bytes)
    return xml_files, news_files


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard synth",
        description="Write a synthetic IOM-shaped portfolio: IATI 2.03 activity XML and news records "
                    "(JSONL), every record marked as synthetic demo data. The same seed gives "
                    "byte-identical files.")
    parser.add_argument("--projects", type=int, required=True, help="number of IATI activities")
    parser.add_argument("--events", type=int, default=0, help="number of news events (a few are re-posted)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--transactions", type=int, default=None,
                        help=f"total transactions (default {DEFAULT_TRANSACTIONS_PER_PROJECT} per project)")
    parser.add_argument("--max-file-mb", type=float, default=DEFAULT_MAX_FILE_MB,
                        help="start a new file beyond this size (default 50)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        xml_files, news_files = generate(args.out, args.projects, args.events, args.seed, args.transactions,
                                         int(args.max_file_mb * 1e6))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    size = sum(p.stat().st_size for p in [*xml_files, *news_files]) / 1e6
    print(f"wrote {len(xml_files)} IATI file(s) and {len(news_files)} news file(s), {size:.1f} MB, "
          f"to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0
