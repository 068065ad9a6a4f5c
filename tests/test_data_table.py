"""The table-and-download component: exports cannot smuggle spreadsheet formulas."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from dashboard.components.data_table import (
    file_stem_for,
    neutralise_for_export,
    to_csv_bytes,
    to_excel_bytes,
)


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "title": pd.Series(["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "plain", None], dtype="string"),
        "value": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        "=header": ["a", "b", "c", "d", "e", "f"],
    })


def test_cells_starting_with_formula_characters_are_prefixed() -> None:
    out = neutralise_for_export(_frame())
    assert list(out["title"].iloc[:5]) == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "plain"]
    assert pd.isna(out["title"].iloc[5])
    assert out["value"].tolist() == [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0]  # numbers are not text: untouched
    assert "'=header" in out.columns


def test_the_input_frame_is_not_modified() -> None:
    frame = _frame()
    neutralise_for_export(frame)
    assert frame["title"].iloc[0].startswith("=")


def test_csv_and_excel_exports_hold_the_neutralised_cells() -> None:
    csv = to_csv_bytes(_frame()).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "\n=HYPERLINK" not in csv
    sheet = load_workbook(io.BytesIO(to_excel_bytes(_frame()))).active
    assert sheet["A2"].value == "'=HYPERLINK(\"x\")"
    assert sheet["B2"].value == -5


def test_file_stem() -> None:
    assert file_stem_for("Funds by donor (USD)") == "funds-by-donor-usd"
