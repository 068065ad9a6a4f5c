"""The dashboard's entrypoint: page navigation and the shared filter sidebar.

Run with ``python -m streamlit run dashboard/app.py``; the store is read from ``$DASHBOARD_STORE`` (default:
the bundled ``data/store``). Pages live in ``app_pages/`` and only compose: they read the filters, ask
``data_access.aggregate`` for transforms and hand the results to components.
"""

import streamlit as st

from dashboard.components.freshness import show_freshness_footer, show_synthetic_banner
from dashboard.components.sidebar import draw_filter_sidebar
from dashboard.data_access import aggregate
from dashboard.model.filters import Filters
from dashboard.transform.provenance import data_as_of, synthetic_counts

st.set_page_config(page_title="IOM activities dashboard", page_icon="🌍", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview",
            default=True),
    st.Page("app_pages/map.py", title="Map", icon=":material/map:", url_path="map"),
    st.Page("app_pages/trainings.py", title="Trainings", icon=":material/school:", url_path="trainings"),
    st.Page("app_pages/donors.py", title="Donors", icon=":material/volunteer_activism:", url_path="donors"),
    st.Page("app_pages/donor_profile.py", title="Donor profile", icon=":material/badge:",
            url_path="donor_profile"),
    st.Page("app_pages/themes.py", title="Themes", icon=":material/category:", url_path="themes"),
    st.Page("app_pages/country_profile.py", title="Country profile", icon=":material/flag:",
            url_path="country_profile"),
    st.Page("app_pages/explorer.py", title="Explorer", icon=":material/table_view:", url_path="explorer"),
    st.Page("app_pages/data.py", title="Data", icon=":material/database:", url_path="data"),
]

page = st.navigation(PAGES)
filters = draw_filter_sidebar()
show_synthetic_banner(aggregate(synthetic_counts, filters))
try:
    page.run()
finally:  # also under a page that stops early (st.stop)
    show_freshness_footer(aggregate(data_as_of, Filters()))
