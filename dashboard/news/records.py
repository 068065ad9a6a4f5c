"""One news item -> its record as the store and the ``extract`` command take it: the extracted fields,
the input's own fields first, plus the fields' evidence. Imports neither pandas nor the rules up front."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dashboard.news.item import RECORD_KEYS, NewsItem, record_value

if TYPE_CHECKING:
    from dashboard.model.donors import DonorRegistry


def extract_item(item: NewsItem, registry: DonorRegistry) -> dict[str, Any]:
    """The extraction record of one item: RECORD_KEYS, given fields taking precedence, plus ``evidence``
    (field -> value, evidence span, confidence) that ingest stores in ``event_evidence``."""
    from dashboard.news.extract import extract_with_evidence  # the rules load only when a record is made

    extracted, evidence = extract_with_evidence(item, registry)
    merged: dict[str, Any] = {key: extracted.get(key) for key in RECORD_KEYS}
    merged.update({k: v for k, v in item.given.items() if k in RECORD_KEYS and k != "source"})
    merged["title"] = merged["title"] or item.title
    merged["url"] = merged["url"] or item.url
    merged["published_date"] = merged["published_date"] or item.published
    merged["source"] = item.source
    return {**{key: record_value(merged, key) for key in RECORD_KEYS}, "evidence": evidence}
