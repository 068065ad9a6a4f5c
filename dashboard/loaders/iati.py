"""IATI activity XML (versions 1.0x and 2.0x) -> the store's project tables, streamed.

The file is read with lxml ``iterparse`` over ``iati-activity`` end events; each activity is turned into
rows and then cleared together with the siblings before it, so memory does not grow with the file. Rows
are gathered as tuples and turned into validated frames every :data:`CHUNK_ACTIVITIES` activities
(:func:`iter_iati_chunks`), so a caller that writes chunks out keeps memory flat whatever the file size;
:func:`load_iati` joins the chunks into one :class:`LoadResult`.

Where each field lives in each IATI version is declared in :mod:`dashboard.loaders.iati_fields`.

Safety: entities are never expanded, no DTD is loaded and nothing is fetched (``resolve_entities=False,
load_dtd=False, no_network=True``); lxml's default depth and size limits stay on (``huge_tree=False``).

Bad input never stops the file: an activity without identifier is rejected to the quarantine; a bad part
of an activity (unknown currency or country, impossible date, non-numeric value...) is named in a flagged
Problem (file, IATI identifier, path such as ``transaction[3]/value/@currency``) while the rest of the
activity loads; a file that breaks half way keeps every activity before the break.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree

from dashboard.errors import FileUnreadable, Problem
from dashboard.loaders.base import MAX_FILE_BYTES, LoadResult
from dashboard.loaders.iati_fields import (
    ACTIVITY_DATE_COLUMNS,
    ACTIVITY_TAG,
    DEFAULT_LANGUAGE,
    DEFAULT_REGION_VOCABULARY,
    DEFAULT_SECTOR_VOCABULARY,
    ROOT_TAGS,
    SYNTHETIC_ATTRIBUTE,
    V1,
    V2,
    XML_LANG,
    FieldMap,
    derive_dates,
    field_map_for,
)
from dashboard.model.codelists import codelist
from dashboard.model.countries import iso3_from_iso2
from dashboard.model.donors import DONOR_ORG_ROLES, DONOR_TRANSACTION_TYPES, DonorRegistry
from dashboard.model.money import UsdValue, to_usd
from dashboard.model.schemas import conform, empty
from dashboard.model.theme_mapping import activity_theme_rows

KIND = "iati"
CHUNK_ACTIVITIES = 2000
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
PERCENT_TOLERANCE = 0.1  # published shares are rounded (14.29 * 4 + 14.28 * 3); more than this is off
MAX_CACHED_DATES = 100_000

# Column order of the row tuples each table is built from (names from dashboard.model.schemas).
COLUMNS: dict[str, tuple[str, ...]] = {
    "activities": (
        "iati_identifier",
        "reporting_org_ref",
        "title",
        "description",
        "status_code",
        "status",
        "humanitarian",
        "start_planned",
        "start_actual",
        "end_planned",
        "end_actual",
        "start",
        "end",
        "default_currency",
        "last_updated",
        "record_kind",
        "synthetic",
        "source_file",
    ),
    "activity_countries": ("iati_identifier", "iso3", "percentage"),
    "activity_regions": ("iati_identifier", "region_code", "region", "vocabulary", "percentage"),
    "activity_sectors": ("iati_identifier", "vocabulary", "code", "label", "percentage"),
    "activity_themes": ("iati_identifier", "theme", "derived_from"),
    "participating_orgs": (
        "iati_identifier",
        "role_code",
        "role",
        "ref",
        "name",
        "org_type",
        "org_type_label",
        "donor_id",
    ),
    "budgets": (
        "iati_identifier",
        "period_start",
        "period_end",
        "value",
        "currency",
        "value_usd",
        "usd_rate_date",
        "usd_converted",
        "budget_type",
        "budget_status",
    ),
    "transactions": (
        "iati_identifier",
        "transaction_type",
        "transaction_type_label",
        "date",
        "value",
        "currency",
        "value_usd",
        "usd_rate_date",
        "usd_converted",
        "provider_ref",
        "provider_name",
        "provider_donor_id",
        "receiver_ref",
        "receiver_name",
    ),
    "locations": (
        "iati_identifier",
        "name",
        "lat",
        "lon",
        "admin_code",
        "admin_vocabulary",
        "admin_level",
        "location_ref",
    ),
    "results": (
        "iati_identifier",
        "result",
        "indicator",
        "measure",
        "baseline",
        "target",
        "actual",
        "period_start",
        "period_end",
    ),
    "activity_donors": ("iati_identifier", "donor_id", "evidence"),
}

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO2 = re.compile(r"[A-Za-z]{2}")
_INVALID = object()  # a value that was given but cannot be read (distinct from absent)

Getter = Callable[[etree._Element, str], "str | None"]


@dataclass
class IatiChunk:
    """The tables of up to CHUNK_ACTIVITIES activities, with the problems met and the counts."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    records_seen: int
    records_loaded: int


def load_iati(path: Path, registry: DonorRegistry, *, source_name: str | None = None) -> LoadResult:
    """Load an IATI activity file into validated tables (kind ``"iati"``).

    Raises:
        FileUnreadable: not XML, an empty file, or a root element other than ``iati-activities`` /
            ``iati-activity``. A file that breaks after its start keeps what came before (severity "file").
    """
    file = source_name or str(path)
    result = LoadResult(file=file, kind=KIND)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in COLUMNS}
    for chunk in iter_iati_chunks(path, registry, source_name=source_name):
        for name, frame in chunk.tables.items():
            if len(frame):
                parts[name].append(frame)
        result.problems.extend(chunk.problems)
        result.records_seen += chunk.records_seen
        result.records_loaded += chunk.records_loaded
    for name, frames in parts.items():
        # Every chunk already passed conform(), so joining them keeps the contract without a second cast.
        result.tables[name] = (
            pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0] if frames else empty(name)
        )
    return result


def iter_iati_chunks(
    path: Path,
    registry: DonorRegistry,
    *,
    source_name: str | None = None,
    chunk_activities: int = CHUNK_ACTIVITIES,
) -> Iterator[IatiChunk]:
    """Stream an IATI file as chunks of validated tables (see :func:`load_iati` for the errors)."""
    file = source_name or str(path)
    root_attrib = _check_root(Path(path), file)
    reader = _ActivityReader(file, registry, root_attrib)
    rows: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
    problems: list[Problem] = []
    seen = loaded = pending = 0
    context = etree.iterparse(str(path), events=("end",), tag=ACTIVITY_TAG, **PARSER_OPTIONS)
    try:
        for _event, activity in context:
            parent = activity.getparent()
            if parent is not None and parent.getparent() is not None:
                continue  # an iati-activity nested inside another element is not an activity of the file
            seen += 1
            pending += 1
            if reader.read(activity, seen, rows, problems):
                loaded += 1
            activity.clear(keep_tail=False)
            if parent is not None:
                while activity.getprevious() is not None:
                    del parent[0]
            if pending >= chunk_activities:
                yield _chunk(rows, problems, seen, loaded)
                rows = {name: [] for name in COLUMNS}
                problems, seen, loaded, pending = [], 0, 0, 0
    except etree.XMLSyntaxError as exc:
        problems.append(
            Problem(
                file,
                f"line {exc.lineno}",
                None,
                f"the XML breaks at line {exc.lineno}, column {exc.position[1]} ({exc.msg}); "
                f"every activity before that point is loaded, nothing after it",
                severity="file",
            )
        )
    except (etree.LxmlError, OSError) as exc:
        problems.append(Problem(file, None, None, f"reading stopped: {exc}", severity="file"))
    yield _chunk(rows, problems, seen, loaded)


def _check_root(path: Path, file: str) -> dict[str, str]:
    """The root element's attributes, after checking it is an IATI activity file at all."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileUnreadable(file, f"cannot be opened: {exc.strerror or exc}") from exc
    if size == 0:
        raise FileUnreadable(file, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise FileUnreadable(
            file, f"the file is {size / 1e9:.1f} GB, over the {MAX_FILE_BYTES / 1e9:.1f} GB limit"
        )
    try:
        for _event, element in etree.iterparse(str(path), events=("start",), **PARSER_OPTIONS):
            if element.tag not in ROOT_TAGS:
                raise FileUnreadable(
                    file,
                    f"the root element is <{element.tag}>, not <iati-activities> or "
                    f"<iati-activity>: not an IATI activity file",
                )
            return dict(element.attrib)
    except etree.XMLSyntaxError as exc:
        raise FileUnreadable(file, f"not well-formed XML (line {exc.lineno}): {exc.msg}") from exc
    except (etree.LxmlError, OSError) as exc:
        raise FileUnreadable(file, f"cannot be read as XML: {exc}") from exc
    raise FileUnreadable(file, "no XML element in the file")


def _chunk(rows: dict[str, list[tuple]], problems: list[Problem], seen: int, loaded: int) -> IatiChunk:
    tables = {
        name: conform(pd.DataFrame.from_records(data, columns=list(COLUMNS[name])), name)
        if data
        else empty(name)
        for name, data in rows.items()
    }
    return IatiChunk(tables, problems, seen, loaded)


# --- reading one activity -------------------------------------------------------------------------------


def compile_path(path: str | None) -> Getter:
    """A function reading one field-map path (see iati_fields) from an element, for a language."""
    if path is None:
        return _absent
    inner, _, last = path.rpartition("/")
    if last.startswith("@"):
        attribute = last[1:]
        if not inner:
            return lambda el, lang: _clean(el.get(attribute))

        def read_attribute(el: etree._Element, lang: str) -> str | None:
            node = el.find(inner)
            return None if node is None else _clean(node.get(attribute))

        return read_attribute
    if last == "text()":
        if not inner:
            return lambda el, lang: _clean(el.text)

        def read_text(el: etree._Element, lang: str) -> str | None:
            node = el.find(inner)
            return None if node is None else _clean(node.text)

        return read_text
    if last == "narrative":
        if not inner:
            return _narrative

        def read_narrative(el: etree._Element, lang: str) -> str | None:
            node = el.find(inner)
            return None if node is None else _narrative(node, lang)

        return read_narrative
    raise ValueError(f"unsupported field-map path {path!r}")


def _absent(el: etree._Element, lang: str) -> None:
    return None


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip()
    return text or None


def _narrative(node: etree._Element, lang: str) -> str | None:
    """The English narrative (own xml:lang, else the activity's), else the first non-empty one."""
    first = None
    for narrative in node.iterchildren("narrative"):
        text = _clean(narrative.text)
        if text is None:
            continue
        if (narrative.get(XML_LANG) or lang)[:2].lower() == "en":
            return text
        if first is None:
            first = text
    return first


_NESTED_GROUPS = frozenset({"result.indicators", "indicator.periods"})


class _CompiledMap:
    """A field map with its paths compiled: ``get`` reads a value, ``group`` names repeated children."""

    def __init__(self, fields: FieldMap):
        self.fields = fields
        is_group = {name: name.startswith("group.") or name in _NESTED_GROUPS for name in fields.paths}
        self.get: dict[str, Getter] = {
            name: compile_path(path) for name, path in fields.paths.items() if not is_group[name]
        }
        self.group: dict[str, str] = {
            name: path or "" for name, path in fields.paths.items() if is_group[name]
        }


@dataclass
class _Activity:
    """What is being read of one activity, so a failure half way adds nothing to the tables."""

    identifier: str
    lang: str
    fields: _CompiledMap
    default_currency: str | None
    rows: dict[str, list[tuple]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)


class _ActivityReader:
    """Turns activity elements into rows; holds the per-file caches (dates, donors, codelists)."""

    def __init__(self, file: str, registry: DonorRegistry, root_attrib: dict[str, str]):
        self.file = file
        self.registry = registry
        self.maps = {V1.version: _CompiledMap(V1), V2.version: _CompiledMap(V2)}
        self.root_version = _version_attribute(root_attrib)
        self.root_lang = root_attrib.get(XML_LANG) or DEFAULT_LANGUAGE
        self.root_synthetic = _is_true(root_attrib.get(SYNTHETIC_ATTRIBUTE))
        self.dates: dict[str, object] = {}
        self.donor_ids: dict[tuple[str | None, str | None, str | None], str | None] = {}
        self.status = codelist("ActivityStatus")
        self.transaction_types = codelist("TransactionType")
        self.roles = codelist("OrganisationRole")
        self.org_types = codelist("OrganisationType")
        self.sectors = codelist("Sector")
        self.sector_categories = codelist("SectorCategory")
        self.regions = codelist("Region")
        self.currencies = codelist("Currency")
        self.measures = codelist("IndicatorMeasure")

    # -- entry point --
    def read(
        self, element: etree._Element, position: int, rows: dict[str, list[tuple]], problems: list[Problem]
    ) -> bool:
        """Read one activity into ``rows``; False (and a rejected Problem) when it cannot be loaded."""
        version = _version_attribute(element.attrib) or self.root_version
        fields = self.maps[field_map_for(version).version]
        lang = element.get(XML_LANG) or self.root_lang
        identifier = fields.get["activity.identifier"](element, lang)
        if identifier is None:
            problems.append(
                Problem(
                    self.file,
                    f"activity {position} (line {element.sourceline})",
                    "iati-identifier",
                    "activity without an IATI identifier: not loaded",
                    _snippet(element),
                )
            )
            return False
        activity = _Activity(identifier, lang, fields, None)
        try:
            self._read_activity(element, activity)
        except Exception as exc:  # noqa: BLE001 - one unreadable activity must not stop the file
            problems.extend(activity.problems)
            problems.append(
                Problem(
                    self.file,
                    identifier,
                    None,
                    f"activity could not be read ({type(exc).__name__}: {exc}): not loaded",
                    _snippet(element),
                )
            )
            return False
        for table, table_rows in activity.rows.items():
            rows[table].extend(table_rows)
        problems.extend(activity.problems)
        return True

    def flag(self, activity: _Activity, where: str, reason: str, raw: str | None = None) -> None:
        activity.problems.append(Problem(self.file, activity.identifier, where, reason, raw, "flagged"))

    def _read_activity(self, element: etree._Element, a: _Activity) -> None:
        get = a.fields.get
        lang = a.lang
        a.default_currency = self._currency(
            a, get["activity.default_currency"](element, lang), "@default-currency"
        )
        dates: dict[str, str | None] = {}
        for i, date_el in enumerate(element.iterchildren(a.fields.group["group.dates"]), 1):
            date_type = a.fields.fields.translate("activity_date_type", get["date.type"](date_el, lang))
            column = ACTIVITY_DATE_COLUMNS.get(date_type or "")
            if column is None:
                self.flag(
                    a,
                    f"activity-date[{i}]/@type",
                    f"unknown activity-date type {date_type!r}: ignored",
                    date_type,
                )
                continue
            iso, _ = self.date(a, get["date.iso_date"](date_el, lang), f"activity-date[{i}]/@iso-date")
            if iso and column not in dates:
                dates[column] = iso
        status_code = get["activity.status_code"](element, lang)
        status = self.label(a, self.status, status_code, "activity-status/@code", "activity status")
        last_updated = self.timestamp(
            a, get["activity.last_updated"](element, lang), "@last-updated-datetime"
        )
        synthetic = self.root_synthetic or _is_true(element.get(SYNTHETIC_ATTRIBUTE))
        derived = derive_dates(dates)
        a.add(
            "activities",
            (
                a.identifier,
                get["activity.reporting_org_ref"](element, lang),
                get["activity.title"](element, lang),
                get["activity.description"](element, lang),
                status_code,
                status,
                _humanitarian(get["activity.humanitarian"](element, lang)),
                dates.get("start_planned"),
                dates.get("start_actual"),
                dates.get("end_planned"),
                dates.get("end_actual"),
                derived["start"],
                derived["end"],
                a.default_currency,
                last_updated,
                KIND,
                synthetic,
                self.file,
            ),
        )
        geography_shares: list[float | None] = []
        self._countries(element, a, geography_shares)
        self._regions(element, a, geography_shares)
        _check_shares(self, a, {"recipient-country + recipient-region": geography_shares})
        self._sectors(element, a)
        donors: dict[str, list[str]] = {}
        self._orgs(element, a, donors)
        self._budgets(element, a)
        self._transactions(element, a, donors)
        self._locations(element, a)
        self._results(element, a)
        for donor_id, evidence in donors.items():
            a.add("activity_donors", (a.identifier, donor_id, "; ".join(dict.fromkeys(evidence))))

    # -- groups --
    def _countries(self, element: etree._Element, a: _Activity, shares: list[float | None]) -> None:
        get = a.fields.get
        seen: set[str] = set()
        for i, country in enumerate(element.iterchildren(a.fields.group["group.countries"]), 1):
            where = f"recipient-country[{i}]"
            code = get["country.code"](country, a.lang)
            share = self.percentage(a, get["country.percentage"](country, a.lang), f"{where}/@percentage")
            shares.append(share)
            iso3 = iso3_from_iso2(code) if code and _ISO2.fullmatch(code) else None
            if iso3 is None:
                self.flag(
                    a, f"{where}/@code", f"unknown country code {code!r}: this country is not loaded", code
                )
                continue
            if iso3 in seen:
                self.flag(a, f"{where}/@code", f"country {code} listed twice: the first is kept", code)
                continue
            seen.add(iso3)
            a.add("activity_countries", (a.identifier, iso3, share))

    def _regions(self, element: etree._Element, a: _Activity, shares: list[float | None]) -> None:
        get = a.fields.get
        for i, region in enumerate(element.iterchildren(a.fields.group["group.regions"]), 1):
            where = f"recipient-region[{i}]"
            code = get["region.code"](region, a.lang)
            share = self.percentage(a, get["region.percentage"](region, a.lang), f"{where}/@percentage")
            shares.append(share)
            if code is None:
                self.flag(a, f"{where}/@code", "recipient-region without a code: not loaded")
                continue
            vocabulary = get["region.vocabulary"](region, a.lang) or DEFAULT_REGION_VOCABULARY
            name = get["region.name"](region, a.lang)
            if vocabulary == DEFAULT_REGION_VOCABULARY:
                name = self.label(a, self.regions, code, f"{where}/@code", "DAC region") or name
            a.add("activity_regions", (a.identifier, code, name, vocabulary, share))

    def _sectors(self, element: etree._Element, a: _Activity) -> None:
        get = a.fields.get
        shares: dict[str, list[float | None]] = {}
        themes_from: list[tuple[str | None, str | None, str | None]] = []
        for i, sector in enumerate(element.iterchildren(a.fields.group["group.sectors"]), 1):
            where = f"sector[{i}]"
            code = get["sector.code"](sector, a.lang)
            vocabulary = (
                a.fields.fields.translate("sector_vocabulary", get["sector.vocabulary"](sector, a.lang))
                or DEFAULT_SECTOR_VOCABULARY
            )
            share = self.percentage(a, get["sector.percentage"](sector, a.lang), f"{where}/@percentage")
            shares.setdefault(vocabulary, []).append(share)
            if code is None:
                self.flag(a, f"{where}/@code", "sector without a code: not loaded")
                continue
            narrative = get["sector.name"](sector, a.lang)
            if vocabulary == "1":
                label = self.label(a, self.sectors, code, f"{where}/@code", "DAC purpose code") or narrative
            elif vocabulary == "2":
                label = (
                    self.label(a, self.sector_categories, code, f"{where}/@code", "DAC sector category")
                    or narrative
                )
            else:  # IOM's 98 (service area), 99 (project type) and other vocabularies: the file's own label
                label = narrative
            a.add("activity_sectors", (a.identifier, vocabulary, code, label, share))
            themes_from.append((vocabulary, code, label))
        _check_shares(self, a, {f"sector vocabulary {v}": s for v, s in shares.items()})
        for row in activity_theme_rows(a.identifier, themes_from):
            a.add("activity_themes", row)

    def _orgs(self, element: etree._Element, a: _Activity, donors: dict[str, list[str]]) -> None:
        get = a.fields.get
        for i, org in enumerate(element.iterchildren(a.fields.group["group.orgs"]), 1):
            where = f"participating-org[{i}]"
            role_code = a.fields.fields.translate("org_role", get["org.role"](org, a.lang))
            role = self.label(a, self.roles, role_code, f"{where}/@role", "organisation role")
            ref, name = get["org.ref"](org, a.lang), get["org.name"](org, a.lang)
            org_type = get["org.type"](org, a.lang)
            org_type_label = self.label(a, self.org_types, org_type, f"{where}/@type", "organisation type")
            donor_id = None
            if role_code in DONOR_ORG_ROLES:
                donor_id = self.donor(name, ref, org_type)
                if donor_id:
                    donors.setdefault(donor_id, []).append(f"participating-org role {role_code} ({role})")
            a.add(
                "participating_orgs",
                (a.identifier, role_code, role, ref, name, org_type, org_type_label, donor_id),
            )

    def _budgets(self, element: etree._Element, a: _Activity) -> None:
        get = a.fields.get
        for i, budget in enumerate(element.iterchildren(a.fields.group["group.budgets"]), 1):
            where = f"budget[{i}]"
            start, start_day = self.date(
                a, get["budget.period_start"](budget, a.lang), f"{where}/period-start/@iso-date"
            )
            end, _ = self.date(a, get["budget.period_end"](budget, a.lang), f"{where}/period-end/@iso-date")
            money = self.money(a, where, budget, "budget", start_day)
            if money is None:
                continue
            value, currency, usd = money
            if value is not None and value < 0:
                self.flag(a, f"{where}/value", f"negative budget {value}: kept as published", str(value))
            a.add(
                "budgets",
                (
                    a.identifier,
                    start,
                    end,
                    value,
                    currency,
                    usd.value_usd,
                    usd.rate_date,
                    usd.converted,
                    get["budget.type"](budget, a.lang),
                    get["budget.status"](budget, a.lang),
                ),
            )

    def _transactions(self, element: etree._Element, a: _Activity, donors: dict[str, list[str]]) -> None:
        get = a.fields.get
        translate = a.fields.fields.translate
        for i, transaction in enumerate(element.iterchildren(a.fields.group["group.transactions"]), 1):
            where = f"transaction[{i}]"
            raw_type = get["transaction.type"](transaction, a.lang)
            type_code = translate("transaction_type", raw_type)
            if type_code is None:
                self.flag(
                    a,
                    f"{where}/transaction-type/@code",
                    "transaction without a type: not loaded",
                    _snippet(transaction),
                )
                continue
            type_label = self.label(
                a, self.transaction_types, type_code, f"{where}/transaction-type/@code", "transaction type"
            )
            date, day = self.date(
                a, get["transaction.date"](transaction, a.lang), f"{where}/transaction-date/@iso-date"
            )
            money = self.money(a, where, transaction, "transaction", day)
            if money is None:
                continue
            value, currency, usd = money
            provider_ref = get["transaction.provider_ref"](transaction, a.lang)
            provider_name = get["transaction.provider_name"](transaction, a.lang)
            provider_donor = None
            if type_code in DONOR_TRANSACTION_TYPES:
                provider_donor = self.donor(provider_name, provider_ref, None)
                if provider_donor:
                    donors.setdefault(provider_donor, []).append(
                        f"provider of transaction type {type_code} ({type_label})"
                    )
            a.add(
                "transactions",
                (
                    a.identifier,
                    type_code,
                    type_label,
                    date,
                    value,
                    currency,
                    usd.value_usd,
                    usd.rate_date,
                    usd.converted,
                    provider_ref,
                    provider_name,
                    provider_donor,
                    get["transaction.receiver_ref"](transaction, a.lang),
                    get["transaction.receiver_name"](transaction, a.lang),
                ),
            )

    def _locations(self, element: etree._Element, a: _Activity) -> None:
        get = a.fields.get
        for i, location in enumerate(element.iterchildren(a.fields.group["group.locations"]), 1):
            where = f"location[{i}]"
            lat, lon = self.coordinates(a, location, where)
            a.add(
                "locations",
                (
                    a.identifier,
                    get["location.name"](location, a.lang),
                    lat,
                    lon,
                    get["location.admin_code"](location, a.lang),
                    get["location.admin_vocabulary"](location, a.lang),
                    get["location.admin_level"](location, a.lang),
                    get["location.ref"](location, a.lang),
                ),
            )

    def _results(self, element: etree._Element, a: _Activity) -> None:
        get, group = a.fields.get, a.fields.group
        for i, result in enumerate(element.iterchildren(group["group.results"]), 1):
            title = get["result.title"](result, a.lang)
            # A result without indicators, or an indicator without periods, is still one row.
            for row in self._indicator_rows(a, result, f"result[{i}]") or [(None,) * 7]:
                a.add("results", (a.identifier, title, *row))

    def _indicator_rows(self, a: _Activity, result: etree._Element, where: str) -> list[tuple]:
        get, group = a.fields.get, a.fields.group
        rows: list[tuple] = []
        for j, indicator in enumerate(result.iterchildren(group["result.indicators"]), 1):
            at = f"{where}/indicator[{j}]"
            measure_code = get["indicator.measure"](indicator, a.lang)
            measure = self.measures.get(measure_code or "", measure_code)
            baseline = self.number(a, get["indicator.baseline"](indicator, a.lang), f"{at}/baseline/@value")
            name = get["indicator.title"](indicator, a.lang)
            periods = [
                self._period(a, period, f"{at}/period[{k}]")
                for k, period in enumerate(indicator.iterchildren(group["indicator.periods"]), 1)
            ]
            rows.extend((name, measure, baseline, *period) for period in periods or [(None,) * 4])
        return rows

    def _period(self, a: _Activity, period: etree._Element, at: str) -> tuple:
        """(target, actual, period_start, period_end) of one indicator period."""
        get = a.fields.get
        start, _ = self.date(a, get["period.start"](period, a.lang), f"{at}/period-start/@iso-date")
        end, _ = self.date(a, get["period.end"](period, a.lang), f"{at}/period-end/@iso-date")
        target = self.number(a, get["period.target"](period, a.lang), f"{at}/target/@value")
        actual = self.number(a, get["period.actual"](period, a.lang), f"{at}/actual/@value")
        return target, actual, start, end

    # -- values --
    def label(
        self, a: _Activity, names: dict[str, str], code: str | None, where: str, what: str
    ) -> str | None:
        """The codelist label of a code; an unknown code is kept as published and flagged."""
        if code is None:
            return None
        found = names.get(code)
        if found is None:
            self.flag(a, where, f"unknown {what} code {code!r}: kept without a label", code)
        return found

    def date(self, a: _Activity, raw: str | None, where: str) -> tuple[str | None, dt.date | None]:
        """An ISO date as (text, date); an impossible or non-ISO date is left empty and flagged."""
        if raw is None:
            return None, None
        parsed = self.dates.get(raw)
        if parsed is None:
            parsed = _parse_date(raw)
            if len(self.dates) >= MAX_CACHED_DATES:
                self.dates.clear()
            self.dates[raw] = parsed
        if parsed is _INVALID:
            self.flag(a, where, f"impossible or non-ISO date {raw!r} (expected YYYY-MM-DD): left empty", raw)
            return None, None
        return parsed  # type: ignore[return-value]

    def timestamp(self, a: _Activity, raw: str | None, where: str) -> dt.datetime | None:
        if raw is None:
            return None
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            self.flag(a, where, f"unreadable date-time {raw!r}: left empty", raw)
            return None
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if not 1900 <= value.year <= 2200:
            self.flag(a, where, f"date-time {raw!r} out of range: left empty", raw)
            return None
        return value

    def number(self, a: _Activity, raw: str | None, where: str) -> float | None:
        if raw is None:
            return None
        value = _parse_decimal(raw)
        if value is None:
            self.flag(a, where, f"not a number: {raw[:80]!r}: left empty", raw)
        return value

    def percentage(self, a: _Activity, raw: str | None, where: str) -> float | None:
        value = self.number(a, raw, where)
        if value is not None and not 0 <= value <= 100:
            self.flag(a, where, f"percentage {value} outside 0-100: kept as published", raw)
        return value

    def _currency(self, a: _Activity, raw: str | None, where: str) -> str | None:
        if raw is None:
            return None
        code = raw.upper()
        if code not in self.currencies:
            self.flag(a, where, f"unknown currency {raw!r}", raw)
            return None
        return code

    def money(
        self, a: _Activity, where: str, element: etree._Element, kind: str, fallback_day: dt.date | None
    ) -> tuple[float | None, str | None, UsdValue] | None:
        """(value, currency, USD) of a budget's or transaction's value; None for an unknown currency.

        The currency is the value's own, else the activity's default; USD uses the value date, else
        ``fallback_day`` (the transaction date or the budget's period start).
        """
        get = a.fields.get
        raw_value = get[f"{kind}.value"](element, a.lang)
        raw_currency = get[f"{kind}.currency"](element, a.lang)
        raw_value_date = get[f"{kind}.value_date"](element, a.lang)
        if raw_currency is not None:
            currency = raw_currency.upper()
            if currency not in self.currencies:
                self.flag(
                    a,
                    f"{where}/value/@currency",
                    f"unknown currency {raw_currency!r}: this {kind} is not loaded",
                    raw_currency,
                )
                return None
        else:
            currency = a.default_currency
        if raw_value is None:
            self.flag(a, f"{where}/value", "empty value: kept without an amount")
            value = None
        else:
            value = self.number(a, raw_value, f"{where}/value")
        if currency is None and value is not None:
            self.flag(
                a,
                f"{where}/value/@currency",
                "no currency (none on the value, no valid default-currency): not converted to USD",
            )
        _, value_day = self.date(a, raw_value_date, f"{where}/value/@value-date")
        usd = to_usd(value, currency, value_day or fallback_day)
        return value, currency, usd

    def coordinates(
        self, a: _Activity, location: etree._Element, where: str
    ) -> tuple[float | None, float | None]:
        """Latitude and longitude: 2.0x ``pos`` is "latitude longitude"; 1.0x has two attributes."""
        get = a.fields.get
        pos = get["location.pos"](location, a.lang)
        if pos is not None:
            parts = pos.split()
            raw_lat, raw_lon = (parts[0], parts[1]) if len(parts) == 2 else (None, None)
            field_name = f"{where}/point/pos"
            if raw_lat is None:
                self.flag(a, field_name, f"pos {pos[:80]!r} is not 'latitude longitude': no coordinates", pos)
                return None, None
        else:
            raw_lat = get["location.latitude"](location, a.lang)
            raw_lon = get["location.longitude"](location, a.lang)
            field_name = f"{where}/coordinates"
            if raw_lat is None or raw_lon is None:
                return None, None
        lat, lon = _parse_decimal(raw_lat), _parse_decimal(raw_lon)
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.flag(
                a,
                field_name,
                f"coordinates {raw_lat!r} {raw_lon!r} are not a latitude and longitude: no coordinates",
                f"{raw_lat} {raw_lon}",
            )
            return None, None
        return lat, lon

    def donor(self, name: str | None, ref: str | None, org_type: str | None) -> str | None:
        key = (name, ref, org_type)
        if key not in self.donor_ids:
            found = self.registry.resolve(name, ref, org_type)
            self.donor_ids[key] = found.donor_id if found else None
        return self.donor_ids[key]


def _check_shares(reader: _ActivityReader, a: _Activity, groups: dict[str, list[float | None]]) -> None:
    """Flag a group of shares that is published but does not add up to 100 (the shares are kept)."""
    for what, shares in groups.items():
        given = [s for s in shares if s is not None]
        if not given:
            continue
        total = math.fsum(given)
        if abs(total - 100) > PERCENT_TOLERANCE or len(given) < len(shares):
            reader.flag(
                a,
                what,
                f"percentages of {what} add up to {total:g}, not 100"
                + (" (some have none)" if len(given) < len(shares) else "")
                + ": kept as published",
                " + ".join(f"{s:g}" for s in given)[:2000],
            )


def _parse_decimal(raw: str) -> float | None:
    text = raw.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _parse_date(raw: str) -> object:
    match = _ISO_DATE.fullmatch(raw)
    if not match:
        return _INVALID
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return _INVALID
    if not 1900 <= day.year <= 2200:  # out of any activity's life, and of the store's datetime64 range
        return _INVALID
    return day.isoformat(), day


def _version_attribute(attrib: etree._Attrib | dict[str, str]) -> str | None:
    """An ``@version``, also under the namespaces aggregators use (``iati-activities:version``...)."""
    for name, value in attrib.items():
        if name == "version" or name.endswith("}version"):
            return value
    return None


def _is_true(value: str | None) -> bool:
    return value is not None and value.strip().lower() in {"true", "1"}


def _humanitarian(value: str | None) -> bool | None:
    if value is None:
        return None
    text = value.strip().lower()
    return True if text in {"1", "true"} else False if text in {"0", "false"} else None


def _snippet(element: etree._Element) -> str:
    return etree.tostring(element, encoding="unicode", with_tail=False)[:2000]
