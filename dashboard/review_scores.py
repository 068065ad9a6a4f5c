"""The extraction scored against what reviewers decided: its quality on live data, not only on the corpus.

For each reviewed fact (the review in force), the extraction's value is re-derived from the stored news items
exactly as ingest does, without any review applied, and compared with the reviewed value: a confirmation
means the value shown was right, a correction gives the right value, a rejection means the fact is not
stated. Whole-event decisions score the activity detection: confirmed events were real activities, rejected
ones were not.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from dashboard.model.cells import number_or_none, text_or_none
from dashboard.model.donors import DonorRegistry
from dashboard.model.review_fields import REVIEW_FIELDS, WHOLE_EVENT, field_value, latest_reviews
from dashboard.store import read_store


def extracted_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The event tables as the extraction gives them today, before any review."""
    from dashboard.news.events import build_event_tables

    registry = DonorRegistry.from_reference()
    registry.remember(tables["donors"])
    if tables["news_items"].empty:
        return {"events": tables["events"].iloc[0:0]}
    return dict(build_event_tables(tables["news_items"], registry))


def score_against_reviews(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per fact: reviewed facts, how many the extraction had right, and the accuracy.

    Rows: every reviewed fact field, then ``event`` (whole-event decisions: right = confirmed as an
    activity). Facts whose event the extraction no longer produces are counted as ``gone``.
    """
    in_force = latest_reviews(tables["reviews"])
    columns = ["fact", "reviewed", "right", "corrected", "rejected", "gone", "accuracy"]
    if in_force.empty:
        return pd.DataFrame(columns=columns)
    extracted = extracted_tables(tables)
    produced = set(extracted["events"]["event_id"])
    rows = []
    order = [*REVIEW_FIELDS, WHOLE_EVENT]
    for fact, group in sorted(in_force.groupby("field"), key=lambda kv: order.index(str(kv[0]))
                              if kv[0] in order else len(order)):
        right = corrected = rejected = gone = 0
        for review in group.itertuples(index=False):
            if review.event_id not in produced:
                gone += 1
                continue
            action = str(review.action)  # required by the reviews contract
            corrected += action == "correct"
            rejected += action == "reject"
            if fact == WHOLE_EVENT:
                right += action == "confirm"
                continue
            truth = text_or_none(review.new_value)
            right += field_value(extracted, str(review.event_id), str(fact)) == truth
        scored = len(group) - gone
        rows.append({"fact": fact, "reviewed": len(group), "right": right, "corrected": corrected,
                     "rejected": rejected, "gone": gone, "accuracy": right / scored if scored else None})
    return pd.DataFrame(rows, columns=columns)


def evaluate_reviews_main(argv: list[str]) -> int:
    """``python -m dashboard evaluate --reviews [--store DIR] [--json]``."""
    from dashboard.ingest import DEFAULT_STORE

    parser = argparse.ArgumentParser(prog="python -m dashboard evaluate --reviews",
                                     description="Score the news extraction against the reviewed facts.")
    parser.add_argument("--reviews", action="store_true", required=True, help="score against the reviews")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="store folder (default data/store)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args(argv)
    if not Path(args.store).is_dir():
        print(f"error: no store at {args.store}")
        return 1
    scores = score_against_reviews(read_store(args.store))
    if args.json:
        print(json.dumps(scores.astype(object).where(scores.notna(), None).to_dict("records")))
        return 0
    if scores.empty:
        print("no review recorded yet: nothing to score")
        return 0
    header = ("fact", "reviewed", "right", "corrected", "rejected", "gone", "accuracy")
    print(f"{header[0]:22} " + " ".join(f"{h:>{max(len(h), 5)}}" for h in header[1:]))
    for row in scores.itertuples(index=False):
        share = number_or_none(row.accuracy)
        accuracy = "—" if share is None else f"{share:.0%}"
        print(f"{str(row.fact):22} {row.reviewed:8} {row.right:5} {row.corrected:9} {row.rejected:8} "
              f"{row.gone:5} {accuracy:>8}")
    print("right: the extraction's value equals the reviewed one (for 'event': confirmed as an activity); "
          "gone: the event is no longer extracted")
    return 0
