"""Donors: funds by donor with the attribution rule beside them, reach, and donor -> theme -> country."""

import streamlit as st

from dashboard.components.charts import build_flow_sankey, build_funds_by_donor
from dashboard.components.data_table import show_data_table
from dashboard.components.drill import explorer_params_for, follow_drill, request_drill
from dashboard.components.notes import (
    FUNDS,
    PEOPLE_COUNTED_ONCE,
    donor_attribution_note,
    how_computed,
    synthetic_caption,
    unconverted_caption,
    usd_conversion_note,
)
from dashboard.components.sidebar import current_filters
from dashboard.data_access import aggregate, figure
from dashboard.i18n import _, format_decimal
from dashboard.transform.donors import NOT_STATED, donor_summary, donor_theme_country_flows
from dashboard.transform.kpis import kpi_values
from dashboard.transform.measures import MEASURES
from dashboard.transform.selection import clicked_trace, selected_point_ids
from dashboard.transform.splits import SPLIT_RULE

FUNDS_CHART_DONORS = 15


def _drill_to_clicked_donor() -> None:
    # Runs before the script: the donor filter is set, then the Explorer opens on the projects whose funds
    # from that donor add up to the clicked bar (commitments or funds received, whichever bar was clicked).
    event = st.session_state.get("funds_by_donor")
    ids = [d for d in selected_point_ids(event) if d != NOT_STATED]
    if ids:
        measure = "commitments_usd" if clicked_trace(event) == 0 else "funds_received_usd"
        request_drill({"donor": ids[:1]}, explorer_params_for(measure))


def _drill_to_picked_donor() -> None:
    # The keyboard's way to do what a click on a bar does.
    picked = st.session_state.get("donor_open")
    if picked:
        donor_id, measure = picked
        request_drill({"donor": [donor_id]}, explorer_params_for(measure))


st.title(_("Donors"))
filters = current_filters()
summary = aggregate(donor_summary, filters)
values = aggregate(kpi_values, filters)

if summary.empty:
    st.info(
        _("No donor is attributed to the projects or trainings matching the current filters "
          "(or the store holds no projects or events yet).")
    )
    st.stop()

st.subheader(_("Funds by donor"))
chart, rule = st.columns([3, 1])
with chart:
    st.plotly_chart(
        figure(build_funds_by_donor, donor_summary, filters, builder_args=(FUNDS_CHART_DONORS,)),
        key="funds_by_donor",
        on_select=_drill_to_clicked_donor,
        selection_mode="points",
    )
    named = summary[summary["donor_id"] != NOT_STATED]
    donor_names = dict(zip(named["donor_id"], named["donor"], strict=True))
    bar_names = {"commitments_usd": _("Commitments (type 11)"),
                 "funds_received_usd": _("Funds received (type 1)")}
    st.selectbox(_("Open the projects behind a bar"),
                 [(d, m) for d in donor_names for m in bar_names], index=None, key="donor_open",
                 format_func=lambda pick: f"{donor_names[pick[0]]} — {bar_names[pick[1]]}",
                 on_change=_drill_to_picked_donor, placeholder=_("Choose a donor and a bar"),
                 help=_("Does what a click on the bar does, from the keyboard."))
    follow_drill()
    shown = (
        ""
        if len(summary) <= FUNDS_CHART_DONORS
        else _("The {shown} largest donors are drawn; the table below lists all {count}.").format(
            shown=FUNDS_CHART_DONORS, count=format_decimal(len(summary))) + " "
    )
    st.caption(shown + _("Bars: {commitments} (type 11) and {received} (type 1). Click a bar to open the "
                         "donor's projects behind it in the Explorer, with a download.").format(
        commitments=_(MEASURES['commitments_usd'].label), received=_(MEASURES['funds_received_usd'].label)))
with rule:
    st.markdown("**" + _("Who counts as a donor") + "**")
    st.caption(donor_attribution_note())
    st.caption(_(FUNDS))
unconverted_caption(values.funds_unconverted, values.unconverted_currencies)
synthetic_caption(values.synthetic_records)
how_computed(usd_conversion_note(), SPLIT_RULE, PEOPLE_COUNTED_ONCE)

st.subheader(_("What each donor's funding reaches"))
show_data_table(
    summary,
    key="donor_summary",
    title=_("Donor figures"),
    expanded=True,
    column_config={
        "donor_id": None,
        "donor": st.column_config.TextColumn(_("Donor"), width="large"),
        **{name: st.column_config.NumberColumn(_(MEASURES[name].label), help=_(MEASURES[name].definition),
                                               format="dollar" if MEASURES[name].money else None,
                                               step=1 if MEASURES[name].money else None)
           for name in ("projects", "countries_reached", "trainings", "commitments_usd", "funds_received_usd",
                        "people_trained")},
        "unconverted_amounts": st.column_config.NumberColumn(_("Amounts without USD rate")),
    },
)

st.subheader(_("From donor to theme to country"))
flows = aggregate(donor_theme_country_flows, filters)
if flows.empty:
    st.info(_("No commitment with a USD value matches the current filters, so there is no flow to draw."))
else:
    st.caption(
        _("{commitments}: incoming commitments (IATI type 11). A project's commitment is split in equal "
          "parts "
          "across its themes and by its reported percentages across its countries, the same parts with and "
          "without filters; the ten largest donors are named.").format(
            commitments=_(MEASURES['commitments_usd'].label))
    )
    st.plotly_chart(figure(build_flow_sankey, donor_theme_country_flows, filters), key="donor_flows")
    show_data_table(flows, key="donor_flows", title=_("Flows"))
