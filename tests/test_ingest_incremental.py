"""Incremental ingest: adding news to a store re-derives only the touched events, with the same result as a
full rebuild; tables a batch cannot change are carried over byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ingest import EVENT_TABLES, ingest_paths
from dashboard.store import read_table, table_path
from dashboard.synth.cli import generate

IATI_FIXTURE = Path(__file__).parent / "fixtures" / "ingest" / "iom_two_activities.xml"


@pytest.fixture(scope="module")
def news_parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Synthetic news (re-posts included) cut into a large first part and two small later ones."""
    out = tmp_path_factory.mktemp("synth")
    xml, news = generate(out, projects=20, events=300, seed=7)
    (out / "projects.xml").write_bytes(xml[0].read_bytes())
    lines = [line for path in news for line in path.read_text("utf-8").splitlines() if line.strip()]
    # Later parts hold items published among the first part's: their events must merge across files.
    cuts = [lines[i::17] for i in (3, 11)]
    later = {id(x) for part in cuts for x in part}
    first = [line for line in lines if id(line) not in later]
    parts = []
    for i, chunk in enumerate([first, *cuts]):
        path = out / f"part-{i}.jsonl"
        path.write_text("\n".join(chunk) + "\n", "utf-8")
        parts.append(path)
    return parts


def _canonical(store: Path, name: str) -> list[tuple]:
    frame = read_table(store, name).drop(columns=["source_file"], errors="ignore")
    return sorted(tuple(str(v) for v in row) for row in frame.itertuples(index=False))


def test_incremental_events_equal_a_full_rebuild(news_parts: list[Path], tmp_path: Path) -> None:
    stepwise, full = tmp_path / "stepwise", tmp_path / "full"
    for part in news_parts:
        ingest_paths([(part, part.name)], stepwise)
    ingest_paths([(p, p.name) for p in news_parts], full)
    events = read_table(full, "events")
    assert len(events) > 50 and (read_table(full, "event_sources").groupby("event_id").size() > 1).any()
    for name in (*EVENT_TABLES, "event_projects"):
        assert _canonical(stepwise, name) == _canonical(full, name), name
    flags = read_table(full, "quarantine")
    assert _canonical(stepwise, "quarantine") == _canonical(full, "quarantine") or len(flags) == 0


def test_news_file_leaves_activity_tables_untouched(news_parts: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest_paths([(IATI_FIXTURE, "iati.xml"), (news_parts[0], "part-0")], store)
    before = {n: table_path(store, n).read_bytes() for n in ("activities", "transactions", "budgets")}
    ingest_paths([(news_parts[1], "part-1")], store)
    after = {n: table_path(store, n).read_bytes() for n in before}
    assert before == after
    assert read_table(store, "activities")["iati_identifier"].nunique() == 2


def test_changed_item_replaces_its_event(news_parts: list[Path], tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingest_paths([(news_parts[0], "part-0")], store)
    records = [json.loads(line) for line in news_parts[0].read_text("utf-8").splitlines() if line.strip()]
    trained = next(r for r in records if r.get("participants"))
    changed = tmp_path / "fix.jsonl"
    changed.write_text(json.dumps({**trained, "participants": 4321}) + "\n", "utf-8")
    ingest_paths([(changed, "part-0-fix")], store)
    events = read_table(store, "events")
    sources = read_table(store, "event_sources")
    event_id = sources.loc[sources["url"] == trained["url"], "event_id"].iloc[0]
    assert len(sources[sources["url"] == trained["url"]]) == 1  # the item is replaced, not added
    assert 4321 in events.loc[events["event_id"] == event_id, "participants"].tolist() or \
        len(sources[sources["event_id"] == event_id]) > 1  # re-posts may outvote the new figure
    assert not pd.Series(events["event_id"]).duplicated().any()


def test_new_projects_relink_like_a_full_rebuild(news_parts: list[Path], tmp_path: Path) -> None:
    projects = news_parts[0].parent / "projects.xml"
    stepwise, full = tmp_path / "stepwise", tmp_path / "full"
    for part in news_parts:
        ingest_paths([(part, part.name)], stepwise)
    ingest_paths([(projects, "projects.xml")], stepwise)
    ingest_paths([(p, p.name) for p in [*news_parts, projects]], full)
    links = read_table(full, "event_projects")
    assert len(links) > 20  # synthetic releases name their projects and donors
    assert _canonical(stepwise, "event_projects") == _canonical(full, "event_projects")


def test_batched_derivation_and_linking_equal_one_batch(news_parts: list[Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A full derivation builds events a few groups at a time and links a few events at a time (to bound
    memory at scale): tiny batches give the same tables as one batch."""
    from dashboard import ingest_incremental

    files = [(p, p.name) for p in [*news_parts, news_parts[0].parent / "projects.xml"]]
    whole, batched = tmp_path / "whole", tmp_path / "batched"
    ingest_paths(files, whole)
    monkeypatch.setattr(ingest_incremental, "GROUPS_PER_BATCH", 7)
    monkeypatch.setattr(ingest_incremental, "EVENTS_PER_LINK_BATCH", 5)
    monkeypatch.setattr(ingest_incremental, "NEWS_BATCH_ROWS", 11)
    ingest_paths(files, batched)
    assert len(read_table(whole, "events")) > 7 * 5 and len(read_table(whole, "event_projects")) > 20
    for name in (*EVENT_TABLES, "event_projects", "news_items"):
        assert _canonical(batched, name) == _canonical(whole, name), name
    flags = [read_table(s, "quarantine").drop(columns="loaded_at").astype(str).values.tolist()
             for s in (whole, batched)]
    assert flags[0] == flags[1]
    # Rows come in the same order too (events by their grouping, links by event).
    order = [read_table(s, "events")["event_id"].tolist() for s in (whole, batched)]
    assert order[0] == order[1]
