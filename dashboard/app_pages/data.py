"""Data: where every number comes from (sources, rows per table, the quarantine), and an upload for admins."""

import streamlit as st

from dashboard.auth import access_config, current_identity, may
from dashboard.components.data_table import show_data_table
from dashboard.components.safe_text import md_text
from dashboard.data_access import aggregate, current_version, store_dir
from dashboard.errors import DashboardError
from dashboard.i18n import _, format_decimal, ngettext
from dashboard.model.filters import Filters
from dashboard.transform.explorer import search
from dashboard.transform.provenance import freshness_table, quarantine_table, sources_table, table_counts
from dashboard.uploads import UPLOAD_MAX_MB, ingest_upload

LAST_UPLOAD = "data_last_upload"  # the outcome of the last upload, shown after the rerun it causes

st.title(_("Data"))
st.caption(_("What the store holds and where it came from. This page shows the whole store: the sidebar "
             "filters do not apply here."))

everything = Filters()
sources = aggregate(sources_table, everything)
counts = aggregate(table_counts, everything)
quarantine = aggregate(quarantine_table, everything)

files, filled = len(sources), int((counts["Rows"] > 0).sum())
st.caption(" · ".join((
    _("Store version {version}").format(version=md_text(current_version())),
    ngettext("{count} source file", "{count} source files", files).format(count=format_decimal(files)),
    ngettext("{rows} rows in {count} table", "{rows} rows in {count} tables", filled).format(
        rows=format_decimal(int(counts['Rows'].sum())), count=format_decimal(filled)))))

st.header(_("Sources"), divider="gray")
if sources.empty:
    st.info(_("The store is empty: no file has been loaded yet. Load files with "
              "`python -m dashboard ingest <files>`."), icon=":material/inventory_2:")
else:
    synthetic = int(sources["Synthetic"].sum())
    if synthetic:
        st.caption(_("{count} of the sources are **synthetic demo data**, generated to show the dashboard "
                     "at scale; they are marked as such wherever their records show.").format(
            count=format_decimal(synthetic)))
    show_data_table(sources, key="data_sources", title=_("Source files"), file_stem="sources", expanded=True,
                    column_config={"Size (bytes)": st.column_config.NumberColumn(format="localized")})

st.header(_("Freshness"), divider="gray")
freshness = aggregate(freshness_table, everything)
if freshness.empty:
    st.caption(_("No source is fetched automatically yet: every file above was loaded by hand. "
                 "`python -m dashboard refresh` fetches the sources named in `data/sources.toml` (the IATI "
                 "Registry, ReliefWeb, news feeds) and records here when each was last checked and changed."))
else:
    failing = int((freshness["State"] != "current").sum())
    st.caption(ngettext("{count} fetched source, {failing} whose last check failed (the error says why; "
                        "their "
                        "data is as of their last change).",
                        "{count} fetched sources, {failing} whose last check failed (the error says why; "
                        "their "
                        "data is as of their last change).", len(freshness)).format(
        count=format_decimal(len(freshness)), failing=format_decimal(failing)))
    show_data_table(freshness, key="data_freshness", title=_("Fetched sources"), file_stem="source-status",
                    expanded=True)

st.header(_("Rows per table"), divider="gray")
show_data_table(counts, key="data_counts", title=_("Store tables"), file_stem="store-tables")

st.header(_("Quarantine"), divider="gray")
if quarantine.empty:
    st.success(_("No record was rejected or flagged."), icon=":material/check_circle:")
else:
    st.caption(_("Records that were rejected (not loaded) or flagged (loaded, but worth a look), with the "
                 "file, the record, the field and why. Fix the file and upload it again: its old quarantine "
                 "rows are replaced."))
    file_col, find_col = st.columns(2)
    chosen = file_col.selectbox(_("File"), sorted(quarantine["File"].dropna().unique()), index=None,
                                key="quarantine_file", placeholder=_("All files"))
    words = find_col.text_input(_("Find"), key="quarantine_search",
                                placeholder=_("e.g. currency, 2023-02-30"))
    shown = quarantine if chosen is None else quarantine[quarantine["File"] == chosen]
    shown = search(shown, words or "")
    show_data_table(shown, key="data_quarantine", title=_("Quarantined records"), file_stem="quarantine",
                    expanded=True)

ACCESS = access_config()


def show_upload_form() -> None:
    """The admin's upload form and the outcome of the last upload (the role is checked again on write)."""
    st.header(_("Add a file"), divider="gray")
    st.caption(_("IATI XML, a CSV or Excel project list, or news (text, HTML, RSS/Atom, JSON/CSV records), "
                 "up to {size} MB. The type is read from the content, not the file name. Loading the "
                 "same file twice changes nothing.").format(size=UPLOAD_MAX_MB))
    with st.form("upload_form", clear_on_submit=True, border=False):
        uploaded = st.file_uploader(_("File to load"), key="upload", max_upload_size=UPLOAD_MAX_MB)
        submitted = st.form_submit_button(_("Load into the store"), icon=":material/upload:")
    if submitted and uploaded is not None:
        try:
            with st.spinner(_("Loading the file…")):
                # The role is checked again inside ingest_upload, with the identity of this session.
                outcome = ingest_upload(uploaded.name, uploaded.getvalue(), store_dir(),
                                        current_identity(ACCESS), ACCESS)
        except DashboardError as exc:
            st.session_state[LAST_UPLOAD] = ("error", str(exc))
        else:
            st.session_state[LAST_UPLOAD] = ("done", outcome.summary.files)
        st.rerun()  # the store has a new version: every page reads it afresh
    elif submitted:
        st.warning(_("Choose a file first."))

    last = st.session_state.get(LAST_UPLOAD)
    if last is not None:
        status, detail = last
        # Messages quote file names and loader reasons: shown as plain text, never as markdown.
        if status == "error":
            st.error(_("The file was not loaded."), icon=":material/error:")
            st.text(detail)
        else:
            for f in detail:
                if f.status == "unchanged":
                    st.info(_("{file}: already loaded with the same content; nothing changed.").format(
                        file=md_text(f.file)))
                elif f.status == "unreadable":
                    st.error(_("A file could not be read."), icon=":material/error:")
                    st.text(f"{f.file}: {f.reason}")
                else:
                    quarantined = (", " + _("{count} quarantined (see above)").format(
                        count=format_decimal(f.quarantined)) if f.quarantined else "")
                    st.success(_("{file}: {count} records loaded as {kind}{quarantined}.").format(
                        file=md_text(f.file), count=format_decimal(f.records), kind=f.kind,
                        quarantined=quarantined))


if may("admin", ACCESS):
    show_upload_form()
else:
    # No st.stop() here: the app's footer is drawn after the page.
    st.caption(_("Files go into the store with `python -m dashboard ingest <files>` on the server. Signed-in "
                 "admins can also load a file here."))
