"""Two clearly fake press releases and a store ingested from them (the review tests' data)."""

from __future__ import annotations

from pathlib import Path

from dashboard.ingest import ingest_paths

# A big training that names a donor, and a small one.
RELEASES = {
    "kenya.txt": "TEST IOM Trains 140 Police Officers on Counter-Trafficking in Kenya\nNairobi, Kenya – "
                 "IOM trained 140 police officers, 60 of them women, on identifying victims of trafficking "
                 "during a three-day workshop from 5 to 7 March 2023, with funding from the United States "
                 "Department of State.\n",
    "zimbabwe.txt": "TEST IOM Trains 25 Border Officials in Zimbabwe\nHarare, Zimbabwe – IOM organized a "
                    "two-day training on integrated border management for 25 immigration officials from 1 to "
                    "2 November 2022, funded by the European Union.\n",
}


def ingest_releases(base: Path) -> tuple[Path, Path]:
    """Write the releases under ``base/news`` and ingest them into ``base/store``; returns both folders."""
    news = base / "news"
    news.mkdir(parents=True)
    for name, text in RELEASES.items():
        (news / name).write_text(text, "utf-8")
    summary = ingest_paths([news], base / "store")
    assert summary.exit_code == 0, summary.errors
    return news, base / "store"


def touch_release(news: Path, name: str = "kenya.txt") -> None:
    """Change one release (a follow-up line), so the next ingest reads it again and re-derives the events."""
    (news / name).write_text(RELEASES[name] + "A follow-up session is planned in Mombasa.\n", "utf-8")
