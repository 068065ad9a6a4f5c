"""Site chrome out, story in: scraped press-release text arrives with the site's menu first, then
metadata lines (dates, locations), the headline, the dateline and the body, sometimes a footer.

The vocabulary below is that of the IOM family of sites and of the news portals that re-post IOM releases
(navigation labels, share widgets, cookie banners); none of it names a story.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from dashboard.model.text import MONTH_NUMBERS

# Navigation labels of the IOM sites' menus and of re-posting portals, compared case-folded.
NAV_LABELS = frozenset({
    "who we are", "our work", "about", "about us", "iom global", "what we do", "partnerships",
    "highlights", "where we work", "take action", "work with us", "get involved", "data and research",
    "data and resources", "2030 agenda", "cross-cutting (global)", "news", "local", "global",
    "you are here", "news / press release", "press release", "press releases", "iom press release",
    "statements and speeches", "share", "share this", "share this:", "print", "menu", "search", "home",
    "skip to main content", "main navigation", "contact us", "careers", "media centre", "media center",
    "news and stories", "stories", "press briefing notes", "feature stories", "regional office",
    "country office", "donate", "read more", "related news", "related content", "back to top", "tags",
    "old news", "facebook", "twitter", "linkedin", "whatsapp", "email", "x", "copy link", "top",
    # The same menus on the French and Spanish sites.
    "qui sommes nous", "qui sommes-nous", "à propos", "oim global", "notre travail", "ce que nous faisons",
    "priorités transversales", "priorités transversales (globales)", "où travaillons nous",
    "où travaillons-nous", "agir", "données et ressources", "travailler avec nous", "partenariats",
    "structure", "structure organisationnelle", "actualités", "communiqué de presse", "communiqués de presse",
    "partager", "imprimer", "accueil", "rechercher", "quiénes somos", "acerca de", "nuestro trabajo",
    "lo que hacemos", "prioridades transversales", "dónde trabajamos", "tome acción", "actúe",
    "datos y recursos", "trabaje con nosotros", "alianzas", "estructura", "noticias", "comunicado",
    "comunicado de prensa", "comunicados de prensa", "compartir", "inicio", "buscar", "agenda 2030",
})
_NAV_GLUED = re.compile(
    r"^(?:" + "|".join(re.escape(label) for label in sorted(NAV_LABELS, key=len, reverse=True)
                       if len(label) > 4) + r")(?=[A-Z])",
    re.IGNORECASE,
)
# Any menu label glued to its teaser, the label's last word running into the teaser's capital: "Notre
# actionPremière organisation ...", "À propos de nousMembre du système ..." (not "McDonald", "YouTube").
# Found at the capital (rarer than small letters), the small letters checked behind it.
_TEASER_GLUE = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ÿ]{3}[A-ZÀ-Ý])(?:[a-zà-ÿ]+\s|['’]\w)")


def _teaser_glued(line: str) -> bool:
    if len(line) < 50:
        return False
    glue = _TEASER_GLUE.search(line, 3, 80)
    return (glue is not None and line.count(" ", 0, glue.start()) <= 5
            and len(line) - glue.end() >= 40)


# Lines from which the rest of the page is footer: contacts, sharing, cookies, copyright.
_FOOTER_START = re.compile(
    r"^\s*(?:for\s+(?:further|more)\s+(?:information|details)|media\s+contacts?\b|press\s+contacts?\b|"
    r"share\s+this\b|follow\s+us\b|this\s+(?:web)?site\s+uses\s+cookies|we\s+use\s+cookies|"
    r"accept\s+(?:all\s+)?cookies|cookie\s+(?:policy|settings|preferences)|privacy\s+policy|"
    r"subscribe\s+to\s+(?:our|the)\s+newsletter|©|copyright\s+©?\s*\d{4}|pour\s+plus\s+d'informations|"
    r"para\s+más\s+información|para\s+mayor\s+información)",
    re.IGNORECASE,
)
_BOILER_LINE = re.compile(
    r"^\s*(?:tel(?:ephone)?\s*[:.]|e-?mail\s*:|mobile\s*:|fax\s*:|tweet\b|like\s+this:|"
    r"(?:photo|credit|crédit|foto)\s*:|view\s+original\b|views?\s*$)",
    re.IGNORECASE,
)
# "Photo: IOM/...", and without the colon "Photo IOM2023/Name" or "Photo © IOM".
_CAPTION = re.compile(r"\b(?:Photo|Credit|Crédit|Foto)\s*(?::|©)\s*\S|"
                      r"\b(?:Photo|Foto)\s+(?:IOM|OIM|UN)\s*\d{0,4}\s*/", re.IGNORECASE)
# A credit closing the line: "... opening remarks. @IOM 2024", "©Taapu Production (2024)".
_CREDIT_AT_END = re.compile(r"[@©]\s?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s*\(?\d{4}\)?\s*$")
# A credit in brackets closing the line: "[Hassan Ali Abbasi/IOM Pakistan 2024]" (read at the line's end).
_BRACKETED_CREDIT = re.compile(r"[\[(][^\[\]()]{0,80}?(?:/\s*(?:IOM|OIM|UN)\b|\b(?:IOM|OIM|UN)\s*/)"
                               r"[^\[\]()]{0,60}[\])]\s*$", re.IGNORECASE)


def _is_caption(line: str) -> bool:
    text = line.rstrip()
    credited = text.endswith(("]", ")")) and _BRACKETED_CREDIT.search(text[-160:]) is not None
    if ("@" in text[-60:] or "©" in text[-60:]) and _CREDIT_AT_END.search(text[-60:]):
        return True
    return credited or _CAPTION.search(text) is not None


# Any month name or short form in the three languages, with an abbreviation's dot ("Sept.").
_MONTH = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?"
# A line that only states a date or a time ("Tue, 11/24/2020 - 17:15", "Mar 18, 2020", "9 July, 2020").
_DATE_ONLY = re.compile(
    # A range across months too ("29 May - 1 June 2017"): a date line, not a headline.
    rf"^\s*(?:{_WEEKDAY},?\s*)?(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s*[–-]\s*)?"
    # Spanish puts "de" on either side of the month: "2 de junio de 2022", "02 junio de 2022".
    rf"\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?(?:st|nd|rd|th)?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?\d{{4}}|"
    rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
    r"(?:\s*(?:[-–|,]|at)\s*[\w:| ]*)?\s*$",
    re.IGNORECASE,
)
_METADATA = re.compile(
    r"^\s*(?:date(?:\s+publish(?:ed)?)?|published(?:\s+date|\s+on)?|posted(?:\s+on)?|post\s+date|author|auteur|"
    r"autor|location(?:\(s\))?|"
    r"venue|place|lieu|fecha|lugar|updated)\b\s*:?|"
    # A page's tags, with their colon: "Country: Guatemala (+1)", "Thème : Migration et santé".
    r"^\s*(?:countr(?:y|ies)|pays|pa[ií]s(?:es)?|regions?|r[ée]gions?|topics?|th[eè]mes?|temas?)\s*:",
    re.IGNORECASE,
)
_FROM_SOURCE = re.compile(r"^\s*from\s+[A-Z][\w ]+$")
# A dateline on a line of its own: a place, a dash, then only a date or a range of days ("Tataouine – du 13
# au 15 Décembre 2018", "Suva, Fiji – 3-5 May 2019").
_PLACE_THEN_DATE = re.compile(
    r"^\s*[A-ZÀ-Ý][\w’'.À-ÿ-]*(?:,?[ \u00a0]+[A-ZÀ-Ý][\w’'.À-ÿ-]*){0,3}[ \u00a0]*[–—-][ \u00a0]*"
    r"(?i:(?:du|from|del|le|el|on)\s+)?\d{1,2}(?i:er|st|nd|rd|th)?"
    r"(?:\s*(?i:au|to|al|-|–|a|y|et|and)\s*\d{1,2}(?i:er|st|nd|rd|th)?)?"
    rf"\s+(?i:de\s+)?(?i:{_MONTH}),?\s+(?i:de\s+)?\d{{4}}\s*$")
# A dateline opening a paragraph: "Kilimanjaro, Tanzania – ", "GENEVA, Switzerland - ", "Batticaloa— ".
# A place never opens with a preposition and a day ("From 23 – 27 May 2022" is the event's date).
DATELINE = re.compile(
    r"^\s*\(?(?!(?i:from|on|between|since|du|le|del|el|desde|depuis|entre)[ \u00a0]+\d)"
    # A place first, or a date first ("22-28 October 2023, Almaty, Kazakhstan -").
    r"(?P<place>(?:[A-ZÀ-Ý]|\d{1,2}/\d{1,2}/\d{4}|"
    r"\d{1,2}(?:[-–]\d{1,2})?(?=[ \u00a0]+[A-Z][a-z]+[ \u00a0]+\d{4}))"
    r"[\w’'.À-ÿ-]*(?:[ \u00a0]+[\w’'.À-ÿ-]+){0,4}?"
    r"(?:,[ \u00a0]*(?:le[ \u00a0]+|el[ \u00a0]+)?[A-ZÀ-Ý0-9][\w’'.À-ÿ-]*"
    r"(?:[ \u00a0]+[\w’'.À-ÿ-]+){0,4}?){0,3})\)?"
    r"(?:[ \u00a0]*\((?:IOM|OIM|UN\s+Migration)\))?"
    # A date stamp in brackets after the place: "Mamou, Guinée (28/04/2016) –".
    r"(?:[ \u00a0]*\((?P<stamp>\d{1,2}/\d{1,2}/\d{4}|"
    rf"(?i:\d{{1,2}}(?:st|nd|rd|th|er)?[ \u00a0]+(?:de[ \u00a0]+)?{_MONTH},?"
    r"[ \u00a0]+(?:de[ \u00a0]+)?\d{4}|"
    rf"{_MONTH}[ \u00a0]+\d{{1,2}},?[ \u00a0]+\d{{4}}))\))?"
    # A hyphen needs a space on one side ("Counter-Smuggling" is no dateline) or a year before it.
    r"(?:[ \u00a0]*(?:–|—|―)[ \u00a0]*|[ \u00a0]+-{1,2}[ \u00a0]*|-{1,2}[ \u00a0]+|(?<=\d{4})-)"
    r"(?=[A-Z0-9“\"‘'(])",
)


def _fold(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().casefold()


def is_nav_line(line: str) -> bool:
    """A menu item, a bullet of the menu, a share button or a label glued to its teaser text."""
    text = _fold(line)
    if not text:
        return False
    if text in NAV_LABELS:
        return True
    if text == "-" or (text.startswith("- ") and len(text) < 60):
        return True
    if len(re.findall(r"\S\s{3,}\S", line)) >= 2:  # a flattened menu bar: "History   Partners   Projects"
        return True
    return bool(_NAV_GLUED.match(line.strip()) or _teaser_glued(line.strip()))


def is_metadata_line(line: str) -> bool:
    """A date, place or source stamp that is not part of the story's prose."""
    text = line.strip()
    if not text:
        return False
    if (_DATE_ONLY.match(text) or _METADATA.match(text) or _FROM_SOURCE.match(text)
            or _PLACE_THEN_DATE.match(text)):
        return True
    if re.match(rf"^\s*\d{{1,2}}\s*[–-]\s*\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\s*$", text, re.IGNORECASE):
        return True
    # A tag line of place names: "Haiti, Costa Rica, Dominican Republic, El Salvador".
    items = [i.strip() for i in text.split(",")]
    return (len(items) >= 3 and all(0 < len(i.split()) <= 3 for i in items)
            and all(i[:1].isupper() for i in items) and not text.endswith("."))


_PULL_QUOTE = re.compile(r"«[^«»]+»|“[^“”]+”|\"[^\"]+\"")


def _is_title_like_pair(text: str) -> bool:
    """"Place – Place : what happened": two places joined by a dash, then a colon; a headline's form."""
    return bool(re.match(r"^[^–—:-]{2,40}\s[–—-]\s[^:]{2,40}\s?:\s", text))


def _looks_like_headline(line: str) -> bool:
    text = line.strip()
    if not text or len(text) > 250 or len(text.split()) < 3:
        return False
    if len(text.split()) > 40 and not _is_title_case(text):
        return False
    if text.endswith((".", ":", ";")) or _is_caption(text):
        return False
    if DATELINE.match(text) and (len(text) >= 150 or not (_is_title_like_pair(text) or text.isupper())):
        # A paragraph opened by its dateline; "Côte d’Ivoire – Maroc : trois matrices ..." heads one.
        return False
    if _PULL_QUOTE.fullmatch(text):
        return False  # a quote standing alone above the story is a pull-quote, not the headline
    return not is_metadata_line(text)


# A line cut off mid-sentence ends on a small word ("... a project funded by"): prose, never a headline.
_CUT_OFF_WORDS = frozenset({
    "by", "of", "the", "and", "to", "a", "an", "with", "for", "in", "on", "at", "from", "de", "la", "le",
    "les", "des", "du", "el", "los", "las", "y", "et", "que", "à", "en", "por", "par", "con", "avec"})


def _cut_off(text: str) -> bool:
    """Whether the line's last word is a small word (read from its tail: a search for "word$" tries every
    position of the line)."""
    return re.split(r"\W+", text[-15:])[-1].lower() in _CUT_OFF_WORDS


def _is_prose(line: str) -> bool:
    text = line.strip()
    if DATELINE.match(text) and len(text) >= 100:
        return True
    return len(text) >= 180 or (len(text) > 60 and (text.endswith(".") or _cut_off(text)))


def _menu_teaser(raw: list[str], nav: Callable[[int], bool], i: int) -> bool:
    """Whether the prose line ``i``, before any story, describes a menu entry: a menu line follows it, or
    follows a few short menu items ("Nos programmes", "Urgences et post-crise", "Communiqués de presse")."""
    after = [k for k in range(i + 1, len(raw)) if raw[k].strip()][:5]
    for k in after:
        if nav(k):
            return True
        if len(raw[k].strip()) >= 40 or raw[k].rstrip().endswith((".", ":")) or is_metadata_line(raw[k]):
            return False
    return False


def strip_boilerplate_lines(lines: Iterable[str]) -> list[str]:
    """The lines without menus (leading block), share widgets, captions and the footer."""
    kept: list[str] = []
    raw = [line.rstrip() for line in lines]
    nonblank = [i for i, line in enumerate(raw) if line.strip()]
    duplicated: set[int] = set()
    for a, b in zip(nonblank, nonblank[1:], strict=False):
        if _fold(raw[a]) == _fold(raw[b]) and len(raw[a].strip()) < 60:
            duplicated.update((a, b))
    nav_seen: dict[int, bool] = {}

    def nav(i: int) -> bool:
        if i not in nav_seen:
            nav_seen[i] = i in duplicated or is_nav_line(raw[i])
        return nav_seen[i]

    in_menu = True
    story = False  # a paragraph of prose was kept that no menu line follows
    for i, line in enumerate(raw):
        if not line.strip():
            if kept and kept[-1]:
                kept.append("")
            continue
        if nav(i):
            continue
        if not story and _is_prose(line):
            if _menu_teaser(raw, nav, i):
                continue  # "IOM has worked in Ethiopia since 1995, ..." above "Our Work"
            story = True
        # Menu bullets at the top of the page (sub-menus name whole offices: "- Bureau de la stratégie ...").
        if in_menu and line.strip().startswith("-") and len(line.strip()) < 100 and not line.endswith("."):
            continue
        in_menu = False
        if _FOOTER_START.match(line):
            if story:
                break
            if len(line.strip()) < 40:
                continue  # "Media Contacts" in the menu above the story, not the footer below it
        if _BOILER_LINE.match(line) or (_is_caption(line) and len(line) < 400):
            continue
        kept.append(line.strip())
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _is_title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-zÀ-ÿ][\w’'-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def unwrap_lines(lines: list[str]) -> list[str]:
    """Rejoin paragraphs that an old page hard-wrapped at about 70 characters."""
    run = longest = 0
    for line in lines:  # three wrapped-looking lines in a row betray a hard-wrapped page
        run = run + 1 if 45 <= len(line) <= 85 and not line.endswith((".", "!", "?", "”", '"')) else 0
        longest = max(longest, run)
    if longest < 3:
        return lines
    out: list[str] = []
    joinable = False
    for line in lines:
        if joinable and line and out:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joinable = (bool(line) and len(out[-1]) >= 45 and not line.endswith((".", "!", "?", ":", "”", '"'))
                    and not (len(out[-1]) == len(line) and "," not in line and _is_title_case(line)))
    return out


def split_scraped_text(text: str) -> tuple[str | None, str]:
    """(headline, body) from scraped text; the body keeps metadata lines and the dateline.

    The headline is the last title-like line before the first prose paragraph; a page whose text starts
    with prose has no headline (None).
    """
    lines = unwrap_lines(strip_boilerplate_lines(text.splitlines()))
    first_prose = next((i for i, line in enumerate(lines) if _is_prose(line)), len(lines))
    headline_at = None
    for i in range(first_prose - 1, -1, -1):
        if _looks_like_headline(lines[i]):
            headline_at = i
            break
    headline = re.sub(r"\s+", " ", lines[headline_at]).strip() if headline_at is not None else None
    body_lines = [line for i, line in enumerate(lines)
                  if i != headline_at and (i >= first_prose or is_metadata_line(line) or not line)]
    body = "\n".join(body_lines).strip()
    body = re.sub(r"\n{3,}", "\n\n", body)
    return headline, body
