"""The sidebar filters: widgets bound to the URL, so a copied link reproduces the view.

Widget keys are a public contract: they are the URL's query parameters, and tests find widgets by them.
``date_from`` / ``date_to`` are ISO dates; ``country`` is an ISO3 code (``?country=KEN&country=UGA``, the
form the Map page links with); ``donor`` carries the donor's display name; ``region``, ``theme``,
``activity_type`` and ``status`` carry their values as shown. A value the store does not hold is dropped.
Other pages set a filter with :func:`set_filter` from a widget callback (it runs before the script, so the
sidebar picks the new value up in the same rerun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st

from dashboard.components.safe_text import md_text
from dashboard.data_access import aggregate
from dashboard.model.countries import country_name
from dashboard.model.filters import Filters
from dashboard.transform.options import FilterOptions, filter_options

# Widget key -> Filters field. The keys are the URL parameters.
MULTI_KEYS = {
    "region": "regions", "country": "countries", "donor": "donors", "theme": "themes",
    "activity_type": "activity_types", "status": "statuses",
}
DATE_KEYS = {"date_from": "date_from", "date_to": "date_to"}
# Wide bounds: a date outside them would be dropped from the URL as invalid.
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2100, 12, 31)


def set_filter(key: str, values: Iterable[str] | dt.date | None) -> None:
    """Set one filter widget (use inside a callback, before the sidebar is drawn)."""
    if key in DATE_KEYS:
        st.session_state[key] = values
    elif key in MULTI_KEYS:
        st.session_state[key] = list(values or [])  # type: ignore[arg-type]
    else:
        raise KeyError(f"no filter widget {key!r}")


def reset_filters() -> None:
    """Callback of the reset button: every filter back to "everything" (and out of the URL)."""
    for key in DATE_KEYS:
        st.session_state[key] = None
    for key in MULTI_KEYS:
        st.session_state[key] = []


def current_filters() -> Filters:
    """The Filters of this run, read from the sidebar widgets' state (draw the sidebar first)."""
    state = st.session_state
    return Filters(
        date_from=state.get("date_from"), date_to=state.get("date_to"),
        **{field: tuple(state.get(key) or ()) for key, field in MULTI_KEYS.items()},
    )


def filter_choices() -> FilterOptions:
    """What the store offers to filter on (cached per store version)."""
    return aggregate(filter_options, Filters())


def draw_filter_sidebar() -> Filters:
    """Draw the filter widgets in the sidebar and return the Filters they describe."""
    options = filter_choices()
    with st.sidebar:
        st.header("Filters")
        first, last = st.columns(2)
        first.date_input("From", value=None, key="date_from", bind="query-params", min_value=EARLIEST,
                         max_value=LATEST, format="YYYY-MM-DD",
                         help=_date_help(options))
        last.date_input("To", value=None, key="date_to", bind="query-params", min_value=EARLIEST,
                        max_value=LATEST, format="YYYY-MM-DD")
        st.multiselect("Region", options.regions, key="region", bind="query-params",
                       placeholder="All regions")
        st.multiselect("Country", options.countries, key="country", bind="query-params",
                       placeholder="All countries (ISO3 code)",
                       help="ISO 3166 alpha-3 codes; the names of the chosen ones are listed below.")
        chosen = st.session_state.get("country") or []
        if chosen:
            st.caption(md_text(", ".join(f"{c}: {country_name(c)}" for c in chosen), 2000))
        st.multiselect("Donor", options.donors, key="donor", bind="query-params",
                       format_func=lambda d: options.donor_names.get(d, d), placeholder="All donors")
        st.multiselect("Theme", options.themes, key="theme", bind="query-params", placeholder="All themes")
        st.multiselect("Activity type", options.activity_types, key="activity_type", bind="query-params",
                       placeholder="All types",
                       help="Type of news-reported activity; projects are not typed.")
        st.multiselect("Project status", options.statuses, key="status", bind="query-params",
                       placeholder="All statuses", help="Applies to projects; news events have no status.")
        st.button("Reset filters", on_click=reset_filters, key="reset_filters", icon=":material/restart_alt:",
                  width="stretch")
    return current_filters()


def _date_help(options: FilterOptions) -> str:
    span = (f" The data runs from {options.first_date:%d %b %Y} to {options.last_date:%d %b %Y}."
            if options.first_date and options.last_date else "")
    return ("Projects count when their dates overlap the range; news events by their start date, else the "
            "date the release was published." + span)
