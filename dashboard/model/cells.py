"""One store cell read as a plain Python value, for code that walks rows (``itertuples``) or picks a cell.

pandas types such cells as the union of every scalar it knows; these helpers say what the code expects
(text, a number) and turn pandas' missing markers (None, NA, NaT, NaN) into None, so "unknown" stays None.
"""

from __future__ import annotations

import numbers

import pandas as pd


def is_missing(value: object) -> bool:
    """Whether one cell holds no value (None, pandas' NA or NaT, a float NaN)."""
    # pd.isna takes any object; its stubs type only pandas' own scalars, hence the narrow ignore.
    return bool(pd.isna(value))  # type: ignore[call-overload]


def text_or_none(value: object) -> str | None:
    """The cell as text, or None when it is empty."""
    return None if is_missing(value) else str(value)


def number_or_none(value: object) -> float | None:
    """The cell as a float, or None when it is empty. Raises TypeError on a cell that is not a number."""
    if is_missing(value):
        return None
    if not isinstance(value, numbers.Real):
        raise TypeError(f"not a number: {value!r}")
    return float(value)
