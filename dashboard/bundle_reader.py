"""The store read into one bundle: the reading half of ``data_access``, without Streamlit.

The app reads through ``data_access`` (which caches this); the command-line tools and tests call it directly,
so every reader sees the same tables, the same snapshot and the same derived shares.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.model.schemas import TABLES
from dashboard.store import read_snapshot
from dashboard.transform.bundle import NOT_SHOWN, StoreBundle, bundle_from_tables, empty_bundle


def read_bundle(store_dir: Path) -> StoreBundle:
    """Read every table of the store at ``store_dir`` (absent tables, or an absent folder, read as empty)."""
    store_dir = Path(store_dir)
    if not store_dir.is_dir():
        return empty_bundle()
    # One snapshot: every table from the same store version, even while an ingest replaces the store.
    return bundle_from_tables(read_snapshot(store_dir, TABLES, skip=NOT_SHOWN).tables)
