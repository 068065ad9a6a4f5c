"""The synthetic-data banner at the top of a page and the "data as of" footer at its bottom.

Both print only numbers, dates and fixed labels: source names, URLs and errors (data) stay in the Data
page's table, never in markdown.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import _, format_decimal, ngettext
from dashboard.transform.provenance import DataAsOf


def show_synthetic_banner(counts: tuple[int, int, int, int]) -> None:
    """A visible warning when any project or news event behind the page's figures is synthetic."""
    synthetic_projects, projects, synthetic_events, events = counts
    if not (synthetic_projects or synthetic_events):
        return
    st.warning(_("**Synthetic demo data.** {synthetic_projects} of {projects} projects and "
                 "{synthetic_events} "
                 "of {events} news events in these figures are generated to show the dashboard at scale: "
                 "they "
                 "are not IOM records, and totals that include them are not IOM's.").format(
        synthetic_projects=format_decimal(synthetic_projects), projects=format_decimal(projects),
        synthetic_events=format_decimal(synthetic_events), events=format_decimal(events)),
               icon=":material/science:")


def freshness_text(as_of: DataAsOf) -> str:
    """The footer line: data as of the newest check or load, then each kind of fetched source's state."""
    if as_of.as_of is None:
        return _("Data as of: nothing loaded yet.")
    parts = [_("Data as of {moment} UTC").format(moment=f"{as_of.as_of:%Y-%m-%d %H:%M}")]
    for kind in as_of.fetched:
        state = (_("{count} failing").format(count=format_decimal(kind.failing)) if kind.failing
                 else _("all current"))
        checked = (", " + _("checked {moment}").format(moment=f"{kind.last_checked:%Y-%m-%d %H:%M}")
                   if kind.last_checked is not None else "")
        sources = ngettext("{count} source", "{count} sources", kind.sources).format(
            count=format_decimal(kind.sources))
        parts.append(f"{_(kind.label)}: {sources}, {state}{checked}")
    if not as_of.fetched:
        parts.append(ngettext("{count} file loaded by hand, no source fetched automatically",
                              "{count} files loaded by hand, no source fetched automatically",
                              as_of.files).format(count=format_decimal(as_of.files)))
    return " · ".join(parts) + " · " + _("details on the Data page")


def show_freshness_footer(as_of: DataAsOf) -> None:
    st.divider()
    st.caption(freshness_text(as_of))
