"""Donors page: funds by donor, what each donor's money reaches, and the donor -> theme -> country flow.

Funds are attributed to the donor that provided them (the transaction's provider); funds whose provider is
not stated are kept as their own row, so the rows always add up to the total. Projects, countries and
trainings are attributed by ``model.donors.ATTRIBUTION_RULE`` (the ``activity_donors`` and
``event_donors`` tables); a training counts for a donor when its release names the donor or when it is
linked to a project the donor funds.
"""

from __future__ import annotations

import pandas as pd

from dashboard.model.countries import country_name
from dashboard.model.vocabulary import NO_COUNTRY, NO_THEME, OTHER_COUNTRIES, OTHER_DONORS
from dashboard.model.vocabulary import PROVIDER_NOT_STATED as NOT_STATED
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.measures import (
    COMMITMENT,
    RECEIPT,
    commitments_usd,
    country_rows,
    funds_received_usd,
    host_countries,
    project_weights,
    theme_rows,
    training_events,
    transactions_of_type,
    weighted_usd,
)
from dashboard.transform.splits import SHARE

SUMMARY_COLUMNS = [
    "donor_id",
    "donor",
    "commitments_usd",
    "funds_received_usd",
    "unconverted_amounts",
    "projects",
    "countries_reached",
    "trainings",
    "people_trained",
]


def donor_names(bundle: StoreBundle) -> dict[str, str]:
    """donor_id -> display name (the id itself when the donors table lacks it)."""
    return dict(zip(bundle.donors["donor_id"], bundle.donors["name"], strict=False))


def funds_by_donor(bundle: StoreBundle) -> pd.DataFrame:
    """Commitments (type 11) and funds received (type 1) in USD per providing donor, split as the registry
    splits them (``measures.weighted_usd``), plus unconverted counts."""
    tx = transactions_of_type(bundle, COMMITMENT, RECEIPT)
    if tx.empty:
        columns = ["donor_id", "commitments_usd", "funds_received_usd", "unconverted_amounts"]
        return pd.DataFrame(columns=columns)
    tx = tx.assign(
        donor_id=tx["provider_donor_id"].fillna(NOT_STATED),
        unconverted=(tx["value"].notna() & tx["value_usd"].isna()).astype(int),
        value_usd=weighted_usd(tx, project_weights(bundle)),
    )
    money = tx.pivot_table(
        index="donor_id", columns="transaction_type", values="value_usd", aggfunc="sum", fill_value=0.0
    )
    out = pd.DataFrame(
        {
            "commitments_usd": money.get(COMMITMENT, pd.Series(0.0, index=money.index)),
            "funds_received_usd": money.get(RECEIPT, pd.Series(0.0, index=money.index)),
        }
    )
    out["unconverted_amounts"] = tx.groupby("donor_id")["unconverted"].sum()
    out = out.reindex(tx["donor_id"].unique()).fillna(0)
    return out.rename_axis("donor_id").reset_index()


def _donor_events(bundle: StoreBundle) -> pd.DataFrame:
    """(donor_id, event_id) pairs for trainings: named in the release, or linked to the donor's project."""
    trainings = training_events(bundle)[["event_id", "participants"]]
    named = bundle.event_donors[["donor_id", "event_id"]].dropna()
    via_project = bundle.event_projects.merge(bundle.activity_donors, on="iati_identifier")[
        ["donor_id", "event_id"]
    ]
    pairs = pd.concat([named, via_project], ignore_index=True).drop_duplicates()
    return pairs.merge(trainings, on="event_id")


def donor_summary(bundle: StoreBundle) -> pd.DataFrame:
    """One row per donor: money (USD), projects, countries reached, trainings and people trained.

    Sorted by commitments, then funds received, then projects. ``countries_reached`` follows the registry:
    recipient countries of the donor's projects and countries where its trainings took place.
    """
    funds = funds_by_donor(bundle)
    ad = bundle.activity_donors
    projects = ad.groupby("donor_id")["iati_identifier"].nunique()
    events = _donor_events(bundle)
    project_countries = ad.merge(bundle.activity_countries, on="iati_identifier")[["donor_id", "iso3"]]
    held = host_countries(bundle.event_countries)
    event_countries = events.merge(held, on="event_id")[["donor_id", "iso3"]]
    countries = pd.concat([project_countries, event_countries]).dropna().groupby("donor_id")["iso3"].nunique()
    trainings = events.groupby("donor_id")["event_id"].nunique()
    people = events.drop_duplicates(["donor_id", "event_id"]).groupby("donor_id")["participants"].sum()
    ids = pd.Index(
        sorted(set(funds["donor_id"]) | set(projects.index) | set(trainings.index)), name="donor_id"
    )
    if ids.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = funds.set_index("donor_id").reindex(ids)
    out["projects"] = projects.reindex(ids)
    out["countries_reached"] = countries.reindex(ids)
    out["trainings"] = trainings.reindex(ids)
    out["people_trained"] = people.reindex(ids)
    out = out.fillna(0).reset_index()
    for col in ("unconverted_amounts", "projects", "countries_reached", "trainings", "people_trained"):
        out[col] = out[col].astype("int64")
    names = donor_names(bundle)
    out["donor"] = out["donor_id"].map(lambda d: names.get(d, d))
    out = out.sort_values(
        ["commitments_usd", "funds_received_usd", "projects", "donor"], ascending=[False, False, False, True]
    )
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def funds_totals(bundle: StoreBundle) -> dict[str, float | None]:
    """Total commitments and funds received in USD from the registry (what the donor rows add up to)."""
    return {"commitments_usd": commitments_usd(bundle), "funds_received_usd": funds_received_usd(bundle)}


def _split_rows(link: pd.DataFrame, column: str, missing: str, ids: pd.Series) -> pd.DataFrame:
    """Rows (iati_identifier, column, share) of the projects in ``ids``: each row's share by the one split
    rule (``transform.splits``, computed on the whole store, so a filter never changes it); a project with
    no row gets ``missing`` with share 1."""
    part = link.loc[link["iati_identifier"].isin(ids), ["iati_identifier", column, SHARE]]
    missing_ids = pd.Index(ids.unique()).difference(link["iati_identifier"])
    filler = pd.DataFrame({"iati_identifier": missing_ids, column: missing, SHARE: 1.0})
    return pd.concat([part, filler], ignore_index=True)


def donor_theme_country_flows(
    bundle: StoreBundle, top_donors: int = 10, top_countries: int = 15
) -> pd.DataFrame:
    """Links of a donor -> theme -> country sankey, valued in committed USD.

    Each commitment is split across its project's themes and countries by ``transform.splits.SPLIT_RULE``,
    the same shares with and without a filter, so the flows add up to the commitments measure. Donors
    beyond the ``top_donors`` largest are merged as "Other donors", countries beyond the ``top_countries``
    largest as "Other countries". Columns: source, target, value_usd,
    stage ("donor-theme" or "theme-country").
    """
    tx = transactions_of_type(bundle, COMMITMENT).dropna(subset=["value_usd"])
    columns = ["source", "target", "value_usd", "stage"]
    if tx.empty:
        return pd.DataFrame(columns=columns)
    names = donor_names(bundle)
    tx = tx.assign(
        donor=tx["provider_donor_id"].map(lambda d: names.get(d, d) if pd.notna(d) else NOT_STATED)
    )
    ranking = tx.groupby("donor")["value_usd"].sum().sort_values(ascending=False)
    keep = set(ranking.index[:top_donors])
    tx = tx.assign(donor=tx["donor"].where(tx["donor"].isin(keep), OTHER_DONORS))
    money = tx.groupby(["iati_identifier", "donor"], as_index=False)["value_usd"].sum()
    ids = money["iati_identifier"]
    themes = _split_rows(theme_rows(bundle), "theme", NO_THEME, ids)
    countries = _split_rows(country_rows(bundle), "iso3", NO_COUNTRY, ids)
    flows = money.merge(themes, on="iati_identifier").merge(
        countries, on="iati_identifier", suffixes=("_theme", "_country")
    )
    # Under a filter only the chosen rows are left: each keeps its whole-store share, so the flows add up
    # to the weighted commitments (the registry's measure).
    flows["value"] = flows["value_usd"] * flows["share_theme"] * flows["share_country"]
    flows["country"] = flows["iso3"].map(lambda c: c if c == NO_COUNTRY else country_name(c))
    country_rank = flows.groupby("country")["value"].sum().sort_values(ascending=False)
    flows["country"] = flows["country"].where(
        flows["country"].isin(set(country_rank.index[:top_countries])), OTHER_COUNTRIES
    )
    first = flows.groupby(["donor", "theme"], as_index=False)["value"].sum().assign(stage="donor-theme")
    second = flows.groupby(["theme", "country"], as_index=False)["value"].sum().assign(stage="theme-country")
    out = pd.concat(
        [
            first.rename(columns={"donor": "source", "theme": "target"}),
            second.rename(columns={"theme": "source", "country": "target"}),
        ],
        ignore_index=True,
    )
    out = out.rename(columns={"value": "value_usd"})
    return out[out["value_usd"] > 0][columns].reset_index(drop=True)
