"""The stored event-to-project links as a reader sees them (the linker itself is ``model.linking``)."""

from __future__ import annotations

import pandas as pd

from dashboard.transform.bundle import StoreBundle

STORY_COLUMNS = ("event_id", "date", "title", "url", "iati_identifier", "project", "confidence", "evidence")


def story_links(bundle: StoreBundle, *, iati_identifier: str | None = None,
                event_id: str | None = None) -> pd.DataFrame:
    """The stored links shown both ways, with what a reader needs beside each: the story's date, headline
    and first address, the project's title. ``iati_identifier`` gives a project's stories, ``event_id`` a
    story's projects; neither gives every link. Most confident first within a story."""
    links = bundle.event_projects
    if iati_identifier is not None:
        links = links[links["iati_identifier"] == iati_identifier]
    if event_id is not None:
        links = links[links["event_id"] == event_id]
    ev = pd.DataFrame({"event_id": bundle.events["event_id"], "title": bundle.events["title"],
                       "date": bundle.events["start_date"].fillna(bundle.events["published_date"])})
    urls = bundle.event_sources.dropna(subset=["url"]).groupby("event_id", as_index=False)["url"].first()
    projects = bundle.activities[["iati_identifier", "title"]].rename(columns={"title": "project"})
    out = (links.merge(ev, on="event_id", how="left").merge(urls, on="event_id", how="left")
           .merge(projects, on="iati_identifier", how="left"))
    return out[list(STORY_COLUMNS)].sort_values(["date", "event_id", "confidence"],
                                                ascending=[True, True, False], na_position="last",
                                                ignore_index=True)
