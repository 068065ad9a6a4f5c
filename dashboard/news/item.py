"""One news item as read from any input format, before extraction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The extraction contract (``python -m dashboard extract``): exactly these keys, in this order.
RECORD_KEYS = (
    "is_activity", "activity_type", "countries", "participant_countries", "city", "start_date", "end_date",
    "date_text", "published_date", "duration_days", "participants", "participants_female", "audience",
    "donors", "partners", "programmes", "themes", "title", "url", "source",
)
LIST_KEYS = frozenset({"countries", "participant_countries", "audience", "donors", "partners", "programmes",
                       "themes"})
# Fields that carry evidence (the span they came from) and a confidence (``extract_with_evidence``).
EVIDENCE_KEYS = ("is_activity", "activity_type", "countries", "participant_countries", "start_date",
                 "duration_days", "participants", "audience", "donors", "themes")


@dataclass(frozen=True)
class NewsItem:
    """A press release: the text to extract from plus whatever the input gave ready-made.

    ``given`` holds fields a structured input stated (title, url, published, or any RECORD_KEYS); they
    take precedence over extracted values.
    """

    source: str  # the input file (and, for multi-item files, "#<n>")
    text: str  # headline, dateline and body, boilerplate already removed
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    given: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False


def record_value(record: Mapping[str, Any], key: str) -> Any:
    """One field of a record in its contract form: lists as lists, dates as ISO strings, missing as None."""
    value = record.get(key)
    if key in LIST_KEYS:
        return list(value) if isinstance(value, list | tuple) else []
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value
