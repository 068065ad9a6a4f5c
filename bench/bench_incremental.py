"""Incremental ingest at 100x (issue 14): time and peak RSS of adding one small file to a large store.

    python -m bench.bench_incremental --portfolio DIR --store DIR [--build] [--code DIR]

``--build`` first ingests every file of ``--portfolio`` into a fresh ``--store`` (the full ingest, timed the
same way). Then each case adds one small file to a copy of that store, in a subprocess of its own, and
reports wall seconds and the subprocess's own peak RSS (``wait4``):

- ``news``: 20 news items held out of the portfolio (a fetched feed's or ReliefWeb's batch);
- ``iati``: one small IATI file (two activities, a fetched dataset);
- ``unchanged``: the same news file again (nothing to do but notice it).

``--code DIR`` runs the ``dashboard`` package found in DIR instead of this checkout's (to measure the code
before a change on the same store: ``git archive <commit> dashboard | tar -x -C DIR``).
The portfolio is ``python -m dashboard synth --projects 10000 --events 100000 --transactions 1000000``;
hold 20 lines of one news file out of it as the ``news`` case (``--news-file``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IATI_FILE = ROOT / "tests" / "fixtures" / "ingest" / "iom_two_activities.xml"
RESULTS = ROOT / "bench" / "results" / "incremental.md"


def run_measured(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float, int, str]:
    """Wall seconds, the child's own peak RSS in MB, its exit code and its stdout."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out.read().decode()


def ingest(paths: list[Path], store: Path, code: Path | None) -> tuple[float, float, int, str]:
    env = dict(os.environ)
    if code is not None:  # "python -m" puts its working folder first on sys.path: run from the code's
        env["PYTHONPATH"] = str(code)
    return run_measured([sys.executable, "-m", "dashboard", "ingest", *map(str, paths), "--store", str(store),
                         "--json"], env, cwd=code or ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portfolio", type=Path, required=True)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--news-file", type=Path, required=True, help="the held-out news items (JSONL)")
    parser.add_argument("--build", action="store_true", help="ingest the portfolio into a fresh store first")
    parser.add_argument("--code", type=Path, help="folder holding the dashboard package to measure")
    parser.add_argument("--label", default="this checkout")
    parser.add_argument("--only", choices=["news", "iati"], help="run one case only")
    args = parser.parse_args(argv)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [f"## {args.label}", "",
             f"- date: {when}; machine: {os.cpu_count()} cores, {platform.machine()}, "
             f"Python {platform.python_version()}; load average at start {os.getloadavg()[0]:.1f} "
             "(shared machine: wall figures are upper bounds)",
             "", "| case | seconds | peak RSS MB | exit |", "|---|---:|---:|---:|"]
    if args.build:
        shutil.rmtree(args.store, ignore_errors=True)
        s, rss, rc, _ = ingest([args.portfolio], args.store, args.code)
        lines.append(f"| full ingest of the portfolio into an empty store | {s:.1f} | {rss:.0f} | {rc} |")
    cases = {"news: 20 new items": [args.news_file], "iati: one file, 2 activities": [IATI_FILE]}
    if args.only:
        cases = {k: v for k, v in cases.items() if k.startswith(args.only)}
    for label, paths in cases.items():
        work = Path(tempfile.mkdtemp(prefix=f"{args.store.name}.bench-", dir=args.store.parent)) / "store"
        shutil.copytree(args.store, work)
        s, rss, rc, out = ingest(paths, work, args.code)
        lines.append(f"| {label} | {s:.1f} | {rss:.0f} | {rc} |")
        if label.startswith("news"):
            s, rss, rc, _ = ingest(paths, work, args.code)
            lines.append(f"| unchanged: the same news file again | {s:.1f} | {rss:.0f} | {rc} |")
        summary = json.loads(out) if out.strip().startswith("{") else {}
        print(label, summary.get("tables", {}).get("events"), file=sys.stderr)
        shutil.rmtree(work.parent, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists():
        RESULTS.write_text("# Incremental ingest at 100x (issue 14)\n\n"
                           "One subprocess per case, on a copy of one 100x store; peak RSS from wait4.\n\n",
                           "utf-8")
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
