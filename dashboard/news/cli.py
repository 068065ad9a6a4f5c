"""``python -m dashboard extract FILE... [--format jsonl|csv]``: the activity record of every news item.

Output contract: one record per input item, exactly ``RECORD_KEYS`` in that order.
- jsonl (default): one JSON object per line; lists are JSON arrays, missing values ``null``. With
  ``--evidence`` each line also has ``evidence``: field -> {value, evidence (the span), confidence 0..1}.
- csv: a header row of RECORD_KEYS; list cells hold JSON arrays, booleans are ``true``/``false``, a missing
  value is an empty cell.
A file that cannot be read gets one line on stderr ("FILE: reason"); the other files are still printed and
the exit code is then 1. Records refused inside a readable file are reported on stderr the same way.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from dashboard.errors import DashboardError, FileUnreadable
from dashboard.i18n import _
from dashboard.news.item import LIST_KEYS, RECORD_KEYS


def extract_main(argv: list[str]) -> int:
    """Print the record of every item of every FILE; 1 when a file could not be read at all."""
    parser = argparse.ArgumentParser(prog="python -m dashboard extract",
                                     description="Print the activity record of each news item.")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="scraped text, HTML, RSS/Atom, or JSON/JSONL/CSV news records")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="output format")
    parser.add_argument("--evidence", action="store_true",
                        help="jsonl only: add an 'evidence' key, field -> value, source span and confidence")
    args = parser.parse_args(argv)
    if args.evidence and args.format != "jsonl":
        parser.error("--evidence needs --format jsonl")

    from dashboard.model.donors import DonorRegistry
    from dashboard.news.readers import read_news_file
    from dashboard.news.records import extract_item

    out, err = _utf8(sys.stdout), _utf8(sys.stderr)
    write = _csv_writer(out) if args.format == "csv" else _jsonl_writer(out, args.evidence)
    registry = DonorRegistry.from_reference()
    status = 0
    for file in args.files:
        try:
            read = read_news_file(Path(file), source_name=file)
        except FileUnreadable as exc:
            print(_one_line(f"{file}: {exc.reason}"), file=err)
            status = 1
            continue
        for problem in read.problems:
            print(_one_line(str(problem)), file=err)
        for item in read.items:
            try:
                record = extract_item(item, registry)
            except Exception as exc:  # report the item, keep printing the others
                reason = str(exc) if isinstance(exc, DashboardError) else f"{type(exc).__name__}: {exc}"
                print(_one_line(_("{source}: extraction failed: {reason}").format(source=item.source,
                                                                                   reason=reason)), file=err)
                continue
            write(record)
    out.flush()
    return status


def main(argv: list[str]) -> int:
    return extract_main(argv)


def _jsonl_writer(out: TextIO, evidence: bool = False) -> Any:
    def write(record: dict[str, Any]) -> None:
        row = {k: record.get(k) for k in RECORD_KEYS}
        if evidence:
            row["evidence"] = record.get("evidence") or {}
        out.write(json.dumps(row, ensure_ascii=False) + "\n")

    return write


def _csv_writer(out: TextIO) -> Any:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_KEYS)

    def cell(key: str, value: Any) -> str:
        if key in LIST_KEYS:
            return json.dumps(list(value or []), ensure_ascii=False)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def write(record: dict[str, Any]) -> None:
        writer.writerow([cell(k, record.get(k)) for k in RECORD_KEYS])

    return write


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _utf8(stream: TextIO) -> TextIO:
    """French and Spanish names print whatever the terminal's locale; odd streams are left as they are."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8")
    return stream


if __name__ == "__main__":
    sys.exit(extract_main(sys.argv[1:]))
