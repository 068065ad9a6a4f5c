"""Rule-support audit: every named extraction rule changes the record of at least three documents of the
tuning part of the corpus, or states why it is a general pattern of the language. A rule written for one
release is a defect (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.model.donors import DonorRegistry
from dashboard.news import evaluate, extract  # noqa: F401  (extract declares the rules)
from dashboard.news.rules import registry as rules

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
MIN_SUPPORT = 3


def test_switching_a_rule_off_is_scoped() -> None:
    name = next(iter(rules.RULES))
    with rules.switched_off(name):
        assert not rules.on(name)
    assert rules.on(name)
    with pytest.raises(KeyError), rules.switched_off("no such rule"):
        pass


@pytest.mark.slow
def test_every_rule_has_three_supporting_documents_or_a_stated_general_reason(
        capsys: pytest.CaptureFixture[str]) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the shared labelled corpus is not beside the checkout")
    support = evaluate.rule_support(evaluate.tuning_items(CORPUS), DonorRegistry.from_reference())
    with capsys.disabled():
        print("\nrule support (tuning part): " + ", ".join(f"{k} {len(v)}" for k, v in support.items()))
    weak = {name: ids for name, ids in support.items()
            if len(ids) < MIN_SUPPORT and not rules.RULES[name].general}
    assert not weak, f"rules supported by fewer than {MIN_SUPPORT} documents and not marked general: {weak}"
