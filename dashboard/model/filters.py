"""The dashboard's filters: one immutable value, built from the sidebar and applied by one pure function.

Each field is empty when the user has not narrowed it. Values are codes, never display labels: countries as
ISO3, donors as ``donor_id``, project statuses as their label in the store's ``activities.status`` column,
activity types as the event ``type`` (training, workshop, ...), audiences as the ``event_audience``
vocabulary (government officials, ...). Tuples keep the value hashable, so it can be
part of a cache key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace

# Event types that count as a training on the Trainings page and in "people trained".
TRAINING_TYPES = ("training", "workshop")


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. An empty field means "everything"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    regions: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    donors: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    activity_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    # Only facts a reviewer confirmed or corrected (news events); project records are published, not
    # extracted, and stay.
    verified_only: bool = False
    # Who an event was for (``event_audience.audience``); narrows news events only, like activity types.
    audiences: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Sorted, de-duplicated tuples: the same choice in another order is the same cache key.
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in (bool, "bool"):
                object.__setattr__(self, f.name, bool(value))
                continue
            if isinstance(value, str) and f.name not in ("date_from", "date_to"):
                value = (value,)  # one code given bare ("KEN") means that one code, not its letters
            if isinstance(value, list | tuple | set | frozenset):
                object.__setattr__(self, f.name, tuple(sorted({str(v) for v in value})))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            start, end = self.date_to, self.date_from
            object.__setattr__(self, "date_from", start)
            object.__setattr__(self, "date_to", end)

    @property
    def has_period(self) -> bool:
        """True when both ends of the date range are set (a period with a length)."""
        return self.date_from is not None and self.date_to is not None

    def is_empty(self) -> bool:
        """True when nothing is narrowed."""
        return all(not getattr(self, f.name) for f in fields(self))

    def with_period(self, date_from: dt.date | None, date_to: dt.date | None) -> Filters:
        """The same filters over another date range."""
        return replace(self, date_from=date_from, date_to=date_to)

    def previous_period(self) -> Filters | None:
        """The same filters over the period of the same length that ends the day before this one starts."""
        if not self.has_period:
            return None
        assert self.date_from is not None and self.date_to is not None
        length = self.date_to - self.date_from
        prev_to = self.date_from - dt.timedelta(days=1)
        return self.with_period(prev_to - length, prev_to)


def parse_iso_date(text: object) -> dt.date | None:
    """A date typed as YYYY-MM-DD (a ``date`` passes through); None for empty or anything else."""
    if isinstance(text, dt.date):
        return text
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
