"""How a project with several countries or themes is split: one rule, the same with and without filters.

SPLIT_RULE says it in words. Each project's share of a country is the percentage it reports for that
country when every one of its countries has a percentage and they add up to about 100, else an equal part;
its share of a theme is an equal part of its themes (themes carry no percentage). Shares are computed over
all of a project's rows *before* any filter narrows them, so the filtered view keeps each row's share: a
theme filter on counter-trafficking gives a two-theme project's commitment half to counter-trafficking,
exactly as the unfiltered view does.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_

SPLIT_RULE = N_(
    "Money of a project with several countries is split across them by the percentage it reports for each "
    "(equal parts when a percentage is missing or they do not add up to 100); money of a project with "
    "several themes is split in equal parts across its themes. A country or theme filter keeps the chosen "
    "countries' or themes' parts, so the same project gives the same amount to a country or theme with and "
    "without filters. Counts (projects, trainings, people trained) count a record whole under each of its "
    "countries or themes."
)
SHARE = "share"


def country_split(activity_countries: pd.DataFrame) -> pd.Series:
    """Each row's share (0..1) of its project, by the rule above; a project's shares add up to 1."""
    ac = activity_countries
    if ac.empty:
        return pd.Series(dtype="float64", index=ac.index)
    key = ac["iati_identifier"]
    pct = ac["percentage"].astype("Float64")
    total = pct.groupby(key).transform("sum")
    complete = pct.notna().groupby(key).transform("all").astype(bool)
    n = key.groupby(key).transform("size").astype("float64")
    usable = complete & ((total - 100).abs() <= 1).fillna(False).astype(bool)
    return (pct / total).astype("float64").where(usable, 1.0 / n).astype("float64")


def theme_split(activity_themes: pd.DataFrame) -> pd.Series:
    """Each row's share (0..1) of its project: equal parts across the project's themes."""
    at = activity_themes
    if at.empty:
        return pd.Series(dtype="float64", index=at.index)
    key = at["iati_identifier"]
    return (1.0 / key.groupby(key).transform("size").astype("float64")).astype("float64")


def with_shares(activity_countries: pd.DataFrame, activity_themes: pd.DataFrame) -> tuple[
        pd.DataFrame, pd.DataFrame]:
    """The two link tables de-duplicated, each with its ``share`` column (kept as it is)."""
    ac = activity_countries.dropna(subset=["iso3"]).drop_duplicates(["iati_identifier", "iso3"])
    at = activity_themes.dropna(subset=["theme"]).drop_duplicates(["iati_identifier", "theme"])
    if SHARE not in ac:
        ac = ac.assign(**{SHARE: country_split(ac)})
    if SHARE not in at:
        at = at.assign(**{SHARE: theme_split(at)})
    return ac.reset_index(drop=True), at.reset_index(drop=True)


def kept_share(link: pd.DataFrame, ids: pd.Series) -> pd.Series:
    """Per project in ``ids``: the sum of the shares of its rows left in ``link`` (0 when none is)."""
    got = link.groupby("iati_identifier")[SHARE].sum() if not link.empty else pd.Series(dtype="float64")
    return ids.map(got).astype("float64").fillna(0.0).clip(upper=1.0)
