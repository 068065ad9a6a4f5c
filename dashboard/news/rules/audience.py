"""Who took part, in the corpus's audience vocabulary (``AUDIENCE``): read from the words that name the
people counted or trained, in English, French and Spanish. Trainers, speakers and organisers are not the
audience, so words right after "by" ("delivered by judges") are skipped.
"""

from __future__ import annotations

import re

from dashboard.news.rules import folding
from dashboard.news.rules import registry as rules

AID_RECIPIENTS = rules.rule("aid_recipients", "migrants in a sentence that hands out aid received it")

AUDIENCE = ("government officials", "border and law enforcement", "justice sector", "health workers",
            "civil society", "migrants and displaced people", "youth and students", "private sector", "media",
            "UN and IOM staff")
# The audiences whose trainings count as "officials trained" (the measure lives in transform/).
OFFICIALS = frozenset({"government officials", "border and law enforcement", "justice sector"})

# Longer phrases first inside one alternation: "border officials" is border and law enforcement, not
# government officials; "health workers" is not the workers of a company.
# The words for staff, before the body they serve.
_STAFF = (r"(?:officers?|officials?|personnel|staff|agents?|funcionari[oa]s|agentes|fonctionnaires|"
          r"personal|inspectors?)")
_WORDS: dict[str, str] = {
    # Staff named by the border, immigration or police body they serve ("officers from the Immigration
    # Departments", "funcionarios de migración", "agents de la police des frontières") are that body's.
    "border and law enforcement": _STAFF + r"\s+(?:(?:of|from|in|at|de|du|des|del)\s+"
                                  r"(?:the\s+|la\s+|las\s+|los\s+|l['’]|les\s+)?)?(?:[\w’'-]+\s+){0,3}?(?:border|immigration|police|customs|"
                                  r"(?:l['’])?(?:coast\s+guard|gendarmerie|fronteras?|frontières?|migración|immigration|police)|estaciones\s+"
                                  r"migratorias|aduanas?|douanes?|labou?r\s+inspectorates?)\b|"
                                  r"(?:(?:im)?migration|frontline|front-line)\s+(?:and\s+\w+\s+)?(?:officers?|"
                                  r"police|inspectors?)|border\s+(?:(?:control|security|protection)\s+)?(?:guards?|officials?|officers?|police|agents?|personnel|staff|"
                                  r"management\s+officials?|authorities)|immigration\s+(?:officers?|officials?|"
                                  r"staff|personnel|agents?|authorities|directors|chiefs|services?)|police(?:\s+officers?)?|policemen|policewomen|"
                                  r"gendarm\w*|customs(?:\s+officers?|\s+officials?)?|coast\s+guards?|"
                                  r"labou?r\s+inspectors?|law\s+enforcement|polici(?:ers|ères)|douaniers?|"
                                  r"garde-frontières|gardes-côtes|polic[ií]as?|agentes\s+(?:migratorios|de\s+"
                                  r"migración|fronterizos)|guardias?\s+(?:de\s+fronteras|costeros?)|aduan\w+|"
                                  r"operadoras\s+y\s+operadores\s+en\s+frontera|oficiales\s+de\s+migración|security\s+forces|"
                                  r"investigators|gardes?[- ]frontières?|agents\s+de\s+(?:la\s+)?police|"
                                  # Students of a police or border school are their service's recruits.
                                  r"(?:students|cadets|trainees)\s+(?:of|from|at)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?"
                                  r"(?:border|police|customs|immigration|coast\s+guard|gendarmerie)|"
                                  r"forces\s+de\s+(?:l['’]ordre|sécurité|défense\s+et\s+de\s+sécurité)|fuerzas\s+(?:de\s+seguridad|"
                                  r"policiales)|carabineros|guardia\s+civil|immigration\s+service|naval\s+(?:officers|personnel)|navy|military\s+(?:officers|personnel)|"
                                  r"armed\s+forces|soldiers|militaires|militares|port\s+(?:security|authorit\w+|officers|officials)|"
                                  r"(?:security|prison|correctional|penitentiary)\s+(?:officers|personnel|staff|agents)|"
                                  r"migration\s+(?:officials|authorities|agents|staff|personnel)|"
                                  r"anti-trafficking\s+(?:units?|police|officers)|agents?\s+(?:de\s+)?(?:l['’]immigration|"
                                  r"des\s+douanes|de\s+sécurité)|agentes\s+de\s+(?:policía|seguridad|inmigración)",
    "justice sector": r"judges?|prosecutors?|magistrates?|lawyers?|court\s+staff|judiciary|juges|procureurs|"
                      r"magistrats|avocats|jueces|fiscales|abogad[oa]s|defensores\s+públicos|judicial|prosecution\s+(?:offices?|"
                      r"services?)|public\s+prosecutor\w*|legal\s+(?:professionals|practitioners)|ministère\s+public|"
                      r"ministerio\s+público|fiscal[ií]as?|procureurs?|juristes|operadores\s+de\s+justicia|(?:criminal\s+)?justice\s+(?:officials|actors|practitioners|professionals|sector\s+(?:staff|officials|actors))|"
                      r"court\s+(?:officials|clerks|registrars)|paralegals|public\s+defenders|attorneys|magistrad[oa]s|"
                      r"acteurs\s+(?:de\s+la\s+)?(?:justice|judiciaires)|greffiers|actores\s+(?:de\s+(?:la\s+)?)?justicia",
    "health workers": r"health\s+(?:workers?|professionals?|staff|personnel|practitioners|officials?)|"
                      r"nurses?|doctors|medical\s+staff|clinicians|personnel\s+de\s+santé|agents\s+de\s+santé|"
                      r"trabajadores\s+de\s+(?:la\s+)?salud|personal\s+de\s+salud|médicos|enfermer[oa]s|midwives|"
                     r"psychologists|psychosocial\s+(?:workers|staff)|médecins|infirmi(?:er|ère)s|sages-femmes|"
                     r"personal\s+sanitario|promotores\s+de\s+salud|agentes\s+de\s+salud|health\s?care\s+(?:workers|professionals|providers|staff)|medical\s+(?:personnel|doctors|officers|"
                     r"professionals)|paramedics|pharmacists|laboratory\s+(?:staff|technicians)|mental\s+health\s+"
                     r"(?:professionals|practitioners|workers)|counsell?ors|professionnels\s+de\s+(?:la\s+)?santé|"
                     r"profesionales\s+de\s+(?:la\s+)?salud|personal\s+(?:médico|de\s+enfermería)",
    # A ministry, government or embassy named alone is a body (most often the funder or host), not the
    # people taking part: only its representatives or staff are.
    "government officials": r"government\s+(?:officials?|officers?|representatives?|staff|counterparts|"
                            r"authorities)|civil\s+servants?|officials?|ministr(?:y|ies)\s+(?:staff|officials?)|"
                            r"local\s+authorities|authorities|policy[- ]?makers|"
                            r"consular\s+(?:and\s+[\w-]+\s+)?(?:staffs?|officers?|officials?)|labou?r\s+attach[eé]s|statisticians|parliamentarians|"
                            # Labour ministries' staff are officials, not border staff.
                            r"labou?r\s+(?:migration\s+)?(?:officials?|officers?)|"
                            r"social\s+workers|mayors|(?:representatives|delegates|members|staff)\s+(?:(?:drawn|coming)\s+)?(?:of|from)\s+"
                            r"(?:the\s+)?(?:\w+\s+){0,2}?"
                            r"(?:ministr(?:y|ies)|governments?|institutions)|institutional\s+actors|acteurs\s+"
                            r"institutionnels|visa\s+officers?|delegations?|"
                            # People "from various ministries" are their staff; a ministry alone is a body.
                            r"(?:from|of)\s+(?:\w+\s+)?(?:line\s+)?ministries|"
                            r"(?:représentants|cadres|agents)\s+(?:des?\s+|de\s+l['’])?(?:(?:différent|divers|plusieurs|certain)\w*\s+)?"
                            r"(?:ministères?|institutions|"
                            r"services\s+de\s+l['’]État|administrations?)|élus\s+locaux|maires|préfets|gouverneurs|"
                            r"(?:repr[ée]sentants?|membres|cadres)\s+(?:(?:issu|venu|provenant|venant)\w*\s+)?(?:du\s+|de\s+la\s+|des\s+)"
                            r"(?:minist[èe]re|gouvernement|commission|"
                            r"préfecture|administration|direction)\w*|"
                            r"(?:representantes|personal|miembros|delegad[oa]s)\s+(?:(?:provenientes|procedentes)\s+)?de\s+"
                            r"(?:la\s+|las\s+|los\s+)?"
                            r"(?:(?:diferentes|divers[oa]s|vari[oa]s|distint[oa]s)\s+)?(?:ministerios?|"
                            r"secretar[ií]as?|instituciones|cancillerías?)|equipos\s+gubernamentales|alcaldes|"
                            r"gobiernos\s+locales|diplomats|members\s+of\s+parliament|MPs|legislators|lawmakers|senators|députés|parlementaires|"
                            r"parlamentari[oa]s|legisladores|congresistas|agency\s+staff|ministry\s+(?:representatives|"
                            r"personnel)|(?:municipal|district|provincial|regional|local\s+government)\s+(?:officials|"
                            r"staff|representatives|officers)|governors|focal\s+points|civil\s+registrars|"
                            r"autorités\s+locales|collectivités\s+(?:locales|territoriales)|autoridades\s+locales|"
                            r"municipalidades|gobernador[ae]s|diplomates|diplomáticos|consuls|cónsules|"
                            r"(?:vice[- ]|deputy\s+|prime\s+)?ministers|ministres|ministros|"
                            r"vice-?ministr[oa]s|ambassadors|ambassadeurs|"
                            r"embajador[ae]s|senior\s+officials|national\s+coordinators|"
                            # Staff of an embassy or consulate.
                            r"(?:staff|personnel|officials|officers|representatives)\s+(?:of|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,4}?"
                            r"(?:embass(?:y|ies)|consulates?)|"
                            r"government\s+representatives|"
                            # "government and civil society stakeholders": each side named is an audience.
                            r"government\s+(?:and\s+(?!non)(?:[\w-]+\s+){1,2})?(?:stakeholders|actors|officials)|"
                            # "participants representing the Ministry of Justice".
                            r"representing\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:ministr(?:y|ies)|governments?)|"
                            # "représentants gouvernementaux", "actores gubernamentales".
                            r"(?:représentants|acteurs|participants|partenaires|institutions|structures)\s+"
                            r"gouvernementa\w+|(?:personnes|membres|agents)\s+du\s+gouvernement|"
                            r"(?:representantes|actores|participantes|instituciones|entidades)\s+gubernamentales|"
                            r"government\s+(?:institutions|agencies|entities|participants|partners|actors)|"
                            r"fonctionnaires|autorités|représentants\s+(?:du\s+"
                            r"gouvernement|des\s+ministères)|funcionari[oa]s|autoridades|servidores\s+públicos",
    # "NGO partners" run or host the event with IOM; they are not its audience.
    "civil society": r"civil\s+society|non-?government(?:al)?\s+actors|NGOs?(?!\s+partners)|"
                     r"non[- ]gouvernementa\w+|no\s+gubernamentales|"
                     r"non-governmental|community\s+(?:leaders?|members|"
                     r"organi[sz]ations|volunteers)|faith(?:-based)?\s+(?:leaders?|organi[sz]ations)|"
                     r"religious\s+leaders?|traditional\s+leaders?|trade\s+unions?|diaspora\s+(?:associations|"
                     r"organi[sz]ations|members)|société\s+civile|ONGs?|sociedad\s+civil|líderes\s+comunitarios|community\s+"
                     r"mobili[sz]ers|mobilisateurs\s+communautaires|(?:leaders|chefs)\s+(?:communautaires|religieux|"
                     r"traditionnels|coutumiers)|líderes\s+(?:religiosos|indígenas)|volunteers|bénévoles|"
                     r"voluntari[oa]s|associations|community-based\s+organi[sz]ations|CBOs|CSOs|women['’]s\s+(?:groups|associations|organi[sz]ations)|"
                     r"imams|priests|clergy|village\s+(?:chiefs|elders|leaders|heads)|elders|unions|syndicats|sindicatos|"
                     r"diaspora\s+(?:representatives|leaders)|notables|chefs\s+de\s+village|"
                     r"associations?\s+(?:de\s+la\s+)?diaspora|organisations\s+de\s+la\s+société\s+civile|"
                     r"organizaciones\s+(?:de\s+la\s+sociedad\s+civil|comunitarias|no\s+gubernamentales)|"
                     r"organisations\s+(?:communautaires|non\s+gouvernementales)|asociaciones",
    "migrants and displaced people": r"migrants|returnees|refugees|IDPs|internally\s+displaced|displaced\s+"
                                     r"(?:people|persons|families|households)|victims|survivors|"
                                     r"asylum[- ]seekers|beneficiaries|households|families|retornad[oa]s|"
                                     r"migrantes|rapatriés|réfugiés|déplacés|desplazad[oa]s|refugiad[oa]s|migrant\s+(?:workers|women|children|youth|families|communities|returnees)|"
                                     r"unaccompanied\s+(?:children|minors)|deportees|host\s+communities|"
                                     r"personnes\s+(?:déplacées|migrantes|réfugiées)|personas\s+(?:migrantes|refugiadas|"
                                     r"desplazadas|retornadas)|víctimas|victimes|demandeurs\s+d['’]asile|solicitantes\s+de\s+asilo|"
                                     r"travailleurs\s+migrants|trabajadores\s+migrantes|returning\s+migrants",
    # "the Ministry of Women, Children and Youth Affairs" names a body, not young people.
    "youth and students": r"youths?(?!\s+(?:and\s+\w+\s+)?(?:affairs|ministry|council|department|sports?|"
                          r"polic\w+))|young\s+(?:people|men|women|leaders)|students|pupils|school\s+children|"
                          r"jeunes|étudiants|élèves|jóvenes|estudiantes|adolescents|adolescentes|university\s+students|"
                          r"graduates|diplômés|universitari[oa]s|schoolchildren|school\s+students|trainees\s+from\s+(?:universities|schools)|lycéens|alumnos|alumnas",
    "private sector": r"private\s+sector|employers|companies|recruitment\s+agenc\w+|recruiters|businesses|"
                      r"entrepreneurs|secteur\s+privé|employeurs|sector\s+privado|empresas|empleadores|business\s+"
                      r"(?:leaders|owners|representatives|community)|chambers?\s+of\s+commerce|entreprises|"
                      r"empresari[oa]s|sector\s+empresarial|employers['’]?\s+(?:organi[sz]ations|associations)|private\s+(?:companies|firms|recruiters|"
                      r"employment\s+agencies)|agences\s+de\s+recrutement|agencias\s+de\s+(?:reclutamiento|empleo|"
                      r"colocación)|tour\s+operators|airlines|transport\s+companies|banks",
    "media": r"journalists|media\s+(?:professionals|representatives|workers)|reporters|journalistes|"
             r"periodistas|comunicadores|médias|medios\s+de\s+comunicación|media\s+outlets|members\s+of\s+the\s+(?:media|press)|bloggers|influencers|content\s+creators|broadcasters|editors|"
                      r"(?:radio|television|TV)\s+(?:hosts|presenters|stations|journalists)|prensa|presse|"
                      r"professionnels\s+des\s+médias|comunicador[ae]s",
    "UN and IOM staff": r"(?:IOM|UN|United\s+Nations|OIM|ONU)(?:['’]s)?\s+"
                        r"(?:staff|personnel|colleagues|agencies|country\s+teams?|offices|missions)|UNCT|humanitarian\s+partners|"
                        r"staff\s+members?\s+(?:of|from)\s+(?:IOM|the\s+UN|UN)|"
                        r"staff\s+(?:of|from)\s+(?:IOM|the\s+UN|UN\s+agencies)|humanitarian\s+(?:staff|workers|"
                        r"actors)|(?:UN\s+)?Resident\s+Coordinators?|UN\s+agencies|"
                        r"Coordonnateurs?\s+résidents?|Coordinador(?:es)?\s+Residentes?|(?:colleagues|staff|personnel|representatives)\s+(?:of|from)\s+(?:the\s+)?(?:UN\w*|United\s+Nations|"
                        r"IOM|UNHCR|UNICEF|WFP|UNDP|UNODC|UNFPA|ILO|WHO)\b|UN\s+system|personnel\s+(?:de\s+l['’]OIM|"
                        r"des\s+Nations\s+Unies)|personal\s+de\s+(?:la\s+OIM|las\s+Naciones\s+Unidas)|"
                        r"agences\s+(?:onusiennes|des\s+Nations\s+Unies)|agencias\s+de\s+(?:la\s+ONU|las\s+Naciones\s+Unidas)|"
                        r"sistema\s+de\s+(?:las\s+)?Naciones\s+Unidas|"
                        # IOM itself among the participants: "IOM participated in a symposium".
                        r"(?:IOM|OIM)\s+(?:also\s+)?(?:participated|took\s+part|attended|was\s+(?:also\s+)?among)|"
                        r"l['’]OIM\s+a\s+(?:participé|pris\s+part)|la\s+OIM\s+particip(?:ó|a)|"
                        r"(?:IOM|UN)\s+(?:support\s+unit|secretariat|country\s+team)s?",
}
# Matched case-sensitively against lower-cased text: the same matches as IGNORECASE (the words use no
# upper-case escapes or classes) at a fraction of the cost.
_PATTERN, _GROUPS = folding.first_char_dispatch({name: words.lower() for name, words in _WORDS.items()},
                                                suffix=r"(?![\w-])")
assert not re.search(r"\\[SWDB]|A-Z", _PATTERN.pattern), "upper-case escape lost in lower-casing"
# Words after which a group runs the event rather than attends it. Not "from": it says where the
# participants come from ("officers from the Bangladesh Police") as often as who ran it.
# "attended by" names who took part, not who ran it.
_RUN_BY = re.compile(r"(?<!attended\s)(?<!joined\s)(?<!assisté\s)(?<!asistido\s)"
                     r"\b(?:by|par|por|led\s+by|facilitated\s+by|delivered\s+by)\s+(?:the\s+|les?\s+|"
                     r"la\s+|el\s+|los\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
# Words that say who took part, near an audience word.
_ATTEND = re.compile(r"\b(?:trained|train(?:ing)?\s+(?:for|of)|participants?|took\s+part|attended|"
                     r"tak(?:e|en|es|ing)\s+part|bring(?:s|ing)?\s+together|handed\s+over\s+to|"
                     r"receiv\w+|trainings?|courses?|workshops?|sessions?|"
                     r"designed\s+for|intended\s+for|dirigid[oa]s?|destin[ée]e?s?\s+(?:aux?|à)|"
                     r"brought\s+together|gathered|for\s+(?:\d+\s+)?|targeting|aimed\s+at|benefit\w*|"
                     r"reached|among|targets?|representing|(?:were|was|have\s+been)\s+(?:helped|assisted)|a\s+permis|ayudó|"
                     r"(?:will\s+)?train|co-?chaired|chaired|toured|visited|handed\s+(?:out|over)|"
                     r"handing\s+(?:out|over)|distribut\w+|remis\w*|entreg\w+|formé\w*|form(?:ation)?\s+(?:de|des|pour)|réuni\w*|capacit\w+|"
                     r"particip\w+|reuni\w+|dirigid[oa]s?\s+a|"
                     # Meetings' members are their audience as much as a course's trainees.
                     r"attend\w*|gathering|c(?:a|o)me\s+together|join(?:s|ed)?\s+forces|unen\s+fuerzas|"
                     r"s['’]unissent|meetings?|ateliers?|talleres?|seminars?|"
                     r"séminaires?|seminarios?|asisti\w+|"
                     r"réunions?|reuniones?|conferences?|symposium|pris\s+part|"
                     # What trainees get: skills, knowledge, awareness, a briefing.
                     r"learn\w*|skills|knowledge|equipped|briefed|briefings?|familiari[sz]\w+|sensiti[sz]\w+|"
                     r"sensibilis\w+|sensibiliz\w+|compétences|connaissances|competencias|conocimientos|"
                     r"habilidades|aprend\w+|joined|engaged|involv\w+|equip\w*|empower\w*|gets?\s+ready|"
                     r"prepar\w+|strengthen\w*|enhanc\w*|renforc\w+|fortalec\w+|reforz\w+|build\w*\s+(?:their\s+)?capacit\w+)\b",
                     re.IGNORECASE)
# "was attended from 26-29 March by 42 representatives": a passive of taking part a little before "by".
_ATTENDED_BY = re.compile(r"\b(?:attended|joined|assisté|asistido)\b[^.;:]{0,60}$", re.IGNORECASE)
MIGRANTS = "migrants and displaced people"
PEOPLE_MOVED = rules.rule("people_moved", "the people a movement moves (a return, an evacuation, a "
                          "relocation) are its audience: migrants and displaced people",
                          general="IOM moves migrants, returnees and refugees; a movement's audience is them")
# Migrants are what most releases are about; they are the audience only when the text says they took part
# or received something ("assistance to migrants" in a training's title is the subject, not the audience).
_MIGRANTS_BEFORE = re.compile(r"\b(?:distribut\w*|provid\w*|handed|reach\w*|trained|train|supported|helped|"
                              r"permis\s+à|ayudó\s+a|permitió\s+a|"
                              r"assisted|benefit\w*|enrolled|registered|welcomed|hosted|among|"
                              r"distribu\w+|entreg\w+|beneficia\w*)\s+(?:[\w.,]+\s+){0,3}$", re.IGNORECASE)
_MIGRANTS_AFTER = re.compile(r"^\W*(?:\w+\W+){0,4}?(?:took\s+part|participated|received|attended|"
                             r"(?:were|have\s+been)\s+(?:helped|assisted)|"
                             r"were\s+trained|benefit\w*|ont\s+participé|participaron|recibieron)\b",
                             re.IGNORECASE)


# Bare words for officials: when a text also names their service (border police, judges), they are those
# same people ("Officials trained ... 32 frontline officers from the Immigration Departments"), not a second
# audience.
_GENERIC_OFFICIALS = re.compile(r"(?:officials?|authorities|funcionari[oa]s|fonctionnaires|autorités|"
                                r"autoridades|servidores\s+públicos)", re.IGNORECASE)
_SPECIFIC_OFFICIALS = frozenset({"border and law enforcement", "justice sector"})


# A sentence that hands out aid, or lists who was brought together: the migrants it names are its audience,
# however far from the verb.
_AID_GIVEN = re.compile(r"\b(?:hand(?:ed|ing|s)?\s+out|distribut\w+|distribu[éy]\w*|reparti\w+|entreg\w+|"
                        r"have\s+(?:now\s+)?received|ont\s+reçu|recibieron|"
                        # A list of who was brought together names the attendees, migrants among them.
                        r"br(?:ought|ing(?:s|ing)?)\s+together|réuni(?:ssant|t)|reuni(?:endo|ó))\b",
                        re.IGNORECASE)


# "Trafficking among Syrian refugees": the harm the event is about, not who took part.
_HARM_AMONG = re.compile(r"\b(?:trafficking|smuggling|exploitation|violence|abuse|risks?|vulnerabilit\w+)\s+"
                         r"(?:among|of|against)\s+(?:\w+\s+){0,4}$", re.IGNORECASE)


def _takes_part(piece: str, start: int, end: int) -> bool:
    if _HARM_AMONG.search(piece[max(0, start - 60):start]):
        return False
    if rules.on(AID_RECIPIENTS) and _AID_GIVEN.search(piece):
        return True
    return bool(_MIGRANTS_BEFORE.search(piece[max(0, start - 40):start])
                or _MIGRANTS_AFTER.search(piece[end:end + 60]))


# Characters either side of an audience word in which "trained", "participants"... must be: a sentence.
_NEAR = 400
assert set(_WORDS) <= set(AUDIENCE)


def audience(headline: str, sentences: list[str], counted: str | None) -> tuple[list[str], str | None]:
    """(sorted audiences, the sentence they came from) from the headline, the opening sentences and the
    sentence of the participant count. A group counts when a sentence says it took part, or when the
    count's own sentence names it."""
    found: dict[str, str] = {}
    only_generic = True  # every government-officials word seen was a bare one
    pieces = [s for s in [counted, headline, *sentences] if s]
    for n, piece in enumerate(pieces):
        sure = n == 0 and counted is not None
        if not sure and not folding.search(_ATTEND, piece):
            continue
        lowered = piece.lower()
        if len(lowered) != len(piece):
            lowered = piece  # a letter whose lower case is longer would shift the offsets
        for m in _PATTERN.finditer(lowered):
            if (_RUN_BY.search(piece[max(0, m.start() - 40):m.start()])
                    and not _ATTENDED_BY.search(piece, max(0, m.start() - 100), m.start())):
                continue
            # Outside the count's own sentence a group must sit next to the words that say it took part:
            # migrants are the subject of most releases, not always their audience.
            whole = m.start() <= _NEAR and m.end() + _NEAR >= len(piece)  # the window is the whole piece,
            near = piece[max(0, m.start() - _NEAR):m.end() + _NEAR]         # already known to say so
            if not sure and not whole and not folding.search(_ATTEND, near):
                continue
            group = _GROUPS[m.lastgroup or ""]
            if group == MIGRANTS and not _takes_part(piece, m.start(), m.end()):
                continue
            found.setdefault(group, piece)
            if group == "government officials" and not _GENERIC_OFFICIALS.fullmatch(m.group(0)):
                only_generic = False
    if only_generic and "government officials" in found and _SPECIFIC_OFFICIALS & set(found):
        del found["government officials"]
    if not found:
        return [], None
    names = sorted(found)
    return names, found[names[0]]


HANDOVER_RECIPIENT = rules.rule(
    "handover_recipient", "the audience of a handover is the body that receives it, by the kind of body",
    general="equipment goes to a service: its staff are who the handover serves (the corpus labels it so)")
# The giving words of a handover, then the receiving body named after "to", "à", "a".
_GIVEN_TO = re.compile(r"\b(?:hand(?:ed|s|ing)?\s+over|donat\w+|provid\w+|deliver\w+|equip\w*|remis\w*|"
                       r"remet\w*|don\b|dons\b|fourni\w*|entreg\w+|don[óa]\w*|reçoi\w+|re[çc]u|recib\w+|receiv\w+|"
                       r"reforz\w+|renforc\w+|strengthen\w*)\b", re.IGNORECASE)
# A service of border, immigration, police or customs staff; else a ministry or another public body.
_BORDER_BODY = re.compile(r"\b(?:immigration|police|border|gendarmer\w*|customs|coast\s+guards?|migraci[oó]n|"
                          r"migraciones|douanes?|polic[ií]a|fronteras?|fronti[èe]res?|postes?\s+fronti[èe]res?|"
                          r"points?\s+of\s+entry|garde-?c[ôo]tes|guardacostas|security\s+forces|"
                          # A migration authority: "National Institute for Migration", "Migration Service".
                          r"(?:institute|service|directorate|department|agency|authority)\s+(?:of|for)\s+migration|"
                          r"migration\s+(?:service|directorate|department|agency|authority|institute))\b",
                          re.IGNORECASE)
_PUBLIC_BODY = re.compile(r"\b(?:ministr(?:y|ies)|minist[èe]res?|ministerios?|government|gouvernement|"
                          r"gobierno|municipal\w*|mairies?|alcald[ií]as?|local\s+authorit\w+|autorit[ée]s\s+locales|"
                          r"autoridades\s+locales|directorate|secretar[ií]a)\b", re.IGNORECASE)


def recipients(headline: str, sentences: list[str]) -> tuple[list[str], str | None]:
    """The audience of a handover from the body that receives it: a border, immigration, police or customs
    service is "border and law enforcement"; a ministry or another public body "government officials"."""
    for piece in [headline, *sentences[:2]]:
        given = _GIVEN_TO.search(piece or "")
        if not given:
            continue
        if _BORDER_BODY.search(piece):
            return ["border and law enforcement"], piece
        if _PUBLIC_BODY.search(piece):
            return ["government officials"], piece
    return [], None
