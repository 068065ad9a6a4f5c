"""Donor profile: what one donor's money reached, chosen by the ``donor`` URL parameter (the sidebar's donor
filter), with the stories linked to its projects, the data gaps, a link to this view and a printable brief."""

import re
from dataclasses import replace
from functools import partial
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from dashboard.brief.build import brief_html_bytes, brief_lists_bytes, brief_pdf_bytes
from dashboard.brief.figures import (
    build_countries_reached,
    build_donor_funds_by_year,
    build_people_trained_by_year,
    people_trained_by_year,
)
from dashboard.components.charts import build_theme_bars, build_trainings_timeline
from dashboard.components.data_table import file_stem_for, show_data_table
from dashboard.components.map_key import show_map_key
from dashboard.components.maps import build_country_map
from dashboard.components.notes import (
    PEOPLE_COUNTED_ONCE,
    how_computed,
    nothing_to_show,
    synthetic_caption,
    unconverted_caption,
    usd_conversion_note,
)
from dashboard.components.safe_text import md_text
from dashboard.components.sidebar import current_filters, set_filter
from dashboard.data_access import aggregate, current_version, filter_choices
from dashboard.i18n import _, current_language, format_decimal
from dashboard.model.text import safe_url
from dashboard.transform.donor_profile import attribution_note, donor_event_places, donor_profile, gap_lines
from dashboard.transform.geo import MEASURES as MAP_MEASURES
from dashboard.transform.geo import load_world_shapes, place_countries, shape_iso3s
from dashboard.transform.measures import MEASURES, format_measure
from dashboard.transform.verification import VerifiedShare


def _choose_donor() -> None:
    choice = st.session_state.get("profile_donor")
    if choice:
        set_filter("donor", [choice])


def _literal(text: str) -> str:
    """Data text for a markdown element (header), shown as typed: no link, image, formula or emphasis."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def _web_links(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its ``url`` column kept only where it is an http(s) address (it is shown as a link)."""
    return df.assign(url=df["url"].map(safe_url, na_action="ignore")) if "url" in df else df


def _share_link() -> str:
    """This page's address with every URL-bound widget's value: opening it gives the same view."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    base = st.context.url or "/donor_profile"
    scheme, netloc, path, _, _ = urlsplit(base)
    return urlunsplit((scheme, netloc, path, urlencode(params, doseq=True), ""))


st.title(_("Donor profile"))
filters = current_filters()
choices = filter_choices()
if not choices.donors:
    nothing_to_show(True, _("donors"))
    st.stop()

chosen = filters.donors
donor_id = chosen[0] if len(chosen) == 1 else None
options = list(chosen) if len(chosen) > 1 else list(choices.donors)
# The sidebar's donor filter is the truth (it is in the URL); the picker only mirrors it.
st.session_state["profile_donor"] = donor_id
st.selectbox(_("Donor"), options, format_func=lambda d: choices.donor_names.get(d, d), key="profile_donor",
             on_change=_choose_donor, placeholder=_("Choose a donor"),
             help=_("Choosing here sets the sidebar's donor filter, so the link to this view names the "
                    "donor."))
if donor_id is None:
    st.info(_("Several donors are chosen in the sidebar: pick one above.") if chosen else
            _("Choose a donor above, or click a donor on the Donors page."),
            icon=":material/volunteer_activism:")
    st.stop()

# The donor's own events include releases linked to its projects that do not name it, so the sidebar's
# donor filter (which keeps only events naming a donor) is lifted here; donor_profile narrows by itself.
view_filters = replace(filters, donors=())
profile = aggregate(donor_profile, view_filters, donor_id)
s = profile.summary
st.header(_literal(s.name))
if s.projects == 0 and s.events == 0:
    nothing_to_show(False, _("projects or events of {donor}").format(donor=s.name))
    st.stop()
synthetic_caption(s.synthetic_projects + s.synthetic_events)

def _card(name: str, value: float | None, help_text: str = "") -> tuple[str, str, str]:
    """A card for a registry measure: its label, value ("not stated" when unknown) and definition."""
    m = MEASURES[name]
    return _(m.label), format_measure(name, value), " ".join(t for t in (_(m.definition), help_text) if t)


cards = [
    _card("commitments_usd", s.commitments_usd, _("From this donor.")),
    _card("funds_received_usd", s.funds_received_usd, _("From this donor.")),
    (_("Spent by the projects it funds (USD)"), format_measure("spent_usd", s.spent_usd),
     _(MEASURES["spent_usd"].definition) + " " + _("All funders together: their shares are in the table "
                                                   "\"Funders of its projects\" below.")),
    _card("budget_usd", s.budget_usd, _("Of the projects it funds.")),
    _card("projects", s.projects, _("Attributed to this donor.")),
    _card("countries_reached", s.countries),
    _card("trainings", s.trainings, _("Naming it or linked to its projects.")),
    _card("people_trained", s.people_trained,
          _("Stated by {stated} of {count} trainings.").format(stated=format_decimal(s.trainings_with_count),
                                                               count=format_decimal(s.trainings))),
    _card("women_trained", s.women_trained,
          _("Stated by {stated} of {count} trainings.").format(stated=format_decimal(s.trainings_with_gender),
                                                               count=format_decimal(s.trainings))),
    (_("Men trained"), format_measure("people_trained", s.men_trained),
     _("Participants minus women, over the {count} trainings that state both.").format(
         count=format_decimal(s.trainings_with_gender))),
    _card("officials_trained", s.officials_trained),
]
# Three rows of three: money, reach, people.
for start in range(0, len(cards), 3):
    for column, (label, value, help_text) in zip(st.columns(3), cards[start:start + 3], strict=False):
        column.metric(label, value, help=help_text, border=True)
st.caption(VerifiedShare(s.people_trained, s.people_trained_verified).caption(_("People trained"))
           + _(": head count and training confirmed or corrected by a reviewer."))
unconverted_caption(s.amounts_without_usd, tuple(profile.amounts_without_usd["currency"].unique()))
how_computed(attribution_note(), usd_conversion_note(), PEOPLE_COUNTED_ONCE)

share, brief = st.columns([3, 2])
with share:
    st.markdown(_("**Link to this view** (donor and filters included)"))
    st.code(_share_link(), language=None, wrap_lines=True)
with brief:
    st.markdown("**" + _("Download brief") + "**")
    version = current_version()
    stem = file_stem_for(f"brief {s.name}")
    pdf_col, html_col = st.columns(2)
    pdf_col.download_button(_("Download brief (PDF)"),
                            data=partial(brief_pdf_bytes, profile, filters, version, current_language()),
                            file_name=f"{stem}.pdf", mime="application/pdf", key="brief_pdf",
                            on_click="ignore", icon=":material/picture_as_pdf:", type="primary")
    html_col.download_button(_("HTML version"),
                             data=partial(brief_html_bytes, profile, filters, version, current_language()),
                             file_name=f"{stem}.html", mime="text/html", key="brief_html", on_click="ignore",
                             icon=":material/download:")
    st.download_button(_("Full lists (Excel)"), data=partial(brief_lists_bytes, profile, current_language()),
                       file_name=f"{stem}-lists.xlsx", key="brief_lists", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table:")
    st.caption(_("The charts are drawn when you click (a few seconds). The brief shows the first rows of "
                 "each "
                 "list; the workbook holds them all."))

st.subheader(_("Funds by year"))
st.plotly_chart(build_donor_funds_by_year(profile.funds_by_year), key="donor_funds")
show_data_table(profile.funds_by_year, key="donor_funds", title=_("Funds by year"), file_stem=f"{stem}-funds")
if not profile.funders.empty:
    st.caption(_("Who funds the projects this donor funds: their commitments (IATI type 11) in USD and "
                 "share. "
                 "Spending is reported per project for all funders together."))
    show_data_table(profile.funders, key="donor_funders", title=_("Funders of its projects"),
                    file_stem=f"{stem}-funders")
if not profile.amounts_without_usd.empty:
    show_data_table(profile.amounts_without_usd, key="donor_unconverted",
                    title=_("Amounts without a USD value (own currency)"), file_stem=f"{stem}-unconverted")

st.subheader(_("Countries reached"))
map_col, bars_col = st.columns([3, 2])
with map_col:
    # Same key as the Map page's control: "measure" means the same thing in every link.
    measure = st.segmented_control(_("Colour countries by"), list(MAP_MEASURES),
                                   format_func=lambda m: _(MAP_MEASURES[m]),
                                   default="projects", key="measure", bind="query-params",
                                   required=True) or "projects"
    shapes = load_world_shapes()
    placed = place_countries(profile.countries, shape_iso3s(shapes))
    events = aggregate(donor_event_places, view_filters, donor_id)
    st.pydeck_chart(build_country_map(shapes, placed, events.points, measure), key="donor_map", height=420,
                    alt=_("World map of the countries reached by {donor}").format(donor=s.name))
    show_map_key([*placed.on_shapes[measure].tolist(), *placed.as_points[measure].tolist()], measure)
    st.caption(_("Countries coloured by {measure} of the donor's projects and trainings; orange circles are "
                 "its "
                 "trainings and events. Budgets are split across a project's countries.").format(
        measure=_(MAP_MEASURES[measure]).lower()))
with bars_col:
    st.plotly_chart(build_countries_reached(profile.countries), key="donor_countries")
show_data_table(profile.countries, key="donor_countries", title=_("Countries reached"),
                file_stem=f"{stem}-countries")

themes_col, people_col = st.columns(2)
with themes_col:
    st.subheader(_("Themes"))
    if profile.themes.empty:
        st.info(_("No theme is recorded for this donor's projects or events."))
    else:
        st.plotly_chart(build_theme_bars(profile.themes, "projects", _("Projects")), key="donor_themes")
        show_data_table(profile.themes, key="donor_themes", title=_("Themes"), file_stem=f"{stem}-themes")
with people_col:
    st.subheader(_("People trained"))
    st.plotly_chart(build_people_trained_by_year(profile.trainings), key="donor_people")
    show_data_table(people_trained_by_year(profile.trainings).reset_index(), key="donor_people",
                    title=_("People trained by year"), file_stem=f"{stem}-people-by-year")

st.subheader(_("Projects"))
show_data_table(_web_links(profile.projects), key="donor_projects", title=_("Projects"),
                file_stem=f"{stem}-projects", expanded=True, column_config={
                    "url": st.column_config.LinkColumn(_("Source page")),
                    "synthetic": st.column_config.CheckboxColumn(_("Synthetic demo data"))})

st.subheader(_("Timeline of trainings"))
if profile.trainings.empty:
    st.info(_("No training or workshop is connected to this donor for these filters."))
else:
    st.plotly_chart(build_trainings_timeline(profile.timeline), key="donor_timeline")
    show_data_table(_web_links(profile.trainings), key="donor_trainings", title=_("Trainings"),
                    file_stem=f"{stem}-trainings", expanded=True, column_config={
                        "url": st.column_config.LinkColumn(_("Release")),
                        "how": st.column_config.TextColumn(_("Why it is the donor's")),
                        "synthetic": st.column_config.CheckboxColumn(_("Synthetic demo data"))})

st.subheader(_("Stories linked to its projects"))
if profile.stories.empty:
    st.info(_("No news event is linked to this donor's projects for these filters."))
else:
    st.caption(_("Each link says why the story is tied to the project; confidence runs from 0 to 1."))
    show_data_table(_web_links(profile.stories), key="donor_stories", title=_("Stories"),
                    file_stem=f"{stem}-stories", expanded=True, column_config={
                        "url": st.column_config.LinkColumn(_("Release")),
                        "confidence": st.column_config.ProgressColumn(_("Confidence"), min_value=0,
                                                                      max_value=1, format="%.2f"),
                        "synthetic": st.column_config.CheckboxColumn(_("Synthetic demo data"))})

st.subheader(_("Data gaps"))
if profile.gaps.empty:
    st.success(_("No gap found in the records behind this view."))
else:
    for gap, detail in gap_lines(profile.gaps):
        st.markdown(f"- **{md_text(gap)}**: {md_text(detail, max_chars=1000)}.")

st.subheader(_("Sources"))
show_data_table(_web_links(profile.sources), key="donor_sources", title=_("Sources"),
                file_stem=f"{stem}-sources", column_config={"url": st.column_config.LinkColumn("URL")})
