"""Themes page transforms: counts per theme, money split across themes, themes over time."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle, empty_bundle
from dashboard.transform.filtering import apply_filters
from dashboard.transform.kpis import kpi_values
from dashboard.transform.themes import NO_THEME, theme_summary, themes_over_time


def test_theme_summary(test_bundle: StoreBundle) -> None:
    s = theme_summary(test_bundle).set_index("theme")
    assert s.loc["border management", "trainings"] == 2  # ev-1 and ev-6
    assert s.loc["border management", "people_trained"] == 45
    assert s.loc["gender", "trainings"] == 2 and s.loc["gender", "people_trained"] == 15  # ev-5 states none
    assert s.loc["gender", "projects"] == 1
    # A2's USD 3M budget is split equally between its two themes
    assert s.loc["gender", "budget_usd"] == pytest.approx(1_500_000)
    assert s.loc["counter-trafficking", "budget_usd"] == pytest.approx(1_500_000)
    assert NO_THEME not in s.index


def test_theme_money_adds_up_to_the_total_budget(test_bundle: StoreBundle) -> None:
    assert theme_summary(test_bundle)["budget_usd"].sum() == pytest.approx(kpi_values(test_bundle).budget_usd)


def test_themes_over_time(test_bundle: StoreBundle) -> None:
    t = themes_over_time(test_bundle).set_index(["year", "theme"])
    assert t.loc[(2023, "border management"), "trainings"] == 2
    assert t.loc[(2023, "border management"), "people_trained"] == 45
    assert t.loc[(2021, "migrant smuggling"), "projects"] == 1  # A3 runs 2020-2021
    assert (2022, "migrant smuggling") not in t.index
    # A2 runs to mid-2025: it counts in 2025 too
    assert t.loc[(2025, "counter-trafficking"), "projects"] == 1


def test_empty_store() -> None:
    assert theme_summary(empty_bundle()).empty
    assert themes_over_time(empty_bundle()).empty


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    themes=st.lists(st.sampled_from(["gender", "border management", "labour migration"]), max_size=2),
    countries=st.lists(st.sampled_from(["KEN", "UGA", "ZWE"]), max_size=2),
)
def test_theme_budgets_always_add_up(
    test_bundle: StoreBundle, themes: list[str], countries: list[str]
) -> None:
    bundle = apply_filters(test_bundle, Filters(themes=tuple(themes), countries=tuple(countries)))
    summary = theme_summary(bundle)
    total = kpi_values(bundle).budget_usd or 0.0  # no budget at all is "not stated"; the table shows 0
    assert (summary["budget_usd"].sum() if not summary.empty else 0.0) == pytest.approx(total)
