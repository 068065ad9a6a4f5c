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
from dashboard.i18n import N_, _, format_decimal
from dashboard.model.cells import is_missing
from dashboard.model.countries import area_name_in_language, country_name
from dashboard.model.donors import ATTRIBUTION_RULE
from dashboard.model.filters import Filters
from dashboard.model.linking import MIN_CONFIDENCE
from dashboard.model.money import RATE_SOURCE_NOTE, rate_table_source
from dashboard.model.vocabulary import shown, shown_cell, shown_status
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donor_profile import (
    FLOW_LABELS,
    SYNTHETIC_LABEL,
    DonorProfile,
    attribution_note,
    donor_profile,
    gap_lines,
)
from dashboard.transform.measures import MEASURES, NOT_STATED
from dashboard.transform.verification import VerifiedShare

# Longer tables are cut in the PDF and HTML, and the cut is said: the attached workbook holds every row.
MAX_TABLE_ROWS = 10
LISTS_NOTE = N_("Full list in the attached workbook (sheet “{sheet}”).")
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
    return _(NOT_STATED) if value is None or pd.isna(value) else "USD " + format_decimal(round(value))


def count_text(value: int | None) -> str:
    return _(NOT_STATED) if value is None or pd.isna(value) else format_decimal(value)


def public_reference(value: object) -> str:
    """A record's reference as a reader can use it: IATI identifiers kept, internal ids left out."""
    text = str(value) if isinstance(value, str) else ""
    return "" if text.startswith(_INTERNAL_ID_PREFIXES) or _looks_internal(text) else text


def _looks_internal(text: str) -> bool:
    # Event ids are bare hex digests; IATI identifiers always carry an organisation prefix with a dash.
    return bool(text) and "-" not in text and all(c in "0123456789abcdef:" for c in text.lower())


def _cell(value: object) -> str:
    if is_missing(value):
        return _(NOT_STATED)
    if isinstance(value, pd.Timestamp | dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return _("yes") if value else ""
    if isinstance(value, float):
        return (format_decimal(round(value)) if abs(value) >= 1 or value == 0
                else format_decimal(value, digits=2))
    if isinstance(value, int):
        return format_decimal(value)
    return " ".join(str(shown_cell(value)).split())  # a theme, a type, "not stated": in the language


def _table(title: str, df: pd.DataFrame, columns: dict[str, str], note: str = "",
           widths: tuple[float, ...] = (), max_rows: int | None = MAX_TABLE_ROWS) -> Table:
    shown = df if max_rows is None else df.head(max_rows)
    rows = tuple(tuple(_cell(v) for v in row) for row in shown[list(columns)].itertuples(index=False))
    if max_rows is not None and len(df) > max_rows:
        note = (note + " " if note else "") + _("First {shown} of {count} rows.").format(
            shown=format_decimal(max_rows), count=format_decimal(len(df))) + " " + _(LISTS_NOTE).format(
            sheet=_(title)[:31])
    return Table(_(title), tuple(_(heading) for heading in columns.values()), rows, note, widths)


def describe_filters(filters: Filters) -> str:
    """The filters in words ("all records" when none is set)."""
    parts = []
    if filters.date_from or filters.date_to:
        start = filters.date_from.isoformat() if filters.date_from else _("the start")
        end = filters.date_to.isoformat() if filters.date_to else _("today")
        parts.append(_("from {start} to {end}").format(start=start, end=end))
    if filters.countries:
        parts.append(_("countries") + " " + ", ".join(f"{country_name(c)} ({c})" for c in filters.countries))
    for label, values, show in ((_("regions"), filters.regions, area_name_in_language),
                                (_("themes"), filters.themes, shown),
                                (_("activity types"), filters.activity_types, shown),
                                (_("project statuses"), filters.statuses, shown_status)):
        if values:
            parts.append(f"{label} " + ", ".join(str(show(v)) for v in values))
    return "; ".join(parts) if parts else _("all records in the store")


def _headline(p: DonorProfile) -> tuple[Figure, ...]:
    s = p.summary
    checked = VerifiedShare(s.people_trained, s.people_trained_verified)
    without = (" " + _("Not included: {count} amount(s) without a USD value, listed in their own "
                       "currency.").format(count=format_decimal(s.amounts_without_usd))
               if s.amounts_without_usd else "")
    named = p.funders[p.funders["share_pct"] >= 1]
    funders = "; ".join(f"{f} {pct:.0f}%" for f, pct in zip(named["funder"], named["share_pct"], strict=True))
    if len(named) < len(p.funders):
        funders += "; " + _("{count} others under 1% each (all in the workbook)").format(
            count=format_decimal(len(p.funders) - len(named)))
    gender_how = _("Stated by {stated} of the {count} trainings (the release gives the number of women); "
                   "men = "
                   "participants - women.").format(stated=format_decimal(s.trainings_with_gender),
                                                   count=format_decimal(s.trainings))
    m = MEASURES
    return (
        Figure(_(FLOW_LABELS["commitments_usd"]), usd_text(s.commitments_usd),
               _(m["commitments_usd"].definition) + without),
        Figure(_(FLOW_LABELS["funds_received_usd"]), usd_text(s.funds_received_usd),
               _(m["funds_received_usd"].definition)),
        Figure(_(FLOW_LABELS["spent_usd"]), usd_text(s.spent_usd), _(m["spent_usd"].definition)
               + (" " + _("Funders' shares of these projects' commitments: {funders}.").format(
                   funders=funders)
                  if funders else " " + _("No funder's commitment to these projects is recorded in USD."))),
        Figure(_("Budget of the projects it funds"), usd_text(s.budget_usd), _(m["budget_usd"].definition)),
        Figure(_(m["projects"].label), count_text(s.projects),
               _("Projects attributed to the donor.") + " " + _(ATTRIBUTION_RULE)),
        Figure(_(m["countries_reached"].label), count_text(s.countries),
               _(m["countries_reached"].definition)),
        Figure(_(m["trainings"].label), count_text(s.trainings),
               _("Trainings and workshops whose release names the donor or that are linked to its "
                 "projects.")),
        Figure(_(m["people_trained"].label), count_text(s.people_trained),
               _("Participants stated by {stated} of the {count} trainings, each training counted "
                 "once.").format(stated=format_decimal(s.trainings_with_count),
                                 count=format_decimal(s.trainings))
               + " " + checked.caption(_("People trained"))
               + " " + _("(head count and training checked by a reviewer).")),
        Figure(_(m["women_trained"].label), count_text(s.women_trained), gender_how),
        Figure(_("Men trained"), count_text(s.men_trained), gender_how),
        Figure(_(m["officials_trained"].label), count_text(s.officials_trained),
               _(m["officials_trained"].definition)),
        Figure(_("Stories linked to its projects"), count_text(s.stories),
               _("News stories linked to one of its projects with confidence {confidence} or more ({links} "
                 "story–project links: a story can concern two projects).").format(
                   confidence=format_decimal(MIN_CONFIDENCE), links=format_decimal(len(p.stories)))),
    )


def _charts(p: DonorProfile) -> dict[str, Chart]:
    s = p.summary
    return {
        "funds": Chart(_("Funds by year (USD)"), build_donor_funds_by_year(p.funds_by_year).to_plotly_json(),
                       _("Bars per year of funds committed, received and spent for {donor}.").format(
                           donor=s.name)),
        "countries": Chart(_("Countries reached"), build_countries_reached(p.countries).to_plotly_json(),
                           _("Bars of projects per country for {donor}.").format(donor=s.name)),
        "people": Chart(_("People trained by year"),
                        build_people_trained_by_year(p.trainings).to_plotly_json(),
                        _("Stacked bars per year of women, men and people of unstated gender trained.")),
        "timeline": Chart(_("Timeline of trainings"), build_trainings_timeline(p.timeline).to_plotly_json(),
                          _("Each training as a circle on a time axis, sized by participants, by country.")),
    }


def _funds_table(p: DonorProfile) -> pd.DataFrame:
    # dropna=False: the undated amounts (year missing) are grouped too, not dropped with their money.
    wide = p.funds_by_year.pivot_table(index="year", columns="flow", values="usd", aggfunc="sum",
                                       dropna=False)
    counts = p.funds_by_year.groupby("year", dropna=False)[["transactions", "without_usd"]].sum()
    out = wide.reindex(columns=list(FLOW_LABELS)).join(counts).reset_index()
    # A year is a label (no thousands separator); undated amounts are kept as their own row.
    return out.assign(year=out["year"].astype("string").fillna(_("no date")))


def _synthetic(flag: object) -> str:
    return _(SYNTHETIC_LABEL) if flag is True else ""


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
        N_("Funds by year (USD)"): (_funds_table(p), {
            "year": N_("Year"), **FLOW_LABELS, "transactions": N_("Transactions"),
            "without_usd": N_("Without a USD value")}),
        N_("Funders of its projects"): (p.funders, {
            "funder": N_("Funder"), "commitments_usd": N_("Commitments (USD)"),
            "share_pct": N_("Share of commitments %")}),
        N_("Amounts without a USD value"): (p.amounts_without_usd.assign(
            flow=p.amounts_without_usd["flow"].map(FLOW_LABELS).map(_)), {
            "flow": N_("Money measure"), "currency": N_("Currency"), "value": N_("Amount"),
            "transactions": N_("Transactions")}),
        N_("Countries"): (p.countries, {"name": N_("Country"), "projects": N_("Projects"),
                                        "budget_usd": N_("Budget (USD)"), "trainings": N_("Trainings"),
                                        "people_trained": N_("People trained")}),
        N_("Themes"): (p.themes, {"theme": N_("Theme"), "projects": N_("Projects"), "events": N_("Events")}),
        N_("Projects"): (projects, {
            "title": N_("Title"), "iati_identifier": N_("IATI identifier"), "status": N_("Status"),
            "start": N_("Start"), "end": N_("End"), "countries": N_("Countries"), "results": N_("Results"),
            "stories": N_("Stories"), "synthetic": N_("Note")}),
        N_("Trainings"): (trainings, {
            "date": N_("Date"), "title": N_("Training"), "country": N_("Held in"),
            "participants_from": N_("Participants from"),
            "participants": N_("People"), "women": N_("Women"), "men": N_("Men"),
            "how": N_("Why it is the donor's"), "synthetic": N_("Note"), "url": N_("Release")}),
        N_("Stories"): (stories, {
            "date": N_("Date"), "title": N_("Story"), "project": N_("Project (IATI identifier)"),
            "confidence": N_("Confidence"), "evidence": N_("Evidence"), "synthetic": N_("Note"),
            "url": N_("Release")}),
        N_("Sources"): (sources, {
            "kind": N_("Kind"), "reference": N_("IATI identifier"), "title": N_("Title"), "file": N_("File"),
            "url": N_("Address"),
            "synthetic": N_("Note")}),
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
        warning = _("Contains {label}: {synthetic_projects} of {projects} projects and {synthetic_events} of "
                    "{events} events are generated, not real records.").format(
            label=_(SYNTHETIC_LABEL), synthetic_projects=format_decimal(s.synthetic_projects),
            projects=format_decimal(s.projects), synthetic_events=format_decimal(s.synthetic_events),
            events=format_decimal(s.events))
    lists = brief_lists(p)
    sections = (
        Section(_("Money"), (attribution_note(), _(RATE_SOURCE_NOTE) + " " + _("Rates: {source}.").format(
            source=rate_table_source())),
                (charts["funds"],), (
            _brief_table(lists, "Funds by year (USD)", ("year", *FLOW_LABELS, "without_usd"), max_rows=None),
            _brief_table(lists, "Funders of its projects", ("funder", "commitments_usd", "share_pct"),
                         note=_("Spending is reported per project for all its funders together.")),
            _brief_table(lists, "Amounts without a USD value", ("flow", "currency", "value", "transactions"),
                         note=_("Not in the USD totals: no dated rate exists for the currency and year.")),
        )),
        Section(_("Countries reached"), (), (charts["countries"],), (
            _brief_table(lists, "Countries", ("name", "projects", "trainings", "people_trained")),
        )),
        Section(_("Themes"), (), (), (
            _brief_table(lists, "Themes", ("theme", "projects", "events"),
                         note=_("A project or event with several themes counts under each.")),
        )),
        Section(_("Projects"), (), (), (
            _brief_table(lists, "Projects", ("title", "iati_identifier", "status", "start", "end",
                                             "countries"), widths=(4.5, 2.4, 1.8, 1.3, 1.3, 1.6)),
        )),
        Section(_("Trainings"), (), (charts["people"],), (
            _brief_table(lists, "Trainings", ("date", "title", "country", "participants", "women"),
                         widths=(1.3, 5.5, 1.8, 1, 1)),
        )),
        Section(_("Stories linked to its projects"), (
            _("Each link says why a news story is tied to a project (the programme it names, its donor, "
              "country and dates); the confidence is 0 to 1."),), (), (
            _brief_table(lists, "Stories", ("date", "title", "confidence"), widths=(1.3, 7, 1.3)),
        )),
        Section(_("Data gaps"), tuple(f"{g}: {d}." for g, d in gap_lines(p.gaps))
                or (_("No gap found in the records behind this view."),)),
    )
    return BriefDocument(
        title=_("Donor brief: {donor}").format(donor=s.name), donor_id=s.donor_id, donor_name=s.name,
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
            table = frame[[c for c in headings if c in frame]].rename(
                columns={column: _(heading) for column, heading in headings.items()})
            table = table.astype(object).map(_spreadsheet_safe).where(table.notna(), _(NOT_STATED))
            table.to_excel(writer, sheet_name=_(sheet)[:31], index=False)
    return buffer.getvalue()


def _spreadsheet_safe(value: object) -> object:
    # A text cell a spreadsheet would run as a formula is prefixed so it stays text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def charts_of(doc: BriefDocument) -> list[Chart]:
    """Every chart of the document, in reading order."""
    return [chart for section in doc.sections for chart in section.charts]
