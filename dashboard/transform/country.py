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
from dashboard.transform.measures import RECEIPT

PROJECT_COLUMNS = [
    "iati_identifier",
    "title",
    "status",
    "start",
    "end",
    "share_pct",
    "budget_usd",
    "country_budget_usd",
    "country_receipts_usd",
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
    """The country's share (0..1) of each of its projects: the reported percentage, else an equal part."""
    ac = bundle.activity_countries
    rows = ac[ac["iati_identifier"].isin(ac.loc[ac["iso3"] == iso3, "iati_identifier"])]
    if rows.empty:
        return pd.Series(dtype=float, name="share")
    counts = rows.groupby("iati_identifier")["iso3"].transform("count")
    mine = rows[rows["iso3"] == iso3].set_index("iati_identifier")
    even = 1.0 / counts[rows["iso3"] == iso3].to_numpy()
    pct = mine["percentage"].astype("Float64") / 100.0
    share = pct.where(pct.notna() & (pct > 0), pd.Series(even, index=mine.index)).astype(float)
    return share.clip(upper=1.0).rename("share")


def country_projects(bundle: StoreBundle, iso3: str) -> pd.DataFrame:
    """The country's projects with the country's share of their budget and funds received (USD).

    ``bundle`` must not be narrowed by country or region (the shares need all of a project's countries).
    """
    share = country_shares(bundle, iso3)
    acts = bundle.activities[bundle.activities["iati_identifier"].isin(share.index)]
    if acts.empty:
        return pd.DataFrame(columns=PROJECT_COLUMNS)
    budget = bundle.budgets.groupby("iati_identifier")["value_usd"].sum()
    tx = bundle.transactions
    receipts = tx[tx["transaction_type"] == RECEIPT].groupby("iati_identifier")["value_usd"].sum()
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
    out["country_receipts_usd"] = ids.map(receipts).astype("Float64") * ids.map(share).astype("Float64")
    out["donors"] = ids.map(donors)
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    return out.sort_values(["start", "iati_identifier"], na_position="last")[PROJECT_COLUMNS].reset_index(
        drop=True
    )
