"""The key beside every country map: each colour class with its numbers and its shade named in words, so
colour never carries the meaning alone (WCAG 1.4.1)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.components.maps import colour_breaks, legend
from dashboard.i18n import _
from dashboard.transform.geo import MEASURES


def _relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def readable_text_on(hex_colour: str) -> str:
    """Black or white, whichever contrasts more with the swatch ``hex_colour``."""
    luminance = _relative_luminance(hex_colour)
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#FFFFFF"


def shade_names(count: int) -> list[str]:
    """Words for ``count`` shades from light to dark: "1 of 6 (lightest)" ... "6 of 6 (darkest)"."""
    names = [_("{position} of {count}").format(position=i + 1, count=count) for i in range(count)]
    if count > 1:
        names[0] += " " + _("(lightest)")
        names[-1] += " " + _("(darkest)")
    return names


def colour_key(values: Sequence[float], measure: str) -> pd.DataFrame:
    """The key's rows: ``range`` (numbers), ``shade`` (words) and ``colour`` (hex) of each class."""
    breaks = colour_breaks(values)
    if not breaks:
        return pd.DataFrame(columns=["range", "shade", "colour"])
    key = legend(breaks, measure)
    return key.assign(shade=shade_names(len(key)))[["range", "shade", "colour"]]


def show_map_key(values: Sequence[float], measure: str) -> None:
    """The colour key of a map coloured by ``measure`` over ``values`` (the countries' figures)."""
    key = colour_key(values, measure)
    if key.empty:
        st.caption(_("No country has any {measure} for the current filters.").format(
            measure=_(MEASURES[measure]).lower()))
        return
    colours = dict(zip(key["shade"], key["colour"], strict=True))
    styled = key.drop(columns=["colour"]).style.map(
        lambda shade: f"background-color: {colours[shade]}; color: {readable_text_on(colours[shade])}",
        subset=["shade"])
    st.dataframe(styled, hide_index=True, width="stretch",
                 column_config={"range": _(MEASURES[measure]),
                                "shade": st.column_config.TextColumn(_("Colour on the map"))})
