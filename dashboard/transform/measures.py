"""The measures registry: every number the dashboard shows, named once, defined once, computed once.

Each :class:`Measure` has its name in code (the column name in tables and downloads), its label on screen,
a one-sentence definition, and the function that computes it from a (filtered) store bundle. Pages, the
Explorer, downloads and the brief all call these functions; nobody recomputes a measure on the side.

Shared rules:
- Money is in USD where a dated rate converted it; an amount with no USD value is counted apart (see
  :func:`usd_total`), never guessed. Multi-country and multi-theme projects are split by
  ``transform.splits.SPLIT_RULE``: under a country or theme filter a project adds only the chosen parts.
- Unknown is not zero: a measure with no record to rest on is ``None`` and is shown as "not stated".
- Trainings are news events of type training or workshop that report an activity; each event is counted
  once (re-posts are merged into one event), and so are its participants. An event counts for the country
  where it takes place (``event_countries`` role host); participants' countries are "participants from".
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import N_, _, current_language, format_compact_currency, format_decimal
from dashboard.model.filters import TRAINING_TYPES
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import event_dates
from dashboard.transform.splits import SPLIT_RULE, with_shares

COMMITMENT = "11"
RECEIPT = "1"
SPENDING = ("3", "4")  # disbursement, expenditure
NOT_STATED = N_("not stated")
# Audiences (issue 11's event_audience vocabulary) whose trainees count as officials trained.
OFFICIAL_AUDIENCES = ("government officials", "border and law enforcement", "justice sector")
_REVISED_BUDGET = "2"  # IATI BudgetType: 1 original, 2 revised


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


def transactions_of_type(bundle: StoreBundle, *transaction_types: str) -> pd.DataFrame:
    """The bundle's transactions of the given IATI types."""
    tx = bundle.transactions
    return tx[tx["transaction_type"].isin(transaction_types).fillna(False).astype(bool)]


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


# --- The registry -------------------------------------------------------------------------------------


def project_weights(bundle: StoreBundle, column: str = "split_weight") -> pd.Series:
    """Per project (indexed by ``iati_identifier``): the part of its money inside the view, 0..1.

    1 for every project of an unfiltered view; under a country or theme filter, the sum of the chosen
    countries' (themes') shares (``transform.filtering`` sets ``split_weight`` and its two factors
    ``split_country`` and ``split_theme``).
    """
    acts = bundle.activities.drop_duplicates("iati_identifier")
    weight = acts[column] if column in acts else pd.Series(1.0, index=acts.index)
    return pd.Series(weight.to_numpy(dtype="float64"), index=acts["iati_identifier"].to_numpy())


def country_rows(bundle: StoreBundle) -> pd.DataFrame:
    """``activity_countries`` with each row's ``share`` (kept from the whole store when already there)."""
    return with_shares(bundle.activity_countries, bundle.activity_themes)[0]


def theme_rows(bundle: StoreBundle) -> pd.DataFrame:
    """``activity_themes`` with each row's ``share`` (kept from the whole store when already there)."""
    return with_shares(bundle.activity_countries, bundle.activity_themes)[1]


def weighted_usd(frame: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Each row's ``value_usd`` times its project's weight (missing where no USD value)."""
    w = frame["iati_identifier"].map(weights).astype("float64").fillna(1.0)
    return frame["value_usd"].astype("float64") * w.to_numpy()


def _usd_measure(frame: pd.DataFrame, bundle: StoreBundle) -> float | None:
    """The split-weighted USD sum of ``frame``; None when no amount has a USD value (not stated)."""
    if frame.empty or not frame["value_usd"].notna().any():
        return None
    return float(weighted_usd(frame, project_weights(bundle)).sum(skipna=True))


def budget_lines(budgets: pd.DataFrame) -> pd.DataFrame:
    """The budget lines that count: a project's revised lines replace its original ones (no double count)."""
    if budgets.empty:
        return budgets
    revised = budgets["budget_type"].eq(_REVISED_BUDGET).fillna(False).astype(bool)
    has_revised = revised.groupby(budgets["iati_identifier"]).transform("any").astype(bool)
    return budgets[revised | ~has_revised]


def budget_usd_per_project(budgets: pd.DataFrame) -> pd.Series:
    """Whole USD budget per project (counted lines only, see :func:`budget_lines`)."""
    b = budget_lines(budgets).dropna(subset=["value_usd"])
    if b.empty:
        return pd.Series(dtype="float64", name="budget_usd",
                         index=pd.Index([], dtype="string", name="iati_identifier"))
    return b.groupby("iati_identifier")["value_usd"].sum().astype("float64").rename("budget_usd")


def projects(bundle: StoreBundle) -> int:
    return int(bundle.activities["iati_identifier"].nunique())


def budget_usd(bundle: StoreBundle) -> float | None:
    return _usd_measure(budget_lines(bundle.budgets), bundle)


def commitments_usd(bundle: StoreBundle) -> float | None:
    return _usd_measure(transactions_of_type(bundle, COMMITMENT), bundle)


def funds_received_usd(bundle: StoreBundle) -> float | None:
    return _usd_measure(transactions_of_type(bundle, RECEIPT), bundle)


def spent_usd(bundle: StoreBundle) -> float | None:
    return _usd_measure(transactions_of_type(bundle, *SPENDING), bundle)


def host_countries(event_countries: pd.DataFrame) -> pd.DataFrame:
    """``event_id, iso3`` of the countries where events take place (role host)."""
    ec = event_countries[event_countries["role"].eq("host").fillna(False).astype(bool)]
    return ec[["event_id", "iso3"]].dropna().drop_duplicates()


def countries_reached_codes(bundle: StoreBundle) -> pd.Index:
    """ISO3 codes: recipient countries of the projects and host countries of the trainings."""
    hosted = host_countries(bundle.event_countries)
    trainings = training_events(bundle)["event_id"]
    held = hosted.loc[hosted["event_id"].isin(trainings), "iso3"]
    codes = pd.concat([bundle.activity_countries["iso3"], held])
    return pd.Index(sorted(codes.dropna().astype(str).unique()))


def countries_reached(bundle: StoreBundle) -> int:
    return len(countries_reached_codes(bundle))


def trainings(bundle: StoreBundle) -> int:
    return len(training_events(bundle))


def _stated_sum(values: pd.Series) -> int | None:
    return int(values.sum()) if values.notna().any() else None


def people_trained_count(bundle: StoreBundle) -> int | None:
    return _stated_sum(training_events(bundle)["participants"])


def women_trained(bundle: StoreBundle) -> int | None:
    return _stated_sum(training_events(bundle)["participants_female"])


def event_audience(bundle: StoreBundle) -> pd.DataFrame:
    """The ``event_audience`` table (event_id, audience); empty when the store does not have it yet."""
    table = getattr(bundle, "event_audience", None)
    if table is None:
        return pd.DataFrame({"event_id": pd.Series(dtype="string"), "audience": pd.Series(dtype="string")})
    return table


def official_training_ids(bundle: StoreBundle) -> pd.Index:
    """Trainings whose stated audience includes officials (:data:`OFFICIAL_AUDIENCES`)."""
    aud = event_audience(bundle)
    ids = aud.loc[aud["audience"].isin(OFFICIAL_AUDIENCES).fillna(False).astype(bool), "event_id"]
    return pd.Index(ids.dropna().unique())


def officials_trained(bundle: StoreBundle) -> int | None:
    """People trained at trainings for officials; None when no training of the view states its audience."""
    tr = training_events(bundle)
    known = tr["event_id"].isin(event_audience(bundle)["event_id"])
    if not known.any():
        return None
    officials = tr[tr["event_id"].isin(official_training_ids(bundle))]
    return int(officials["participants"].sum()) if not officials.empty else 0


@dataclass(frozen=True)
class Measure:
    """One measure: ``name`` in code and downloads, ``label`` on screen, ``definition`` in one sentence."""

    name: str
    label: str
    definition: str
    compute: Callable[[StoreBundle], float | int | None]
    money: bool = False


MEASURES: dict[str, Measure] = {m.name: m for m in (
    Measure("projects", N_("Projects"),
            N_("Projects (IATI activities and project-list rows) in the view, each counted once."),
            projects),
    Measure("budget_usd", N_("Budget (USD)"),
            N_("Budget lines in USD (a revised budget replaces the original), split by the stated rule under "
               "a country or theme filter."),
            budget_usd, money=True),
    Measure("commitments_usd", N_("Commitments (USD)"),
            N_("Incoming commitments (IATI transaction type 11) in USD, split by the stated rule under a "
               "country or theme filter."),
            commitments_usd, money=True),
    Measure("funds_received_usd", N_("Funds received (USD)"),
            N_("Incoming funds (IATI transaction type 1) in USD, split by the stated rule under a country or "
               "theme filter."),
            funds_received_usd, money=True),
    Measure("spent_usd", N_("Spent (USD)"),
            N_("Disbursements and expenditure (IATI transaction types 3 and 4) of the projects in the view, "
               "whoever funded them, in USD."),
            spent_usd, money=True),
    Measure("countries_reached", N_("Countries reached"),
            N_("Distinct recipient countries of the projects and countries where the trainings took place "
               "(not the countries participants came from)."),
            countries_reached),
    Measure("trainings", N_("Trainings"),
            N_("Trainings and workshops reported in the news, each counted once however many releases tell "
               "it."),
            trainings),
    Measure("people_trained", N_("People trained"),
            N_("Participants stated for those trainings, each training counted once; not stated when no "
               "training gives a number."),
            people_trained_count),
    Measure("officials_trained", N_("Officials trained"),
            N_("People trained at trainings whose stated audience includes government officials, border and "
               "law enforcement or the justice sector; not stated when no training states its audience."),
            officials_trained),
    Measure("women_trained", N_("Women trained"),
            N_("Women among the participants, over the trainings whose release states the number of women; "
               "not stated when none does."),
            women_trained),
)}
SPLITS = SPLIT_RULE


def measure(name: str) -> Measure:
    """The registered measure called ``name`` (KeyError for an unknown name: there are no ad-hoc ones)."""
    return MEASURES[name]


def compute(name: str, bundle: StoreBundle) -> float | int | None:
    """The value of measure ``name`` over ``bundle``."""
    return MEASURES[name].compute(bundle)


def compute_all(bundle: StoreBundle) -> dict[str, float | int | None]:
    """Every registered measure over ``bundle``."""
    return {name: m.compute(bundle) for name, m in MEASURES.items()}


def format_usd(value: float | None) -> str:
    """$1.2B / $3.4M / $56.7K / $890, or "not stated" when unknown (or not finite: never "$infB")."""
    if value is None or pd.isna(value) or not math.isfinite(value):
        return _(NOT_STATED)
    if current_language() != "en":  # French and Spanish short forms from CLDR ("1,2 M $US", "1,2 M US$")
        return format_compact_currency(value, "USD")
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"${value / limit:,.1f}{suffix}"
    return f"${value:,.0f}"


def format_measure(name: str, value: float | int | None) -> str:
    """A measure's value as shown everywhere: short USD, counts with separators, None as "not stated"."""
    if value is None or pd.isna(value):
        return _(NOT_STATED)
    is_money = MEASURES[name].money if name in MEASURES else name.endswith("_usd")
    if is_money:
        return format_usd(float(value))
    return format_decimal(int(value))
