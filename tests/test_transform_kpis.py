"""Overview KPIs on the hand-built test store: values, changes against the previous period, trends."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.components.kpi import format_change, format_usd, kpi_cards
from dashboard.model.filters import Filters
from dashboard.model.money import to_usd
from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.filtering import apply_filters
from dashboard.transform.kpis import HEADLINE, comparison_periods, kpi_changes, kpi_trends, kpi_values


def _usd(value: float, currency: str, on: str) -> float:
    converted = to_usd(value, currency, dt.date.fromisoformat(on)).value_usd
    assert converted is not None
    return converted


def test_kpi_values_of_the_whole_store(test_bundle: StoreBundle) -> None:
    k = kpi_values(test_bundle)
    assert (k.projects, k.countries_reached, k.donors) == (6, 6, 4)
    # ev-4 is a conference: not a training. ev-5 states no number of participants.
    assert (k.trainings, k.people_trained, k.trainings_with_count) == (5, 30 + 20 + 26 + 15, 4)
    # women only over trainings stating both numbers: ev-1 12/30, ev-3 10/26, ev-6 15/15
    assert k.women_share == pytest.approx((12 + 10 + 15) / (30 + 26 + 15))
    received = (
        _usd(1e6, "EUR", "2022-03-01")
        + _usd(50e6, "JPY", "2023-03-01")
        + 1.5e6
        + 1e6
        + _usd(100e6, "JPY", "2020-02-01")
        + 400_000
    )
    assert k.funds_received_usd == pytest.approx(received)
    # the ZWL receipt has no rate: left out of the USD sum and counted
    assert k.funds_unconverted == 1 and k.unconverted_currencies == ("ZWL",)
    assert k.synthetic_records == 2  # project A4 and event ev-5


def test_changes_against_the_previous_year(test_bundle: StoreBundle) -> None:
    f2024 = Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 12, 31))
    comparison = comparison_periods(f2024, None)
    # 2024 has 366 days, so the previous period of the same length starts on 31 December 2022.
    assert comparison is not None and comparison.previous.date_from == dt.date(2022, 12, 31)
    current = kpi_values(apply_filters(test_bundle, f2024))
    previous = kpi_values(apply_filters(test_bundle, comparison.previous))
    changes = kpi_changes(current, previous)
    assert current.projects == 3 and previous.projects == 3 and changes["projects"] == 0
    assert current.people_trained == 20 and previous.people_trained == 45
    assert changes["people_trained"] == -25
    assert set(changes) == set(HEADLINE)


def test_without_a_date_range_the_change_covers_the_last_twelve_months() -> None:
    comparison = comparison_periods(Filters(themes=("gender",)), dt.date(2024, 8, 1))
    assert comparison is not None
    assert comparison.current.date_to == dt.date(2024, 8, 1)
    assert comparison.current.date_from == dt.date(2023, 8, 3)
    assert comparison.previous.date_to == dt.date(2023, 8, 2)
    assert comparison.current.themes == ("gender",)
    assert comparison_periods(Filters(), None) is None


def test_yearly_trends(test_bundle: StoreBundle) -> None:
    trends = kpi_trends(test_bundle).set_index("year")
    assert list(trends.index) == [2020, 2021, 2022, 2023, 2024]
    assert trends["projects"].tolist() == [1, 1, 1, 3, 3]
    assert trends["trainings"].tolist() == [0, 1, 0, 2, 2]
    assert trends["people_trained"].sum() == 91
    # 2023: projects A1 (KEN), A2 (UGA, KEN), A5 (GTM) and trainings in KEN and GTM
    assert trends.loc[2023, "countries_reached"] == 3
    assert trends.loc[2023, "women_trained"] == 12 + 15
    assert pd.isna(trends.loc[2022, "women_trained"])  # no training that year: not stated, not 0
    # the data end on a date before 31 December 2024: that year is partial, the others are not
    assert trends["partial"].tolist() == [False, False, False, False, True]


def test_an_open_date_range_is_closed_at_the_data_ends_and_compared_like_with_like() -> None:
    comparison = comparison_periods(Filters(date_from=dt.date(2024, 1, 1)), dt.date(2024, 6, 30))
    assert comparison is not None and comparison.current.date_to == dt.date(2024, 6, 30)
    assert comparison.previous.date_to == dt.date(2023, 12, 31)
    assert "The cards cover 01 Jan 2024" in comparison.detail and "all dates" not in comparison.detail


def test_an_empty_store_gives_zeros_not_errors() -> None:
    k = kpi_values(empty_bundle())
    assert (k.projects, k.trainings, k.people_trained, k.budget_usd) == (0, 0, None, None)
    assert k.women_share is None
    assert kpi_trends(empty_bundle()).empty


def test_card_texts() -> None:
    assert format_usd(7_367_332.9) == "$7.4M" and format_usd(950) == "$950"
    assert format_usd(None) == "not stated"
    assert format_change("projects", 3, 6) == "+3 (+50%)"
    assert format_change("budget_usd", -1.5e6, 3e6) == "-$1.5M (-50%)"
    assert format_change("trainings", 2, 0) == "+2"
    assert format_change("trainings", None, 3) is None


def test_cards_carry_value_change_and_trend(test_bundle: StoreBundle) -> None:
    values = kpi_values(test_bundle)
    cards = {c.key: c for c in kpi_cards(values, None, None, kpi_trends(test_bundle))}
    assert cards["projects"].value == "6" and cards["projects"].delta is None
    assert cards["projects"].trend == (1.0, 1.0, 1.0, 3.0, 3.0)
    assert cards["women_trained"].value == f"{values.women_trained:,}"
    assert "52%" in cards["women_trained"].help
    assert "without a USD rate" in cards["funds_received_usd"].help
    assert isinstance(kpi_trends(test_bundle), pd.DataFrame)
