"""Country profile: one country's projects (with its share of each), money and trainings.

The page filters the store to the country (``countries=(iso3,)``) for the other pages' transforms (its
trainings, donors, themes); this module adds what only makes sense for one country: its facts and its
share of multi-country projects.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.model.countries import country_info
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donors import donor_names
from dashboard.transform.measures import RECEIPT, budget_usd_per_project, country_rows, transactions_of_type
from dashboard.transform.splits import SHARE

PROJECT_COLUMNS = [
    "iati_identifier",
    "title",
    "status",
    "start",
    "end",
    "share_pct",
    "budget_usd",
    "country_budget_usd",
    "country_funds_received_usd",
    "donors",
    "synthetic",
]


@dataclass(frozen=True)
class CountryFacts:
    iso3: str
    name: str
    region: str
    subregion: str
    known: bool


def country_facts(iso3: str) -> CountryFacts:
    """Name and UN M49 region of a country code (``known`` is False for a code outside the taxonomy)."""
    info = country_info(iso3)
    if info is None:
        return CountryFacts(iso3, iso3, "", "", False)
    return CountryFacts(iso3, info.name, info.region, info.subregion, True)


def country_shares(bundle: StoreBundle, iso3: str) -> pd.Series:
    """The country's share (0..1) of each of its projects, by the one split rule (``transform.splits``)."""
    ac = country_rows(bundle)
    mine = ac[ac["iso3"] == iso3]
    if mine.empty:
        return pd.Series(dtype=float, name="share")
    return pd.Series(mine[SHARE].to_numpy(dtype="float64"), index=mine["iati_identifier"].to_numpy(),
                     name="share")


def country_projects(bundle: StoreBundle, iso3: str) -> pd.DataFrame:
    """The country's projects with the country's part of their budget and funds received (USD).

    The parts are the registry's measures under the country filter: ``country_budget_usd`` sums to the
    country's budget figure, ``country_funds_received_usd`` to its funds received. ``bundle`` may be narrowed
    by anything but country or region (each row keeps its whole-store share either way).
    """
    share = country_shares(bundle, iso3)
    acts = bundle.activities[bundle.activities["iati_identifier"].isin(share.index)]
    if acts.empty:
        return pd.DataFrame(columns=PROJECT_COLUMNS)
    budget = budget_usd_per_project(bundle.budgets)
    received = transactions_of_type(bundle, RECEIPT).dropna(subset=["value_usd"])
    receipts = received.groupby("iati_identifier")["value_usd"].sum()
    names = donor_names(bundle)
    donors = (
        bundle.activity_donors.assign(name=bundle.activity_donors["donor_id"].map(lambda d: names.get(d, d)))
        .groupby("iati_identifier")["name"]
        .agg(lambda v: ", ".join(sorted(set(v))))
    )
    out = acts[["iati_identifier", "title", "status", "start", "end", "synthetic"]].copy()
    ids = out["iati_identifier"]
    out["share_pct"] = (ids.map(share).astype(float) * 100).round(1)
    out["budget_usd"] = ids.map(budget).astype("Float64")
    out["country_budget_usd"] = out["budget_usd"] * ids.map(share).astype("Float64")
    out["country_funds_received_usd"] = ids.map(receipts).astype("Float64") * ids.map(share).astype("Float64")
    out["donors"] = ids.map(donors)
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    return out.sort_values(["start", "iati_identifier"], na_position="last")[PROJECT_COLUMNS].reset_index(
        drop=True
    )
