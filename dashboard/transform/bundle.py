"""The store as the app sees it: one typed, read-only bundle of frames, one per table of the contract.

A pure container: ``bundle_reader.read_bundle`` reads the store and hands its tables to
:func:`bundle_from_tables`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

import pandas as pd

from dashboard.model.schemas import TABLES, empty
from dashboard.transform.splits import with_shares

# Tables that hang off a project (keyed by iati_identifier) and off a news event (keyed by event_id).
ACTIVITY_CHILDREN = (
    "activity_countries", "activity_regions", "activity_sectors", "activity_themes", "participating_orgs",
    "budgets", "transactions", "locations", "results", "activity_donors",
)
EVENT_CHILDREN = (
    "event_sources", "event_countries", "event_donors", "event_themes", "event_programmes", "event_partners",
    "event_projects", "event_audience", "event_evidence",
)


@dataclass(frozen=True)
class StoreBundle:
    """Every store table as a DataFrame (columns as in ``model.schemas``). Treat the frames as read-only."""

    activities: pd.DataFrame
    activity_countries: pd.DataFrame
    activity_regions: pd.DataFrame
    activity_sectors: pd.DataFrame
    activity_themes: pd.DataFrame
    participating_orgs: pd.DataFrame
    budgets: pd.DataFrame
    transactions: pd.DataFrame
    locations: pd.DataFrame
    results: pd.DataFrame
    donors: pd.DataFrame
    activity_donors: pd.DataFrame
    news_items: pd.DataFrame
    events: pd.DataFrame
    event_sources: pd.DataFrame
    event_countries: pd.DataFrame
    event_donors: pd.DataFrame
    event_themes: pd.DataFrame
    event_programmes: pd.DataFrame
    event_partners: pd.DataFrame
    event_projects: pd.DataFrame
    quarantine: pd.DataFrame
    sources: pd.DataFrame
    event_audience: pd.DataFrame
    event_evidence: pd.DataFrame
    reviews: pd.DataFrame
    source_status: pd.DataFrame

    @property
    def has_projects(self) -> bool:
        return not self.activities.empty

    @property
    def has_events(self) -> bool:
        return not self.events.empty

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}


def _check_contract() -> None:
    # The bundle must carry exactly the store's tables; a table added to the contract needs a field here.
    names = {f.name for f in fields(StoreBundle)}
    if names != set(TABLES):
        raise RuntimeError(f"StoreBundle fields differ from the store tables: {sorted(names ^ set(TABLES))}")


def bundle_from_tables(tables: Mapping[str, pd.DataFrame]) -> StoreBundle:
    """The bundle of ``tables`` (one frame per table of the contract), each project's split shares added."""
    _check_contract()
    return with_split_shares(StoreBundle(**tables))


def with_split_shares(bundle: StoreBundle) -> StoreBundle:
    """The bundle with each project's country and theme rows carrying their ``share`` (``transform.splits``).

    Done once, on the whole store, before any filter: a filtered view keeps each row's share unchanged.
    """
    countries, themes = with_shares(bundle.activity_countries, bundle.activity_themes)
    return replace(bundle, activity_countries=countries, activity_themes=themes)


# Columns no page shows: the extracted record of each news item is for re-deriving events at ingest, and
# at 100,000 items it is about 100 MB of the server's memory.
NOT_SHOWN: dict[str, tuple[str, ...]] = {"news_items": ("record_json",)}


def empty_bundle() -> StoreBundle:
    """A bundle with every table empty (a fresh install, or a store folder that does not exist yet)."""
    return bundle_from_tables({name: empty(name) for name in TABLES})
