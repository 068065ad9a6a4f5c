"""CSV/TSV and Excel project lists -> the same tables as IATI activities (record_kind "project_list").

Country offices keep project lists by hand, so the loader expects the mess that comes with it: headers
spelled any way ("Budget (USD)", "Project Title", "country_iso3") or an HXL hashtag row, preamble lines and
merged two-line headers, the header repeated further down, empty rows, ``null``/``N/A`` for "not stated",
both ``1,234,567.89`` and ``1.234.567,89``. What it cannot read with certainty it quarantines, naming file,
line and field: an ambiguous amount is never guessed, an unknown country name is flagged while the project
still loads. Formulas are never evaluated: a workbook cell gives what Excel last computed, and a formula
with no stored result (or a CSV cell such as ``=HYPERLINK(...)``) is kept as plain text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dashboard.errors import FileUnreadable, Problem
from dashboard.loaders.base import MAX_FILE_BYTES, LoadResult
from dashboard.model.codelists import is_known, label
from dashboard.model.countries import iso3_from_name
from dashboard.model.donors import Donor, DonorRegistry
from dashboard.model.money import to_usd
from dashboard.model.text import fold_accents
from dashboard.model.text_decoding import decode_text
from dashboard.model.themes import THEMES

KIND = "project_list"
THEME_VOCABULARY = "project-list-theme"
DONOR_EVIDENCE = "project list donor column"
# A header is looked for in the first rows only: further down, a row of words is data.
HEADER_SEARCH_ROWS = 30
DELIMITERS = (",", ";", "\t", "|")
# Workbooks are zip files: refuse one whose parts expand beyond this (a zip bomb, or not a project list).
MAX_WORKBOOK_EXPANDED_BYTES = 512 * 1024**2
MAX_COLUMNS = 256
# csv's own field limit is process-wide (and raised to the maximum by hdx-python-utilities): keep ours.
MAX_CELL_CHARS = 100_000
# Excel's own sheet size: no genuine project list is longer. Cells counted over the whole sheet.
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_CELLS = 5_000_000
# A table ends after this many empty rows in a row (a stray cell far below is not part of it).
MAX_EMPTY_ROW_RUN = 10_000

# Header synonyms, compared after folding case, accents, spaces and punctuation ("Budget (USD)" is
# "budget" with a currency). Only words that clearly name the field: "date" or "value" alone are not here.
HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "projectcode", "projectid", "id", "projectno", "projectnumber", "projectref",
             "projectreference", "reference", "iatiidentifier", "iatiid", "activityid", "activitycode",
             "activityidentifier", "codeprojet", "codigo", "codigoproyecto"),
    "title": ("title", "projecttitle", "projectname", "name", "project", "activitytitle", "activityname",
              "titre", "titreduprojet", "titulo", "nombredelproyecto", "projet", "proyecto"),
    "description": ("description", "summary", "objective", "objectives", "projectdescription"),
    "country": ("country", "countries", "countryiso3", "iso3", "countrycode", "countrycodes", "countryname",
                "recipientcountry", "recipientcountries", "countryiso", "countriesiso3", "pays", "pais",
                "paises"),
    "donor": ("donor", "donors", "funder", "funders", "fundingsource", "fundingsources", "donorname",
              "fundedby", "fundingorganisation", "fundingorganization", "fundingpartner", "bailleur",
              "bailleurs", "donante", "donantes"),
    "budget": ("budget", "budgetamount", "amount", "totalbudget", "fundingamount", "budgetvalue",
               "projectbudget", "totalamount", "montant", "monto", "presupuesto"),
    "currency": ("currency", "budgetcurrency", "currencycode", "ccy", "devise", "moneda"),
    "start": ("start", "startdate", "projectstart", "projectstartdate", "begin", "begindate", "datestart",
              "startyear", "datededebut", "debut", "fechadeinicio", "inicio"),
    "end": ("end", "enddate", "projectend", "projectenddate", "dateend", "endyear", "completiondate",
            "datedefin", "fin", "fechadefin"),
    "theme": ("theme", "themes", "thematicarea", "thematicareas", "thematicfocus", "sector", "sectors",
              "programmearea", "programarea", "projecttype", "category", "servicearea", "thematique",
              "tema"),
    "url": ("url", "link", "weblink", "sourceurl", "webpage", "website", "projecturl", "projectpage",
            "source", "lien", "enlace"),
    "status": ("status", "projectstatus", "activitystatus", "statut", "estado"),
}
_FIELD_BY_HEADER = {syn: name for name, syns in HEADER_SYNONYMS.items() for syn in syns}
# Fields whose cells may hold several values ("SLV;GTM;HND", "EU; BMZ") and whose columns add up.
_LIST_FIELDS = frozenset({"country", "donor", "theme"})

_MISSING = frozenset({"", "null", "none", "nil", "n/a", "n.a.", "n.a", "#n/a", "-", "--", "\u2014", "nan",
                      "not stated", "unknown", "tbd", "tbc"})
# "NA" means "not available" everywhere except in a country column, where it is Namibia's code.
_MISSING_EXCEPT_COUNTRY = frozenset({"na"})

# Words of regions and groupings, never of a single country's common name (see resolve_country).
_CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "US$": "USD", "USD$": "USD", "₹": "INR", "₱": "PHP", "₦": "NGN",
                   "₩": "KRW", "₺": "TRY", "EURO": "EUR", "EUROS": "EUR"}
# Signs shared by several currencies: never guessed.
_AMBIGUOUS_SIGNS = frozenset({"$", "¥", "KR", "FR", "DOLLAR", "DOLLARS", "FRANCS", "CROWNS", "PESOS"})
_MULTIPLIERS = {"K": 10**3, "THOUSAND": 10**3, "M": 10**6, "MN": 10**6, "MIO": 10**6, "MLN": 10**6,
                "MILLION": 10**6, "MILLIONS": 10**6, "BN": 10**9, "BILLION": 10**9, "BILLIONS": 10**9}
_GROUP_SPACES = " '\u00a0\u202f\u2009"

_STATUS_CODES = {
    "pipeline": "1", "identification": "1", "planned": "1", "planning": "1", "pipelineidentification": "1",
    "implementation": "2", "ongoing": "2", "active": "2", "inprogress": "2", "open": "2", "encours": "2",
    "completion": "3", "completed": "3", "complete": "3", "finished": "3", "ended": "3", "finalisation": "3",
    "closed": "4", "postcompletion": "4", "cancelled": "5", "canceled": "5", "suspended": "6",
    "onhold": "6",
}

# Raw theme (folded) -> dashboard themes: IOM's own project categories and the plain names. Kept explicit
# and small: a theme not listed here stays in activity_sectors only, unmapped, rather than guessed.
_THEME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "counter trafficking projects": ("counter-trafficking",),
    "counter trafficking": ("counter-trafficking",),
    "trafficking in persons": ("counter-trafficking",),
    "human trafficking": ("counter-trafficking",),
    "migrant smuggling": ("migrant smuggling",),
    "smuggling of migrants": ("migrant smuggling",),
    "migration research and publication": ("data and research",),
    "migration research": ("data and research",),
    "research and publications": ("data and research",),
    "migration data": ("data and research",),
    "migration policy activities": ("migration governance",),
    "migration policy": ("migration governance",),
    "migration management": ("migration governance",),
    "technical cooperation on migration management and capacity building": ("migration governance",),
    "immigration and border management": ("border management",),
    "integrated border management": ("border management",),
    "border governance": ("border management",),
    "labour mobility": ("labour migration",),
    "labour migration and human development": ("labour migration", "migration and development"),
    "facilitated migration": ("labour migration",),
    "migration health": ("migration health",),
    "health": ("migration health",),
    "assisted voluntary return and reintegration": ("return and reintegration",),
    "avrr": ("return and reintegration",),
    "return assistance to migrants and governments": ("return and reintegration",),
    "emergency and post crisis": ("displacement and emergency",),
    "movement emergency and post crisis migration management": ("displacement and emergency",),
    "humanitarian response": ("displacement and emergency",),
    "displacement": ("displacement and emergency",),
    "migration environment and climate change": ("climate and environment",),
    "climate change": ("climate and environment",),
    "diaspora engagement": ("diaspora",),
    "remittances": ("migration and development",),
    "migrant protection and assistance": ("protection of vulnerable migrants",),
    "protection": ("protection of vulnerable migrants",),
    "migrant assistance": ("protection of vulnerable migrants",),
    "identity management": ("consular and identity",),
    "community stabilisation": ("community stabilization",),
    "transition and recovery": ("community stabilization",),
    "gender equality": ("gender",),
    **{theme.replace("-", " "): (theme,) for theme in THEMES},
}


@dataclass(frozen=True)
class Column:
    """A header cell understood: the field it fills, plus what the header itself states."""

    index: int
    field: str
    label: str
    currency: str | None = None  # "Budget (USD)", HXL "#value+usd"
    month_first: bool = False  # "Start (mm/dd/yyyy)"


@dataclass(frozen=True)
class HeaderLayout:
    """Where the header is and what each column means."""

    row_index: int  # index (in the rows given) of the last header row; data starts after it
    columns: tuple[Column, ...]
    header_rows: frozenset[tuple[str, ...]]  # folded rows up to the header: a repeat of one is skipped

    @property
    def fields(self) -> frozenset[str]:
        return frozenset(c.field for c in self.columns)


class ValueProblem(ValueError):
    """One cell that cannot be read with certainty; the message is the quarantine reason."""


# ---------------------------------------------------------------------------------------------- headers

def fold(text: str) -> str:
    """Lower case without accents, for comparing words written by hand."""
    if text.isascii():
        return text.lower()
    return fold_accents(text).casefold()


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _currency_word(word: str) -> str | None:
    upper = word.strip().upper()
    if upper in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[upper]
    if len(upper) == 3 and upper.isalpha() and is_known("Currency", upper):
        return upper
    return None


def column_for_header(index: int, text: str) -> Column | None:
    """The column a header cell names, or None ("Budget (USD)" -> budget in USD)."""
    text = text.strip()
    if not text:
        return None
    key = _header_key(text)
    if key in _FIELD_BY_HEADER and not re.search(r"[€£$]", text):
        return Column(index, _FIELD_BY_HEADER[key], text)
    brackets = re.findall(r"[(\[]([^)\]]*)[)\]]", text)
    base = re.sub(r"[(\[][^)\]]*[)\]]", " ", text)
    currency = next((c for c in map(_currency_word, brackets) if c), None)
    month_first = any(re.search(r"m{1,2}\W*d{1,2}\W*y", b, re.I) for b in brackets)
    words = re.findall(r"[^\W_]+|[€£$]", base)
    if currency is None:
        for word in words:
            if _currency_word(word):
                currency = _currency_word(word)
                words.remove(word)
                break
    key = _header_key(" ".join(w for w in words if fold(w) not in ("in", "en")))
    found = _FIELD_BY_HEADER.get(key)
    if found is None or (currency and found != "budget"):
        return None
    return Column(index, found, text, currency=currency, month_first=month_first)


_HXL_TAG = re.compile(r"^#[a-z][a-z0-9_]*(\s*\+\s*[a-z][a-z0-9_]*)*$", re.I)


def is_hxl_row(cells: Sequence[str]) -> bool:
    """An HXL hashtag row: every non-empty cell a hashtag, at least two of them."""
    tags = [c.strip() for c in cells if c.strip()]
    return len(tags) >= 2 and all(_HXL_TAG.match(t) for t in tags)


def column_for_hxl(index: int, tag: str) -> Column | None:
    """The column an HXL hashtag names (``#org+funder`` -> donor, ``#value+usd`` -> budget in USD)."""
    parts = [p.strip().lower() for p in tag.strip().split("+")]
    hashtag, attrs = parts[0], set(parts[1:])
    currency = next((c for c in map(_currency_word, attrs) if c), None)
    found: str | None = None
    if hashtag in ("#activity", "#project"):
        if attrs & {"code", "id"}:
            found = "code"
        elif attrs & {"description", "desc", "objective"}:
            found = "description"
        elif attrs & {"name", "title"} or not attrs:
            found = "title"
    elif hashtag == "#org":
        found = "donor" if attrs & {"funder", "donor", "funding"} else None
    elif hashtag == "#country":
        found = "country"
    elif hashtag == "#value":
        found = "budget"
    elif hashtag == "#currency":
        found = "currency"
    elif hashtag == "#date":
        found = "start" if "start" in attrs else "end" if "end" in attrs else None
    elif hashtag in ("#sector", "#subsector", "#theme"):
        found = "theme"
    elif hashtag == "#meta":
        found = "url" if attrs & {"url", "link"} else None
    elif hashtag == "#status":
        found = "status"
    elif hashtag == "#description":
        found = "description"
    if found is None:
        return None
    return Column(index, found, tag.strip(), currency=currency if found == "budget" else None)


def _forward_filled(cells: Sequence[str]) -> list[str]:
    """A merged header cell spans the empty cells to its right."""
    out, last = [], ""
    for cell in cells:
        last = cell.strip() or last
        out.append(last)
    return out


def _columns_for_row(cells: Sequence[str], above: Sequence[str] | None) -> list[Column]:
    if is_hxl_row(cells):
        columns = []
        for i, cell in enumerate(cells):
            col = column_for_hxl(i, cell) if cell.strip() else None
            if col is None and above is not None and i < len(above):
                col = column_for_header(i, above[i])
            if col is not None:
                columns.append(col)
        return columns
    parents = _forward_filled(above) if above is not None else []
    columns = []
    for i, cell in enumerate(cells):
        col = column_for_header(i, cell)
        # A two-line header (merged cells above): "Budget" over "Currency", "Start" over "Date".
        if col is None and i < len(parents) and parents[i]:
            col = column_for_header(i, f"{parents[i]} {cell}") if cell.strip() else column_for_header(
                i, parents[i])
        if col is not None:
            columns.append(col)
    return columns


def _score(columns: Sequence[Column]) -> int:
    fields = {c.field for c in columns}
    return len(fields) if fields & {"title", "code"} and len(fields) >= 2 else 0


def _row_key(cells: Sequence[str]) -> tuple[str, ...]:
    key = [_header_key(c) for c in cells]
    while key and not key[-1]:
        key.pop()
    return tuple(key)


def find_header(rows: Sequence[Sequence[str]]) -> HeaderLayout | None:
    """The header among the first rows: the row naming the most project fields (title or code among them)."""
    best: tuple[int, int, int] | None = None  # (score, is_hxl, index)
    best_columns: list[Column] = []
    for i, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not any(c.strip() for c in cells):
            continue  # an empty row would inherit every label of the merged header above it
        above = rows[i - 1] if i > 0 else None
        columns = _columns_for_row(cells, above)
        score = _score(columns)
        if not score:
            continue
        candidate = (score, int(is_hxl_row(cells)), i)
        # Ties: an HXL row under its text header wins (data starts after it); else the first row.
        if best is None or candidate[:2] > best[:2]:
            best, best_columns = candidate, columns
    if best is None:
        return None
    index = best[2]
    # One column per field, except fields that hold lists (two country columns both count).
    kept: list[Column] = []
    for col in best_columns:
        if col.field in _LIST_FIELDS or all(k.field != col.field for k in kept):
            kept.append(col)
    header_rows = frozenset(_row_key(r) for r in rows[:index + 1] if any(c.strip() for c in r))
    return HeaderLayout(index, tuple(kept), header_rows)


# ----------------------------------------------------------------------------------------- cell values

def is_missing(value: object, field_name: str) -> bool:
    """Empty, ``null``, ``N/A``...; ``NA`` only outside country columns (there it is Namibia)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    folded = value.strip().casefold()
    return folded in _MISSING or (field_name != "country" and folded in _MISSING_EXCEPT_COUNTRY)


def number_convention(text: str) -> str | None:
    """What an amount tells about the file's number format: "point" (1,234.5), "comma" (1.234,5) or None.

    Only grouped digits count as evidence ("1,234,567", "1.234,5"): a lone "2.5" may come from a "2.5 Mio"
    typed into an otherwise European file, and must not turn its "200.000" into 200.
    """
    body = re.sub(r"[^\d.,]", "", text)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return "point" if body.rfind(".") > body.rfind(",") else "comma"
    if commas > 1:
        return "point"
    if dots > 1:
        return "comma"
    return None


def _number(body: str, convention: str | None, raw: str) -> Decimal:
    """Digits with grouping and decimal separators -> Decimal; raises ValueProblem when unsure."""
    if not re.fullmatch(r"\d[\d.,'\u00a0\u202f\u2009 ]*", body) or not body[-1].isdigit():
        raise ValueProblem(f"not an amount: {raw!r}")
    decimal_sep: str | None = None
    if any(s in body for s in _GROUP_SPACES):
        # Spaces or apostrophes group thousands; a single . or , after them is the decimal separator.
        m = re.fullmatch(r"(\d{1,3}(?:[ '\u00a0\u202f\u2009]\d{3})+)(?:([.,])(\d+))?", body)
        if not m:
            raise ValueProblem(f"badly grouped digits in amount {raw!r}")
        integer, decimal_sep, fraction = re.sub(r"\D", "", m.group(1)), m.group(2), m.group(3)
        return Decimal(f"{integer}.{fraction}" if decimal_sep else integer)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
    elif commas + dots > 1:
        sep = "," if commas else "."
        decimal_sep = "." if sep == "," else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", body):
            raise ValueProblem(f"badly grouped digits in amount {raw!r}")
    elif commas + dots == 1:
        sep = "," if commas else "."
        integer, fraction = body.split(sep)
        if len(fraction) != 3 or len(integer) > 3 or integer == "0":
            decimal_sep = sep
        elif convention is None:
            raise ValueProblem(f"ambiguous amount {raw!r}: {sep!r} may group thousands or mark decimals; "
                               "write it without separators")
        else:
            decimal_sep = "." if convention == "point" else ","
    if decimal_sep is None:
        return Decimal(body)
    group_sep = "," if decimal_sep == "." else "."
    integer, _, fraction = body.rpartition(decimal_sep) if decimal_sep in body else (body, "", "")
    if group_sep in integer and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group_sep)}\d{{3}})+", integer):
        raise ValueProblem(f"badly grouped digits in amount {raw!r}")
    integer = integer.replace(group_sep, "")
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def parse_amount(text: str, convention: str | None = None) -> tuple[Decimal, str | None]:
    """An amount and the currency written with it: "USD 200,000", "1.234.567,89", "€1.2m", "1 234 567".

    ``convention`` ("point" or "comma", from the other amounts of the same file) settles "200,000"; without
    it such an amount is ambiguous and raises ValueProblem, as do unknown currencies and "$".
    """
    raw = text
    s = text.strip().replace("\u2212", "-")
    s = re.sub(r"\s*\(([A-Za-z]{3})\)$", r" \1", s)  # "200,000 (USD)"
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    currency: str | None = None
    multiplier = 1
    prefix = re.match(r"^(US\$|USD\$|[A-Za-z]{2,8}\.?|[€£$¥₹₱₦₩₺])\s*", s)
    if prefix:
        currency = _currency_sign(prefix.group(1).rstrip("."), raw)
        s = s[prefix.end():]
        if s.startswith("-"):
            negative, s = True, s[1:].strip()
    suffix = re.search(r"\s*([A-Za-z]{1,9}\.?|[€£$¥₹₱₦₩₺])$", s)
    while suffix:
        word = suffix.group(1).rstrip(".").upper()
        if word in _MULTIPLIERS and multiplier == 1:
            multiplier = _MULTIPLIERS[word]
        elif currency is None:
            currency = _currency_sign(word, raw)
        else:
            raise ValueProblem(f"not an amount: {raw!r}")
        s = s[:suffix.start()]
        suffix = re.search(r"\s*([A-Za-z]{1,9}\.?|[€£$¥₹₱₦₩₺])$", s)
    if not s:
        raise ValueProblem(f"not an amount: {raw!r}")
    value = _number(s.strip(), convention, raw) * multiplier
    return (-value if negative else value), currency


def _currency_sign(sign: str, raw: str) -> str:
    upper = sign.upper()
    if upper in _AMBIGUOUS_SIGNS:
        raise ValueProblem(f"currency sign {sign!r} in {raw!r} is shared by several currencies; "
                           "state the ISO code (USD, CAD...)")
    if upper in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[upper]
    if len(upper) == 3 and is_known("Currency", upper):
        return upper
    raise ValueProblem(f"unknown currency {sign!r} in {raw!r}")


_MONTHS = {m: i for i, names in enumerate((
    ("jan", "january", "janvier", "enero"), ("feb", "february", "fevrier", "febrero"),
    ("mar", "march", "mars", "marzo"), ("apr", "april", "avril", "abril"), ("may", "mai", "mayo"),
    ("jun", "june", "juin", "junio"), ("jul", "july", "juillet", "julio"),
    ("aug", "august", "aout", "agosto"), ("sep", "sept", "september", "septembre", "septiembre"),
    ("oct", "october", "octobre", "octubre"), ("nov", "november", "novembre", "noviembre"),
    ("dec", "december", "decembre", "diciembre")), start=1) for m in names}


_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?z?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th|er)? ([a-z]+)\.?,? (\d{4})")


def parse_date(value: object, *, is_end: bool, month_first: bool = False) -> dt.date:
    """A project date from a cell; a bare year or month stands for its first day (start) or last (end).

    Accepts ISO dates (with or without time), dd/mm/yyyy (mm/dd/yyyy when the header says so), yyyy-mm,
    yyyy, "20 May 2013" and "May 2013". Raises ValueProblem for an impossible or unreadable date.
    """
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value)
    if isinstance(value, dt.date):
        return _plausible(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))
    text = re.sub(r"\s+", " ", fold(str(value)).strip())
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            return _plausible(dt.date(int(m[1]), 12, 31) if is_end else dt.date(int(m[1]), 1, 1), value)
        if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", text):
            return _plausible(_month_date(int(m[1]), int(m[2]), is_end), value)
        if m := _ISO_DATE.fullmatch(text):
            return _plausible(dt.date(int(m[1]), int(m[2]), int(m[3])), value)
        if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text):
            day, month = (int(m[2]), int(m[1])) if month_first else (int(m[1]), int(m[2]))
            return _plausible(dt.date(int(m[3]), month, day), value)
        if (m := _DAY_MONTH_YEAR.fullmatch(text)) and m[2] in _MONTHS:
            return _plausible(dt.date(int(m[3]), _MONTHS[m[2]], int(m[1])), value)
        if (m := re.fullmatch(r"([a-z]+)\.? (\d{1,2}),? (\d{4})", text)) and m[1] in _MONTHS:
            return _plausible(dt.date(int(m[3]), _MONTHS[m[1]], int(m[2])), value)
        if (m := re.fullmatch(r"([a-z]+)\.?,? (\d{4})", text)) and m[1] in _MONTHS:
            return _plausible(_month_date(int(m[2]), _MONTHS[m[1]], is_end), value)
    except ValueError as exc:
        raise ValueProblem(f"impossible date {value!r} ({exc})") from exc
    raise ValueProblem(f"not a date: {value!r} (write yyyy-mm-dd, dd/mm/yyyy or yyyy)")


def _month_date(year: int, month: int, is_end: bool) -> dt.date:
    first = dt.date(year, month, 1)
    if not is_end:
        return first
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def _plausible(day: dt.date, raw: object) -> dt.date:
    if not 1900 <= day.year <= 2100:
        raise ValueProblem(f"implausible year in date {raw!r}")
    return day


def resolve_country(text: str) -> str | None:
    """ISO3 for a code or a country name, offline; None when it is not clearly one country."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return iso3_from_name(text.upper())  # exact names and codes first, then the taxonomy's patterns
    return iso3_from_name(text)


def split_countries(text: str) -> list[str]:
    """Country cell -> items: whole names with commas ("Korea, Republic of") stay whole."""
    items: list[str] = []
    for part in re.split(r"[;|\n]", text):
        part = part.strip()
        if not part:
            continue
        if "," in part or "/" in part:
            pieces = [p.strip() for p in re.split(r"[,/]", part) if p.strip()]
            # Split unless the whole is a country's exact name; fuzzy matching would take "Chad/Niger".
            if iso3_from_name(part, fuzzy=False) is None and any(resolve_country(p) for p in pieces):
                items.extend(pieces)
                continue
        items.append(part)
    return items


def themes_for(raw: str) -> tuple[str, ...]:
    """Dashboard themes a raw theme clearly names (explicit table, then the theme's own words)."""
    key = re.sub(r"[^a-z0-9]+", " ", fold(raw)).strip()
    if key in _THEME_SYNONYMS:
        return _THEME_SYNONYMS[key]
    found = []
    if "traffick" in key:
        found.append("counter-trafficking")
    if "smuggl" in key:
        found.append("migrant smuggling")
    return tuple(found)


def status_of(raw: str) -> tuple[str | None, str]:
    """(IATI ActivityStatus code, label) for a status cell; the raw text when it names no known status."""
    key = _header_key(raw)
    code = key if label("ActivityStatus", key) else _STATUS_CODES.get(key)
    return (code, label("ActivityStatus", code) or raw.strip()) if code else (None, raw.strip())


def project_id(file_name: str, title: str) -> str:
    """A stable identifier for a project listed without a code: same file name and title, same id."""
    normal = re.sub(r"\s+", " ", fold(title)).strip()
    digest = hashlib.sha1(f"{Path(file_name).name}|{normal}".encode(), usedforsecurity=False).hexdigest()
    return f"list:{digest[:12]}"


# ------------------------------------------------------------------------------------------ file reading

@dataclass
class _Sheet:
    """Rows of one table: (record label, cells). Cells are str for text files, typed for workbooks."""

    name: str | None
    rows: list[tuple[str, list[object] | None]]  # None: a record the csv module could not read
    notes: list[tuple[str | None, str]] = field(default_factory=list)  # (record, what was repaired or cut)


def _text_rows(text: str, delimiter: str,
               limit: int | None = None) -> Iterator[tuple[int, list[str] | None]]:
    """(first line number, cells) per CSV record; a record the csv module rejects gives (line, None)."""
    # strict: a stray or unclosed quote is an error on its record instead of silently merging lines.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    count = 0
    while limit is None or count < limit:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            if reader.line_num < line:
                return
            yield line, None
            line = reader.line_num + 1
            count += 1
            continue
        # An unclosed quote swallows the rest of the file into one field: refuse the record, not the file.
        yield line, None if any(len(c) > MAX_CELL_CHARS for c in cells) else cells[:MAX_COLUMNS]
        line = reader.line_num + 1
        count += 1


def _detect_delimiter(text: str) -> str:
    """The delimiter under which the first rows show the best project header, else the most regular one."""
    head = text[:65536]
    best: tuple[int, int, str] = (-1, -1, ",")
    for delimiter in DELIMITERS:
        rows = [cells or [] for _, cells in _text_rows(head, delimiter, limit=HEADER_SEARCH_ROWS + 1)]
        layout = find_header(rows)
        header_score = len(layout.fields) if layout else 0
        widths = [len(r) for r in rows if len(r) > 1]
        regular = max((widths.count(w) for w in set(widths)), default=0)
        best = max(best, (header_score, regular, delimiter))
    return best[2]


def _read_text_table(data: bytes, file: str) -> list[_Sheet]:
    decoded = decode_text(data, file)
    notes = [(None if line is None else f"line {line}", message) for line, message in decoded.notes()]
    if looks_like_html(decoded.text):
        sheets = _html_sheets(decoded.text)
        if sheets:
            sheets[0].notes.extend(notes)
            return sheets
    text = decoded.text
    delimiter = _detect_delimiter(text)
    rows: list[tuple[str, list[object] | None]] = [
        (f"line {line}", None if cells is None else list(cells))
        for line, cells in _text_rows(text, delimiter)]
    return [_Sheet(None, rows, notes)]


_HTML_OPENING = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Whether decoded text is an HTML document (a web report saved as .xls or .csv is one)."""
    return _HTML_OPENING.match(text.lstrip("\ufeff")) is not None


def html_tables(text: str, max_rows: int | None = None) -> list[list[list[str]]]:
    """The rows of each ``<table>`` of an HTML document, as cell texts (nested tables read on their own).

    The HTML parser recovers from broken markup, fetches nothing and keeps its default size limits; at most
    ``MAX_SHEET_ROWS`` rows (``max_rows`` when given) and ``MAX_COLUMNS`` cells a row are kept per table.
    """
    from lxml import etree, html

    parser = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    limit = MAX_SHEET_ROWS if max_rows is None else max_rows
    tables = []
    for table in root.iter("table"):
        rows = []
        for row in table.iter("tr"):
            if row.getparent() is not None and _closest_table(row) is not table:
                continue  # a row of a table nested in this one
            cells = [" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")]
            rows.append(cells[:MAX_COLUMNS])
            if len(rows) >= limit:
                break
        tables.append(rows)
    return tables


def _closest_table(element: object) -> object:
    node = element.getparent()  # type: ignore[attr-defined]
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def _html_sheets(text: str) -> list[_Sheet]:
    return [_Sheet(f"table {i}", [(f"table {i} row {n}", list(cells)) for n, cells in enumerate(rows, 1)])
            for i, rows in enumerate(html_tables(text), 1) if rows]


_FORMULA_ELEMENT = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether any worksheet holds a formula (<f>), streaming each part without parsing it."""
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as part:
            tail = b""
            while chunk := part.read(1 << 20):
                if _FORMULA_ELEMENT.search(tail + chunk):
                    return True
                tail = chunk[-16:]
    return False


def _computed_else_formula(values: Iterator[Sequence[object]],
                           formulas: Iterator[Sequence[object]]) -> Iterator[list[object]]:
    """Each cell's stored result; the formula's text where Excel stored none."""
    for value_row, formula_row in zip(values, formulas, strict=False):
        yield [f if v is None and isinstance(f, str) else v
               for v, f in zip(value_row, formula_row, strict=False)]


def _read_xlsx(path: Path, file: str) -> list[_Sheet]:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            if expanded > MAX_WORKBOOK_EXPANDED_BYTES:
                raise FileUnreadable(file, f"workbook expands to {expanded / 1e6:.0f} MB, over the "
                                           f"{MAX_WORKBOOK_EXPANDED_BYTES / 1e6:.0f} MB limit")
            has_formulas = _has_formulas(archive)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, zlib.error) as exc:
        raise FileUnreadable(file, f"not a readable Excel workbook ({exc})") from exc
    sheets: list[_Sheet] = []
    try:
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        # Formulas are read (never evaluated) only where some exist: a formula whose result Excel did
        # not store is kept as its text instead of being lost as an empty cell.
        formula_book = openpyxl.load_workbook(path, read_only=True, data_only=False) if has_formulas else None
        for index, values_ws in enumerate(values_book.worksheets):
            values_ws.reset_dimensions()  # trust the cells, not a (possibly absurd) declared size
            row_iter: Iterator[Sequence[object]] = values_ws.iter_rows(values_only=True)
            if formula_book is not None:
                formula_ws = formula_book.worksheets[index]
                formula_ws.reset_dimensions()
                row_iter = _computed_else_formula(row_iter, formula_ws.iter_rows(values_only=True))
            rows, notes = _bounded_sheet_rows(values_ws.title, row_iter)
            sheets.append(_Sheet(values_ws.title, rows, notes))
        values_book.close()
        if formula_book is not None:
            formula_book.close()
    except Exception as exc:  # openpyxl raises many types on a damaged file; all mean "unreadable"
        raise FileUnreadable(file, f"not a readable Excel workbook ({type(exc).__name__}: {exc})") from exc
    return sheets


def _bounded_sheet_rows(title: str, row_iter: Iterator[Sequence[object]]
                        ) -> tuple[list[tuple[str, list[object] | None]], list[tuple[str | None, str]]]:
    """A sheet's rows, up to the caps: a cell far down (row 50,000,000 of a 2 KB file) must not make the
    reader keep, or even walk, millions of empty rows. Trailing empty rows are never kept; a run of
    ``MAX_EMPTY_ROW_RUN`` empty rows, ``MAX_SHEET_ROWS`` rows or ``MAX_SHEET_CELLS`` cells ends the sheet,
    and the note says where and why."""
    rows: list[tuple[str, list[object] | None]] = []
    empty_run: list[tuple[str, list[object] | None]] = []
    cells_kept = 0
    notes: list[tuple[str | None, str]] = []
    for number, cells in enumerate(row_iter, start=1):
        if number > MAX_SHEET_ROWS or cells_kept > MAX_SHEET_CELLS:
            notes.append((f"{title} row {number}",
                          f"sheet {title!r} read up to row {number - 1:,} only: the reader stops at "
                          f"{MAX_SHEET_ROWS:,} rows or {MAX_SHEET_CELLS:,} cells; the rest is not loaded"))
            break
        row = list(cells[:MAX_COLUMNS])
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            empty_run.append((f"{title} row {number}", row))
            if len(empty_run) > MAX_EMPTY_ROW_RUN:
                notes.append((f"{title} row {number}",
                              f"sheet {title!r} read up to row {number:,} only: more than "
                              f"{MAX_EMPTY_ROW_RUN:,} empty rows in a row end the table; anything further "
                              "down is not loaded"))
                break
            continue
        rows.extend(empty_run)  # empty rows between records are layout; kept so row numbers stay true
        empty_run = []
        rows.append((f"{title} row {number}", row))
        cells_kept += len(row)
    return rows, notes


def _read_xls(data: bytes, file: str) -> list[_Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        sheets = []
        for sheet in book.sheets():
            rows = []
            for r in range(sheet.nrows):
                cells: list[object] = []
                for c in range(min(sheet.ncols, MAX_COLUMNS)):
                    cell = sheet.cell(r, c)
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            cells.append(cell.value)  # left as a number: the date check flags it
                    elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        cells.append(None)
                    else:
                        cells.append(cell.value)
                rows.append((f"{sheet.name} row {r + 1}", cells))
            sheets.append(_Sheet(sheet.name, rows))
    except Exception as exc:  # xlrd's errors on a damaged file have no common base class
        raise FileUnreadable(file, f"not a readable Excel 97-2003 workbook ({type(exc).__name__}: {exc})"
                             ) from exc
    return sheets


XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_sheets(path: Path, file: str) -> list[_Sheet]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FileUnreadable(file, f"file is {size / 1e9:.1f} GB, over the limit")
        data = path.read_bytes()
    except OSError as exc:
        raise FileUnreadable(file, f"cannot open: {exc.strerror or exc}") from exc
    if not data.strip():
        raise FileUnreadable(file, "empty file")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, file)
    if data.startswith(XLS_MAGIC):
        return _read_xls(data, file)
    return _read_text_table(data, file)


# ---------------------------------------------------------------------------------------------- loading

def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


@dataclass
class _Builder:
    """Accumulates the output rows and problems of one file."""

    file: str
    registry: DonorRegistry
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in (
        "activities", "activity_countries", "participating_orgs", "activity_donors", "budgets",
        "activity_themes", "activity_sectors")})
    problems: list[Problem] = field(default_factory=list)
    seen_ids: dict[str, str] = field(default_factory=dict)
    donor_by_name: dict[str, Donor | None] = field(default_factory=dict)
    records_seen: int = 0
    records_loaded: int = 0

    def flag(self, record: str, field_name: str | None, reason: str, raw: object = None) -> None:
        self.problems.append(Problem(self.file, record, field_name, reason,
                                     None if raw is None else _cell_text(raw), "flagged"))

    def reject(self, record: str, field_name: str | None, reason: str, raw: object = None) -> None:
        self.problems.append(Problem(self.file, record, field_name, reason,
                                     None if raw is None else str(raw)[:2000], "rejected"))


def _values(cells: Sequence[object], layout: HeaderLayout) -> dict[str, list[tuple[Column, object]]]:
    out: dict[str, list[tuple[Column, object]]] = {}
    for col in layout.columns:
        value = cells[col.index] if col.index < len(cells) else None
        if isinstance(value, str):
            value = value.strip()
        if not is_missing(value, col.field):
            out.setdefault(col.field, []).append((col, value))
    return out


def _load_sheet(sheet: _Sheet, b: _Builder) -> bool:
    """Load one table; False when it has no recognisable header (then nothing was counted)."""
    text_rows = [[_cell_text(c) for c in cells or []] for _, cells in sheet.rows[:HEADER_SEARCH_ROWS]]
    layout = find_header(text_rows)
    if layout is None:
        return False
    data_rows = sheet.rows[layout.row_index + 1:]
    conventions = {number_convention(_cell_text(c[col.index])) for _, c in data_rows if c is not None
                   for col in layout.columns
                   if col.field == "budget" and col.index < len(c) and isinstance(c[col.index], str)}
    conventions.discard(None)
    convention = conventions.pop() if len(conventions) == 1 else None
    for record, cells in data_rows:
        if cells is None:
            b.records_seen += 1
            b.reject(record, "row", "unreadable CSV record: a stray or unclosed quote (which swallows the "
                                    f"lines after it) or a field over {MAX_CELL_CHARS:,} characters")
            continue
        texts = [_cell_text(c) for c in cells]
        if not any(texts):
            continue  # an empty row is layout, not a record
        key = _row_key(texts)
        named = {_FIELD_BY_HEADER[k] for k in key if k in _FIELD_BY_HEADER}
        if key in layout.header_rows or len(named) >= max(2, len(layout.fields) - 1):
            continue  # the header (or its top line) repeated, e.g. at a page break of an export
        b.records_seen += 1
        if _load_record(record, _values(cells, layout), convention, b):
            b.records_loaded += 1
    return True


def _first(values: dict[str, list[tuple[Column, object]]], name: str) -> tuple[Column, object] | None:
    found = values.get(name)
    return found[0] if found else None


def _load_record(record: str, values: dict[str, list[tuple[Column, object]]], convention: str | None,
                 b: _Builder) -> bool:
    code_cell, title_cell = _first(values, "code"), _first(values, "title")
    code = _cell_text(code_cell[1]) if code_cell else None
    title = _cell_text(title_cell[1]) if title_cell else None
    if not code and not title:
        b.reject(record, "title", "no project title and no project code",
                 "; ".join(f"{c.label}={_cell_text(v)}" for vs in values.values() for c, v in vs))
        return False
    identifier = code or project_id(b.file, title or "")
    where = f"{record} ({code})" if code else record
    if identifier in b.seen_ids:
        b.reject(where, "code" if code else "title",
                 f"duplicate project {identifier!r} (first at {b.seen_ids[identifier]}); one row per project",
                 code or title)
        return False
    b.seen_ids[identifier] = record

    dates: dict[str, dt.date | None] = {"start": None, "end": None}
    for name in dates:
        cell = _first(values, name)
        if cell is None:
            continue
        try:
            dates[name] = parse_date(cell[1], is_end=name == "end", month_first=cell[0].month_first)
        except ValueProblem as exc:
            b.flag(where, name, f"{exc}; the project loads without it", cell[1])
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        b.flag(where, "end", f"end {dates['end']} is before start {dates['start']}", values["end"][0][1])

    status_cell = _first(values, "status")
    status_code, status = status_of(_cell_text(status_cell[1])) if status_cell else (None, None)
    url = _url(where, _first(values, "url"), b)
    description = _first(values, "description")
    currency = _budget(identifier, where, values, convention, dates["start"], dates["end"], b)
    b.rows["activities"].append({
        "iati_identifier": identifier, "title": title, "description": _cell_text(description[1])
        if description else None, "status_code": status_code, "status": status,
        # A list does not say whether its dates are planned or actual: they fill start/end only.
        "start": dates["start"], "end": dates["end"], "default_currency": currency,
        "record_kind": KIND, "synthetic": False, "url": url, "source_file": b.file,
    })
    _countries(identifier, where, values.get("country", []), b)
    _donors(identifier, values.get("donor", []), b)
    _themes(identifier, values.get("theme", []), b)
    return True


def _url(where: str, cell: tuple[Column, object] | None, b: _Builder) -> str | None:
    if cell is None:
        return None
    text = _cell_text(cell[1])
    # Only web links: a "javascript:" or formula cell must never become a clickable link in the app.
    if re.match(r"https?://[^\s<>\"]+$", text, re.I):
        return text
    b.flag(where, "url", "not an http(s) link; not stored as the project's link", text)
    return None


def _budget(identifier: str, where: str, values: dict[str, list[tuple[Column, object]]],
            convention: str | None, start: dt.date | None, end: dt.date | None, b: _Builder) -> str | None:
    """Append the budget row; return the project's currency (for default_currency)."""
    amount_cell, currency_cell = _first(values, "budget"), _first(values, "currency")
    stated: dict[str, str] = {}
    if currency_cell:
        raw_currency = _cell_text(currency_cell[1])
        try:
            stated["currency column"] = _currency_sign(raw_currency, raw_currency)
        except ValueProblem as exc:
            b.flag(where, "currency", f"{exc}; never guessed", raw_currency)
            if amount_cell:
                b.flag(where, "budget", "budget not loaded: its currency is unknown", amount_cell[1])
            return None
    if amount_cell is None:
        return stated.get("currency column")
    column, raw = amount_cell
    if column.currency:
        stated["header"] = column.currency
    try:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            value, in_cell = Decimal(str(raw)), None
        elif _cell_text(raw).startswith("="):
            raise ValueProblem(f"formula {_cell_text(raw)!r} is never evaluated and no result was stored")
        else:
            value, in_cell = parse_amount(_cell_text(raw), convention)
    except (ValueProblem, InvalidOperation) as exc:
        b.flag(where, "budget", f"{exc}; budget not loaded", raw)
        return stated.get("currency column") or stated.get("header")
    if in_cell:
        stated["cell"] = in_cell
    if len(set(stated.values())) > 1:
        b.flag(where, "budget", "currencies disagree (" + ", ".join(f"{k}: {v}" for k, v in stated.items())
               + "); budget not loaded", raw)
        return None
    currency = next(iter(stated.values()), None)
    if not value.is_finite():
        b.flag(where, "budget", "not a finite amount; not loaded", raw)
        return currency
    if value < 0:
        b.flag(where, "budget", "negative budget; not loaded", raw)
        return currency
    if currency is None:
        b.flag(where, "budget", "no currency stated in the cell, a currency column or the header; "
                                "loaded without currency or USD value", raw)
    # Converted at the average rate of the project's start year; no start date, no USD (never guessed).
    if not math.isfinite(float(value)):
        b.flag(where, "budget", "amount out of range; not loaded", raw)
        return currency
    usd = to_usd(float(value), currency, start)
    if usd.refused:
        b.flag(where, "budget", usd.refused, raw)
    b.rows["budgets"].append({
        "iati_identifier": identifier, "period_start": start, "period_end": end, "value": float(value),
        "currency": currency, "value_usd": usd.value_usd, "usd_rate_date": usd.rate_date,
        "usd_converted": usd.converted,
    })
    return currency


def _countries(identifier: str, where: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    seen: set[str] = set()
    for _, raw in cells:
        for item in split_countries(_cell_text(raw)):
            iso3 = resolve_country(item)
            if iso3 is None:
                b.flag(where, "country", f"unknown country {item!r}; the project loads without it", item)
            elif iso3 not in seen:
                seen.add(iso3)
                # No share is stated in a list, so none is invented: percentage stays empty.
                b.rows["activity_countries"].append({"iati_identifier": identifier, "iso3": iso3})


def _list_items(cells: list[tuple[Column, object]], field_name: str) -> Iterator[str]:
    """The items of list cells. Only ";" (or "|", a line break) separates them: donor names and themes
    carry commas ("Bureau of ..., U.S. Department of State")."""
    for _, raw in cells:
        for item in re.split(r"[;|\n]", _cell_text(raw)):
            if item.strip() and not is_missing(item, field_name):
                yield item.strip()


def _donors(identifier: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    seen: set[str] = set()
    for name in _list_items(cells, "donor"):
        if name not in b.donor_by_name:  # a list repeats its donors: match each spelling once
            b.donor_by_name[name] = b.registry.resolve(name)
        donor = b.donor_by_name[name]
        if donor is None or donor.donor_id in seen:
            continue
        seen.add(donor.donor_id)
        b.rows["participating_orgs"].append({
            "iati_identifier": identifier, "role_code": "1", "role": label("OrganisationRole", "1"),
            "ref": donor.ref, "name": name, "org_type": donor.org_type,
            "org_type_label": label("OrganisationType", donor.org_type), "donor_id": donor.donor_id,
        })
        b.rows["activity_donors"].append({"iati_identifier": identifier, "donor_id": donor.donor_id,
                                          "evidence": DONOR_EVIDENCE})


def _themes(identifier: str, cells: list[tuple[Column, object]], b: _Builder) -> None:
    mapped: set[str] = set()
    for item in _list_items(cells, "theme"):
        b.rows["activity_sectors"].append({"iati_identifier": identifier, "vocabulary": THEME_VOCABULARY,
                                           "code": item, "label": item})
        for theme in themes_for(item):
            if theme not in mapped:
                mapped.add(theme)
                b.rows["activity_themes"].append({"iati_identifier": identifier, "theme": theme,
                                                  "derived_from": f"project list theme: {item}"})


def load_project_table(path: Path, registry: DonorRegistry, *, source_name: str | None = None) -> LoadResult:
    """Load a CSV/TSV or Excel project list. Raises FileUnreadable when no project table can be read."""
    path = Path(path)
    file = source_name or path.name
    b = _Builder(file, registry)
    sheets = _read_sheets(path, file)
    found = [_load_sheet(sheet, b) for sheet in sheets]
    for sheet in sheets:
        for record, message in sheet.notes:
            b.flag(record or "file", None, message)
    if not any(found):
        raise FileUnreadable(file, "no header naming project columns (a title or project code column and "
                                   f"one more) in the first {HEADER_SEARCH_ROWS} rows")
    result = LoadResult(file, KIND, problems=b.problems, records_seen=b.records_seen,
                        records_loaded=b.records_loaded)
    for table, rows in b.rows.items():
        result.set_table(table, rows)
    return result
