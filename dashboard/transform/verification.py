"""Which facts a person has verified, and figures limited to them.

A fact (one field of one news event) is *verified* when the review in force for it (the latest) confirms or
corrects it. Confirming a whole event on the review desk records a confirmation of each of its facts, so this
rule needs no special case. Project records (IATI, project lists) are published by IOM, not extracted: they
are never "unverified", and the verified-only view keeps them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

import pandas as pd

from dashboard.i18n import _, format_decimal
from dashboard.model.review_fields import LIST_FIELDS, SCALAR_FIELDS, latest_reviews
from dashboard.transform.bundle import EVENT_CHILDREN, StoreBundle

VERIFYING_ACTIONS = ("confirm", "correct")
# The facts behind "people trained": the head count, and that the event is a training at all.
PEOPLE_TRAINED_FACTS = ("participants", "activity_type")


def verified_facts(reviews: pd.DataFrame) -> pd.DataFrame:
    """(event_id, field) of every verified fact."""
    in_force = latest_reviews(reviews)
    if in_force.empty:
        return pd.DataFrame({"event_id": pd.Series(dtype="string"), "field": pd.Series(dtype="string")})
    kept = in_force[in_force["action"].isin(VERIFYING_ACTIONS)]
    return kept[["event_id", "field"]].reset_index(drop=True)


def verified_mask(event_ids: pd.Series, reviews: pd.DataFrame, facts: Sequence[str]) -> pd.Series:
    """True for each event id whose every fact in ``facts`` is verified."""
    verified = verified_facts(reviews)
    mask = pd.Series(True, index=event_ids.index)
    for fact in facts:
        ids = set(verified.loc[verified["field"] == fact, "event_id"])
        mask &= event_ids.isin(ids).fillna(False).astype(bool)
    return mask


@dataclass(frozen=True)
class VerifiedShare:
    """A total and the part of it resting on verified facts."""

    total: float
    verified: float

    @property
    def share(self) -> float | None:
        """verified / total; None when the total is zero (nothing to verify)."""
        if self.total is None or pd.isna(self.total) or not self.total:
            return None
        return self.verified / self.total

    def caption(self, label: str) -> str:
        """ "People trained 16,920 — 62 % verified" (fixed wording around numbers)."""
        if self.total is None or pd.isna(self.total):
            return _("{label}: not stated — nothing to verify").format(label=label)
        if self.share is None:
            return _("{label} {total} — nothing to verify").format(label=label,
                                                                    total=format_decimal(round(self.total)))
        return _("{label} {total} — {percent} % verified").format(
            label=label, total=format_decimal(round(self.total)), percent=round(self.share * 100))


def verified_share(events: pd.DataFrame, reviews: pd.DataFrame,
                   facts: Sequence[str] = PEOPLE_TRAINED_FACTS, weight: str | None = "participants"
                   ) -> VerifiedShare:
    """How much of a figure over ``events`` rests on verified facts.

    ``weight``: the column summed (e.g. participants, for people trained); None counts events. An event
    counts as verified when every fact in ``facts`` is. Missing weights count as zero on both sides.
    """
    if events.empty:
        return VerifiedShare(0.0, 0.0)
    mask = verified_mask(events["event_id"], reviews, facts)
    values = (pd.Series(1.0, index=events.index) if weight is None
              else events[weight].astype("Float64").fillna(0))
    return VerifiedShare(float(values.sum()), float(values[mask].sum()))


def limit_to_verified(bundle: StoreBundle) -> StoreBundle:
    """The bundle with news events reduced to verified facts.

    Events without any verified fact are left out; in the others an unverified value becomes unknown and
    an unverified list (countries, donors, themes, audience) loses its rows. Project tables are unchanged.
    """
    verified = verified_facts(bundle.reviews)
    events = bundle.events
    kept_ids = set(verified["event_id"])
    events = events[events["event_id"].isin(kept_ids).fillna(False).astype(bool)].copy()
    for fact, spec in SCALAR_FIELDS.items():
        ok = events["event_id"].isin(set(verified.loc[verified["field"] == fact, "event_id"]))
        events.loc[~ok.fillna(False).astype(bool), spec.column] = None
    out: dict[str, pd.DataFrame] = {"events": events.reset_index(drop=True)}
    tables = {f.name for f in fields(bundle)}
    for name in {*EVENT_CHILDREN, *(s.table for s in LIST_FIELDS.values())} & tables:
        frame = getattr(bundle, name)
        keep = frame["event_id"].isin(kept_ids).fillna(False).astype(bool)
        for fact, spec in LIST_FIELDS.items():
            if spec.table != name:
                continue
            rows = pd.Series(True, index=frame.index) if spec.role is None else frame["role"] == spec.role
            ok = frame["event_id"].isin(set(verified.loc[verified["field"] == fact, "event_id"]))
            keep &= ~(rows.fillna(False).astype(bool) & ~ok.fillna(False).astype(bool))
        out[name] = frame[keep].reset_index(drop=True)
    return replace(bundle, **out)
