"""Overview: the headline numbers for the current filters, their change and their yearly trend."""

import streamlit as st

from dashboard.components.charts import build_yearly_bars
from dashboard.components.data_table import show_data_table
from dashboard.components.drill import show_record_links
from dashboard.components.kpi import show_headline_kpis
from dashboard.components.notes import (
    PEOPLE_COUNTED_ONCE,
    donor_attribution_note,
    how_computed,
    nothing_to_show,
    synthetic_caption,
    unconverted_caption,
    undated_caption,
    usd_conversion_note,
)
from dashboard.components.sidebar import current_filters, filter_choices
from dashboard.data_access import aggregate, figure
from dashboard.i18n import _
from dashboard.transform.kpis import kpi_trends, kpi_values, undated_records
from dashboard.transform.measures import MEASURES
from dashboard.transform.splits import SPLIT_RULE

st.title(_("Overview"))
filters = current_filters()
values = aggregate(kpi_values, filters)

if values.projects == 0 and values.trainings == 0 and values.countries_reached == 0:
    nothing_to_show(filter_choices().last_date is None)
    st.stop()

choices = filter_choices()
values, trends = show_headline_kpis(filters, choices.last_recorded, choices.first_date)
unconverted_caption(values.budget_unconverted + values.funds_unconverted, values.unconverted_currencies)
synthetic_caption(values.synthetic_records)
how_computed(PEOPLE_COUNTED_ONCE, SPLIT_RULE, donor_attribution_note(), usd_conversion_note())
show_record_links()

st.subheader(_("By year"))
columns = {
    "projects": _("Projects running"),
    **{name: _(MEASURES[name].label) for name in ("funds_received_usd", "trainings", "people_trained")},
}
# One small chart per number, two per row: Streamlit stacks the columns on a phone, so each stays legible.
for row in (list(columns.items())[:2], list(columns.items())[2:]):
    for column, (measure, label) in zip(st.columns(2), row, strict=True):
        with column:
            chart = figure(build_yearly_bars, kpi_trends, filters,
                           builder_args=(measure, label, list(columns).index(measure)))
            st.plotly_chart(chart, key=f"overview_trend_{measure}")
st.caption(_("A year marked (partial) is not over in the data: it ends on the latest recorded date."))
undated = aggregate(undated_records, filters)
undated_caption(undated.trainings, undated.of_trainings, _("trainings"),
                _("the Explorer's News events table lists them (Date empty)."))
undated_caption(undated.projects, undated.of_projects, _("projects"),
                _("the Explorer's Projects table lists them (Start empty)."))
show_data_table(trends, key="overview_trend", title=_("Yearly figures"))
