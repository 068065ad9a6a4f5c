"""Countries and places: names (English, French, Spanish and the taxonomy's alternative terms),
demonyms ("Thai", "Malaysian"), datelines ("Kilimanjaro, Tanzania –") and "in <place>" phrases.

Country names come from OCHA's country taxonomy (hdx-python-country, the same one behind
``dashboard.model.countries``), demonyms from the ``countryinfo`` package, cities from GeoNames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dashboard.news.boilerplate import DATELINE
from dashboard.news.gazetteer import City, find_city, fold_place, place_table
from dashboard.news.rules import registry as rules

# Demonyms the countryinfo data lacks or gives oddly (it lists "Welsh" for the United Kingdom); these are
# the adjectives of common English usage for a handful of countries, not words of any one release.
_DEMONYM_ADDITIONS = {
    "GBR": ("British",), "PHL": ("Philippine",), "LAO": ("Lao", "Laotian"),
    "ARG": ("Argentine", "Argentinian"),
    "KAZ": ("Kazakh",), "KGZ": ("Kyrgyz",), "TJK": ("Tajik",), "UZB": ("Uzbek",), "MMR": ("Myanmar",),
    "DJI": ("Djiboutian",), "NLD": ("Netherlands",), "KOR": ("Korean",), "CZE": ("Czech",),
    "COD": ("Congolese",), "USA": ("US", "U.S."),
}
_MAX_NAME_WORDS = 6
_SPACES = re.compile(r"[ \u00a0]+")
_ARTICLES = frozenset({"the", "la", "le", "les", "el", "los", "las"})
_ALIAS_MIN_POPULATION = 50_000
# World regions are never the city of an event, whatever small place GeoNames gives their name.
_REGIONS = frozenset({"africa", "asia", "europe", "america", "americas", "oceania", "pacific", "caribbean",
                      "middle east", "latin america", "central america", "south america", "north america",
                      "west africa", "east africa", "southern africa", "central asia", "south asia",
                      "southeast asia", "south-east asia", "balkans", "western balkans", "sahel", "maghreb",
                      "horn of africa", "north africa", "east and horn of africa", "gulf", "great lakes"})
_PLACE_LIST = re.compile(r"^\s*,\s*[A-ZÀ-Ý][\w’'-]+(?:\s+[A-ZÀ-Ý][\w’'-]+)?(?:\s*,\s*[A-ZÀ-Ý][\w’'-]+"
                         r"(?:\s+[A-ZÀ-Ý][\w’'-]+)?)*,?\s+and\s+[A-ZÀ-Ý]")
_IN_PLACE = re.compile(
    r"\b(?i:in|at|to|en|à|au|a)\s+(?:the\s+)?(?:(?:capital|city|town|border\s+town)(?:\s+of)?,?\s+)?"
    r"(?P<place>[A-ZÀ-Ý][\w’'À-ÿ-]*(?:[ \u00a0]+(?:(?:and|of|de|del|la)[ \u00a0]+)?[A-ZÀ-Ý][\w’'À-ÿ-]*){0,4})"
    r"(?:,\s*(?P<country>[A-ZÀ-Ý][\w’'À-ÿ-]*(?:[ \u00a0]+(?:and[ \u00a0]+)?[A-ZÀ-Ý][\w’'À-ÿ-]*){0,3}))?"
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    iso3: str
    text: str
    demonym: bool


@dataclass(frozen=True)
class Dateline:
    text: str
    end: int
    countries: tuple[str, ...]
    cities: tuple[City, ...]
    date_part: str | None
    place_names: tuple[str, ...] = ()  # the dateline's places that are not countries, as written


@lru_cache(maxsize=16384)
def _fold_name(text: str) -> str:
    text = fold_place(text)
    text = re.sub(r"^the ", "", text)
    return re.sub(r"'s$", "", text)


@cache
def country_names() -> dict[str, str]:
    """Folded country name (every Latin-script name and alternative term in the taxonomy) -> ISO3."""
    table = place_table()
    return dict(table["country_names"]) if table else country_names_from_sources()


@cache
def demonyms() -> dict[str, str]:
    """Folded demonym -> ISO3 ("thai" -> THA), keeping only those that name one sovereign country."""
    table = place_table()
    return dict(table["demonyms"]) if table else demonyms_from_sources()


@cache
def display_names() -> dict[str, str]:
    """ISO3 -> the country's display name ("KOR" -> "Republic of Korea"), for names the text gives only as a
    demonym or in another language."""
    table = place_table()
    if table and "display_names" in table:
        return dict(table["display_names"])
    return display_names_from_sources()


def display_names_from_sources() -> dict[str, str]:
    """The display names of every country the name table knows (slow: for the prebuilt table's build)."""
    from dashboard.model.countries import country_name

    return {iso3: country_name(iso3) for iso3 in sorted(set(country_names().values()))}


def country_names_from_sources() -> dict[str, str]:
    """The country names read from OCHA's taxonomy (slow: for the prebuilt table's build)."""
    from dashboard.model.countries import country_taxonomy

    names: dict[str, str] = {}
    data = country_taxonomy().countriesdata()
    for name, iso3 in data["countrynames2iso3"].items():
        if re.match(r"^[A-Za-zÀ-ÿ'’ ().,-]+$", name):
            key = _fold_name(re.sub(r"\s*\(.*?\)\s*", " ", name))
            if len(key) >= 3:
                names.setdefault(key, iso3)
    for iso3, row in data["countries"].items():
        for col in ("Preferred Term", "English Short", "RW Short Name", "French Short", "Spanish Short"):
            value = row.get(col)
            if value:
                names.setdefault(_fold_name(re.sub(r"\s*\(.*?\)\s*", " ", value)), iso3)
    names.setdefault("kosovo", "XKX")
    return names


def demonyms_from_sources() -> dict[str, str]:
    """The demonyms read from ``countryinfo`` and the taxonomy (slow: for the prebuilt table's build)."""
    from countryinfo import all_countries

    from dashboard.model.countries import country_taxonomy

    independent = {iso3 for iso3, row in country_taxonomy().countriesdata()["countries"].items()
                   if row.get("Independent") == "Y"}
    seen: dict[str, set[str]] = {}
    for info in all_countries():
        try:
            iso3 = (info.iso() or {}).get("alpha3")
            words = info.demonym() or ""
        except (KeyError, AttributeError, TypeError):
            continue
        if not iso3 or iso3 not in independent:
            continue
        for word in words.split(","):
            if word.strip():
                seen.setdefault(_fold_name(word), set()).add(iso3)
    for iso3, added in _DEMONYM_ADDITIONS.items():
        for word in added:
            seen.setdefault(_fold_name(word), set()).add(iso3)
    names = country_names_from_sources()
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and len(k) >= 3 and k not in names}


@lru_cache(maxsize=8192)
def country_of_name(text: str) -> str | None:
    """ISO3 of a country name as written in a release, or None (exact names and alternative terms)."""
    key = _fold_name(text)
    found = country_names().get(key)
    return found  # None: country_names() holds every name and alternative term of the taxonomy


@cache
def _name_starts() -> frozenset[str]:
    """Every folded word-prefix of a country name ("bosnia", "bosnia and"), as a phrase would fold it: a
    phrase whose prefix is none of these cannot be a name, so the search stops extending it."""
    starts = {"the"}  # "The Gambia": the key drops its article, the first word alone keeps it
    for key in country_names():
        words = key.split(" ")
        for k in range(1, len(words) + 1):
            prefix = " ".join(words[:k])
            starts.update((prefix, _fold_name(prefix.rstrip(".,’'"))))
    return frozenset(starts)


# A demonym that names a language: "taught the course in French with ...", "translated into Arabic",
# "the Spanish language". A people word is followed by its noun ("in Thai communities").
_LANGUAGE_BEFORE = re.compile(r"\b(?:in|into)\s+$", re.IGNORECASE)
_LANGUAGE_AFTER = re.compile(r"\s*[,.;:)]|\s+(?:with|and|or|by|for|to|on|at|as|so|but|only)\b|\s*$",
                             re.IGNORECASE)
_LANGUAGE_NOUN = re.compile(r"\s+(?:language|speakers?)\b", re.IGNORECASE)


def _is_language(text: str, start: int, end: int) -> bool:
    if _LANGUAGE_NOUN.match(text, end):
        return True
    return (_LANGUAGE_AFTER.match(text, end) is not None
            and _LANGUAGE_BEFORE.search(text, max(0, start - 8), start) is not None)


# Words of a place name, and where a name may start inside one: after an elided article ("d’Haïti",
# "l’Afrique du Sud").
_NAME_WORD = re.compile(r"[\wÀ-ÿ][\w’'.À-ÿ-]*")
_ELIDED = re.compile(r"(?:[dlDL]|qu)[’'](?=[A-ZÀ-Ý])")


@cache
def _lower_name_starts() -> frozenset[str]:
    """The first words of the country names of several words ("republique", "iles")."""
    return frozenset(key.split(" ")[0] for key in country_names() if " " in key)


CITY_NAMED_AFTER = rules.rule(
    "city_named_after", "a country's name that starts the name of a city of another country names that city",
    general="place names reuse country names: 'Lao Cai' is a province and town of Viet Nam, not Laos")
_CITY_POPULATION = 10_000  # GeoNames' hamlets also reuse country words; a town this big is no accident


def _city_named_after(text: str, words: list[re.Match[str]], j: int, phrase: str, iso3: str) -> bool:
    """Whether the name found, with the capitalised word after it, is a known town of another country."""
    if j >= len(words) or not words[j].group()[:1].isupper() or not rules.on(CITY_NAMED_AFTER):
        return False
    if not _SPACES.fullmatch(text, words[j - 1].end(), words[j].start()):
        return False
    return _town_of_another_country(f"{phrase} {words[j].group().rstrip('.,’')}", iso3)


@lru_cache(maxsize=4096)
def _town_of_another_country(name: str, iso3: str) -> bool:
    city = find_city(name)
    return (city is not None and city.iso3 != iso3 and city.population >= _CITY_POPULATION
            and fold_place(city.name) == fold_place(name))


def country_mentions(text: str, with_demonyms: bool = True) -> list[Mention]:
    """Every country named (or, optionally, named by its demonym) in the text, in order: at each capitalised
    word the longest name that starts there, else a demonym of that one word. A name may go on in lower
    case, as French writes them ("République démocratique du Congo", "Guinée équatoriale"): a phrase grows
    word by word while it is the start of some name."""
    names = country_names()
    starts = _name_starts()
    lower_starts = _lower_name_starts()
    dem = demonyms() if with_demonyms else {}
    found: list[Mention] = []
    words = list(_NAME_WORD.finditer(text))
    i = 0
    while i < len(words):
        begin = words[i].start()
        elided = _ELIDED.match(text, begin)
        if elided:
            begin = elided.end()
        # A name starts with a capital; in French it may start in lower case when it ends with one ("la
        # république démocratique du Congo").
        lower = not text[begin:begin + 1].isupper()
        if lower:
            first = words[i].group().lower()
            if first in _ARTICLES or (first if first.isascii() else _fold_name(first)) not in lower_starts:
                # Only the first word of a name of several words may start one in lower case; "the
                # Republic of Korea" starts after its article, as with a capital.
                i += 1
                continue
        hit = None
        for j in range(i + 1, min(len(words), i + _MAX_NAME_WORDS) + 1):
            if j > i + 1 and not _SPACES.fullmatch(text, words[j - 2].end(), words[j - 1].start()):
                break  # a name runs over spaces only, never over a comma, a bracket or a line break
            phrase = text[begin:words[j - 1].end()].rstrip(".,’'")
            key = _fold_name(phrase)
            if key in names and not (lower and (j == i + 1 or not words[j - 1].group()[:1].isupper())):
                hit = (j, names[key], False, phrase)
            elif j == i + 1 and key in dem and not lower:
                hit = (j, dem[key], True, phrase)
            if key not in starts:
                break
        if hit:
            j, iso3, is_dem, phrase = hit
            if not (is_dem and _is_language(text, begin, begin + len(phrase))
                    or _city_named_after(text, words, j, phrase, iso3)):
                found.append(Mention(begin, begin + len(phrase), iso3, phrase, is_dem))
            i = j
        else:
            i += 1
    return found


def place_country(place: str, context: tuple[str, ...] = (), within_context: bool = False,
                  min_alias_population: int = 0) -> tuple[str | None, City | None]:
    """(ISO3, city) for a place name: a country name gives the country, a known city gives both.

    ``within_context``: a city counts only in one of the context countries (when there are any), so that
    "at Aden Ade International Airport" in a story about Somalia is not Aden, Yemen."""
    iso3 = country_names().get(_fold_name(place))
    if iso3:
        return iso3, None
    city = None if fold_place(place) in _REGIONS else find_city(place, context, min_alias_population)
    if city is not None and not (within_context and context and city.iso3 not in context):
        return city.iso3, city
    return None, None


_DATE_IN_DATELINE = re.compile(r"\d")


def parse_dateline(body: str, context: tuple[str, ...] = ()) -> Dateline | None:
    """The dateline opening the story ("Kilimanjaro, Tanzania –", "(Sarajevo, 20th August 2019) –")."""
    for line in body.splitlines()[:8]:
        match = DATELINE.match(line)
        if not match or len(line) < 80:
            continue
        # "Korça and Gjirokastra" are two places; "Trinidad and Tobago" or "Bosnia and Herzegovina" one.
        parts = [p.strip() for part in match.group("place").split(",")
                 for p in ([part] if country_of_name(part.strip()) else re.split(r"\band\b", part))
                 if p.strip()]
        countries: list[str] = []
        cities: list[City] = []
        date_bits: list[str] = []
        names: list[str] = []
        for part in parts:
            if _DATE_IN_DATELINE.search(part):
                date_bits.append(part)
                continue
            iso3, city = place_country(part, context)
            if city is not None:
                cities.append(city)
            if iso3 and iso3 not in countries:
                countries.append(iso3)
            if city is not None or (iso3 is None and len(parts) > 1):
                names.append(part)  # "Kilimanjaro, Tanzania": a place the gazetteer may not know
        if match.group("stamp"):
            date_bits.append(match.group("stamp"))
        date_part = ", ".join(date_bits) or None
        return Dateline(match.group(0), match.end(), tuple(countries), tuple(cities), date_part, tuple(names))
    return None


TOWN_THEN_COUNTRY = rules.rule(
    "town_then_country",
    "'in Munai, Philippines': an unknown town followed by its country places the event there",
    general="English, French and Spanish name a small place with its country after a comma")


def places_after_in(text: str, context: tuple[str, ...] = ()) -> list[tuple[str, str | None, City | None]]:
    """Places introduced by "in"/"at" ("in Hat Yai, a city in southern Thailand", "in Mar del Plata,
    Argentina"): (phrase, ISO3, city) in text order, known countries and cities only."""
    out: list[tuple[str, str | None, City | None]] = []
    for match in _IN_PLACE.finditer(text):
        place = match.group("place").rstrip(".’'")
        country = match.group("country")
        country_iso = country_of_name(country) if country else None
        ctx = (country_iso, *context) if country_iso else context
        iso3, city = place_country(place, ctx, within_context=True,
                                   min_alias_population=_ALIAS_MIN_POPULATION)
        also: tuple[str, str | None, City | None] | None = None
        if iso3 is None:
            # "in Bosnia and Herzegovina and Montenegro": try the longest known prefix.
            words = place.split()
            for n in range(len(words) - 1, 0, -1):
                if words[n].lower() in {"of", "de", "del", "du", "des", "la"}:
                    continue  # "Horn of Africa" is no town called Horn: only a list is cut ("... and ...")
                iso3, city = place_country(" ".join(words[:n]), ctx, within_context=True,
                                           min_alias_population=_ALIAS_MIN_POPULATION)
                if iso3:
                    place = " ".join(words[:n])
                    rest = words[n + 1:] if words[n] in {"and", "et", "y"} else []
                    # "to Guinea and Sierra Leone": the second country of the pair too.
                    other = country_of_name(" ".join(rest)) if rest else None
                    if other and other != iso3:
                        also = (" ".join(rest), other, None)
                    break
        if iso3 is None and country_iso and rules.on(TOWN_THEN_COUNTRY):
            # "in Munai, Philippines": a town the gazetteer does not know, placed by the country after it.
            place, iso3 = country, country_iso
        if city is not None and _PLACE_LIST.match(text[match.start("place") + len(place):]):
            city = None  # "in Tbilisi, Kutaisi and Batumi": several cities, no one place
        if iso3:
            out.append((place, iso3, city))
            if also:
                out.append(also)
    return out
