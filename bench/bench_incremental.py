"""Ingest at 100x (issue 14): a full ingest into an empty store, and adding one small file to the full store;
wall seconds and peak RSS, for the code before a change and after it, in one run.

    python -m bench.bench_incremental --portfolio DIR --news-file FILE --work DIR [--before DIR]
                                      [--repeat 3] [--full-repeat 1] [--skip-full]

For each code measured (``--before DIR``: the ``dashboard`` package found in DIR, e.g. from
``git archive main dashboard | tar -x -C DIR``; then this checkout's), every ingest runs as
``python -m dashboard ingest`` in a subprocess of its own, timed from outside, its peak RSS from ``wait4``:

- ``full``: every file of ``--portfolio`` into an empty store (``--full-repeat`` times; the last run's store
  is the one the cases below add to; ``--skip-full`` reuses ``WORK/store-<code>`` instead);
- ``news``: 20 news items held out of the portfolio (a fetched feed's or ReliefWeb's batch), added to a copy
  of that store;
- ``unchanged``: the same news file again on that copy (nothing to do but notice it);
- ``iati``: one small IATI file (two activities, a fetched dataset), added to a fresh copy.

Cases repeat ``--repeat`` times, alternating between the codes, and the medians are reported with every run's
figure and the 1-minute load average when each run started (the machine is shared: wall figures are upper
bounds; peak RSS does not depend on the load).

The portfolio is ``python -m dashboard synth --projects 10000 --events 100000 --transactions 1000000
--seed 20261128``; hold 20 lines of one news file out of it as ``--news-file``.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IATI_FILE = ROOT / "tests" / "fixtures" / "ingest" / "iom_two_activities.xml"
RESULTS = ROOT / "bench" / "results" / "incremental.md"
CASES = {"full": "full ingest of the portfolio into an empty store",
         "news": "add 20 news items",
         "unchanged": "the same news file again",
         "iati": "add one IATI file (2 activities)"}


@dataclass
class Run:
    seconds: float
    rss_mb: float
    exit_code: int
    load: float


@dataclass
class Runs:
    runs: list[Run] = field(default_factory=list)

    def cell(self) -> str:
        if not self.runs:
            return "| | |"
        seconds = statistics.median(r.seconds for r in self.runs)
        rss = statistics.median(r.rss_mb for r in self.runs)
        every = ", ".join(f"{r.seconds:.1f}" for r in self.runs)
        peaks = ", ".join(f"{r.rss_mb:.0f}" for r in self.runs)
        failed = [r.exit_code for r in self.runs if r.exit_code]
        mark = f" (exit {failed})" if failed else ""
        return f"| **{seconds:.1f}** ({every}){mark} | **{rss:.0f}** ({peaks}) |"

    def loads(self) -> str:
        return ", ".join(f"{r.load:.1f}" for r in self.runs)


def run_measured(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    """Wall seconds, the child's own peak RSS in MB, its exit code, and the load average at its start."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    return Run(seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), load)


def ingest(paths: list[Path], store: Path, code: Path | None) -> Run:
    env = dict(os.environ)
    if code is not None:  # "python -m" puts its working folder first on sys.path: run from the code's
        env["PYTHONPATH"] = str(code)
    return run_measured([sys.executable, "-m", "dashboard", "ingest", *map(str, paths), "--store", str(store),
                         "--json"], env, cwd=code or ROOT)


def copy_of(store: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix=f"{store.name}.bench-", dir=store.parent)) / "store"
    shutil.copytree(store, work)
    return work


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--portfolio", type=Path, required=True)
    parser.add_argument("--news-file", type=Path, required=True, help="the held-out news items (JSONL)")
    parser.add_argument("--work", type=Path, required=True, help="folder for the stores (one per code)")
    parser.add_argument("--before", type=Path, help="folder holding the dashboard package before the change")
    parser.add_argument("--after", type=Path, help="folder holding the dashboard package after the change "
                        "(default: this checkout's, which must then stay unchanged while the bench runs)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--full-repeat", type=int, default=1)
    parser.add_argument("--skip-full", action="store_true", help="reuse WORK/store-<code> as built before")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    portfolio, news_file, work = args.portfolio.resolve(), args.news_file.resolve(), args.work.resolve()
    codes: dict[str, Path | None] = {}
    if args.before:
        codes["before"] = args.before.resolve()
    codes["after"] = args.after.resolve() if args.after else None
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=ROOT).stdout.strip()  # of this checkout: name the measured code in --label
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    figures = {code: {case: Runs() for case in CASES} for code in codes}
    stores = {code: work / f"store-{code}" for code in codes}
    work.mkdir(parents=True, exist_ok=True)
    if not args.skip_full:
        for _ in range(args.full_repeat):
            for code, folder in codes.items():
                shutil.rmtree(stores[code], ignore_errors=True)
                figures[code]["full"].runs.append(ingest([portfolio], stores[code], folder))
                print(code, "full", figures[code]["full"].runs[-1], file=sys.stderr)
    for _ in range(args.repeat):
        for code, folder in codes.items():
            store = copy_of(stores[code])
            figures[code]["news"].runs.append(ingest([news_file], store, folder))
            figures[code]["unchanged"].runs.append(ingest([news_file], store, folder))
            shutil.rmtree(store.parent, ignore_errors=True)
            store = copy_of(stores[code])
            figures[code]["iati"].runs.append(ingest([IATI_FILE], store, folder))
            shutil.rmtree(store.parent, ignore_errors=True)
            print(code, {c: r.runs[-1] for c, r in figures[code].items() if r.runs}, file=sys.stderr)
    heads = " | ".join(f"{code} seconds | {code} peak RSS MB" for code in codes)
    lines = [f"## {args.label or 'before and after'} (commit {commit})", "",
             f"- run: {started} to {time.strftime('%H:%M UTC', time.gmtime())}; machine: {os.cpu_count()} "
             f"cores, {platform.machine()}, Python {platform.python_version()}, shared with other work",
             "- medians in bold, then every run in order; cases alternate between the codes; the load "
             "average (1 min) at the start of each run is listed per case",
             "", f"| case | {heads} | load averages |", "|---|" + "---:|---:|" * len(codes) + "---|"]
    for case, label in CASES.items():
        cells = "".join(figures[code][case].cell()[1:] if i else figures[code][case].cell()
                        for i, code in enumerate(codes))
        loads = "; ".join(f"{code}: {figures[code][case].loads()}" for code in codes)
        lines.append(f"| {label} {cells} {loads} |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Ingest at 100x (issue 14)\n\n"
    with open(RESULTS, "w", encoding="utf-8") as fh:
        title, _, rest = previous.partition("\n\n")
        fh.write(f"{title}\n\n{text}\n{rest}")  # newest first
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
