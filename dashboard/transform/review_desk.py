"""The review desk's tables: the queue of events to check, one event's facts with their evidence, the history
of a fact, and the verified share of people trained.

Queue order: what a wrong number would cost first. An event's priority is its size (log of its participants;
a training without a count weighs as one of 10) times its uncertainty (1 - the lowest confidence of its
extracted facts; 0.5 when no evidence is recorded) times its visibility (x2 when it names a donor, whose
profile and brief show it). Events whose facts are all verified go to the end.
"""

from __future__ import annotations

import math
from dataclasses import fields

import pandas as pd

from dashboard.i18n import N_
from dashboard.model.cells import text_or_none
from dashboard.model.review_fields import LIST_FIELDS, REVIEW_FIELDS, field_value, latest_reviews
from dashboard.model.vocabulary import NO_EVIDENCE, NOT_REVIEWED, NOT_STATED
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.measures import training_events
from dashboard.transform.verification import VerifiedShare, verified_facts, verified_share

UNKNOWN_CONFIDENCE = 0.5
UNCOUNTED_SIZE = 10
DONOR_VISIBLE_WEIGHT = 2.0


def _evidence(bundle: StoreBundle) -> pd.DataFrame:
    """Issue 11's ``event_evidence`` table, or an empty one while the store has none."""
    table = getattr(bundle, "event_evidence", None)
    if table is None or table.empty:
        return pd.DataFrame({"event_id": pd.Series(dtype="string"), "field": pd.Series(dtype="string"),
                             "value": pd.Series(dtype="string"), "evidence": pd.Series(dtype="string"),
                             "confidence": pd.Series(dtype="Float64")})
    return table


def reviewable_fields(bundle: StoreBundle) -> tuple[str, ...]:
    """The facts the desk offers: every review field whose table this store has."""
    tables = {f.name for f in fields(bundle)}
    return tuple(f for f in REVIEW_FIELDS if f not in LIST_FIELDS or LIST_FIELDS[f].table in tables)


def review_queue(bundle: StoreBundle, limit: int = 500) -> pd.DataFrame:
    """Events to review, most consequential and least certain first (see the module doc), ``limit`` rows."""
    events = bundle.events
    columns = ["Event", "Title", "Type", "Participants", "Lowest confidence", "Donors", "Verified facts",
               "Priority"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    evidence = _evidence(bundle)
    confidence = evidence.groupby("event_id")["confidence"].min()
    donors = bundle.event_donors.groupby("event_id")["name"].agg(lambda s: ", ".join(sorted(set(s.dropna()))))
    verified = verified_facts(bundle.reviews)
    verified_count = verified.groupby("event_id").size()
    out = pd.DataFrame({
        N_("Event"): events["event_id"], N_("Title"): events["title"], N_("Type"): events["type"],
        N_("Participants"): events["participants"],
    })
    out[N_("Lowest confidence")] = out["Event"].map(confidence).astype("Float64")
    out[N_("Donors")] = out["Event"].map(donors).fillna("")
    out[N_("Verified facts")] = out["Event"].map(verified_count).fillna(0).astype(int)
    size = out["Participants"].astype("Float64").fillna(UNCOUNTED_SIZE).map(lambda n: math.log10(1 + n))
    uncertainty = 1 - out["Lowest confidence"].fillna(UNKNOWN_CONFIDENCE).clip(0, 1)
    visibility = out["Donors"].ne("").map({True: DONOR_VISIBLE_WEIGHT, False: 1.0})
    out[N_("Priority")] = (size.astype(float) * uncertainty.astype(float) * visibility).round(3)
    fully = out["Verified facts"] >= len(reviewable_fields(bundle))
    out = out.assign(_done=fully).sort_values(["_done", "Priority", "Event"], ascending=[True, False, True])
    return out.drop(columns="_done").head(limit).reset_index(drop=True)


def queue_labels(queue: pd.DataFrame) -> dict[str, str]:
    """event id -> "title · 140 people · priority 1.2" for the queue's picker (plain text)."""
    people = queue["Participants"].map(lambda n: "?" if pd.isna(n) else f"{int(n):,}")
    titles = queue["Title"].fillna(queue["Event"])
    return {e: f"{t} · {p} people · priority {r}"
            for e, t, p, r in zip(queue["Event"], titles, people, queue["Priority"], strict=True)}


def event_facts(bundle: StoreBundle, event_id: str) -> pd.DataFrame:
    """One row per reviewable fact of an event: its value, the evidence sentence, confidence and review.

    Values are text ("not stated" when unknown); ``Value (encoded)`` is the exact value the review desk
    sends back with a review, so a change made meanwhile by someone else is detected.
    """
    tables = {f.name: getattr(bundle, f.name) for f in fields(bundle)}
    tables = {n: t[t["event_id"] == event_id] if "event_id" in t.columns else t for n, t in tables.items()}
    evidence = _evidence(bundle)
    evidence = evidence[evidence["event_id"] == event_id]
    evidence = evidence.drop_duplicates("field", keep="last").set_index("field")
    in_force = latest_reviews(bundle.reviews[bundle.reviews["event_id"] == event_id])
    in_force = in_force.set_index("field") if not in_force.empty else in_force
    rows = []
    for fact in reviewable_fields(bundle):
        value = field_value(tables, event_id, fact)
        review = in_force.loc[fact] if fact in in_force.index else None
        span = text_or_none(evidence.at[fact, "evidence"]) if fact in evidence.index else None
        rows.append({
            N_("Fact"): fact,
            N_("Value"): NOT_STATED if value is None else value,
            N_("Evidence"): NO_EVIDENCE if span is None else span,
            N_("Confidence"): evidence.at[fact, "confidence"] if fact in evidence.index else pd.NA,
            N_("Review"): NOT_REVIEWED if review is None else
            f"{review['action']} by {review['reviewer']} on {review['at']:%Y-%m-%d %H:%M}",
            N_("Value (encoded)"): value,
        })
    return pd.DataFrame(rows).astype({"Confidence": "Float64"})


def shown_values(facts: pd.DataFrame) -> dict[str, str | None]:
    """fact -> the encoded value the desk showed (None: not stated), as sent back with a review."""
    return {str(f): None if pd.isna(v) else str(v)
            for f, v in zip(facts["Fact"], facts["Value (encoded)"], strict=True)}


def fact_history(bundle: StoreBundle, event_id: str, fact: str | None = None) -> pd.DataFrame:
    """Every review of an event (or of one of its facts), oldest first: the audit trail of a figure."""
    reviews = bundle.reviews
    mine = reviews[reviews["event_id"] == event_id]
    if fact is not None:
        mine = mine[mine["field"] == fact]
    mine = mine.sort_values("at", kind="stable")
    return pd.DataFrame({
        N_("When (UTC)"): mine["at"], N_("Reviewer"): mine["reviewer"], N_("Fact"): mine["field"],
        N_("Action"): mine["action"], N_("Old value"): mine["old_value"], N_("New value"): mine["new_value"],
        N_("Reason"): mine["reason"],
    }).reset_index(drop=True)


def reviewed_events(bundle: StoreBundle) -> pd.DataFrame:
    """Events with at least one review, for the audit view's picker (event id, title, reviews)."""
    counts = bundle.reviews.groupby("event_id").size().rename("Reviews")
    titles = bundle.events.set_index("event_id")["title"]
    out = counts.reset_index().rename(columns={"event_id": "Event"})
    out["Title"] = out["Event"].map(titles).fillna("(no longer in the store)")
    return out[["Event", "Title", "Reviews"]]


def people_trained_verified(bundle: StoreBundle) -> VerifiedShare:
    """People trained and how many of them rest on a verified head count of a verified training."""
    return verified_share(training_events(bundle), bundle.reviews)
