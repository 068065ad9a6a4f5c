"""Trainings page: every training on a time axis, people trained per month, and the projects' Gantt."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.model.cells import is_missing
from dashboard.model.countries import country_name, region_of
from dashboard.model.vocabulary import NAMED_IN_RELEASE, NO_DONOR_NAMED, VIA_PROJECT
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import isin
from dashboard.transform.measures import NOT_STATED, official_training_ids, training_events
from dashboard.transform.measures import officials_trained as officials_trained_measure

UNTHEMED = "no theme stated"
# Bars the projects' Gantt draws: at 150 the chart was about 3,000 px tall and unreadable on any screen.
GANTT_MAX_PROJECTS = 40


def _joined(frame: pd.DataFrame, key: str, column: str, ids: pd.Series) -> pd.Series:
    """``column`` values per ``key``, joined with ", " (a pandas string Series indexed by key)."""
    part = frame.loc[isin(frame[key], ids), [key, column]].dropna().drop_duplicates()
    if part.empty:
        return pd.Series(dtype="string")
    part = part.sort_values([key, column])
    # A plain loop: pandas' groupby with a Python join slices a Series per group, 100 times slower here.
    joined: dict[str, list[str]] = {}
    for k, v in zip(part[key].tolist(), part[column].tolist(), strict=True):
        joined.setdefault(k, []).append(str(v))
    return pd.Series({k: ", ".join(v) for k, v in joined.items()}, dtype="string")


def _per_distinct(values: pd.Series, func: Callable[[str], str | None]) -> pd.Series:
    """``func`` applied once per distinct non-missing value (names and regions repeat across rows)."""
    mapping = {v: func(v) for v in values.dropna().unique()}
    return values.map(mapping).astype("string")


def training_timeline(bundle: StoreBundle) -> pd.DataFrame:
    """One row per training or workshop with what the timeline shows and its hover names.

    Columns: event_id, date, title, type, place, country (where it took place: host countries, "not stated"
    when no host is known), participants_from (countries whose people took part, never the event's
    country), region (of the first host country), theme (the first theme, for colour), themes, donors,
    participants, participants_female, url, synthetic. Trainings without any date are left out (they cannot
    be placed on a time axis; ``kpis.undated_records`` counts them for the page to say so).
    """
    ev = training_events(bundle).dropna(subset=["date"])
    ids = ev["event_id"]
    hosts = bundle.event_countries[bundle.event_countries["role"] == "host"]
    host_codes = _joined(hosts, "event_id", "iso3", ids)
    themes = _joined(bundle.event_themes, "event_id", "theme", ids)
    donor_names = bundle.event_donors.merge(
        bundle.donors[["donor_id", "name"]].rename(columns={"name": "donor_name"}), on="donor_id", how="left"
    )
    donor_names["label"] = donor_names["donor_name"].fillna(donor_names["name"])
    donors = _joined(donor_names, "event_id", "label", ids)
    urls = _joined(bundle.event_sources, "event_id", "url", ids)
    out = pd.DataFrame(
        {
            "event_id": ev["event_id"].to_numpy(),
            "date": ev["date"].to_numpy(),
            "title": ev["title"].to_numpy(),
            "type": ev["type"].to_numpy(),
            "city": ev["city"].to_numpy(),
            "participants": ev["participants"].to_numpy(),
            "participants_female": ev["participants_female"].to_numpy(),
            "synthetic": ev["synthetic"].fillna(False).to_numpy(),
            "urls": ev["urls"].to_numpy(),
        }
    )
    # The event's country is where it took place; participants' countries are a separate column.
    guests = bundle.event_countries[bundle.event_countries["role"] == "participant"]
    out["country_codes"] = out["event_id"].map(host_codes).astype("string")
    codes = out["country_codes"]
    names = _per_distinct(codes, lambda c: ", ".join(country_name(x) for x in c.split(", ")))
    guest_codes = out["event_id"].map(_joined(guests, "event_id", "iso3", ids)).astype("string")
    out["participants_from"] = _per_distinct(guest_codes, lambda c: ", ".join(
        country_name(x) for x in c.split(", ")))
    out["region"] = _per_distinct(codes, lambda c: region_of(c.split(", ")[0]) or "region unknown")
    out["region"] = out["region"].fillna("no country stated")
    stripped = out["city"].astype("string").str.strip()
    city = stripped.mask(stripped == "")  # an empty city is not stated
    out["place"] = (city + ", " + names).fillna(city).fillna(names).fillna("")
    out["country"] = names.fillna(NOT_STATED)
    out["themes"] = out["event_id"].map(themes).astype("string")
    out["theme"] = out["themes"].str.split(", ").str[0].fillna(UNTHEMED)
    out["donors"] = out["event_id"].map(donors).astype("string")
    first_url = out["urls"].astype("string").str.strip().str.split().str[0]
    out["url"] = out["event_id"].map(urls).astype("string").str.split(", ").str[0].fillna(first_url)
    out = out.drop(columns=["urls", "city"]).sort_values(["date", "event_id"]).reset_index(drop=True)
    out["participants"] = out["participants"].astype("Int64")
    out["participants_female"] = out["participants_female"].astype("Int64")
    return out


def people_trained_by_month(bundle: StoreBundle) -> pd.DataFrame:
    """Per month: trainings, people trained (each training's participants once), women where stated.

    Columns: month (first day), trainings, people_trained, trainings_with_count, women, people_with_gender,
    women_share (over trainings stating both counts; empty when none does).
    """
    ev = training_events(bundle).dropna(subset=["date"])
    columns = [
        "month",
        "trainings",
        "people_trained",
        "trainings_with_count",
        "women",
        "people_with_gender",
        "women_share",
    ]
    if ev.empty:
        return pd.DataFrame(columns=columns)
    ev = ev.assign(month=ev["date"].dt.to_period("M").dt.to_timestamp())
    both = (ev["participants"].notna() & ev["participants_female"].notna()).fillna(False).astype(bool)
    ev = ev.assign(
        women_known=ev["participants_female"].where(both),
        people_known=ev["participants"].where(both),
    )
    grouped = ev.groupby("month")
    out = pd.DataFrame(
        {
            "trainings": grouped.size(),
            "people_trained": grouped["participants"].sum(),
            "trainings_with_count": grouped["participants"].count(),
            "women": grouped["women_known"].sum(),
            "people_with_gender": grouped["people_known"].sum(),
        }
    )
    out["women_share"] = out["women"] / out["people_with_gender"].where(out["people_with_gender"] > 0)
    out = out.reset_index()
    for col in ("trainings", "people_trained", "trainings_with_count", "women", "people_with_gender"):
        out[col] = out[col].astype("Int64")
    out["women_share"] = out["women_share"].astype("Float64")
    return out[columns]


def project_gantt(bundle: StoreBundle, max_projects: int = GANTT_MAX_PROJECTS) -> pd.DataFrame:
    """Projects with a start date as bars from start to end (open ends drawn to the last data date).

    At most ``max_projects`` bars, the largest budgets first, so the chart stays readable and light; the
    ``shown_of`` column says how many dated projects there were in all. Columns: iati_identifier, title,
    status, start, end, open_end, budget_usd, countries, synthetic, shown_of.
    """
    acts = bundle.activities.dropna(subset=["start"])
    columns = [
        "iati_identifier",
        "title",
        "status",
        "start",
        "end",
        "open_end",
        "budget_usd",
        "countries",
        "synthetic",
        "shown_of",
    ]
    if acts.empty:
        return pd.DataFrame(columns=columns)
    budget = bundle.budgets.groupby("iati_identifier")["value_usd"].sum(min_count=1)
    last = pd.concat([acts["start"], acts["end"], bundle.transactions["date"]]).max()
    out = acts[["iati_identifier", "title", "status", "start", "end", "synthetic"]].copy()
    out["open_end"] = out["end"].isna()
    out["end"] = out["end"].fillna(max(last, pd.Timestamp.now().normalize()))
    out["budget_usd"] = out["iati_identifier"].map(budget).astype("Float64")
    out["countries"] = out["iati_identifier"].map(
        _joined(bundle.activity_countries, "iati_identifier", "iso3", out["iati_identifier"])
    )
    out["title"] = out["title"].fillna(out["iati_identifier"])
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    out["shown_of"] = len(out)
    out = out.sort_values(["budget_usd", "start"], ascending=[False, True], na_position="last")
    return out.head(max_projects).sort_values("start").reset_index(drop=True)[columns]


def _stored_fields(row: Mapping[Hashable, object]) -> dict[str, object]:
    """One stored row as a record: column name -> value, None where the store holds no value."""
    return {str(k): (None if is_missing(v) else v) for k, v in row.items()}


def event_record(bundle: StoreBundle, event_id: str) -> dict[str, object] | None:
    """Everything stored about one event (for "a click on a mark shows its record"); None if unknown."""
    rows = bundle.events[bundle.events["event_id"] == event_id]
    if rows.empty:
        return None
    record = _stored_fields(rows.iloc[0].to_dict())
    for table, column in (
        ("event_countries", "iso3"),
        ("event_donors", "name"),
        ("event_themes", "theme"),
        ("event_sources", "url"),
        ("event_programmes", "programme"),
        ("event_partners", "partner"),
        ("event_projects", "iati_identifier"),
        ("event_audience", "audience"),
    ):
        frame = getattr(bundle, table)
        record[table] = [str(v) for v in frame.loc[frame["event_id"] == event_id, column].dropna()]
    record["evidence"] = event_evidence(bundle, event_id)
    return record


def event_evidence(bundle: StoreBundle, event_id: str) -> list[dict[str, object]]:
    """The span each of an event's figures came from, with its confidence (empty for stores built before
    evidence was kept)."""
    frame = bundle.event_evidence
    rows = frame.loc[frame["event_id"] == event_id, ["field", "value", "confidence", "evidence"]]
    return [_stored_fields(row) for row in rows.to_dict("records")]


def project_record(bundle: StoreBundle, iati_identifier: str) -> dict[str, object] | None:
    """The stored fields of one project, with its countries, donors and themes; None if unknown."""
    rows = bundle.activities[bundle.activities["iati_identifier"] == iati_identifier]
    if rows.empty:
        return None
    record = _stored_fields(rows.iloc[0].to_dict())
    for table, column in (
        ("activity_countries", "iso3"),
        ("activity_donors", "donor_id"),
        ("activity_themes", "theme"),
    ):
        frame = getattr(bundle, table)
        record[table] = [
            str(v) for v in frame.loc[frame["iati_identifier"] == iati_identifier, column].dropna()
        ]
    return record


FUNDER_COLUMNS = ["donor_id", "donor", "trainings", "people_trained", "how"]


@dataclass(frozen=True)
class OfficialsTrained:
    """People trained at trainings for officials; ``stated`` is False without audience data."""

    stated: bool
    trainings: int = 0
    people: int = 0


def officials_trained(bundle: StoreBundle) -> OfficialsTrained:
    """The registry's "officials trained" (``measures.officials_trained``) with the trainings it counts.

    In a store without audience data, or where no training of the view states an audience, the figure is
    "not stated", never zero.
    """
    people = officials_trained_measure(bundle)
    if people is None:
        return OfficialsTrained(stated=False)
    trainings = training_events(bundle)
    chosen = trainings[isin(trainings["event_id"], official_training_ids(bundle))]
    return OfficialsTrained(stated=True, trainings=len(chosen), people=people)


def people_trained_by_audience(bundle: StoreBundle) -> pd.DataFrame:
    """Trainings and people trained per audience (``event_audience``); a training with two audiences counts
    under both. Trainings whose release states no audience are one "not stated" row. Empty without the
    table. Columns: audience, trainings, people_trained."""
    audience = getattr(bundle, "event_audience", None)
    columns = ["audience", "trainings", "people_trained"]
    trainings = training_events(bundle)[["event_id", "participants"]]
    if audience is None or audience.empty or trainings.empty:
        return pd.DataFrame(columns=columns)
    pairs = audience[["event_id", "audience"]].dropna().drop_duplicates().merge(trainings, on="event_id")
    unstated = trainings[~isin(trainings["event_id"], pairs["event_id"])].assign(audience=NOT_STATED)
    both = pd.concat([pairs, unstated], ignore_index=True)
    out = both.groupby("audience").agg(trainings=("event_id", "nunique"),
                                       people_trained=("participants", "sum")).reset_index()
    out["people_trained"] = out["people_trained"].astype("int64")
    out = out.sort_values(["people_trained", "audience"], ascending=[False, True], ignore_index=True)
    return out[columns]


def training_funders(bundle: StoreBundle) -> pd.DataFrame:
    """Who paid for the trainings shown: one row per donor, with how the money is known.

    A donor counts when a training's release names it, or when the training is linked to a project the donor
    funds (the Donors page's rule); trainings with neither are one "not stated" row. Columns: donor_id,
    donor, trainings, people_trained, how.
    """
    trainings = training_events(bundle)[["event_id", "participants"]]
    if trainings.empty:
        return pd.DataFrame(columns=FUNDER_COLUMNS)
    named = bundle.event_donors[["event_id", "donor_id"]].dropna().assign(how=NAMED_IN_RELEASE)
    linked = bundle.event_projects.merge(bundle.activity_donors, on="iati_identifier")
    linked = linked[["event_id", "donor_id"]]
    pairs = pd.concat([named, linked.assign(how=VIA_PROJECT)], ignore_index=True)
    pairs = pairs.merge(trainings, on="event_id")
    unpaid = trainings[~isin(trainings["event_id"], pairs["event_id"])]
    names = dict(zip(bundle.donors["donor_id"], bundle.donors["name"], strict=False))
    rows = []
    for donor_id, group in pairs.groupby("donor_id"):
        events = group.drop_duplicates("event_id")
        rows.append({"donor_id": donor_id, "donor": names.get(donor_id, donor_id), "trainings": len(events),
                     "people_trained": int(events["participants"].sum(skipna=True)),
                     "how": "; ".join(sorted(set(group["how"])))})
    if not unpaid.empty:
        rows.append({"donor_id": "", "donor": NOT_STATED, "trainings": len(unpaid),
                     "people_trained": int(unpaid["participants"].sum(skipna=True)), "how": NO_DONOR_NAMED})
    out = pd.DataFrame(rows, columns=FUNDER_COLUMNS)
    return out.sort_values(["trainings", "people_trained", "donor"], ascending=[False, False, True],
                           ignore_index=True)
