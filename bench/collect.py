"""Rewrite bench/README.md from the figures each benchmark wrote to bench/results/*.md.

Run after any benchmark: ``python bench/collect.py``. The README's text above the marker is kept.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = "<!-- figures below are written by bench/collect.py from bench/results/ -->"
ORDER = ["iati.md", "news.md", "scale.md"]


def main() -> None:
    readme = HERE / "README.md"
    head = readme.read_text("utf-8").split(MARKER)[0].rstrip() if readme.exists() else "# Benchmarks"
    results = sorted((HERE / "results").glob("*.md"), key=lambda p: (p.name not in ORDER,
                                                                     ORDER.index(p.name) if p.name in ORDER
                                                                     else 0, p.name))
    parts = [head, "", MARKER, ""]
    for path in results:
        text = path.read_text("utf-8").strip()
        # Each result file opens with its own "# Title"; nest it under the README's title.
        parts += [("#" + text) if text.startswith("# ") else text, ""]
    readme.write_text("\n".join(parts), "utf-8")
    print(f"wrote {readme} from {len(results)} result files")


if __name__ == "__main__":
    main()
