"""One donor's view of the store: its money by year, the countries and themes it reached, its projects, the
trainings and stories connected to it, and what the data does not say.

Rules, stated once (the page and the brief show them):
- **The donor's projects**: projects attributed to it (``activity_donors``, see ``model.donors``).
- **Committed** and **received**: incoming commitments (IATI transaction type 11) and incoming funds (type
  1) whose provider is the donor. **Spent**: disbursements (3) and expenditure (4) of the donor's projects,
  whoever funded them: a project funded by several donors reports one spending line for all of them.
- Money is summed in USD where a dated rate converted it; amounts without a USD value are counted and
  listed in their own currency, never guessed.
- **The donor's events**: events whose release names the donor as funding them, and events linked to one of
  its projects (``event_projects``, see ``model.linking``). Each event counts once.
- **People trained**: participants of the donor's events of a training type
  (``model.filters.TRAINING_TYPES``), each event once; women where the release says how many; men =
  participants - women where both are known.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.i18n import N_, _, format_decimal
from dashboard.model.countries import country_name
from dashboard.model.vocabulary import (
    EVIDENCE_KINDS,
    LINKED_TO_PROJECT,
    NAMES_THE_DONOR,
    NO_PROVIDER,
    NOT_STATED,
)
from dashboard.transform import measures
from dashboard.transform.bundle import ACTIVITY_CHILDREN, EVENT_CHILDREN, StoreBundle
from dashboard.transform.geo import PlacedEvents, country_measures, event_places
from dashboard.transform.linking import story_links
from dashboard.transform.measures import (
    COMMITMENT,
    RECEIPT,
    SPENDING,
    project_weights,
    transactions_of_type,
    weighted_usd,
)
from dashboard.transform.splits import SPLIT_RULE
from dashboard.transform.trainings import training_timeline
from dashboard.transform.verification import verified_share

# Flows by their registry measure name; labels say what each counts.
FLOWS = {"commitments_usd": (COMMITMENT,), "funds_received_usd": (RECEIPT,), "spent_usd": SPENDING}
FLOW_LABELS = {"commitments_usd": N_("Commitments from this donor (type 11)"),
               "funds_received_usd": N_("Funds received from this donor (type 1)"),
               "spent_usd": N_("Spent by the projects it funds, all funders (types 3 + 4)")}
SYNTHETIC_LABEL = N_("synthetic demo data")

_ATTRIBUTION_BEFORE_SPLITS = N_(
    "Commitments and funds received: incoming commitments (IATI type 11) and incoming funds (type 1) whose "
    "provider is this donor. Spent: disbursements (3) and expenditure (4) of the projects it funds, by all "
    "their funders together (the funders' shares are listed). Budget: the budgets of its projects.")
_ATTRIBUTION_AFTER_SPLITS = N_(
    "Events: releases that name the donor, and releases linked to one of its projects. "
    "People trained: participants of those trainings and workshops, each event counted once.")
ATTRIBUTION_NOTE = " ".join((_ATTRIBUTION_BEFORE_SPLITS, SPLIT_RULE, _ATTRIBUTION_AFTER_SPLITS))


def attribution_note() -> str:
    """:data:`ATTRIBUTION_NOTE` in the current language."""
    return " ".join(_(part) for part in (_ATTRIBUTION_BEFORE_SPLITS, SPLIT_RULE, _ATTRIBUTION_AFTER_SPLITS))


@dataclass(frozen=True)
class DonorSummary:
    """The headline figures of a donor's view (USD sums cover converted amounts only)."""

    donor_id: str
    name: str
    commitments_usd: float | None
    funds_received_usd: float | None
    spent_usd: float | None
    budget_usd: float | None
    amounts_without_usd: int
    projects: int
    countries: int
    events: int
    trainings: int
    people_trained: int | None
    trainings_with_count: int
    women_trained: int | None
    men_trained: int | None
    trainings_with_gender: int
    officials_trained: int | None
    stories: int
    synthetic_projects: int
    synthetic_events: int
    # People trained resting on a head count and training type a reviewer verified (transform.verification).
    people_trained_verified: int = 0

    @property
    def has_synthetic(self) -> bool:
        return bool(self.synthetic_projects or self.synthetic_events)


@dataclass(frozen=True)
class DonorProfile:
    """Everything the donor page and brief show, as small frames (the thing ``data_access`` caches)."""

    summary: DonorSummary
    funds_by_year: pd.DataFrame  # year, flow, usd, transactions, without_usd
    funders: pd.DataFrame  # funder, commitments_usd, share_pct: who funds the donor's projects
    amounts_without_usd: pd.DataFrame  # flow, currency, value, transactions
    countries: pd.DataFrame  # iso3, name, projects, budget_usd, trainings, people_trained
    themes: pd.DataFrame  # theme, projects, events
    projects: pd.DataFrame  # iati_identifier, title, status, start, end, countries, results, stories, ...
    trainings: pd.DataFrame  # event_id, date, title, type, country, participants, women, men, how, url
    timeline: pd.DataFrame  # the dated trainings as ``transform.trainings.training_timeline`` gives them
    stories: pd.DataFrame  # linking.STORY_COLUMNS + synthetic
    gaps: pd.DataFrame  # gap, count, detail
    sources: pd.DataFrame  # kind, reference, title, file, url


def donor_name(bundle: StoreBundle, donor_id: str) -> str:
    """The donor's display name (its id when the store does not know it)."""
    names = bundle.donors.loc[bundle.donors["donor_id"] == donor_id, "name"]
    return str(names.iloc[0]) if len(names) else donor_id


def donor_project_ids(bundle: StoreBundle, donor_id: str) -> pd.Index:
    ad = bundle.activity_donors
    return pd.Index(ad.loc[ad["donor_id"] == donor_id, "iati_identifier"].dropna().unique())


def donor_event_ids(bundle: StoreBundle, donor_id: str) -> pd.DataFrame:
    """``event_id, how``: the donor's events and why each is its ("named in the release", "linked...")."""
    projects = donor_project_ids(bundle, donor_id)
    named = bundle.event_donors.loc[bundle.event_donors["donor_id"] == donor_id, "event_id"].dropna()
    links = bundle.event_projects
    linked = links.loc[links["iati_identifier"].isin(projects), "event_id"].dropna()
    how = pd.concat([
        pd.DataFrame({"event_id": named.unique(), "how": NAMES_THE_DONOR}),
        pd.DataFrame({"event_id": linked.unique(), "how": LINKED_TO_PROJECT}),
    ], ignore_index=True)
    how = how[how["event_id"].isin(bundle.events["event_id"])]
    out = how.groupby("event_id", sort=True)["how"].agg(lambda s: "; ".join(sorted(set(s)))).reset_index()
    return out.astype({"event_id": "string", "how": "string"})


def donor_bundle(bundle: StoreBundle, donor_id: str) -> StoreBundle:
    """The store narrowed to one donor: its projects (their incoming money from this donor only) and its
    events."""
    projects = donor_project_ids(bundle, donor_id)
    events = donor_event_ids(bundle, donor_id)["event_id"]
    parts: dict[str, pd.DataFrame] = {"activities": bundle.activities[
        bundle.activities["iati_identifier"].isin(projects)]}
    for name in ACTIVITY_CHILDREN:
        frame = getattr(bundle, name)
        parts[name] = frame[frame["iati_identifier"].isin(projects)]
    tx = parts["transactions"]
    incoming = tx["transaction_type"].isin([COMMITMENT, RECEIPT]).fillna(False)
    parts["transactions"] = tx[~incoming.astype(bool) | tx["provider_donor_id"].eq(donor_id).fillna(False)]
    parts["activity_donors"] = parts["activity_donors"][parts["activity_donors"]["donor_id"] == donor_id]
    parts["events"] = bundle.events[bundle.events["event_id"].isin(events)]
    for name in EVENT_CHILDREN:
        frame = getattr(bundle, name)
        parts[name] = frame[frame["event_id"].isin(events)]
    parts = {k: v.reset_index(drop=True) for k, v in parts.items()}
    return replace(bundle, **parts)


def funds_by_year(db: StoreBundle) -> pd.DataFrame:
    """``year, flow, usd, transactions, without_usd`` for each money flow (:data:`FLOWS`).

    ``db`` is a donor bundle (:func:`donor_bundle`); ``usd`` sums the converted amounts only, split as the
    registry splits them, so the years add up to the donor's headline figures. ``year`` is missing for
    undated transactions (kept, never dropped)."""
    tx = db.transactions
    tx = tx.assign(value_usd=weighted_usd(tx, project_weights(db)))
    rows = []
    for flow, types in FLOWS.items():
        part = tx[tx["transaction_type"].isin(types).fillna(False).astype(bool)]
        if part.empty:
            continue
        year = part["date"].dt.year.astype("Int64")
        grouped = part.assign(year=year, has_usd=part["value_usd"].notna()).groupby("year", dropna=False)
        for y, g in grouped:
            rows.append({"year": pd.NA if pd.isna(y) else y, "flow": flow, "usd": float(g["value_usd"].sum()),
                         "transactions": len(g), "without_usd": int((~g["has_usd"]).sum())})
    out = pd.DataFrame(rows, columns=["year", "flow", "usd", "transactions", "without_usd"])
    return out.astype({"year": "Int64", "flow": "string", "usd": "float64", "transactions": "int64",
                       "without_usd": "int64"}).sort_values(["year", "flow"]).reset_index(drop=True)



def project_funders(bundle: StoreBundle, ids: pd.Index) -> pd.DataFrame:
    """``funder, commitments_usd, share_pct``: every provider of incoming commitments (type 11) to the
    projects ``ids``, with its share of their commitments in USD (provider not stated is its own row)."""
    tx = transactions_of_type(bundle, COMMITMENT)
    tx = tx[tx["iati_identifier"].isin(ids)]
    tx = tx.assign(value_usd=weighted_usd(tx, project_weights(bundle))).dropna(subset=["value_usd"])
    columns = ["funder", "commitments_usd", "share_pct"]
    if tx.empty:
        return pd.DataFrame({"funder": pd.Series(dtype="string"),
                             "commitments_usd": pd.Series(dtype="float64"),
                             "share_pct": pd.Series(dtype="float64")})
    names = dict(zip(bundle.donors["donor_id"], bundle.donors["name"], strict=False))
    pairs = zip(tx["provider_donor_id"], tx["provider_name"], strict=True)
    funder = pd.Series([
        str(names.get(d, d)) if isinstance(d, str) else (n if isinstance(n, str) and n else NO_PROVIDER)
        for d, n in pairs], index=tx.index, dtype="string")
    out = tx.groupby(funder)["value_usd"].sum().rename("commitments_usd").rename_axis("funder").reset_index()
    total = out["commitments_usd"].sum()
    out["share_pct"] = (out["commitments_usd"] / total * 100).round(1) if total else float("nan")
    return out.sort_values("commitments_usd", ascending=False, ignore_index=True)[columns]


def amounts_without_usd(db: StoreBundle) -> pd.DataFrame:
    """``flow, currency, value, transactions``: money that has no USD value, in its own currency."""
    tx = db.transactions[db.transactions["value_usd"].isna()]
    flow_of = {t: flow for flow, types in FLOWS.items() for t in types}
    tx = tx.assign(flow=tx["transaction_type"].map(flow_of)).dropna(subset=["flow"])
    out = (tx.assign(currency=tx["currency"].fillna(NOT_STATED))
           .groupby(["flow", "currency"]).agg(value=("value", "sum"), transactions=("value", "size"))
           .reset_index())
    return out.astype({"flow": "string", "currency": "string", "value": "float64", "transactions": "int64"})


def donor_themes(db: StoreBundle) -> pd.DataFrame:
    """``theme, projects, events`` of the donor bundle, most projects first."""
    projects = db.activity_themes.groupby("theme")["iati_identifier"].nunique().rename("projects")
    events = db.event_themes.groupby("theme")["event_id"].nunique().rename("events")
    out = pd.concat([projects, events], axis=1).fillna(0).astype("int64")
    out.index.name = "theme"
    return out.reset_index().sort_values(["projects", "events", "theme"], ascending=[False, False, True],
                                         ignore_index=True)


def donor_projects(db: StoreBundle) -> pd.DataFrame:
    """One row per project, with its countries, results count, stories count and provenance."""
    acts = db.activities
    countries = db.activity_countries.groupby("iati_identifier")["iso3"].agg(
        lambda s: ", ".join(sorted(set(s))))
    results = db.results.groupby("iati_identifier").size()
    stories = db.event_projects.groupby("iati_identifier")["event_id"].nunique()
    ids = acts["iati_identifier"]
    out = pd.DataFrame({
        "iati_identifier": ids, "title": acts["title"], "status": acts["status"], "start": acts["start"],
        "end": acts["end"], "countries": ids.map(countries), "results": ids.map(results).fillna(0).astype(
            "int64"), "stories": ids.map(stories).fillna(0).astype("int64"),
        "synthetic": acts["synthetic"].fillna(False).astype(bool), "url": acts["url"],
        "source_file": acts["source_file"],
    })
    return out.sort_values(["start", "iati_identifier"], na_position="last", ignore_index=True)


def _countries_by_role(db: StoreBundle, role: str) -> pd.Series:
    """event_id -> "KEN, UGA": the event's countries of one role (host: where it took place)."""
    ec = db.event_countries[db.event_countries["role"].eq(role).fillna(False).astype(bool)]
    return ec.dropna(subset=["iso3"]).groupby("event_id")["iso3"].agg(lambda s: ", ".join(sorted(set(s))))


def _first_url(db: StoreBundle) -> pd.Series:
    return db.event_sources.dropna(subset=["url"]).groupby("event_id")["url"].first()


def donor_trainings(db: StoreBundle, how: pd.DataFrame) -> pd.DataFrame:
    """The donor's trainings in date order, with people trained, women and men where known."""
    ev = measures.training_events(db)
    women = ev["participants_female"]
    men = (ev["participants"] - women).where(ev["participants"].notna() & women.notna())
    host = _countries_by_role(db, "host")
    guests = _countries_by_role(db, "participant")
    out = pd.DataFrame({
        "event_id": ev["event_id"], "date": ev["date"], "title": ev["title"], "type": ev["type"],
        "country": ev["event_id"].map(host).astype("string"), "city": ev["city"],
        "participants_from": ev["event_id"].map(guests).astype("string"),
        "participants": ev["participants"], "women": women.astype("Int64"), "men": men.astype("Int64"),
        "how": ev["event_id"].map(how.set_index("event_id")["how"]).astype("string"),
        "url": ev["event_id"].map(_first_url(db)).astype("string"),
        "synthetic": ev["synthetic"].fillna(False).astype(bool),
    })
    return out.sort_values(["date", "event_id"], na_position="last", ignore_index=True)


def donor_stories(db: StoreBundle) -> pd.DataFrame:
    """Each link from one of the donor's events to one of its projects, with its evidence."""
    links = story_links(db)
    links = links[links["iati_identifier"].isin(db.activities["iati_identifier"])].reset_index(drop=True)
    synthetic = db.events.set_index("event_id")["synthetic"].fillna(False).astype(bool)
    return links.assign(synthetic=links["event_id"].map(synthetic).fillna(False).astype(bool))


def donor_gaps(db: StoreBundle, bundle: StoreBundle, donor_id: str, trainings: pd.DataFrame) -> pd.DataFrame:
    """``gap, count, detail``: what the data does not say about this donor, in plain words."""
    acts = db.activities
    ids = acts["iati_identifier"]
    events = db.events[db.events["is_activity"].fillna(True).astype(bool)]
    tx_all = bundle.transactions[bundle.transactions["iati_identifier"].isin(ids)]
    no_provider = tx_all["transaction_type"].isin([COMMITMENT, RECEIPT]).fillna(False) & (
        tx_all["provider_donor_id"].isna())
    no_usd = db.transactions["value_usd"].isna() & db.transactions["transaction_type"].isin(
        [t for types in FLOWS.values() for t in types]).fillna(False)
    gaps = [
        (N_("Projects without results"), int((~ids.isin(db.results["iati_identifier"])).sum()), len(ids),
         N_("report no result indicators, so what they achieved is not in the data")),
        (N_("Events without participant numbers"), int(events["participants"].isna().sum()), len(events),
         N_("their releases give no head count (or only an approximate one)")),
        (N_("Trainings without participant numbers"), int(trainings["participants"].isna().sum()),
         len(trainings),
         N_("so they add no one to people trained")),
        (N_("Trainings without a count of women"), int(trainings["women"].isna().sum()), len(trainings),
         N_("women and men trained are counted only where the release says how many women took part")),
        (N_("Amounts without a USD value"), int(no_usd.sum()), len(db.transactions),
         N_("no dated rate for their currency and year; listed in their own currency, not in the USD "
            "totals")),
        (N_("Incoming money with no provider named"), int(no_provider.sum()), len(tx_all),
         N_("transactions of types 1 or 11 on its projects that name no provider: not counted for any "
            "donor")),
        (N_("Projects without dates"), int((acts["start"].isna() & acts["end"].isna()).sum()), len(ids),
         N_("cannot be placed in time, so a dated filter leaves them out")),
        (N_("Projects without countries"), int((~ids.isin(db.activity_countries["iati_identifier"])).sum()),
         len(ids), N_("not on the map of countries reached")),
        (N_("Projects without transactions"), int((~ids.isin(tx_all["iati_identifier"])).sum()), len(ids),
         N_("report no money moving, so they add nothing to the funds by year")),
    ]
    return pd.DataFrame([
        {"gap": g, "count": n, "detail": f"{n:,} of {total:,}: {detail}", "total": total, "reason": detail}
        for g, n, total, detail in gaps if n
    ], columns=["gap", "count", "detail", "total", "reason"]).astype(
        {"gap": "string", "count": "int64", "detail": "string", "total": "int64", "reason": "string"})


def gap_lines(gaps: pd.DataFrame) -> list[tuple[str, str]]:
    """(gap, detail) of each row of :func:`donor_gaps` in the current language."""
    if "reason" not in gaps:  # a profile computed before the reasons were kept
        return list(zip(gaps["gap"], gaps["detail"], strict=True))
    return [(_(gap), _("{count} of {total}: {reason}").format(
        count=format_decimal(int(n)), total=format_decimal(int(total)), reason=_(reason)))
            for gap, n, total, reason in zip(gaps["gap"], gaps["count"], gaps["total"], gaps["reason"],
                                             strict=True)]


def donor_sources(db: StoreBundle) -> pd.DataFrame:
    """``kind, reference, title, file, url``: every record behind the view (projects and releases)."""
    acts = db.activities
    projects = pd.DataFrame({
        "kind": EVIDENCE_KINDS[0], "reference": acts["iati_identifier"], "title": acts["title"],
        "file": acts["source_file"], "url": acts["url"],
        "synthetic": acts["synthetic"].fillna(False).astype(bool),
    })
    synthetic_events = db.events.set_index("event_id")["synthetic"].fillna(False).astype(bool)
    src = db.event_sources
    releases = pd.DataFrame({
        "kind": EVIDENCE_KINDS[1], "reference": src["event_id"], "title": src["title"],
        "file": src["source_file"], "url": src["url"],
        "synthetic": src["event_id"].map(synthetic_events).fillna(False).astype(bool),
    })
    out = pd.concat([projects, releases], ignore_index=True).drop_duplicates()
    return out.astype({c: "string" for c in ("kind", "reference", "title", "file", "url")})


def _sum_int(series: pd.Series) -> int:
    return int(series.dropna().sum())


def donor_event_places(bundle: StoreBundle, donor_id: str) -> PlacedEvents:
    """The donor's events placed for the map (``transform.geo.event_places`` of the donor bundle)."""
    return event_places(donor_bundle(bundle, donor_id))


def donor_profile(bundle: StoreBundle, donor_id: str) -> DonorProfile:
    """The whole donor view from a (possibly filtered) bundle: pure, small, cacheable."""
    how = donor_event_ids(bundle, donor_id)
    db = donor_bundle(bundle, donor_id)
    funds = funds_by_year(db)
    trainings = donor_trainings(db, how)
    stories = donor_stories(db)
    countries = country_measures(db)
    with_gender = trainings["women"].notna() & trainings["participants"].notna()
    men = trainings.loc[with_gender, "men"]
    summary = DonorSummary(
        donor_id=donor_id, name=donor_name(bundle, donor_id),
        commitments_usd=measures.commitments_usd(db), funds_received_usd=measures.funds_received_usd(db),
        spent_usd=measures.spent_usd(db), budget_usd=measures.budget_usd(db),
        amounts_without_usd=int(funds["without_usd"].sum()),
        projects=measures.projects(db), countries=measures.countries_reached(db), events=len(db.events),
        trainings=measures.trainings(db),
        people_trained=measures.people_trained_count(db),
        trainings_with_count=int(trainings["participants"].notna().sum()),
        women_trained=measures.women_trained(db),
        men_trained=int(men.sum()) if len(men) else None, trainings_with_gender=int(with_gender.sum()),
        officials_trained=measures.officials_trained(db),
        stories=int(stories["event_id"].nunique()),
        synthetic_projects=int(db.activities["synthetic"].fillna(False).astype(bool).sum()),
        synthetic_events=int(db.events["synthetic"].fillna(False).astype(bool).sum()),
        people_trained_verified=int(verified_share(trainings, bundle.reviews).verified),
    )
    return DonorProfile(
        summary=summary, funds_by_year=funds,
        funders=project_funders(bundle, pd.Index(db.activities["iati_identifier"])),
        amounts_without_usd=amounts_without_usd(db),
        countries=countries, themes=donor_themes(db), projects=donor_projects(db), trainings=trainings,
        timeline=training_timeline(db),
        stories=stories, gaps=donor_gaps(db, bundle, donor_id, trainings), sources=donor_sources(db),
    )


def donors_with_data(bundle: StoreBundle) -> pd.DataFrame:
    """``donor_id, name, projects, events``: donors that have at least one project or named event."""
    projects = bundle.activity_donors.groupby("donor_id")["iati_identifier"].nunique().rename("projects")
    events = bundle.event_donors.dropna(subset=["donor_id"]).groupby("donor_id")["event_id"].nunique().rename(
        "events")
    out = pd.concat([projects, events], axis=1).fillna(0).astype("int64")
    out.index.name = "donor_id"
    out = out.reset_index()
    names = dict(zip(bundle.donors["donor_id"], bundle.donors["name"], strict=False))
    out.insert(1, "name", out["donor_id"].map(lambda d: str(names.get(d) or d)))
    return out.sort_values(["projects", "events", "name"], ascending=[False, False, True], ignore_index=True)


def country_label(iso3: object) -> str:
    """"Côte d'Ivoire (CIV)" for a code, "" when missing."""
    return f"{country_name(str(iso3))} ({iso3})" if isinstance(iso3, str) and iso3 else ""
