"""Benchmark: press releases extracted per second on one core (issue 3 asks for 200 or more).

Two document sets, each run ``--repeat`` times in this process, pinned to one CPU:

- ``corpus``: the labelled releases (``../shared/corpus/news/*.txt``, read and split as ``evaluate`` does);
- ``synthetic``: ``--synthetic`` documents (1,000 by default) made by recombining the corpus's sentences
  under its headlines, so lengths and vocabulary match real releases while no two documents are alike.

Each run times ``extract_record`` over the whole set; docs/s is taken from the process's CPU time (what one
core delivers, whatever else the machine runs) and, for reference, from wall time. The one-off loading of
the reference data (GeoNames cities, country names, demonyms, donor names) happens before the runs and is
reported on its own. Results go to ``bench/results/news.md`` with the machine and date.

Run: python bench/bench_news.py [--repeat 5] [--synthetic 1000] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from dashboard.model.donors import DonorRegistry  # noqa: E402
from dashboard.news.boilerplate import split_scraped_text  # noqa: E402
from dashboard.news.evaluate import read_text_item  # noqa: E402
from dashboard.news.extract import extract_record  # noqa: E402
from dashboard.news.item import NewsItem  # noqa: E402

RESULTS = HERE / "results" / "news.md"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "news"
FALLBACK_CORPUS = ROOT / "tests" / "fixtures" / "news_text"
TARGET_DOCS_PER_SECOND = 200


def corpus_items(folder: Path) -> list[NewsItem]:
    return [read_text_item(path) for path in sorted(folder.glob("*.txt"))]


def synthetic_items(items: list[NewsItem], count: int, seed: int = 3) -> list[NewsItem]:
    """``count`` releases recombined from the corpus: a headline, a dateline sentence and 4-12 body
    sentences drawn from different releases."""
    rng = random.Random(seed)
    headlines: list[str] = []
    openings: list[str] = []
    sentences: list[str] = []
    for item in items:
        headline, body = split_scraped_text(item.text)
        if headline:
            headlines.append(headline)
        parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", body) if len(p.strip()) > 30]
        if parts:
            openings.append(parts[0])
            sentences.extend(parts[1:])
    if not (headlines and openings and sentences):
        raise SystemExit("not enough text to recombine")
    out = []
    for n in range(count):
        picked = rng.sample(sentences, k=min(len(sentences), rng.randint(4, 12)))
        body = " ".join([rng.choice(openings), *picked])
        out.append(NewsItem(source=f"synthetic-{n:04d}", text=f"{rng.choice(headlines)}\n{body}",
                            synthetic=True))
    return out


def run(items: list[NewsItem], registry: DonorRegistry, repeat: int) -> dict[str, float]:
    cpu_rates, wall_rates = [], []
    for _ in range(repeat):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        for item in items:
            extract_record(item, registry)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        cpu_rates.append(len(items) / cpu)
        wall_rates.append(len(items) / wall)
    return {"docs": len(items), "cpu_median": statistics.median(cpu_rates), "cpu_min": min(cpu_rates),
            "wall_median": statistics.median(wall_rates)}


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (f"{model}; {os.cpu_count()} cores; Python {platform.python_version()} on {platform.system()}; "
            f"load average at the start {load}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--no-write", action="store_true", help="print only, do not write the results file")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as the target says
    corpus = args.corpus if args.corpus.exists() else FALLBACK_CORPUS
    where = machine()
    items = corpus_items(corpus)
    registry = DonorRegistry.from_reference()
    t0 = time.perf_counter()
    extract_record(items[0], registry)  # loads the reference data once
    warmup = time.perf_counter() - t0
    synthetic = synthetic_items(items, args.synthetic)
    results = {"corpus": run(items, registry, args.repeat),
               "synthetic": run(synthetic, registry, args.repeat)}
    rows = [f"| {name} | {r['docs']:,} | {r['cpu_median']:.0f} | {r['cpu_min']:.0f} | "
            f"{r['wall_median']:.0f} | {'yes' if r['cpu_median'] >= TARGET_DOCS_PER_SECOND else 'NO'} |"
            for name, r in results.items()]
    report = "\n".join([
        "# News extraction speed",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with `python bench/bench_news.py "
        f"--repeat {args.repeat} --synthetic {args.synthetic}`, pinned to one core.",
        f"Machine: {where}.",
        f"Documents: `{corpus.name}` ({len(items)} releases) and {args.synthetic:,} synthetic releases "
        "recombined from their sentences.",
        "",
        f"| set | documents | docs/s (CPU, median of {args.repeat}) | docs/s (CPU, slowest run) | "
        f"docs/s (wall, median) | >= {TARGET_DOCS_PER_SECOND} |",
        "|---|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"One-off start-up (GeoNames cities, country names, demonyms, donor names): {warmup:.1f} s wall, "
        "paid once per process before the first release.",
        "",
        "CPU-time rates are what one core delivers; wall-time rates also count time the shared machine gave "
        "to other processes.",
        "",
    ])
    print(report)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
