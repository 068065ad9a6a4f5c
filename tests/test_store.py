"""The store: contract on write, atomic replacement under a kill, one writer at a time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from dashboard.errors import StoreLocked
from dashboard.model.schemas import TABLES, SchemaError
from dashboard.store import read_manifest, read_table, store_lock, store_version, write_store

REPO = Path(__file__).resolve().parents[1]


def _activities(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"iati_identifier": ids, "source_file": ["f.xml"] * len(ids),
                         "humanitarian": [True] * len(ids)})


def test_write_then_read_round_trips_every_table(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with store_lock(store):
        write_store({"activities": _activities(["A", "B"])}, store)
    assert sorted(p.stem for p in store.glob("*.parquet")) == sorted(TABLES)
    acts = read_table(store, "activities")
    assert list(acts["iati_identifier"]) == ["A", "B"]
    assert str(acts["humanitarian"].dtype) == "boolean"
    assert read_manifest(store)["tables"]["activities"] == 2
    assert read_table(store, "events").empty


def test_namibia_code_survives_the_round_trip(tmp_path: Path) -> None:
    store = tmp_path / "store"
    frame = pd.DataFrame({"iati_identifier": ["A"], "iso3": ["NAM"], "percentage": [100.0]})
    regions = pd.DataFrame({"iati_identifier": ["A"], "region_code": ["NA"]})
    with store_lock(store):
        write_store({"activity_countries": frame, "activity_regions": regions}, store)
    assert read_table(store, "activity_regions")["region_code"].tolist() == ["NA"]


def test_version_changes_on_every_write(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with store_lock(store):
        write_store({"activities": _activities(["A"])}, store)
        first = store_version(store)
        write_store({"activities": _activities(["A"])}, store)
    assert store_version(store) != first


def test_a_frame_breaking_the_contract_is_refused_and_the_store_kept(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with store_lock(store):
        write_store({"activities": _activities(["A"])}, store)
        bad = pd.DataFrame({"iati_identifier": [None], "source_file": ["f"]})
        with pytest.raises(SchemaError, match="iati_identifier"):
            write_store({"activities": bad}, store)
    assert read_table(store, "activities")["iati_identifier"].tolist() == ["A"]
    assert not list(tmp_path.glob("store.new-*"))


def test_second_writer_gets_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from pathlib import Path
            from dashboard.store import store_lock
            with store_lock(Path({str(store)!r})):
                print("locked", flush=True)
                time.sleep(30)
        """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreLocked, match="another ingest is writing"), store_lock(store):
            pass
    finally:
        holder.kill()
        holder.wait()
    with store_lock(store):  # released when the holder dies
        pass


def test_kill_during_write_leaves_previous_store_readable_and_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with store_lock(store):
        write_store({"activities": _activities(["OLD"])}, store)
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    # A writer of a large store, killed while it writes its staging folder.
    writer = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            from pathlib import Path
            import pandas as pd
            from dashboard.store import store_lock, write_store
            n = 3_000_000
            acts = pd.DataFrame({{"iati_identifier": [f"NEW-{{i}}" for i in range(n)],
                                 "source_file": ["big.xml"] * n, "title": ["t" * 40] * n}})
            with store_lock(Path({str(store)!r})):
                print("writing", flush=True)
                write_store({{"activities": acts}}, Path({str(store)!r}))
        """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob("store.new-*/*.parquet")):
        time.sleep(0.01)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before
    assert read_table(store, "activities")["iati_identifier"].tolist() == ["OLD"]
    with store_lock(store):  # the next writer clears the dead writer's staging folder
        pass
    assert not list(tmp_path.glob("store.new-*"))


@pytest.mark.parametrize("table", [name for name, spec in TABLES.items() if spec.key])
def test_a_repeated_key_is_refused_by_the_contract(table: str) -> None:
    """Every declared key is checked: two rows with one key, whatever the table, fail with both named."""
    from dashboard.model.schemas import check_key, duplicate_keys, empty

    spec = TABLES[table]
    row = {c: ("2024-01-01" if spec.columns[c].startswith("datetime") else
               True if spec.columns[c] == "boolean" else 1.0 if spec.columns[c].startswith("Float") else "x")
           for c in spec.columns}
    other = {**row, **{c: "y" for c in spec.key}}
    frame = pd.concat([empty(table), pd.DataFrame([row, other, row])], ignore_index=True)
    assert list(duplicate_keys(frame, table).index) == [0, 2]
    with pytest.raises(SchemaError, match="share their key"):
        check_key(frame, table)
    check_key(frame.iloc[:2], table)  # one row per key passes


def test_the_store_is_never_written_with_a_repeated_key(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with store_lock(store):
        write_store({"activities": _activities(["A"])}, store)
        with pytest.raises(SchemaError, match="activities: 2 rows share their key"):
            write_store({"activities": _activities(["A", "B", "A"])}, store)
    assert list(read_table(store, "activities")["iati_identifier"]) == ["A"]  # the store is left as it was
