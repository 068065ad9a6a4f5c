"""Hypothesis strategies for whole stores and for the filters over them.

A generated store holds what real stores hold and the fixed test store only samples: amounts in several
currencies converted through the app's dated rate table (USD, EUR, JPY, GBP) and in one without a rate
(ZWL, so no USD value), transactions without a provider, projects in several countries with and without
percentages (complete or not), several themes and donors, undated projects and events, trainings with
and without stated head counts, hosts and participant countries. Either side may be missing altogether
(no projects, no events). Titles start with "GEN" so the data can never pass for real figures.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import strategies as st

from dashboard.model.filters import Filters
from dashboard.model.money import to_usd
from dashboard.model.schemas import TABLES, conform, empty
from dashboard.transform.bundle import StoreBundle, bundle_from_tables

COUNTRIES = ("KEN", "UGA", "THA", "MYS", "ZWE", "GTM", "FRA")
REGIONS = ("Africa", "Asia", "Americas", "Europe")
THEMES = ("gender", "border management", "labour migration", "counter-trafficking")
DONORS = ("eu", "jpn", "usa", "gbr", "deu")
CURRENCIES = ("USD", "EUR", "JPY", "GBP", "ZWL")  # ZWL: no rate in the table, so never in USD
EVENT_TYPES = ("training", "workshop", "conference")
STATUSES = ("Implementation", "Completion")
MONEY_TYPES = ("1", "11", "3", "4")  # incoming funds, commitment, disbursement, expenditure

_days = st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2025, 12, 31))
_maybe_day = st.one_of(st.none(), _days)


def _stamp(day: dt.date | None) -> pd.Timestamp | None:
    return pd.Timestamp(day) if day else None


@st.composite
def _amount(draw: st.DrawFn, day: dt.date | None) -> dict[str, object]:
    """An amount in one of the currencies, with its USD value as the app converts it (dated rates; none
    without a rate or a date)."""
    value, currency = float(draw(st.integers(1, 5_000_000))), draw(st.sampled_from(CURRENCIES))
    usd = to_usd(value, currency, day)
    return {"value": value, "currency": currency, "value_usd": usd.value_usd,
            "usd_rate_date": usd.rate_date, "usd_converted": usd.converted}


@st.composite
def _project(draw: st.DrawFn, index: int, rows: dict[str, list[dict]]) -> None:
    pid = f"XM-GEN-{index}"
    start = draw(_maybe_day)
    end = draw(st.one_of(st.none(), st.dates(min_value=start or dt.date(2019, 1, 1),
                                             max_value=dt.date(2026, 12, 31))))
    rows["activities"].append({
        "iati_identifier": pid, "title": f"GEN project {index}", "source_file": "generated",
        "status": draw(st.one_of(st.none(), st.sampled_from(STATUSES))), "start": _stamp(start),
        "end": _stamp(end), "record_kind": "iati", "synthetic": draw(st.booleans())})
    countries = draw(st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True))
    shares = draw(st.sampled_from(["none", "complete", "incomplete"]))
    for i, iso3 in enumerate(countries):
        pct = None if shares == "none" else (100 / len(countries) if shares == "complete" else 10.0 + i)
        rows["activity_countries"].append({"iati_identifier": pid, "iso3": iso3, "percentage": pct})
    for theme in draw(st.lists(st.sampled_from(THEMES), max_size=3, unique=True)):
        rows["activity_themes"].append({"iati_identifier": pid, "theme": theme, "derived_from": "generated"})
    donors = set(draw(st.lists(st.sampled_from(DONORS), max_size=2, unique=True)))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(MONEY_TYPES))
        day = draw(_maybe_day)
        provider = draw(st.one_of(st.none(), st.sampled_from(DONORS)))  # a provider is often not named
        rows["transactions"].append({
            "iati_identifier": pid, "transaction_type": kind, "date": _stamp(day),
            "provider_donor_id": provider, **draw(_amount(day))})
        if kind in ("1", "11") and provider:
            donors.add(provider)  # as ingest derives it: a provider of incoming money funds the project
    for donor_id in sorted(donors):
        rows["activity_donors"].append({"iati_identifier": pid, "donor_id": donor_id,
                                        "evidence": "generated"})
    for _ in range(draw(st.integers(0, 2))):
        day = draw(_maybe_day)
        rows["budgets"].append({
            "iati_identifier": pid, "period_start": _stamp(day), "period_end": _stamp(day),
            "budget_type": "1", **draw(_amount(day))})


@st.composite
def _event(draw: st.DrawFn, index: int, rows: dict[str, list[dict]]) -> None:
    eid = f"gen-{index}"
    people = draw(st.one_of(st.none(), st.integers(1, 200)))  # None: the release states no number
    women = draw(st.one_of(st.none(), st.integers(0, people))) if people is not None else None
    rows["events"].append({
        "event_id": eid, "title": f"GEN event {index}", "is_activity": True,
        "type": draw(st.sampled_from(EVENT_TYPES)), "start_date": _stamp(draw(_maybe_day)),
        "published_date": _stamp(draw(_days)), "participants": people, "participants_female": women,
        "synthetic": draw(st.booleans()), "source_file": "generated"})
    places = draw(st.lists(st.sampled_from(COUNTRIES), max_size=3, unique=True))
    for i, iso3 in enumerate(places):
        role = "host" if i == 0 else "participant"
        rows["event_countries"].append({"event_id": eid, "iso3": iso3, "role": role})
    for donor_id in draw(st.lists(st.sampled_from(DONORS), max_size=2, unique=True)):
        rows["event_donors"].append({"event_id": eid, "donor_id": donor_id, "name": donor_id.upper()})
    for theme in draw(st.lists(st.sampled_from(THEMES), max_size=2, unique=True)):
        rows["event_themes"].append({"event_id": eid, "theme": theme})


@st.composite
def stores(draw: st.DrawFn, max_projects: int = 6, max_events: int = 6) -> StoreBundle:
    """A whole store as the app reads it (every table of the contract; those not generated are empty)."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for i in range(draw(st.integers(0, max_projects))):
        draw(_project(i, rows))
    for j in range(draw(st.integers(0, max_events))):
        draw(_event(j, rows))
    return bundle_from_tables({name: conform(pd.DataFrame(found), name) if found else empty(name)
                               for name, found in rows.items()})


def filters() -> st.SearchStrategy[Filters]:
    """Any combination of the sidebar's filters, values from the generated stores' vocabularies."""
    def some(values: tuple[str, ...], size: int = 2) -> st.SearchStrategy[tuple[str, ...]]:
        return st.lists(st.sampled_from(values), max_size=size).map(tuple)

    return st.builds(
        Filters, date_from=_maybe_day, date_to=_maybe_day, regions=some(REGIONS),
        countries=some(COUNTRIES, 3), donors=some(DONORS), themes=some(THEMES),
        activity_types=some(EVENT_TYPES), statuses=some(STATUSES, 1), verified_only=st.booleans())
