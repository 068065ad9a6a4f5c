"""The world map: countries coloured by a measure, small countries as points, news events as circles.

Offline by construction: the country shapes are the bundled Natural Earth file, and the base map is the
blank style the app serves itself (``/app/static/map-style.json``, needs ``server.enableStaticServing``).
Streamlit 1.67 otherwise loads a Carto style from the internet, even for ``map_style=None``.
Tooltips are plain text (deck.gl writes them with ``innerText``), and every string from the data is also
stripped of markup and control characters here, so a title can never become HTML.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.components.safe_text import plain_text
from dashboard.i18n import _, current_language, format_decimal
from dashboard.model.cells import number_or_none
from dashboard.model.countries import country_name_in_language, is_iso3
from dashboard.transform.geo import MEASURES, PlacedCountries

MAP_STYLE_URL = "/app/static/map-style.json"
DARK_MAP_STYLE_URL = "/app/static/map-style-dark.json"
BORDERS_URL = "/app/static/world_110m.geojson"

# Layer ids are a contract with the page: selection events are reported per layer id.
COUNTRIES_LAYER = "countries"
SMALL_COUNTRIES_LAYER = "small_countries"
BORDERS_LAYER = "borders"
EVENTS_LAYER = "events"

# ColorBrewer YlGnBu, 6 classes: sequential and safe for the common colour-vision deficiencies.
SEQUENTIAL_RGB: tuple[tuple[int, int, int], ...] = (
    (199, 233, 180), (127, 205, 187), (65, 182, 196), (29, 145, 192), (34, 94, 168), (12, 44, 132),
)
NO_DATA_RGB = (208, 213, 221)
# On the dark base map the light grey glared; a dark slate keeps no-data countries quiet there.
NO_DATA_DARK_RGB = (62, 70, 84)
OUTLINE_RGB = (255, 255, 255)
# Okabe-Ito vermillion: stands apart from the blue-green country scale for every colour vision.
EVENT_RGB = (213, 94, 0)

def format_measure(measure: str, value: object) -> str:
    """A measure's value as shown to people ("no data" rather than 0 when unknown)."""
    number = number_or_none(value)
    if number is None:
        return _("no data")
    if measure == "budget_usd":
        return "USD " + format_decimal(round(number))
    return format_decimal(int(number))


def colour_breaks(values: Sequence[float], classes: int = len(SEQUENTIAL_RGB)) -> list[float]:
    """Upper bounds of each colour class: quantiles of the positive values (aid data is very skewed).

    Returns at most ``classes`` distinct, increasing bounds; the last one is the maximum.
    """
    positive = sorted(float(v) for v in values if v is not None and not pd.isna(v) and float(v) > 0)
    if not positive:
        return []
    series = pd.Series(positive)
    # "higher" keeps every bound an actual value, so counts get whole-number classes.
    return sorted({float(series.quantile((i + 1) / classes, interpolation="higher")) for i in range(classes)})


def colour_for(value: object, breaks: Sequence[float],
               no_data: tuple[int, int, int] = NO_DATA_RGB) -> list[int]:
    """RGB of ``value`` on the sequential scale; the no-data grey for missing, zero or no breaks."""
    number = number_or_none(value)
    if number is None or not breaks or number <= 0:
        return list(no_data)
    # Spread the available classes over the whole palette so few breaks still use light to dark.
    step = (len(SEQUENTIAL_RGB) - 1) / max(len(breaks) - 1, 1)
    for i, bound in enumerate(breaks):
        if number <= bound:
            return list(SEQUENTIAL_RGB[round(i * step)])
    return list(SEQUENTIAL_RGB[-1])


def legend(breaks: Sequence[float], measure: str) -> pd.DataFrame:
    """The colour classes as a table (``range``, ``colour`` as hex) for a key beside the map."""
    rows = []
    lower = 0.0
    step = (len(SEQUENTIAL_RGB) - 1) / max(len(breaks) - 1, 1)
    for i, bound in enumerate(breaks):
        r, g, b = SEQUENTIAL_RGB[round(i * step)]
        if measure == "budget_usd":
            text = (_("up to USD {bound}").format(bound=format_decimal(round(bound))) if i == 0
                    else f"USD {format_decimal(round(lower))} – {format_decimal(round(bound))}")
        else:
            first, last = int(lower) + 1, int(bound)
            text = (format_decimal(last) if first >= last
                    else f"{format_decimal(first)} – {format_decimal(last)}")
        rows.append({"range": text, "colour": f"#{r:02x}{g:02x}{b:02x}"})
        lower = bound
    return pd.DataFrame(rows, columns=["range", "colour"])


def _shown_name(iso3: str, name: str) -> str:
    """The country's name in the interface language (the shapes and data carry the English one)."""
    return name if current_language() == "en" else country_name_in_language(iso3)


def _country_tooltip(name: str, row: Mapping[Hashable, Any] | None, measure: str) -> str:
    lines = [plain_text(name)]
    if row is None:
        lines.append(_("No data for the current filters"))
        return "\n".join(lines)
    lines.append(f"{_(MEASURES[measure])}: {format_measure(measure, row.get(measure))}")
    lines.extend(f"{_(label)}: {format_measure(key, row.get(key))}"
                 for key, label in MEASURES.items() if key != measure)
    lines.append(_("Click to open the country profile"))
    return "\n".join(lines)


# Participants shown in the circle-size key under the map.
SIZE_KEY_PARTICIPANTS = (10, 50, 200)


def map_style_for(theme_type: str | None) -> str:
    """The blank base style matching the viewer's theme ("dark" gets the dark one)."""
    return DARK_MAP_STYLE_URL if theme_type == "dark" else MAP_STYLE_URL


def event_size_key() -> pd.DataFrame:
    """The circle-size key: ``participants`` and the circle's ``diameter_px`` on the map."""
    return pd.DataFrame({
        "participants": list(SIZE_KEY_PARTICIPANTS) + [None],
        "diameter_px": [2 * _event_radius(p) for p in SIZE_KEY_PARTICIPANTS] + [2 * _event_radius(None)],
    })


def build_event_size_key() -> go.Figure:
    """A small figure drawing the map's event circles at their real size, with the participants of each."""
    key = event_size_key()
    labels = [format_decimal(int(p)) if pd.notna(p) else _("not stated") for p in key["participants"]]
    fig = go.Figure(go.Scatter(
        x=list(range(len(key))), y=[0] * len(key), mode="markers+text", text=labels,
        textposition="bottom center",
        marker={"size": key["diameter_px"], "color": "rgba(213,94,0,0.16)",
                "line": {"color": "rgb(213,94,0)", "width": 1.5}},
        hoverinfo="skip",
    ))
    fig.update_xaxes(visible=False, range=[-0.6, len(key) - 0.4])
    fig.update_yaxes(visible=False, range=[-1.2, 0.8])
    fig.update_layout(height=110, margin={"l": 0, "r": 0, "t": 24, "b": 0}, showlegend=False,
                      title={"text": _("Event circles: participants"), "font": {"size": 12}})
    return fig


def _event_radius(participants: object) -> float:
    # Area, not radius, grows with participants; unknown counts get the smallest dot.
    count = number_or_none(participants)
    if count is None:
        return 2.5
    return float(min(2.5 + 0.9 * math.sqrt(max(count, 0.0)), 16.0))


def _event_tooltip(row: Mapping[Hashable, Any]) -> str:
    participants = number_or_none(row.get("participants"))
    count = row.get("events", 1)
    if count and count > 1:  # a place standing for several events (transform.geo.group_events_by_place)
        place = ", ".join(p for p in (plain_text(row.get("city")), plain_text(row.get("country"))) if p)
        stated = format_decimal(int(participants)) if participants is not None else _("none")
        return (_("{count} events near {place}").format(count=format_decimal(int(count)),
                                                        place=place or _("this place"))
                + "\n" + _("Participants stated: {stated}").format(stated=stated))
    date = row.get("date")
    lines = [
        plain_text(row.get("title")) or _("Untitled event"),
        " · ".join(p for p in (plain_text(row.get("type")),
                               pd.Timestamp(date).date().isoformat() if date is not None and not pd.isna(date)
                               else "") if p),
        ", ".join(p for p in (plain_text(row.get("city")), plain_text(row.get("country"))) if p),
        _("Participants") + ": " + (format_decimal(int(participants)) if participants is not None
                                    else _("not stated")),
    ]
    if row.get("position") == "country centroid":
        lines.append(_("Place not reported: drawn at the country's centre"))
    return "\n".join(line for line in lines if line)


def _countries_data(shapes: Mapping[str, Any], placed: PlacedCountries, measure: str, breaks: Sequence[float],
                    no_data: tuple[int, int, int] = NO_DATA_RGB) -> list[dict[str, Any]]:
    """One row per polygon (a country of several islands has several rows, all with its ISO3)."""
    by_iso3 = {row["iso3"]: row for row in placed.on_shapes.to_dict("records")}
    rows: list[dict[str, Any]] = []
    for feature in shapes["features"]:
        iso3 = feature["properties"]["iso3"]
        row = by_iso3.get(iso3)
        fill = [*colour_for(row.get(measure) if row else None, breaks, no_data), 230]
        tooltip = _country_tooltip(_shown_name(iso3, feature["properties"]["name"]), row, measure)
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rows.extend({"iso3": iso3, "polygon": polygon, "fill": fill, "tooltip": tooltip}
                    for polygon in polygons)
    return rows


def build_country_map(shapes: Mapping[str, Any], placed: PlacedCountries, events: pd.DataFrame,
                      measure: str, *, map_style: str = MAP_STYLE_URL,
                      borders_url: str = BORDERS_URL) -> pdk.Deck:
    """The world map as a pydeck Deck.

    Args:
        shapes: the bundled GeoJSON (``transform.geo.load_world_shapes``).
        placed: country measures split into polygons and centroid points (``transform.geo.place_countries``).
        events: placed events (``transform.geo.PlacedEvents.points``): lat, lon, participants, title...
        measure: a key of ``transform.geo.MEASURES``, the value that colours countries.
        map_style: the base map style URL; the default is the app's own blank style (no outside request).
        borders_url: where the browser reads the country outlines (the app's copy of ``shapes``).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown map measure {measure!r}; expected one of {sorted(MEASURES)}")
    values = [*placed.on_shapes[measure].tolist(), *placed.as_points[measure].tolist()]
    breaks = colour_breaks(values)

    small = [{
        "iso3": row["iso3"], "name": plain_text(row["name"]), "position": [row["lon"], row["lat"]],
        "fill": [*colour_for(row.get(measure), breaks), 255],
        "tooltip": _country_tooltip(_shown_name(row["iso3"], row["name"]), row, measure)
        + "\n" + _("(too small for the map's outlines)"),
    } for row in placed.as_points.to_dict("records")]
    event_data = [{
        "event_id": plain_text(row["event_id"]), "position": [row["lon"], row["lat"]],
        "radius": _event_radius(row.get("participants")), "tooltip": _event_tooltip(row),
    } for row in events.to_dict("records")]

    layers = [
        # SolidPolygonLayer, not GeoJsonLayer: Streamlit 1.67 reports clicks on primitive layers only (a
        # click on a composite layer such as GeoJsonLayer or PolygonLayer never reaches on_select).
        pdk.Layer(
            "SolidPolygonLayer", id=COUNTRIES_LAYER,
            data=_countries_data(shapes, placed, measure, breaks,
                                 NO_DATA_DARK_RGB if map_style == DARK_MAP_STYLE_URL else NO_DATA_RGB),
            pickable=True, filled=True, get_polygon="polygon", get_fill_color="fill", auto_highlight=True,
        ),
        # Borders come from the same bundled file, served by the app itself (never from another host), so
        # the outlines are not sent twice with every render.
        pdk.Layer(
            "GeoJsonLayer", id=BORDERS_LAYER, data=borders_url, pickable=False, stroked=True, filled=False,
            get_line_color=list(OUTLINE_RGB), line_width_min_pixels=0.6,
        ),
        pdk.Layer(
            "ScatterplotLayer", id=SMALL_COUNTRIES_LAYER, data=small, pickable=True,
            get_position="position", get_fill_color="fill", get_line_color=[60, 60, 60],
            # Quoted: pydeck reads a bare string property as an accessor expression.
            stroked=True, line_width_min_pixels=1, radius_units="'pixels'", get_radius=6,
        ),
        pdk.Layer(
            "ScatterplotLayer", id=EVENTS_LAYER, data=event_data, pickable=True,
            # Rings with a faint fill: however many events a region has, its country colour shows through.
            get_position="position", get_fill_color=[*EVENT_RGB, 40], get_line_color=[*EVENT_RGB, 230],
            stroked=True, filled=True, line_width_min_pixels=1.5, radius_units="'pixels'",
            get_radius="radius",
        ),
    ]
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=15, longitude=15, zoom=0.8, min_zoom=0, max_zoom=8),
        map_style=map_style,
        tooltip={"text": "{tooltip}"},
    )


class CompactDeck(pdk.Deck):
    """A Deck serialised without indentation: pydeck indents its JSON, which makes the world's outlines
    (sent to the browser on every rerun) about seven times larger."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def _selected_objects(selection: Mapping[str, Any] | None, layer: str) -> list[Mapping[str, Any]]:
    if not selection:
        return []
    inner = selection.get("selection", selection)
    objects = (inner or {}).get("objects") or {}
    found = objects.get(layer) or []
    return [o for o in found if isinstance(o, Mapping)]


def country_from_selection(selection: Mapping[str, Any] | None) -> str | None:
    """ISO3 of the country clicked on the map (polygon or small-country point), or None.

    Accepts the ``PydeckState`` returned by ``st.pydeck_chart(on_select="rerun")`` or its ``selection``.
    Only a well-formed, known ISO3 is returned: the value goes into a URL.
    """
    for layer in (COUNTRIES_LAYER, SMALL_COUNTRIES_LAYER):
        for obj in _selected_objects(selection, layer):
            code = obj.get("iso3")
            if isinstance(code, str) and is_iso3(code):
                return code.upper()
    return None


def event_from_selection(selection: Mapping[str, Any] | None) -> str | None:
    """``event_id`` of the event clicked on the map, or None."""
    for obj in _selected_objects(selection, EVENTS_LAYER):
        event_id = obj.get("event_id")
        if isinstance(event_id, str) and event_id:
            return event_id
    return None
