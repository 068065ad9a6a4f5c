"""KPI cards: the headline numbers with their change and a small yearly trend.

``kpi_cards`` is pure (value formatting and the change text), ``show_kpi_cards`` draws them;
``show_headline_kpis`` draws the figures a page fetched (:class:`HeadlineFigures`), fetching nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.i18n import N_, _, format_decimal, format_percent
from dashboard.transform.kpis import HEADLINE, Comparison, KpiValues
from dashboard.transform.measures import MEASURES, format_measure, format_usd
from dashboard.transform.verification import VerifiedShare

NO_CHANGE = N_("no change")


@dataclass(frozen=True)
class HeadlineFigures:
    """What the headline cards show, fetched by the page: the view's totals over all its dates, the period
    the cards compare (``shown`` against ``previous``; without a comparison ``shown`` is ``values``), the
    yearly trends and the verified share of people trained."""

    values: KpiValues
    shown: KpiValues
    previous: KpiValues | None
    changes: dict[str, float | None] | None
    comparison: Comparison | None
    trends: pd.DataFrame
    verified: VerifiedShare
    dated_view: bool  # the view has a date filter (else the totals over all dates are named too)


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str
    delta: str | None
    trend: tuple[float, ...]
    help: str


def format_change(name: str, change: float | None, previous: float | None) -> str | None:
    """ "+3 (+25%)"-style change text; percentages only where the previous value is not zero."""
    if change is None:
        return None
    if change == 0:
        return _(NO_CHANGE)  # drawn grey: "+0" would read as a rise
    text = format_usd(abs(change)) if name.endswith("_usd") else format_decimal(round(abs(change)))
    sign = "-" if change < 0 else "+"
    pct = f" ({'+' if change > 0 else ''}{format_percent(change / previous)})" if previous else ""
    return f"{sign}{text}{pct}"


def kpi_cards(
    values: KpiValues,
    changes: dict[str, float | None] | None,
    previous: KpiValues | None,
    trends: pd.DataFrame,
) -> list[KpiCard]:
    """The headline cards for ``values`` (labels and definitions from the measures registry)."""
    cards = []
    for key in HEADLINE:
        m = MEASURES[key]
        value = getattr(values, key)
        shown = format_measure(key, value)
        prior = getattr(previous, key) if previous is not None else None
        delta = format_change(key, (changes or {}).get(key), prior)
        trend = tuple(float(v) for v in trends[key].dropna()) if key in trends else ()
        extra = ""
        if key == "funds_received_usd" and values.funds_unconverted:
            extra = " " + _("{count} amount(s) without a USD rate are not included.").format(
                count=format_decimal(values.funds_unconverted))
        if key == "budget_usd" and values.budget_unconverted:
            extra = " " + _("{count} amount(s) without a USD rate are not included.").format(
                count=format_decimal(values.budget_unconverted))
        if key == "women_trained" and values.women_share is not None:
            extra = " " + _("{share} of the {people} participants of the trainings that state both "
                            "numbers.").format(share=format_percent(values.women_share),
                                               people=format_decimal(values.people_with_gender))
        if key == "people_trained" and values.trainings:
            extra = " " + _("{stated} of {trainings} trainings state a number.").format(
                stated=format_decimal(values.trainings_with_count),
                trainings=format_decimal(values.trainings))
        cards.append(KpiCard(key, _(m.label), shown, delta, trend, _(m.definition) + extra))
    return cards


def show_kpi_cards(cards: Sequence[KpiCard], per_row: int = 4, delta_description: str | None = None) -> None:
    """Draw the cards in rows of ``per_row`` metrics.

    No sparkline in the cards: Streamlit draws ``chart_data`` as an SVG image with no text alternative
    (axe-core's rule svg-img-alt, serious). The same yearly figures are drawn, with their table, under "By
    year" on the Overview and under "Yearly figures" on the Country profile.
    """
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
                delta_description=delta_description if card.delta else None,
                delta_color="off" if card.delta == _(NO_CHANGE) else "normal",
            )


def totals_line(values: KpiValues) -> str:
    """The view's totals over all its dates, as one line of text (the figures the other pages show)."""
    return " · ".join(f"{_(MEASURES[k].label)} {format_measure(k, getattr(values, k))}" for k in HEADLINE)


def show_headline_kpis(figures: HeadlineFigures) -> None:
    """Draw the cards for the period they compare (like with like), and the captions that name it.

    The cards show the chosen period (without a date filter: the last 12 months) and its change against the
    period of the same length before it; a caption names both periods and, without a date filter, gives the
    totals over all dates.
    """
    values, comparison, verified = figures.values, figures.comparison, figures.verified
    # The comparison is named once in the caption below: beside each delta it was cut to "vs prior 1…".
    show_kpi_cards(kpi_cards(figures.shown, figures.changes, figures.previous, figures.trends))
    # Over the whole view (all its dates), like the totals line below, not the cards' comparison period.
    st.caption(_("All dates in view: {verified}: head count and training confirmed or corrected by a "
                 "reviewer. The sidebar's \"Verified facts only\" limits every figure to such facts.").format(
        verified=verified.caption(_("People trained"))))
    if comparison is not None:
        st.caption(comparison.detail)
    if not figures.dated_view:
        st.caption(_("All dates: {totals}.").format(totals=totals_line(values)))
