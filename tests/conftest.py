"""Shared fixtures: the hand-built test store (see ``store_factory``) on disk and as a bundle."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_factory import write_test_store  # tests/ is on sys.path (pytest's rootdir-less test folder)

from dashboard.bundle_reader import read_bundle
from dashboard.transform.bundle import StoreBundle


@pytest.fixture(scope="session")
def test_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_test_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def test_bundle(test_store_dir: Path) -> StoreBundle:
    return read_bundle(test_store_dir)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """News extraction scores, whenever their tests ran (CI prints them every run): both parts of the
    shared corpus, and the project's own development and frozen sets."""
    from test_news_evaluate import NEWS_SCORES, OWN_SCORES

    table = config.stash.get(NEWS_SCORES, None)
    if table:
        terminalreporter.write_sep("-", "news extraction: tuning part vs held-out part")
        terminalreporter.write_line(table)
    own = config.stash.get(OWN_SCORES, None)
    if own:
        terminalreporter.write_sep("-", "news extraction: the project's development set vs its frozen set")
        terminalreporter.write_line(own)
