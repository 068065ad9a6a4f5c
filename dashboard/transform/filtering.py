"""Apply the user's filters to the store: one pure function behind every figure and every total.

Rules (each filter narrows the records it describes and everything hanging off them):
- Projects match a date range when their activity dates overlap it (start = actual else planned; a missing
  end means still running; a project without any date cannot be placed and is left out of a dated view).
  Their transactions are the ones dated inside the range, their budgets the periods overlapping it.
- News events match on their start date, else the date the release was published.
- Country and region keep a project with at least one matching recipient country, and an event that takes
  place there (host country: a workshop in Malawi with participants from Zimbabwe is not a Zimbabwe event);
  they narrow the country rows to the matching ones (an event keeps its "participants from" rows). A region
  is any area name of ``model.countries.areas_of``: M49 region or sub-region ("Eastern Africa"), or IOM
  regional office.
- Splits (``transform.splits``): a country or theme filter gives each kept project a ``split_weight``, the
  sum of the chosen countries' (themes') shares, so money measures add only the chosen parts.
- Donor keeps projects and events attributed to the donor; it narrows donor rows, and a project's incoming
  funds (transaction types 1 and 11) to the ones that donor provided.
- Theme narrows projects and events the same way; activity type and audience apply to events only,
  project status to projects only.
- Verified only keeps, of the news events, the facts a reviewer confirmed or corrected
  (transform.verification).
Lookup and provenance tables (donors, news items, quarantine, sources, reviews) are never filtered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.model.countries import areas_of
from dashboard.model.donors import DONOR_TRANSACTION_TYPES
from dashboard.model.filters import Filters
from dashboard.transform.bundle import ACTIVITY_CHILDREN, EVENT_CHILDREN, StoreBundle, with_split_shares
from dashboard.transform.splits import SHARE, kept_share
from dashboard.transform.verification import limit_to_verified


def event_dates(events: pd.DataFrame) -> pd.Series:
    """The date an event is placed at: its start date, else its release's publication date."""
    return events["start_date"].fillna(events["published_date"])


def in_areas(iso3: pd.Series, areas: Iterable[str]) -> pd.Series:
    """True where the country lies in one of ``areas`` (any kind: M49 region or sub-region, IOM office)."""
    wanted = set(areas)
    codes = iso3.dropna().unique()
    mapping = {code: any(name in wanted for _, name in areas_of(code)) for code in codes}
    return iso3.map(mapping).fillna(False).astype(bool)


def area_names(iso3: pd.Series) -> dict[str, str]:
    """Every area name the given countries lie in -> its kind (computed once per distinct code)."""
    return {name: kind for code in iso3.dropna().unique() for kind, name in areas_of(code)}


def _bounds(filters: Filters) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    start = pd.Timestamp(filters.date_from) if filters.date_from else None
    # date_to is inclusive: everything before the next midnight.
    end = pd.Timestamp(filters.date_to) + pd.Timedelta(days=1) if filters.date_to else None
    return start, end


def _in_range(dates: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.Series:
    mask = dates.notna()
    if start is not None:
        mask &= dates >= start
    if end is not None:
        mask &= dates < end
    return mask.fillna(False).astype(bool)


def _overlaps(
    begin: pd.Series, finish: pd.Series, start: pd.Timestamp | None, end: pd.Timestamp | None
) -> pd.Series:
    """Intervals [begin, finish] overlapping [start, end); a missing end is open, no dates never match."""
    mask = begin.notna() | finish.notna()
    if end is not None:
        mask &= begin.isna() | (begin < end)
    if start is not None:
        mask &= finish.isna() | (finish >= start)
    return mask.fillna(False).astype(bool)


def _country_ok(iso3: pd.Series, filters: Filters) -> pd.Series:
    mask = pd.Series(True, index=iso3.index)
    if filters.countries:
        mask &= _isin(iso3, filters.countries)
    if filters.regions:
        mask &= in_areas(iso3, filters.regions)
    return mask


def _keep(frame: pd.DataFrame, mask: pd.Series) -> pd.DataFrame:
    return frame if bool(mask.all()) else frame.loc[mask].reset_index(drop=True)


def isin(values: pd.Series, allowed: pd.Series | pd.Index | Iterable[str]) -> pd.Series:
    """``values.isin(allowed)`` as a plain boolean Series, missing values never matching.

    Arrow-backed strings go through ``pyarrow.compute.is_in``: pandas builds one Arrow scalar per allowed
    value, which took 0.4 s to match 40,000 rows against 27,000 event ids (Arrow: 10 ms).
    """
    to_arrow = getattr(values.array, "__arrow_array__", None)
    chunked = to_arrow() if to_arrow is not None else None
    if chunked is not None and (pa.types.is_string(chunked.type) or pa.types.is_large_string(chunked.type)):
        if isinstance(allowed, pd.Series | pd.Index) and hasattr(allowed.array, "__arrow_array__"):
            value_set = allowed.array.__arrow_array__()
            value_set = value_set.combine_chunks() if isinstance(value_set, pa.ChunkedArray) else value_set
        else:
            value_set = pa.array([str(v) for v in allowed if isinstance(v, str)], type=pa.string())
        value_set = value_set.cast(chunked.type)
        found = pc.fill_null(pc.is_in(chunked, value_set=value_set), False)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)
    return values.isin(list(allowed)).fillna(False).astype(bool)


def _isin(values: pd.Series, allowed: pd.Series | pd.Index | Iterable[str]) -> pd.Series:
    return isin(values, allowed)


def _narrow_linked(
    records: pd.DataFrame,
    own_mask: pd.Series,
    key: str,
    children: tuple[str, ...],
    bundle: StoreBundle,
    filters: Filters,
    links: dict[str, str],
) -> dict[str, pd.DataFrame]:
    """Keep records passing ``own_mask`` and linked to every chosen country/donor/theme; narrow children.

    ``links`` names the child tables holding countries, donors and themes (keys "countries", "donors",
    "themes"); each keeps only its matching rows.
    """
    link_masks = {
        "countries": lambda f: _country_ok(f["iso3"], filters) & _is_place(f),
        "donors": lambda f: _isin(f["donor_id"], filters.donors),
        "themes": lambda f: _isin(f["theme"], filters.themes),
    }
    active = {
        "countries": bool(filters.countries or filters.regions),
        "donors": bool(filters.donors),
        "themes": bool(filters.themes),
    }
    mask = own_mask
    for dimension, table in links.items():
        if active[dimension]:
            link = getattr(bundle, table)
            linked = link.loc[link_masks[dimension](link), key].dropna().drop_duplicates()
            mask &= isin(records[key], linked)
    kept = _keep(records, mask)
    out = {"": kept}
    for name in children:
        frame = getattr(bundle, name)
        out[name] = _keep(frame, isin(frame[key], kept[key]))
    for dimension, table in links.items():
        if active[dimension]:
            rows = out[table]
            keep = link_masks[dimension](rows)
            if "role" in rows:  # an event keeps the countries its participants came from
                keep |= rows["role"].eq("participant").fillna(False).astype(bool)
            out[table] = _keep(rows, keep)
    return out


def _is_place(links: pd.DataFrame) -> pd.Series:
    """Rows that say where a thing is: every project country; for events, the host country only."""
    if "role" not in links:
        return pd.Series(True, index=links.index)
    return links["role"].eq("host").fillna(False).astype(bool)


def filter_projects(bundle: StoreBundle, filters: Filters) -> dict[str, pd.DataFrame]:
    """The project tables narrowed by ``filters``."""
    acts = bundle.activities
    start, end = _bounds(filters)
    mask = pd.Series(True, index=acts.index)
    if filters.statuses:
        mask &= _isin(acts["status"], filters.statuses)
    if start is not None or end is not None:
        mask &= _overlaps(acts["start"], acts["end"], start, end)
    out = _narrow_linked(
        acts,
        mask,
        "iati_identifier",
        ACTIVITY_CHILDREN,
        bundle,
        filters,
        {"countries": "activity_countries", "donors": "activity_donors", "themes": "activity_themes"},
    )
    out["activities"] = _with_split_weight(out.pop(""), out, filters)
    tx = out["transactions"]
    tx_mask = pd.Series(True, index=tx.index)
    if start is not None or end is not None:
        tx_mask &= _in_range(tx["date"], start, end)
    if filters.donors:
        incoming = _isin(tx["transaction_type"], tuple(DONOR_TRANSACTION_TYPES))
        tx_mask &= ~incoming | _isin(tx["provider_donor_id"], filters.donors)
    out["transactions"] = _keep(tx, tx_mask)
    if start is not None or end is not None:
        bud = out["budgets"]
        out["budgets"] = _keep(bud, _overlaps(bud["period_start"], bud["period_end"], start, end))
    return out


def _with_split_weight(acts: pd.DataFrame, parts: dict[str, pd.DataFrame], filters: Filters) -> pd.DataFrame:
    """``acts`` with ``split_weight``: the part of each project's money inside the country/theme filter."""
    ids = acts["iati_identifier"]
    by_country = pd.Series(1.0, index=acts.index)
    by_theme = pd.Series(1.0, index=acts.index)
    if filters.countries or filters.regions:
        by_country = kept_share(parts["activity_countries"], ids)
    if filters.themes:
        by_theme = kept_share(parts["activity_themes"], ids)
    # The two factors are kept apart too: a per-theme breakdown applies each theme row's own share instead.
    return acts.assign(split_country=by_country.astype("float64"), split_theme=by_theme.astype("float64"),
                       split_weight=(by_country * by_theme).astype("float64"))


def filter_events(bundle: StoreBundle, filters: Filters) -> dict[str, pd.DataFrame]:
    """The news-event tables narrowed by ``filters``."""
    ev = bundle.events
    start, end = _bounds(filters)
    mask = pd.Series(True, index=ev.index)
    if filters.activity_types:
        mask &= _isin(ev["type"], filters.activity_types)
    if filters.audiences:
        audience = getattr(bundle, "event_audience", None)
        for_them = pd.Series(dtype="string") if audience is None else audience.loc[
            _isin(audience["audience"], filters.audiences), "event_id"]
        mask &= isin(ev["event_id"], for_them.dropna().drop_duplicates())
    if start is not None or end is not None:
        mask &= _in_range(event_dates(ev), start, end)
    out = _narrow_linked(
        ev,
        mask,
        "event_id",
        EVENT_CHILDREN,
        bundle,
        filters,
        {"countries": "event_countries", "donors": "event_donors", "themes": "event_themes"},
    )
    out["events"] = out.pop("")
    audience = getattr(bundle, "event_audience", None)  # issue 11's table, absent from older stores
    if audience is not None:
        out["event_audience"] = _keep(audience, isin(audience["event_id"], out["events"]["event_id"]))
    return out


def apply_filters(bundle: StoreBundle, filters: Filters) -> StoreBundle:
    """The bundle narrowed to what ``filters`` asks for; never adds a row, never changes a value."""
    if filters.is_empty():
        return bundle
    if SHARE not in bundle.activity_countries or SHARE not in bundle.activity_themes:
        bundle = with_split_shares(bundle)  # shares come from the whole store, before narrowing
    if filters.verified_only:
        bundle = limit_to_verified(bundle)
    projects = filter_projects(bundle, filters)
    events = filter_events(bundle, filters)
    ep = events["event_projects"]
    kept_projects = projects["activities"]["iati_identifier"]
    events["event_projects"] = _keep(ep, isin(ep["iati_identifier"], kept_projects))
    return replace(bundle, **projects, **events)
