"""Selection events from charts -> what the user picked, as plain values (pure, so it can be tested)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def selected_point_ids(event: Mapping[str, Any] | None, position: int = 0) -> list[str]:
    """The ids carried in ``customdata[position]`` of the points selected in a Plotly chart event.

    Streamlit's Plotly selection state looks like ``{"selection": {"points": [{"customdata": [...], ...}]}}``;
    a chart whose points carry their record's id in ``customdata`` can be read back with this. Order is kept,
    duplicates dropped; an empty or malformed event gives ``[]``.
    """
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    ids: list[str] = []
    for point in points or []:
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, list | tuple) and len(custom) > position and custom[position] is not None:
            value = str(custom[position])
        elif isinstance(custom, str | int) and position == 0:
            value = str(custom)
        else:
            continue
        if value not in ids:
            ids.append(value)
    return ids


def clicked_trace(event: Mapping[str, Any] | None) -> int | None:
    """The trace (``curve_number``) of the first selected point of a Plotly chart event, if any."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    for point in points or []:
        if isinstance(point, Mapping) and isinstance(point.get("curve_number"), int):
            return int(point["curve_number"])
    return None


def selected_rows(event: Mapping[str, Any] | None) -> list[int]:
    """Row positions selected in an ``st.dataframe`` selection event (``{"selection": {"rows": [...]}}``)."""
    if not event:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else None
    rows = selection.get("rows", []) if isinstance(selection, Mapping) else []
    return [int(r) for r in rows or [] if isinstance(r, int)]


def record_rows(record: dict[str, Any] | None) -> list[dict[str, str]]:
    """A record as (field, value) rows for display: lists joined, missing values left out."""
    rows = []
    for field, value in (record or {}).items():
        if field == "evidence":
            continue  # shown as its own table beside the record
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif hasattr(value, "strftime"):
            text = value.strftime("%Y-%m-%d")
        else:
            text = str(value)
        rows.append({"field": field, "value": text})
    return rows
