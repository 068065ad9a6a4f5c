"""Rebuild the bundled store ``data/store`` that the run command shows on a fresh machine.

One command: ``python scripts/build_bundled_data.py`` (reads ``../shared`` beside the checkout).

What goes in, all through the project's own generator and loaders (no file is copied into the repo):
- a synthetic IOM-shaped portfolio from ``python -m dashboard synth`` (fixed seed), every record of it
  marked synthetic and labelled "synthetic demo data" in the app;
- the one real IOM IATI activity among the shared samples;
- the project records stated on public IOM pages (``samples/projects/*.csv``);
- the labelled press releases (``corpus/news``, with the address each was published at, from its
  ``index.csv``) and the seed release, through the news extraction: the store keeps the extracted facts,
  headline and URL of each, never the article text.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SYNTH_ARGS = ["--projects", "100", "--events", "1000", "--seed", "20261128"]


def corpus_records(shared: Path, out_dir: Path) -> list[tuple[Path, str]]:
    """Each labelled release as a news record carrying the address it was published at.

    The scraped text holds no URL; ``corpus/news/index.csv`` does. Headline and body are split by the
    project's own boilerplate rule, exactly as for a .txt file, so extraction sees the same text.
    """
    from dashboard.news.boilerplate import split_scraped_text

    index = {row["id"]: row["url"] for row in csv.DictReader(
        (shared / "corpus" / "news" / "index.csv").read_text("utf-8").splitlines())}
    out_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for txt in sorted((shared / "corpus" / "news").glob("*.txt")):
        title, body = split_scraped_text(txt.read_text("utf-8"))
        record = {"title": title, "url": index.get(txt.stem), "body": body}
        path = out_dir / f"{txt.stem}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
        out.append((path, f"corpus/news/{txt.name}"))
    return out


def sources(shared: Path, synthetic_dir: Path, corpus_dir: Path) -> list[tuple[Path, str]]:
    """(path, recorded source name) of every bundled input; names are relative, never machine paths."""
    out: list[tuple[Path, str]] = [(synthetic_dir, "synthetic")]
    iom_sample = shared / "samples" / "iati" / "iom_XM-DAC-47066-DP.2154_diterator_2251362.xml"
    if iom_sample.exists():
        out.append((iom_sample, f"samples/iati/{iom_sample.name}"))
    for csv_file in sorted((shared / "samples" / "projects").glob("*.csv")):
        out.append((csv_file, f"samples/projects/{csv_file.name}"))
    out += corpus_records(shared, corpus_dir)
    out += [(txt, f"seed/{txt.name}") for txt in sorted((shared / "seed").glob("*.txt"))]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--store", type=Path, default=REPO / "data" / "store")
    args = parser.parse_args(argv)
    if not args.shared.exists():
        print(f"error: {args.shared} not found: the rebuild reads its corpus and samples", file=sys.stderr)
        return 1

    from dashboard.ingest import ingest_paths
    from dashboard.reviews import carry_reviews
    from dashboard.synth.cli import main as synth_main

    with tempfile.TemporaryDirectory() as tmp:
        synthetic_dir = Path(tmp) / "synthetic"
        if synth_main([*SYNTH_ARGS, "--out", str(synthetic_dir)]) != 0:
            return 1
        fresh = Path(tmp) / "store"
        summary = ingest_paths(sources(args.shared, synthetic_dir, Path(tmp) / "corpus"), fresh)
        for f in summary.files:
            if f.status != "loaded":
                print(f"{f.status}: {f.file} {f.reason or ''}", file=sys.stderr)
        if summary.exit_code:
            return summary.exit_code
        carry_reviews(args.store, fresh)  # a rebuild keeps every review recorded in the old store
        if args.store.exists():
            shutil.rmtree(args.store)
        shutil.copytree(fresh, args.store)
    counts = ", ".join(f"{n} {c}" for n, c in summary.tables.items() if c)
    print(f"rebuilt {args.store}: {counts}; {summary.quarantined} quarantined")
    return 0


if __name__ == "__main__":
    sys.exit(main())
