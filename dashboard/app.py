"""The dashboard's entrypoint: page navigation and the shared filter sidebar.

Run with ``python -m streamlit run dashboard/app.py``; the store is read from ``$DASHBOARD_STORE`` (default:
the bundled ``data/store``). Pages live in ``app_pages/`` and only compose: they read the filters, ask
``data_access.aggregate`` for transforms and hand the results to components.
"""

import streamlit as st

from dashboard.auth import access_config, draw_account_box, may, require_viewing
from dashboard.components.freshness import show_freshness_footer, show_synthetic_banner
from dashboard.components.language import choose_language, draw_language_picker
from dashboard.components.notes import store_unreadable
from dashboard.components.sidebar import draw_filter_sidebar
from dashboard.data_access import aggregate, filter_choices, store_problem
from dashboard.i18n import _
from dashboard.model.filters import Filters
from dashboard.transform.provenance import data_as_of, synthetic_counts

choose_language()  # first: every text below is drawn in it
st.set_page_config(page_title=_("IOM activities dashboard"), page_icon="🌍", layout="wide")

OVERVIEW = st.Page("app_pages/overview.py", title=_("Overview"), icon=":material/dashboard:",
                   url_path="home", default=True)


PAGES = [
    OVERVIEW,
    st.Page("app_pages/rankings.py", title=_("Rankings"), icon=":material/leaderboard:",
            url_path="rankings"),
    st.Page("app_pages/map.py", title=_("Map"), icon=":material/map:", url_path="map"),
    st.Page("app_pages/trainings.py", title=_("Trainings"), icon=":material/school:",
            url_path="trainings"),
    st.Page("app_pages/donors.py", title=_("Donors"), icon=":material/volunteer_activism:",
            url_path="donors"),
    st.Page("app_pages/donor_profile.py", title=_("Donor profile"), icon=":material/badge:",
            url_path="donor_profile"),
    st.Page("app_pages/themes.py", title=_("Themes"), icon=":material/category:", url_path="themes"),
    st.Page("app_pages/country_profile.py", title=_("Country profile"), icon=":material/flag:",
            url_path="country_profile"),
    st.Page("app_pages/explorer.py", title=_("Explorer"), icon=":material/table_view:",
            url_path="explorer"),
    st.Page("app_pages/data.py", title=_("Data"), icon=":material/database:", url_path="data"),
    st.Page("app_pages/accessibility.py", title=_("Accessibility"), icon=":material/accessibility:",
            url_path="accessibility"),
    # The default page lives at the root URL; "/overview" (what people type) opens the same page.
    st.Page("app_pages/overview.py", title=_("Overview"), url_path="overview", visibility="hidden"),
]

# Who may see what: the Review desk only for reviewers (its writes check the role again, server-side).
ACCESS = access_config()
require_viewing(ACCESS)
if may("reviewer", ACCESS):
    PAGES.append(st.Page("app_pages/review.py", title=_("Review"), icon=":material/fact_check:",
                         url_path="review"))

page = st.navigation(PAGES)
with st.sidebar:
    draw_language_picker()
draw_account_box(ACCESS)
problem = store_problem()
if problem:
    store_unreadable(problem)
    st.stop()
filters = draw_filter_sidebar(filter_choices())
show_synthetic_banner(aggregate(synthetic_counts, filters))
try:
    page.run()
finally:  # also under a page that stops early (st.stop)
    show_freshness_footer(aggregate(data_as_of, Filters()))
