"""What the store holds and where it came from: sources with their dates, rows per table, the quarantine."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import N_
from dashboard.model.schemas import TABLES
from dashboard.model.vocabulary import OTHER_SOURCES, SOURCE_KINDS, SOURCE_STATES
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import event_dates

SEVERITY_LABELS = {
    "rejected": "rejected (not loaded)",
    "flagged": "flagged (loaded, check it)",
    "file": "whole file unreadable",
}
_RAW_SHOWN = 200


def _span_by_file(files: pd.Series, begin: pd.Series, finish: pd.Series) -> pd.DataFrame:
    frame = pd.DataFrame({"file": files, "begin": begin, "finish": finish}).dropna(subset=["file"])
    return frame.groupby("file").agg(first=("begin", "min"), last=("finish", "max"))


def _per_file(values: pd.Series, files: pd.Series) -> pd.Series:
    # reindex, not Series.map: pandas 3 maps through an empty Series by casting it to float.
    return pd.Series(values.reindex(files.to_numpy()).to_numpy(), index=files.index)


def sources_table(bundle: StoreBundle) -> pd.DataFrame:
    """One row per input file: kind, size, when loaded, records and quarantined, and the dates it covers."""
    src = bundle.sources
    acts, ev = bundle.activities, bundle.events
    spans = [span for span in (
        _span_by_file(acts["source_file"], acts["start"], acts["end"].fillna(acts["start"])),
        _span_by_file(ev["source_file"], event_dates(ev), event_dates(ev)),
    ) if not span.empty]
    dates = (pd.concat(spans).groupby(level=0).agg({"first": "min", "last": "max"}) if spans
             else pd.DataFrame({"first": pd.Series(dtype="datetime64[ms]"),
                                "last": pd.Series(dtype="datetime64[ms]")}))
    projects = acts.groupby("source_file")["iati_identifier"].nunique()
    events = ev.groupby("source_file")["event_id"].nunique()
    files = src["file"]
    return pd.DataFrame({
        N_("File"): files,
        N_("Kind"): src["kind"],
        N_("Loaded"): pd.to_datetime(src["loaded_at"]).dt.date,
        N_("Records read"): src["records"],
        N_("Quarantined"): src["quarantined"],
        N_("Projects"): _per_file(projects, files).fillna(0).astype("int64"),
        N_("News events"): _per_file(events, files).fillna(0).astype("int64"),
        N_("Data from"): pd.to_datetime(_per_file(dates["first"], files)).dt.date,
        N_("Data to"): pd.to_datetime(_per_file(dates["last"], files)).dt.date,
        N_("Size (bytes)"): src["bytes"],
        N_("Synthetic"): src["synthetic"].fillna(False).astype(bool),
        N_("SHA-256"): src["sha256"],
    }).sort_values("File", kind="stable").reset_index(drop=True)


def table_counts(bundle: StoreBundle) -> pd.DataFrame:
    """Rows per store table, with what the table holds."""
    counts = bundle.counts()
    return pd.DataFrame({
        N_("Table"): list(counts),
        N_("Rows"): list(counts.values()),
        N_("Holds"): [TABLES[name].doc for name in counts],
    })


def quarantine_table(bundle: StoreBundle) -> pd.DataFrame:
    """Every rejected or doubtful record: file, record, field, reason, severity, the raw value (shortened)."""
    q = bundle.quarantine
    raw = q["raw"].astype("string")
    shortened = raw.where(raw.str.len().fillna(0) <= _RAW_SHOWN, raw.str.slice(0, _RAW_SHOWN - 1) + "…")
    return pd.DataFrame({
        N_("File"): q["file"],
        N_("Record"): q["record"],
        N_("Field"): q["field"],
        N_("Reason"): q["reason"],
        N_("Severity"): q["severity"].map(SEVERITY_LABELS).fillna(q["severity"]).astype("string"),
        N_("Value"): shortened,
        N_("Loaded"): pd.to_datetime(q["loaded_at"]).dt.date,
    })



SOURCE_KIND_LABELS = SOURCE_KINDS


def freshness_table(bundle: StoreBundle) -> pd.DataFrame:
    """One row per fetched source: when it was last checked and last changed, and whether the check failed."""
    s = bundle.source_status
    failing = s["last_error"].notna() & (s["last_error"].astype("string").str.len() > 0)
    return pd.DataFrame({
        N_("Source"): s["source"],
        N_("Kind"): s["kind"].map(SOURCE_KIND_LABELS).fillna(s["kind"]).astype("string"),
        N_("State"): failing.map(SOURCE_STATES).astype("string"),
        N_("Last checked (UTC)"): pd.to_datetime(s["last_checked"]),
        N_("Last changed (UTC)"): pd.to_datetime(s["last_changed"]),
        N_("Records"): s["records"],
        N_("Last error"): s["last_error"],
        N_("URL"): s["url"],
    }).sort_values(["State", "Source"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class KindFreshness:
    label: str  # from SOURCE_KIND_LABELS: fixed text, safe to show
    sources: int
    failing: int
    last_checked: pd.Timestamp | None


@dataclass(frozen=True)
class DataAsOf:
    """The footer's "data as of": the newest check or load, and each kind of fetched source's state."""

    as_of: pd.Timestamp | None
    fetched: tuple[KindFreshness, ...]
    files: int  # source files in the store, fetched or loaded by hand


def data_as_of(bundle: StoreBundle) -> DataAsOf:
    s, src = bundle.source_status, bundle.sources
    kinds = []
    for kind, rows in s.groupby("kind", sort=True):
        failing = rows["last_error"].notna() & (rows["last_error"].astype("string").str.len() > 0)
        checked = rows["last_checked"].max()
        kinds.append(KindFreshness(SOURCE_KIND_LABELS.get(str(kind), OTHER_SOURCES), len(rows),
                                   int(failing.sum()), None if pd.isna(checked) else pd.Timestamp(checked)))
    moments = [m for m in (s["last_checked"].max(), src["loaded_at"].max()) if pd.notna(m)]
    return DataAsOf(max(moments) if moments else None, tuple(kinds), len(src))


def synthetic_counts(bundle: StoreBundle) -> tuple[int, int, int, int]:
    """(synthetic projects, projects, synthetic news events, news events) in ``bundle``."""
    acts, ev = bundle.activities, bundle.events
    return (int(acts["synthetic"].fillna(False).sum()), len(acts), int(ev["synthetic"].fillna(False).sum()),
            len(ev))
