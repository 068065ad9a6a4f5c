"""The Explorer's tables: projects, transactions and news events, one row each, with their source.

Codes are shown as "label (code)" so a reader sees both what it means and what the file said. Links are
kept only when they are web addresses (http or https): a ``javascript:`` or ``file:`` value from a file must
never become a clickable link. Search and sort are pure functions over the built tables, so the downloads
hold exactly the rows and columns on screen.
"""

from __future__ import annotations

import pandas as pd

from dashboard.i18n import N_, current_language
from dashboard.model.codelists import label, label_in_language
from dashboard.model.countries import country_name_in_language
from dashboard.model.filters import Filters
from dashboard.model.text import safe_url
from dashboard.model.vocabulary import RECORD_KINDS
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.filtering import apply_filters, event_dates
from dashboard.transform.measures import budget_usd_per_project, project_weights, weighted_usd
from dashboard.transform.rankings import project_money

TABLES: dict[str, str] = {"projects": N_("Projects"), "transactions": N_("Transactions"),
                          "events": N_("News events")}
LINK_COLUMNS = ("Link", "Source link")
def with_code(text: object, code: object) -> str | None:
    """ "Implementation (2)"; the label alone without a code, the code alone without a label."""
    text_s = str(text).strip() if isinstance(text, str) and text.strip() else ""
    code_s = str(code).strip() if isinstance(code, str) and code.strip() else ""
    if text_s and code_s and text_s != code_s:
        return f"{text_s} ({code_s})"
    return text_s or code_s or None


def _coded(labels: pd.Series, codes: pd.Series, codelist_name: str) -> list[str | None]:
    """ "label (code)" per row, the label taken from the codelist when the file gave none; in French, the
    codelist's French name where IATI publishes one (the English label otherwise)."""
    language = current_language()
    out = []
    for lab, code in zip(labels, codes, strict=True):
        code = code if isinstance(code, str) else None
        text = label_in_language(codelist_name, code, language) or (
            lab if isinstance(lab, str) and lab.strip() else label(codelist_name, code))
        out.append(with_code(text, code))
    return out


def _joined(frame: pd.DataFrame, key: str, values: pd.Series) -> pd.Series:
    """``"; "``-joined distinct values per key, in first-seen order."""
    pairs = pd.DataFrame({"key": frame[key], "value": values}).dropna().drop_duplicates()
    if pairs.empty:
        return pd.Series(dtype="string")
    return pairs.groupby("key", sort=False)["value"].agg(lambda v: "; ".join(map(str, v))).astype("string")


def _country_labels(iso3: pd.Series) -> pd.Series:
    names = {c: f"{country_name_in_language(c)} ({c})" for c in iso3.dropna().unique()}
    return iso3.map(names)


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).dt.date


def _typed(table: pd.DataFrame, text: tuple[str, ...]) -> pd.DataFrame:
    """Text columns as the nullable string dtype, whatever an empty join or lookup made them."""
    return table.astype({c: "string" for c in text})


def projects_table(bundle: StoreBundle) -> pd.DataFrame:
    """One row per project, with countries, sectors, themes, donors, USD budget and its source."""
    acts = bundle.activities
    ids = acts["iati_identifier"]
    ac = bundle.activity_countries
    sectors = bundle.activity_sectors
    themes = bundle.activity_themes
    sector_text = _coded(sectors["label"], sectors["code"], "Sector")
    donors = bundle.activity_donors.merge(bundle.donors[["donor_id", "name"]], on="donor_id", how="left")
    return _typed(pd.DataFrame({
        N_("IATI identifier"): ids,
        N_("Title"): acts["title"],
        N_("Status"): _coded(acts["status"], acts["status_code"], "ActivityStatus"),
        N_("Start"): _dates(acts["start"]),
        N_("End"): _dates(acts["end"]),
        N_("Countries"): ids.map(_joined(ac, "iati_identifier", _country_labels(ac["iso3"]))),
        N_("Sectors"): ids.map(_joined(sectors, "iati_identifier", pd.Series(sector_text, index=sectors.index,
                                                                         dtype="string"))),
        N_("Themes"): ids.map(_joined(themes, "iati_identifier", themes["theme"])),
        N_("Donors"): ids.map(_joined(donors, "iati_identifier", donors["name"].fillna(donors["donor_id"]))),
        N_("Budget (USD)"): ids.map(budget_usd_per_project(bundle.budgets)).astype("Float64"),
        # The part inside a country or theme filter (transform.splits): these rows add up to the Budget card.
        N_("Budget in this view (USD)"): (ids.map(budget_usd_per_project(bundle.budgets)).astype("Float64")
                                      * ids.map(project_weights(bundle)).astype("Float64").fillna(1.0)),
        N_("Record"): acts["record_kind"].map(RECORD_KINDS),
        N_("Synthetic"): acts["synthetic"].fillna(False).astype(bool),
        N_("Link"): acts["url"].map(safe_url),
        N_("Source file"): acts["source_file"],
    }), ("IATI identifier", "Title", "Status", "Countries", "Sectors", "Themes", "Donors", "Record", "Link",
         "Source file"))


def transactions_table(bundle: StoreBundle) -> pd.DataFrame:
    """One row per transaction: type as "label (code)", own currency and USD, provider and receiver."""
    tx = bundle.transactions
    acts = bundle.activities.drop_duplicates("iati_identifier").set_index("iati_identifier")
    return _typed(pd.DataFrame({
        N_("IATI identifier"): tx["iati_identifier"],
        N_("Project"): tx["iati_identifier"].map(acts["title"]),
        N_("Type"): _coded(tx["transaction_type_label"], tx["transaction_type"], "TransactionType"),
        N_("Date"): _dates(tx["date"]),
        N_("Value"): tx["value"],
        N_("Currency"): tx["currency"],
        N_("Value (USD)"): tx["value_usd"],
        N_("Value in this view (USD)"): weighted_usd(tx, project_weights(bundle)),
        N_("USD rate of"): _dates(tx["usd_rate_date"]),
        N_("Converted to USD"): tx["usd_converted"],
        N_("Provider"): [with_code(n, r)
                         for n, r in zip(tx["provider_name"], tx["provider_ref"], strict=True)],
        N_("Receiver"): [with_code(n, r)
                         for n, r in zip(tx["receiver_name"], tx["receiver_ref"], strict=True)],
        N_("Source file"): tx["iati_identifier"].map(acts["source_file"]),
    }), ("IATI identifier", "Project", "Type", "Currency", "Provider", "Receiver", "Source file"))


def events_table(bundle: StoreBundle) -> pd.DataFrame:
    """One row per news event, with its countries, donors, themes, linked projects and source link."""
    ev = bundle.events
    ids = ev["event_id"]
    ec = bundle.event_countries
    hosts = ec[ec["role"] == "host"]
    guests = ec[ec["role"] == "participant"]
    donors = bundle.event_donors
    urls = ev["urls"].fillna("").astype(str).str.split()
    first_url = urls.map(lambda u: next((s for s in map(safe_url, u) if s), None))
    more = urls.map(lambda u: len([s for s in map(safe_url, u) if s]))
    return _typed(pd.DataFrame({
        N_("Event"): ids,
        N_("Title"): ev["title"],
        N_("Type"): ev["type"],
        N_("Date"): _dates(event_dates(ev)),
        N_("Published"): _dates(ev["published_date"]),
        N_("City"): ev["city"],
        N_("Held in"): ids.map(_joined(hosts, "event_id", _country_labels(hosts["iso3"]))),
        N_("Participants from"): ids.map(_joined(guests, "event_id", _country_labels(guests["iso3"]))),
        N_("Participants"): ev["participants"],
        N_("Women"): ev["participants_female"],
        N_("Donors"): ids.map(_joined(donors, "event_id", donors["name"])),
        N_("Themes"): ids.map(_joined(bundle.event_themes, "event_id", bundle.event_themes["theme"])),
        N_("Linked projects"): ids.map(_joined(bundle.event_projects, "event_id",
                                           bundle.event_projects["iati_identifier"])),
        N_("Synthetic"): ev["synthetic"].fillna(False).astype(bool),
        N_("Source link"): first_url,
        N_("Web sources"): more.astype("int64"),
        N_("Source file"): ev["source_file"],
    }), ("Event", "Title", "Type", "City", "Held in", "Participants from", "Donors", "Themes",
         "Linked projects", "Source link", "Source file"))


def search(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose text, in any column, contains every word of ``query`` (case-insensitive)."""
    words = [w.casefold() for w in query.split()]
    if not words or table.empty:
        return table
    text = table.astype("string").fillna("")
    haystack = text.iloc[:, 0].str.cat(text.iloc[:, 1:], sep=" ").str.casefold()
    mask = pd.Series(True, index=table.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return table[mask]


def sort_table(table: pd.DataFrame, column: str | None, descending: bool = False) -> pd.DataFrame:
    """``table`` sorted by ``column`` (missing values last, ties in their original order)."""
    if not column or column not in table.columns:
        return table
    return table.sort_values(column, ascending=not descending, na_position="last", kind="stable")


# The money columns the projects table gains for the current filters (see :func:`projects_with_money`).
MONEY_COLUMNS: dict[str, str] = {"funds_received_usd": N_("Funds received (USD)"),
                                 "commitments_usd": N_("Commitments (USD)")}


def projects_with_money(bundle: StoreBundle, countries: tuple[str, ...] = (),
                        regions: tuple[str, ...] = ()) -> pd.DataFrame:
    """:func:`projects_table` plus each project's funds received and commitments under the filters.

    ``bundle`` is filtered by everything but geography; the chosen ``countries`` / ``regions`` narrow the
    rows here and set each project's share of its money (``rankings.project_money``), so the column of a
    download adds up to the figure a country's bar or the Map shows. With a donor chosen, only the money
    that donor provided is counted (the filter already narrows incoming funds to it).
    """
    narrowed = apply_filters(bundle, Filters(countries=countries, regions=regions))
    table = projects_table(narrowed)
    money = project_money(bundle, countries, regions).set_index("iati_identifier")
    for column, title in MONEY_COLUMNS.items():
        table[title] = table["IATI identifier"].map(money[column]).astype("Float64")
    return table


def rows_with_money(table: pd.DataFrame, column: str | None) -> pd.DataFrame:
    """Rows whose ``column`` is above zero (all rows when ``column`` is not one of the table's)."""
    if not column or column not in table.columns:
        return table
    return table[pd.to_numeric(table[column], errors="coerce").fillna(0) > 0]
