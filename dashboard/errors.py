"""Typed errors and the quarantine record: every problem names its file, record and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One rejected or doubtful record, as it goes to the ``quarantine`` table.

    severity: "rejected" (the record is not loaded), "flagged" (loaded, but something is off, e.g.
    percentages that do not add up to 100), or "file" (the whole file could not be read).
    """

    file: str
    record: str | None
    field: str | None
    reason: str
    raw: str | None = None
    severity: str = "rejected"

    def as_row(self) -> dict[str, str | None]:
        row = asdict(self)
        if row["raw"] is not None:
            row["raw"] = row["raw"][:2000]
        return row

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.file, self.record and f"record {self.record}",
                                      self.field and f"field {self.field}") if p)
        return f"{where}: {self.reason}"


class DashboardError(Exception):
    """Base of the project's own errors: the only exceptions loaders let escape."""


class FileUnreadable(DashboardError):
    """A whole file could not be read (wrong type, not XML, too large, undecodable...)."""

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class StoreLocked(DashboardError):
    """Another ingest holds the store's lock."""


class StoreDamaged(DashboardError):
    """The store cannot be read (a damaged table or manifest, a folder that cannot be opened)."""


class StoreUnwritable(DashboardError):
    """The store cannot be written where it was asked to be (read-only folder, a file in the way...)."""


class NoSuchPath(DashboardError):
    """A path given to ingest does not exist (nothing is read, nothing is written)."""
