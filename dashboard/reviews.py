"""Reviews: a person's confirmations, corrections and rejections of extracted facts, kept as data.

- The ``reviews`` table is append-only: :func:`append_reviews` adds rows under the store's write lock (waiting
  for it, so two reviewers at once both get through) and writes the store atomically; nothing edits or
  deletes a review.
- :func:`apply_reviews` runs at every ingest, after extraction: for each (event, fact) the latest review wins,
  so a re-ingest or a refresh that re-derives the events never loses a correction. A confirmation pins the
  value the reviewer saw; a correction sets the new value; a rejection of a fact makes it "not stated"; a
  rejection of the whole event removes the event from every figure (its news items stay in the store).
- A review of an event that extraction no longer produces is kept and flagged in the quarantine.
- Every write checks the writer's role itself (:func:`dashboard.model.roles.require_role`).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.errors import DashboardError, StoreLocked
from dashboard.model.review_fields import (
    ACTIONS,
    WHOLE_EVENT,
    BadReviewValue,
    drop_events,
    field_value,
    is_review_field,
    latest_reviews,
    parse_value,
    set_fields,
)
from dashboard.model.roles import AccessConfig, Identity, load_access, require_role
from dashboard.model.schemas import TABLES, conform, empty
from dashboard.store import read_store, read_table, store_lock, write_store

REVIEWER_ROLE = "reviewer"
REVIEWS_FILE = "reviews"  # the quarantine's "file" for flags about reviews
LOCK_WAIT_SECONDS = 60.0
ORPHAN_REASON = ("reviewed event is no longer produced by the extraction (its id changed or its release was "
                 "removed); the review is kept but not applied")


class ReviewRejected(DashboardError):
    """A review that cannot be recorded as asked (unknown event or field, bad value, no reason)."""


class ReviewConflict(DashboardError):
    """The fact changed (another reviewer, or an ingest) between the moment it was shown and the write."""


@dataclass(frozen=True)
class ReviewInput:
    """One review as a reviewer submits it.

    ``seen_value`` is the value the reviewer was shown (encoded text, None = not stated): the write is refused
    when the stored value differs by then, so one reviewer never overwrites another's work unseen.
    ``new_value`` is the corrected value as typed (for ``correct``); ignored for ``confirm`` and ``reject``.
    """

    event_id: str
    field: str
    action: str
    reason: str
    seen_value: str | None = None
    new_value: str | None = None


@contextmanager
def store_lock_waiting(store_dir: Path, wait_seconds: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """The store's write lock, waiting up to ``wait_seconds`` for another writer to finish."""
    deadline = time.monotonic() + wait_seconds
    with ExitStack() as stack:
        while True:
            try:
                stack.enter_context(store_lock(store_dir))
                break
            except StoreLocked:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
        yield


def _checked_row(review: ReviewInput, tables: dict[str, pd.DataFrame], reviewer: str, at: pd.Timestamp,
                 known_donors: frozenset[str]) -> dict[str, object]:
    if review.action not in ACTIONS:
        raise ReviewRejected(f"{review.event_id}: action {review.action!r} is not one of "
                             f"{', '.join(ACTIONS)}")
    if not is_review_field(review.field):
        raise ReviewRejected(f"{review.event_id}: {review.field!r} is not a fact the review desk knows")
    if not review.reason or not review.reason.strip():
        raise ReviewRejected(f"{review.event_id}, {review.field}: a review needs a reason")
    if not (tables["events"]["event_id"] == review.event_id).any():
        raise ReviewRejected(f"{review.event_id}: no such event in the store (rejected or re-derived)")
    if review.field == WHOLE_EVENT:
        old = new = None
    else:
        old = field_value(tables, review.event_id, review.field)
        if old != review.seen_value:
            raise ReviewConflict(
                f"{review.event_id}, {review.field}: the value changed since it was shown "
                f"(shown {review.seen_value!r}, now {old!r}); look at it again before reviewing")
        if review.action == "correct":
            try:
                new = parse_value(review.field, review.new_value, known_donors)
            except BadReviewValue as exc:
                raise ReviewRejected(f"{review.event_id}, {exc}") from None
        else:
            new = old if review.action == "confirm" else None
    return {"review_id": uuid.uuid4().hex, "reviewer": reviewer, "at": at, "event_id": review.event_id,
            "field": review.field, "old_value": old, "new_value": new, "action": review.action,
            "reason": " ".join(review.reason.split())[:1000]}


def append_reviews(store_dir: Path, reviews: Sequence[ReviewInput], identity: Identity,
                   access: AccessConfig | None = None, *,
                   wait_seconds: float = LOCK_WAIT_SECONDS) -> pd.DataFrame:
    """Record ``reviews`` by ``identity`` in the store and apply them; returns the rows written.

    Raises PermissionDenied unless the identity is a reviewer (checked here, on every call), ReviewRejected
    or ReviewConflict for a review that cannot be recorded (then nothing of the batch is written), and
    StoreLocked when the lock stays held for ``wait_seconds``.
    """
    access = access if access is not None else load_access()
    require_role(identity, access, REVIEWER_ROLE, "review extracted facts")
    if not reviews:
        return empty("reviews")
    store_dir = Path(store_dir)
    with store_lock_waiting(store_dir, wait_seconds):
        tables = read_store(store_dir)
        at = pd.Timestamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))
        known_donors = frozenset(tables["donors"]["donor_id"].dropna().astype(str))
        rows = [_checked_row(r, tables, identity.label, at, known_donors) for r in reviews]
        new = conform(pd.DataFrame(rows, columns=list(TABLES["reviews"].columns)), "reviews")
        old = tables["reviews"]
        all_reviews = pd.concat([old, new], ignore_index=True) if len(old) else new
        write_store(apply_reviews(tables, all_reviews), store_dir)
    return new


def apply_reviews(tables: dict[str, pd.DataFrame], reviews: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The store tables with ``reviews`` applied to the freshly extracted event tables (see module doc).

    Returns a new dict whose ``reviews`` table is ``reviews``; reviews of events the extraction no longer
    produces are added to the quarantine as flagged.
    """
    out = dict(tables)
    out["reviews"] = reviews
    if reviews.empty:
        return out
    in_force = latest_reviews(reviews)
    known = set(out["events"]["event_id"].dropna())
    orphans = in_force[~in_force["event_id"].isin(known)]
    applied = in_force[in_force["event_id"].isin(known) & (in_force["field"] != WHOLE_EVENT)]
    values = applied["new_value"].astype(object).where(applied["new_value"].notna(), None)
    set_fields(out, pd.DataFrame({"event_id": applied["event_id"].astype(object),
                                  "field": applied["field"].astype(object), "value": values}))
    rejected = in_force[(in_force["field"] == WHOLE_EVENT) & (in_force["action"] == "reject")]
    drop_events(out, set(rejected["event_id"].dropna().astype(str)))
    quarantine = out.get("quarantine", empty("quarantine"))
    quarantine = quarantine[quarantine["file"] != REVIEWS_FILE]  # re-derived at every apply
    if len(orphans):
        flags = pd.DataFrame({"file": REVIEWS_FILE, "record": orphans["event_id"], "field": orphans["field"],
                              "reason": ORPHAN_REASON, "severity": "flagged",
                              "loaded_at": pd.Timestamp(dt.datetime.now(dt.UTC).replace(tzinfo=None))})
        quarantine = pd.concat([quarantine, conform(flags, "quarantine")], ignore_index=True)
    out["quarantine"] = quarantine.reset_index(drop=True)
    return out


def carry_reviews(old_store: Path, new_store: Path) -> int:
    """Copy the reviews of ``old_store`` into ``new_store`` (a store rebuilt from scratch) and apply them.

    Returns how many reviews the new store holds. Reviews already there (same id) are not doubled.
    """
    carried = read_table(Path(old_store), "reviews") if Path(old_store).is_dir() else empty("reviews")
    if carried.empty:
        return 0
    with store_lock_waiting(Path(new_store)):
        tables = read_store(Path(new_store))
        merged = pd.concat([tables["reviews"], carried], ignore_index=True).drop_duplicates("review_id")
        write_store(apply_reviews(tables, merged), Path(new_store))
    return len(merged)
