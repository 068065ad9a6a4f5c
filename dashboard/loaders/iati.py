"""IATI activity XML (versions 1.0x and 2.0x) -> the store's project tables, streamed.

The file is fed to an lxml pull parser in bounded pieces (:func:`_xml_events`) and read as
``iati-activity`` end events; each activity is turned into
rows and then cleared together with the siblings before it, so memory does not grow with the file. Rows
are named column by column, kept as tuples in the schema's column order, and turned into validated frames
every :data:`CHUNK_ACTIVITIES` activities (:func:`iter_iati_chunks`), so a caller that writes chunks out
keeps memory flat whatever the file size; :func:`load_iati` joins the chunks into one :class:`LoadResult`.

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
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
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
from dashboard.model.codelists import codelist, withdrawn_codes
from dashboard.model.countries import former_country, iso3_from_iso2
from dashboard.model.donors import DONOR_ORG_ROLES, DONOR_TRANSACTION_TYPES, DonorRegistry
from dashboard.model.money import UsdValue, to_usd
from dashboard.model.schemas import BOOL, DATE, FLOAT, STR, TABLES, conform, empty
from dashboard.model.theme_mapping import activity_themes

KIND = "iati"
CHUNK_ACTIVITIES = 1000  # ~30 MB of rows and frames at a time: flat memory, small per-chunk cost
# Comments and processing instructions are dropped while parsing, so an element's text is whole:
# "XM-DAC-47066-<!-- c -->P1" reads as one text node, not as "XM-DAC-47066-" (CDATA is merged by default).
PARSER_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False,
                  "remove_comments": True, "remove_pis": True}
PERCENT_TOLERANCE = 0.1  # published shares are rounded (14.29 * 4 + 14.28 * 3); more than this is off
MAX_CACHED_DATES = 100_000
FEED_BYTES = 64 * 1024  # the parser's events are read after every piece of this size

# The tables an IATI file fills, and their schema columns it leaves to others: an IATI activity has no
# single web page (``activities.url`` comes from project lists).
NOT_FROM_IATI: dict[str, frozenset[str]] = {"activities": frozenset({"url"})}
IATI_TABLES = (
    "activities", "activity_countries", "activity_regions", "activity_sectors", "activity_themes",
    "participating_orgs", "budgets", "transactions", "locations", "results", "activity_donors",
)
# Each row is named column by column (:meth:`_Activity.add`) and kept as a tuple in the schema's own order.
COLUMNS: dict[str, tuple[str, ...]] = {
    name: tuple(c for c in TABLES[name].columns if c not in NOT_FROM_IATI.get(name, frozenset()))
    for name in IATI_TABLES
}

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")  # xsd:decimal: no exponent
_EXPONENT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO2 = re.compile(r"[A-Za-z]{2}")
_INVALID = object()  # a value that was given but cannot be read (distinct from absent)
# The columns of a results row without an indicator, and of an indicator without a period.
_NO_INDICATOR: dict[str, object] = {"indicator": None, "measure": None, "baseline": None}
_NO_PERIOD: dict[str, object] = {"target": None, "actual": None, "period_start": None, "period_end": None}


@dataclass
class IatiChunk:
    """The tables of up to CHUNK_ACTIVITIES activities, with the problems met and the counts."""

    tables: dict[str, pd.DataFrame]
    problems: list[Problem]
    records_seen: int
    records_loaded: int


def load_iati(path: Path, registry: DonorRegistry, *, source_name: str | None = None,
              sink: Callable[[str, pd.DataFrame], None] | None = None) -> LoadResult:
    """Load an IATI activity file into validated tables (kind ``"iati"``).

    ``sink``: when given, every table but ``activities`` is handed to it chunk by chunk (e.g. written to
    disk) instead of being kept in the result, so that memory holds one chunk of a large file, not all.

    Raises:
        FileUnreadable: not XML, an empty file, or a root element other than ``iati-activities`` /
            ``iati-activity``. A file that breaks after its start keeps what came before (severity "file").
    """
    file = source_name or str(path)
    result = LoadResult(file=file, kind=KIND)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in COLUMNS}
    for chunk in iter_iati_chunks(path, registry, source_name=source_name):
        for name, frame in chunk.tables.items():
            if not len(frame):
                continue
            if sink is not None and name != "activities":
                sink(name, frame)
            else:
                parts[name].append(frame)
        result.problems.extend(chunk.problems)
        result.records_seen += chunk.records_seen
        result.records_loaded += chunk.records_loaded
    for name, frames in parts.items():
        if sink is not None and name != "activities":
            continue  # handed over: the result does not hold it
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
    try:
        for _event, activity in _xml_events(path, ("end",), ACTIVITY_TAG):
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
        for _event, element in _xml_events(path, ("start",)):
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


def _xml_events(
    path: Path, events: tuple[str, ...], tag: str | None = None
) -> Iterator[tuple[str, etree._Element]]:
    """Parse events of ``path``, every event before a syntax error first, then the error itself.

    The file is fed to a pull parser in pieces of :data:`FEED_BYTES` and each piece's events are handed on
    before the next is read. A parser that reads ahead on its own (``iterparse`` since lxml 6.2 raises a
    syntax error before it yields the events that precede it) would lose the activities before a break;
    here recovery depends only on the parser keeping the events it queued before the error, which lxml
    documents for ``XMLPullParser``.
    """
    parser = etree.XMLPullParser(events=events, tag=tag, **PARSER_OPTIONS)
    with open(path, "rb") as handle:
        while piece := handle.read(FEED_BYTES):
            try:
                parser.feed(piece)
            except etree.XMLSyntaxError:
                yield from parser.read_events()
                raise
            yield from parser.read_events()
        # At the end of a truncated file the parser closes the open elements itself and queues end events
        # for them: those elements are incomplete, so the events queued by a failing close() are dropped.
        parser.close()
        yield from parser.read_events()


def _chunk(rows: dict[str, list[tuple]], problems: list[Problem], seen: int, loaded: int) -> IatiChunk:
    return IatiChunk({name: _frame(name, data) for name, data in rows.items()}, problems, seen, loaded)


def _frame(name: str, rows: list[tuple]) -> pd.DataFrame:
    """A validated frame from row tuples, built column by column directly in the table's own dtypes.

    Each column is made once, in the dtype the schema declares, so conform() only checks it: strings go
    straight into Arrow (what pandas' ``string`` dtype holds), dates into datetime64 in one numpy call.
    """
    if not rows:
        return empty(name)
    dtypes = TABLES[name].columns
    data = {
        column: _column(values, dtypes[column])
        for column, values in zip(COLUMNS[name], zip(*rows, strict=True), strict=True)
    }
    return conform(pd.DataFrame(data), name)


def _column(values: tuple, dtype: str) -> object:
    """One column of row values as an array of ``dtype`` (left to conform() when it is not one of ours)."""
    if dtype == STR:
        try:
            # The system allocator gives a chunk's memory back when the chunk is dropped; Arrow's default
            # pool (mimalloc) keeps it, which doubled the loader's working memory.
            text = pa.array(values, type=pa.large_string(), memory_pool=pa.system_memory_pool())
            return pd.arrays.ArrowStringArray(text)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return pd.Series(values, dtype=object)  # not all text: conform() casts it, or says why not
    if dtype == DATE:
        # Few distinct dates, many rows: convert each distinct value once (text, date or None alike).
        distinct = dict.fromkeys(values)
        converted = np.array(list(distinct), dtype=DATE)
        position = {value: i for i, value in enumerate(distinct)}
        return converted[[position[value] for value in values]]
    if dtype == FLOAT:
        numbers = np.array(values, dtype="float64")
        return pd.arrays.FloatingArray(numbers, np.isnan(numbers))  # None -> NaN -> missing, as a cast does
    if dtype == BOOL:
        return pd.array(values, dtype=pd.BooleanDtype())
    return pd.Series(values, dtype=object)


# --- reading one activity -------------------------------------------------------------------------------

# The element groups of a field map ("transaction.value" is field "value" of group "transaction").
GROUPS = (
    "activity",
    "date",
    "country",
    "region",
    "sector",
    "org",
    "budget",
    "transaction",
    "location",
    "result",
    "indicator",
    "period",
)


@dataclass
class PathTree:
    """Field-map paths of one element group, merged into a tree of child tags.

    Reading walks each element's children once and descends only where a path leads, instead of running
    one search per field: the field map stays declarative and the reading stays a single pass. Each node
    keeps its fields split by kind (attributes, text, narrative), so reading one runs no dispatch.
    """

    attributes: list[tuple[str, str]] = field(default_factory=list)  # (field, attribute name)
    texts: list[str] = field(default_factory=list)  # fields read from the element's own text
    narratives: list[str] = field(default_factory=list)  # fields read from its narrative children
    children: dict[str, PathTree] = field(default_factory=dict)
    tags: tuple[str, ...] = ()  # the children's tags, for lxml's own filtering

    @classmethod
    def compile(cls, paths: dict[str, str | None]) -> PathTree:
        tree = cls()
        for name, path in paths.items():
            if path is None:
                continue
            *steps, last = path.split("/")
            node = tree
            for step in steps:
                node = node.children.setdefault(step, cls())
            if last.startswith("@"):
                node.attributes.append((name, XML_LANG if last == "@xml:lang" else last[1:]))
            elif last == "text()":
                node.texts.append(name)
            elif last == "narrative":
                node.narratives.append(name)
            else:
                raise ValueError(f"unsupported field-map path {path!r} for {name}")
        tree._freeze_tags()
        return tree

    def _freeze_tags(self) -> None:
        self.tags = tuple(self.children)
        for child in self.children.values():
            child._freeze_tags()

    def read(self, element: etree._Element, lang: str, out: dict[str, str | None]) -> dict[str, str | None]:
        """Fill ``out`` with this tree's fields read from ``element`` (the first matching child counts)."""
        self._read_own(element, lang, out)
        if self.tags:
            self._read_children(element, lang, out)
        return out

    def read_new(self, element: etree._Element, lang: str) -> dict[str, str | None]:
        """This tree's fields of ``element`` in a new dict (:meth:`read` into an empty one, faster)."""
        out: dict[str, str | None] = {}
        get = element.get
        for name, attribute in self.attributes:
            value = get(attribute)
            out[name] = (value.strip() or None) if value is not None else None
        for name in self.texts:
            value = element.text
            out[name] = (value.strip() or None) if value is not None else None
        for name in self.narratives:
            out[name] = _narrative(element, lang)
        if self.tags:
            self._read_children(element, lang, out)
        return out

    def _read_own(self, element: etree._Element, lang: str, out: dict[str, str | None]) -> None:
        # A field already in ``out`` came from an earlier element of the same tag: the first one counts.
        for name, attribute in self.attributes:
            if name not in out:
                value = element.get(attribute)
                out[name] = (value.strip() or None) if value is not None else None
        for name in self.texts:
            if name not in out:
                value = element.text
                out[name] = (value.strip() or None) if value is not None else None
        for name in self.narratives:
            if name not in out:
                out[name] = _narrative(element, lang)

    def _read_children(self, element: etree._Element, lang: str, out: dict[str, str | None]) -> None:
        find = self.children.get
        # A plain walk over the few children costs less than setting up lxml's tag filter for each
        # element; comments and processing instructions have no string tag, so they match nothing.
        for child in element:
            sub = find(child.tag)
            if sub is None:
                continue
            sub._read_own(child, lang, out)
            if sub.tags:
                sub._read_children(child, lang, out)


def _narrative(node: etree._Element, lang: str) -> str | None:
    """The English narrative (own xml:lang, else the activity's), else the first non-empty one."""
    first = None
    for narrative in node:  # cheaper than iterchildren("narrative") for the one or two children
        if narrative.tag != "narrative":
            continue
        text = narrative.text
        if text is None:
            continue
        text = text.strip()
        if not text:
            continue
        if _is_english(narrative.get(XML_LANG) or lang):
            return text
        if first is None:
            first = text
    return first


@lru_cache(maxsize=256)
def _is_english(lang: str) -> bool:
    return lang[:2].lower() == "en"


class _CompiledMap:
    """A field map compiled: a path tree per element group, and the tags of the repeated groups."""

    def __init__(self, fields: FieldMap):
        self.fields = fields
        self.translate = fields.translate
        self.trees = {
            group: PathTree.compile(
                {
                    name.split(".", 1)[1]: path
                    for name, path in fields.paths.items()
                    if name.split(".", 1)[0] == group and not name.endswith(_NESTED)
                }
            )
            for group in GROUPS
        }
        self.tags = {
            name.split(".", 1)[1]: path or ""
            for name, path in fields.paths.items()
            if name.startswith("group.") or name.endswith(_NESTED)
        }
        # Child tags of an activity worth keeping while walking it: groups and single-field parents.
        self.activity_tags = frozenset(self.tags.values()) | frozenset(self.trees["activity"].children)


_NESTED = (".indicators", ".periods")


@dataclass
class _Activity:
    """The activity being read: its identifier, language, field map, and the problems met so far."""

    identifier: str
    lang: str
    fields: _CompiledMap
    rows: dict[str, list[tuple]]
    problems: list[Problem]
    default_currency: str | None = None

    def add(self, table: str, **row: object) -> None:
        """Append one row of ``table``, every column the loader fills named (a missing or unknown name
        raises, so no value can land in another column)."""
        order = COLUMNS[table]
        if len(row) != len(order):
            raise TypeError(f"{table} row names {sorted(row)}, the loader fills {list(order)}")
        self.rows[table].append(tuple(row[column] for column in order))


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
        self.timestamps: dict[str, dt.datetime] = {}  # readable ones only: a bad one is flagged each time
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
        self.withdrawn_countries = withdrawn_codes("Country")
        # Withdrawn codes per loaded codelist (keyed by the dict's identity: label() is given the dict).
        self.withdrawn = {id(self.sectors): withdrawn_codes("Sector"),
                          id(self.sector_categories): withdrawn_codes("SectorCategory")}

    # -- entry point --
    def read(
        self, element: etree._Element, position: int, rows: dict[str, list[tuple]], problems: list[Problem]
    ) -> bool:
        """Read one activity into ``rows``; False (and a rejected Problem) when it cannot be loaded."""
        version = _version_attribute(element.attrib) or self.root_version
        fields = self.maps[field_map_for(version).version]
        lang = element.get(XML_LANG) or self.root_lang
        children: dict[str, list[etree._Element]] = {}
        wanted = fields.activity_tags
        for child in element:  # one walk; lxml's tag filter costs more than a set lookup here
            tag = child.tag
            if tag in wanted:
                found = children.get(tag)
                if found is None:
                    children[tag] = [child]
                else:
                    found.append(child)
        values: dict[str, str | None] = {}
        tree = fields.trees["activity"]
        for name, attribute in tree.attributes:  # the activity's own attributes
            raw = element.get(attribute)
            values[name] = (raw.strip() or None) if raw is not None else None
        values.update(dict.fromkeys(tree.texts + tree.narratives))  # an activity has no text of its own
        for tag, sub in tree.children.items():
            if tag in children:
                sub.read(children[tag][0], lang, values)
        identifier = values.get("identifier")
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
        marks = {table: len(table_rows) for table, table_rows in rows.items()}
        activity = _Activity(identifier, lang, fields, rows, problems)
        try:
            self._read_activity(element, activity, values, children)
        except Exception as exc:  # noqa: BLE001 - one unreadable activity must not stop the file
            for table, mark in marks.items():
                del rows[table][mark:]
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
        return True

    def flag(self, a: _Activity, where: str | tuple[str, ...], reason: str, raw: str | None = None) -> None:
        """A flagged Problem: the activity loads, and this part of it is named with what was done."""
        path = where if isinstance(where, str) else "/".join(where)
        a.problems.append(Problem(self.file, a.identifier, path, reason, raw, "flagged"))

    def _read_activity(
        self,
        element: etree._Element,
        a: _Activity,
        values: dict[str, str | None],
        children: dict[str, list[etree._Element]],
    ) -> None:
        tags, trees = a.fields.tags, a.fields.trees

        def group(name: str) -> list[etree._Element]:
            return children.get(tags[name], [])

        a.default_currency = self._currency(a, values.get("default_currency"))
        dates: dict[str, str | None] = {}
        for i, date_el in enumerate(group("dates"), 1):
            got = trees["date"].read_new(date_el, a.lang)
            date_type = a.fields.translate("activity_date_type", got.get("type"))
            column = ACTIVITY_DATE_COLUMNS.get(date_type or "")
            if column is None:
                self.flag(
                    a,
                    f"activity-date[{i}]/@type",
                    f"unknown activity-date type {date_type!r}: ignored",
                    date_type,
                )
                continue
            iso, _ = self.date(a, got.get("iso_date"), (f"activity-date[{i}]", "@iso-date"))
            if iso and column not in dates:
                dates[column] = iso
        status_code = values.get("status_code")
        status = self.label(a, self.status, status_code, "activity-status/@code", "activity status")
        derived = derive_dates(dates)
        a.add(
            "activities",
            iati_identifier=a.identifier,
            reporting_org_ref=values.get("reporting_org_ref"),
            title=values.get("title"),
            description=values.get("description"),
            status_code=status_code,
            status=status,
            humanitarian=_humanitarian(values.get("humanitarian")),
            start_planned=dates.get("start_planned"),
            start_actual=dates.get("start_actual"),
            end_planned=dates.get("end_planned"),
            end_actual=dates.get("end_actual"),
            start=derived["start"],
            end=derived["end"],
            default_currency=a.default_currency,
            last_updated=self.timestamp(a, values.get("last_updated"), "@last-updated-datetime"),
            record_kind=KIND,
            synthetic=self.root_synthetic or _is_true(element.get(SYNTHETIC_ATTRIBUTE)),
            source_file=self.file,
        )
        geography: list[float | None] = []
        self._countries(group("countries"), a, geography)
        self._regions(group("regions"), a, geography)
        self._check_shares(a, {"recipient-country + recipient-region": geography})
        self._sectors(group("sectors"), a)
        donors: dict[str, list[str]] = {}
        self._orgs(group("orgs"), a, donors)
        self._budgets(group("budgets"), a)
        places: list[tuple[int, str, str | None, str | None]] = []
        self._transactions(group("transactions"), a, donors, places)
        if not group("countries") and not group("regions"):
            # IATI allows the geography on each transaction instead of on the activity.
            self._transaction_places(a, places)
        self._locations(group("locations"), a)
        self._results(group("results"), a)
        for donor_id, evidence in donors.items():
            a.add("activity_donors", iati_identifier=a.identifier, donor_id=donor_id,
                  evidence="; ".join(dict.fromkeys(evidence)))

    # -- groups --
    def _countries(self, elements: list[etree._Element], a: _Activity, shares: list[float | None]) -> None:
        tree = a.fields.trees["country"]
        seen: set[str] = set()
        for i, country in enumerate(elements, 1):
            got = tree.read_new(country, a.lang)
            code = got.get("code")
            where = f"recipient-country[{i}]"
            share = self.percentage(a, got.get("percentage"), (where, "@percentage"))
            shares.append(share)
            iso3 = self.country(a, code, (where, "@code"))
            if iso3 is None:
                self.flag(
                    a, (where, "@code"), f"unknown country code {code!r}: this country is not loaded", code
                )
            elif iso3 in seen:
                self.flag(a, (where, "@code"), f"country {code} listed twice: the first is kept", code)
            else:
                seen.add(iso3)
                a.add("activity_countries", iati_identifier=a.identifier, iso3=iso3, percentage=share)

    def _regions(self, elements: list[etree._Element], a: _Activity, shares: list[float | None]) -> None:
        tree = a.fields.trees["region"]
        for i, region in enumerate(elements, 1):
            got = tree.read_new(region, a.lang)
            where = f"recipient-region[{i}]"
            share = self.percentage(a, got.get("percentage"), (where, "@percentage"))
            shares.append(share)
            code = got.get("code")
            if code is None:
                self.flag(a, (where, "@code"), "recipient-region without a code: not loaded")
                continue
            vocabulary = got.get("vocabulary") or DEFAULT_REGION_VOCABULARY
            name = got.get("name")
            if vocabulary == DEFAULT_REGION_VOCABULARY:
                name = self.label(a, self.regions, code, (where, "@code"), "DAC region") or name
            a.add("activity_regions", iati_identifier=a.identifier, region_code=code, region=name,
                  vocabulary=vocabulary, percentage=share)

    def _sectors(self, elements: list[etree._Element], a: _Activity) -> None:
        tree = a.fields.trees["sector"]
        shares: dict[str, list[float | None]] = {}
        themes_from: list[tuple[str | None, str | None, str | None]] = []
        for i, sector in enumerate(elements, 1):
            got = tree.read_new(sector, a.lang)
            where = f"sector[{i}]"
            code = got.get("code")
            vocabulary = (
                a.fields.translate("sector_vocabulary", got.get("vocabulary")) or DEFAULT_SECTOR_VOCABULARY
            )
            shares.setdefault(vocabulary, []).append(
                self.percentage(a, got.get("percentage"), (where, "@percentage"))
            )
            if code is None:
                self.flag(a, (where, "@code"), "sector without a code: not loaded")
                continue
            narrative = got.get("name")
            if vocabulary == "1":
                label = self.label(a, self.sectors, code, (where, "@code"), "DAC purpose") or narrative
            elif vocabulary == "2":
                label = (
                    self.label(a, self.sector_categories, code, (where, "@code"), "DAC category") or narrative
                )
            else:  # IOM's 98 (service area), 99 (project type) and other vocabularies: the file's own label
                label = narrative
            a.add("activity_sectors", iati_identifier=a.identifier, vocabulary=vocabulary, code=code,
                  label=label, percentage=shares[vocabulary][-1])
            themes_from.append((vocabulary, code, label))
        self._check_shares(a, {f"sector vocabulary {v}": s for v, s in shares.items()})
        for theme, derived_from in activity_themes(themes_from).items():
            a.add("activity_themes", iati_identifier=a.identifier, theme=theme, derived_from=derived_from)

    def _orgs(self, elements: list[etree._Element], a: _Activity, donors: dict[str, list[str]]) -> None:
        tree = a.fields.trees["org"]
        for i, org in enumerate(elements, 1):
            got = tree.read_new(org, a.lang)
            where = f"participating-org[{i}]"
            role_code = a.fields.translate("org_role", got.get("role"))
            role = self.label(a, self.roles, role_code, (where, "@role"), "organisation role")
            ref, name, org_type = got.get("ref"), got.get("name"), got.get("type")
            org_type_label = self.label(a, self.org_types, org_type, (where, "@type"), "organisation type")
            donor_id = None
            if role_code in DONOR_ORG_ROLES:
                donor_id = self.donor(name, ref, org_type)
                if donor_id:
                    donors.setdefault(donor_id, []).append(f"participating-org role {role_code} ({role})")
            a.add(
                "participating_orgs", iati_identifier=a.identifier, role_code=role_code, role=role, ref=ref,
                name=name, org_type=org_type, org_type_label=org_type_label, donor_id=donor_id,
            )

    def _budgets(self, elements: list[etree._Element], a: _Activity) -> None:
        tree = a.fields.trees["budget"]
        for i, budget in enumerate(elements, 1):
            got = tree.read_new(budget, a.lang)
            where = f"budget[{i}]"
            start, start_day = self.date(a, got.get("period_start"), (where, "period-start/@iso-date"))
            end, _ = self.date(a, got.get("period_end"), (where, "period-end/@iso-date"))
            money = self.money(a, where, "budget", got, start_day)
            if money is None:
                continue
            value, currency, usd = money
            if value is not None and value < 0:
                self.flag(a, (where, "value"), f"negative budget {value:g}: kept as published", str(value))
            a.add(
                "budgets",
                iati_identifier=a.identifier,
                period_start=start,
                period_end=end,
                **_money_columns(value, currency, usd),
                budget_type=got.get("type"),
                budget_status=got.get("status"),
            )

    def _transactions(
        self,
        elements: list[etree._Element],
        a: _Activity,
        donors: dict[str, list[str]],
        places: list[tuple[int, str, str | None, str | None]],
    ) -> None:
        tree = a.fields.trees["transaction"]
        for i, transaction in enumerate(elements, 1):
            got = tree.read_new(transaction, a.lang)
            where = f"transaction[{i}]"
            if got.get("country") is not None:
                places.append((i, "country", got["country"], None))
            if got.get("region") is not None:
                places.append((i, "region", got["region"], got.get("region_vocabulary")))
            type_code = a.fields.translate("transaction_type", got.get("type"))
            if type_code is None:
                self.flag(
                    a,
                    (where, "transaction-type/@code"),
                    "transaction without a type: not loaded",
                    _snippet(transaction),
                )
                continue
            type_label = self.label(
                a, self.transaction_types, type_code, (where, "transaction-type/@code"), "transaction type"
            )
            date, day = self.date(a, got.get("date"), (where, "transaction-date/@iso-date"))
            money = self.money(a, where, "transaction", got, day)
            if money is None:
                continue
            value, currency, usd = money
            provider_ref, provider_name = got.get("provider_ref"), got.get("provider_name")
            provider_donor = None
            if type_code in DONOR_TRANSACTION_TYPES:
                provider_donor = self.donor(provider_name, provider_ref, None)
                if provider_donor:
                    donors.setdefault(provider_donor, []).append(
                        f"provider of transaction type {type_code} ({type_label})"
                    )
            a.add(
                "transactions",
                iati_identifier=a.identifier,
                transaction_type=type_code,
                transaction_type_label=type_label,
                date=date,
                **_money_columns(value, currency, usd),
                provider_ref=provider_ref,
                provider_name=provider_name,
                provider_donor_id=provider_donor,
                receiver_ref=got.get("receiver_ref"),
                receiver_name=got.get("receiver_name"),
            )

    def _transaction_places(
        self, a: _Activity, places: list[tuple[int, str, str | None, str | None]]
    ) -> None:
        """Countries and regions named only on transactions, once each, without a share (none is given)."""
        seen: set[tuple[str | None, str | None]] = set()
        for i, kind, code, vocabulary in places:
            if kind == "country":
                iso3 = self.country(a, code, (f"transaction[{i}]", "recipient-country/@code"))
                if iso3 is None:
                    self.flag(
                        a,
                        (f"transaction[{i}]", "recipient-country/@code"),
                        f"unknown country code {code!r}: this country is not loaded",
                        code,
                    )
                elif (iso3, None) not in seen:
                    seen.add((iso3, None))
                    a.add("activity_countries", iati_identifier=a.identifier, iso3=iso3, percentage=None)
            elif (code, vocabulary) not in seen:
                seen.add((code, vocabulary))
                vocabulary = vocabulary or DEFAULT_REGION_VOCABULARY
                name = self.regions.get(code or "") if vocabulary == DEFAULT_REGION_VOCABULARY else None
                a.add("activity_regions", iati_identifier=a.identifier, region_code=code, region=name,
                      vocabulary=vocabulary, percentage=None)

    def _locations(self, elements: list[etree._Element], a: _Activity) -> None:
        tree = a.fields.trees["location"]
        for i, location in enumerate(elements, 1):
            got = tree.read_new(location, a.lang)
            lat, lon = self.coordinates(a, got, f"location[{i}]")
            a.add(
                "locations",
                iati_identifier=a.identifier,
                name=got.get("name"),
                lat=lat,
                lon=lon,
                admin_code=got.get("admin_code"),
                admin_vocabulary=got.get("admin_vocabulary"),
                admin_level=got.get("admin_level"),
                location_ref=got.get("ref"),
            )

    def _results(self, elements: list[etree._Element], a: _Activity) -> None:
        tree = a.fields.trees["result"]
        for i, result in enumerate(elements, 1):
            title = tree.read_new(result, a.lang).get("title")
            # A result without indicators, or an indicator without periods, is still one row.
            for row in self._indicator_rows(a, result, f"result[{i}]") or [{**_NO_INDICATOR, **_NO_PERIOD}]:
                a.add("results", iati_identifier=a.identifier, result=title, **row)

    def _indicator_rows(self, a: _Activity, result: etree._Element, where: str) -> list[dict[str, object]]:
        """One row per indicator period (an indicator without periods is one row), columns named."""
        tree, tags = a.fields.trees["indicator"], a.fields.tags
        rows: list[dict[str, object]] = []
        for j, indicator in enumerate(result.iterchildren(tags["indicators"]), 1):
            at = f"{where}/indicator[{j}]"
            got = tree.read_new(indicator, a.lang)
            measure_code = got.get("measure")
            measure = self.measures.get(measure_code or "", measure_code)
            baseline = self.number(a, got.get("baseline"), (at, "baseline/@value"))
            periods = [
                self._period(a, period, f"{at}/period[{k}]")
                for k, period in enumerate(indicator.iterchildren(tags["periods"]), 1)
            ]
            indicator_columns = {"indicator": got.get("title"), "measure": measure, "baseline": baseline}
            rows.extend({**indicator_columns, **period} for period in periods or [_NO_PERIOD])
        return rows

    def _period(self, a: _Activity, period: etree._Element, at: str) -> dict[str, object]:
        """The target, actual, period_start and period_end of one indicator period."""
        got = a.fields.trees["period"].read_new(period, a.lang)
        start, _ = self.date(a, got.get("start"), (at, "period-start/@iso-date"))
        end, _ = self.date(a, got.get("end"), (at, "period-end/@iso-date"))
        target = self.number(a, got.get("target"), (at, "target/@value"))
        actual = self.number(a, got.get("actual"), (at, "actual/@value"))
        return {"target": target, "actual": actual, "period_start": start, "period_end": end}

    # -- values --
    def country(self, a: _Activity, code: str | None, where: tuple[str, ...]) -> str | None:
        """ISO3 of an IATI country code; a code the codelist keeps as withdrawn ("AN") loads under its former
        ISO3 with a flag (it is no country today, so it has no place on the map)."""
        if not code or not _ISO2.fullmatch(code):
            return None
        iso3 = iso3_from_iso2(code)
        if iso3 is None and code.upper() in self.withdrawn_countries:
            former = former_country(code)
            if former:
                iso3 = former[0]
                self.flag(a, where, f"country code {code!r} ({former[1]}) is withdrawn from the IATI Country "
                                    f"codelist: loaded as {iso3}, which no current country or map shape has",
                          code)
        return iso3

    def label(
        self, a: _Activity, names: dict[str, str], code: str | None, where: str | tuple[str, ...], what: str
    ) -> str | None:
        """The codelist label of a code; an unknown code is kept as published and flagged."""
        if code is None:
            return None
        found = names.get(code)
        if found is None:
            self.flag(a, where, f"{what} code {code!r} is not in the IATI codelist: kept, no label", code)
        elif code in self.withdrawn.get(id(names), ()):
            self.flag(a, where, f"{what} code {code!r} is withdrawn from the IATI codelist: loaded", code)
        return found

    def date(
        self, a: _Activity, raw: str | None, where: tuple[str, ...]
    ) -> tuple[str | None, dt.date | None]:
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
            self.flag(
                a, where, f"impossible or non-ISO date {raw[:40]!r} (expected YYYY-MM-DD): left empty", raw
            )
            return None, None
        return parsed  # type: ignore[return-value]

    def timestamp(self, a: _Activity, raw: str | None, where: str) -> dt.datetime | None:
        if raw is None:
            return None
        known = self.timestamps.get(raw)
        if known is not None:
            return known
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            self.flag(a, where, f"unreadable date-time {raw[:40]!r}: left empty", raw)
            return None
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if not 1900 <= value.year <= 2200:
            self.flag(a, where, f"date-time {raw!r} out of range: left empty", raw)
            return None
        if len(self.timestamps) >= MAX_CACHED_DATES:
            self.timestamps.clear()
        self.timestamps[raw] = value
        return value

    def number(self, a: _Activity, raw: str | None, where: tuple[str, ...]) -> float | None:
        if raw is None:
            return None
        value = _parse_decimal(raw)
        if value is None:
            self.flag(a, where, f"{_decimal_problem(raw)}: left empty", raw)
        return value

    def percentage(self, a: _Activity, raw: str | None, where: tuple[str, ...]) -> float | None:
        value = self.number(a, raw, where)
        if value is not None and not 0 <= value <= 100:
            self.flag(a, where, f"percentage {value:g} outside 0-100: kept as published", raw)
        return value

    def _currency(self, a: _Activity, raw: str | None) -> str | None:
        """The activity's default currency; an unknown one is flagged and not used."""
        if raw is None:
            return None
        if raw.upper() not in self.currencies:
            self.flag(a, "@default-currency", f"unknown default currency {raw[:40]!r}: not used", raw)
            return None
        return raw.upper()

    def money(
        self, a: _Activity, where: str, kind: str, got: dict[str, str | None], fallback_day: dt.date | None
    ) -> tuple[float | None, str | None, UsdValue] | None:
        """(value, currency, USD) of a budget's or transaction's value; None for an unknown currency.

        The currency is the value's own, else the activity's default; USD uses the value date, else
        ``fallback_day`` (the transaction date or the budget's period start).
        """
        raw_currency = got.get("currency")
        if raw_currency is not None:
            currency: str | None = raw_currency.upper()
            if currency not in self.currencies:
                self.flag(
                    a,
                    (where, "value/@currency"),
                    f"unknown currency {raw_currency[:40]!r}: this {kind} is not loaded",
                    raw_currency,
                )
                return None
        else:
            currency = a.default_currency
        raw_value = got.get("value")
        if raw_value is None:
            self.flag(a, (where, "value"), "empty value: kept without an amount")
            value = None
        else:
            value = _parse_decimal(raw_value)
            if value is None:
                self.flag(
                    a,
                    (where, "value"),
                    f"{_decimal_problem(raw_value)}: kept without an amount",
                    raw_value,
                )
        if currency is None and value is not None:
            self.flag(
                a,
                (where, "value/@currency"),
                "no currency (none on the value, no valid default-currency): not converted to USD",
            )
        _, value_day = self.date(a, got.get("value_date"), (where, "value/@value-date"))
        usd = to_usd(value, currency, value_day or fallback_day)
        if usd.refused:
            self.flag(a, (where, "value"), usd.refused, raw_value)
        return value, currency, usd

    def coordinates(
        self, a: _Activity, got: dict[str, str | None], where: str
    ) -> tuple[float | None, float | None]:
        """Latitude and longitude: 2.0x ``pos`` is "latitude longitude"; 1.0x has two attributes."""
        pos = got.get("pos")
        if pos is not None:
            parts = pos.split()
            if len(parts) != 2:
                self.flag(
                    a,
                    (where, "point/pos"),
                    f"pos {pos[:80]!r} is not 'latitude longitude': no coordinates",
                    pos,
                )
                return None, None
            raw_lat, raw_lon = parts
        else:
            latitude, longitude = got.get("latitude"), got.get("longitude")
            if latitude is None or longitude is None:
                return None, None
            raw_lat, raw_lon = latitude, longitude
        lat, lon = _parse_decimal(raw_lat), _parse_decimal(raw_lon)
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            self.flag(
                a,
                (where, "point/pos" if pos is not None else "coordinates"),
                f"{raw_lat[:40]!r} {raw_lon[:40]!r} is not a latitude and longitude: no coordinates",
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

    def _check_shares(self, a: _Activity, groups: dict[str, list[float | None]]) -> None:
        """Flag a group of shares that is published but does not add up to 100 (the shares are kept)."""
        for what, shares in groups.items():
            given = [s for s in shares if s is not None]
            if not given:
                continue
            total = math.fsum(given)
            missing = len(given) < len(shares)
            if abs(total - 100) > PERCENT_TOLERANCE or missing:
                self.flag(
                    a,
                    what,
                    f"percentages of {what} add up to {total:g}, not 100"
                    + (" (some have none)" if missing else "")
                    + ": kept as published",
                    " + ".join(f"{s:g}" for s in given)[:2000],
                )


def _money_columns(value: float | None, currency: str | None, usd: UsdValue) -> dict[str, object]:
    """The amount columns budgets and transactions share: the value as published and its USD conversion."""
    return {"value": value, "currency": currency, "value_usd": usd.value_usd, "usd_rate_date": usd.rate_date,
            "usd_converted": usd.converted}


def _parse_decimal(raw: str) -> float | None:
    text = raw.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _decimal_problem(raw: str) -> str:
    """Why ``raw`` is not a usable xsd:decimal (for the quarantine)."""
    text = raw.strip()
    if _EXPONENT.fullmatch(text):
        return f"exponent notation {text[:80]!r} is not an xsd:decimal (write the digits out)"
    if _DECIMAL.fullmatch(text):
        return f"number {text[:40]!r}... out of range"
    return f"not a number: {raw[:80]!r}"


def _parse_date(raw: str) -> object:
    if len(raw) == 10 and raw[4] == "-" and raw[7] == "-":  # plain YYYY-MM-DD, the common case
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            pass  # the full check below decides, and its verdict is the same for every input
        else:
            return (day.isoformat(), day) if 1900 <= day.year <= 2200 else _INVALID
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
    for name in attrib:  # names only: most activities have no version attribute of their own
        if name == "version" or name.endswith("}version"):
            return attrib[name]
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
