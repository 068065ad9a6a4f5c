"""Drill-through: a click on a figure opens the Explorer filtered to exactly the rows behind it.

A chart's ``on_select`` callback calls :func:`request_drill` (it runs before the script, so the sidebar
filters it sets hold in this run and go into the URL); the page calls :func:`follow_drill` after drawing the
chart, which switches to the Explorer with its table, row filter and sort in the URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from dashboard.components.sidebar import set_filter
from dashboard.i18n import _

EXPLORER = "app_pages/explorer.py"
_PENDING = "drill_to_explorer"  # set by a click callback, consumed by follow_drill in the same run


def request_drill(filters: Mapping[str, Iterable[str]], explorer_params: Mapping[str, str]) -> None:
    """Set sidebar filters (widget key -> values) and ask for the Explorer with ``explorer_params``."""
    for key, values in filters.items():
        set_filter(key, list(values))
    st.session_state[_PENDING] = dict(explorer_params)


def follow_drill() -> None:
    """Open the Explorer if a click asked for it in this run."""
    params = st.session_state.pop(_PENDING, None)
    if params is not None:
        st.switch_page(EXPLORER, query_params=params)


def explorer_params_for(measure: str) -> dict[str, str]:
    """The Explorer's table, row filter and sort that show the records behind ``measure``."""
    money = {"funds_received_usd": "Funds received (USD)", "commitments_usd": "Commitments (USD)"}
    if measure in money:
        return {"table": "Projects", "only": money[measure], "sort_projects": money[measure],
                "desc_projects": "true"}
    if measure in ("trainings", "people_trained"):
        return {"table": "News events", "sort_events": "Participants", "desc_events": "true"}
    return {"table": "Projects", "sort_projects": "Budget (USD)", "desc_projects": "true"}


def show_record_links() -> None:
    """One link per headline figure to the Explorer rows behind it (the filters travel in the URL)."""
    st.caption(_("The records behind these figures:"))
    links = ((_("Projects"), "projects"), (_("Funds received"), "funds_received_usd"),
             (_("Commitments"), "commitments_usd"), (_("Trainings and events"), "trainings"))
    for column, (label, measure) in zip(st.columns(len(links)), links, strict=True):
        column.page_link(EXPLORER, label=label, icon=":material/table_view:",
                         query_params=explorer_params_for(measure))
