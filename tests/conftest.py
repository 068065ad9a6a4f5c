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
    """Both parts' news extraction scores, whenever the corpus test ran (CI prints them every run)."""
    from test_news_evaluate import NEWS_SCORES

    table = config.stash.get(NEWS_SCORES, None)
    if table:
        terminalreporter.write_sep("-", "news extraction: tuning part vs held-out part")
        terminalreporter.write_line(table)
