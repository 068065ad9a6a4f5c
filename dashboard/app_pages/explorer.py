"""Explorer: searchable, sortable tables of projects, transactions and news events, each with its source.

Other pages drill through to here (a bar, a ranking row, a KPI): they set the sidebar filters and this
page's URL-bound widgets, so the rows shown are exactly the ones behind the clicked figure.
"""

from dataclasses import replace

import streamlit as st

from dashboard.components.data_table import show_data_table
from dashboard.components.kpi import format_usd
from dashboard.components.safe_text import md_text
from dashboard.components.sidebar import current_filters
from dashboard.data_access import aggregate
from dashboard.i18n import _, format_decimal
from dashboard.transform.explorer import (
    MONEY_COLUMNS,
    TABLES,
    events_table,
    projects_with_money,
    rows_with_money,
    search,
    sort_table,
    transactions_table,
)

BUILDERS = {"transactions": transactions_table, "events": events_table}
MONEY_FORMAT = st.column_config.NumberColumn(format="dollar", step=1)
COLUMN_CONFIG = {
    **{title: MONEY_FORMAT for title in MONEY_COLUMNS.values()},
    "Link": st.column_config.LinkColumn(_("Link"), display_text=_("open record")),
    "Source link": st.column_config.LinkColumn(_("Source link"), display_text=_("open release")),
    "Budget (USD)": MONEY_FORMAT,
    "Value": st.column_config.NumberColumn(format="localized", step=1),
    "Value (USD)": MONEY_FORMAT,
}

filters = current_filters()
st.title(_("Explorer"))
st.caption(_("Every record behind the figures, with where it came from. Codes are shown as label (code). "
             "The downloads hold exactly the rows and columns shown; cells that a spreadsheet would run as a "
             "formula are neutralised."))

name = st.segmented_control(_("Table"), list(TABLES), format_func=lambda t: _(TABLES[t]), default="projects",
                            key="table",
                            bind="query-params", required=True) or "projects"
if name == "projects":
    # Geography sets each project's share of its money, so it is applied inside the transform.
    table = aggregate(projects_with_money, replace(filters, countries=(), regions=()), filters.countries,
                      filters.regions)
    only = st.selectbox(_("Only projects with"), list(MONEY_COLUMNS.values()), index=None, key="only",
                        format_func=_, bind="query-params", placeholder=_("All projects"),
                        help=_("Keep the projects with money of this kind under the current filters."))
    table = rows_with_money(table, only)
else:
    table = aggregate(BUILDERS[name], filters)

query_col, sort_col, order_col = st.columns([3, 2, 1], vertical_alignment="bottom")
query = query_col.text_input(_("Search"), key="search", bind="query-params",
                             placeholder=_("Words to find in any column, e.g. kenya training"),
                             icon=":material/search:")
sort_by = sort_col.selectbox(_("Sort by"), list(table.columns), index=None, key=f"sort_{name}",
                             format_func=lambda column: _(str(column)),
                             bind="query-params", placeholder=_("Order as loaded"))
descending = order_col.toggle(_("Descending"), key=f"desc_{name}", bind="query-params")

shown = sort_table(search(table, query or ""), sort_by, descending)

if table.empty:
    st.info(_("No {table} match the current filters (or the store holds none). Widen the sidebar filters, or "
              "load data on the Data page.").format(table=_(TABLES[name]).lower()),
            icon=":material/search_off:")
else:
    st.caption(_("{shown} of {count} {table}").format(shown=format_decimal(len(shown)),
                                                      count=format_decimal(len(table)),
                                                      table=_(TABLES[name]).lower())
               + (" " + _("contain “{query}”").format(query=md_text(query))
                  if query and query.strip() else "")
               + ".")
    if name == "projects":
        st.caption(" · ".join(_("{column}: {total} in total").format(column=_(title),
                                                                     total=format_usd(shown[title].sum()))
                              for title in MONEY_COLUMNS.values())
                   + ". "
                   + _("A project in several countries counts with the share of it in the chosen ones."))
    if shown.empty:
        st.info(_("Nothing contains every word of the search. Try fewer or shorter words."),
                icon=":material/search_off:")
    else:
        show_data_table(shown, key=f"explorer_{name}", title=_(TABLES[name]), file_stem=f"explorer-{name}",
                        column_config=COLUMN_CONFIG, expanded=True)
