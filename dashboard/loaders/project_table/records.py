"""Rows under the header -> the store's project tables, each problem named by file, record and field."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dashboard.errors import FileUnreadable, Problem
from dashboard.loaders.base import LoadResult
from dashboard.loaders.project_table.amounts import currency_sign, number_convention, parse_amount
from dashboard.loaders.project_table.cells import ValueProblem, cell_text, is_missing
from dashboard.loaders.project_table.dates import parse_date
from dashboard.loaders.project_table.headers import (
    FIELD_BY_HEADER,
    HEADER_SEARCH_ROWS,
    Column,
    HeaderLayout,
    find_header,
    row_key,
)
from dashboard.loaders.project_table.reading import read_sheets
from dashboard.loaders.project_table.sheet import MAX_CELL_CHARS, Sheet
from dashboard.loaders.project_table.values import (
    project_id,
    resolve_country,
    split_countries,
    status_of,
    themes_for,
)
from dashboard.model.codelists import label
from dashboard.model.donors import Donor, DonorRegistry
from dashboard.model.money import to_usd

KIND = "project_list"
THEME_VOCABULARY = "project-list-theme"
DONOR_EVIDENCE = "project list donor column"


@dataclass
class _Builder:
    """Accumulates the output rows and problems of one file."""

    file: str
    registry: DonorRegistry
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in (
        "activities", "activity_countries", "participating_orgs", "activity_donors", "budgets",
        "activity_themes", "activity_sectors")})
    problems: list[Problem] = field(default_factory=list)
    seen_ids: dict[str, str] = field(default_factory=dict)
    donor_by_name: dict[str, Donor | None] = field(default_factory=dict)
    records_seen: int = 0
    records_loaded: int = 0

    def flag(self, record: str, field_name: str | None, reason: str, raw: object = None) -> None:
        self.problems.append(Problem(self.file, record, field_name, reason,
                                     None if raw is None else cell_text(raw), "flagged"))

    def reject(self, record: str, field_name: str | None, reason: str, raw: object = None) -> None:
        self.problems.append(Problem(self.file, record, field_name, reason,
                                     None if raw is None else str(raw)[:2000], "rejected"))


def _values(cells: Sequence[object], layout: HeaderLayout) -> dict[str, list[tuple[Column, object]]]:
    out: dict[str, list[tuple[Column, object]]] = {}
    for col in layout.columns:
        value = cells[col.index] if col.index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
        if not is_missing(value, col.field):
            out.setdefault(col.field, []).append((col, value))
    return out


def _load_sheet(sheet: Sheet, b: _Builder) -> bool:
    """Load one table; False when it has no recognisable header (then nothing was counted)."""
    text_rows = [[cell_text(c) for c in cells or []] for _, cells in sheet.rows[:HEADER_SEARCH_ROWS]]
    layout = find_header(text_rows)
    if layout is None:
        return False
    data_rows = sheet.rows[layout.row_index + 1:]
    conventions = {number_convention(cell_text(c[col.index])) for _, c in data_rows if c is not None
                   for col in layout.columns
                   if col.field == "budget" and col.index < len(c) and isinstance(c[col.index], str)}
    conventions.discard(None)
    convention = conventions.pop() if len(conventions) == 1 else None
    for record, cells in data_rows:
        if cells is None:
            b.records_seen += 1
            b.reject(record, "row", "unreadable CSV record: a stray or unclosed quote (which swallows the "
                                    f"lines after it) or a field over {MAX_CELL_CHARS:,} characters")
            continue
        texts = [cell_text(c) for c in cells]
        if not any(texts):
            continue  # an empty row is layout, not a record
        key = row_key(texts)
        named = {FIELD_BY_HEADER[k] for k in key if k in FIELD_BY_HEADER}
        if key in layout.header_rows or len(named) >= max(2, len(layout.fields) - 1):
            continue  # the header (or its top line) repeated, e.g. at a page break of an export
        b.records_seen += 1
        if _load_record(record, _values(cells, layout), convention, b):
            b.records_loaded += 1
    return True


def _first(values: dict[str, list[tuple[Column, object]]], name: str) -> tuple[Column, object] | None:
    found = values.get(name)
    return found[0] if found else None


def _load_record(record: str, values: dict[str, list[tuple[Column, object]]], convention: str | None,
                 b: _Builder) -> bool:
    code_cell, title_cell = _first(values, "code"), _first(values, "title")
    code = cell_text(code_cell[1]) if code_cell else None
    title = cell_text(title_cell[1]) if title_cell else None
    if not code and not title:
        b.reject(record, "title", "no project title and no project code",
                 "; ".join(f"{c.label}={cell_text(v)}" for vs in values.values() for c, v in vs))
        return False
    identifier = code or project_id(b.file, title or "")
    where = f"{record} ({code})" if code else record
    if identifier in b.seen_ids:
        b.reject(where, "code" if code else "title",
                 f"duplicate project {identifier!r} (first at {b.seen_ids[identifier]}); one row per project",
                 code or title)
        return False
    b.seen_ids[identifier] = record

    dates: dict[str, dt.date | None] = {"start": None, "end": None}
    for name in dates:
        cell = _first(values, name)
        if cell is None:
            continue
        try:
            dates[name] = parse_date(cell[1], is_end=name == "end", month_first=cell[0].month_first)
        except ValueProblem as exc:
            b.flag(where, name, f"{exc}; the project loads without it", cell[1])
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        b.flag(where, "end", f"end {dates['end']} is before start {dates['start']}", values["end"][0][1])

    status_cell = _first(values, "status")
    status_code, status = status_of(cell_text(status_cell[1])) if status_cell else (None, None)
    url = _url(where, _first(values, "url"), b)
    description = _first(values, "description")
    currency = _budget(identifier, where, values, convention, dates["start"], dates["end"], b)
    b.rows["activities"].append({
        "iati_identifier": identifier, "title": title, "description": cell_text(description[1])
        if description else None, "status_code": status_code, "status": status,
        # A list does not say whether its dates are planned or actual: they fill start/end only.
        "start": dates["start"], "end": dates["end"], "default_currency": currency,
        "record_kind": KIND, "synthetic": False, "url": url, "source_file": b.file,
    })
    _countries(identifier, where, values.get("country", []), b)
    _donors(identifier, values.get("donor", []), b)
    _themes(identifier, values.get("theme", []), b)
    return True


def _url(where: str, cell: tuple[Column, object] | None, b: _Builder) -> str | None:
    if cell is None:
        return None
    text = cell_text(cell[1])
    # Only web links: a "javascript:" or formula cell must never become a clickable link in the app.
    if re.match(r"https?://[^\s<>\"]+$", text, re.I):
        return text
    b.flag(where, "url", "not an http(s) link; not stored as the project's link", text)
    return None


def _budget(identifier: str, where: str, values: dict[str, list[tuple[Column, object]]],
            convention: str | None, start: dt.date | None, end: dt.date | None, b: _Builder) -> str | None:
    """Append the budget row; return the project's currency (for default_currency)."""
    amount_cell, currency_cell = _first(values, "budget"), _first(values, "currency")
    stated: dict[str, str] = {}
    if currency_cell:
        raw_currency = cell_text(currency_cell[1])
        try:
            stated["currency column"] = currency_sign(raw_currency, raw_currency)
        except ValueProblem as exc:
            b.flag(where, "currency", f"{exc}; never guessed", raw_currency)
            if amount_cell:
                b.flag(where, "budget", "budget not loaded: its currency is unknown", amount_cell[1])
            return None
    if amount_cell is None:
        return stated.get("currency column")
    column, raw = amount_cell
    if column.currency:
        stated["header"] = column.currency
    try:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value, in_cell = Decimal(str(raw)), None
        elif cell_text(raw).startswith("="):
            raise ValueProblem(f"formula {cell_text(raw)!r} is never evaluated and no result was stored")
        else:
            value, in_cell = parse_amount(cell_text(raw), convention)
    except (ValueProblem, InvalidOperation) as exc:
        b.flag(where, "budget", f"{exc}; budget not loaded", raw)
        return stated.get("currency column") or stated.get("header")
    if in_cell:
        stated["cell"] = in_cell
    if len(set(stated.values())) > 1:
        b.flag(where, "budget", "currencies disagree (" + ", ".join(f"{k}: {v}" for k, v in stated.items())
               + "); budget not loaded", raw)
        return None
    currency = next(iter(stated.values()), None)
    if not value.is_finite():
        b.flag(where, "budget", "not a finite amount; not loaded", raw)
        return currency
    if value < 0:
        b.flag(where, "budget", "negative budget; not loaded", raw)
        return currency
    if currency is None:
        b.flag(where, "budget", "no currency stated in the cell, a currency column or the header; "
                                "loaded without currency or USD value", raw)
    # Converted at the average rate of the project's start year; no start date, no USD (never guessed).
    if not math.isfinite(float(value)):
        b.flag(where, "budget", "amount out of range; not loaded", raw)
        return currency
    usd = to_usd(float(value), currency, start)
    if usd.refused:
        b.flag(where, "budget", usd.refused, raw)
    b.rows["budgets"].append({
        "iati_identifier": identifier, "period_start": start, "period_end": end, "value": float(value),
        "currency": currency, "value_usd": usd.value_usd, "usd_rate_date": usd.rate_date,
        "usd_converted": usd.converted,
    })
    return currency


def _countries(identifier: str, where: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    seen: set[str] = set()
    for _, raw in cells:
        for item in split_countries(cell_text(raw)):
            iso3 = resolve_country(item)
            if iso3 is None:
                b.flag(where, "country", f"unknown country {item!r}; the project loads without it", item)
            elif iso3 not in seen:
                seen.add(iso3)
                # No share is stated in a list, so none is invented: percentage stays empty.
                b.rows["activity_countries"].append({"iati_identifier": identifier, "iso3": iso3})


def _list_items(cells: list[tuple[Column, object]], field_name: str) -> Iterator[str]:
    """The items of list cells. Only ";" (or "|", a line break) separates them: donor names and themes
    carry commas ("Bureau of ..., U.S. Department of State")."""
    for _, raw in cells:
        for item in re.split(r"[;|\n]", cell_text(raw)):
            if item.strip() and not is_missing(item, field_name):
                yield item.strip()


def _donors(identifier: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    seen: set[str] = set()
    for name in _list_items(cells, "donor"):
        if name not in b.donor_by_name:  # a list repeats its donors: match each spelling once
            b.donor_by_name[name] = b.registry.resolve(name)
        donor = b.donor_by_name[name]
        if donor is None or donor.donor_id in seen:
            continue
        seen.add(donor.donor_id)
        b.rows["participating_orgs"].append({
            "iati_identifier": identifier, "role_code": "1", "role": label("OrganisationRole", "1"),
            "ref": donor.ref, "name": name, "org_type": donor.org_type,
            "org_type_label": label("OrganisationType", donor.org_type), "donor_id": donor.donor_id,
        })
        b.rows["activity_donors"].append({"iati_identifier": identifier, "donor_id": donor.donor_id,
                                          "evidence": DONOR_EVIDENCE})


def _themes(identifier: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    mapped: set[str] = set()
    for item in _list_items(cells, "theme"):
        b.rows["activity_sectors"].append({"iati_identifier": identifier, "vocabulary": THEME_VOCABULARY,
                                           "code": item, "label": item})
        for theme in themes_for(item):
            if theme not in mapped:
                mapped.add(theme)
                b.rows["activity_themes"].append({"iati_identifier": identifier, "theme": theme,
                                                  "derived_from": f"project list theme: {item}"})


def load_project_table(path: Path, registry: DonorRegistry, *, source_name: str | None = None) -> LoadResult:
    """Load a CSV/TSV or Excel project list. Raises FileUnreadable when no project table can be read."""
    path = Path(path)
    file = source_name or path.name
    b = _Builder(file, registry)
    sheets = read_sheets(path, file)
    found = [_load_sheet(sheet, b) for sheet in sheets]
    for sheet in sheets:
        for record, message in sheet.notes:
            b.flag(record or "file", None, message)
    if not any(found):
        raise FileUnreadable(file, "no header naming project columns (a title or project code column and "
                                   f"one more) in the first {HEADER_SEARCH_ROWS} rows")
    result = LoadResult(file, KIND, problems=b.problems, records_seen=b.records_seen,
                        records_loaded=b.records_loaded)
    for table, rows in b.rows.items():
        result.set_table(table, rows)
    return result
