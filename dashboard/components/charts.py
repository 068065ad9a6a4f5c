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

from dashboard.i18n import (
    _,
    current_language,
    format_compact_currency,
    format_compact_decimal,
    format_currency_whole,
    format_decimal,
    plotly_separators,
)
from dashboard.model.cells import is_missing
from dashboard.model.countries import area_name_in_language
from dashboard.model.themes import THEMES
from dashboard.model.vocabulary import shown, shown_cell, shown_status

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
    if is_missing(value):
        return _("not stated")
    return html.escape(str(value), quote=False)


# Legends sit under the plot: beside it they squeeze the plot to a thin strip on a 390 px phone screen.
LEGEND_BELOW = {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}
# Most distinct colours a chart uses; the rest of the categories share one grey "other" colour.
MAX_COLOURS = 10
OTHER_COLOUR = "#BBBBBB"
# Every bar and marker is outlined in this grey, 4.3:1 against both themes' backgrounds (WCAG 1.4.11 asks 3:1
# of graphics): light fills such as yellow or the "other" grey still show their edges, in either theme.
OUTLINE_COLOUR = "#7A7A7A"


def _layout(fig: go.Figure, height: int = 420, **kwargs: object) -> go.Figure:
    kwargs.setdefault("legend", LEGEND_BELOW)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, legend_title_text="", **kwargs
    )
    fig.update_traces(marker_line_color=OUTLINE_COLOUR, marker_line_width=1, selector={"type": "bar"})
    fig.update_traces(marker_line_color=OUTLINE_COLOUR, marker_line_width=1, selector={"type": "scatter"})
    # Numbers in hovers and on axes with the language's decimal mark and thousands separator.
    fig.update_layout(separators=plotly_separators())
    return fig


def grouped_categories(values: pd.Series, weights: pd.Series | None = None, other: str | None = None,
                       keep: int = MAX_COLOURS - 1) -> pd.Series:
    """``values`` with all but the ``keep`` largest categories (by count, or by summed ``weights``) as
    ``other`` ("other themes"), so a chart never needs more than ``keep + 1`` colours."""
    other = other or _("other themes")
    totals = (weights if weights is not None else pd.Series(1, index=values.index)).groupby(values).sum()
    if len(totals) <= keep + 1:
        return values
    kept = set(totals.sort_values(ascending=False).index[:keep])
    return values.where(values.isin(kept), other)


def _colours_with_other(categories: list[str], other: str) -> dict[str, str]:
    colours = theme_colours(sorted(c for c in categories if c != other))
    return {**colours, other: OTHER_COLOUR}


def _shown_keys(colours: dict[str, str]) -> dict[str, str]:
    """A colour map keyed by stored themes, keyed by the themes as shown (the colours do not change with the
    language)."""
    return {str(shown(name)): colour for name, colour in colours.items()}


def _up_to_today(fig: go.Figure, dates: pd.Series) -> None:
    """An x axis from the first to the last date, never running past today (planned dates look ahead)."""
    known = pd.to_datetime(dates).dropna()
    if known.empty:
        return
    today = pd.Timestamp.today().normalize()
    last = min(known.max(), today)
    first = min(known.min(), last)
    pad = max(pd.Timedelta(days=30), (last - first) * 0.03)
    fig.update_xaxes(range=[first - pad, last + pad])


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=200)


def drawn_trainings(df: pd.DataFrame, max_marks: int = MAX_TIMELINE_MARKS) -> pd.DataFrame:
    """The trainings the timeline draws: all of them, or the ``max_marks`` with the most participants."""
    return df if len(df) <= max_marks else df.sort_values("participants", ascending=False).head(max_marks)


def build_trainings_timeline(df: pd.DataFrame, max_marks: int = MAX_TIMELINE_MARKS) -> go.Figure:
    """Every training on a time axis: one mark per training, size = participants, colour = theme.

    Expects ``transform.trainings.training_timeline`` output. Each point carries its ``event_id`` as
    ``customdata[0]`` so a selection can be read back. Beyond ``max_marks`` trainings, the largest (by
    participants) are drawn; the page says so.
    """
    if df.empty:
        return _empty(_("No dated trainings for these filters"))
    data = drawn_trainings(df, max_marks).copy()
    data["size"] = data["participants"].astype("Float64").fillna(UNKNOWN_SIZE).clip(lower=UNKNOWN_SIZE)
    # One band per region, marks spread inside it by a jitter fixed by the event id (same place every
    # rerun): a row per country would be a hundred rows tall at IOM's scale.
    bands = sorted(data["region"].fillna(_("no country stated")).unique())
    band_of = {name: i for i, name in enumerate(bands)}
    jitter = data["event_id"].map(lambda e: (zlib.crc32(str(e).encode()) % 1000) / 1000 * 0.7 - 0.35)
    data["band"] = data["region"].fillna(_("no country stated")).map(band_of) + jitter
    for col in ("title", "place", "donors", "url"):
        data[f"{col}_text"] = data[col].map(plain)
    data["themes_text"] = data["themes"].map(lambda t: plain(shown_cell(t)))
    data["type"] = data["type"].map(shown)
    data["people_text"] = data["participants"].map(
        lambda v: _("not stated") if pd.isna(v) else format_decimal(int(v)))
    data["theme"] = grouped_categories(data["theme"])
    colours = _shown_keys(_colours_with_other(list(data["theme"].unique()), _("other themes")))
    data["theme"] = data["theme"].map(shown)
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
            + _("Participants") + ": %{customdata[5]}<br>" + _("Themes") + ": %{customdata[6]}<br>"
            + _("Donors") + ": %{customdata[3]}<br>" + _("Source") + ": %{customdata[4]}<extra></extra>"
        ),
        marker={"line": {"width": 1, "color": OUTLINE_COLOUR}},
    )
    fig.update_yaxes(
        tickmode="array",
        tickvals=list(range(len(bands))),
        ticktext=[area_name_in_language(band) for band in bands],
        showgrid=False,
        zeroline=False,
        range=[-0.6, len(bands) - 0.4],
    )
    for i in range(len(bands) - 1):
        fig.add_hline(y=i + 0.5, line_width=0.5, line_color="rgba(128,128,128,0.4)")
    _up_to_today(fig, data["date"])
    return _layout(
        fig, height=220 + 80 * len(bands), xaxis_title=None, yaxis_title=None, clickmode="event+select"
    )


def build_people_trained_by_month(df: pd.DataFrame) -> go.Figure:
    """Bars of people trained per month, with the share of women (where stated) as a line."""
    if df.empty:
        return _empty(_("No dated trainings for these filters"))
    fig = go.Figure()
    fig.add_bar(
        x=df["month"],
        y=df["people_trained"].astype(float),
        name=_("People trained"),
        marker_color=IOM_BLUE,
        customdata=df["trainings"].astype(float),
        hovertemplate="%{x|%b %Y}: " + _("%{y:,} people in %{customdata} trainings") + "<extra></extra>",
    )
    share = df["women_share"].astype(float) * 100
    # Markers only: months without trainings are gaps, and a line across them would invent a trend.
    fig.add_scatter(
        x=df["month"],
        y=share,
        name=_("Women (% where stated)"),
        yaxis="y2",
        mode="markers",
        marker={"color": OKABE_ITO[5], "size": 9, "symbol": "diamond"},
        hovertemplate="%{x|%b %Y}: " + _("%{y:.0f}% women") + "<extra></extra>",
    )
    return _layout(
        fig,
        height=360,
        xaxis_title=None,
        yaxis_title=_("People trained"),
        yaxis2={
            "title": _("Women %"),
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
        return _empty(_("No dated projects for these filters"))
    data = df.copy()
    data["label"] = data["title"].map(lambda t: _short(str(t), 48))
    data["status"] = data["status"].map(shown_status).fillna(_("status not stated"))
    data["end_text"] = [
        (_("open") if o else f"{e:%d %b %Y}") for o, e in zip(data["open_end"], data["end"], strict=True)
    ]
    data["budget_text"] = data["budget_usd"].map(
        lambda v: _("not stated") if pd.isna(v) else _money(v))
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
            "<br>" + _("Budget") + ": %{customdata[2]}<br>" + _("Countries") + ": %{customdata[3]}"
            "<extra></extra>"
        )
    )
    fig.update_yaxes(autorange="reversed", title=None)
    return _layout(fig, height=max(300, 80 + 22 * len(data)), xaxis_title=None)


def build_funds_by_donor(df: pd.DataFrame, top: int = 15) -> go.Figure:
    """Bars of commitments and funds received (USD) for the ``top`` donors; ``customdata[0]`` = donor id."""
    data = df[(df["commitments_usd"] > 0) | (df["funds_received_usd"] > 0)].head(top)
    if data.empty:
        return _empty(_("No funds in USD for these filters"))
    fig = go.Figure()
    # Long agency names would squeeze the bars: shortened on the axis, in full in the hover.
    full = data["donor"].map(plain)
    short = data["donor"].map(lambda n: _short(n, 40))
    labels = short.where(~short.duplicated(keep=False), full)  # two names cut alike: keep both whole
    for column, name, colour in (
        ("commitments_usd", _("Commitments (type 11)"), COMMITMENT_COLOUR),
        ("funds_received_usd", _("Funds received (type 1)"), RECEIPT_COLOUR),
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
        return _empty(_("No converted commitments to draw for these filters"))
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
                "label": [_short(str(shown(label)), 18) for _, label in keys],
                "customdata": [plain(shown(label)) for _, label in keys],
                "color": node_colours,
                "line": {"color": OUTLINE_COLOUR, "width": 1},
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
    return _layout(fig, height=max(420, 26 * len(keys)), font={"size": 11})


def _short(label: str, limit: int = 32) -> str:
    """A label cut to ``limit`` characters (escaped), for axes and nodes with little room."""
    if len(label) <= limit + 2:
        return plain(label)
    cut = label[:limit]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut  # end on a whole word where one fits
    return plain(cut.rstrip(" ,;:-") + "…")


def _translucent(hex_colour: str, alpha: float = 0.35) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def build_theme_bars(df: pd.DataFrame, measure: str, label: str) -> go.Figure:
    """One bar per theme for ``measure`` (a column of ``transform.themes.theme_summary``)."""
    data = df[df[measure] > 0].sort_values(measure, ascending=True)
    if data.empty:
        return _empty(_("No {measure} for these filters").format(measure=label.lower()))
    colours = theme_colours(list(data["theme"]))
    fig = go.Figure(
        go.Bar(
            y=data["theme"].map(lambda t: plain(shown(t))),
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
        return _empty(_("No {measure} over time for these filters").format(measure=label.lower()))
    data = data.assign(theme=grouped_categories(data["theme"], data[measure]))
    data = data.groupby(["year", "theme"], as_index=False)[[measure]].sum()
    colours = _shown_keys(_colours_with_other(list(data["theme"].unique()), _("other themes")))
    data["theme"] = data["theme"].map(shown)
    fig = px.line(
        data,
        x="year",
        y=measure,
        color="theme",
        markers=True,
        color_discrete_map=colours,
    )
    fig.update_xaxes(dtick=1 if data["year"].nunique() <= 8 else None, title=None)
    return _layout(fig, height=460, yaxis_title=label)


def build_yearly_bars(df: pd.DataFrame, column: str, label: str, colour_index: int = 0) -> go.Figure:
    """Bars per year for one headline number (``transform.kpis.kpi_trends``), titled with its label."""
    if df.empty or column not in df:
        return _empty(_("No dated records for these filters"))
    money = column.endswith("_usd")
    # A year marked ``partial`` (the data end before its 31 December) is hatched and labelled "(partial)",
    # so a short last year does not read as a fall.
    partial = df["partial"].astype(bool) if "partial" in df else pd.Series(False, index=df.index)
    year = df["year"].astype(int).astype(str)
    years = year.where(~partial, year + " " + _("(partial)"))
    fig = go.Figure(go.Bar(
        x=years, y=df[column].astype(float), marker_color=OKABE_ITO[colour_index % len(OKABE_ITO)],
        marker_pattern_shape=["/" if p else "" for p in partial],
        hovertemplate="%{x}: " + ("$%{y:,.0f}" if money else "%{y:,}") + "<extra></extra>",
    ))
    fig.update_xaxes(type="category", title=None)
    top = pd.to_numeric(df[column], errors="coerce").max()  # a year may be "not stated" (NA)
    few = not money and (pd.isna(top) or float(top) <= 10)
    # Counts get whole-number ticks ("~s" wrote half a training as "500m").
    fig.update_yaxes(tickformat="$~s" if money else (",d" if few else "~s"), dtick=1 if few else None,
                     title=None)
    return _layout(fig, height=240, title={"text": label, "font": {"size": 14}}, showlegend=False)


def build_ranking_bars(df: pd.DataFrame, label: str, shown: int = 20) -> go.Figure:
    """Bars of a ranking (``transform.rankings.ranking``), largest on top; ``customdata[0]`` = its key."""
    data = df.head(shown)
    if data.empty:
        return _empty(_("No {measure} for these filters").format(measure=label.lower()))
    money = "USD" in label
    fig = go.Figure(go.Bar(
        y=data["name"].map(lambda n: _short(str(shown_cell(n)), 28)),
        x=data["value"],
        orientation="h",
        marker_color=IOM_BLUE,
        customdata=list(zip(data["key"], data["name"].map(lambda n: plain(shown_cell(n))), strict=True)),
        text=[rounded_amount(v, money) for v in data["value"]],
        textposition="auto",
        hovertemplate="%{customdata[1]}: %{text}<extra></extra>",
    ))
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=label, tickformat="$~s" if money else "~s")
    return _layout(fig, height=max(260, 60 + 30 * len(data)), clickmode="event+select")


def rounded_amount(value: float, money: bool = True) -> str:
    """1.2M / 340K / 56 (with $ for money): what a reader needs, never cents; in French and Spanish as
    their CLDR short forms ("1,2 M $US")."""
    if current_language() != "en":
        return format_compact_currency(value, "USD") if money else format_compact_decimal(value)
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"{'$' if money else ''}{value / limit:,.1f}{suffix}"
    return f"{'$' if money else ''}{value:,.0f}"


def _money(value: float) -> str:
    """A whole USD amount ("$1,234" / "1 234 $US")."""
    if current_language() == "en":
        return f"${value:,.0f}"
    return format_currency_whole(value, "USD")
