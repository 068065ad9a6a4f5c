"""A donor brief as one plain data structure: headline figures, charts, tables, notes and sources.

Pure: built from a store bundle (already narrowed by the user's filters) and the donor's id; the HTML and
PDF renderers only lay it out. Every figure has a line saying how it was computed, every table row names
its record (IATI identifier or release URL), and the sources section lists each file and address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dashboard.brief.figures import (
    build_countries_reached,
    build_donor_funds_by_year,
    build_people_trained_by_year,
)
from dashboard.components.charts import build_trainings_timeline
from dashboard.model.countries import country_name
from dashboard.model.donors import ATTRIBUTION_RULE
from dashboard.model.filters import Filters
from dashboard.model.money import RATE_SOURCE_NOTE, rate_table_source
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donor_profile import (
    ATTRIBUTION_NOTE,
    FLOW_LABELS,
    SYNTHETIC_LABEL,
    DonorProfile,
    donor_profile,
)
from dashboard.transform.linking import MIN_CONFIDENCE
from dashboard.transform.verification import VerifiedShare

MAX_TABLE_ROWS = 200  # longer tables are cut, and the cut is said; the CSV downloads hold every row


@dataclass(frozen=True)
class Figure:
    """A headline number: its label, its value as printed, and how it was computed."""

    label: str
    value: str
    how: str


@dataclass(frozen=True)
class Chart:
    title: str
    spec: dict[str, Any]  # plotly figure as a plain dict (``Figure.to_plotly_json``)
    alt: str


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    # Relative column widths for the PDF (same length as columns).
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: tuple[str, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class BriefDocument:
    title: str
    donor_id: str
    donor_name: str
    scope: str  # the filters in words
    generated: str
    store_version: str
    warning: str | None  # the synthetic-data label, when any record shown is synthetic
    figures: tuple[Figure, ...]
    sections: tuple[Section, ...] = field(default_factory=tuple)
    sources: Table | None = None


def usd_text(value: float) -> str:
    """A whole-dollar amount as printed in the brief: "USD 2,647,288"."""
    return f"USD {value:,.0f}"


def count_text(value: int) -> str:
    return f"{value:,}"


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1 or value == 0 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return " ".join(str(value).split())


def _table(title: str, df: pd.DataFrame, columns: dict[str, str], note: str = "",
           widths: tuple[float, ...] = ()) -> Table:
    shown = df.head(MAX_TABLE_ROWS)
    rows = tuple(tuple(_cell(v) for v in row) for row in shown[list(columns)].itertuples(index=False))
    if len(df) > MAX_TABLE_ROWS:
        note = (note + " " if note else "") + f"First {MAX_TABLE_ROWS:,} of {len(df):,} rows."
    return Table(title, tuple(columns.values()), rows, note, widths)


def describe_filters(filters: Filters) -> str:
    """The filters in words ("all records" when none is set)."""
    parts = []
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else "the start"
        end = filters.date_to.isoformat() if filters.date_to else "today"
        parts.append(f"from {start} to {end}")
    if filters.countries:
        parts.append("countries " + ", ".join(f"{country_name(c)} ({c})" for c in filters.countries))
    for label, values in (("regions", filters.regions), ("themes", filters.themes),
                          ("activity types", filters.activity_types), ("project statuses", filters.statuses)):
        if values:
            parts.append(f"{label} " + ", ".join(values))
    return "; ".join(parts) if parts else "all records in the store"


def _headline(p: DonorProfile) -> tuple[Figure, ...]:
    s = p.summary
    checked = VerifiedShare(s.people_trained, s.people_trained_verified)
    without = (f" Not included: {s.amounts_without_usd:,} amount(s) without a USD value, listed in their own "
               "currency." if s.amounts_without_usd else "")
    gender_how = (f"Over the {s.trainings_with_gender:,} trainings whose release gives the number of women; "
                  "men = participants - women.")
    return (
        Figure("Committed", usd_text(s.committed_usd),
               "Sum of incoming commitments (IATI type 11) provided by the donor, converted to USD."
               + without),
        Figure("Received", usd_text(s.received_usd),
               "Sum of incoming funds (IATI type 1) provided by the donor, converted to USD."),
        Figure("Spent by its projects", usd_text(s.spent_usd),
               "Disbursements (3) and expenditure (4) of the donor's projects, all their funders together."),
        Figure("Projects", count_text(s.projects), "Projects attributed to the donor. " + ATTRIBUTION_RULE),
        Figure("Countries reached", count_text(s.countries),
               "Countries of its projects and the host countries of the trainings connected to it."),
        Figure("Trainings", count_text(s.trainings),
               "Trainings and workshops whose release names the donor or that are linked to its projects."),
        Figure("People trained", count_text(s.people_trained),
               f"Participants stated by {s.trainings_with_count:,} of the {s.trainings:,} trainings, each "
               "training counted once. " + checked.caption("People trained")
               + " (head count and training checked by a reviewer)."),
        Figure("Women trained", count_text(s.women_trained), gender_how),
        Figure("Men trained", count_text(s.men_trained), gender_how),
        Figure("Stories linked to its projects", count_text(s.stories),
               f"News events linked to one of its projects with confidence {MIN_CONFIDENCE} or more."),
    )


def _charts(p: DonorProfile) -> dict[str, Chart]:
    s = p.summary
    return {
        "funds": Chart("Funds by year (USD)", build_donor_funds_by_year(p.funds_by_year).to_plotly_json(),
                       f"Bars per year of funds committed, received and spent for {s.name}."),
        "countries": Chart("Countries reached", build_countries_reached(p.countries).to_plotly_json(),
                           f"Bars of projects per country for {s.name}."),
        "people": Chart("People trained by year", build_people_trained_by_year(p.trainings).to_plotly_json(),
                        "Stacked bars per year of women, men and people of unstated gender trained."),
        "timeline": Chart("Timeline of trainings", build_trainings_timeline(p.timeline).to_plotly_json(),
                          "Each training as a circle on a time axis, sized by participants, by country."),
    }


def _funds_table(p: DonorProfile) -> pd.DataFrame:
    wide = p.funds_by_year.pivot_table(index="year", columns="flow", values="usd", aggfunc="sum")
    counts = p.funds_by_year.groupby("year")[["transactions", "without_usd"]].sum()
    out = wide.reindex(columns=list(FLOW_LABELS)).join(counts).reset_index()
    return out.assign(year=out["year"].astype("string"))  # a year is a label: no thousands separator


def _synthetic(flag: object) -> str:
    return SYNTHETIC_LABEL if flag is True else ""


def build_brief_document(bundle: StoreBundle, donor_id: str, filters: Filters, *, store_version: str,
                         generated: dt.datetime) -> BriefDocument:
    """The brief of ``donor_id`` over ``bundle`` (narrowed by ``filters``, described in words)."""
    p = donor_profile(bundle, donor_id)
    return document_from_profile(p, filters, store_version=store_version, generated=generated)


def document_from_profile(p: DonorProfile, filters: Filters, *, store_version: str,
                          generated: dt.datetime) -> BriefDocument:
    """The brief of an already computed donor profile (the page's cached one)."""
    s = p.summary
    charts = _charts(p)
    warning = None
    if s.has_synthetic:
        warning = (f"Contains {SYNTHETIC_LABEL}: {s.synthetic_projects:,} of {s.projects:,} projects and "
                   f"{s.synthetic_events:,} of {s.events:,} events are generated, not real records.")
    projects = p.projects.assign(synthetic=p.projects["synthetic"].map(_synthetic))
    trainings = p.trainings.assign(synthetic=p.trainings["synthetic"].map(_synthetic))
    sources = p.sources.assign(synthetic=p.sources["synthetic"].map(_synthetic))
    stories = p.stories.assign(synthetic=p.stories["synthetic"].map(_synthetic))
    sections = (
        Section("Money", (ATTRIBUTION_NOTE, f"{RATE_SOURCE_NOTE} Rates: {rate_table_source()}."),
                (charts["funds"],), (
            _table("Funds by year (USD)", _funds_table(p), {
                "year": "Year", "committed": "Committed", "received": "Received", "spent": "Spent",
                "transactions": "Transactions", "without_usd": "Without USD"}),
            _table("Amounts without a USD value (own currency)", p.amounts_without_usd, {
                "flow": "Flow", "currency": "Currency", "value": "Amount", "transactions": "Transactions"},
                note="Not in the USD totals: no dated rate exists for the currency and year."),
        )),
        Section("Countries reached", (), (charts["countries"],), (
            _table("Countries", p.countries, {"iso3": "ISO3", "name": "Country", "projects": "Projects",
                                              "trainings": "Trainings", "people_trained": "People trained"}),
        )),
        Section("Themes", (), (), (
            _table("Themes", p.themes, {"theme": "Theme", "projects": "Projects", "events": "Events"},
                   note="A project or event with several themes counts under each."),
        )),
        Section("Projects", (), (), (
            _table("Projects", projects, {
                "iati_identifier": "IATI identifier", "title": "Title", "status": "Status", "start": "Start",
                "end": "End", "countries": "Countries", "results": "Results", "stories": "Stories",
                "synthetic": "Note"}, widths=(2.2, 4, 1.3, 1.2, 1.2, 1.2, 0.9, 0.9, 1.3)),
        )),
        Section("Trainings", (), (charts["timeline"], charts["people"]), (
            _table("Trainings", trainings, {
                "date": "Date", "title": "Training", "country": "Country", "participants": "People",
                "women": "Women", "men": "Men", "how": "Why it is the donor's", "synthetic": "Note"},
                widths=(1.2, 4.5, 0.9, 0.9, 0.9, 0.9, 2.2, 1.3)),
        )),
        Section("Stories linked to its projects", (
            "Each link says why a news event is tied to a project (the programme it names, its donor, "
            "country and dates); the confidence is 0 to 1.",), (), (
            _table("Stories", stories, {
                "date": "Date", "title": "Story", "iati_identifier": "Project", "confidence": "Confidence",
                "evidence": "Evidence", "synthetic": "Note"}, widths=(1.2, 3.3, 2, 1, 4.2, 1.3)),
        )),
        Section("Data gaps", tuple(f"{g}: {d}." for g, d in zip(p.gaps["gap"], p.gaps["detail"], strict=True))
                or ("No gap found in the records behind this view.",)),
    )
    source_table = _table("Sources", sources, {
        "kind": "Kind", "reference": "IATI identifier or event", "title": "Title", "file": "File",
        "url": "URL", "synthetic": "Note"}, widths=(1.2, 2, 3.2, 2.6, 3.6, 1.3))
    return BriefDocument(
        title=f"Donor brief: {s.name}", donor_id=s.donor_id, donor_name=s.name,
        scope=describe_filters(filters),
        generated=f"{generated:%Y-%m-%d %H:%M} UTC", store_version=store_version, warning=warning,
        figures=_headline(p), sections=sections, sources=source_table,
    )


def charts_of(doc: BriefDocument) -> list[Chart]:
    """Every chart of the document, in reading order."""
    return [chart for section in doc.sections for chart in section.charts]
