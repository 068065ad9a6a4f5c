"""The synthetic-data banner at the top of a page and the "data as of" footer at its bottom.

Both print only numbers, dates and fixed labels: source names, URLs and errors (data) stay in the Data
page's table, never in markdown.
"""

from __future__ import annotations

import streamlit as st

from dashboard.transform.provenance import DataAsOf


def show_synthetic_banner(counts: tuple[int, int, int, int]) -> None:
    """A visible warning when any project or news event behind the page's figures is synthetic."""
    synthetic_projects, projects, synthetic_events, events = counts
    if not (synthetic_projects or synthetic_events):
        return
    st.warning(f"**Synthetic demo data.** {synthetic_projects:,} of {projects:,} projects and "
               f"{synthetic_events:,} of {events:,} news events in these figures are generated to show the "
               "dashboard at scale: they are not IOM records, and totals that include them are not IOM's.",
               icon=":material/science:")


def freshness_text(as_of: DataAsOf) -> str:
    """The footer line: data as of the newest check or load, then each kind of fetched source's state."""
    if as_of.as_of is None:
        return "Data as of: nothing loaded yet."
    parts = [f"Data as of {as_of.as_of:%Y-%m-%d %H:%M} UTC"]
    for kind in as_of.fetched:
        state = f"{kind.failing} failing" if kind.failing else "all current"
        checked = f", checked {kind.last_checked:%Y-%m-%d %H:%M}" if kind.last_checked is not None else ""
        parts.append(f"{kind.label}: {kind.sources:,} source{'' if kind.sources == 1 else 's'}, {state}"
                     f"{checked}")
    if not as_of.fetched:
        parts.append(f"{as_of.files:,} file{'' if as_of.files == 1 else 's'} loaded by hand, no source "
                     "fetched automatically")
    return " · ".join(parts) + " · details on the Data page"


def show_freshness_footer(as_of: DataAsOf) -> None:
    st.divider()
    st.caption(freshness_text(as_of))
