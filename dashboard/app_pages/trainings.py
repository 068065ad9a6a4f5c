"""Trainings: every training and workshop on a time axis, people trained per month, projects' Gantt."""

import streamlit as st

from dashboard.components.charts import (
    MAX_TIMELINE_MARKS,
    build_people_trained_by_month,
    build_project_gantt,
    build_trainings_timeline,
    drawn_trainings,
)
from dashboard.components.data_table import cells_in_language, count_column, show_data_table
from dashboard.components.notes import PEOPLE_COUNTED_ONCE, how_computed, synthetic_caption, undated_caption
from dashboard.components.record import show_record
from dashboard.components.sidebar import current_filters
from dashboard.data_access import aggregate, figure
from dashboard.i18n import _, format_decimal
from dashboard.transform.kpis import undated_records
from dashboard.transform.selection import selected_point_ids
from dashboard.transform.trainings import (
    event_record,
    officials_trained,
    people_trained_by_audience,
    people_trained_by_month,
    project_gantt,
    project_record,
    training_funders,
    training_timeline,
)

st.title(_("Trainings"))
filters = current_filters()
timeline = aggregate(training_timeline, filters)
monthly = aggregate(people_trained_by_month, filters)
gantt = aggregate(project_gantt, filters)
undated = aggregate(undated_records, filters)
UNDATED_TRAININGS = _("the Explorer's News events table lists them (Date empty).")

st.subheader(_("Who was trained, and who paid"))
officials = aggregate(officials_trained, filters)
funders = aggregate(training_funders, filters)
count_col, funders_col = st.columns([1, 2])
count_col.metric(
    _("Officials trained"), format_decimal(officials.people) if officials.stated else _("not stated"),
    border=True,
    help=_("Participants of trainings whose audience includes government officials, border and law "
           "enforcement or the justice sector. \"not stated\" when the releases of these trainings give no "
           "audience."))
if officials.stated:
    count_col.caption(_("At {count} trainings for officials.").format(
        count=format_decimal(officials.trainings)))
by_audience = aggregate(people_trained_by_audience, filters)
if not by_audience.empty:
    count_col.dataframe(cells_in_language(by_audience), hide_index=True, key="people_by_audience_table",
                        column_config={"audience": _("Audience"), "trainings": count_column(_("Trainings")),
                                       "people_trained": count_column(_("People trained"))})
with funders_col:
    if funders.empty:
        st.info(_("No training matches the current filters."))
    else:
        st.dataframe(cells_in_language(funders.drop(columns=["donor_id"])), hide_index=True,
                     key="training_funders_table",
                     column_config={
                         "donor": st.column_config.TextColumn(_("Who paid"), width="medium"),
                         "trainings": count_column(_("Trainings"), width="small"),
                         "people_trained": count_column(_("People"), width="small"),
                         "how": st.column_config.TextColumn(_("How we know"), width="medium")})
        st.caption(_("A donor paid for a training when the release names it or the training belongs to a "
                     "project it funds."))

st.subheader(_("Trainings and workshops over time"))
undated_caption(undated.trainings, undated.of_trainings, _("trainings"), UNDATED_TRAININGS)
if timeline.empty:
    st.info(
        _("No dated training or workshop matches the current filters (or the store holds no news events). "
          "Widen the date range or remove a filter.")
    )
else:
    st.caption(
        _("One mark per training: size = participants (small when not stated), colour = theme. "
          "Click a mark to see its record.")
    )
    picked = st.plotly_chart(
        figure(build_trainings_timeline, training_timeline, filters),
        key="trainings_timeline",
        on_select="rerun",
        selection_mode="points",
    )
    if len(timeline) > MAX_TIMELINE_MARKS:
        st.caption(
            _("{count} trainings match: the {shown} with the most participants are drawn; the table below "
              "lists them all. Narrow the filters to see every mark.").format(
                count=format_decimal(len(timeline)), shown=format_decimal(MAX_TIMELINE_MARKS))
        )
    # The keyboard's way to what a click on a mark shows (the marks drawn, newest first).
    untitled = _("untitled")
    marks = drawn_trainings(timeline).sort_values("date", ascending=False)
    titles = {e: f"{d:%Y-%m-%d} · {t if isinstance(t, str) else untitled}"
              for e, d, t in zip(marks["event_id"], marks["date"], marks["title"], strict=True)}
    chosen = st.selectbox(_("Show the record of a training"), list(titles), index=None, key="training_pick",
                          format_func=titles.__getitem__, placeholder=_("Choose a training"))
    ids = selected_point_ids(picked) or ([chosen] if chosen else [])
    if ids:
        record = aggregate(event_record, filters, ids[0])
        show_record(record, title=_("Selected training"), key="training_record")
    synthetic_caption(int(timeline["synthetic"].sum()))
    show_data_table(
        timeline,
        key="trainings_timeline",
        title=_("Trainings shown"),
        column_config={"url": st.column_config.LinkColumn(_("source"))},
    )

st.subheader(_("People trained per month"))
undated_caption(undated.trainings, undated.of_trainings, _("trainings"), UNDATED_TRAININGS)
if monthly.empty:
    st.info(_("No people trained to count for the current filters."))
else:
    st.plotly_chart(
        figure(build_people_trained_by_month, people_trained_by_month, filters), key="people_by_month"
    )
    how_computed(PEOPLE_COUNTED_ONCE)
    synthetic_caption(int(timeline["synthetic"].sum()) if not timeline.empty else 0)
    show_data_table(monthly, key="people_by_month", title=_("People trained per month"))

st.subheader(_("Projects over time"))
undated_caption(undated.projects, undated.of_projects, _("projects"),
                _("the Explorer's Projects table lists them (Start empty)."))
if gantt.empty:
    st.info(_("No dated project matches the current filters (or the store holds no projects)."))
else:
    shown_of = int(gantt["shown_of"].iloc[0])
    if shown_of > len(gantt):
        st.caption(
            _("The {shown} projects with the largest budgets of {count}; narrow the filters to see "
              "others.").format(shown=format_decimal(len(gantt)), count=format_decimal(shown_of))
        )
    picked = st.plotly_chart(
        figure(build_project_gantt, project_gantt, filters),
        key="projects_gantt",
        on_select="rerun",
        selection_mode="points",
    )
    project_titles = dict(zip(gantt["iati_identifier"], gantt["title"], strict=True))
    chosen = st.selectbox(_("Show the record of a project"), list(project_titles), index=None,
                          key="project_pick", format_func=lambda i: f"{project_titles[i]} ({i})",
                          placeholder=_("Choose a project"))
    ids = selected_point_ids(picked) or ([chosen] if chosen else [])
    if ids:
        record = aggregate(project_record, filters, ids[0])
        show_record(record, title=_("Selected project"), key="project_record")
    synthetic_caption(int(gantt["synthetic"].sum()))
    show_data_table(gantt.drop(columns=["shown_of"]), key="projects_gantt", title=_("Projects shown"))
