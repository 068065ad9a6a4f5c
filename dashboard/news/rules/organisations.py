"""Organisations: donors ("funded by the UK Government", "European Union-funded", "with support from
the Government of Japan", "cofinancé par l'Union européenne"), partners ("in partnership with ...") and
named programmes ("under the Better Migration Management (BMM) Programme").

Donor names are found with the donor registry's own names and aliases, so the canonical form is the one
the project records use; a funder the registry does not know is kept under the name the text gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dashboard.model.donors import Donor, DonorRegistry, normalise_name
from dashboard.model.text import fold_accents
from dashboard.news.rules import folding, places
from dashboard.news.rules import registry as rules


def _folded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern for the accent-folded text the donor search reads (``_plain``): its own accents folded
    too, so that "financiación" or "financé" in it can match at all."""
    return re.compile(fold_accents(pattern), flags)


_FUNDING_TRIGGER = _folded(
    r"\b(?:(?:co[- ]?)?funded|financed|sponsored|supported|backed|allocated|donated|granted|made\s+possible|"
    r"committed|pledged|contributed|paid\s+for)"
    r",?\s+(?:\w+\s+){0,2}?by|"
    # Goods provided by someone were paid by them: "the kits were provided by USAID", "fournis par le Japon".
    r"\b(?:kits|items|supplies|equipment|goods|vehicles|art[ií]culos|suministros|equipos|[ée]quipements|"
    r"mat[ée]riels?|articles|v[ée]hicules|veh[ií]culos|shipments?|aid|relief)\b[^.]{0,60}?\b(?:provided|supplied|"
    r"dispatched|shipped|sent|proporcionad[oa]s|suministrad[oa]s|fournis|fournies|offerts?|offertes)\s+(?:por|by|par)\b|"
    r"\bwith\s+(?:the\s+)?(?:(?:generous|financial|kind|funding|technical|and)\s+)*(?:support|funding|funds|financing|"
    r"contribution|assistance|money|backing)\s+(?:support\s+)?(?:of|from|by)|"
    r"\b(?:seed\s+)?funding\s+(?:support\s+)?(?:from|by)|\bfunds\s+(?:provided\s+)?from|\bthanks\s+to\s+(?:the\s+)?"
    r"(?:funding|support|financing|generous\s+support)\s+(?:of|from)|"
    r"\b(?:funding|support|financing|money)\s+(?:for\s+[^.]{0,140}?\s+)?(?:comes|came|is\s+provided|was\s+provided)\s+"
    r"(?:from|by)(?:\s+(?:\w+\s+){0,2}sources?\s*:)?|\bfunded\s+through|"
    # "dont le financement est assuré par", "dont le financement provient de", "el financiamiento
    # proviene de".
    r"\b(?:financement|financiamiento|financiaci[oó]n)\s+(?:est\s+|es\s+)?(?:assur[ée]\s+par|fourni\s+par|"
    r"provient\s+(?:des|du|de)|proviene\s+(?:del|de))\b|"
    # "which receives its financing from", "with funding that the Government of Japan provided".
    r"\b(?:receives?|received|gets|got|draws)\s+(?:its\s+|their\s+)?(?:financing|funding|funds|money)\s+from|"
    r"\bwith\s+(?:the\s+)?(?:funding|funds|financing)\s+(?:that|which)\s+|"
    r"\b(?:co)?financ[ée]e?s?,?\s+par|"
    r"\bavec\s+(?:le|l['’])\s*(?:soutien|appui|financement)(?:\s+financier)?\s+(?:des|du|de)\b|"
    # "Speaking on behalf of the donor, the Migration Multi-Partner Trust Fund": the donor named beside it.
    r"\bdonors?\s*,\s+|"
    r"\bgr[aâ]ce\s+au\s+(?:soutien|financement|appui)\s+(?:des|du|de)\b|"
    # "USD 7.5 million from Japan", "a EUR 2 million grant from the EU": money named with its source.
    r"(?:\b(?:USD|US\$|EUR|GBP|CHF|JPY)|[$€£])\s?[\d.,]+(?:\s+(?:million|billion|m|bn))?\s+(?:\w+\s+){0,2}?from|"
    # "thanks to the generous contribution of", "through the financial support of", "a grant from".
    r"\b(?:thanks\s+to|through|with|under)\s+(?:the\s+|a\s+)?(?:generous\s+|financial\s+|kind\s+)*"
    r"(?:contributions?|grants?|donations?|financial\s+support|funding|support|financing)\s+(?:of|from)|"
    r"\bgrants?\s+from|\bfunding\s+provided\s+by|\b(?:auspiciad[oa]s?|patrocinad[oa]s?)\s+por|"
    r"\bcon\s+(?:fondos|recursos)\s+(?:del|de)\b|\bcon\s+el\s+(?:generoso\s+)?apoyo\s+financiero\s+(?:del|de)\b|"
    r"\bgracias\s+a\s+(?:la|una)\s+(?:generosa\s+)?(?:contribuci[oó]n|donaci[oó]n|financiaci[oó]n)\s+"
    r"(?:financiera\s+)?(?:del|de)\b|\bgracias\s+a\s+(?:los\s+)?fondos\s+(?:del|de)\b|"
    r"\bgracias\s+al\s+generoso\s+(?:apoyo|aporte)\s+(?:del|de)\b|"
    r"\bgr[aâ]ce\s+(?:[aà]\s+l['’]\s*|[aà]\s+la\s+|[aà]\s+une?\s+|aux?\s+)(?:g[ée]n[ée]reuse?\s+)?(?:appui|contribution|soutien|"
    r"financement|subvention|don)\s+(?:financi(?:er|[eè]re)\s+)?(?:des|du|de)\b|\bavec\s+l['’]\s*appui\s+financier\s+(?:des|du|de)\b|"
    r"\bsur\s+(?:un\s+)?financement\s+(?:des|du|de)\b|"
    # "bénéficie d'un financement du gouvernement du Japon", "recibe financiamiento de".
    r"\b(?:b[ée]n[ée]fici\w+|re[çc]oi\w*|re[çc]u)\s+(?:d['’]\s*)?(?:un\s+)?(?:financement|soutien\s+financier)\s+"
    r"(?:des|du|de)\b|\b(?:recib\w+|cuenta\s+con)\s+(?:el\s+)?(?:financiamiento|financiaci[oó]n|fondos)\s+(?:del|de)\b|"
    # The funder after its verb: "un projet que finance le gouvernement du Japon", "que financia la UE".
    r"\bque\s+(?:co-?)?financ(?:e|ent|ia|ian)\s+|"
    r"\bfinanciad[oa]s?\s+por|\bcon\s+(?:el\s+)?(?:apoyo|financiamiento|financiación|auspicio)\s+"
    r"(?:del|de)\b|\bgracias\s+al\s+(?:apoyo|financiamiento)\s+(?:del|de)\b",
    re.IGNORECASE,
)


_FUNDING_TRIGGER_LOWER = folding.lower_twin(_FUNDING_TRIGGER)
# The first letters of every alternative of the funding trigger, lower-cased: the trigger is tried only there.
FUNDING_ANCHORS = _folded(
    r"\b(?:co|funded|financ|sponsored|supported|backed|allocated|donated|granted|made|committed|pledged|"
    r"contributed|kits|items|supplies|shipments?|aid|relief|support|money|receive|gets|got|draws|"
    r"equipment|goods|vehicles|art[ií]culos|suministros|equipos|[ée]quipements?|mat[ée]riels?|articles|"
    r"v[ée]hicules|veh[ií]culos|with|seed|funding|funds|thanks|gr[aâ]ce|usd|us\$|eur|gbp|chf|jpy|through|under|"
    r"grants?|auspiciad|patrocinad|gracias|avec|sur|donors?|que|b[ée]n[ée]fici|re[çc]|recib|cuenta|paid)|[$€£]")
# Money that is asked for, not given: "securing funds from", "an appeal for funding from".
_SOUGHT = _folded(r"\b(?:secur\w*|seek\w*|mobili[sz]\w*|rais\w*|apply\w*|appeal\w*|request\w*|"
                     r"approach\w*|solicit\w*|obtain|attract\w*)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "<donor>-funded", "<donor> support", "<donor> today donated", "<donor>, ..., is funding".
_AFTER_DONOR = _folded(
    r"^(?:-|\s)(?:funded|financed|supported|sponsored)\b|^\s+(?:support|funding|financing|grant)\b|"
    # "the European Union (EU)'s Instrument for Stability and Peace (CPSI) has earmarked EUR 3 million".
    r"^(?:\s*\([^()]{1,15}\))?['’]s\s+[^,.;]{0,80}?\b(?:has|have)\s+(?:earmarked|allocated|committed|pledged|"
    r"provided|granted|contributed|donated)\b|"
    # "the European Union's Resilience Facility provides the funding": the body of a known funder.
    r"^(?:\s*\([^()]{1,15}\)|\))?(?:['’]s)?(?:,[^,.]{0,60},)?\s+(?:[\w’'-]+\s+){0,2}?(?:donated|funds|funded|is\s+funding|are\s+funding|"
    r"has\s+funded|provide[ds]?\s+(?:the\s+)?funding|financed|finance[sd]?|contribut(?:ed|es)|has\s+contributed|"
    r"pledged|granted|allocated|earmarked|"
    # "a project that the European Union and UNICEF fund", "AusAID is supporting the course".
    r"fund(?=\s*[,.;)]|\s+(?:and|the|it|this|its)\b)|is\s+supporting|are\s+supporting|supports|"
    # "dont le Canada assure le financement", "que la UE financia".
    r"assure(?:nt)?\s+le\s+financement|financ(?:e|ent|ia|ian)|"
    # "(G/TIP) has given IOM new funding", "provided IOM with a grant".
    r"(?:has\s+|have\s+)?(?:given|gave|gives|provided|provides)\s+(?:\w+\s+){0,2}?(?:new\s+|additional\s+|"
    r"further\s+)?(?:funding|funds|grants?|financing|(?:USD|US\$|EUR|CHF|GBP|JPY)\s?\d|[$€£]\s?\d))\b",
    re.IGNORECASE,
)
_AFTER_DONOR_CUE = _folded(r"\b(?:funded|financed|supported|sponsored|support|funding|financing|grant|"
                              r"donated|funds?|finances?|contribut\w+|pledged|granted|allocated|earmarked|"
                              r"supporting|supports|financement|financ(?:e|ent|ia|ian)|given|gave|gives)\b",
                              re.IGNORECASE)
_AFTER_DONOR_CUE_LOWER = folding.lower_twin(_AFTER_DONOR_CUE)
_SPAN_END = re.compile(r"(?<!\b[A-Z])(?<!\bU\.S)(?<!\bNo)\.\s|;|\n|\s[–—]\s|$")
_IOM = re.compile(r"^(?:the\s+)?(?:IOM|International\s+Organization\s+for\s+Migration|"
                  r"UN\s+Migration(?:\s+Agency)?|OIM)(?:\s*\((?:IOM|OIM)\))?$", re.IGNORECASE)
_ORG_WORD = _folded(
    r"\b(?:Ministry|Agency|Fund|Foundation|Bank|Department|Office|Embassy|Government|Programme|Program|"
    r"Union|Commission|Bureau|Trust|Cooperation|Corporation|Council|Institute|Service|Aid|Ministère|"
    r"Ministerio|Gobierno|Gouvernement|Embajada|Ambassade|Fonds|Fondo|Agence|Agencia)\b"
)
_ORG_CHUNK = re.compile(
    r"(?:the\s+|l['’]\s*|la\s+|le\s+|el\s+)?(?P<name>[A-ZÀ-Ý][\w’'.&-]*(?:\s+(?:(?:of|for|and|the|on|to|in|de|"
    r"du|des|la|le|del|y|et|pour|para|&)\s+)*[A-ZÀ-Ý(][\w’'.&)-]*)*(?:\s+\([A-Za-z][\w&/-]{1,15}\))?)"
)
_PARTNER_TRIGGER = re.compile(
    r"\b(?:in\s+(?:close\s+)?(?:collaboration|partnership|cooperation|coordination)\s+with|together\s+with|"
    r"jointly\s+(?:with|by)|(?:co-)?organi[sz]ed\s+(?:jointly\s+)?by|hosted\s+by|in\s+conjunction\s+with|"
    r"working\s+(?:together\s+)?with|en\s+(?:collaboration|partenariat)\s+avec|en\s+colaboración\s+con|"
    r"junto\s+(?:con|a))\s+",
    re.IGNORECASE,
)
_PROGRAMME_QUOTED = re.compile(
    r"\b(?:project|programme|program|initiative|projet|proyecto|programa)\s*:?\s*(?:called\s+|entitled\s+)?"
    r"[“\"«„‚]\s*(?P<name>[^”\"»“]{5,200}?)\s*[”\"»“]",
    re.IGNORECASE,
)
_PROGRAMME_NAMED = re.compile(
    r"(?P<name>(?:[A-Z][\w’'+-]*,?\s+(?:(?:of|for|and|in|the|on|to|against|through)\s+)*){1,12}"
    r"(?:\([A-Z][\w+&\- ]{1,20}\)\s+)?)(?P<kind>[Pp]rogramme|[Pp]rogram|[Pp]roject|[Ii]nitiative)\b"
    # "Project Officer", "programme manager": a job, not a programme
    r"(?!\s+[A-Z][a-z])(?!\s+(?i:officer|manager|coordinator|assistant|director|lead|specialist|staff)\b)"
)
# "project: Promoting Migration Governance in Zimbabwe (PMGZ)": the name after the colon.
_PROGRAMME_AFTER_COLON = re.compile(
    r"\b(?:project|programme|program|initiative|projet|proyecto|programa)\s*:\s*"
    r"(?P<name>[A-ZÀ-Ý][\w’'-]*(?:,?\s+(?:(?:of|for|and|in|on|to|the|against|through|de|du|des|la|el|y|et)\s+)*"
    r"[A-ZÀ-Ý][\w’'-]*){1,20}(?:\s*\([A-Z][\w+&\- ]{1,20}\))?)"
)
# IOM's own offices are IOM, not partners of it.
_IOM_OFFICE = re.compile(r"^(?:the\s+)?IOM(?:['’]s)?\s+(?:Mission|(?:Regional|Country|Sub-?regional|"
                         r"Liaison)\s+Office|office|Development\s+Fund)\b", re.IGNORECASE)
# Where one partner's name ends and the next begins: after an acronym in brackets, before "the", or after
# a bare acronym ("ESCAP, International Labour Organization (ILO), the Office ...").
_PARTNER_SPLIT = re.compile(r"(?<=\))\s*,?\s*(?:and\s+)?|,\s+(?:and\s+)?(?=the\s)|\s+and\s+(?=the\s)|"
                            r"(?<=[A-Z][A-Z]),\s+(?:and\s+)?")


_CONNECTORS = frozenset({"of", "for", "and", "the", "de", "du", "des", "la", "le", "les", "et", "y", "del",
                         "da", "für", "on", "to", "in", "und", "&", "los", "las", "el", "pour", "para",
                         "together", "with", "as", "well", "along", "jointly", "its",
                         # "the UK government and the CEB", "du gouvernement du Canada et Fonds ...".
                         "government", "governments", "gouvernement", "gouvernements", "gobierno",
                         "gobiernos"})


def _span_end(tail: str) -> int:
    """Where the names after a trigger end: the sentence's or clause's end (``$`` always matches)."""
    end = _SPAN_END.search(tail)
    return end.start() if end else len(tail)


def names_only(span: str) -> str:
    """The run of organisation names opening a span: capitalised words, bracketed acronyms and the small
    words inside names; it stops at the first other word ("... (BMZ) et placé sous ...")."""
    end = 0
    for m in re.finditer(r"[^\s,]+", span):
        word = re.sub(r"^(?:l|d)['’]", "", m.group().strip("()’'.,;:"), flags=re.IGNORECASE)
        if not word:
            continue
        if word[:1].isupper():
            end = m.end()
        elif word.lower() not in _CONNECTORS:
            break
    return span[:end]


@dataclass(frozen=True)
class _DonorHit:
    start: int
    end: int
    text: str


@cache
def _donor_pattern() -> re.Pattern[str]:
    """One pattern for every name and alias of the reference donors (short acronyms case-sensitive)."""
    names = {n.strip() for n in DonorRegistry.from_reference().all_names() if n.strip()}
    # Alternatives grouped by first letter behind a lookahead, so that at each word only the names that
    # can start there are tried (a flat alternation of 400 names is slow).
    by_letter: dict[str, list[str]] = {}
    for name in sorted({_plain(n) for n in names}, key=len, reverse=True):  # folded as the text is
        tokens = re.findall(r"[\w’']+", name)
        if not tokens:
            continue
        body = r"[\W_]+".join(re.escape(t) for t in tokens)
        part = rf"{body}\b" if len(name) <= 5 and name.isupper() else rf"(?i:{body})\b"
        by_letter.setdefault(tokens[0][0].lower(), []).append(part)
    groups = [rf"(?=[{re.escape(c)}{re.escape(c.upper())}])(?:{'|'.join(parts)})"
              for c, parts in sorted(by_letter.items())]
    return re.compile(r"\b(?:" + "|".join(groups) + ")")


# French and Spanish "Government of ...": the registry lists donors under their English names.
_GOVERNMENT_OF = re.compile(r"\b(?:Gouvernement\s+(?:du|de\s+la|de\s+l'|des|de|d')|Gobierno\s+(?:del|de))\s*",
                            re.IGNORECASE)


def _plain(text: str) -> str:
    """"U.S." is "US", "&" is "and", accents folded, "Gobierno de" is "Government of": spellings that
    differ between releases and the registry."""
    text = re.sub(r"\bU\.\s?S\.(?:\s?A\.)?", "US", text)
    text = fold_accents(text.replace("&", "and").replace("’", "'"))
    return _GOVERNMENT_OF.sub("Government of ", text)


def _known_hits(text: str, start: int = 0, end: int | None = None) -> list[_DonorHit]:
    end = len(text) if end is None else end
    hits = [_DonorHit(m.start(), m.end(), m.group()) for m in _donor_pattern().finditer(text, start, end)]
    return [h for h in hits if not _IOM.match(h.text)]


# What may stand between a government and its agency: "(INL), U.S. Department of", "Government, extended
# through the", "US State Department’s Bureau of ...".
_AGENCY_GAP = re.compile(r"[\s,’'s()A-Z]*(?:(?:[Gg]overnment|(?:State\s+)?Department)(?:['’]s)?\s+)?"
                         r"(?:of\s+the\s+|of\s+|(?:\w+\s+)?(?:through|via)\s+(?:the\s+)?)?|"
                         # "(PRM) del Departamento de Estado de los", "du Département d'Etat des" (folded).
                         r"[\s,()A-Z]*\b(?:del|du|de\s+la|de)\s+(?:Departamento\s+de\s+Estado|"
                         r"Departement\s+d'Etat|Ministerio\s+de\s+Asuntos\s+Exteriores|"
                         r"Ministere\s+des\s+Affaires\s+etrangeres)\s+"
                         r"(?:de\s+los|de\s+las|de\s+la|de\s+l'|des|del|du|de|d')\s*|"
                         r"[\s,()A-Z]*\b(?:del|du|de\s+la|de\s+l'|des|de)\s+|"
                         # "(PRM) of the Department of State of the United States".
                         r"[\s,()A-Z]*\bof\s+the\s+(?:Department\s+of\s+State|State\s+Department)\s+of\s+(?:the\s+)?")


# Between two funders of one list: ", ", " and the ", " and the UN's ", " et l'", " y la ".
_LISTED_FUNDER_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s(?:and|et|y)\s+)"
                                r"(?:the\s+|l['’]\s*|la\s+|le\s+|el\s+)?(?:UN['’]s\s+)?")


def _bracketed_acronym(sentence: str, hit: _DonorHit) -> bool:
    """Whether a known name is an acronym in brackets close after the start of a funding phrase, with no
    sentence break before it."""
    bracketed = sentence[hit.start - 1:hit.start] == "(" and sentence[hit.end:hit.end + 1] == ")"
    return hit.start < 120 and bracketed and not re.search(r"[.;:\n]\s", sentence[:hit.start])


def _drop_parents(hits: list[_DonorHit], text: str, registry: DonorRegistry) -> list[Donor]:
    """Resolve hits to donors; of two adjacent donors of one group ("the Bureau of ... (INL), U.S.
    Department of State"), keep the specific agency, not the government it belongs to."""
    donors: list[tuple[_DonorHit, Donor]] = []
    for hit in hits:
        donor = registry.resolve(hit.text)
        if donor is not None:
            donors.append((hit, donor))
    keep: list[Donor] = []
    for i, (hit, donor) in enumerate(donors):
        neighbours = [d for j, (h, d) in enumerate(donors) if j != i and d.group and d.group == donor.group
                      and d.donor_id != donor.donor_id
                      and _AGENCY_GAP.fullmatch(text[min(h.end, hit.end):max(h.start, hit.start)] or "")]
        if neighbours and donor.name.startswith("Government of"):
            continue
        if donor not in keep:
            keep.append(donor)
    return keep


# After a funding phrase: "the Korean Government", "Sweden", "the people of Norway", "the Swiss Embassy".
_COUNTRY_BODY = re.compile(r"^\s*(?:the\s+|l['’]\s*|la\s+|le\s+|el\s+)?"
                           r"(?:(?:people|Government|government)\s+of\s+(?:the\s+)?)?"
                           r"(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})"
                           r"(?P<body>\s+(?:Government|government|Embassy|embassy|people))?")
COUNTRY_FUNDER = rules.rule(
    "country_funder", "a country or its demonym with 'Government' after a funding phrase is that government",
    general="'funded by Sweden', 'with support from the Korean Government' name a government donor")


_GOVERNMENT_NAMED = re.compile(r"\bGovernment\s+of\s+(?:the\s+)?"
                               r"(?P<country>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})")
_TECHNICAL_SUPPORT = re.compile(r"(?:supported|backed)\b", re.IGNORECASE)
# IOM and the bodies beside it run the event; IOM's own Development Fund is a funder.
_STARTS_WITH_IOM = re.compile(r"\s*(?:the\s+)?(?:IOM|International\s+Organization\s+for\s+Migration|OIM)\b"
                              r"(?!['’]?s?\s+Development\s+Fund)")
SUPPORT_WITH_IOM = rules.rule(
    "support_with_iom", "'supported by IOM and ...' lists the bodies that help run an event, not funders",
    general="IOM is never its own donor; the bodies named beside it in 'supported by' are co-implementers")


def _government_of(iso3: str) -> str:
    """The donor name a country's government goes by ("Government of Japan")."""
    return f"Government of {places.display_names().get(iso3, iso3)}"


def donor_country(donor: str) -> str | None:
    """The country a government donor belongs to ("Government of the United States" -> "USA"), or None."""
    prefix = "Government of "
    return places.country_of_name(donor[len(prefix):]) if donor.startswith(prefix) else None


# A ministry or agency named with its country after it: "... des Affaires étrangères de l'Allemagne".
# Lower-case words of the name may come first: "Ministère des Affaires étrangères de la Norvège".
_OF_COUNTRY = re.compile(r"^(?:\s+[a-z]+){0,2}?\s*(?:of|de|du|del)\s+(?:the\s+|la\s+|l['’]\s*)?"
                         r"(?P<country>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})")


_COUNTRY_AT_END = re.compile(r"\s(?:of|de|du|del)\s+(?:the\s+|la\s+|l['’]\s*)?"
                             r"(?P<country>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})$")


def _owning_government(after_name: str) -> str | None:
    m = _OF_COUNTRY.match(after_name)
    return _country_government(m.group("country")) if m else None


def _country_government(sentence: str) -> str | None:
    """"Government of <country>" when a funding phrase is followed by a country (or a demonym with
    Government/Embassy/people) and nothing the donor table knows."""
    m = _COUNTRY_BODY.match(sentence)
    if not m:
        return None
    mentions = places.country_mentions(m.group("name"))
    if not mentions or mentions[0].start != 0:
        return None
    first = mentions[0]
    if first.demonym and not m.group("body"):
        return None  # "funded by Korean partners": an adjective, not the government
    if not first.demonym and first.end < len(m.group("name").rstrip(" .,")):
        return None  # "funded by Germany's Federal Foreign Office" names a body of it (left to the table)
    return _government_of(first.iso3)


# "funded by the Australian and Canadian governments": one government for each people named.
_DEMONYM_LIST = re.compile(r"^\s*(?:the\s+)?(?P<list>[A-Z][a-z]+(?:\s*,\s*[A-Z][a-z]+)*,?\s+and\s+"
                           r"[A-Z][a-z]+)\s+[Gg]overnments\b")


def _demonym_governments(sentence: str) -> list[str]:
    m = _DEMONYM_LIST.match(sentence)
    if not m:
        return []
    people = places.demonyms()
    words = re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("list"))
    isos = [people.get(word.casefold()) for word in words]
    if not all(isos):
        return []
    return [_government_of(iso) for iso in isos if iso]


DEMONYM_FUNDED = rules.rule(
    "demonym_funded", "'an Australian-funded project' names that country's government as the funder",
    general="English forms a funder adjective by joining a people's name to 'funded' or 'financed'")
_DEMONYM_FUNDED = re.compile(r"\b(?P<people>[A-Z][a-zà-ÿ]+)-(?:funded|financed|sponsored)\b")


def _demonym_funders(text: str) -> list[str]:
    """"Government of <country>" for each "<Demonym>-funded" ("Canadian-funded IOM project")."""
    if not any(f"-{verb}" in text for verb in ("funded", "financed", "sponsored")):
        return []  # the pattern tries every capitalised word; most texts have no "-funded" at all
    people = places.demonyms()
    found = []
    for m in _DEMONYM_FUNDED.finditer(text):
        iso3 = people.get(m.group("people").casefold())
        if iso3:
            found.append(_government_of(iso3))
    return found


# "a project which Switzerland, the Netherlands, Italy and France co-fund", "which the German Ministry of
# Internal Affairs funds": the funders stand between the relative pronoun and the verb closing the clause.
RELATIVE_FUNDERS = rules.rule(
    "relative_funders", "'a project which Sweden and the EU fund' names each funder before the verb",
    general="English puts the funders of a relative clause between its pronoun and its verb")
# The verb closing a relative clause of funders, then the pronoun that opens it, read backwards from it.
_RELATIVE_VERB = re.compile(r"\s(?:co-?)?(?:funds?|finances?|sponsors?|pays?\s+for|bankrolls?)\b")
_RELATIVE_PRONOUN = re.compile(r".*\b(?:which|that)\s+(?:the\s+)?(?=[A-Z])", re.DOTALL)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?(?:the\s+)?|\s+and\s+(?:the\s+)?")


def _relative_clause_funders(plain: str, registry: DonorRegistry) -> list[str]:
    """Names of the funders of "which <names> fund(s)" that the donor table may not know, as written."""
    out: list[str] = []
    for verb in _RELATIVE_VERB.finditer(plain):
        window = plain[max(0, verb.start() - 130):verb.start()]
        opened = _RELATIVE_PRONOUN.match(window)
        if opened is None:
            continue
        names = window[opened.end():]
        if re.search(r"[.;:]", names) or names_only(names) != names or _STARTS_WITH_IOM.match(names):
            continue  # a clause that is not only names ("which IOM carries out ... using funds")
        # Each part with its reading as a funder; a part that reads as none belongs to the name before it
        # ("Department of Immigration and Border Protection": one name), which is then read again.
        parts: list[tuple[str, str | None]] = []
        for part in ([names] if registry.lookup(names) else _LIST_SPLIT.split(names)):
            funder = _funder_name(part, registry)
            if parts and not funder:
                joined = f"{parts[-1][0]} and {part}"
                parts[-1] = (joined, _funder_name(joined, registry))
            else:
                parts.append((part, funder))
        out.extend(funder for _, funder in parts if funder)
    return out


def _funder_name(name: str, registry: DonorRegistry) -> str | None:
    """A name as a funder: a known donor, a country's government, or a name with an organisation word."""
    if registry.lookup(name) is not None:
        return name
    government = _country_government(name) if rules.on(COUNTRY_FUNDER) else None
    if government:
        return government
    return name if _ORG_WORD.search(name) and not _ORG_WORD.fullmatch(name) else None


# A programme that carries its funder's name: "the EU-IOM Joint Initiative", "the USAID Dignity and Rights
# Project", "l'Initiative conjointe UE-OIM", "the EU/UNDP project".
PROGRAMME_FUNDER = rules.rule(
    "programme_funder", "a programme named after a government agency or the EU ('the EU-IOM Joint "
    "Initiative', 'the USAID ... Project') is funded by it",
    general="funders' programmes carry the funder's name in three languages; a bare country name does not "
    "count")
_NAMED_AFTER_FUNDER_AFTER = re.compile(
    r"(?:[-/](?:IOM|OIM|UNDP|PNUD|UNICEF|UNHCR|ILO|OIT)|['’]s)?\s+(?:[A-Z][\w'’-]*\s+(?:(?:and|for|of|on|in|to)\s+)?){0,8}?"
    r"(?i:project|programme|program|joint\s+initiative|initiative)\b")
_NAMED_AFTER_FUNDER_BEFORE = re.compile(
    r"\b(?i:initiative\s+conjointe|iniciativa\s+conjunta|projet|programme|programa|proyecto)\s+$")


# Read on the lower-cased text: project, projet, proyecto, programme, program(a), initiative, iniciativa.
_PROGRAMME_WORD = re.compile(r"pro(?:ject|jet|yecto|gram)|initiative|iniciativa")
_PROGRAMME_WORD_ANY = re.compile(_PROGRAMME_WORD.pattern, re.IGNORECASE)


def _programme_funders(plain: str, lowered: str | None, registry: DonorRegistry) -> list[Donor]:
    """Governments, their agencies and the EU whose name a programme's name carries (``lowered``: the
    text lower-cased, offsets unchanged)."""
    found: list[Donor] = []
    hits: list[_DonorHit] = []
    end = 0
    words = _PROGRAMME_WORD.finditer(lowered) if lowered is not None else _PROGRAMME_WORD_ANY.finditer(plain)
    for word in words:
        # The funder stands just before the programme's word, or (Romance order) just after it.
        start = max(end, word.start() - 90)
        end = min(len(plain), word.end() + 40)
        hits.extend(_known_hits(plain, start, end))
    for hit in dict.fromkeys(hits):
        joined = re.match(r"[-/](?:IOM|OIM|UNDP|PNUD)\b", plain[hit.end:])
        if places.country_of_name(hit.text) and not joined:
            continue  # "the United States Refugee Admissions Program" is the country's own programme
        if not (_NAMED_AFTER_FUNDER_AFTER.match(plain, hit.end)
                or (_NAMED_AFTER_FUNDER_BEFORE.search(plain, max(0, hit.start - 30), hit.start)
                    and joined)):
            continue
        donor = registry.resolve(hit.text)
        if donor is not None and donor.org_type in _STATE_DONORS and donor not in found:
            found.append(donor)
    return found


def donors(text: str, registry: DonorRegistry) -> list[str]:
    """Canonical names of the organisations the text names as funding the activity, in order."""
    plain = _plain(text)
    found: list[Donor] = []
    unknown: list[str] = []
    lowered = plain.lower()
    same_length = len(lowered) == len(plain)  # a letter whose lower case is longer would shift offsets
    triggers = (folding.anchored_finditer(_FUNDING_TRIGGER_LOWER, FUNDING_ANCHORS, lowered) if same_length
                else _FUNDING_TRIGGER.finditer(plain))
    for trig in triggers:
        if _SOUGHT.search(plain[max(0, trig.start() - 40):trig.start()]):
            continue
        tail = plain[trig.end():trig.end() + 220]
        sentence = tail[:_span_end(tail)]
        span = names_only(sentence)
        # A name may go on in lower case ("l'Union européenne"): a known name that starts inside the run
        # of names counts whole.
        if (rules.on(SUPPORT_WITH_IOM) and _TECHNICAL_SUPPORT.match(trig.group())
                and _STARTS_WITH_IOM.match(span)):
            continue  # "supported by IOM and UNHCR": the bodies that help run it, not its funders
        # A known acronym in brackets just after the body's name ("del Fondo central para la acción en casos
        # de emergencia (CERF)") is that body, though its name ran into lower case.
        hits = [h for h in _known_hits(sentence) if h.start < len(span) or _bracketed_acronym(sentence, h)]
        if hits:
            # "financés par le Japon et le Fonds ...": a country the table does not know may lead the list.
            ahead = sentence[:hits[0].start]
            lead = _country_government(ahead) if rules.on(COUNTRY_FUNDER) and ahead.strip() else None
            if lead:
                unknown.append(lead)
            found.extend(_drop_parents(hits, span, registry))
            continue
        governments = _demonym_governments(sentence) if rules.on(COUNTRY_FUNDER) else []
        if rules.on(COUNTRY_FUNDER) and not governments:
            government = _country_government(sentence)
            governments = [government] if government else []
        if governments:
            unknown.extend(governments)
            continue
        chunk = _ORG_CHUNK.match(span.lstrip())
        if chunk:
            name = chunk.group("name").strip(" ,.")
            if _IOM.match(name) or _STARTS_WITH_IOM.match(name):
                continue  # "donated by IOM to the Agency of IDPs": IOM gives, it is no donor
            owner = None
            if rules.on(COUNTRY_FUNDER):
                # "... des Affaires étrangères de l'Allemagne" after the name, or "... de la Finlande" in it.
                inner = _COUNTRY_AT_END.search(name)
                owner = _owning_government(sentence.lstrip()[chunk.end():]) or (
                    _country_government(inner.group("country"))
                    if inner and _ORG_WORD.search(name[:inner.start()]) else None)
            if owner:
                unknown.append(owner)  # "le Ministère des Affaires étrangères de l'Allemagne"
            elif ((_ORG_WORD.search(name) and not _ORG_WORD.fullmatch(name))
                  or re.fullmatch(r"[A-Z]{3,8}", name)):
                unknown.append(name)  # a name with an organisation word; the word alone ("Fonds") names none
    cues = _AFTER_DONOR_CUE_LOWER.finditer(lowered) if same_length else _AFTER_DONOR_CUE.finditer(plain)
    for cue in cues:
        window = _known_hits(plain, max(0, cue.start() - 150), cue.start() + 1)
        for i, hit in enumerate(window):
            if _AFTER_DONOR.match(plain[hit.end:hit.end + 90]):
                # "the Bureau ... (INL) of the US Department of State funds": the agency before its parent.
                before = window[i - 1] if i else None
                pair = ([before, hit] if before and _AGENCY_GAP.fullmatch(plain[before.end:hit.start])
                        else [hit])
                # "The Government of Japan and the UN's CERF have funded": each funder of the list.
                k = i
                while k > 0 and _LISTED_FUNDER_GAP.fullmatch(plain[window[k - 1].end:window[k].start]):
                    k -= 1
                    pair.insert(0, window[k])
                found.extend(_drop_parents(pair, plain, registry))
        if rules.on(COUNTRY_FUNDER):
            # "The Government of Kazakhstan organizes and finances the conference".
            for gov in _GOVERNMENT_NAMED.finditer(plain, max(0, cue.start() - 150), cue.start() + 1):
                named = _country_government(gov.group("country"))
                if named and _AFTER_DONOR.match(plain[gov.end():gov.end() + 90]):
                    unknown.append(named)
    if rules.on(DEMONYM_FUNDED):
        unknown.extend(_demonym_funders(plain))
    if rules.on(RELATIVE_FUNDERS):
        unknown.extend(_relative_clause_funders(plain, registry))
    if rules.on(PROGRAMME_FUNDER):
        found.extend(_programme_funders(plain, lowered if same_length else None, registry))
    for name in unknown:
        donor = registry.resolve(name)
        if donor is not None:
            found.append(donor)
    names: list[str] = []
    for donor in found:
        if donor.name not in names:
            names.append(donor.name)
    return names


# A funder named beside IOM (or one of its offices) in a headline: "IOM and the EU hand over ...", "IOM
# Philippines and ECHO back ...", "PRM y OIM procuran ...", "Netherlands and IOM team up ...".
_BESIDE_IOM_BEFORE = re.compile(r"\b(?:IOM|OIM|UN\s+Migration\s+Agency)(?:\s+[A-Z][a-zà-ÿ]+){0,2}"
                                # A list after IOM: "IOM, USAID and the Australian Government assist".
                                r"(?:,\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})*"
                                r"(?:,\s*(?:and\s+|et\s+|y\s+)?|\s+(?:and|et|y)\s+)"
                                r"(?:the\s+|l['’]\s*|le\s+|la\s+|el\s+)?$")
_BESIDE_IOM_AFTER = re.compile(r"\s+(?:and|et|y)\s+(?:the\s+)?(?:IOM|OIM|l['’]OIM|la\s+OIM|"
                               r"UN\s+Migration\s+Agency)\b")


# A state body as the subject of a funding verb: "Japan Backs IOM ...", "Thai Government Pays for ...",
# "la Norvège finance l'aide ...", "la Suède appuie l'OIM ...", "Alemania respalda ...".
FUNDS_IN_HEADLINE = rules.rule(
    "funds_in_headline", "a government or the EU as the subject of a funding verb in a headline is a donor",
    general="'Japan backs IOM ...', 'la Norvège finance ...': a state that backs work away from home pays "
    "for it")
_HEADLINE_FUNDING_VERBS = (
    r"(?:backs|funds|finances|bankrolls|donates|gives|grants|contributes|pledges|pays\s+for|"
    r"finance|financent|appuie|appuient|soutient|soutiennent|verse|versent|octroie|octroient|"
    r"financia|financian|apoya|apoyan|respalda|respaldan|dona|donan|aporta|aportan|otorga|otorgan)\b")
_FUNDS_IN_HEADLINE = _folded(
    r"^(?:\s*\([^()]{1,15}\))?\s+(?:[Gg]overnment\s+|[Gg]ouvernement\s+|[Gg]obierno\s+)?"
    + _HEADLINE_FUNDING_VERBS, re.IGNORECASE)  # headlines capitalise their verbs


_JOINED_TO_IOM = re.compile(r"\b(?:IOM|OIM|UN\s+Migration\s+Agency)\b[^.]{0,80}?\s(?:and|et|y)\s|"
                            r"\s(?:and|et|y)\s+(?:the\s+|l['’]\s*|la\s+)?(?:IOM|OIM)\b")
_FUNDING_VERB = _folded(r"\b" + _HEADLINE_FUNDING_VERBS, re.IGNORECASE)


def donors_beside_iom(headline: str, registry: DonorRegistry) -> list[Donor]:
    """Governments, their agencies and the EU that a headline joins to IOM ("IOM and Japan supply ...") or
    makes the subject of a funding verb ("Japan backs IOM ..."). UN agencies and funds beside IOM are
    partners in the work more often than its funders."""
    plain = _plain(headline)
    found: list[Donor] = []
    for hit in _known_hits(plain):
        if not (_BESIDE_IOM_BEFORE.search(plain[:hit.start]) or _BESIDE_IOM_AFTER.match(plain, hit.end)
                or (rules.on(FUNDS_IN_HEADLINE) and _FUNDS_IN_HEADLINE.match(plain, hit.end))):
            continue
        donor = registry.resolve(hit.text)
        if donor is not None and donor.org_type in _STATE_DONORS and donor not in found:
            found.append(donor)
    # Country names are looked for only in a headline that joins something to IOM or has a funding verb.
    hinted = _JOINED_TO_IOM.search(plain) or (rules.on(FUNDS_IN_HEADLINE) and _FUNDING_VERB.search(plain))
    for mention in places.country_mentions(plain) if hinted else []:
        # A country the donor table may not list; a demonym only with its "Government" after it.
        after = plain[mention.end:]
        government = re.match(r"\s+[Gg]overnment\b", after)
        if mention.demonym and not government:
            continue
        # "IOM, USAID and the Australian Government", "Suecia y la OIM dan ...": a country joined to IOM.
        # Only a government the donor table lists joins IOM as a funder; others are partners.
        beside = (_BESIDE_IOM_BEFORE.search(plain[:mention.start])
                  or (not mention.demonym and _BESIDE_IOM_AFTER.match(plain, mention.end)))
        if beside and registry.lookup(_government_of(mention.iso3)) is None:
            beside = None
        if beside or (rules.on(FUNDS_IN_HEADLINE) and _FUNDS_IN_HEADLINE.match(after)):
            donor = registry.resolve(_government_of(mention.iso3), org_type="10")
            if donor is not None and donor not in found:
                found.append(donor)
    return found


_STATE_DONORS = frozenset({"10", "15"})  # governments and their agencies; the European Union


def partners(text: str, exclude: list[str]) -> list[str]:
    """Co-organising or hosting bodies ("in partnership with the Thai Immigration Bureau")."""
    excluded = {normalise_name(e) for e in exclude}
    out: list[str] = []
    for trig in _PARTNER_TRIGGER.finditer(text):
        tail = text[trig.end():trig.end() + 250]
        span = names_only(tail[:_span_end(tail)])
        for piece in _PARTNER_SPLIT.split(span):
            chunk = _ORG_CHUNK.match(piece.strip())
            if not chunk:
                break
            name = chunk.group("name").strip(" ,.")
            if (_IOM.match(name) or _IOM_OFFICE.match(name) or normalise_name(name) in excluded
                    or len(name) < 3):
                continue
            if " " not in name and not re.fullmatch(r"[A-Z]{2,10}", name):
                continue  # "the Guinean authorities": an adjective, not a body
            if name not in out:
                out.append(name)
    return out[:6]


def programmes(text: str, exclude: list[str] | None = None) -> list[str]:
    """Named projects and programmes, with their acronym when the text gives one (``exclude``: names that
    are something else, such as donors called "... Aid Programme")."""
    excluded = {normalise_name(e) for e in exclude or []}
    out: list[str] = []
    for pattern in (_PROGRAMME_QUOTED, _PROGRAMME_AFTER_COLON):
        for m in pattern.finditer(text):
            name = m.group("name").strip(" ,.")
            if name not in out:
                out.append(name)
    for m in _PROGRAMME_NAMED.finditer(text):
        # The name starts after the last "the" ("Funding for the BMM programme" names "BMM programme") and
        # after a funder's "X-funded".
        words = re.split(r"\bthe\s+|\S+-funded\s+", m.group("name"), flags=re.IGNORECASE)[-1].strip(" ‘’'")
        name = re.sub(r"^(?:The|This|Under|Its|Our|A|An)\s+", "", f"{words} {m.group('kind')}")
        # "IOM Development Fund (IDF) project" names the funder, not the project.
        funder = re.sub(r"\s*\([^()]*\)\s*$", "", re.sub(r"\s+\w+$", "", name))
        if (len(name.split()) >= 3 and not _IOM.match(name) and not any(name in o for o in out)
                and normalise_name(name) not in excluded and not _donor_pattern().fullmatch(_plain(funder))):
            out.append(name)
    return out[:5]
