"""The record behind a clicked mark, shown as plain text (never as HTML)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components.data_table import FIELD_HEADERS, cells_in_language
from dashboard.components.safe_text import md_text
from dashboard.i18n import _
from dashboard.transform.selection import record_rows


def show_record(record: dict[str, Any] | None, *, title: str, key: str) -> None:
    """A bordered box with the record's fields, and a link button to its first web source."""
    with st.container(border=True, key=key):
        if record is None:
            st.info(_("That record is no longer in the current view."))
            return
        st.markdown(f"**{md_text(title)}**")
        rows = pd.DataFrame(record_rows(record), columns=["field", "value"])
        rows["field"] = rows["field"].map(lambda f: _(FIELD_HEADERS.get(str(f), str(f))))
        st.dataframe(cells_in_language(rows), hide_index=True, width="stretch",
                     column_config={"field": _("Field"), "value": _("Value")})
        evidence = record.get("evidence") or []
        if evidence:
            st.caption(_("Where each figure comes from in the release, and how sure the extractor is (0-1)."))
            st.dataframe(pd.DataFrame(evidence, columns=["field", "value", "confidence", "evidence"]),
                         hide_index=True, width="stretch", key=f"{key}_evidence")
        urls = [u for u in record.get("event_sources", []) or [record.get("url")] if isinstance(u, str)]
        web = [u for u in urls if u.startswith(("https://", "http://"))]
        if web:
            st.link_button(_("Open the source"), web[0], icon=":material/open_in_new:")
