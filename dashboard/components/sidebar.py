"""The sidebar filters: widgets bound to the URL, so a copied link reproduces the view.

Widget keys are a public contract: they are the URL's query parameters, and tests find widgets by them.
``date_from`` / ``date_to`` are ISO dates typed as text (YYYY-MM-DD: a text field applies on Enter at once,
where Streamlit's date field waited for the focus to leave and swallowed the next click; the "Year" picker
fills both); ``country`` is an ISO3 code
(``?country=KEN&country=UGA``, the form the Map page links with), picked by name ("Kenya (KEN)");
``donor`` carries the donor id; ``region`` an area name (M49 region or sub-region, IOM regional office);
``region``, ``theme``, ``activity_type`` and ``status`` carry their stored (English) values whatever the
language, while the pickers show them in the reader's language (synced with the URL here, not bound: see
SHOWN_IN_LANGUAGE). A value the store does not hold is dropped.
The app fetches what the store offers (``data_access.filter_choices``) and hands it to the sidebar.
Other pages set a filter with :func:`set_filter` from a widget callback (it runs before the script, so the
sidebar picks the new value up in the same rerun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import streamlit as st

from dashboard.i18n import DAY_MONTH_YEAR, _, format_date
from dashboard.model.countries import area_name_in_language, country_name
from dashboard.model.filters import Filters, parse_iso_date
from dashboard.model.vocabulary import shown, shown_status
from dashboard.transform.options import FilterOptions

# Widget key -> Filters field. The keys are the URL parameters.
MULTI_KEYS = {
    "region": "regions", "country": "countries", "donor": "donors", "theme": "themes",
    "activity_type": "activity_types", "status": "statuses",
}
DATE_KEYS = {"date_from": "date_from", "date_to": "date_to"}
# Closed vocabularies, shown in the reader's language. A widget bound to the URL writes the text it shows
# into the URL (Streamlit's binding keys on the formatted option), so a French link would carry French words
# that an English or Spanish page drops. These widgets are synced with the URL here instead, by their stored
# values, so a link means the same filter in every language (and links made before keep working).
# Each takes a stored value and returns what to show (a value outside its vocabulary comes back as it is).
SHOWN_IN_LANGUAGE: dict[str, Callable[[str], object]] = {
    "theme": shown, "activity_type": shown, "status": shown_status, "region": area_name_in_language}
VERIFIED_KEY = "verified"  # Filters.verified_only: only facts a reviewer confirmed or corrected


def set_filter(key: str, values: Iterable[str] | dt.date | None) -> None:
    """Set one filter widget (use inside a callback, before the sidebar is drawn)."""
    if key in DATE_KEYS:
        st.session_state[key] = values.isoformat() if isinstance(values, dt.date) else ""
    elif key in MULTI_KEYS:
        st.session_state[key] = list(values or [])  # type: ignore[arg-type]
    else:
        raise KeyError(f"no filter widget {key!r}")


def _apply_year() -> None:
    # Callback of the Year picker: a calendar year is just both dates set, so the URL holds only the dates.
    year = st.session_state.get("year")
    if year:
        st.session_state["date_from"] = dt.date(int(year), 1, 1).isoformat()
        st.session_state["date_to"] = dt.date(int(year), 12, 31).isoformat()


def _year_shown(options: FilterOptions) -> int | None:
    """The calendar year the chosen dates span exactly, if any (so the picker mirrors typed dates)."""
    start = parse_iso_date(st.session_state.get("date_from"))
    end = parse_iso_date(st.session_state.get("date_to"))
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) \
            and start.year == end.year and start.year in _years(options):
        return start.year
    return None


def _years(options: FilterOptions) -> list[int]:
    if not options.first_date or not options.last_recorded:
        return []
    return list(range(options.last_recorded.year, options.first_date.year - 1, -1))


def country_label(code: str, options: FilterOptions) -> str:
    """ "Kenya (KEN)": how the picker shows a country, and so how the URL carries it."""
    return f"{options.country_names.get(code) or country_name(code)} ({code})"


def _accept_bare_country_codes(options: FilterOptions) -> None:
    # The URL carries a country as its label ("Kenya (KEN)"); links made before, and people typing a link,
    # use the bare code (?country=KEN). Before the widget first reads the URL, such codes are rewritten to
    # labels, so the widget takes them and the address bar (and any link copied from it) names them.
    if "country" in st.session_state:
        return
    raw = st.query_params.get_all("country")
    if not any(v.strip().upper() in options.country_names for v in raw):
        return
    labels = {country_label(c, options) for c in options.countries}
    rewritten = [v if v in labels else country_label(v.strip().upper(), options) for v in raw
                 if v in labels or v.strip().upper() in options.country_names]
    st.query_params["country"] = list(dict.fromkeys(rewritten))
    st.rerun()  # the widget reads the URL when it is first drawn: draw it from the rewritten one


def _seed_from_url(key: str, values: tuple[str, ...]) -> None:
    # Once per session, before the widget is first drawn: the URL's stored values it offers.
    if key not in st.session_state:
        st.session_state[key] = [v for v in dict.fromkeys(st.query_params.get_all(key)) if v in values]


def _write_to_url(key: str) -> None:
    # After the widget: the URL names what it holds (and drops a value it does not offer).
    chosen = [str(v) for v in st.session_state.get(key) or []]
    if st.query_params.get_all(key) != chosen:
        if chosen:
            st.query_params[key] = chosen
        else:
            del st.query_params[key]


def _vocabulary_picker(label: str, key: str, values: tuple[str, ...], *, placeholder: str,
                       help: str | None = None, sort_shown: bool = True) -> None:
    """A multiselect of a closed vocabulary: options are stored values, shown in the interface language
    (sorted as shown, unless their order means something); the URL carries the stored values."""
    show = SHOWN_IN_LANGUAGE[key]
    _seed_from_url(key, values)
    options = sorted(values, key=lambda v: str(show(v)).casefold()) if sort_shown else list(values)
    st.multiselect(label, options, key=key, format_func=lambda v: str(show(v)), placeholder=placeholder,
                   help=help)
    _write_to_url(key)


def reset_filters() -> None:
    """Callback of the reset button: every filter back to "everything" (and out of the URL)."""
    for key in DATE_KEYS:
        st.session_state[key] = ""
    for key in MULTI_KEYS:
        st.session_state[key] = []
    st.session_state[VERIFIED_KEY] = False


def current_filters() -> Filters:
    """The Filters of this run, read from the sidebar widgets' state (draw the sidebar first)."""
    state = st.session_state
    return Filters(
        date_from=parse_iso_date(state.get("date_from")), date_to=parse_iso_date(state.get("date_to")),
        **{field: tuple(state.get(key) or ()) for key, field in MULTI_KEYS.items()},
        verified_only=bool(state.get(VERIFIED_KEY)),
    )


def draw_filter_sidebar(options: FilterOptions) -> Filters:
    """Draw the filter widgets offering ``options`` in the sidebar and return the Filters they describe."""
    with st.sidebar:
        st.header(_("Filters"))
        # One under the other: side by side, each field was too narrow to show a whole date.
        st.text_input(_("From"), key="date_from", bind="query-params", max_chars=10, placeholder="YYYY-MM-DD",
                      help=_date_help(options) + " " + _("Type a date and press Enter."))
        st.text_input(_("To"), key="date_to", bind="query-params", max_chars=10, placeholder="YYYY-MM-DD")
        for key, label in (("date_from", _("From")), ("date_to", _("To"))):
            typed = st.session_state.get(key)
            if typed and parse_iso_date(typed) is None:
                # An icon, not red text: a caption is drawn faded, and faded red falls below 4.5:1.
                st.caption(":material/error: " + _("{label}: not a date in the form YYYY-MM-DD, so it is "
                                                   "not applied.").format(label=label))
        _accept_bare_country_codes(options)
        st.session_state["year"] = _year_shown(options)
        st.selectbox(_("Year"), _years(options), index=None, key="year", on_change=_apply_year,
                     placeholder=_("Pick a year to set both dates"),
                     help=_("Sets From and To to 1 January and 31 December of that year."))
        # Grouped by kind (M49 regions, sub-regions, IOM offices): that order is kept.
        _vocabulary_picker(_("Region"), "region", options.regions, sort_shown=False,
                           placeholder=_("All regions"),
                           help=_("UN M49 regions and sub-regions (from OCHA's country taxonomy) and the "
                                  "areas of IOM's regional offices (as IOM lists them on its site)."))
        st.multiselect(_("Country"), options.countries, key="country", bind="query-params",
                       format_func=lambda c: country_label(c, options),
                       placeholder=_("All countries: type a name or code"),
                       help=_("Type a country's name or its ISO3 code; several at once."))
        st.multiselect(_("Donor"), options.donors, key="donor", bind="query-params",
                       format_func=lambda d: options.donor_names.get(d, d), placeholder=_("All donors"))
        _vocabulary_picker(_("Theme"), "theme", options.themes, placeholder=_("All themes"))
        _vocabulary_picker(_("Activity type"), "activity_type", options.activity_types,
                           placeholder=_("All types"),
                           help=_("Type of news-reported activity; projects are not typed."))
        _vocabulary_picker(_("Project status"), "status", options.statuses,
                           placeholder=_("All statuses"), help=_("Applies to projects; news events have no "
                                                                 "status."))
        st.toggle(_("Verified facts only"), key=VERIFIED_KEY, bind="query-params",
                  help=_("Limit news-reported figures (trainings, people trained, their countries, donors "
                         "and "
                         "themes) to facts a reviewer confirmed or corrected. Project records are published "
                         "by "
                         "IOM, not extracted, and stay as they are."))
        st.button(_("Reset filters"), on_click=reset_filters, key="reset_filters",
                  icon=":material/restart_alt:", width="stretch")
    return current_filters()


def _date_help(options: FilterOptions) -> str:
    span = (" " + _("The data runs from {first} to {last}.").format(
        first=format_date(options.first_date, DAY_MONTH_YEAR),
        last=format_date(options.last_date, DAY_MONTH_YEAR))
            if options.first_date and options.last_date else "")
    return (_("Projects count when their dates overlap the range; news events by their start date, else the "
              "date the release was published.") + span)
