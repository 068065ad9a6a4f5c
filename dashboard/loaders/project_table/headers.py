"""Header rows: synonyms in three languages, HXL hashtags, merged two-line headers, where the header is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.loaders.project_table.amounts import CURRENCY_SIGNS
from dashboard.loaders.project_table.cells import fold
from dashboard.model.codelists import is_known

# A header is looked for in the first rows only: further down, a row of words is data.
HEADER_SEARCH_ROWS = 30


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
FIELD_BY_HEADER = {syn: name for name, syns in HEADER_SYNONYMS.items() for syn in syns}
# Fields whose cells may hold several values ("SLV;GTM;HND", "EU; BMZ") and whose columns add up.
_LIST_FIELDS = frozenset({"country", "donor", "theme"})


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


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _currency_word(word: str) -> str | None:
    upper = word.strip().upper()
    if upper in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[upper]
    if len(upper) == 3 and upper.isalpha() and is_known("Currency", upper):
        return upper
    return None


def column_for_header(index: int, text: str) -> Column | None:
    """The column a header cell names, or None ("Budget (USD)" -> budget in USD)."""
    text = text.strip()
    if not text:
        return None
    key = header_key(text)
    if key in FIELD_BY_HEADER and not re.search(r"[€£$]", text):
        return Column(index, FIELD_BY_HEADER[key], text)
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
    key = header_key(" ".join(w for w in words if fold(w) not in ("in", "en")))
    found = FIELD_BY_HEADER.get(key)
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


def row_key(cells: Sequence[str]) -> tuple[str, ...]:
    key = [header_key(c) for c in cells]
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
    header_rows = frozenset(row_key(r) for r in rows[:index + 1] if any(c.strip() for c in r))
    return HeaderLayout(index, tuple(kept), header_rows)
