"""Every chart's numbers one click away: a table in an expander, with CSV and Excel downloads.

Exports are made safe for spreadsheets: a text cell starting with ``=``, ``+``, ``-``, ``@`` (also after
blanks or control characters, which spreadsheets skip), or with a tab or line break, would be run as a
formula by Excel or LibreOffice, so it is prefixed with ``'``. The CSV ends its rows with CR LF, so every
field holding a bare CR or LF is quoted and cannot start a row of its own; the workbook gets no control
character openpyxl would refuse.
"""

from __future__ import annotations

import csv
import io
import re
from functools import partial
from typing import TYPE_CHECKING, Literal

import pandas as pd
import streamlit as st

from dashboard.i18n import N_, _, format_decimal
from dashboard.model.vocabulary import shown_cell

if TYPE_CHECKING:  # the type only; the module path is Streamlit's own and may move
    from streamlit.elements.lib.column_types import ColumnConfig

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# What a spreadsheet skips before deciding whether a cell is a formula: blanks and control characters.
_SKIPPED_PREFIX = "".join(chr(c) for c in range(33)) + "\u00a0\u2000\u2001\u2002\u2003\u200b\u3000\ufeff"
# Characters an .xlsx cannot hold (openpyxl refuses them): shown as U+FFFD in the workbook.
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
MAX_ROWS_SHOWN = 2_000  # rows sent to the browser; downloads always hold every row


def _neutralise_text(value: object) -> object:
    if isinstance(value, str) and (value.startswith(FORMULA_TRIGGERS)
                                   or value.lstrip(_SKIPPED_PREFIX).startswith(FORMULA_TRIGGERS)):
        return "'" + value
    return value


def _xlsx_text(value: object) -> object:
    return _XLSX_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def neutralise_for_export(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers cannot be read as spreadsheet formulas."""
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[col] = series.map(_neutralise_text, na_action="ignore")
    out.columns = [_neutralise_text(str(c)) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with a byte-order mark, so Excel reads accents right) of the neutralised table."""
    return neutralise_for_export(df).to_csv(index=False, lineterminator="\r\n",
                                            quoting=csv.QUOTE_MINIMAL).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "data") -> bytes:
    """An .xlsx workbook of the neutralised table; timezone-aware dates are written as local dates."""
    out = neutralise_for_export(df)
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
        elif pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].map(_xlsx_text, na_action="ignore")
    out.columns = [_xlsx_text(c) for c in out.columns]
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        out.to_excel(writer, index=False, sheet_name=sheet_name[:31] or "data")
    return buffer.getvalue()


def file_stem_for(title: str) -> str:
    """A safe file name stem from a title ("Funds by donor (USD)" -> "funds-by-donor-usd")."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "data"


def date_columns(df: pd.DataFrame) -> dict:
    """Day-precision display for every date column (the store keeps dates at midnight)."""
    return {
        col: st.column_config.DateColumn(format="YYYY-MM-DD")
        for col in df.columns
        if pd.api.types.is_datetime64_any_dtype(df[col])
    }


# Headers for the transforms' own column names (snake_case field names), so a table reads as words in every
# language; the frame and its downloads keep the field names.
FIELD_HEADERS = {
    "audience": N_("Audience"), "budget_usd": N_("Budget (USD)"), "commitments_usd": N_("Commitments (USD)"),
    "countries": N_("Countries"), "countries_reached": N_("Countries reached"), "country": N_("Country"),
    "country_codes": N_("Country codes"), "currency": N_("Currency"), "date": N_("Date"),
    "donor": N_("Donor"), "donor_id": N_("Donor ID"), "end": N_("End"), "event_id": N_("Event ID"),
    "events": N_("Events"),
    "evidence": N_("Evidence"), "file": N_("File"), "flow": N_("Flow"), "funder": N_("Funder"),
    "funds_received_usd": N_("Funds received (USD)"), "iati_identifier": N_("IATI identifier"),
    "iso3": N_("ISO3"), "kind": N_("Kind"), "men": N_("Men"), "month": N_("Month"), "name": N_("Name"),
    "officials_trained": N_("Officials trained"), "open_end": N_("Open end"), "partial": N_("Partial year"),
    "participants": N_("Participants"), "participants_female": N_("Women among the participants"),
    "participants_from": N_("Participants from"), "people_trained": N_("People trained"),
    "people_with_gender": N_("People whose gender is stated"), "place": N_("Place"),
    "position": N_("Position"), "project": N_("Project"), "projects": N_("Projects"),
    "reference": N_("Reference"), "region": N_("Region"), "results": N_("Results"),
    "share_pct": N_("Share (%)"), "source": N_("Source"), "source_file": N_("Source file"),
    "stage": N_("Stage"), "start": N_("Start"), "status": N_("Status"), "stories": N_("Stories"),
    "synthetic": N_("Synthetic"), "target": N_("Target"), "theme": N_("Theme"), "themes": N_("Themes"),
    "title": N_("Title"), "trainings": N_("Trainings"), "trainings_with_count": N_("Trainings with a count"),
    "transactions": N_("Transactions"), "type": N_("Type"),
    "unconverted_amounts": N_("Amounts not converted to USD"), "unstated": N_("Not stated"), "url": N_("URL"),
    "usd": N_("USD"), "value": N_("Value"), "value_usd": N_("Value (USD)"),
    "without_usd": N_("Without a USD value"), "women": N_("Women"), "women_share": N_("Share of women"),
    "women_trained": N_("Women trained"), "year": N_("Year"),
}


def count_column(label: str, width: Literal["small", "medium", "large"] | None = None) -> ColumnConfig:
    """A column of whole counts (trainings, people) with thousands separators, as the cards show them."""
    return st.column_config.NumberColumn(label, width=width, format="localized", step=1)


def cells_in_language(df: pd.DataFrame) -> pd.DataFrame:
    """The rows as shown: closed-vocabulary cells (themes, activity types, "not stated", ...) in the interface
    language, every other cell as it is. Downloads keep the stored values, like the column names."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].map(shown_cell, na_action="ignore")
    return out


def translated_headers(df: pd.DataFrame, column_config: dict) -> dict:
    """``column_config`` with each column shown under its header in the current language (a header that is
    interface text has a translation, a snake_case field name its words from :data:`FIELD_HEADERS`; one
    named after data stays as it is).
    The frame and its downloads keep their column names, so links and exports do not change with the
    language."""
    config = dict(column_config)
    for column in df.columns:
        setting = config.get(column, {})
        header = _(FIELD_HEADERS.get(str(column), str(column)))
        if setting is None or isinstance(setting, str) or header == str(column):
            continue  # hidden, labelled already, or nothing to translate
        if not setting.get("label"):
            config[column] = {**setting, "label": header}
    return config


def show_data_table(
    df: pd.DataFrame,
    *,
    key: str,
    title: str | None = None,
    file_stem: str | None = None,
    column_config: dict | None = None,
    expanded: bool = False,
) -> None:
    """The table in a collapsed expander, with CSV and Excel downloads of exactly its rows and columns."""
    title = title or _("Numbers behind this chart")
    stem = file_stem or file_stem_for(title)
    with st.expander(_("{title} ({count} rows)").format(title=title, count=format_decimal(len(df))),
                     expanded=expanded):
        if df.empty:
            st.info(_("No rows to show for the current filters."))
            return
        shown = df.head(MAX_ROWS_SHOWN)
        st.dataframe(
            cells_in_language(shown),
            hide_index=True,
            column_config=translated_headers(shown, {**date_columns(shown), **(column_config or {})}),
            key=f"{key}_table",
        )
        if len(df) > MAX_ROWS_SHOWN:
            st.caption(_("Showing the first {shown} rows; the downloads hold all {count}.").format(
                shown=format_decimal(MAX_ROWS_SHOWN), count=format_decimal(len(df))))
        left, right = st.columns(2)
        left.download_button(
            _("Download CSV"),
            data=partial(to_csv_bytes, df),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
        )
        right.download_button(
            _("Download Excel"),
            data=partial(to_excel_bytes, df),
            file_name=f"{stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            on_click="ignore",
            icon=":material/download:",
        )
