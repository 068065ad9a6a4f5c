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

from dashboard.i18n import _, language_from_environment, set_language

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
    # Messages in English, French or Spanish: "--lang fr" before the command, else the POSIX locale.
    language = language_from_environment()
    if len(argv) >= 2 and argv[0] == "--lang":
        language, argv = argv[1], argv[2:]
    set_language(language)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in COMMANDS:
        width = max(map(len, COMMANDS))
        lines = [f"  {name.ljust(width)}  {help_}" for name, (_module, _func, help_) in COMMANDS.items()]
        print("usage: python -m dashboard [--lang en|fr|es] <command> [options]\n\ncommands:\n"
              + "\n".join(lines))
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    module, func, _func = COMMANDS[argv[0]]
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
        print(_("error: {reason}").format(reason=exc), file=sys.stderr)
        return 1
    if args.json:
        out = summary.as_json()
        out.pop("file_outcomes")
        print(json.dumps(out))
    else:
        for f in summary.files:
            detail = (_("{records} records, {quarantined} quarantined").format(
                records=f.records, quarantined=f.quarantined) if f.status == "loaded" else f.reason)
            print(f"{f.status:10} {f.kind:12} {f.file}" + (f"  ({detail})" if detail else ""))
        counts = ", ".join(f"{n} {c}" for n, c in summary.tables.items() if c)
        print(_("store {store}: {counts}").format(store=summary.store, counts=counts))
        print(_("{files} files in {seconds} s; {quarantined} quarantined; {unreadable} unreadable").format(
            files=len(summary.files), seconds=f"{summary.seconds:.1f}", quarantined=summary.quarantined,
            unreadable=len(summary.errors)))
        if summary.quarantined_files:
            print(_("files read with records quarantined (see the quarantine table):"))
            for q in summary.quarantined_files:
                print("  " + _("{file}: {count} quarantined, e.g. {reason}").format(
                    file=q['file'], count=q['quarantined'], reason=q['first_reasons'][0]))
    return summary.exit_code
