"""Overview figures: the KPI values, their change against a comparison period, and yearly trends."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from dashboard.i18n import DAY_MONTH_YEAR, _, format_date
from dashboard.model.filters import Filters
from dashboard.transform import measures
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.measures import (
    RECEIPT,
    budget_lines,
    people_trained,
    project_years,
    synthetic_count,
    training_events,
    transactions_of_type,
    usd_total,
)


@dataclass(frozen=True)
class KpiValues:
    """The headline numbers of one filtered view, each from the measures registry (None = not stated)."""

    projects: int
    budget_usd: float | None
    commitments_usd: float | None
    funds_received_usd: float | None
    countries_reached: int
    donors: int
    trainings: int
    people_trained: int | None
    women_trained: int | None
    officials_trained: int | None
    women_share: float | None
    # Context for the reader: what the numbers above leave out or rest on.
    budget_unconverted: int
    funds_unconverted: int
    unconverted_currencies: tuple[str, ...]
    trainings_with_count: int
    people_with_gender: int
    synthetic_records: int


def donor_ids(bundle: StoreBundle) -> pd.Index:
    """Donors of the view: attributed to its projects (``activity_donors``) or named by its events."""
    ids = pd.concat([bundle.activity_donors["donor_id"], bundle.event_donors["donor_id"]]).dropna()
    return pd.Index(sorted(ids.astype(str).unique()))


def kpi_values(bundle: StoreBundle) -> KpiValues:
    """The KPI values of a (filtered) bundle."""
    budget = usd_total(budget_lines(bundle.budgets))
    received = usd_total(transactions_of_type(bundle, RECEIPT))
    trained = people_trained(training_events(bundle))
    return KpiValues(
        projects=measures.projects(bundle),
        budget_usd=measures.budget_usd(bundle),
        commitments_usd=measures.commitments_usd(bundle),
        funds_received_usd=measures.funds_received_usd(bundle),
        countries_reached=measures.countries_reached(bundle),
        donors=len(donor_ids(bundle)),
        trainings=measures.trainings(bundle),
        people_trained=measures.people_trained_count(bundle),
        women_trained=measures.women_trained(bundle),
        officials_trained=measures.officials_trained(bundle),
        women_share=trained.women_share,
        budget_unconverted=budget.unconverted,
        funds_unconverted=received.unconverted,
        unconverted_currencies=tuple(
            sorted(set(budget.unconverted_currencies) | set(received.unconverted_currencies))
        ),
        trainings_with_count=trained.trainings_with_count,
        people_with_gender=trained.people_with_gender,
        synthetic_records=synthetic_count(bundle.activities, bundle.events),
    )


@dataclass(frozen=True)
class Comparison:
    """Which two periods a change compares, and how to say so."""

    current: Filters
    previous: Filters
    description: str  # short, for beside a change
    detail: str  # the periods in full, for a caption


def comparison_periods(
    filters: Filters, last_date: dt.date | None, first_date: dt.date | None = None
) -> Comparison | None:
    """The periods the KPI cards show and compare: like with like.

    With a date range: that range (an open end closed at the data's first or last date) against the period
    of the same length just before it. Without one: the last 12 months of the data (to its latest date)
    against the 12 months before. None when there is no data to date.
    """
    if filters.date_from or filters.date_to:
        start = filters.date_from or first_date
        end = filters.date_to or last_date
        if start is None or end is None or start > end:
            return None
        current = filters.with_period(start, end)
        previous = current.previous_period()
        assert previous is not None and previous.date_from and previous.date_to
        return Comparison(
            current,
            previous,
            _("vs the period before"),
            _("The cards cover {start} – {end}; changes compare with {previous_start} – {previous_end}, the "
              "period of the same length just before it.").format(
                start=format_date(start, DAY_MONTH_YEAR), end=format_date(end, DAY_MONTH_YEAR),
                previous_start=format_date(previous.date_from, DAY_MONTH_YEAR),
                previous_end=format_date(previous.date_to, DAY_MONTH_YEAR)),
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
        _("vs the 12 months before"),
        _("The cards cover the last 12 months of the data ({start} – {end}, the latest recorded date); "
          "changes compare with the 12 months before. Set a date range in the sidebar to choose the "
          "period.").format(start=format_date(start, DAY_MONTH_YEAR),
                            end=format_date(last_date, DAY_MONTH_YEAR)),
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
    "countries_reached",
    "trainings",
    "people_trained",
    "women_trained",
    "officials_trained",
)


def kpi_trends(bundle: StoreBundle) -> pd.DataFrame:
    """Yearly series of the headline measures: one row per year, one column per measure, plus ``partial``.

    Projects count in every year their dates overlap (start to end, open ends to the last data year);
    money by the year of the budget period start or transaction date (split as the registry splits it);
    trainings by their date; countries reached are those of the projects running and trainings held in the
    year. ``partial`` is True for the last year when the data end before its 31 December: it is not a fall.
    Records without a date are in no year (:func:`undated_records` counts them).
    """
    years: dict[str, pd.Series] = {}
    acts = bundle.activities.dropna(subset=["start"])
    trainings = training_events(bundle)
    weights = measures.project_weights(bundle)
    dated = [acts["start"], bundle.budgets["period_start"], bundle.transactions["date"], trainings["date"]]
    all_dates = pd.concat(dated).dropna()
    if all_dates.empty:
        return pd.DataFrame(columns=["year", *HEADLINE, "partial"])
    data_end = pd.concat([bundle.transactions["date"], trainings["date"], acts["start"]]).dropna().max()
    first, last = int(all_dates.dt.year.min()), int(all_dates.dt.year.max())
    index = pd.RangeIndex(first, last + 1, name="year")
    # Projects running per year: +1 in the start year, -1 the year after the end, then a running sum.
    start_year = acts["start"].dt.year.astype(int)
    end_year = acts["end"].dt.year.fillna(last).astype(int).clip(upper=last)
    starts = start_year.value_counts().reindex(index, fill_value=0)
    ends = (end_year + 1).value_counts().reindex(index, fill_value=0)
    years["projects"] = (starts - ends).cumsum()
    budgets = budget_lines(bundle.budgets).dropna(subset=["period_start"])
    budget_year = budgets["period_start"].dt.year
    years["budget_usd"] = measures.weighted_usd(budgets, weights).groupby(budget_year).sum()
    receipts = transactions_of_type(bundle, RECEIPT).dropna(subset=["date"])
    receipt_year = receipts["date"].dt.year
    years["funds_received_usd"] = measures.weighted_usd(receipts, weights).groupby(receipt_year).sum()
    dated_trainings = trainings.dropna(subset=["date"])
    by_year = dated_trainings.groupby(dated_trainings["date"].dt.year)
    years["trainings"] = by_year.size()
    years["people_trained"] = by_year["participants"].sum(min_count=1)
    years["women_trained"] = by_year["participants_female"].sum(min_count=1)
    officials = dated_trainings[dated_trainings["event_id"].isin(measures.official_training_ids(bundle))]
    years["officials_trained"] = officials.groupby(officials["date"].dt.year)["participants"].sum(min_count=1)
    # Countries reached per year: those of the projects running and the trainings held that year.
    spans = project_years(acts, last)
    hosted = measures.host_countries(bundle.event_countries)
    pairs = pd.concat([
        spans.merge(bundle.activity_countries[["iati_identifier", "iso3"]], on="iati_identifier")[
            ["year", "iso3"]],
        dated_trainings.assign(year=dated_trainings["date"].dt.year)[["event_id", "year"]].merge(
            hosted, on="event_id")[["year", "iso3"]],
    ]).dropna()
    years["countries_reached"] = pairs.groupby("year")["iso3"].nunique()
    out = pd.DataFrame({k: v.reindex(index).astype("Float64") for k, v in years.items()})
    # Counts and sums are 0 in a year without records; people measures stay unknown where nobody stated them.
    known_zero = ["projects", "budget_usd", "funds_received_usd", "countries_reached", "trainings"]
    out[known_zero] = out[known_zero].fillna(0)
    out = out.reset_index()[["year", *HEADLINE]]
    out["partial"] = out["year"].eq(data_end.year) & (data_end < pd.Timestamp(data_end.year, 12, 31))
    return out


@dataclass(frozen=True)
class Undated:
    """Records a time chart cannot place, so it says how many it leaves out and where they are."""

    trainings: int
    of_trainings: int
    projects: int
    of_projects: int


def undated_records(bundle: StoreBundle) -> Undated:
    """Trainings without any date and projects without a start date, with the totals they are out of."""
    tr = training_events(bundle)
    acts = bundle.activities
    return Undated(int(tr["date"].isna().sum()), len(tr), int(acts["start"].isna().sum()), len(acts))
