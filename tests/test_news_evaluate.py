"""The evaluation command: its scoring arithmetic, its CLI, and the labelled corpus against the targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.news import evaluate

FIXTURES = Path(__file__).parent / "fixtures" / "news_text"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
NEWS_SCORES = pytest.StashKey[str]()
OWN_SCORES = pytest.StashKey[str]()
# The project's own labelled sets, releases rewritten in our words from real ones (see their README).
OWN_SETS = Path(__file__).parent / "fixtures" / "news_eval"
# Regression guards on the part the rules are tuned on (a little under what it scores today).
# A little under today's tuning scores, so a change that loses ground on the tuning part fails (raised only).
TUNING_FLOORS = {"is_activity": 0.95, "activity_type": 0.90, "countries": 0.85, "donors": 0.85,
                 "themes": 0.76, "audience": 0.78, "participants": 0.90, "participants_precision": 0.95,
                 "duration_days": 0.82, "start_date": 0.85}


def _scores(predictions: dict, labels: dict) -> dict[str, float]:
    return {s.field: s.score for s in evaluate.score(predictions, labels)}


def test_balanced_accuracy_weighs_both_classes_equally() -> None:
    labels = {"a": {"is_activity": True}, "b": {"is_activity": True}, "c": {"is_activity": False}}
    predictions = {"a": {"is_activity": True}, "b": {"is_activity": True}, "c": {"is_activity": True}}
    assert _scores(predictions, labels)["is_activity"] == pytest.approx(0.5)


def test_type_accuracy_counts_labelled_activities_only() -> None:
    labels = {"a": {"is_activity": True, "activity_type": "training"},
              "b": {"is_activity": True, "activity_type": "workshop"},
              "c": {"is_activity": False, "activity_type": None}}
    predictions = {"a": {"activity_type": "training"}, "b": {"activity_type": "training"},
                   "c": {"activity_type": "meeting"}}
    assert _scores(predictions, labels)["activity_type"] == pytest.approx(0.5)


def test_set_f1_is_pooled_over_items_and_donors_are_canonical() -> None:
    labels = {"a": {"countries": ["KEN", "TZA"], "donors": ["European Union"]},
              "b": {"countries": [], "donors": ["Government of Japan"]}}
    predictions = {"a": {"countries": ["KEN"], "donors": ["EU"]},
                   "b": {"countries": ["UGA"], "donors": ["Japan"]}}
    scores = _scores(predictions, labels)
    assert scores["countries"] == pytest.approx(2 * 1 / (2 * 1 + 1 + 1))  # tp 1, fp 1, fn 1
    assert scores["donors"] == pytest.approx(1.0)


def test_value_f1_counts_exact_values_and_a_wrong_one_twice() -> None:
    labels = {"a": {"participants": 26}, "b": {"participants": None}, "c": {"participants": 10},
              "d": {"participants": 5}}
    predictions = {"a": {"participants": 26}, "b": {"participants": 12}, "c": {"participants": None},
                   "d": {"participants": 6}}
    # tp 1 (a); fp 2 (b, d); fn 2 (c, d)
    assert _scores(predictions, labels)["participants"] == pytest.approx(2 / (2 + 2 + 2))


def test_only_shared_ids_count() -> None:
    scores = _scores({"x": {"participants": 3}}, {"y": {"participants": 3}})
    assert scores["participants"] == 1.0  # nothing to compare: no error either way


def test_cli_scores_fixture_files(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in FIXTURES.glob("*.txt"))
    code = evaluate.main(["--labels", str(FIXTURES / "labels.jsonl"), *files, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["is_activity"] == 1.0 and out["participants"] == 1.0 and out["donors"] == 1.0
    assert out["themes"] == pytest.approx(1.0)  # all three labelled themes found, none wrong


def test_cli_scores_another_labelled_set_as_one(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in FIXTURES.glob("*.txt"))
    code = evaluate.main(["--labels", str(FIXTURES / "labels.jsonl"), *files, "--whole", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and "held_out" not in out
    assert out["is_activity"] == 1.0 and out["participants"] == 1.0
    assert evaluate.main(["--labels", str(FIXTURES / "labels.jsonl"), *files, "--whole"]) == 0
    assert "scored as one set" in capsys.readouterr().out


def test_cli_refuses_files_without_labels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "other", "is_activity": false}\n', encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("Headline\nBody.", encoding="utf-8")
    assert evaluate.main(["--labels", str(labels), str(page)]) == 2
    assert "no file matches" in capsys.readouterr().err


def test_cli_names_a_broken_label_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "a"}\nnot json\n', encoding="utf-8")
    assert evaluate.main(["--labels", str(labels), str(tmp_path / "a.txt")]) == 2
    assert "line 2" in capsys.readouterr().err


def test_held_out_split_is_a_third_of_each_language_and_depends_only_on_ids() -> None:
    languages = {f"{n:03d}": ("en" if n % 5 else "fr") for n in range(60)}
    held = evaluate.held_out_ids(languages)
    for lang in ("en", "fr"):
        ids = [i for i, v in languages.items() if v == lang]
        assert len([i for i in ids if i in held]) == len(ids) // 3
    assert evaluate.held_out_ids(dict(reversed(list(languages.items())))) == held  # order-free
    assert evaluate.held_out_ids(languages, seed="other") != held


def test_language_of_tells_english_french_and_spanish_apart() -> None:
    assert evaluate.language_of("The training of the officers was held with the ministry.") == "en"
    assert evaluate.language_of("La formation des agents a été organisée avec le ministère.") == "fr"
    assert evaluate.language_of("La capacitación de los agentes fue organizada con el ministerio.") == "es"


@pytest.mark.slow
def test_corpus_scores_both_parts(request: pytest.FixtureRequest) -> None:
    """Prints the tuning and held-out scores (the terminal summary shows them). The floors on the tuning
    part are regression guards, not evidence: the held-out part is the estimate on unseen releases."""
    if not (CORPUS / "labels.jsonl").exists():
        pytest.skip("the shared labelled corpus is not beside the checkout")
    labels = evaluate.read_labels(CORPUS / "labels.jsonl")
    files = sorted(p for p in CORPUS.glob("*.txt") if p.stem in labels)
    registry = evaluate.DonorRegistry.from_reference()
    languages: dict[str, str] = {}
    predictions = evaluate.predict_files(files, registry, languages)
    parts = evaluate.score_parts(predictions, labels, languages, registry)
    request.config.stash[NEWS_SCORES] = evaluate.format_parts(parts)
    tuning = {s.field: s.score for s in parts["tuning"]}
    below = {f: round(tuning[f], 3) for f, floor in TUNING_FLOORS.items() if tuning[f] < floor}
    assert not below, f"tuning part below its regression floor: {below}"


def test_cli_reads_structured_records_through_the_news_readers(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    record = {"title": "Border Officials Trained", "url": "https://example.org/n/1",
              "published": "2023-05-06",
              "body": "Lusaka – IOM trained 20 border officials on 2 May 2023 in a one-day course funded by "
                      "the European Union."}
    (tmp_path / "lusaka.json").write_text(json.dumps(record), encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"id": "lusaka", "is_activity": True, "activity_type": "training",
                                  "countries": ["ZMB"], "donors": ["European Union"], "themes": [],
                                  "participants": 20, "duration_days": 1, "start_date": "2023-05-02"}) + "\n",
                      encoding="utf-8")
    assert evaluate.main(["--labels", str(labels), str(tmp_path / "lusaka.json"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["countries"] == 1.0 and out["participants"] == 1.0 and out["start_date"] == 1.0


@pytest.mark.slow
def test_own_labelled_sets_are_scored(request: pytest.FixtureRequest) -> None:
    """Prints the scores of the frozen set (never read to write rules: the estimate on unseen releases)
    and of the development set (whose errors are read). Both are in the repository, so this runs
    everywhere; it asserts only that every text has its label and every label its text."""
    registry = evaluate.DonorRegistry.from_reference()
    columns = {}
    for name in ("development", "frozen"):
        folder = OWN_SETS / name
        if not (folder / "labels.jsonl").exists():
            continue
        labels = evaluate.read_labels(folder / "labels.jsonl")
        files = sorted(folder.glob("*.txt"))
        assert {p.stem for p in files} == set(labels), f"{name}: texts and labels differ"
        predictions = evaluate.predict_files(files, registry, {})
        columns[f"{name} ({len(files)})"] = evaluate.score(predictions, labels, registry)
    assert columns, "no labelled set of the project's own"
    request.config.stash[OWN_SCORES] = evaluate.format_columns(columns)
