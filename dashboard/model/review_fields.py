"""The facts of a news event a reviewer can check, and how each is read from and written to the event
tables.

Every value travels as text, the same encoding as issue 11's ``event_evidence.value``: a count as digits, a
date as ``YYYY-MM-DD``, a list as a sorted JSON list; ``None`` means "not stated". Defined once here so that
the review desk, the ingest step that applies reviews and the evaluation against reviews read a fact the
same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass

import pandas as pd

from dashboard.model.countries import is_iso3
from dashboard.model.themes import THEMES

WHOLE_EVENT = "event"  # a review of the event as a whole (is it a real activity, as told?)
ACTIONS = ("confirm", "correct", "reject")
Tables = MutableMapping[str, pd.DataFrame]


class BadReviewValue(ValueError):
    """A corrected value that is not a value of its field (names the field and what was given)."""


@dataclass(frozen=True)
class ScalarField:
    """A fact held in one column of ``events``."""

    column: str
    kind: str  # "count", "date" or "text"


@dataclass(frozen=True)
class ListField:
    """A fact held as rows of a child table (one row per value), optionally one slice of it (``role``)."""

    table: str
    column: str
    role: str | None = None  # event_countries.role of the slice (host or participant)


SCALAR_FIELDS: dict[str, ScalarField] = {
    "participants": ScalarField("participants", "count"),
    "participants_female": ScalarField("participants_female", "count"),
    "duration_days": ScalarField("duration_days", "count"),
    "start_date": ScalarField("start_date", "date"),
    "end_date": ScalarField("end_date", "date"),
    "activity_type": ScalarField("type", "text"),
    "city": ScalarField("city", "text"),
}
LIST_FIELDS: dict[str, ListField] = {
    "countries": ListField("event_countries", "iso3", "host"),
    "participant_countries": ListField("event_countries", "iso3", "participant"),
    "donors": ListField("event_donors", "donor_id"),
    "themes": ListField("event_themes", "theme"),
    "audience": ListField("event_audience", "audience"),  # issue 11's table; skipped where absent
}
# In the order the review desk shows them: the figures donors see first.
REVIEW_FIELDS = ("participants", "participants_female", "activity_type", "start_date", "end_date",
                 "duration_days", "countries", "participant_countries", "donors", "themes", "audience",
                 "city")


def is_review_field(field: str) -> bool:
    return field == WHOLE_EVENT or field in SCALAR_FIELDS or field in LIST_FIELDS


def encode_list(values: list[str]) -> str | None:
    """A list value as sorted JSON text; None for an empty list (not stated)."""
    unique = sorted({str(v) for v in values if v is not None and str(v).strip()})
    return json.dumps(unique, ensure_ascii=False) if unique else None


def _encode_scalar(value: object, kind: str) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if value is pd.NaT:
        return None
    if kind == "date":
        return pd.Timestamp(value).date().isoformat()  # type: ignore[arg-type]
    if kind == "count":
        return str(int(value))  # type: ignore[call-overload]
    text = " ".join(str(value).split())
    return text or None


def field_value(tables: Tables, event_id: str, field: str) -> str | None:
    """The current value of one fact of one event, as text (None: not stated, or no such table)."""
    if field in SCALAR_FIELDS:
        spec = SCALAR_FIELDS[field]
        events = tables["events"]
        rows = events.loc[events["event_id"] == event_id, spec.column]
        return _encode_scalar(rows.iloc[0], spec.kind) if len(rows) else None
    spec_list = LIST_FIELDS[field]
    table = tables.get(spec_list.table)
    if table is None or table.empty:
        return None
    mask = table["event_id"] == event_id
    if spec_list.role is not None:
        mask &= table["role"] == spec_list.role
    return encode_list(table.loc[mask.fillna(False).astype(bool), spec_list.column].dropna().tolist())


def _parse_list(text: str) -> list[str]:
    text = text.strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise BadReviewValue(f"not a JSON list: {exc}") from exc
        if not isinstance(parsed, list):
            raise BadReviewValue("not a JSON list")
        return [str(v).strip() for v in parsed if str(v).strip()]
    return [part.strip() for part in re.split(r"[;,\n]", text) if part.strip()]


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError as exc:
        raise BadReviewValue(f"{text!r} is not a date written YYYY-MM-DD") from exc


def _count(text: str) -> str:
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    if not cleaned.isdigit():
        raise BadReviewValue(f"{text!r} is not a whole number of 0 or more")
    return str(int(cleaned))


_LIST_CHECKS: dict[str, Callable[[str], str]] = {
    "countries": lambda v: v.upper(),
    "participant_countries": lambda v: v.upper(),
}


def parse_value(field: str, text: str | None, known_donors: frozenset[str] = frozenset()) -> str | None:
    """A reviewer's corrected value, checked and encoded; None (not stated) for blank text.

    Raises BadReviewValue naming the field when the text is not a value of it: a count must be a whole
    number, a date ``YYYY-MM-DD``, a country an ISO3 code, a theme one of the dashboard's themes, a donor a
    donor id the store knows (when ``known_donors`` is given).
    """
    if text is None or not str(text).strip():
        return None
    try:
        if field in SCALAR_FIELDS:
            kind = SCALAR_FIELDS[field].kind
            if kind == "count":
                return _count(text)
            return _date(text) if kind == "date" else " ".join(text.split())
        if field not in LIST_FIELDS:
            raise BadReviewValue("not a field the review desk knows")
        values = [_LIST_CHECKS.get(field, str)(v) for v in _parse_list(text)]
        bad: list[str] = []
        if field in ("countries", "participant_countries"):
            bad = [v for v in values if not is_iso3(v)]
        elif field == "themes":
            bad = [v for v in values if v not in THEMES]
        elif field == "donors" and known_donors:
            bad = [v for v in values if v not in known_donors]
        if bad:
            raise BadReviewValue(f"unknown value(s) {', '.join(map(repr, bad))}")
        return encode_list(values)
    except BadReviewValue as exc:
        raise BadReviewValue(f"{field}: {exc}") from None


def set_fields(tables: Tables, updates: pd.DataFrame) -> None:
    """Write many facts at once: ``updates`` has columns event_id, field, value (encoded text; None = not
    stated), one row per (event, fact).

    Replaces the frames in ``tables`` (never changes a frame in place), each table once whatever the number
    of updates. A list fact whose table is absent from ``tables`` (e.g. ``event_audience`` before issue 11)
    is left alone.
    """
    if updates.empty:
        return
    events = tables["events"]
    scalar = updates[updates["field"].isin(list(SCALAR_FIELDS))]
    if len(scalar):
        events = events.copy()
        for field, group in scalar.groupby("field"):
            spec = SCALAR_FIELDS[str(field)]
            values = dict(zip(group["event_id"], group["value"], strict=True))
            mask = events["event_id"].isin(list(values)).fillna(False).astype(bool)
            new = events.loc[mask, "event_id"].map(values)
            if spec.kind == "date":
                new = pd.to_datetime(new).astype(events[spec.column].dtype)
            elif spec.kind == "count":
                new = pd.to_numeric(new).astype(events[spec.column].dtype)
            events.loc[mask, spec.column] = new.astype(events[spec.column].dtype)
        tables["events"] = events
    for field, group in updates[updates["field"].isin(list(LIST_FIELDS))].groupby("field"):
        spec_list = LIST_FIELDS[str(field)]
        table = tables.get(spec_list.table)
        if table is None:
            continue
        mine = table["event_id"].isin(list(group["event_id"]))
        if spec_list.role is not None:
            mine &= table["role"] == spec_list.role
        pairs = [(e, v) for e, value in zip(group["event_id"], group["value"], strict=True)
                 if value is not None and not pd.isna(value) for v in json.loads(value)]
        new_rows = pd.DataFrame(pairs, columns=["event_id", spec_list.column])
        if spec_list.role is not None:
            new_rows["role"] = spec_list.role
        if spec_list.table == "event_donors":
            names = _donor_names(tables, table)
            new_rows["name"] = new_rows["donor_id"].map(names).fillna(new_rows["donor_id"])
        kept = table.loc[~mine.fillna(False).astype(bool)]
        new_rows = new_rows.astype({c: kept[c].dtype for c in new_rows})
        tables[spec_list.table] = pd.concat([kept, new_rows], ignore_index=True) if len(new_rows) else kept


def _donor_names(tables: Tables, event_donors: pd.DataFrame) -> dict[str, str]:
    """donor_id -> name, from the donors table, else from the names events already give it."""
    names: dict[str, str] = {}
    for frame in (event_donors, tables.get("donors")):
        if frame is not None and not frame.empty:
            known = frame.dropna(subset=["donor_id", "name"])
            names.update(zip(known["donor_id"].astype(str), known["name"].astype(str), strict=True))
    return names


def drop_events(tables: Tables, event_ids: set[str]) -> None:
    """Remove events and every row hanging off them from the event tables present in ``tables``."""
    if not event_ids:
        return
    for name, frame in list(tables.items()):
        if name.startswith("event") and "event_id" in frame.columns:
            keep = ~frame["event_id"].isin(list(event_ids)).fillna(False).astype(bool)
            if not keep.all():
                tables[name] = frame.loc[keep].reset_index(drop=True)


def latest_reviews(reviews: pd.DataFrame) -> pd.DataFrame:
    """The review in force for each (event, fact): the latest by time, ties by order of writing."""
    if reviews.empty:
        return reviews
    ordered = reviews.reset_index(drop=True).reset_index(names="order")
    ordered = ordered.sort_values(["at", "order"], kind="stable")
    return ordered.drop_duplicates(["event_id", "field"], keep="last").drop(columns="order")
