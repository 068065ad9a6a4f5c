"""The store's tables: one declared contract per table, in one place.

Every loader returns frames that pass :func:`conform`; the store writes nothing else. Column names are a
public contract (later pages, exports and outside checks read them), so add columns, never rename them.

Dtypes are pandas nullable dtypes so that a missing number stays missing (``<NA>``) instead of becoming
``NaN`` or ``0``: a figure on screen must never be invented by a dtype conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import pandas as pd
from pandas.api.types import pandas_dtype

STR = "string"
FLOAT = "Float64"
INT = "Int64"
BOOL = "boolean"
DATE = "datetime64[ms]"


class SchemaError(ValueError):
    """A frame does not meet its table's contract (a bug in a loader, never bad user input)."""


@dataclass(frozen=True)
class Table:
    """The contract of one store table."""

    name: str
    columns: dict[str, str]
    required: tuple[str, ...] = ()
    key: tuple[str, ...] = ()
    doc: str = ""
    # Closed vocabularies: column -> allowed values (None allowed unless the column is required).
    allowed: dict[str, frozenset[str]] = field(default_factory=dict)


def _t(name: str, doc: str, columns: dict[str, str], required: tuple[str, ...] = (),
       key: tuple[str, ...] = (), allowed: dict[str, frozenset[str]] | None = None) -> Table:
    return Table(name, columns, required, key, doc, allowed or {})


PROVENANCE = {"source_file": STR}

TABLES: dict[str, Table] = {t.name: t for t in [
    _t("activities", "One row per project: an IATI activity or a row of a project list.", {
        "iati_identifier": STR, "reporting_org_ref": STR, "title": STR, "description": STR,
        "status_code": STR, "status": STR, "humanitarian": BOOL,
        "start_planned": DATE, "start_actual": DATE, "end_planned": DATE, "end_actual": DATE,
        # start/end: actual where reported, else planned (defined once, in loaders.iati_fields).
        "start": DATE, "end": DATE,
        "default_currency": STR, "last_updated": DATE,
        # record_kind: "iati" or "project_list"; synthetic: generated demo data, labelled in the UI.
        "record_kind": STR, "synthetic": BOOL, "url": STR,
        **PROVENANCE,
    }, required=("iati_identifier", "source_file"), key=("iati_identifier",),
        allowed={"record_kind": frozenset({"iati", "project_list"})}),
    _t("activity_countries", "Recipient countries of an activity, ISO3, with the share of the activity.", {
        "iati_identifier": STR, "iso3": STR, "percentage": FLOAT,
    }, required=("iati_identifier", "iso3"), key=("iati_identifier", "iso3")),
    _t("activity_regions", "Recipient regions (IATI/DAC region codes) with their share.", {
        "iati_identifier": STR, "region_code": STR, "region": STR, "vocabulary": STR, "percentage": FLOAT,
    }, required=("iati_identifier", "region_code")),
    _t("activity_sectors", "Sectors in any vocabulary (1/2 DAC, 98 IOM service area, 99 IOM project type).", {
        "iati_identifier": STR, "vocabulary": STR, "code": STR, "label": STR, "percentage": FLOAT,
    }, required=("iati_identifier", "code")),
    _t("activity_themes", "Dashboard themes of an activity (same list as news themes), with how derived.", {
        "iati_identifier": STR, "theme": STR, "derived_from": STR,
    }, required=("iati_identifier", "theme"), key=("iati_identifier", "theme")),
    _t("participating_orgs", "Organisations in an activity, by IATI organisation role.", {
        "iati_identifier": STR, "role_code": STR, "role": STR, "ref": STR, "name": STR, "org_type": STR,
        "org_type_label": STR, "donor_id": STR,
    }, required=("iati_identifier",)),
    _t("budgets", "Budget periods, in their own currency and converted to USD where a rate exists.", {
        "iati_identifier": STR, "period_start": DATE, "period_end": DATE, "value": FLOAT, "currency": STR,
        "value_usd": FLOAT, "usd_rate_date": DATE, "usd_converted": BOOL, "budget_type": STR,
        "budget_status": STR,
    }, required=("iati_identifier",)),
    _t("transactions", "Financial transactions; value in own currency plus USD where a dated rate exists.", {
        "iati_identifier": STR, "transaction_type": STR, "transaction_type_label": STR, "date": DATE,
        "value": FLOAT, "currency": STR, "value_usd": FLOAT, "usd_rate_date": DATE, "usd_converted": BOOL,
        "provider_ref": STR, "provider_name": STR, "provider_donor_id": STR,
        "receiver_ref": STR, "receiver_name": STR,
    }, required=("iati_identifier", "transaction_type")),
    _t("locations", "Sub-national locations with coordinates (IATI pos is 'latitude longitude').", {
        "iati_identifier": STR, "name": STR, "lat": FLOAT, "lon": FLOAT, "admin_code": STR,
        "admin_vocabulary": STR, "admin_level": STR, "location_ref": STR,
    }, required=("iati_identifier",)),
    _t("results", "Result indicators with baseline, target and actual per period.", {
        "iati_identifier": STR, "result": STR, "indicator": STR, "measure": STR, "baseline": FLOAT,
        "target": FLOAT, "actual": FLOAT, "period_start": DATE, "period_end": DATE,
    }, required=("iati_identifier",)),
    _t("donors", "One row per donor organisation, whatever spelling it was reported under.", {
        "donor_id": STR, "name": STR, "ref": STR, "org_type": STR, "org_type_label": STR,
        # group: the government or family an agency belongs to (INL and PRM -> United States).
        "group": STR, "aliases": STR,
    }, required=("donor_id", "name"), key=("donor_id",)),
    _t("activity_donors", "Donor attribution of an activity (see model.donors.ATTRIBUTION_RULE).", {
        "iati_identifier": STR, "donor_id": STR, "evidence": STR,
    }, required=("iati_identifier", "donor_id"), key=("iati_identifier", "donor_id")),
    _t("news_items", "Every news item read, with the fields extracted from it (facts, not article text).", {
        "item_id": STR, "url": STR, "title": STR, "published_date": DATE, "record_json": STR,
        "synthetic": BOOL, "source_file": STR,
    }, required=("item_id", "source_file"), key=("item_id",)),
    _t("events", "One row per activity told in the news, after de-duplication of re-posts.", {
        "event_id": STR, "title": STR, "urls": STR, "is_activity": BOOL, "type": STR,
        "start_date": DATE, "end_date": DATE, "date_text": STR, "published_date": DATE,
        "city": STR, "lat": FLOAT, "lon": FLOAT, "participants": INT, "participants_female": INT,
        "duration_days": INT, "synthetic": BOOL, "source_file": STR,
    }, required=("event_id",), key=("event_id",)),
    _t("event_sources", "Every news item behind an event (one event may be told at several URLs).", {
        "event_id": STR, "url": STR, "title": STR, "published_date": DATE, "source_file": STR,
        # item_id: the news item (lets ingest re-derive only the events a new item can touch).
        "item_id": STR,
    }, required=("event_id",)),
    _t("event_countries", "Countries of an event: where it happened (host) or whose people took part.", {
        "event_id": STR, "iso3": STR, "role": STR,
    }, required=("event_id", "iso3", "role"), allowed={"role": frozenset({"host", "participant"})}),
    _t("event_donors", "Donors named as funding an event, canonicalised through the donor registry.", {
        "event_id": STR, "donor_id": STR, "name": STR,
    }, required=("event_id", "name")),
    _t("event_themes", "Themes of an event.", {
        "event_id": STR, "theme": STR,
    }, required=("event_id", "theme")),
    _t("event_programmes", "Programmes or projects named in an event's release.", {
        "event_id": STR, "programme": STR, "acronym": STR,
    }, required=("event_id", "programme")),
    _t("event_partners", "Co-organising or hosting bodies named in an event's release.", {
        "event_id": STR, "partner": STR,
    }, required=("event_id", "partner")),
    _t("event_projects", "Links from news events to projects, with confidence and evidence in words.", {
        "event_id": STR, "iati_identifier": STR, "confidence": FLOAT, "evidence": STR,
    }, required=("event_id", "iati_identifier")),
    _t("quarantine", "Every rejected or doubtful record, with where it came from and why.", {
        "file": STR, "record": STR, "field": STR, "reason": STR, "raw": STR, "severity": STR,
        "loaded_at": DATE,
    }, required=("file", "reason"), allowed={"severity": frozenset({"rejected", "flagged", "file"})}),
    _t("sources", "Every input file of the store, with its type, size, checksum and counts.", {
        "file": STR, "kind": STR, "sha256": STR, "bytes": INT, "records": INT, "quarantined": INT,
        "loaded_at": DATE, "synthetic": BOOL,
    }, required=("file",)),
    _t("event_audience", "Who took part in an event, from the corpus audience vocabulary (one row each).", {
        "event_id": STR, "audience": STR,
    }, required=("event_id", "audience")),
    _t("event_evidence", "Per event and field: the extracted value, the span it came from, a confidence.", {
        "event_id": STR, "field": STR, "value": STR, "evidence": STR, "confidence": FLOAT,
    }, required=("event_id", "field")),
    # Append-only: a correction is never edited or deleted; the latest review of a fact wins at every ingest.
    _t("reviews", "What a person checked: one row per confirm, correction or rejection of an event's fact.", {
        "review_id": STR, "reviewer": STR, "at": DATE, "event_id": STR,
        # field: a fact of model.review_fields (participants, countries, ...) or "event" (the whole event).
        "field": STR, "old_value": STR, "new_value": STR, "action": STR, "reason": STR,
    }, required=("review_id", "reviewer", "at", "event_id", "field", "action", "reason"), key=("review_id",),
        allowed={"action": frozenset({"confirm", "correct", "reject"})}),
    _t("source_status", "Freshness of every fetched source: when it was last checked and last changed.", {
        # source: "iati:<publisher>/<dataset>", "feed:<url>", "reliefweb:<source>"; records: loaded at the
        # last change; last_error: why the last check failed (empty when it succeeded).
        "source": STR, "kind": STR, "url": STR, "last_checked": DATE, "last_changed": DATE, "records": INT,
        "last_error": STR,
    }, required=("source", "last_checked"), key=("source",)),
]}


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes (a fresh copy: callers may add to it)."""
    return _empty_template(table).copy()


@cache
def _empty_template(table: str) -> pd.DataFrame:
    # Built once per table: constructing 20 typed columns costs ~15 ms, and ingest asks thousands of times.
    spec = TABLES[table]
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in spec.columns.items()})


def conform(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``df`` with exactly the table's columns, in order, cast to their dtypes.

    Missing optional columns are added as all-missing. Raises :class:`SchemaError` when a required value is
    missing, a closed vocabulary is broken, or a value cannot be cast: those are loader bugs, since loaders
    quarantine bad input before it reaches here.
    """
    spec = TABLES[table]
    unknown = set(df.columns) - set(spec.columns)
    if unknown:
        raise SchemaError(f"{table}: unexpected columns {sorted(unknown)}")
    columns: dict[str, pd.Series] = {}
    for col, dtype in spec.columns.items():
        if col not in df.columns:
            columns[col] = pd.Series(pd.NA, index=df.index, dtype=dtype)
            continue
        try:
            columns[col] = _cast(df[col], dtype)
        except (TypeError, ValueError) as exc:
            raise SchemaError(f"{table}.{col}: cannot be read as {dtype}: {exc}") from exc
    # One construction instead of a column insert at a time (which cost most of a small file's ingest).
    out = pd.DataFrame(columns, index=df.index, copy=False)
    for col in spec.required:
        if out[col].isna().any():
            raise SchemaError(f"{table}.{col}: required value missing in {int(out[col].isna().sum())} rows")
    for col, values in spec.allowed.items():
        bad = set(out[col].dropna().unique()) - values
        if bad:
            raise SchemaError(f"{table}.{col}: values outside {sorted(values)}: {sorted(bad)[:5]}")
    return out.reset_index(drop=True)


def duplicate_keys(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Every row of ``df`` whose declared key (``Table.key``) another row shares; none without a key."""
    key = list(TABLES[table].key)
    return df.iloc[0:0] if not key or df.empty else df[df.duplicated(key, keep=False)]


def check_key(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """``df`` unchanged when its declared key is unique; else :class:`SchemaError` naming the repeated keys.

    The store's contract: a table is written only with one row per key (a loader or merge that repeats one
    has a bug, which must surface instead of being dropped silently).
    """
    repeated = duplicate_keys(df, table)
    if len(repeated):
        key = list(TABLES[table].key)
        values = repeated[key].drop_duplicates().head(5).itertuples(index=False, name=None)
        raise SchemaError(f"{table}: {len(repeated)} rows share their key {tuple(key)}, e.g. "
                          + ", ".join(map(str, values)))
    return df


def latest_per_key(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """The last row of each declared key of ``table`` (rows come oldest first: the newest copy wins)."""
    key = list(TABLES[table].key)
    if not key:
        raise SchemaError(f"{table} declares no key")
    return df.drop_duplicates(key, keep="last")


def _cast(s: pd.Series, dtype: str) -> pd.Series:
    if str(s.dtype) == dtype:
        return s
    if dtype == DATE:
        return pd.to_datetime(s, errors="raise").astype(pandas_dtype(DATE))
    if dtype == STR and s.dtype.kind == "f":  # floats: NaN is missing, not the text "nan"
        return s.astype("object").where(s.notna(), None).astype(pandas_dtype(STR))
    return s.astype(pandas_dtype(dtype))
