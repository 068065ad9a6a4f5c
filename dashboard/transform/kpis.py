"""Overview figures: the KPI values, their change against a comparison period, and yearly trends."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import event_dates
from dashboard.transform.measures import (
    COMMITMENT,
    RECEIPT,
    people_trained,
    project_years,
    synthetic_count,
    training_events,
    transactions_of_type,
    usd_total,
)


@dataclass(frozen=True)
class KpiValues:
    """The Overview's headline numbers for one filtered view."""

    projects: int
    budget_usd: float
    funds_received_usd: float
    countries: int
    donors: int
    trainings: int
    people_trained: int
    women_share: float | None
    # Context for the reader: what the numbers above leave out or rest on.
    budget_unconverted: int
    funds_unconverted: int
    unconverted_currencies: tuple[str, ...]
    trainings_with_count: int
    people_with_gender: int
    commitments_usd: float
    synthetic_records: int


def kpi_values(bundle: StoreBundle) -> KpiValues:
    """The KPI values of a (filtered) bundle."""
    budget = usd_total(bundle.budgets)
    received = usd_total(transactions_of_type(bundle, RECEIPT))
    committed = usd_total(transactions_of_type(bundle, COMMITMENT))
    trained = people_trained(training_events(bundle))
    countries = pd.concat([bundle.activity_countries["iso3"], bundle.event_countries["iso3"]]).dropna()
    donors = pd.concat([bundle.activity_donors["donor_id"], bundle.event_donors["donor_id"]]).dropna()
    return KpiValues(
        projects=int(bundle.activities["iati_identifier"].nunique()),
        budget_usd=budget.value_usd,
        funds_received_usd=received.value_usd,
        countries=int(countries.nunique()),
        donors=int(donors.nunique()),
        trainings=trained.trainings,
        people_trained=trained.people,
        women_share=trained.women_share,
        budget_unconverted=budget.unconverted,
        funds_unconverted=received.unconverted,
        unconverted_currencies=tuple(
            sorted(set(budget.unconverted_currencies) | set(received.unconverted_currencies))
        ),
        trainings_with_count=trained.trainings_with_count,
        people_with_gender=trained.people_with_gender,
        commitments_usd=committed.value_usd,
        synthetic_records=synthetic_count(bundle.activities, bundle.events),
    )


@dataclass(frozen=True)
class Comparison:
    """Which two periods a change compares, and how to say so."""

    current: Filters
    previous: Filters
    description: str  # short, for beside a change
    detail: str  # the periods in full, for a caption


def comparison_periods(filters: Filters, last_date: dt.date | None) -> Comparison | None:
    """The periods behind the KPI changes.

    With a date range: that range against the period of the same length just before it. Without one: the
    last 12 months of the data (to its latest date) against the 12 months before. None when there is no
    data to date.
    """
    if filters.has_period:
        previous = filters.previous_period()
        assert previous is not None and previous.date_from and previous.date_to
        return Comparison(
            filters,
            previous,
            "vs prior",
            f"Changes compare with {previous.date_from:%d %b %Y} – {previous.date_to:%d %b %Y}, "
            "the period of the same length just before the chosen one.",
        )
    if last_date is None:
        return None
    start = last_date - dt.timedelta(days=364)
    current = filters.with_period(start, last_date)
    previous = current.previous_period()
    assert previous is not None
    return Comparison(
        current,
        previous,
        "vs prior 12 mo.",
        f"Totals cover all dates; the changes compare the 12 months to {last_date:%d %b %Y} (the "
        "latest recorded date) with the 12 months before. Set a date range in the sidebar to "
        "compare it with the period of the same length before it.",
    )


def kpi_changes(current: KpiValues, previous: KpiValues) -> dict[str, float | None]:
    """Difference current - previous for each headline number (None where either side is unknown)."""
    out: dict[str, float | None] = {}
    before = asdict(previous)
    for name, value in asdict(current).items():
        if name not in HEADLINE:
            continue
        prior = before[name]
        out[name] = None if value is None or prior is None else float(value) - float(prior)
    return out


HEADLINE = (
    "projects",
    "budget_usd",
    "funds_received_usd",
    "countries",
    "donors",
    "trainings",
    "people_trained",
    "women_share",
)


def kpi_trends(bundle: StoreBundle) -> pd.DataFrame:
    """Yearly series for the cards' small trends: one row per year, one column per headline number.

    Projects count in every year their dates overlap (start to end, open ends to the last data year);
    money by the year of the budget period start or transaction date; trainings by their date; countries
    and donors are those of the projects running and events held in the year.
    """
    years: dict[str, pd.Series] = {}
    acts = bundle.activities.dropna(subset=["start"])
    trainings = training_events(bundle)
    dated = [acts["start"], bundle.budgets["period_start"], bundle.transactions["date"], trainings["date"]]
    all_years = pd.concat([d.dt.year for d in dated]).dropna()
    if all_years.empty:
        return pd.DataFrame(columns=["year", *HEADLINE])
    first, last = int(all_years.min()), int(all_years.max())
    index = pd.RangeIndex(first, last + 1, name="year")
    # Projects running per year: +1 in the start year, -1 the year after the end, then a running sum.
    start_year = acts["start"].dt.year.astype(int)
    end_year = acts["end"].dt.year.fillna(last).astype(int).clip(upper=last)
    starts = start_year.value_counts().reindex(index, fill_value=0)
    ends = (end_year + 1).value_counts().reindex(index, fill_value=0)
    years["projects"] = (starts - ends).cumsum()
    budgets = bundle.budgets.dropna(subset=["period_start"])
    years["budget_usd"] = budgets.groupby(budgets["period_start"].dt.year)["value_usd"].sum()
    receipts = transactions_of_type(bundle, RECEIPT).dropna(subset=["date"])
    years["funds_received_usd"] = receipts.groupby(receipts["date"].dt.year)["value_usd"].sum()
    dated_trainings = trainings.dropna(subset=["date"])
    by_year = dated_trainings.groupby(dated_trainings["date"].dt.year)
    years["trainings"] = by_year.size()
    years["people_trained"] = by_year["participants"].sum()
    both = dated_trainings["participants"].notna() & dated_trainings["participants_female"].notna()
    known = dated_trainings[both.fillna(False).astype(bool)]
    known_by_year = known.groupby(known["date"].dt.year)
    years["women_share"] = known_by_year["participants_female"].sum() / known_by_year["participants"].sum()
    # Countries and donors reached per year: those of the projects running and the events held that year.
    spans = project_years(acts, last)
    events = bundle.events.assign(year=event_dates(bundle.events).dt.year).dropna(subset=["year"])
    for name, project_link, event_link, column in (
        ("countries", bundle.activity_countries, bundle.event_countries, "iso3"),
        ("donors", bundle.activity_donors, bundle.event_donors, "donor_id"),
    ):
        pairs = pd.concat(
            [
                spans.merge(project_link[["iati_identifier", column]], on="iati_identifier")[
                    ["year", column]
                ],
                events[["event_id", "year"]].merge(event_link[["event_id", column]], on="event_id")[
                    ["year", column]
                ],
            ]
        ).dropna()
        years[name] = pairs.groupby("year")[column].nunique()
    out = pd.DataFrame({k: v.reindex(index).astype("Float64") for k, v in years.items()})
    # A year without trainings stating women has no share (not 0 %); every other measure is a count or sum.
    counts = [c for c in out.columns if c != "women_share"]
    out[counts] = out[counts].fillna(0)
    return out.reset_index()[["year", *HEADLINE]]
