"""Rankings: countries, donors or themes ordered by one money or reach measure.

Every figure comes from the transform the other pages use, so a ranking agrees with the Map, the Donors and
the Themes pages:
- countries: ``geo.country_measures`` (projects, budget, trainings, people trained) and, for money received
  or committed, each project's transactions split across its countries by the one split rule of
  ``transform.splits`` (the same split as the map's budget), see :func:`project_money`;
- donors: ``donors.donor_summary`` (money by the transaction's provider, reach by the attribution rule);
- themes: ``themes.theme_summary`` (a project's money in equal parts across its themes).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from dashboard.i18n import N_
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donors import NOT_STATED, donor_summary
from dashboard.transform.filtering import in_areas, isin
from dashboard.transform.geo import country_measures
from dashboard.transform.measures import COMMITMENT, RECEIPT
from dashboard.transform.splits import with_shares
from dashboard.transform.themes import NO_THEME, theme_summary

DIMENSIONS: dict[str, str] = {"countries": N_("Countries"), "donors": N_("Donors"), "themes": N_("Themes")}
MEASURES: dict[str, str] = {
    "funds_received_usd": N_("Funds received (USD)"),
    "commitments_usd": N_("Commitments (USD)"),
    "budget_usd": N_("Budget (USD)"),
    "projects": N_("Projects"),
    "trainings": N_("Trainings"),
    "people_trained": N_("People trained"),
}
# The measures each dimension has (donors carry no budget: a budget is the project's, not a donor's).
AVAILABLE: dict[str, tuple[str, ...]] = {
    "countries": tuple(MEASURES),
    "donors": ("funds_received_usd", "commitments_usd", "projects", "trainings", "people_trained"),
    "themes": tuple(MEASURES),
}
MONEY_MEASURES = ("funds_received_usd", "commitments_usd", "budget_usd")
# Rows not attributable to one named item: shown, but they cannot be drilled into.
UNNAMED = (NOT_STATED, NO_THEME)
RANKING_COLUMNS = ["rank", "key", "name", "value"]


def project_money(
    bundle: StoreBundle, countries: Iterable[str] = (), regions: Iterable[str] = ()
) -> pd.DataFrame:
    """Per project: funds received (type 1) and commitments (type 11) in USD, for the chosen geography.

    With countries or regions chosen, a project's amounts are multiplied by the share of it that falls in
    them (``transform.splits`` shares over *all* its countries, so ``bundle`` must not be narrowed by
    geography). Columns: iati_identifier, geo_share, funds_received_usd, commitments_usd.
    """
    countries, regions = tuple(countries), tuple(regions)
    tx = bundle.transactions[isin(bundle.transactions["transaction_type"], (RECEIPT, COMMITMENT))]
    money = tx.pivot_table(index="iati_identifier", columns="transaction_type", values="value_usd",
                           aggfunc="sum", fill_value=0.0)
    ids = bundle.activities["iati_identifier"].drop_duplicates()
    out = pd.DataFrame({"iati_identifier": ids.to_numpy()})
    if countries or regions:
        shares = _country_shares(bundle)
        chosen = pd.Series(True, index=shares.index)
        if countries:
            chosen &= isin(shares["iso3"], countries)
        if regions:
            chosen &= in_areas(shares["iso3"], regions)
        share = shares[chosen].groupby("iati_identifier")["share"].sum()
        out["geo_share"] = out["iati_identifier"].map(share).fillna(0.0).astype(float)
    else:
        out["geo_share"] = 1.0
    for column, code in (("funds_received_usd", RECEIPT), ("commitments_usd", COMMITMENT)):
        amounts = money[code] if code in money else pd.Series(dtype=float)
        out[column] = out["iati_identifier"].map(amounts).fillna(0.0).astype(float) * out["geo_share"]
    return out


def _country_shares(bundle: StoreBundle) -> pd.DataFrame:
    """The project-country rows with their ``share`` (kept when the bundle already carries it)."""
    return with_shares(bundle.activity_countries, bundle.activity_themes)[0]


def _country_money(bundle: StoreBundle) -> pd.DataFrame:
    """Funds received and commitments (USD) per country: each project's money by its country shares."""
    shares = _country_shares(bundle)
    money = project_money(bundle)[["iati_identifier", "funds_received_usd", "commitments_usd"]]
    split = shares.merge(money, on="iati_identifier", how="inner")
    for column in ("funds_received_usd", "commitments_usd"):
        split[column] = split[column] * split["share"]
    return split.groupby("iso3")[["funds_received_usd", "commitments_usd"]].sum()


def _country_table(bundle: StoreBundle) -> pd.DataFrame:
    measures = country_measures(bundle).set_index("iso3")
    table = measures.join(_country_money(bundle), how="outer")
    table["name"] = [f"{n} ({c})" if isinstance(n, str) else c for c, n in zip(table.index, table["name"],
                                                                                 strict=True)]
    return table.rename_axis("key").reset_index()


def _donor_table(bundle: StoreBundle) -> pd.DataFrame:
    summary = donor_summary(bundle)
    return summary.rename(columns={"donor_id": "key", "donor": "name"})


def _theme_table(bundle: StoreBundle) -> pd.DataFrame:
    summary = theme_summary(bundle)
    return summary.assign(key=summary["theme"], name=summary["theme"])


def ranking(bundle: StoreBundle, dimension: str, measure: str) -> pd.DataFrame:
    """``rank, key, name, value``: items of ``dimension`` with a value above zero, largest first.

    ``key`` is what the sidebar filters on (ISO3, donor id, theme); ties keep alphabetical order and share
    a rank.
    """
    if measure not in AVAILABLE.get(dimension, ()):
        raise ValueError(f"no measure {measure!r} for {dimension!r}")
    table = {"countries": _country_table, "donors": _donor_table, "themes": _theme_table}[dimension](bundle)
    if table.empty or measure not in table:
        return pd.DataFrame(columns=RANKING_COLUMNS)
    out = table[["key", "name", measure]].rename(columns={measure: "value"})
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype(float)
    out = out[out["value"] > 0].sort_values(["value", "name"], ascending=[False, True])
    out.insert(0, "rank", out["value"].rank(method="min", ascending=False).astype("int64"))
    return out[RANKING_COLUMNS].reset_index(drop=True)
