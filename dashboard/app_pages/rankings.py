"""Rankings: countries, donors or themes ordered by a money or reach measure, with the table to download.

A click on a bar opens the Explorer filtered to that country, donor or theme, showing the records behind
the bar (for money, the projects whose funds add up to it).
"""

import streamlit as st

from dashboard.components.charts import build_ranking_bars
from dashboard.components.data_table import show_data_table
from dashboard.components.drill import explorer_params_for, follow_drill, request_drill
from dashboard.components.notes import FUNDS, how_computed, usd_conversion_note
from dashboard.components.sidebar import current_filters
from dashboard.data_access import aggregate, figure
from dashboard.i18n import _, format_decimal
from dashboard.transform.rankings import AVAILABLE, DIMENSIONS, MEASURES, MONEY_MEASURES, UNNAMED, ranking
from dashboard.transform.selection import selected_point_ids

SHOWN = 20
FILTER_KEY = {"countries": "country", "donors": "donor", "themes": "theme"}
ONE = {"countries": _("Country"), "donors": _("Donor"), "themes": _("Theme")}
TRAINING_TYPES_FILTER = ["training", "workshop"]


def _drill_to_clicked() -> None:
    keys = [k for k in selected_point_ids(st.session_state.get("ranking_bars")) if k not in UNNAMED]
    if keys:
        _drill_to(keys[0])


def _drill_to_picked() -> None:
    # The keyboard's way to do what a click on a bar does.
    key = st.session_state.get("rank_open")
    if key and key not in UNNAMED:
        _drill_to(key)


def _drill_to(key: str) -> None:
    dimension = st.session_state.get("rank_dimension") or "countries"
    measure = st.session_state.get("rank_measure") or "funds_received_usd"
    filters = {FILTER_KEY[dimension]: [key]}
    if measure in ("trainings", "people_trained"):
        filters["activity_type"] = TRAINING_TYPES_FILTER
    request_drill(filters, explorer_params_for(measure))


st.title(_("Rankings"))
filters = current_filters()
pick_dimension, pick_measure = st.columns([1, 2])
dimension = pick_dimension.segmented_control(
    _("Rank"), list(DIMENSIONS), format_func=lambda d: _(DIMENSIONS[d]), default="countries",
    key="rank_dimension", bind="query-params", required=True) or "countries"
offered = list(AVAILABLE[dimension])
measure = pick_measure.selectbox(_("By"), offered, format_func=lambda m: _(MEASURES[m]), key="rank_measure",
                                 bind="query-params")
if measure not in offered:
    measure = offered[0]

table = aggregate(ranking, filters, dimension, measure)
label = _(MEASURES[measure])
if table.empty:
    st.info(_("No {dimension} with any {measure} under the current filters.").format(
        dimension=_(DIMENSIONS[dimension]).lower(), measure=label.lower()),
            icon=":material/filter_alt_off:")
    st.stop()

st.plotly_chart(
    figure(build_ranking_bars, ranking, filters, dimension, measure, builder_args=(label, SHOWN)),
    key="ranking_bars", on_select=_drill_to_clicked, selection_mode="points",
)
named = table[~table["key"].isin(UNNAMED)]
st.selectbox(_("Open the records behind"), list(named["key"]), index=None, key="rank_open",
             format_func=dict(zip(named["key"], named["name"], strict=True)).__getitem__,
             on_change=_drill_to_picked,
             placeholder=_("Choose a row of the ranking"),
             help=_("Does what a click on its bar does, from the keyboard."))
follow_drill()
more = (_("The {shown} largest are drawn; the table lists all {count}.").format(
    shown=SHOWN, count=format_decimal(len(table))) + " " if len(table) > SHOWN else "")
st.caption(more + _("Click a bar to open the records behind it in the Explorer."))
if measure in MONEY_MEASURES:
    how_computed(FUNDS, usd_conversion_note(),
                 _("A project in several countries gives each country its reported share (equal parts when "
                   "none is given); a project with several themes gives each theme an equal part."))
show_data_table(
    table.rename(columns={"rank": _("Rank"), "name": ONE[dimension], "value": label}).drop(columns=["key"]),
    key="ranking", title=_("{dimension} by {measure}").format(dimension=_(DIMENSIONS[dimension]),
                                                              measure=f"{label[0].lower()}{label[1:]}"),
    expanded=True,
    column_config={label: st.column_config.NumberColumn(format="dollar" if measure in MONEY_MEASURES
                                                        else "localized", step=1)},
)
