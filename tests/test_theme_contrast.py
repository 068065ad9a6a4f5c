"""Every text colour of the app's two themes (``.streamlit/config.toml``) keeps WCAG AA contrast (4.5:1) on
every background it is drawn on, also inside a caption, which Streamlit draws at 60 % opacity; and every bar
and marker of the charts has an outline of 3:1 (WCAG 1.4.11) against both themes' backgrounds, whatever
its fill colour."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from coloraide import Color

from dashboard.components import charts

CONFIG = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
THEMES = ("light", "dark")
CAPTION_OPACITY = 0.6  # Streamlit's ``opacities.secondary``, the opacity of st.caption's container
SELECTED_TINT = 0.1  # the primary colour's opacity behind a selected segmented control (measured)
TEXT_AA, GRAPHICS_AA = 4.5, 3.0
FAMILIES = ("red", "orange", "yellow", "blue", "green", "violet", "gray")


def _seen(colour: str, page: str, opacity: float) -> Color:
    """``colour`` as the eye sees it when its container is drawn at ``opacity`` over ``page``."""
    return Color.layer([Color(colour).set("alpha", opacity), page], space="srgb")


def _contrast(text: str, back: str, page: str, opacity: float = 1.0) -> float:
    """Contrast of ``text`` drawn on ``back``, both in a container of ``opacity`` over ``page``."""
    return _seen(text, page, opacity).contrast(_seen(back, page, opacity), method="wcag21")


def _pages(theme: dict) -> list[str]:
    return [theme["backgroundColor"], theme["secondaryBackgroundColor"]]  # the main area and the sidebar


def _text_pairs(theme: dict) -> list[tuple[str, str, str, str]]:
    """(what, text colour, colour behind it, page colour) for every text a page can show."""
    pairs = []
    for page in _pages(theme):
        pairs += [("body text", theme["textColor"], page, page), ("link", theme["linkColor"], page, page),
                  ("inline code", theme["codeTextColor"], theme["codeBackgroundColor"], page)]
        for family in FAMILIES:
            text = theme[f"{family}TextColor"]
            pairs += [(f":{family}[text]", text, page, page),
                      (f":{family}-badge[text]", text, theme[f"{family}BackgroundColor"], page)]
    return pairs


@pytest.mark.parametrize("name", THEMES)
def test_every_text_colour_holds_aa_contrast(name: str):
    theme = CONFIG["theme"][name]
    weak = [(what, text, back, round(_contrast(text, back, page), 2))
            for what, text, back, page in _text_pairs(theme) if _contrast(text, back, page) < TEXT_AA]
    assert weak == [], weak


@pytest.mark.parametrize("name", THEMES)
def test_captions_hold_aa_contrast(name: str):
    """Caption text and inline code in captions are faded by the caption's opacity; they must still read."""
    theme = CONFIG["theme"][name]
    for page in _pages(theme):
        assert _contrast(theme["textColor"], page, page, CAPTION_OPACITY) >= TEXT_AA, (name, page)
        code = _contrast(theme["codeTextColor"], theme["codeBackgroundColor"], page, CAPTION_OPACITY)
        assert code >= TEXT_AA, (name, page, code)


@pytest.mark.parametrize("name", THEMES)
def test_selected_buttons_hold_aa_contrast(name: str):
    """A selected segmented control or pill writes the primary colour on a 10 % tint of itself."""
    theme = CONFIG["theme"][name]
    primary = theme["primaryColor"]
    for page in _pages(theme):
        tint = _seen(primary, page, SELECTED_TINT)
        assert Color(primary).contrast(tint, method="wcag21") >= TEXT_AA, (name, page)


def test_the_check_sees_a_faded_caption():
    # Streamlit's previous light text colour: 16:1 as body text, under 4.5:1 once faded in a caption.
    assert _contrast("#1A1F2B", "#FFFFFF", "#FFFFFF") > 16
    assert _contrast("#1A1F2B", "#FFFFFF", "#FFFFFF", CAPTION_OPACITY) < TEXT_AA


def _sample_figures() -> list[go.Figure]:
    months = pd.to_datetime(["2024-01-01", "2024-02-01"])
    return [
        charts.build_yearly_bars(pd.DataFrame({"year": [2023, 2024], "projects": [3, 4],
                                               "partial": [False, True]}), "projects", "Projects"),
        charts.build_ranking_bars(pd.DataFrame({"key": ["KEN", "UGA"], "name": ["Kenya", "Uganda"],
                                                "value": [5.0, 2.0]}), "Projects"),
        charts.build_theme_bars(pd.DataFrame({"theme": ["gender", "border management"],
                                              "projects": [2, 1]}), "projects", "Projects"),
        charts.build_people_trained_by_month(pd.DataFrame({"month": months, "people_trained": [10, 20],
                                                           "trainings": [1, 2], "women_share": [0.5, None]})),
        charts.build_funds_by_donor(pd.DataFrame({"donor_id": ["eu"], "donor": ["European Union"],
                                                  "commitments_usd": [10.0], "funds_received_usd": [5.0]})),
        charts.build_flow_sankey(pd.DataFrame({"stage": ["donor-theme", "theme-country"],
                                               "source": ["European Union", "gender"],
                                               "target": ["gender", "Kenya"], "value_usd": [5.0, 5.0]})),
        charts.build_themes_over_time(pd.DataFrame({"year": [2023, 2024], "theme": ["gender", "gender"],
                                                    "projects": [1, 2]}), "projects", "Projects"),
    ]


def test_every_bar_marker_and_node_has_an_outline_that_stands_out_in_both_themes():
    backgrounds = [CONFIG["theme"][name]["backgroundColor"] for name in THEMES]
    figures = _sample_figures()
    assert {trace.type for fig in figures for trace in fig.data} >= {"bar", "scatter", "sankey"}
    for fig in figures:
        for trace in fig.data:
            drawn_marks = trace.type == "bar" or (trace.type == "scatter" and "markers" in trace.mode)
            if trace.type == "sankey":
                line = trace.node.line
            elif drawn_marks:
                line = trace.marker.line
            else:
                continue
            assert line.width and line.width >= 1, (trace.type, trace.name)
            for back in backgrounds:
                assert Color(line.color).contrast(back, method="wcag21") >= GRAPHICS_AA, (trace.name, back)
