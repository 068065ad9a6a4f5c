"""The donor view's charts: pure ``build_*(df) -> Figure`` functions shared by the page and the brief.

No geo figure here: the brief is rendered offline, and a plotly geo chart would fetch the world topojson
from a CDN. Countries reached are bars (the page adds the offline pydeck map).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.components.charts import IOM_BLUE, OKABE_ITO, OUTLINE_COLOUR, plain
from dashboard.i18n import _
from dashboard.transform.donor_profile import FLOW_LABELS

FLOW_COLOURS = {"commitments_usd": OKABE_ITO[0], "funds_received_usd": OKABE_ITO[1],
                "spent_usd": OKABE_ITO[2]}
WOMEN_COLOUR, MEN_COLOUR, UNSTATED_COLOUR = OKABE_ITO[3], OKABE_ITO[4], "#999999"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(title={"text": plain(title), "x": 0, "font": {"size": 15}}, height=height,
                      margin={"l": 10, "r": 10, "t": 50, "b": 10}, template="plotly_white",
                      legend={"orientation": "h", "y": -0.15}, font={"family": "DejaVu Sans, sans-serif"})
    # The bars' edges stand out in both page themes and on paper, whatever their fill (WCAG 1.4.11).
    fig.update_traces(marker_line_color=OUTLINE_COLOUR, marker_line_width=1, selector={"type": "bar"})
    return fig


def _empty(title: str, message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=plain(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title, 220)


def build_donor_funds_by_year(funds: pd.DataFrame) -> go.Figure:
    """Grouped bars per year of each money measure (USD) from ``donor_profile.funds_by_year``; the legend
    names what each counts."""
    title = _("Funds by year (USD)")
    data = funds.dropna(subset=["year"])
    if data.empty or not (data["usd"] > 0).any():
        return _empty(title, _("No funds in USD for this donor and these filters"))
    fig = go.Figure()
    for flow, label in FLOW_LABELS.items():
        label = _(label)
        part = data[data["flow"] == flow]
        if part.empty:
            continue
        fig.add_bar(x=part["year"].astype(int).astype(str), y=part["usd"], name=label,
                    marker_color=FLOW_COLOURS[flow],
                    customdata=part[["transactions", "without_usd"]].to_numpy(),
                    hovertemplate=(f"{label}<br>%{{x}}: $%{{y:,.0f}}<br>"
                                   + _("%{customdata[0]} transactions, %{customdata[1]} without a USD value")
                                   + "<extra></extra>"))
    fig.update_yaxes(title="USD", tickformat="~s")
    # Categories follow the first trace that names them; sort so a year missing from one flow stays in place.
    fig.update_xaxes(type="category", title=None, categoryorder="category ascending")
    return _layout(fig, title, 380).update_layout(barmode="group")


def people_trained_by_year(trainings: pd.DataFrame) -> pd.DataFrame:
    """Women, men and people of unstated gender per year (index ``year``), over the trainings that state
    their participants: the numbers :func:`build_people_trained_by_year` draws, for its table."""
    data = trainings.dropna(subset=["date", "participants"])
    if data.empty:
        return pd.DataFrame(columns=["women", "men", "unstated"], index=pd.Index([], name="year"),
                            dtype=float)
    data = data.assign(year=data["date"].dt.year.astype(str), unstated=(data["participants"] - data["women"]
                                                                        .fillna(0) - data["men"].fillna(0)))
    return data.groupby("year")[["women", "men", "unstated"]].sum(min_count=0).astype(float)


def build_people_trained_by_year(trainings: pd.DataFrame) -> go.Figure:
    """Stacked bars per year: women, men, and people whose gender the release does not state."""
    title = _("People trained by year")
    by_year = people_trained_by_year(trainings)
    if by_year.empty:
        return _empty(title, _("No trainings with a stated number of participants"))
    fig = go.Figure()
    for column, label, colour in (("women", _("Women"), WOMEN_COLOUR), ("men", _("Men"), MEN_COLOUR),
                                  ("unstated", _("Gender not stated"), UNSTATED_COLOUR)):
        fig.add_bar(x=by_year.index, y=by_year[column], name=label, marker_color=colour,
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}}<extra></extra>")
    fig.update_xaxes(type="category", title=None, categoryorder="category ascending")
    fig.update_yaxes(title=_("People"))
    return _layout(fig, title, 340).update_layout(barmode="stack")


def build_countries_reached(countries: pd.DataFrame, top: int = 25) -> go.Figure:
    """Horizontal bars: the donor's projects per country (trainings in the hover), most first."""
    title = _("Countries reached (projects per country)")
    data = countries[(countries["projects"] > 0) | (countries["trainings"] > 0)]
    if data.empty:
        return _empty(title, _("No country is recorded for this donor's projects or events"))
    data = data.sort_values(["projects", "trainings"], ascending=False).head(top)
    labels = [plain(f"{n} ({c})") for n, c in zip(data["name"], data["iso3"], strict=True)]
    fig = go.Figure(go.Bar(y=labels, x=data["projects"], orientation="h", marker_color=IOM_BLUE,
                           customdata=data[["iso3", "trainings"]].to_numpy(), name=_("Projects"),
                           hovertemplate="%{y}: " + _("%{x} projects, %{customdata[1]} trainings")
                           + "<extra></extra>"))
    fig.update_yaxes(autorange="reversed", title=None)
    fig.update_xaxes(title=_("Projects"), dtick=1 if data["projects"].max() <= 10 else None)
    return _layout(fig, title, max(260, 70 + 26 * len(data)))
