"""Themes: projects, money and trainings by theme, and the themes over time."""

import streamlit as st

from dashboard.components.charts import build_theme_bars, build_themes_over_time
from dashboard.components.data_table import show_data_table
from dashboard.components.notes import (
    PEOPLE_COUNTED_ONCE,
    THEME_COUNTS,
    how_computed,
    synthetic_caption,
    usd_conversion_note,
)
from dashboard.components.sidebar import current_filters, set_filter
from dashboard.data_access import aggregate, figure
from dashboard.i18n import _
from dashboard.model.vocabulary import shown
from dashboard.transform.kpis import kpi_values
from dashboard.transform.selection import selected_point_ids
from dashboard.transform.themes import NO_THEME, theme_summary, themes_over_time

MEASURES = {
    "projects": _("Projects"),
    "trainings": _("Trainings"),
    "people_trained": _("People trained"),
    "commitments_usd": _("Commitments (USD)"),
    "budget_usd": _("Budget (USD)"),
}
OVER_TIME = {"projects": _("Projects running"), "trainings": _("Trainings"),
             "people_trained": _("People trained")}


def _filter_to_clicked_theme() -> None:
    themes = [t for t in selected_point_ids(st.session_state.get("theme_bars")) if t != NO_THEME]
    if themes:
        set_filter("theme", themes[:1])


def _filter_to_picked_theme() -> None:
    # The keyboard's way to do what a click on a bar does.
    theme = st.session_state.get("theme_pick")
    if theme:
        set_filter("theme", [theme])


st.title(_("Themes"))
filters = current_filters()
summary = aggregate(theme_summary, filters)
if summary.empty:
    st.info(_("No project or training matches the current filters (or the store is empty)."))
    st.stop()

measure = st.segmented_control(
    _("Measure"), list(MEASURES), format_func=MEASURES.__getitem__, default="projects", key="theme_measure",
    bind="query-params", required=True,
)
measure = measure or "projects"
st.plotly_chart(
    figure(build_theme_bars, theme_summary, filters, builder_args=(measure, MEASURES[measure])),
    key="theme_bars",
    on_select=_filter_to_clicked_theme,
    selection_mode="points",
)
st.caption(_("Click a theme's bar to filter the whole dashboard to that theme."))
st.selectbox(_("Filter the dashboard to a theme"), [t for t in summary["theme"] if t != NO_THEME], index=None,
             key="theme_pick", on_change=_filter_to_picked_theme, placeholder=_("Choose a theme"),
             format_func=lambda t: str(shown(t)),
             help=_("Does what a click on its bar does, from the keyboard."))
how_computed(THEME_COUNTS, PEOPLE_COUNTED_ONCE, usd_conversion_note())
synthetic_caption(aggregate(kpi_values, filters).synthetic_records)
show_data_table(summary, key="theme_summary", title=_("Figures by theme"))

st.subheader(_("Themes over time"))
over_time = aggregate(themes_over_time, filters)
if over_time.empty:
    st.info(_("No dated project or training matches the current filters."))
else:
    trend = (
        st.segmented_control(
            _("Over time"),
            list(OVER_TIME),
            format_func=OVER_TIME.__getitem__,
            default="projects",
            key="theme_trend_measure",
            bind="query-params",
            required=True,
        )
        or "projects"
    )
    chart = figure(build_themes_over_time, themes_over_time, filters, builder_args=(trend, OVER_TIME[trend]))
    st.plotly_chart(chart, key="themes_over_time")
    show_data_table(over_time, key="themes_over_time", title=_("Themes by year"))
