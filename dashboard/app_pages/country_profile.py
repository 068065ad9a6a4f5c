"""Country profile: everything about one country, chosen by the ``country`` filter (the Map links here)."""

from dataclasses import replace

import streamlit as st

from dashboard.components.charts import (
    build_funds_by_donor,
    build_people_trained_by_month,
    build_theme_bars,
    build_trainings_timeline,
)
from dashboard.components.data_table import show_data_table
from dashboard.components.kpi import show_headline_kpis
from dashboard.components.notes import (
    COUNTRY_SHARES,
    PEOPLE_COUNTED_ONCE,
    donor_attribution_note,
    how_computed,
    nothing_to_show,
    synthetic_caption,
    unconverted_caption,
    undated_caption,
    usd_conversion_note,
)
from dashboard.components.safe_text import md_text
from dashboard.components.sidebar import current_filters, set_filter
from dashboard.data_access import aggregate, figure, filter_choices, headline_figures
from dashboard.i18n import _, format_decimal
from dashboard.model.countries import country_name_in_language
from dashboard.transform.country import country_facts, country_projects
from dashboard.transform.donors import NOT_STATED, donor_summary
from dashboard.transform.explorer import events_table
from dashboard.transform.kpis import undated_records
from dashboard.transform.measures import MEASURES, format_measure
from dashboard.transform.themes import theme_summary
from dashboard.transform.trainings import people_trained_by_month, training_timeline


def _choose_country() -> None:
    choice = st.session_state.get("profile_country")
    if choice:
        set_filter("country", [choice])


st.title(_("Country profile"))
filters = current_filters()
choices = filter_choices()
if not choices.countries:
    nothing_to_show(True, _("countries"))
    st.stop()

chosen = filters.countries
iso3 = chosen[0] if len(chosen) == 1 else None
options = list(chosen) if len(chosen) > 1 else list(choices.countries)
st.selectbox(
    _("Country"),
    options,
    index=options.index(iso3) if iso3 in options else None,
    format_func=lambda c: f"{country_name_in_language(c)} ({c})",
    key="profile_country",
    on_change=_choose_country,
    placeholder=_("Choose a country"),
    help=_("Choosing here sets the sidebar's country filter, so the link to this view names it."),
)
if iso3 is None:
    st.info(
        _("Several countries are chosen in the sidebar: pick one above.")
        if chosen
        else _("Choose a country above, or open this page from the Map."),
        icon=":material/flag:",
    )
    st.stop()

facts = country_facts(iso3)
shown_name = country_name_in_language(iso3)  # in the interface language
st.header(md_text(shown_name))
st.caption(md_text(" · ".join(p for p in (facts.iso3, facts.subregion, facts.region) if p)))
in_country = replace(filters, countries=(iso3,), regions=())
headline = headline_figures(in_country, choices.last_recorded, choices.first_date)
show_headline_kpis(headline)
values, trends = headline.values, headline.trends
if values.projects == 0 and values.trainings == 0:
    nothing_to_show(False, _("projects or trainings in {country}").format(country=md_text(shown_name)))
    st.stop()
unconverted_caption(values.budget_unconverted + values.funds_unconverted, values.unconverted_currencies)
synthetic_caption(values.synthetic_records)
how_computed(COUNTRY_SHARES, usd_conversion_note(), label=_("How are multi-country projects counted?"))
show_data_table(trends, key="country_trend", title=_("Yearly figures"), file_stem=f"yearly-{iso3}")

st.subheader(_("Projects"))
projects = aggregate(country_projects, replace(filters, countries=(), regions=()), iso3)
if projects.empty:
    st.info(_("No project in {country} matches the current filters.").format(country=md_text(shown_name)))
else:
    st.caption(
        _("{count} projects; {budget} of their budgets and {received} of their funds received fall to "
          "{country} (the rows below add up to these).").format(
            count=format_decimal(len(projects)), budget=format_measure('budget_usd', values.budget_usd),
            received=format_measure('funds_received_usd', values.funds_received_usd), country=shown_name)
    )
    show_data_table(
        projects,
        key="country_projects",
        title=_("Projects"),
        file_stem=f"projects-{iso3}",
        expanded=True,
        column_config={
            "share_pct": st.column_config.NumberColumn(_("Country share %"), format="%.1f"),
            "budget_usd": st.column_config.NumberColumn(_("Budget (USD)"), format="dollar", step=1),
            "country_budget_usd": st.column_config.NumberColumn(_("Country budget"), format="dollar", step=1),
            "country_funds_received_usd": st.column_config.NumberColumn(
                _("Country funds received"), format="dollar", step=1),
        },
    )

st.subheader(_("Trainings"))
timeline = aggregate(training_timeline, in_country)
undated = aggregate(undated_records, in_country)
undated_caption(undated.trainings, undated.of_trainings, _("trainings"),
                _("the Explorer's News events table lists them (Date empty)."))
if timeline.empty:
    st.info(_("No dated training in {country} matches the current filters.").format(
        country=md_text(shown_name)))
else:
    st.plotly_chart(figure(build_trainings_timeline, training_timeline, in_country), key="country_trainings")
    show_data_table(timeline, key="country_trainings", title=_("Trainings"), file_stem=f"trainings-{iso3}")
    monthly = aggregate(people_trained_by_month, in_country)
    chart = figure(build_people_trained_by_month, people_trained_by_month, in_country)
    st.plotly_chart(chart, key="country_people_by_month")
    how_computed(PEOPLE_COUNTED_ONCE)
    show_data_table(
        monthly,
        key="country_people_by_month",
        title=_("People trained per month"),
        file_stem=f"people-trained-{iso3}",
    )

st.subheader(_("What happened there"))
happened = aggregate(events_table, in_country)
if happened.empty:
    st.info(_("No news-reported event in {country} matches the current filters.").format(
        country=md_text(shown_name)))
else:
    st.caption(_("{count} news-reported events (trainings, conferences and others), newest first.").format(
        count=format_decimal(len(happened))))
    show_data_table(happened.sort_values("Date", ascending=False, na_position="last"), key="country_events",
                    title=_("News events"), file_stem=f"events-{iso3}", expanded=True,
                    column_config={"Source link": st.column_config.LinkColumn(
                        _("Source link"), display_text=_("open release"))})

donors_col, themes_col = st.columns(2)
with donors_col:
    st.subheader(_("Donors"))
    donors = aggregate(donor_summary, in_country)
    if donors.empty:
        st.info(_("No donor is attributed to activities in {country}.").format(country=md_text(shown_name)))
    else:
        named = int((donors["donor_id"] != NOT_STATED).sum())
        money = _("{commitments} and {received}").format(commitments=_(MEASURES['commitments_usd'].label),
                                                         received=_(MEASURES['funds_received_usd'].label))
        st.caption((_("{count} donors. The chart shows {money} of those with money in USD; the table lists "
                      "them all, plus one row for money whose provider is not stated.")
                    if named < len(donors) else
                    _("{count} donors. The chart shows {money} of those with money in USD; the table lists "
                      "them all.")).format(count=format_decimal(named), money=money))
        st.plotly_chart(
            figure(build_funds_by_donor, donor_summary, in_country, builder_args=(10,)), key="country_donors"
        )
        how_computed(donor_attribution_note())
        show_data_table(donors, key="country_donors", title=_("Donors"), file_stem=f"donors-{iso3}")
with themes_col:
    st.subheader(_("Themes"))
    themes = aggregate(theme_summary, in_country)
    if themes.empty:
        st.info(_("No themed activity in {country}.").format(country=md_text(shown_name)))
    else:
        chart = figure(build_theme_bars, theme_summary, in_country, builder_args=("projects", _("Projects")))
        st.plotly_chart(chart, key="country_themes")
        show_data_table(themes, key="country_themes", title=_("Themes"), file_stem=f"themes-{iso3}")
