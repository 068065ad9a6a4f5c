"""KPI cards: the headline numbers with their change and a small yearly trend.

``kpi_cards`` is pure (value formatting and the change text), ``show_kpi_cards`` draws them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.components.charts import rounded_amount
from dashboard.data_access import aggregate
from dashboard.model.filters import Filters
from dashboard.transform.kpis import KpiValues, comparison_periods, kpi_changes, kpi_trends, kpi_values
from dashboard.transform.review_desk import people_trained_verified


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str
    delta: str | None
    trend: tuple[float, ...]
    help: str


def format_usd(value: float | None) -> str:
    """$1.2B / $3.4M / $56.7K / $890, or an em dash when unknown (or not a finite number: never "$infB")."""
    if value is None or pd.isna(value) or not math.isfinite(value):
        return "—"
    return rounded_amount(float(value), money=True)


def format_change(name: str, change: float | None, previous: float | None) -> str | None:
    """ "+3 (+25%)"-style change text; percentages only where the previous value is not zero."""
    if change is None:
        return None
    if name == "women_share":
        return f"{change * 100:+.1f} pts"
    text = format_usd(abs(change)) if name.endswith("_usd") else f"{abs(change):,.0f}"
    sign = "-" if change < 0 else "+"
    pct = f" ({change / previous:+.0%})" if previous else ""
    return f"{sign}{text}{pct}"


CARD_SPECS = (
    ("projects", "Projects", "Projects whose dates overlap the period (all projects without a date range)."),
    ("budget_usd", "Budget (USD)", "Budget periods overlapping the period, in USD."),
    ("funds_received_usd", "Funds received (USD)", "Incoming funds (IATI transaction type 1), in USD."),
    ("countries", "Countries", "Countries of the projects and news-reported activities shown."),
    ("donors", "Donors", "Donors of the projects and activities shown (rule on the Donors page)."),
    ("trainings", "Trainings", "Trainings and workshops reported in the news, each counted once."),
    ("people_trained", "People trained", "Participants of those trainings, each training counted once."),
    ("women_share", "Women among trainees", "Share of women over the trainings that state it."),
)


def kpi_cards(
    values: KpiValues,
    changes: dict[str, float | None] | None,
    previous: KpiValues | None,
    trends: pd.DataFrame,
) -> list[KpiCard]:
    """The eight Overview cards for ``values``, with changes against ``previous`` where given."""
    cards = []
    for key, label, help_text in CARD_SPECS:
        value = getattr(values, key)
        if key.endswith("_usd"):
            shown = format_usd(value)
        elif key == "women_share":
            shown = "—" if value is None else f"{value:.0%}"
        else:
            shown = f"{value:,}"
        prior = getattr(previous, key) if previous is not None else None
        delta = format_change(key, (changes or {}).get(key), prior)
        trend = tuple(float(v) for v in trends[key].dropna()) if key in trends else ()
        extra = ""
        if key == "funds_received_usd" and values.funds_unconverted:
            extra = f" {values.funds_unconverted} amount(s) without a USD rate are not included."
        if key == "budget_usd" and values.budget_unconverted:
            extra = f" {values.budget_unconverted} amount(s) without a USD rate are not included."
        if key == "women_share" and values.women_share is not None:
            extra = f" Known for trainings with {values.people_with_gender:,} of the participants."
        if key == "people_trained" and values.trainings:
            extra = f" {values.trainings_with_count:,} of {values.trainings:,} trainings state a number."
        cards.append(KpiCard(key, label, shown, delta, trend, help_text + extra))
    return cards


def show_kpi_cards(cards: Sequence[KpiCard], per_row: int = 4, delta_description: str | None = None) -> None:
    """Draw the cards in rows of ``per_row`` metrics with their trend sparkline."""
    for start in range(0, len(cards), per_row):
        columns = st.columns(per_row)
        for column, card in zip(columns, cards[start : start + per_row], strict=False):
            column.metric(
                card.label,
                card.value,
                delta=card.delta,
                help=card.help,
                border=True,
                height="stretch",
                chart_data=list(card.trend) if len(card.trend) > 1 else None,
                chart_type="bar",
                delta_description=delta_description if card.delta else None,
                delta_color="off" if card.key == "women_share" else "normal",
            )


def show_headline_kpis(filters: Filters, last_date: dt.date | None) -> tuple[KpiValues, pd.DataFrame]:
    """Compute and draw the eight cards for ``filters``; returns the values and yearly trends drawn."""
    values = aggregate(kpi_values, filters)
    comparison = comparison_periods(filters, last_date)
    changes, previous = None, None
    if comparison is not None:
        previous = aggregate(kpi_values, comparison.previous)
        current = values if comparison.current == filters else aggregate(kpi_values, comparison.current)
        changes = kpi_changes(current, previous)
    trends = aggregate(kpi_trends, filters)
    # The comparison is named once in the caption below: beside each delta it was cut to "vs prior 1…".
    show_kpi_cards(kpi_cards(values, changes, previous, trends))
    verified = aggregate(people_trained_verified, filters)
    st.caption(verified.caption("People trained") + ": head count and training confirmed or corrected by a "
               "reviewer. The sidebar's \"Verified facts only\" limits every figure to such facts.")
    if comparison is not None:
        st.caption(comparison.detail)
    return values, trends
