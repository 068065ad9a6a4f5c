"""The ``extract`` command's output contract: one record per item, exactly RECORD_KEYS, in order."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from dashboard.news.cli import extract_main
from dashboard.news.item import LIST_KEYS, RECORD_KEYS

FIXTURES = Path(__file__).parent / "fixtures" / "news"
SHARED = Path(__file__).resolve().parents[2] / "shared"
CHECKOUT = Path(__file__).resolve().parents[1]


@pytest.fixture
def stand_in_extractor(monkeypatch):
    """A fixed extractor, so these tests check the command's contract and not the extraction rules."""
    def extract_record(item, registry):
        return {**{k: None for k in RECORD_KEYS}, "is_activity": True, "activity_type": "training",
                "countries": ["ZWE"], "participants": 30, "donors": ["European Union"], "title": "extracted",
                "source": "ignored"}

    module = types.ModuleType("dashboard.news.extract")
    module.extract_record = extract_record
    module.extract_with_evidence = lambda item, registry: (extract_record(item, registry), {})
    monkeypatch.setitem(sys.modules, "dashboard.news.extract", module)


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_jsonl_has_exactly_the_keys_in_order_with_nulls_and_arrays(stand_in_extractor, capsys):
    assert extract_main([str(FIXTURES / "records.json")]) == 0
    out, err = capsys.readouterr()
    records = _jsonl(out)
    assert len(records) == 2  # the third record has no text and is reported on stderr
    assert "record 3" in err and "neither a title nor a body" in err
    for record in records:
        assert list(record) == list(RECORD_KEYS)
        assert all(isinstance(record[k], list) for k in LIST_KEYS)
    lao = records[0]
    assert lao["participants"] == 32  # given by the record, wins over the extracted 30
    assert lao["donors"] == ["Government of Japan"]
    assert lao["title"] == "IOM trains 30 labour inspectors in Lao PDR"
    assert lao["published_date"] == "2019-03-12" and lao["start_date"] is None
    assert lao["source"].endswith("records.json#1")
    assert records[1]["participants"] == 30 and records[1]["url"] is None


def test_csv_output_lists_as_json_arrays_and_missing_as_empty_cells(stand_in_extractor, capsys):
    assert extract_main(["--format", "csv", str(FIXTURES / "records.csv")]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == list(RECORD_KEYS)
    spanish = dict(zip(rows[0], rows[1], strict=True))
    assert json.loads(spanish["themes"]) == ["consular and identity"]
    assert json.loads(spanish["countries"]) == ["ZWE"]
    assert spanish["is_activity"] == "true" and spanish["participants"] == "40"
    assert spanish["city"] == "" and spanish["participants_female"] == ""
    assert spanish["title"] == "Capacitación consular en Ciudad de Guatemala"
    assert len(rows) == 3


def test_unreadable_file_is_named_on_stderr_and_the_rest_still_prints(stand_in_extractor, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    status = extract_main([str(empty), str(FIXTURES / "feed.rss")])
    out, err = capsys.readouterr()
    assert status == 1
    assert len(_jsonl(out)) == 2
    [line] = err.strip().splitlines()
    assert line.startswith(f"{empty}: ") and "empty" in line


def _run_extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "extract", *args], cwd=CHECKOUT,
                          capture_output=True, text=True, timeout=120, encoding="utf-8")


def _shared_files() -> list[Path]:
    seed = SHARED / "seed" / "iom-zimbabwe-ibm-training.txt"
    corpus = SHARED / "corpus" / "news" / "001.txt"
    if not (seed.exists() and corpus.exists()):
        pytest.skip("shared seed and corpus absent")
    if importlib.util.find_spec("dashboard.news.extract") is None:
        pytest.skip("extraction rules not written yet")
    return [seed, corpus]


def test_subprocess_jsonl_on_the_seed_and_a_corpus_file():
    files = _shared_files()
    done = _run_extract(*map(str, files))
    assert done.returncode == 0, done.stderr
    records = _jsonl(done.stdout)
    assert len(records) == 2
    for record, file in zip(records, files, strict=True):
        assert list(record) == list(RECORD_KEYS)
        assert record["source"] == str(file)
        assert all(isinstance(record[k], list) for k in LIST_KEYS)
        assert isinstance(record["is_activity"], bool)
    assert records[0]["title"] == "IOM Helps Zimbabwe Enhance Integrated Border Management Capacity"


def test_subprocess_csv_and_a_bad_file(tmp_path):
    files = _shared_files()
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 4)
    done = _run_extract("--format", "csv", str(binary), *map(str, files))
    assert done.returncode == 1
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == list(RECORD_KEYS) and len(rows) == 3
    assert done.stderr.strip().startswith(f"{binary}: ") and "Traceback" not in done.stderr


def test_evidence_flag_adds_each_fields_span_and_confidence(capsys):
    text = FIXTURES / "records.json"
    assert extract_main(["--evidence", str(text)]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert records and all(list(r) == [*RECORD_KEYS, "evidence"] for r in records)
    assert any(r["evidence"] for r in records)
    for record in records:
        for field, found in record["evidence"].items():
            assert field in RECORD_KEYS and 0 <= found["confidence"] <= 1 and isinstance(found["value"], str)
    with pytest.raises(SystemExit):
        extract_main(["--evidence", "--format", "csv", str(text)])
