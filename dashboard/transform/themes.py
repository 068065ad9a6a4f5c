"""Themes page: projects, money and trainings by theme, and themes over time.

A project or training with several themes counts once under each of them (a theme's count answers "how
many touch this theme"), so theme counts can add up to more than the total. Money is split by the one rule
(``transform.splits.SPLIT_RULE``): equal parts across a project's themes, the same parts with and without
a theme filter, so theme amounts add up to the registry's money measures.
"""

from __future__ import annotations

import pandas as pd

from dashboard.model.vocabulary import NO_THEME
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import isin
from dashboard.transform.measures import (
    COMMITMENT,
    RECEIPT,
    budget_usd_per_project,
    project_weights,
    project_years,
    theme_rows,
    training_events,
)
from dashboard.transform.splits import SHARE

SUMMARY_COLUMNS = [
    "theme",
    "projects",
    "budget_usd",
    "commitments_usd",
    "funds_received_usd",
    "countries",
    "trainings",
    "people_trained",
]


def _project_themes(bundle: StoreBundle) -> pd.DataFrame:
    """(iati_identifier, theme, share) for every project; unthemed projects get NO_THEME (share 1).

    ``share`` is the theme's part of the project's money times the project's part inside a country filter.
    """
    ids = bundle.activities["iati_identifier"]
    themes = theme_rows(bundle)
    at = themes[isin(themes["iati_identifier"], ids)][
        ["iati_identifier", "theme", SHARE]
    ]
    missing = pd.DataFrame({"iati_identifier": ids[~isin(ids, at["iati_identifier"])], "theme": NO_THEME,
                            SHARE: 1.0})
    out = pd.concat([at, missing], ignore_index=True).drop_duplicates(["iati_identifier", "theme"])
    in_countries = project_weights(bundle, "split_country")
    by_country = out["iati_identifier"].map(in_countries).astype(float).fillna(1.0)
    return out.assign(share=out[SHARE].astype(float) * by_country)


def _event_themes(events: pd.DataFrame, bundle: StoreBundle) -> pd.DataFrame:
    et = bundle.event_themes[isin(bundle.event_themes["event_id"], events["event_id"])][["event_id", "theme"]]
    missing = pd.DataFrame(
        {"event_id": events.loc[~isin(events["event_id"], et["event_id"]), "event_id"], "theme": NO_THEME}
    )
    return pd.concat([et, missing], ignore_index=True).drop_duplicates()


def theme_summary(bundle: StoreBundle) -> pd.DataFrame:
    """One row per theme: projects, money in USD (split across themes), countries, trainings, people."""
    pt = _project_themes(bundle)
    budgets = budget_usd_per_project(bundle.budgets)
    tx = bundle.transactions
    money = tx[tx["transaction_type"].isin([COMMITMENT, RECEIPT])].pivot_table(
        index="iati_identifier", columns="transaction_type", values="value_usd", aggfunc="sum", fill_value=0.0
    )
    pt = pt.assign(
        budget_usd=pt["iati_identifier"].map(budgets).astype(float).fillna(0.0) * pt["share"],
        commitments_usd=pt["iati_identifier"]
        .map(money.get(COMMITMENT, pd.Series(dtype=float)))
        .astype(float)
        .fillna(0.0)
        * pt["share"],
        funds_received_usd=pt["iati_identifier"]
        .map(money.get(RECEIPT, pd.Series(dtype=float)))
        .astype(float)
        .fillna(0.0)
        * pt["share"],
    )
    by_theme = pt.groupby("theme").agg(
        projects=("iati_identifier", "nunique"),
        budget_usd=("budget_usd", "sum"),
        commitments_usd=("commitments_usd", "sum"),
        funds_received_usd=("funds_received_usd", "sum"),
    )
    trainings = training_events(bundle)
    tt = _event_themes(trainings, bundle).merge(trainings[["event_id", "participants"]], on="event_id")
    ev_by_theme = tt.groupby("theme").agg(
        trainings=("event_id", "nunique"), people_trained=("participants", "sum")
    )
    project_countries = pt.merge(bundle.activity_countries, on="iati_identifier")[["theme", "iso3"]]
    event_countries = tt.merge(bundle.event_countries, on="event_id")[["theme", "iso3"]]
    countries = pd.concat([project_countries, event_countries]).dropna().groupby("theme")["iso3"].nunique()
    out = by_theme.join(ev_by_theme, how="outer").join(countries.rename("countries"), how="left")
    if out.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    out = out.fillna(0).rename_axis("theme").reset_index()
    for col in ("projects", "countries", "trainings", "people_trained"):
        out[col] = out[col].astype("int64")
    out = out.sort_values(["projects", "trainings", "theme"], ascending=[False, False, True])
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def themes_over_time(bundle: StoreBundle) -> pd.DataFrame:
    """Per year and theme: projects running that year, trainings held and people trained.

    Projects count in every year from their start to their end (open ends run to the last year with data).
    Columns: year, theme, projects, trainings, people_trained.
    """
    columns = ["year", "theme", "projects", "trainings", "people_trained"]
    acts = bundle.activities.dropna(subset=["start"])[["iati_identifier", "start", "end"]]
    trainings = training_events(bundle).dropna(subset=["date"])
    years = pd.concat([acts["start"].dt.year, acts["end"].dt.year, trainings["date"].dt.year]).dropna()
    if years.empty:
        return pd.DataFrame(columns=columns)
    last = int(years.max())
    spans = project_years(acts, last)
    themed_years = spans.merge(_project_themes(bundle)[["iati_identifier", "theme"]], on="iati_identifier")
    projects = themed_years.groupby(["year", "theme"])["iati_identifier"].nunique().rename("projects")
    tt = _event_themes(trainings, bundle).merge(
        trainings[["event_id", "participants", "date"]], on="event_id"
    )
    tt = tt.assign(year=tt["date"].dt.year)
    ev = tt.groupby(["year", "theme"]).agg(
        trainings=("event_id", "nunique"), people_trained=("participants", "sum")
    )
    out = pd.concat([projects, ev], axis=1).fillna(0).reset_index()
    if out.empty:
        return pd.DataFrame(columns=columns)
    for col in ("year", "projects", "trainings", "people_trained"):
        out[col] = out[col].astype("int64")
    return out[columns].sort_values(["year", "theme"]).reset_index(drop=True)
