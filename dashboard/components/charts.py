"""Figures: pure ``build_*(df) -> plotly Figure`` functions, one per chart, no Streamlit.

Colours come from a colour-blind-safe palette (Okabe & Ito, extended with Paul Tol's "muted" set for the
16 themes), and a theme keeps its colour on every chart. Text from the data is escaped before it reaches a
hover label, since Plotly reads a few HTML tags in labels.
"""

from __future__ import annotations

import html
import zlib

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.model.themes import THEMES

IOM_BLUE = "#0033A0"
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]
TOL_MUTED = [
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
]
PALETTE = OKABE_ITO + TOL_MUTED
COMMITMENT_COLOUR, RECEIPT_COLOUR = "#0072B2", "#E69F00"
UNKNOWN_SIZE = 6  # marker size for a training whose participants are not stated
# Most marks a timeline draws: beyond this the browser payload grows past a page's budget (about 2 MB).
MAX_TIMELINE_MARKS = 2_000


def theme_colours(themes: list[str] | None = None) -> dict[str, str]:
    """A fixed colour per theme (the shared theme list first, then any other label in order)."""
    names = list(THEMES) + [t for t in (themes or []) if t not in THEMES]
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def plain(value: object) -> str:
    """Data text made safe for a Plotly label (tags shown as text, never interpreted)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "not stated"
    return html.escape(str(value), quote=False)


def _layout(fig: go.Figure, height: int = 420, **kwargs: object) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend_title_text="", **kwargs
    )
    return fig


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=200)


def build_trainings_timeline(df: pd.DataFrame, max_marks: int = MAX_TIMELINE_MARKS) -> go.Figure:
    """Every training on a time axis: one mark per training, size = participants, colour = theme.

    Expects ``transform.trainings.training_timeline`` output. Each point carries its ``event_id`` as
    ``customdata[0]`` so a selection can be read back. Beyond ``max_marks`` trainings, the largest (by
    participants) are drawn; the page says so.
    """
    if df.empty:
        return _empty("No dated trainings for these filters")
    data = df if len(df) <= max_marks else df.sort_values("participants", ascending=False).head(max_marks)
    data = data.copy()
    data["size"] = data["participants"].astype("Float64").fillna(UNKNOWN_SIZE).clip(lower=UNKNOWN_SIZE)
    # One band per region, marks spread inside it by a jitter fixed by the event id (same place every
    # rerun): a row per country would be a hundred rows tall at IOM's scale.
    bands = sorted(data["region"].fillna("no country stated").unique())
    band_of = {name: i for i, name in enumerate(bands)}
    jitter = data["event_id"].map(lambda e: (zlib.crc32(str(e).encode()) % 1000) / 1000 * 0.7 - 0.35)
    data["band"] = data["region"].fillna("no country stated").map(band_of) + jitter
    for col in ("title", "place", "donors", "url", "themes"):
        data[f"{col}_text"] = data[col].map(plain)
    data["people_text"] = data["participants"].map(lambda v: "not stated" if pd.isna(v) else f"{int(v):,}")
    colours = theme_colours(sorted(data["theme"].unique()))
    fig = px.scatter(
        data,
        x="date",
        y="band",
        size="size",
        color="theme",
        color_discrete_map=colours,
        size_max=40,
        custom_data=[
            "event_id",
            "title_text",
            "place_text",
            "donors_text",
            "url_text",
            "people_text",
            "themes_text",
            "type",
        ],
    )
    fig.update_traces(
        hovertemplate=(
            "<b>%{customdata[1]}</b><br>%{x|%d %b %Y} · %{customdata[7]}<br>%{customdata[2]}<br>"
            "Participants: %{customdata[5]}<br>Themes: %{customdata[6]}<br>Donors: %{customdata[3]}<br>"
            "Source: %{customdata[4]}<extra></extra>"
        ),
        marker={"line": {"width": 0.5, "color": "white"}},
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(bands))),
        ticktext=bands,
        showgrid=False,
        zeroline=False,
        range=[-0.6, len(bands) - 0.4],
    )
    for i in range(len(bands) - 1):
        fig.add_hline(y=i + 0.5, line_width=0.5, line_color="rgba(128,128,128,0.4)")
    return _layout(
        fig, height=140 + 80 * len(bands), xaxis_title=None, yaxis_title=None, clickmode="event+select"
    )


def build_people_trained_by_month(df: pd.DataFrame) -> go.Figure:
    """Bars of people trained per month, with the share of women (where stated) as a line."""
    if df.empty:
        return _empty("No dated trainings for these filters")
    fig = go.Figure()
    fig.add_bar(
        x=df["month"],
        y=df["people_trained"].astype(float),
        name="People trained",
        marker_color=IOM_BLUE,
        customdata=df["trainings"].astype(float),
        hovertemplate="%{x|%b %Y}: %{y:,} people in %{customdata} trainings<extra></extra>",
    )
    share = df["women_share"].astype(float) * 100
    # Markers only: months without trainings are gaps, and a line across them would invent a trend.
    fig.add_scatter(
        x=df["month"],
        y=share,
        name="Women (% where stated)",
        yaxis="y2",
        mode="markers",
        marker={"color": OKABE_ITO[5], "size": 9, "symbol": "diamond"},
        hovertemplate="%{x|%b %Y}: %{y:.0f}% women<extra></extra>",
    )
    return _layout(
        fig,
        height=360,
        xaxis_title=None,
        yaxis_title="People trained",
        yaxis2={
            "title": "Women %",
            "overlaying": "y",
            "side": "right",
            "range": [0, 105],
            "tickmode": "array",
            "tickvals": [0, 25, 50, 75, 100],
            "showgrid": False,
        },
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
    )


def build_project_gantt(df: pd.DataFrame) -> go.Figure:
    """Projects as bars from start to end, coloured by status; ``customdata[0]`` is the IATI identifier."""
    if df.empty:
        return _empty("No dated projects for these filters")
    data = df.copy()
    data["label"] = data["title"].map(lambda t: plain(t)[:60])
    data["status"] = data["status"].fillna("status not stated")
    data["end_text"] = [
        ("open" if o else f"{e:%d %b %Y}") for o, e in zip(data["open_end"], data["end"], strict=True)
    ]
    data["budget_text"] = data["budget_usd"].map(lambda v: "not stated" if pd.isna(v) else f"${v:,.0f}")
    fig = px.timeline(
        data,
        x_start="start",
        x_end="end",
        y="label",
        color="status",
        color_discrete_sequence=OKABE_ITO,
        custom_data=["iati_identifier", "end_text", "budget_text", "countries"],
    )
    fig.update_traces(
        hovertemplate=(
            "<b>%{y}</b><br>%{customdata[0]}<br>%{base|%d %b %Y} – %{customdata[1]}"
            "<br>Budget: %{customdata[2]}<br>Countries: %{customdata[3]}"
            "<extra></extra>"
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, height=max(300, 80 + 22 * len(data)), xaxis_title=None)


def build_funds_by_donor(df: pd.DataFrame, top: int = 15) -> go.Figure:
    """Bars of commitments and funds received (USD) for the ``top`` donors; ``customdata[0]`` = donor id."""
    data = df[(df["commitments_usd"] > 0) | (df["funds_received_usd"] > 0)].head(top)
    if data.empty:
        return _empty("No funds in USD for these filters")
    fig = go.Figure()
    # Long agency names would squeeze the bars: shortened on the axis, in full in the hover.
    full = data["donor"].map(plain)
    short = data["donor"].map(lambda n: _short(n, 40))
    labels = short.where(~short.duplicated(keep=False), full)  # two names cut alike: keep both whole
    for column, name, colour in (
        ("commitments_usd", "Commitments (type 11)", COMMITMENT_COLOUR),
        ("funds_received_usd", "Funds received (type 1)", RECEIPT_COLOUR),
    ):
        fig.add_bar(
            y=labels,
            x=data[column],
            name=name,
            orientation="h",
            marker_color=colour,
            customdata=list(zip(data["donor_id"], full, strict=True)),
            hovertemplate="%{customdata[1]}<br>" + name + ": $%{x:,.0f}<extra></extra>",
        )
    fig.update_yaxes(autorange="reversed")
    return _layout(
        fig,
        height=max(300, 100 + 34 * len(data)),
        barmode="group",
        xaxis_title="USD",
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        clickmode="event+select",
    )


def build_flow_sankey(flows: pd.DataFrame) -> go.Figure:
    """Sankey of donor -> theme -> country links (``transform.donors.donor_theme_country_flows``)."""
    if flows.empty:
        return _empty("No converted commitments to draw for these filters")
    first = flows[flows["stage"] == "donor-theme"]
    second = flows[flows["stage"] == "theme-country"]
    # Nodes are keyed by (column, label): a theme and a country of the same name stay distinct nodes.
    themes = list(dict.fromkeys([*first["target"], *second["source"]]))
    keys = (
        [("donor", s) for s in first["source"].unique()]
        + [("theme", t) for t in themes]
        + [("country", c) for c in second["target"].unique()]
    )
    index = {k: i for i, k in enumerate(keys)}
    colours = theme_colours()
    node_colours = [
        colours.get(label, IOM_BLUE)
        if kind == "theme"
        else ("#555555" if kind == "country" else OKABE_ITO[0])
        for kind, label in keys
    ]
    sources = [index[("donor", s)] for s in first["source"]] + [index[("theme", s)] for s in second["source"]]
    targets = [index[("theme", t)] for t in first["target"]] + [
        index[("country", t)] for t in second["target"]
    ]
    fig = go.Figure(
        go.Sankey(
            node={
                "label": [_short(label) for _, label in keys],
                "customdata": [plain(label) for _, label in keys],
                "color": node_colours,
                "pad": 12,
                "hovertemplate": "%{customdata}: $%{value:,.0f}<extra></extra>",
            },
            link={
                "source": sources,
                "target": targets,
                "color": [_translucent(node_colours[i], 0.45) for i in sources],
                "value": list(first["value_usd"].astype(float)) + list(second["value_usd"].astype(float)),
                "hovertemplate": "%{source.customdata} → %{target.customdata}: $%{value:,.0f}<extra></extra>",
            },
        )
    )
    return _layout(fig, height=max(380, 18 * len(keys)))


def _short(label: str, limit: int = 32) -> str:
    """A label cut to ``limit`` characters (escaped), for axes and nodes with little room."""
    return plain(label if len(label) <= limit + 2 else label[:limit] + "…")


def _translucent(hex_colour: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def build_theme_bars(df: pd.DataFrame, measure: str, label: str) -> go.Figure:
    """One bar per theme for ``measure`` (a column of ``transform.themes.theme_summary``)."""
    data = df[df[measure] > 0].sort_values(measure, ascending=True)
    if data.empty:
        return _empty(f"No {label.lower()} for these filters")
    colours = theme_colours(list(data["theme"]))
    fig = go.Figure(
        go.Bar(
            y=data["theme"].map(plain),
            x=data[measure],
            orientation="h",
            marker_color=[colours[t] for t in data["theme"]],
            customdata=data[["theme"]].to_numpy(),
            hovertemplate="%{y}: %{x:,.0f}<extra></extra>",
        )
    )
    return _layout(fig, height=max(280, 60 + 28 * len(data)), xaxis_title=label, clickmode="event+select")


def build_themes_over_time(df: pd.DataFrame, measure: str, label: str) -> go.Figure:
    """Lines per theme over the years for ``measure`` (``transform.themes.themes_over_time``)."""
    data = df[df.groupby("theme")[measure].transform("sum") > 0] if not df.empty else df
    if data.empty:
        return _empty(f"No {label.lower()} over time for these filters")
    fig = px.line(
        data,
        x="year",
        y=measure,
        color="theme",
        markers=True,
        color_discrete_map=theme_colours(sorted(data["theme"].unique())),
    )
    fig.update_xaxes(dtick=1 if data["year"].nunique() <= 8 else None, title=None)
    return _layout(fig, height=380, yaxis_title=label)


def build_yearly_trend(df: pd.DataFrame, columns: dict[str, str]) -> go.Figure:
    """Bars per year for a few headline numbers (``transform.kpis.kpi_trends``), one small panel each.

    A year marked ``partial`` (the data end before its 31 December) is drawn hatched and labelled
    "(partial)" on the axis, so a short last year does not read as a fall.
    """
    if df.empty:
        return _empty("No dated records for these filters")
    data = df.copy()
    partial = data["partial"].astype(bool) if "partial" in data else pd.Series(False, index=data.index)
    data["year_label"] = data["year"].astype(int).astype(str).where(~partial, data["year"].astype(int).astype(
        str) + " (partial)")
    long = data.melt(id_vars=["year_label"], value_vars=list(columns), var_name="measure", value_name="value")
    long["measure"] = long["measure"].map(columns)
    long["partial"] = long["year_label"].str.endswith("(partial)")
    fig = px.bar(
        long,
        x="year_label",
        y="value",
        facet_col="measure",
        facet_col_wrap=len(columns),
        facet_col_spacing=0.07,
        color="measure",
        pattern_shape="partial",
        pattern_shape_map={True: "/", False: ""},
        color_discrete_sequence=OKABE_ITO,
    )
    fig.update_yaxes(matches=None, showticklabels=True, title=None)
    fig.update_xaxes(type="category", title=None)
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    return _layout(fig, height=300, showlegend=False)
