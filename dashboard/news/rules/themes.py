"""Themes from the shared list (``dashboard.model.themes.THEMES``), by the vocabulary of each field.

A theme is kept when its words weigh enough: a word in the headline or lede counts more than one deep in
the body, so a passing mention ("similar workshops on trafficking") does not make a theme.
"""

from __future__ import annotations

import re

from dashboard.model.themes import THEMES
from dashboard.news.rules import folding

_THEME_WORDS: dict[str, str] = {
    "border management": r"border\s+(?:management|governance|control|guards?|police|officials?|officers?|"
                         r"agents?|services?|posts?|crossings?|crossing\s+points?|security|authorities|"
                         r"agenc\w+)|integrated\s+border|\bIBM\b|immigration\s+(?:officers?|officials?|"
                         r"department|bureau|services?|building|headquarters|authorities)|points?\s+of\s+entry|"
                         r"ports?[- ]of[- ]entry|\bPoEs?\b|checkpoints?|fraudulent\s+documents?|"
                         r"document\s+(?:verification|examination|security|fraud)|gestion\s+des\s+frontières|"
                         r"gestión\s+(?:integral\s+)?de\s+fronteras|frontières|fronteras|"
                         r"cross[- ]border\s+(?:operations?|cooperation|management|security|patrols?)|"
                         r"(?:maritime|marine|land|green)\s+borders?|"
                         r"falsified\s+documents?|document\s+fraud|documentos\s+falsos|fraude\s+documentaire|"
                         r"puntos\s+de\s+(?:ingreso|entrada)|postes?\s+frontières?|pasos\s+fronterizos|"
                         r"polic[ií]a\s+(?:migratoria|de\s+fronteras)|police\s+(?:aux|des)\s+frontières|"
                         r"puestos?\s+fronterizos?|contrôles?\s+(?:aux\s+)?frontières|control\s+fronterizo",
    "counter-trafficking": r"traffick\w*|\bTIP\b|\bTHB\b|trata\s+de\s+(?:personas|seres\s+humanos)|"
                           r"traite\s+(?:des|de|d['’])\s*(?:êtres|personnes)|(?:contra|contre)\s+la\s+(?:trata|traite)\b|"
                           # "victimes de traite", "víctimas de trata": after victims, the bare noun.
                           r"victimes?\s+de\s+(?:la\s+)?traite\b|v[ií]ctimas?\s+de\s+(?:la\s+)?trata\b",
    "migrant smuggling": r"smuggl\w+|trafic\s+illicite|tráfico\s+ilícito",
    "labour migration": r"labou?r\s+migra\w+|migrant\s+workers?|labou?r\s+mobility|recruit\w*|"
                        r"employ(?:ers?|ment)|migration\s+de\s+travail|migración\s+laboral|"
                        r"travailleurs\s+migrants|trabajadores\s+migrantes|main-d['’]œuvre|migrant\s+labou?r|labou?r\s+(?:force|ministers?|"
                        r"ministr(?:y|ies)|attach[eé]s|market|rights)|ministers?\s+of\s+labou?r|ministr(?:y|ies)\s+of\s+"
                        r"labou?r|(?:live|living)\s+and\s+work(?:ing)?\s+abroad|work(?:ing)?\s+abroad|"
                        r"migración\s+laboral|mobilité\s+de\s+(?:la\s+)?main|trabajo\s+en\s+el\s+exterior",
    "migration governance": r"migration\s+governance|migration\s+polic\w+|migration\s+management|"
                            # "managing migration", "gestion des flux migratoires", "Conferencia ... sobre
                            # Migraciones": the same subject in other words.
                            r"manag(?:e|es|ed|ing)\s+migration(?!\s+of\s+workers)|"
                            r"gestion\s+des\s+(?:flux\s+)?migra\w+\b(?!\s+de\s+travail)|"
                            r"gesti[oó]n\s+de\s+(?:la\s+|los\s+|las\s+)?(?:flujos\s+)?migra\w+\b(?!\s+laboral)|"
                            r"conf[eé]ren\w+\s+(?:[\w-]+\s+){0,2}?(?:on|sobre|sur\s+les)\s+migra\w+|"
                            r"international\s+migration\s+law|\bIML\b|policy\s+dialogue|\bMGI\b|"
                            r"gouvernance\s+des\s+migrations|gobernanza\s+migratoria|"
                            r"regional\s+consultative|global\s+compact|pacte\s+mondial|pacto\s+mundial|\bGCM\b|\bPMM\b|national\s+(?:migration\s+)?"
                            r"(?:strateg\w+|polic(?:y|ies)|action\s+plans?)|migration\s+(?:strateg\w+|law|"
                            r"legislation)|legal\s+frameworks?|política\s+migratoria|politique\s+migratoire|"
                            r"stratégie\s+nationale|estrategia\s+nacional|international\s+migration|regular\s+migration|safe,?\s+orderly|"
                            r"(?:regional|ministerial)\s+(?:consultative\s+process|ministerial\s+forum|forum|"
                            r"conference)s?\s+on\s+migration|regional\s+consultative\s+process\w*|\bRCPs?\b|"
                            r"migration\s+(?:dialogue|cooperation|matters|issues)|gestion\s+des\s+migrations|"
                            r"gestión\s+migratoria|migración\s+(?:ordenada|regular)|mesas?\s+técnicas?",
    "migration and development": r"migration\s+and\s+development|development\s+actors?|remittances?|"
                                 r"migración\s+y\s+desarrollo",
    "migration health": r"migration\s+health|health\s+assessments?|medical\s+screening|"
                        r"public\s+health|tuberculosis|HIV|santé\s+des\s+migrants|salud\s+migrante|first\s+aid|infectious\s+diseases?|"
                        r"health\s+(?:services|screening|"
                        r"posts?|facilities|systems?)|medical\s+(?:care|services|assistance|check\w*)|"
                        r"soins\s+de\s+santé|atención\s+médica|servicios\s+de\s+salud|"
                        # Health care in three languages (a pandemic named in passing is only context).
                        r"health\s+care|healthcare|health\s+of\s+migrants|migrants['’]\s+health|"
                        r"(?:trabajadores|personal|atención)\s+de\s+"
                        r"(?:la\s+)?salud|salud\s+(?:de\s+(?:las\s+|los\s+)?(?:personas\s+)?migrantes|mental|pública)|"
                        r"santé\s+(?:des\s+migrants|publique|mentale)|primeros\s+auxilios|premiers\s+secours",
    "return and reintegration": r"\breturn(?:s|ees?|ing\s+migrants)?\b|reintegrat\w+|\bAVRR?\b|"
                                r"\bAVR\(R\)|retour|réintégration|retorno|reintegración|retornad[oa]s|"
                                r"rapatri[ée]\w*",
    "displacement and emergency": r"crisis|crises|emergenc\w+|displace\w+|\bIDPs?\b|disasters?|"
                                  r"humanitarian|evacuat\w+|\bMICIC\b|contingency|relief|"
                                  r"déplac\w+|desplaz\w+|crise|catastrophes?|desastres?|urgence|"
                                  # Natural hazards in three languages.
                                  r"hurricanes?|cyclones?|typhoons?|floods?|flooding|earthquakes?|ouragans?|"
                                  r"inondations?|séismes?|huracan(?:es)?|huracán|inundaciones|terremotos?",
    "climate and environment": r"climate|environment\w*|sea[- ]level|slow-onset|sudden-onset|"
                               r"climat\w*|clima\b|cambio\s+climático",
    "data and research": r"\bdata\b|statistic\w*|research|\bDTM\b|displacement\s+tracking|flow\s+monitoring|"
                         r"surveys?|profil\w+|analys\w+|données|datos|statistiques|estadísticas|"
                         r"estudios?|encuestas?|enquêtes?|études?",
    # "protect" and "victims" alone are everywhere in trafficking and border stories; these words are the
    # field's own.
    "protection of vulnerable migrants": r"vuln[eé]rab\w+|mécanisme\s+(?:national\s+)?de\s+référen\w+|"
                                         r"mecanismo\s+(?:nacional\s+)?de\s+(?:derivación|referencia)|"
                                         r"protection\s+des\s+migrants|protección\s+de\s+(?:los\s+)?migrantes|(?:migrant|victim|child|international)\s+protection|"
                                         r"protection\s+(?:of|for)\s+(?:migrants|victims|children)|"
                                         r"protect(?:ing)?\s+(?:migrants|victims|children)|human\s+rights|"
                                         r"unaccompanied|referral\s+mechanism|shelters?|victim[- ]cent\w+|"
                                         r"protección|psychosocial|\bMHPSS\b|case\s+management|"
                                         r"(?:direct|protection)\s+assistance|separated\s+children|"
                                         r"migrants?\s+in\s+(?:vulnerable\s+)?situations|"
                                         r"assistance\s+(?:aux|to)\s+(?:victims|victimes|migrants)|"
                                         r"atención\s+(?:a|de)\s+(?:las\s+)?víctimas|psicosocial|migrant\s+protection|protection\s+(?:services|concerns|"
                                         r"needs|of\s+(?:migrants|refugees))|refugee\s+protection|(?:search\s+and\s+)?"
                                         r"rescue\w*|life-?saving|sav(?:e|ing)\s+(?:the\s+)?lives|shipwrecks?|drowned|"
                                         r"missing\s+migrants|deaths?\s+(?:at\s+sea|of\s+migrants)|migrantes\s+"
                                         r"desaparecidos|(?:dangers|risks|perils)\s+of\s+irregular\s+migration|"
                                         r"dangerous\s+journeys?|safe\s+migration|migration\s+sûre|migración\s+segura|"
                                         r"(?:dangers|risques)\s+(?:de\s+)?(?:l['’]|la\s+)?(?:é|i)?migration\s+irrégulière|"
                                         r"riesgos\s+de\s+la\s+migración\s+irregular|sauvetage|rescate|"
                                         r"child\s+migra\w+|enfants\s+migrants|niñ[oa]s\s+migrantes|"
                                         r"children\s+on\s+the\s+move|(?:reception|care|transit)\s+(?:centers?|centres?|"
                                         r"stations?)|derechos\s+humanos|droits\s+(?:de\s+l['’]homme|humains)|"
                                         r"post-arrival\s+assistance|protection\s+des\s+enfants",
    "diaspora": r"diaspora\w*|diáspora",
    # Consuls and consulates, not consultations: "consul" begins "consultation" too.
    "consular and identity": r"consul(?:ar|ares|aire|aires|ates?|ats?|ados?|s|es)?\b|identity|passports?|"
                             r"visas?\b|identification\s+(?:and\s+)?"
                             r"(?:registration|documents?)|nationals\s+abroad|embass\w+|travel\s+documents?|"
                             r"document\s+(?:verification|examination|security|fraud)|PIRS",
    "community stabilization": r"community\s+stabili[sz]ation|social\s+cohesion|peace[- ]?building|"
                               r"stabilisation\s+communautaire|estabilización\s+comunitaria|"
                               r"cohésion\s+sociale|cohesión\s+social|convivencia\s+pacífica|"
                               r"consolidation\s+de\s+la\s+paix|consolidación\s+de\s+la\s+paz",
    "gender": r"\bgender\b|\bwomen'?s?\b|gender-based|\bGBV\b|genre\b|género|femmes|mujeres",
}
# Words that belong to two themes at once: a forged passport is a border matter and an identity matter.
_SHARED_WORDS: dict[str, tuple[str, ...]] = {
    r"document\s+(?:verification|examination|security|fraud)|fraudulent\s+(?:travel\s+)?documents?|"
    r"forged\s+documents?|counterfeit\s+documents?": ("border management", "consular and identity"),
    r"victims?\s+of\s+(?:human\s+)?trafficking|trafficked\s+(?:persons|migrants|children)":
        ("counter-trafficking", "protection of vulnerable migrants"),
}
# Patterns are matched case-sensitively against lower-cased text: the same matches as IGNORECASE (the
# patterns use no upper-case escapes such as \S or \W) at a third of the cost.
_SHARED = [(re.compile(words.lower()), themes) for words, themes in _SHARED_WORDS.items()]
# One pass over the text for all themes; the group that matched names the theme.
_PATTERN, _GROUPS = folding.first_char_dispatch({theme: words.lower()
                                                 for theme, words in _THEME_WORDS.items()})
assert not re.search(r"\\[SWDB]", _PATTERN.pattern + "".join(_SHARED_WORDS)), "upper-case escape lost"
assert set(_THEME_WORDS) <= set(THEMES), "theme vocabulary names a theme outside the shared list"


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    text = (text or "").lower()
    for m in _PATTERN.finditer(text or ""):
        theme = _GROUPS[m.lastgroup or ""]
        counts[theme] = counts.get(theme, 0) + 1
    for pattern, shared in _SHARED:
        for _ in pattern.finditer(text or ""):
            for theme in shared:
                counts[theme] = counts.get(theme, 0) + 1
    return counts

# Weight of a mention in the headline, the lede (first ~500 characters) and the rest of the text.
_HEAD_WEIGHT, _LEDE_WEIGHT, _BODY_WEIGHT = 3.0, 2.0, 1.0
_THRESHOLD = 3.0
# Themes whose words name the field itself (smuggling, trafficking, labour migration): one mention in the
# lede is enough. The broad themes' words (crisis, data, protection, women) come up in passing, so they need
# the full weight.
_SPECIFIC_THRESHOLD = 2.0
_SPECIFIC = frozenset({"border management", "counter-trafficking", "migrant smuggling",
                       "migration governance", "labour migration", "migration health",
                       "return and reintegration", "migration and development", "diaspora",
                       "community stabilization"})
_MAX_THEMES = 3


def themes(headline: str, body: str, lede_chars: int = 500) -> list[str]:
    """Themes whose words weigh at least the threshold, strongest first, at most three."""
    lede, rest = body[:lede_chars], body[lede_chars:]
    head_n, lede_n, rest_n = _counts(headline), _counts(lede), _counts(rest)
    scores: dict[str, float] = {}
    for theme in _THEME_WORDS:
        score = (_HEAD_WEIGHT * head_n.get(theme, 0) + _LEDE_WEIGHT * lede_n.get(theme, 0)
                 + _BODY_WEIGHT * rest_n.get(theme, 0))
        if score >= (_SPECIFIC_THRESHOLD if theme in _SPECIFIC else _THRESHOLD):
            scores[theme] = score
    ranked = sorted(scores, key=lambda t: (-scores[t], THEMES.index(t)))
    return ranked[:_MAX_THEMES]
