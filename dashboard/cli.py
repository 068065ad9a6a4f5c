"""Command line: ``python -m dashboard <command> ...``.

Each command lives with the code it drives; this module only dispatches, importing lazily so that
``ingest`` does not pay for the news extractor and ``extract`` does not import the store.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

COMMANDS = {
    "ingest": ("dashboard.cli", "ingest_main", "load files into the store"),
    "extract": ("dashboard.news.cli", "extract_main", "print the activity record of each news item"),
    "evaluate": ("dashboard.cli", "evaluate_main", "score news extraction against labels or reviews"),
    "synth": ("dashboard.synth.cli", "main", "write a synthetic IOM-shaped portfolio"),
    "brief": ("dashboard.brief.cli", "main", "write a donor brief (PDF/HTML)"),
    "fetch": ("dashboard.sources.cli", "fetch_main", "fetch IATI (Registry), feeds or ReliefWeb and ingest"),
    "refresh": ("dashboard.sources.cli", "refresh_main", "fetch every configured source, then ingest"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        width = max(map(len, COMMANDS))
        lines = [f"  {name.ljust(width)}  {help_}" for name, (_, _, help_) in COMMANDS.items()]
        print("usage: python -m dashboard <command> [options]\n\ncommands:\n" + "\n".join(lines))
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module, func, _ = COMMANDS[argv[0]]
    return int(getattr(importlib.import_module(module), func)(argv[1:]) or 0)


def evaluate_main(argv: list[str]) -> int:
    """``evaluate --labels ...``: score against the labelled corpus; ``evaluate --reviews``: the reviews."""
    if "--reviews" in argv:
        from dashboard.review_scores import evaluate_reviews_main

        return evaluate_reviews_main(argv)
    from dashboard.news.evaluate import main

    return int(main(argv) or 0)


def ingest_main(argv: list[str]) -> int:
    from dashboard.errors import DashboardError
    from dashboard.ingest import DEFAULT_STORE, ingest_paths, print_progress

    parser = argparse.ArgumentParser(prog="python -m dashboard ingest",
                                     description="Load IATI XML, project lists and news into the store.")
    parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default data/store)")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary only")
    args = parser.parse_args(argv)
    show_progress = not args.json and sys.stderr.isatty()
    try:
        summary = ingest_paths(args.paths, args.store, progress=print_progress if show_progress else None)
    except DashboardError as exc:  # locked, damaged or unwritable store, a path that does not exist
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = summary.as_json()
        out.pop("file_outcomes")
        print(json.dumps(out))
    else:
        for f in summary.files:
            detail = f"{f.records} records, {f.quarantined} quarantined" if f.status == "loaded" else f.reason
            print(f"{f.status:10} {f.kind:12} {f.file}" + (f"  ({detail})" if detail else ""))
        counts = ", ".join(f"{n} {c}" for n, c in summary.tables.items() if c)
        print(f"store {summary.store}: {counts}")
        print(f"{len(summary.files)} files in {summary.seconds:.1f} s; {summary.quarantined} quarantined; "
              f"{len(summary.errors)} unreadable")
        if summary.quarantined_files:
            print("files read with records quarantined (see the quarantine table):")
            for q in summary.quarantined_files:
                print(f"  {q['file']}: {q['quarantined']} quarantined, e.g. {q['first_reasons'][0]}")
    return summary.exit_code
