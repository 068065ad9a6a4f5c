"""A small, clearly fake store built from code: six projects and six news events in seven countries.

Amounts are in USD, EUR, JPY and one currency without a rate (ZWL), converted with the app's own
``to_usd``. Titles start with "TEST" so the data can never pass for real figures.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard.model.donors import DonorRegistry
from dashboard.model.money import to_usd
from dashboard.store import write_store

SOURCE = "tests/store_factory.py"

# id, title, status, start, end, synthetic, countries {iso3: pct}, themes, donor ids
PROJECTS = [
    ("XM-TEST-A1", "TEST border posts Kenya", "Implementation", "2022-01-01", "2023-12-31", False,
     {"KEN": 100.0}, ["border management"], ["eu", "jpn"]),
    ("XM-TEST-A2", "TEST trafficking East Africa", "Implementation", "2023-03-01", "2025-06-30", False,
     {"UGA": 60.0, "KEN": 40.0}, ["counter-trafficking", "gender"], ["usa"]),
    ("XM-TEST-A3", "TEST smuggling Mekong", "Completion", "2020-01-01", "2021-12-31", False,
     {"THA": 50.0, "MYS": 50.0}, ["migrant smuggling"], ["jpn"]),
    ("XM-TEST-A4", "TEST labour Zimbabwe", "Implementation", "2024-01-01", None, True,
     {"ZWE": 100.0}, ["labour migration"], ["eu"]),
    ("XM-TEST-A5", "TEST returns Guatemala", "Implementation", "2023-06-01", "2024-05-31", False,
     {"GTM": 100.0}, ["return and reintegration"], ["gbr"]),
    ("XM-TEST-A6", "TEST pipeline Kenya", "Pipeline/identification", None, None, False,
     {"KEN": 100.0}, ["migration health"], []),
]

# project, type, date, value, currency, provider donor id
TRANSACTIONS = [
    ("XM-TEST-A1", "11", "2022-01-15", 2_000_000.0, "EUR", "eu"),
    ("XM-TEST-A1", "1", "2022-03-01", 1_000_000.0, "EUR", "eu"),
    ("XM-TEST-A1", "1", "2023-03-01", 50_000_000.0, "JPY", "jpn"),
    ("XM-TEST-A1", "4", "2022-06-30", 400_000.0, "USD", None),
    ("XM-TEST-A2", "11", "2023-03-10", 3_000_000.0, "USD", "usa"),
    ("XM-TEST-A2", "1", "2023-04-01", 1_500_000.0, "USD", "usa"),
    ("XM-TEST-A2", "1", "2024-04-01", 1_000_000.0, "USD", "usa"),
    ("XM-TEST-A3", "11", "2020-01-20", 100_000_000.0, "JPY", "jpn"),
    ("XM-TEST-A3", "1", "2020-02-01", 100_000_000.0, "JPY", "jpn"),
    ("XM-TEST-A4", "11", "2024-01-10", 500_000.0, "EUR", "eu"),
    ("XM-TEST-A4", "1", "2024-02-01", 9_000_000.0, "ZWL", "eu"),
    ("XM-TEST-A5", "11", "2023-06-05", 800_000.0, "USD", "gbr"),
    ("XM-TEST-A5", "1", "2023-07-01", 400_000.0, "USD", "gbr"),
]

# project, period start, period end, value, currency
BUDGETS = [
    ("XM-TEST-A1", "2022-01-01", "2022-12-31", 1_200_000.0, "EUR"),
    ("XM-TEST-A1", "2023-01-01", "2023-12-31", 900_000.0, "EUR"),
    ("XM-TEST-A2", "2023-03-01", "2024-02-29", 1_500_000.0, "USD"),
    ("XM-TEST-A2", "2024-03-01", "2025-06-30", 1_500_000.0, "USD"),
    ("XM-TEST-A3", "2020-01-01", "2021-12-31", 90_000_000.0, "JPY"),
    ("XM-TEST-A4", "2024-01-01", "2024-12-31", 450_000.0, "EUR"),
    ("XM-TEST-A5", "2023-06-01", "2024-05-31", 800_000.0, "USD"),
]

# id, title, type, start, published, city, lat, lon, participants, female, synthetic,
# countries [(iso3, role)], donors, themes, url, linked project
EVENTS = [
    ("ev-1", "TEST border officers trained in Nairobi", "training", "2023-05-10", "2023-05-12", "Nairobi",
     -1.29, 36.82, 30, 12, False, [("KEN", "host")], ["eu"], ["border management"],
     "https://example.org/test/ev-1", "XM-TEST-A1"),
    ("ev-2", "TEST workshop on trafficking in Kampala", "workshop", "2024-02-20", "2024-02-22", "Kampala",
     0.35, 32.58, 20, None, False, [("UGA", "host")], ["usa"], ["counter-trafficking"],
     "https://example.org/test/ev-2", None),
    ("ev-3", "TEST joint training Thai and Malaysian officers", "training", "2021-06-01", "2021-06-05",
     "Bangkok", 13.75, 100.5, 26, 10, False, [("THA", "host"), ("MYS", "participant")], ["jpn"],
     ["migrant smuggling"], "https://example.org/test/ev-3", "XM-TEST-A3"),
    ("ev-4", "TEST conference on labour mobility", "conference", "2024-08-01", "2024-08-02", "Harare",
     -17.83, 31.05, 100, None, False, [("ZWE", "host")], [], ["labour migration"],
     "https://example.org/test/ev-4", None),
    ("ev-5", "TEST health staff training (synthetic)", "training", None, "2024-03-15", "Mombasa",
     -4.04, 39.67, None, None, True, [("KEN", "host")], [], ["gender"], "https://example.org/test/ev-5",
     None),
    ("ev-6", "=TEST women border guards Guatemala", "training", "2023-11-05", "2023-11-07", "Guatemala City",
     14.63, -90.51, 15, 15, False, [("GTM", "host")], ["gbr"], ["border management", "gender"],
     "https://example.org/test/ev-6", None),
]


def _date(text: str | None) -> pd.Timestamp | None:
    return pd.Timestamp(text) if text else None


def _money_rows(rows: list[dict], value_date_key: str) -> list[dict]:
    for row in rows:
        usd = to_usd(row["value"], row["currency"], row[value_date_key].date())
        row.update(value_usd=usd.value_usd, usd_rate_date=usd.rate_date, usd_converted=usd.converted)
    return rows


def build_test_tables() -> dict[str, pd.DataFrame]:
    """Every table of the test store as plain DataFrames (``write_store`` conforms them)."""
    registry = DonorRegistry.from_reference()
    activities, countries, themes, activity_donors, orgs = [], [], [], [], []
    for ident, title, status, start, end, synthetic, shares, theme_list, donor_ids in PROJECTS:
        activities.append({
            "iati_identifier": ident, "title": title, "status": status, "start": _date(start),
            "end": _date(end), "start_planned": _date(start), "end_planned": _date(end),
            "record_kind": "iati", "synthetic": synthetic, "source_file": SOURCE, "default_currency": "USD",
            "reporting_org_ref": "XM-DAC-47066",
        })
        countries += [{"iati_identifier": ident, "iso3": c, "percentage": p} for c, p in shares.items()]
        themes += [{"iati_identifier": ident, "theme": t, "derived_from": "test"} for t in theme_list]
        for donor_id in donor_ids:
            activity_donors.append({"iati_identifier": ident, "donor_id": donor_id, "evidence": "role 1"})
            donor = registry.donors[donor_id]
            orgs.append({"iati_identifier": ident, "role_code": "1", "role": "Funding", "ref": donor.ref,
                         "name": donor.name, "donor_id": donor_id})
    transactions = _money_rows([
        {"iati_identifier": ident, "transaction_type": ttype, "date": pd.Timestamp(date), "value": value,
         "currency": currency, "provider_donor_id": donor_id,
         "provider_name": registry.donors[donor_id].name if donor_id else None,
         "transaction_type_label": {"1": "Incoming Funds", "11": "Incoming Commitment",
                                    "4": "Expenditure"}[ttype]}
        for ident, ttype, date, value, currency, donor_id in TRANSACTIONS], "date")
    budgets = _money_rows([
        {"iati_identifier": ident, "period_start": pd.Timestamp(s), "period_end": pd.Timestamp(e),
         "value": value, "currency": currency, "budget_type": "1", "budget_status": "2"}
        for ident, s, e, value, currency in BUDGETS], "period_start")
    events, event_countries, event_donors, event_themes, sources, links = [], [], [], [], [], []
    for (event_id, title, kind, start, published, city, lat, lon, people, women, synthetic, where, donor_ids,
         theme_list, url, project) in EVENTS:
        events.append({
            "event_id": event_id, "title": title, "urls": url, "is_activity": True, "type": kind,
            "start_date": _date(start), "published_date": _date(published), "city": city, "lat": lat,
            "lon": lon, "participants": people, "participants_female": women, "synthetic": synthetic,
            "source_file": SOURCE,
        })
        event_countries += [{"event_id": event_id, "iso3": c, "role": r} for c, r in where]
        event_donors += [{"event_id": event_id, "donor_id": d, "name": registry.donors[d].name}
                         for d in donor_ids]
        event_themes += [{"event_id": event_id, "theme": t} for t in theme_list]
        sources.append({"event_id": event_id, "url": url, "title": title, "published_date": _date(published),
                        "source_file": SOURCE})
        if project:
            links.append({"event_id": event_id, "iati_identifier": project, "confidence": 0.9,
                          "evidence": "test link"})
    used = sorted({d for *_, ids in PROJECTS for d in ids} | {d for e in EVENTS for d in e[12]})
    donors = pd.DataFrame([{"donor_id": d, "name": registry.donors[d].name, "ref": registry.donors[d].ref,
                            "org_type": registry.donors[d].org_type, "group": registry.donors[d].group}
                           for d in used])
    return {
        "activities": pd.DataFrame(activities), "activity_countries": pd.DataFrame(countries),
        "activity_themes": pd.DataFrame(themes), "activity_donors": pd.DataFrame(activity_donors),
        "participating_orgs": pd.DataFrame(orgs), "transactions": pd.DataFrame(transactions),
        "budgets": pd.DataFrame(budgets), "donors": donors, "events": pd.DataFrame(events),
        "event_countries": pd.DataFrame(event_countries), "event_donors": pd.DataFrame(event_donors),
        "event_themes": pd.DataFrame(event_themes), "event_sources": pd.DataFrame(sources),
        "event_projects": pd.DataFrame(links),
        "sources": pd.DataFrame([{"file": SOURCE, "kind": "test", "records": len(activities) + len(events),
                                  "loaded_at": pd.Timestamp(dt.date(2025, 1, 1)), "synthetic": False}]),
    }


def write_test_store(store_dir: Path, drop: tuple[str, ...] = ()) -> Path:
    """Write the test store to ``store_dir`` (leaving the tables in ``drop`` empty); returns the folder."""
    tables = {k: v for k, v in build_test_tables().items() if k not in drop}
    write_store(tables, Path(store_dir))
    return Path(store_dir)
