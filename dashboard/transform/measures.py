"""Measures shared by every page, defined once: money in USD, trainings, people trained.

- Funds: commitments are Incoming Commitment transactions (IATI type 11), funds received are Incoming Funds
  (type 1), in USD. An amount whose currency has no rate for its year has no USD value: it is left out of
  USD totals and counted separately, so a page can say how many amounts were not converted.
- Trainings are news events of type training or workshop that report an activity; each event is counted
  once (events are already de-duplicated across re-posts), and so are its participants.
- The share of women is computed only over trainings that state both the number of participants and the
  number of women among them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.model.filters import TRAINING_TYPES
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import event_dates

COMMITMENT = "11"
RECEIPT = "1"


@dataclass(frozen=True)
class UsdTotal:
    """A USD sum and how many amounts could not be converted (no rate), with their currencies."""

    value_usd: float
    unconverted: int
    unconverted_currencies: tuple[str, ...] = ()


def usd_total(frame: pd.DataFrame) -> UsdTotal:
    """Sum of ``value_usd``; amounts with a value but no USD value are counted, never guessed."""
    if frame.empty:
        return UsdTotal(0.0, 0)
    missing = frame["value"].notna() & frame["value_usd"].isna()
    currencies = tuple(sorted(str(c) for c in frame.loc[missing, "currency"].dropna().unique()))
    return UsdTotal(float(frame["value_usd"].sum(skipna=True)), int(missing.sum()), currencies)


def transactions_of_type(bundle: StoreBundle, transaction_type: str) -> pd.DataFrame:
    tx = bundle.transactions
    return tx[tx["transaction_type"] == transaction_type]


def training_events(bundle: StoreBundle) -> pd.DataFrame:
    """Events that are trainings or workshops (one row each), with their date as ``date``."""
    ev = bundle.events
    is_training = ev["type"].isin(TRAINING_TYPES).fillna(False).astype(bool)
    is_activity = ev["is_activity"].fillna(True).astype(bool)
    out = ev[is_training & is_activity].drop_duplicates("event_id").copy()
    out["date"] = event_dates(out)
    return out


@dataclass(frozen=True)
class PeopleTrained:
    trainings: int
    people: int
    trainings_with_count: int
    women: int
    people_with_gender: int

    @property
    def women_share(self) -> float | None:
        """Women among participants of the trainings stating both counts; None when none does."""
        return self.women / self.people_with_gender if self.people_with_gender else None


def people_trained(trainings: pd.DataFrame) -> PeopleTrained:
    """Counts over a frame of training events (from :func:`training_events`)."""
    people = trainings["participants"]
    both = people.notna() & trainings["participants_female"].notna() & (people > 0)
    both = both.fillna(False).astype(bool)
    return PeopleTrained(
        trainings=len(trainings),
        people=int(people.sum(skipna=True)),
        trainings_with_count=int(people.notna().sum()),
        women=int(trainings.loc[both, "participants_female"].sum()),
        people_with_gender=int(people[both].sum()),
    )


def synthetic_count(*frames: pd.DataFrame) -> int:
    """Rows flagged as synthetic demo data among ``frames``."""
    return sum(int(f["synthetic"].fillna(False).astype(bool).sum()) for f in frames if "synthetic" in f)


def project_years(activities: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """(iati_identifier, year) for every year a project runs: start to end, open ends to ``last_year``."""
    acts = activities.dropna(subset=["start"])
    first = acts["start"].dt.year.astype(int).to_numpy()
    final = acts["end"].dt.year.fillna(last_year).astype(int).clip(upper=last_year).to_numpy()
    ids = acts["iati_identifier"].to_numpy()
    rows = [(ident, year) for ident, a, b in zip(ids, first, final, strict=True) for year in range(a, b + 1)]
    return pd.DataFrame(rows, columns=["iati_identifier", "year"]).astype({"year": "int64"})
