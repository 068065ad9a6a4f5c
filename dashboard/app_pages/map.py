"""Map: countries coloured by a chosen measure, news events at their place; a click opens a country."""

import pandas as pd
import streamlit as st

from dashboard.components.data_table import cells_in_language, show_data_table, translated_headers
from dashboard.components.map_key import show_map_key
from dashboard.components.maps import (
    build_country_map,
    build_event_size_key,
    country_from_selection,
    event_from_selection,
    map_style_for,
)
from dashboard.components.safe_text import md_text
from dashboard.components.sidebar import current_filters, set_filter
from dashboard.data_access import aggregate, filter_choices
from dashboard.i18n import _, format_decimal
from dashboard.model.countries import country_name, country_name_in_language
from dashboard.transform.geo import (
    MEASURES,
    country_measures,
    drawn_event_places,
    event_places,
    load_world_shapes,
    place_countries,
    shape_iso3s,
)

MAP_KEY = "world_map"
COUNTRY_PROFILE = "app_pages/country_profile.py"
OPEN_COUNTRY = "map_open_country"  # set by the click callback, consumed below in the same run


def _on_country_picked() -> None:
    # The keyboard's way to do what a click on a country does.
    iso3 = st.session_state.get("map_open")
    if iso3:
        set_filter("country", [iso3])
        st.session_state[OPEN_COUNTRY] = iso3


def _on_map_click() -> None:
    # Runs before the script, so the sidebar's country filter can still be set for this run.
    iso3 = country_from_selection(st.session_state.get(MAP_KEY))
    if iso3 and iso3 in filter_choices().countries:
        set_filter("country", [iso3])
        st.session_state[OPEN_COUNTRY] = iso3
    elif iso3:
        st.toast(_("No project or news event in the store names {country}.").format(
            country=md_text(country_name(iso3))), icon=":material/info:")


filters = current_filters()
st.title(_("Map"))
st.caption(_("Countries coloured by the chosen measure; orange rings are news-reported events, sized by "
             "participants (key below the map). Click a country to open its profile. Shapes: Natural Earth "
             "110 m (public domain)."))

measure = st.segmented_control(_("Colour countries by"), list(MEASURES), format_func=lambda m: _(MEASURES[m]),
                               default="projects", key="measure", bind="query-params",
                               required=True)
measure = measure or "projects"
show_events = st.toggle(_("Show news-reported events"), value=True, key="events", bind="query-params")

measures = aggregate(country_measures, filters)
events = aggregate(event_places, filters)
shapes = load_world_shapes()
placed = place_countries(measures, shape_iso3s(shapes))

if measures.empty and events.points.empty:
    st.info(_("No projects or news events match the current filters: the map below is empty. "
              "Widen the filters in the sidebar, or use **Reset filters**."),
            icon=":material/filter_alt_off:")

drawn_events = aggregate(drawn_event_places, filters) if show_events else events.points.head(0)
style = map_style_for(st.context.theme.type)  # a dark page gets a dark base map
deck = build_country_map(shapes, placed, drawn_events, measure, map_style=style)
selection = st.pydeck_chart(deck, on_select=_on_map_click, selection_mode="single-object", key=MAP_KEY,
                            height=540, alt=_("World map of {measure} by country").format(
                                measure=_(MEASURES[measure]).lower()))
names = {iso3: country_name_in_language(iso3) for iso3 in measures["iso3"]}
st.selectbox(_("Open a country's profile"), sorted(names, key=names.__getitem__), index=None, key="map_open",
             format_func=lambda iso3: f"{names[iso3]} ({iso3})", on_change=_on_country_picked,
             placeholder=_("Choose a country with data on the map"),
             help=_("Does what a click on the country does, from the keyboard."))

target = st.session_state.pop(OPEN_COUNTRY, None)
if target:
    st.switch_page(COUNTRY_PROFILE, query_params={})

key_col, note_col = st.columns([1, 2])
with key_col:
    show_map_key([*placed.on_shapes[measure].tolist(), *placed.as_points[measure].tolist()], measure)
    if show_events and len(drawn_events):
        st.plotly_chart(build_event_size_key(), key="event_size_key", config={"staticPlot": True})
with note_col:
    if not placed.as_points.empty:
        small = ", ".join(sorted(placed.as_points["name"]))
        st.caption(_("Too small for the map's outlines, drawn as dark-ringed circles: {names}.").format(
            names=md_text(small, 2000)))
    if placed.unplaced:
        st.warning(_("{count} countries have data but no known position and are not drawn: {names}. Their "
                     "figures are in the table below.").format(
            count=format_decimal(len(placed.unplaced)), names=md_text(', '.join(placed.unplaced), 2000)))
    if len(drawn_events) and len(drawn_events) < len(events.points):
        st.caption(_("{events} events are drawn as {circles} circles, one per place; hover a circle for its "
                     "count.").format(events=format_decimal(len(events.points)),
                                      circles=format_decimal(len(drawn_events))))
    if events.unplaced:
        st.caption(_("{count} events name no place or country and are not drawn; see them in the "
                     "Explorer.").format(count=format_decimal(events.unplaced)))
    centroid = int((events.points["position"] == "country centroid").sum()) if not events.points.empty else 0
    if centroid:
        st.caption(_("{count} events report no place: drawn at their country's centre.").format(
            count=format_decimal(centroid)))
    st.caption(_("Budget is split across a project's countries by their reported share; an event hosted by "
                 "two countries counts in both. Trainings: news-reported trainings and workshops."))

event_id = event_from_selection(selection)
if event_id is not None:
    chosen = events.points[events.points["event_id"] == event_id]
    if not chosen.empty:
        st.subheader(_("Selected event"))
        chosen = chosen.drop(columns=["lat", "lon"])
        st.dataframe(cells_in_language(chosen), hide_index=True, width="stretch",
                     column_config=translated_headers(chosen, {}))

table = measures.sort_values([measure, "name"], ascending=[False, True], na_position="last").rename(
    columns={"iso3": "ISO3", "name": _("Country"), **{k: _(v) for k, v in MEASURES.items()}})
show_data_table(table, key="map_numbers", title=_("Numbers behind the map"),
                column_config={_("Budget (USD)"): st.column_config.NumberColumn(format="dollar", step=1)})
if not events.points.empty:
    shown = events.points.drop(columns=["lat", "lon"])
    shown["date"] = pd.to_datetime(shown["date"]).dt.date
    show_data_table(shown, key="map_events", title=_("Events on the map"))
