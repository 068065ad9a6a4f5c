"""Ingest end to end through the CLI: a mix of good and bad files, merge rules, idempotence, exit codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from dashboard.store import read_store, read_table

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def run_ingest(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dashboard", "ingest", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in ("iom_two_activities.xml", "projects.csv", "zimbabwe_training.txt", "picture.png",
                 "truncated.xml"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def test_mixed_folder_loads_good_files_and_names_bad_ones(mixed: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = run_ingest(mixed, "--store", store, "--json")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1, proc.stderr  # picture.png could not be read at all
    out = json.loads(proc.stdout)
    assert set(out) == {"files", "tables", "quarantined", "errors", "quarantined_files"}
    assert out["files"] == 5
    assert [e["file"].endswith("picture.png") for e in out["errors"]] == [True]
    acts = read_table(store, "activities").set_index("iati_identifier")
    # Both IATI activities, the two project-list rows and the activity before the truncation are kept.
    assert {"XM-DAC-47066-TEST-1", "XM-DAC-47066-TEST-2", "XM-DAC-47066-TRUNC-1"} <= set(acts.index)
    assert (acts["record_kind"] == "project_list").sum() == 2
    countries = read_table(store, "activity_countries")
    assert set(countries["iso3"]) >= {"NAM", "XKX", "TUN"}
    quarantine = read_table(store, "quarantine")
    files_in_q = set(quarantine["file"].str.rsplit("/", n=1).str[-1])
    assert {"picture.png", "truncated.xml", "projects.csv"} <= files_in_q  # Atlantis is no country
    assert out["quarantined"] == len(quarantine)
    events = read_table(store, "events")
    assert events["participants"].tolist() == [25]


def test_same_files_twice_change_nothing(mixed: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_ingest(mixed, "--store", store, "--json")
    first = read_store(store)
    proc = run_ingest(mixed, "--store", store, "--json")
    second = read_store(store)
    assert "Traceback" not in proc.stderr
    for name, frame in first.items():
        if name in ("sources", "quarantine"):  # loaded_at moves for the re-read unreadable file only
            frame, other = frame.drop(columns="loaded_at"), second[name].drop(columns="loaded_at")
        else:
            other = second[name]
        pd.testing.assert_frame_equal(frame, other, check_like=True, obj=name)


def test_newer_last_updated_replaces_the_activity_and_records_the_older(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run_ingest(FIXTURES / "iom_two_activities.xml", "--store", store).returncode == 0
    assert run_ingest(FIXTURES / "iom_update.xml", "--store", store).returncode == 0
    acts = read_table(store, "activities").set_index("iati_identifier")
    assert acts.loc["XM-DAC-47066-TEST-1", "title"].endswith("(revised)")
    assert acts.loc["XM-DAC-47066-TEST-1", "source_file"].endswith("iom_update.xml")
    tx = read_table(store, "transactions")
    test1 = tx[tx["iati_identifier"] == "XM-DAC-47066-TEST-1"]
    assert test1["value"].tolist() == [120000.0]  # the older file's transaction is gone, not added
    q = read_table(store, "quarantine")
    superseded = q[q["reason"].str.contains("superseded")]
    assert superseded["record"].tolist() == ["XM-DAC-47066-TEST-1"]
    assert superseded["file"].str.endswith("iom_two_activities.xml").all()


def test_donors_resolve_across_files_and_money_is_converted_with_its_date(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run_ingest(FIXTURES / "iom_two_activities.xml", "--store", store)
    tx = read_table(store, "transactions").set_index("iati_identifier")
    eur = tx.loc["XM-DAC-47066-TEST-1"]
    assert eur["currency"] == "EUR" and bool(eur["usd_converted"])
    assert eur["usd_rate_date"].year == 2023
    assert 100000 < eur["value_usd"] < 120000  # EUR was worth 1.08 USD on average in 2023
    usd = tx.loc["XM-DAC-47066-TEST-2"]
    assert usd["currency"] == "USD" and usd["value_usd"] == 250000 and not bool(usd["usd_converted"])
    donors = read_table(store, "activity_donors")
    assert set(donors["donor_id"]) == {"jpn", "eu"}


def test_locked_store_refuses_a_second_ingest_with_a_clear_message(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time
        from pathlib import Path
        from dashboard.store import store_lock
        with store_lock(Path({str(store)!r})):
            print("locked", flush=True)
            time.sleep(60)
    """)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        proc = run_ingest(FIXTURES / "iom_two_activities.xml", "--store", store)
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 1
    assert "another ingest is writing" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_human_summary_names_each_file(mixed: Path, tmp_path: Path) -> None:
    proc = run_ingest(mixed, "--store", tmp_path / "store")
    assert "unreadable" in proc.stdout and "picture.png" in proc.stdout
    assert "loaded" in proc.stdout and "iom_two_activities.xml" in proc.stdout
