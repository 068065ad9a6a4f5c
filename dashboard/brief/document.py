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
from dashboard.model.cells import is_missing
from dashboard.model.countries import country_name
from dashboard.model.donors import ATTRIBUTION_RULE
from dashboard.model.filters import Filters
from dashboard.model.linking import MIN_CONFIDENCE
from dashboard.model.money import RATE_SOURCE_NOTE, rate_table_source
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donor_profile import (
    ATTRIBUTION_NOTE,
    FLOW_LABELS,
    SYNTHETIC_LABEL,
    DonorProfile,
    donor_profile,
)
from dashboard.transform.measures import MEASURES, NOT_STATED
from dashboard.transform.verification import VerifiedShare

# Longer tables are cut in the PDF and HTML, and the cut is said: the attached workbook holds every row.
MAX_TABLE_ROWS = 10
LISTS_NOTE = "Full list in the attached workbook (sheet “{sheet}”)."
# Identifiers the dashboard makes for itself (project-list rows, news events) mean nothing to a reader.
_INTERNAL_ID_PREFIXES = ("list:", "ev:", "event:")


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


def usd_text(value: float | None) -> str:
    """A whole-dollar amount as printed in the brief: "USD 2,647,288"; "not stated" when unknown."""
    return NOT_STATED if value is None or pd.isna(value) else f"USD {value:,.0f}"


def count_text(value: int | None) -> str:
    return NOT_STATED if value is None or pd.isna(value) else f"{value:,}"


def public_reference(value: object) -> str:
    """A record's reference as a reader can use it: IATI identifiers kept, internal ids left out."""
    text = str(value) if isinstance(value, str) else ""
    return "" if text.startswith(_INTERNAL_ID_PREFIXES) or _looks_internal(text) else text


def _looks_internal(text: str) -> bool:
    # Event ids are bare hex digests; IATI identifiers always carry an organisation prefix with a dash.
    return bool(text) and "-" not in text and all(c in "0123456789abcdef:" for c in text.lower())


def _cell(value: object) -> str:
    if is_missing(value):
        return NOT_STATED
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
           widths: tuple[float, ...] = (), max_rows: int | None = MAX_TABLE_ROWS) -> Table:
    shown = df if max_rows is None else df.head(max_rows)
    rows = tuple(tuple(_cell(v) for v in row) for row in shown[list(columns)].itertuples(index=False))
    if max_rows is not None and len(df) > max_rows:
        note = (note + " " if note else "") + f"First {max_rows:,} of {len(df):,} rows. " + LISTS_NOTE.format(
            sheet=title)
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
    named = p.funders[p.funders["share_pct"] >= 1]
    funders = "; ".join(f"{f} {pct:.0f}%" for f, pct in zip(named["funder"], named["share_pct"], strict=True))
    if len(named) < len(p.funders):
        funders += f"; {len(p.funders) - len(named)} others under 1% each (all in the workbook)"
    gender_how = (f"Stated by {s.trainings_with_gender:,} of the {s.trainings:,} trainings (the release "
                  "gives the number of women); men = participants - women.")
    m = MEASURES
    return (
        Figure(FLOW_LABELS["commitments_usd"], usd_text(s.commitments_usd), m["commitments_usd"].definition
               + without),
        Figure(FLOW_LABELS["funds_received_usd"], usd_text(s.funds_received_usd),
               m["funds_received_usd"].definition),
        Figure(FLOW_LABELS["spent_usd"], usd_text(s.spent_usd), m["spent_usd"].definition
               + (f" Funders' shares of these projects' commitments: {funders}." if funders else
                  " No funder's commitment to these projects is recorded in USD.")),
        Figure("Budget of the projects it funds", usd_text(s.budget_usd), m["budget_usd"].definition),
        Figure(m["projects"].label, count_text(s.projects),
               "Projects attributed to the donor. " + ATTRIBUTION_RULE),
        Figure(m["countries_reached"].label, count_text(s.countries), m["countries_reached"].definition),
        Figure(m["trainings"].label, count_text(s.trainings),
               "Trainings and workshops whose release names the donor or that are linked to its projects."),
        Figure(m["people_trained"].label, count_text(s.people_trained),
               f"Participants stated by {s.trainings_with_count:,} of the {s.trainings:,} trainings, each "
               "training counted once. " + checked.caption("People trained")
               + " (head count and training checked by a reviewer)."),
        Figure(m["women_trained"].label, count_text(s.women_trained), gender_how),
        Figure("Men trained", count_text(s.men_trained), gender_how),
        Figure(m["officials_trained"].label, count_text(s.officials_trained),
               m["officials_trained"].definition),
        Figure("Stories linked to its projects", count_text(s.stories),
               f"News stories linked to one of its projects with confidence {MIN_CONFIDENCE} or more "
               f"({len(p.stories):,} story–project links: a story can concern two projects)."),
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
    # dropna=False: the undated amounts (year missing) are grouped too, not dropped with their money.
    wide = p.funds_by_year.pivot_table(index="year", columns="flow", values="usd", aggfunc="sum",
                                       dropna=False)
    counts = p.funds_by_year.groupby("year", dropna=False)[["transactions", "without_usd"]].sum()
    out = wide.reindex(columns=list(FLOW_LABELS)).join(counts).reset_index()
    # A year is a label (no thousands separator); undated amounts are kept as their own row.
    return out.assign(year=out["year"].astype("string").fillna("no date"))


def _synthetic(flag: object) -> str:
    return SYNTHETIC_LABEL if flag is True else ""


def build_brief_document(bundle: StoreBundle, donor_id: str, filters: Filters, *, store_version: str,
                         generated: dt.datetime) -> BriefDocument:
    """The brief of ``donor_id`` over ``bundle`` (narrowed by ``filters``, described in words)."""
    p = donor_profile(bundle, donor_id)
    return document_from_profile(p, filters, store_version=store_version, generated=generated)


def brief_lists(p: DonorProfile) -> dict[str, tuple[pd.DataFrame, dict[str, str]]]:
    """Every list of the brief: sheet title -> (rows, column -> human heading), in reading order.

    The PDF and HTML show the first rows of each; the attached workbook (:func:`lists_workbook`) all of
    them, with the same headings. Internal identifiers are replaced by what a reader can use.
    """
    projects = p.projects.assign(synthetic=p.projects["synthetic"].map(_synthetic),
                                 iati_identifier=p.projects["iati_identifier"].map(public_reference))
    trainings = p.trainings.assign(synthetic=p.trainings["synthetic"].map(_synthetic))
    stories = p.stories.assign(synthetic=p.stories["synthetic"].map(_synthetic),
                               project=p.stories["iati_identifier"].map(public_reference))
    sources = p.sources.assign(synthetic=p.sources["synthetic"].map(_synthetic),
                               reference=p.sources["reference"].map(public_reference))
    return {
        "Funds by year (USD)": (_funds_table(p), {
            "year": "Year", **FLOW_LABELS, "transactions": "Transactions",
            "without_usd": "Without a USD value"}),
        "Funders of its projects": (p.funders, {
            "funder": "Funder", "commitments_usd": "Commitments (USD)",
            "share_pct": "Share of commitments %"}),
        "Amounts without a USD value": (p.amounts_without_usd.assign(
            flow=p.amounts_without_usd["flow"].map(FLOW_LABELS)), {
            "flow": "Money measure", "currency": "Currency", "value": "Amount",
            "transactions": "Transactions"}),
        "Countries": (p.countries, {"name": "Country", "projects": "Projects", "budget_usd": "Budget (USD)",
                                    "trainings": "Trainings", "people_trained": "People trained"}),
        "Themes": (p.themes, {"theme": "Theme", "projects": "Projects", "events": "Events"}),
        "Projects": (projects, {
            "title": "Title", "iati_identifier": "IATI identifier", "status": "Status", "start": "Start",
            "end": "End", "countries": "Countries", "results": "Results", "stories": "Stories",
            "synthetic": "Note"}),
        "Trainings": (trainings, {
            "date": "Date", "title": "Training", "country": "Held in",
            "participants_from": "Participants from",
            "participants": "People", "women": "Women", "men": "Men", "how": "Why it is the donor's",
            "synthetic": "Note", "url": "Release"}),
        "Stories": (stories, {
            "date": "Date", "title": "Story", "project": "Project (IATI identifier)",
            "confidence": "Confidence", "evidence": "Evidence", "synthetic": "Note", "url": "Release"}),
        "Sources": (sources, {
            "kind": "Kind", "reference": "IATI identifier", "title": "Title", "file": "File",
            "url": "Address",
            "synthetic": "Note"}),
    }


def _brief_table(lists: dict[str, tuple[pd.DataFrame, dict[str, str]]], sheet: str, shown: tuple[str, ...],
                 note: str = "", widths: tuple[float, ...] = (),
                 max_rows: int | None = MAX_TABLE_ROWS) -> Table:
    """The first rows of one list, with the chosen columns (the workbook has them all)."""
    frame, headings = lists[sheet]
    return _table(sheet, frame, {c: headings[c] for c in shown}, note=note, widths=widths, max_rows=max_rows)


def document_from_profile(p: DonorProfile, filters: Filters, *, store_version: str,
                          generated: dt.datetime) -> BriefDocument:
    """The brief of an already computed donor profile (the page's cached one)."""
    s = p.summary
    charts = _charts(p)
    warning = None
    if s.has_synthetic:
        warning = (f"Contains {SYNTHETIC_LABEL}: {s.synthetic_projects:,} of {s.projects:,} projects and "
                   f"{s.synthetic_events:,} of {s.events:,} events are generated, not real records.")
    lists = brief_lists(p)
    sections = (
        Section("Money", (ATTRIBUTION_NOTE, f"{RATE_SOURCE_NOTE} Rates: {rate_table_source()}."),
                (charts["funds"],), (
            _brief_table(lists, "Funds by year (USD)", ("year", *FLOW_LABELS, "without_usd"), max_rows=None),
            _brief_table(lists, "Funders of its projects", ("funder", "commitments_usd", "share_pct"),
                         note="Spending is reported per project for all its funders together."),
            _brief_table(lists, "Amounts without a USD value", ("flow", "currency", "value", "transactions"),
                         note="Not in the USD totals: no dated rate exists for the currency and year."),
        )),
        Section("Countries reached", (), (charts["countries"],), (
            _brief_table(lists, "Countries", ("name", "projects", "trainings", "people_trained")),
        )),
        Section("Themes", (), (), (
            _brief_table(lists, "Themes", ("theme", "projects", "events"),
                         note="A project or event with several themes counts under each."),
        )),
        Section("Projects", (), (), (
            _brief_table(lists, "Projects", ("title", "iati_identifier", "status", "start", "end",
                                             "countries"), widths=(4.5, 2.4, 1.8, 1.3, 1.3, 1.6)),
        )),
        Section("Trainings", (), (charts["people"],), (
            _brief_table(lists, "Trainings", ("date", "title", "country", "participants", "women"),
                         widths=(1.3, 5.5, 1.8, 1, 1)),
        )),
        Section("Stories linked to its projects", (
            "Each link says why a news story is tied to a project (the programme it names, its donor, "
            "country and dates); the confidence is 0 to 1.",), (), (
            _brief_table(lists, "Stories", ("date", "title", "confidence"), widths=(1.3, 7, 1.3)),
        )),
        Section("Data gaps", tuple(f"{g}: {d}." for g, d in zip(p.gaps["gap"], p.gaps["detail"], strict=True))
                or ("No gap found in the records behind this view.",)),
    )
    return BriefDocument(
        title=f"Donor brief: {s.name}", donor_id=s.donor_id, donor_name=s.name,
        scope=describe_filters(filters),
        generated=f"{generated:%Y-%m-%d %H:%M} UTC", store_version=store_version, warning=warning,
        figures=_headline(p), sections=sections,
        sources=_brief_table(lists, "Sources", ("kind", "reference", "title", "url"),
                             widths=(1.4, 2.4, 4, 4.5)),
    )


def lists_workbook(p: DonorProfile) -> bytes:
    """Every list of the brief in full, one sheet each, with the brief's column headings (xlsx bytes)."""
    import io

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for sheet, (frame, headings) in brief_lists(p).items():
            table = frame[[c for c in headings if c in frame]].rename(columns=headings)
            table = table.astype(object).map(_spreadsheet_safe).where(table.notna(), NOT_STATED)
            table.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def _spreadsheet_safe(value: object) -> object:
    # A text cell a spreadsheet would run as a formula is prefixed so it stays text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def charts_of(doc: BriefDocument) -> list[Chart]:
    """Every chart of the document, in reading order."""
    return [chart for section in doc.sections for chart in section.charts]
