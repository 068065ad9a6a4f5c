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

import pandas as pd
import streamlit as st

from dashboard.i18n import _, format_decimal

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


def translated_headers(df: pd.DataFrame, column_config: dict) -> dict:
    """``column_config`` with each column shown under its header in the current language (a header that is
    interface text has a translation; one named after data, or a snake_case field name, stays as it is).
    The frame and its downloads keep their column names, so links and exports do not change with the
    language."""
    config = dict(column_config)
    for column in df.columns:
        setting = config.get(column, {})
        header = _(str(column))
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
            shown,
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
