"""The choices the sidebar offers: the values present in the store, with display names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.model.countries import AREA_KINDS, country_name
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import area_names, event_dates


@dataclass(frozen=True)
class FilterOptions:
    """Values to choose from, sorted for display; ``donor_names``: donor_id -> a unique label."""

    regions: tuple[str, ...]  # area names, grouped by kind (M49 regions, sub-regions, IOM offices)
    region_kinds: dict[str, str]  # area name -> its kind
    countries: tuple[str, ...]
    country_names: dict[str, str]
    donors: tuple[str, ...]
    donor_names: dict[str, str]
    themes: tuple[str, ...]
    activity_types: tuple[str, ...]
    statuses: tuple[str, ...]
    first_date: dt.date | None
    last_date: dt.date | None
    # The latest date something happened (a transaction, a training, a project start), never in the future:
    # planned end dates run years ahead, so they would make "the last 12 months" an empty future window.
    last_recorded: dt.date | None


def _values(*series: pd.Series) -> list[str]:
    values: set[str] = set()
    for s in series:
        values.update(str(v) for v in s.dropna().unique() if str(v).strip())
    return sorted(values)


def donor_labels(donors: pd.DataFrame, donor_ids: list[str]) -> dict[str, str]:
    """donor_id -> display name; a name shared by two donors gets its id added, so labels stay unique."""
    names = dict(zip(donors["donor_id"], donors["name"], strict=False))
    labels = {d: str(names.get(d) or d) for d in donor_ids}
    counts = pd.Series(list(labels.values())).value_counts()
    return {d: (f"{n} ({d})" if counts.get(n, 0) > 1 else n) for d, n in labels.items()}


def filter_options(bundle: StoreBundle, today: dt.date | None = None) -> FilterOptions:
    """Everything the filters can be set to, from the (unfiltered) store (``today`` fixed in tests)."""
    iso3 = pd.concat([bundle.activity_countries["iso3"], bundle.event_countries["iso3"]], ignore_index=True)
    countries = _values(iso3)
    kinds = area_names(iso3)
    names = {c: country_name(c) for c in countries}
    donor_ids = _values(bundle.activity_donors["donor_id"], bundle.event_donors["donor_id"])
    labels = donor_labels(bundle.donors, donor_ids)
    dates = pd.concat(
        [bundle.activities["start"], bundle.activities["end"], event_dates(bundle.events)], ignore_index=True
    ).dropna()
    happened = pd.concat(
        [bundle.transactions["date"], event_dates(bundle.events), bundle.activities["start"]],
        ignore_index=True,
    ).dropna()
    happened = happened[happened <= pd.Timestamp(today or dt.date.today())]
    return FilterOptions(
        regions=tuple(sorted(kinds, key=lambda a: (AREA_KINDS.index(kinds[a]), a))),
        region_kinds=kinds,
        countries=tuple(sorted(countries, key=lambda c: names[c])),
        country_names=names,
        donors=tuple(sorted(donor_ids, key=lambda d: labels[d].casefold())),
        donor_names=labels,
        themes=tuple(_values(bundle.activity_themes["theme"], bundle.event_themes["theme"])),
        activity_types=tuple(_values(bundle.events["type"])),
        statuses=tuple(_values(bundle.activities["status"])),
        first_date=dates.min().date() if not dates.empty else None,
        last_date=dates.max().date() if not dates.empty else None,
        last_recorded=happened.max().date() if not happened.empty else None,
    )
