"""What happened, for how long, with how many people: activity type, is-activity, duration and
participant counts ("15 Thai and 11 Malaysian officers" = 26; "over 100" is no count; "19 male and 7
female participants" gives 7 women)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.model.text import MONTH_NUMBERS
from dashboard.news.rules import folding
from dashboard.news.rules import registry as rules
from dashboard.news.rules.numbers import MONEY, NUMBER, NUMBER_WORD, is_approximate, parse_number

# Event words by type, English, French and Spanish. Order inside a type does not matter; which type wins
# is decided by position in the lede and the precedence rules in ``activity_type``.
_TYPE_WORDS: dict[str, str] = {
    # "Training" before a thing names the thing: "training manual", "two equipped training units".
    # "Training" a word before a place names the place: "a Training Resource Centre".
    "training": r"training(?:s)?(?!\s+(?:and\s+)?[\w-]+\s+(?:cent(?:re|er)s?|facilit(?:y|ies)|institut\w*|"
                r"academ\w*)\b)"
                r"(?!\s+(?:manual|modules?|curricul\w*|cent(?:re|er)s?|rooms?|materials?|"
                r"handbook|package|tools?|needs|institutions?|academ\w*|units?|facilit(?:y|ies)|equipment|"
                r"kits?|halls?|classrooms?|venues?|grounds?)\b)|trained|trains?|"
                r"trainings|ToT\b|courses?|diploma|formations?|"
                # Refresher training: "session de recyclage", "le recyclage des formateurs".
                r"recyclage|refresher\s+(?:training|courses?|sessions?)|formé[es]*|capacitaci[oó]n(?:es)?|capacit(?:a|an|ó|aron|ará|arán)|"
                # French "des cours de comptabilité et d'alphabétisation", not "au cours de" (during).
                r"(?<!\bau\s)(?<!\ben\s)cours\s+(?:de|d['’])\s*(?:langue|formation|alphab\w+|comptabilit\w+|"
                r"français|anglais|informatique|gestion|couture|soudure|mécanique)|"
                r"formaci[oó]n(?:es)?(?!\s+(?:profesional|académica))|"
                # Capacity-building sessions: "sessions de renforcement de capacités".
                r"(?:sessions?|séances?|sesiones|jornadas?)\s+de\s+(?:renforcement|fortalecimiento)\s+"
                r"(?:des\s+|de\s+(?:las\s+)?)?(?:capacités|capacidades)|"
                r"capacity[- ]building\s+(?:sessions?|trainings?)|"
                # Sessions that teach: "a two-day awareness session", "séances de sensibilisation".
                r"(?:awareness(?:[- ]raising)?|sensiti[sz]ation|information)\s+sessions?|"
                r"(?:sessions?|séances?|sesiones|charlas?)\s+(?:de\s+|d['’])(?:sensibilisation|sensibilización|"
                r"information|información)|"
                r"capacitad[oa]s|curso|diplomados?|cursos|"
                # "La OIM forma a oficiales", "l'OIM forme 30 agents": the verb with the people it trains.
                r"(?:form(?:a|an|ó|aron)\s+a|form(?:e|ent)\s+(?:des|les|\d+))\s+(?:\d+\s+)?(?:oficiales|"
                r"funcionari[oa]s|agentes|agents|polic[ií]as|policiers|personal|personnel|servidores|docentes|"
                r"enseignants|periodistas|journalistes|inspect(?:ores|eurs)|l[ií]deres|leaders|j[oó]venes|jeunes|"
                r"representantes|représentants|fonctionnaires|magistra(?:dos|ts)|jueces|juges|fiscales|"
                r"gendarmes|cadres|acteurs|actores)|"
                r"(?:simulation|simulated|desktop|tabletop)[\w/ -]{0,20}?exercises?|"
                r"(?:winter|summer)\s+schools?|(?:école|université)s?\s+d['’](?:été|hiver)|"
                r"escuelas?\s+de\s+(?:verano|invierno)|"
                # An exercise told by its verb: "l'OIM simule le débarquement de migrants".
                r"simul(?:e|ent|ates|ated|a|an|ó|aron)\s+(?:(?:le|la|les|l['’]|un|une|the|a|an|el|los|las|una)\s*)"
                r"(?:[\w’'-]+\s+){0,2}?(?:débarquement|sauvetage|arrivée|rescue|disembarkation|arrival|evacuation|"
                r"évacuation|desembarco|rescate|evacuación|llegada)|"
                r"exercices?\s+(?:[\w-]+\s+){0,2}?de\s+simulation|ejercicios?\s+(?:[\w-]+\s+){0,2}?de\s+"
                r"simulaci[oó]n|simulacros?",
    "workshop": r"workshops?|seminars?|webinars?|ateliers?|talleres?|taller|séminaires?|seminarios?",
    "conference": r"conferences?|symposium|summit|forum|congress|conférence|conferencia|simposio|foro|cumbre|"
                  r"sommet|congreso|colloque",
    "meeting": r"meetings?|dialogues?|di[aá]logos?|consultations?|round-?table|policy\s+discussions?|"
               # A governing body's session: "the 109th session of the IOM Council", "session du Conseil".
               r"(?:session|sesi[oó]n|per[ií]odo\s+de\s+sesiones)\s+(?:du|of\s+the|del|de\s+la)\s+(?:\w+\s+)?"
               r"(?:conseil|council|consejo|assembl\w+|asamblea|comit[ée]|committee|board)|"
               r"council\s+session|"
               # "holds talks with", "sat down with a delegation", a project's "closing event".
               r"(?:holds?|held|holding)\s+talks|sat\s+down\s+with|(?:closing|final)\s+event|"
               r"[ée]v[ée]nement\s+de\s+cl[ôo]ture|evento\s+de\s+(?:clausura|cierre)|"
               r"task\s+force\s+meeting|réunion|reunión|rencontres?|encuentros?|mesas?\s+redondas?|tables?\s+rondes?|"
               r"conversatorios?|public\s+hearings?|audiencias?\s+públicas?|auditions?\s+publiques?|"
               r"came\s+together|met\s+(?:with\s+)?(?:their\s+)?"
               r"counterparts|"
               # People who "met in Minsk on 13-14 June" held a meeting there.
               r"met\s+(?:in|at)\s+[\w’'-]+(?:\s+[\w’'-]+){0,2}?\s+(?:on|from|between)\s+"
               r"\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:st|nd|rd|th)?",
    "handover": r"handed\s+over|hand(?:ed|s|ing)?\s+(?:the\s+keys|over)|handover|hand-over|donated|donation|"
                # "IOM Moldova Donates Equipment to the Ministry": the present of a headline.
                r"donates\s+(?:[\w-]+\s+){0,3}?(?:equipment|vehicles|computers|boats|supplies|kits|items|"
                r"ambulances|motorbikes|furniture)|"
                r"remis\w*|entreg\w+|donó|donad[oa]s?|donaci[oó]n(?:es)?|(?:fait|faire)\s+don|dons?\s+(?:de|d['’])|"
                # Equipment provided, supplied or received is handed over: "provided the Ministry with
                # patrol boats", "a fourni des équipements", "reçoit des équipements", "recibió vehículos".
                r"(?:provid(?:ed|es|ing)|suppl(?:ied|ies|ying)|receiv(?:ed|es)|handed|delivered|fourni[ts]?|"
                r"a\s+reçu|reçoi(?:t|vent)|proporcion(?:ó|a)|recibi(?:ó|eron))\b[^.]{0,100}?\b(?:equipment|"
                r"vehicles|motorcycles|motorbikes|minibuses|computers|laptops|boats|generators|furniture|units|"
                r"devices|readers|scanners|équipements?|matériels?|véhicules|ordinateurs|motos|"
                r"patrouilleurs|equipos|vehículos|computadoras|mobiliario)",
    # A facility inaugurated or opened is launched; handed over is a handover.
    "launch": r"launch(?:ed|es|ing)?|inaugurat\w+|inaugur[óé]\w*|opened|opening\s+ceremony|"
              # Building work begun: "a entamé les travaux", "broke ground", "la primera piedra".
              r"(?:entam\w*|lanc\w*|d[ée]marr\w*)\s+(?:aujourd['’]hui\s+)?(?:[^.]{0,30}?\s)?(?:les\s+|des\s+)travaux|"
              r"(?:ha|han|fue|ha\s+sido)\s+abiert[oa]\s+(?:[^.]{0,40}?\s)?(?:un|una|el|la|su|sus|nuevo|nueva)\s+"
              r"(?:centro|oficina|ventanilla|albergue|sede)\b|"
              r"pus(?:o|ieron)\s+en\s+funcionamiento|entr[óo]\s+en\s+funcionamiento|mis\s+en\s+service|"
              r"abr(?:e|en|ió|ieron)\s+(?:[^.]{0,60}?\s)?(?:un|una|el|la|su|sus|nuevo|nueva)\s+(?:centro|oficina|"
              r"puertas|ventanilla|albergue|sede)\b|"
              r"d[ée]but\s+des\s+travaux|ground-?breaking|(?:broke|breaks?)\s+ground|"
              r"(?:first|premi[eè]re|primera)\s+(?:stone|pierre|piedra)|inici\w+\s+(?:de\s+)?(?:las\s+)?obras|"
              # Spanish forms ("ha inaugurado un mural", "inaugura"); "estrena": opened for the first time.
              r"inaugur(?:a|an|ado|ada|ados|adas|aron)|estren(?:a|an|ó|aron|ado|ada)|"
              # "the official opening of a centre", "l'ouverture officielle", "inició el proyecto".
              r"(?:official\s+)?opening\s+of\s+(?:a|an|the)|ouverture\s+officielle|apertura\s+oficial|"
              r"inici(?:ó|a|aron)\s+(?:el|un|la|una)\s+(?:proyecto|programa|iniciativa)|"
              r"groundbreaking|unveil\w*|lanc[eé]\w*|lanzamiento|lanz(?:ó|o|a|an|aron)|"
              r"démarr(?:e|ent|é|age)|coup\s+d['’]envoi|puesta\s+en\s+marcha|kick(?:s|ed)?\s+off|"
              # The present, and the Spanish verb: "IOM is opening an office", "puso en marcha un programa".
              r"(?:is|are)\s+opening|opens|(?:pone|ponen|puso|pusieron|ha\s+puesto|han\s+puesto)\s+en\s+marcha|"
              # A body or a service set up: "installation of terminals", "queda instalada", "mise en place".
              r"install(?:ed|ation|s)?|instal(?:ad[oa]s?|ó|ación)|installée?s?|mise\s+en\s+place|"
              r"(?:was|were|has\s+been|have\s+been)\s+(?:set\s+up|established)|quedó\s+constituid[oa]|"
              r"(?:a\s+été|ont\s+été)\s+(?:mis\s+en\s+place|créée?s?)|"
              # A publication presented at an event: "held a presentation in Astana of its publication".
              # (A "presentation ceremony" hands over equipment as often as it presents a report.)
              r"(?:held|hosted|organi[sz]ed|gave)\s+(?:a|the)\s+presentation(?!\s+ceremony)|"
              r"(?:official\s+)?presentation\s+of\s+(?:the|its|a)\s+(?:new\s+)?(?:report|study|publication|book|"
              r"findings|results|manual|guide)|présentation\s+(?:officielle\s+)?(?:du|de\s+la|de\s+l['’]|des)\s*"
              r"(?:rapport|étude|publication|résultats|guide|manuel)|presentaci[oó]n\s+(?:oficial\s+)?(?:del|de\s+la|"
              r"de\s+los|de\s+las)\s+(?:informe|estudio|publicaci[oó]n|resultados|gu[ií]a|manual|indicadores)",
    "assessment": r"assessments?|evaluation\s+mission|assessed|displacement\s+tracking|"
                  r"(?:field\s+)?surveys?|profil(?:ed|ing)|flow\s+monitoring|évaluation|evaluaci[oó]n|"
                  # "l'OIM a achevé d'évaluer la situation de 1 202 familles".
                  r"d['’]évaluer\s+(?:la\s+situation|les\s+besoins)|évalu(?:é|ée|és|ées)\s+(?:la\s+situation|"
                  r"les\s+besoins)|evalu(?:ar|ó|aron)\s+(?:la\s+situación|las\s+necesidades)",
    # "A sensitisation workshop" is a workshop: a campaign word before an event noun only describes it.
    "campaign": r"(?:campaigns?|sensiti[sz]ation|awareness[- ]raising\s+activit\w+|campagnes?|campañas?|"
                r"sensibilización|sensibilisation|"
                # Raising the public's awareness is a campaign's act: "sensibiliser le public".
                r"sensibilis(?:er|e|é|ent)|sensibiliz(?:ar|a|ó|aron)|rais(?:e|ed|es|ing)\s+(?:public\s+)?awareness)"
                r"(?!\s+(?:workshops?|sessions?|trainings?|meetings?|seminars?|ateliers?|talleres?|séances?)\b)",
    "distribution": r"distribut(?:ion|ions|ed|ing)|hand(?:ed|ing|s)?\s+out|distribución|reparto|"
                    # Aid provided to people: "a fourni des abris semi-durables à 107 familles", "provided
                    # shelter kits to 300 families".
                    r"(?:a|ont)\s+fourni\s+(?:des?\s+|du\s+)?(?:[\w-]+\s+){0,2}?(?:abris|kits|vivres|articles|"
                    r"bâches|couvertures|nourriture)\b|provided\s+(?:[\w-]+\s+){0,2}?(?:shelters?|kits|food|"
                    r"blankets|tarpaulins|NFIs)\s+(?:[\w-]+\s+){0,3}?to\s+(?:some\s+|over\s+)?\d|"
                    # The verb, not its participle ("repartidas en 76 sitios": spread over 76 sites).
                    r"repart(?:e|en|ió|ieron|iendo|ir)|"
                    r"distribu(?:ir|yó|yeron|ye|yen|ido|idos|idas|er|é|ée|és|ées|ent)|"
                    r"relief\s+(?:items|supplies)|non-food\s+items|NFIs?\b|suministros\s+de\s+socorro|"
                    # Aid named by its kind and handed to people: "shelter and winter supplies reached".
                    r"(?:winter(?:i[sz]ation)?|shelter|hygiene|emergency|food|household)\s+(?:and\s+[\w-]+\s+)?"
                    r"(?:items|supplies|kits)|"
                    r"art[ií]culos\s+no\s+alimentarios|articles\s+non\s+alimentaires|biens\s+non\s+alimentaires",
    "other": r"study\s+tours?|study\s+visits?|exchange\s+visits?|(?:site|field|monitoring)\s+visits?|toured|"
             # A ceremony held for its own sake: "the closing ceremony of the Migration School", "a final
             # ceremony for the project", "una ceremonia de reconocimiento".
             r"(?:closing|final|graduation|award|awards|recognition|anniversary)\s+ceremon(?:y|ies)|"
             r"c[ée]r[ée]monie\s+de\s+(?:cl[ôo]ture|remise|reconnaissance)|"
             r"ceremonia\s+(?:de\s+)?(?:clausura|graduaci[oó]n|premiaci[oó]n|reconocimiento)|"
             # Events open to the public: a photo exhibition, an information day or fair.
             r"(?:photo(?:graphic)?\s+)?exhibitions?|expositions?\s+(?:photo\w*|de\s+photos)|"
             r"exposici[oó]n(?:es)?\s+fotogr[aá]ficas?|information\s+(?:days?|fairs?)|journées?\s+d['’]information|"
             r"jornadas?\s+informativas?|ferias?\s+(?:informativas?|de\s+servicios)|"
             r"internships?|pasant[ií]as?|visitas?\s+de\s+(?:intercambio|estudio|campo)|intercambio\s+técnico|"
             r"visites?\s+d['’](?:échange|étude)|voyages?\s+d['’]étude|(?:agreement|memorandum|MoU)\b[^.]{0,160}?"
             r"\bsigned|sign(?:ed|s)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:agreement|memorandum|MoU)|signing\s+(?:of\s+)?(?:an?\s+|the\s+)?"
             r"(?:agreement|memorandum|MoU)|(?:put|placed|set|affixed)\s+(?:their|its)\s+signatures?\s+(?:to|on)|"
             # The same act in French and Spanish: "signent un accord", "firman un acuerdo".
             r"sign(?:ent|é|ée|ature|ent\s+un|é\s+un)\s+(?:d['’]\s*)?(?:un\s+|une\s+|l['’]\s*|le\s+|la\s+)?"
             r"(?:accord|convention|protocole|mémorandum)|"
             r"firm(?:an|ó|aron|a)\s+(?:un|el|una|la)\s+(?:acuerdo|convenio|memorando|carta)|"
             # An agreement concluded is signed: "l'OIM a conclu un accord avec", "suscribieron un convenio".
             r"(?:a|ont)\s+conclu\s+(?:un|une)\s+(?:accord|convention|protocole)|concluded\s+an?\s+agreement|"
             r"suscribi(?:ó|eron)\s+(?:un|el|una)\s+(?:acuerdo|convenio|memorando)|"
             # The agreement first, its signing after, as in English: "el acuerdo, que ... firmarán hoy".
             r"(?:acuerdo|convenio|memorando|accord|convention|protocole)\b[^.]{0,160}?\b(?:firm(?:ó|aron|an|ará|"
             r"arán|ado|ada)|sign(?:é|ée|és|ées|ent|eront|era))\b|"
             r"firma\s+del?\s+(?:un\s+)?(?:acuerdo|convenio|memorando)|"
             # A return movement: people who went home is an operation done on a day. An infinitive ("helps
             # migrants to go home", "qui souhaitent rentrer chez eux") is the programme's aim, unless people
             # counted were helped to it ("50 migrants were helped to go home", "a permis à 61 migrants de
             # rentrer chez eux").
             r"(?<!\bto\s)(?:go|went|gone|returned|flew|travell?ed)\s+(?:back\s+)?home|"
             # Counted people who go home now: "160 Bangladeshi migrants return home from Libya".
             r"(?<![\d.,])[0-9][\d,]*\s+(?:(?!(?:after|they|when|once|who|that|to|in|will|would|can|could|"
             r"may|might)\b)[\w-]+\s+){1,6}?(?:return|returns|come|comes|head|heads|fly|flies)\s+(?:back\s+)?home\b|"
             r"(?:made|make|makes)\s+(?:their|his|her)\s+way\s+(?:back\s+)?home|made\s+it\s+(?:back\s+)?home|"
             r"helped\s+(?:back\s+)?home|(?:were|was|been|being|are|is)\s+brought\s+(?:back\s+)?home|"
             # "has assisted 224 Ethiopian migrants who had been stranded in Malawi to go back home".
             r"(?:helped|assisted|enabled|supported)\s+[0-9][\d,]*\s[^.\n]{0,80}?\bto\s+(?:go|return)\s+(?:back\s+)?home|"
             r"\bbrought\s+(?:back\s+)?home\s+(?:with|by|from|after|safely)\b|"
             r"(?:had|have|has)\s+(?:their|its)\s+return\s+facilitated|"
             r"returned\s+to\s+their\s+(?:home\s+)?countr(?:y|ies)|regagn(?:ent|é|é?s|ait)\s+leur\s+pays|"
             r"(?:sont|ont\s+pu|est)\s+rentr(?:é|és|ée|ées)\s+chez\s+eux|rentrent\s+chez\s+eux|"
             r"(?:regres|retorn)(?:aron|ó)\s+a\s+(?:su|sus)\s+(?:país|países|hogares)|"
             # Counted people helped home, or moved by IOM (an authority's evacuation ahead of a storm is a
             # situation, not IOM's act): "50 migrants were helped to go home", "129 migrants ont été
             # acheminés ... par l'OIM". One scan from each number serves both.
             r"(?<![\d.,])(?!(?:19|20)\d\d(?!\d))[0-9][\d.,]*\s[^.\n]{0,120}?\b(?:(?:helped|assisted|enabled|"
             r"supported)\b[^.\n]{0,60}?\bto\s+(?:go|return)\s+(?:back\s+)?home|(?:evacuated|relocated|repatriated|"
             r"transported|évacué(?:e|s|es)?|achemin(?:é|és|ées)|rapatri(?:é|és|ées)|relocalis(?:é|és|ées)|evacuad[oa]s|"
             r"reubicad[oa]s|trasladad[oa]s|repatriad[oa]s)\b[^.\n]{0,120}?\b(?:by|par|por)\s+(?:l['’]\s*|la\s+)?"
             r"(?:iom|oim)\b)|"
             r"(?:a|ont)\s+(?:permis|aidé)[^.\n]{0,40}?\b\d[^.\n]{0,120}?\b(?:de|à)\s+(?:rentrer|regagner|"
             r"retourner)\b|"
             # The vehicles and verbs of a movement: "a return flight ... brought home 178 migrants", "the
             # 30th convoy bringing repatriated migrants", "finished moving almost 500 migrants by road".
             r"(?:return|charter(?:ed)?|special|evacuation|repatriation|relocation)\s+flights?|vols?\s+(?:de\s+)?"
             r"(?:retour|rapatriement|évacuation|spéciaux|spécial|affrétés?|charters?)|vuelos?\s+(?:de\s+)?(?:retorno|"
             r"repatriación|evacuación|especiales|especial|fletados?|chárter)|"
             r"convoys?\s+(?:bringing|carrying|transporting|of)\s+(?:[\w-]+\s+){0,3}?(?:migrants|returnees|"
             r"refugees|families)|convois?\s+(?:de|d['’]|transportant|ramenant)\s*(?:[\w-]+\s+){0,3}?(?:migrants|"
             r"rapatriés|retournés|réfugiés)|"
             r"brought\s+(?:back\s+)?home\s+(?:\w+\s+){0,2}?[0-9]|"
             r"(?:move|moving|moved|transporting|transported)\s+(?:(?:almost|nearly|some|about|over|more\s+than)\s+)?"
             r"[0-9][\d,.]*\s+(?:[\w-]+\s+){0,2}?(?:migrants|returnees|refugees|people|persons|families|nationals)|"
             # Spanish "helped 589 Haitians to return (voluntarily) to Haiti": helped counted people to it.
             r"(?:permitió|ayudó)[^.\n]{0,40}?\b\d[^.\n]{0,120}?\ba\s+(?:regresar|retornar|volver)\b|"
             # IOM moving counted people: "IOM evacuated 300 migrants", "la OIM apoya el traslado de 236".
             r"\b(?:iom|oim)\b[^.\n]{0,60}?\b(?:(?:evacuated|relocated|repatriated|transported|(?:a|ont)\s+"
             r"(?:évacué|acheminé|rapatrié|relocalisé)|evacuó|reubicó|trasladó|repatrió)\s+(?:\w+\s+){0,3}?"
             r"\d[\d.,]*|"
             r"(?:help(?:ed|s)|support(?:ed|s)|assist(?:ed|s)|facilitat(?:ed|es)|organi[sz](?:ed|es)|appui(?:e|é)|"
             r"a\s+(?:appuyé|facilité|organisé)|apoy(?:a|ó)|facilit(?:a|ó)|organiz(?:a|ó))\b[^.\n]{0,25}?\b"
             r"(?:return|evacuation|relocation|transfer|repatriation|retour|évacuation|rapatriement|relocalisation|"
             r"transfert|retorno|evacuación|reubicación|traslado|repatriación)\s+"
             r"(?:\w+\s+){0,3}?(?:of|de|des|du|del)\s+(?:\w+\s+){0,2}?\d[\d.,]*)",
}
# Each word tried only where its first letter is (run through folding, as lower-cased text).
_TYPE_RE, _TYPE_OF_GROUP = folding.first_char_dispatch({k: v.lower() for k, v in _TYPE_WORDS.items()},
                                                       suffix=r"(?![\w-])", flags=re.IGNORECASE)
# Things an event word describes without being the event: "training manual", "launch of the report"...
_QUOTED = re.compile(r"“[^”]{3,200}”|\"[^\"]{3,200}\"|«[^»]{3,200}»|„[^“”]{3,200}[“”]")
# Texts that speak instead of act: statements, speeches, appeals, days, funding announcements.
_STATEMENT = re.compile(
    r"^(?:statement|remarks|speech|opening\s+remarks|op-?ed|opinion|message|interview|press\s+briefing)\b|"
    # The same headline words in French and Spanish: "Discurso de la OIM en ...", "Allocution de ...".
    r"^(?:discurso|discours|allocution|palabras|intervenci[oó]n)\s+(?:de|del|d['’])\b|"
    r"\b(?:statement\s+(?:of|by)|remarks\s+(?:of|by)|speech\s+(?:of|by)|on\s+international\s+\w+\s+day|"
    r"urges|calls\s+for|calls\s+on|appeals?\s+for|global\s+appeal|excellencies|condemns|deplores|"
    r"mourns|saddened|alarmed\s+by|deeply\s+concerned|"
    r"in\s+an\s+address|keynote|"
    r"(?:news\s+)?comment\s+by|commentary|tribune|"
    # A speech's salutation: "Distinguished ladies and gentlemen,".
    r"ladies\s+and\s+gentlemen|mesdames\s+et\s+messieurs|señoras\s+y\s+señores|"
    r"address(?:es|ed)\s+the|salue|condamne|appelle\s+à|exhorte|déclaration\s+de|insta\s+a|condena|"
    r"declaración\s+de|hace\s+un\s+llamado)\b",
    re.IGNORECASE,
)
_EVENT_VERB = re.compile(
    r"\b(?:held|hold|holds|holding|organi[sz]ed|organi[sz]ing|organi[sz]es|delivered|delivers|conducted|"
    r"convened|hosted|hosts|hosting|took\s+part|take\s+part|taking\s+part|attended|participated|gathered|trained|"
    r"commissioned|"
    r"trains|launched|launches|opened|inaugurated|handed|donated|completed|concluded|began|begun|started|"
    r"got\s+under\s+way|kicked\s+off|ran|run|running|being\s+carried\s+out|carried\s+out|deployed|sent|"
    r"met|meet|signed|distributed|received|receive|gave|given|drew|brought\s+together|will\s+hold|"
    r"is\s+being|are\s+being|a\s+été|ont\s+été|organisé|organizó|realizó|se\s+llevó|"
    # Verbs that report an event done, in headlines and ledes: English, French, Spanish.
    r"completes|wraps\s+up|wrapped\s+up|concludes|hands\s+over|handed\s+over|was\s+held|were\s+held|"
    r"took\s+place|takes\s+place|gathers|brings\s+together|convenes|equips|equipped|"
    r"s['’]est\s+tenue?|se\s+tient|a\s+réuni|réunit|forme|remet|lance|"
    # French past participles agree with a preceding object: "les personnes que l'OIM a formées".
    r"a\s+(?:formé|remis|lancé|démarré|organisé|accueilli|rassemblé)(?:e|s|es)?|ont\s+rassemblé|"
    r"démarre|ont\s+participé|capacitó|capacita|"
    r"llevó\s+a\s+cabo|participaron|asistieron|reunió|reúne|entregó|entrega|inauguró|celebró|se\s+celebró|lanzó|"
    r"inició|impartió|clausuró|concluyó|finalizó|realizaron|se\s+realizó|tuvo\s+lugar|se\s+desarroll(?:ó|aron)|"
    r"fue(?:ron)?\s+(?:inaugurad|capacitad|entregad|lanzad|realizad)\w*|a\s+eu\s+lieu|s['’]est\s+déroulée?|"
    r"se\s+sont\s+déroulée?s|ont\s+reçu|ont\s+signé|a\s+signé|signent|signe|firmaron|firmó|firman|a\s+été\s+(?:inauguré|lancé|remis|organisé)e?s?|a\s+clôturé|a\s+procédé)\b",
    re.IGNORECASE,
)

_PEOPLE_SUBJECTS = (r"officials|officers|judges|prosecutors|journalists|lawyers|staff|workers|teachers|"
                    r"inspectors|guards|police|NGOs|leaders|students|members|authorities|counterparts|"
                    r"fonctionnaires|agents|acteurs|funcionarios|agentes|actores|autoridades")
_PEOPLE = (r"participants?|officials?|officers?|coastguards?|representatives?|staff|staffers|agents?|"
           r"workers?|"
           r"members?|delegates?|trainees?|students?|journalists?|police(?:men|women)?|guards?|judges?|"
           r"prosecutors?|inspectors?|practitioners?|professionals?|specialists?|experts?|leaders?|"
           r"counterparts?|personnel|employees?|volunteers?|teachers?|nurses?|doctors?|health\s+workers?|"
           r"social\s+workers?|authorities|women|men|youths?|people|persons|ministers|diplomats|"
           r"parliamentarians|mayors|individuals|individus|individuos|participantes?|fonctionnaires|agents|gendarmes|policías|agentes|personnes|personas|"
           r"représentant(?:e)?s|responsables|délégué(?:e)?s|cadres|magistrats|juges|élus|profesionales|"
           r"delegad[oa]s|jueces|fiscales|integrantes|servidores|guardias|guardacostas|garde-côtes|"
           r"gardes?-frontières|militaires|militares|soldados|soldats|"
           r"funcionari[oa]s|oficiales|representantes|personas\s+capacitadas")
# Words between a number and its noun ("25 senior government officials"); never another number, so that
# "2023 pour vingt-cinq agents" is read from "vingt-cinq".
# Plural nouns for people by their ending ("statisticians", "recruiters", "journalists"), minus the
# common things that end the same way.
# (The word is taken whole, then its ending checked: no backtracking through every word.)
_AGENT_NOUN = (r"[a-zà-ÿ]{3,}\b(?:(?<=ians)|(?<=ists)|(?<=ers)|(?<=ors)|(?<=ees)|(?<=ores)|(?<=oras)|"
               r"(?<=istas)|(?<=eurs)|(?<=iers)|(?<=istes)|(?<=rices))")
_NOT_PEOPLE = frozenset({
    "borders", "centers", "numbers", "orders", "partners", "offers", "letters", "papers", "containers",
    "computers", "vouchers", "chapters", "headquarters", "quarters", "corridors", "sectors", "factors",
    "indicators", "motors", "donors", "others", "matters", "layers", "clusters", "registers", "posters",
    "flyers", "monitors", "vectors", "errors", "meters", "kilometers", "liters", "dollars", "colors",
    "colours", "towers", "filters", "markers", "shelters", "trailers", "servers", "refugees",
    "dossiers", "papiers", "quartiers", "chantiers", "sectores", "valores", "colores", "secteurs",
    "indicadores", "moteurs", "ordinateurs", "computadores", "errores", "factores", "matrices",
    "horas", "heures", "hours", "mejores", "autores", "ateliers", "fichiers", "cahiers",
    # Words in -ees that are no people ("40 degrees Celsius", "three committees").
    "degrees", "committees", "fees", "decrees", "guarantees", "trees", "pedigrees",
    "readers", "chargers", "loudspeakers", "amplifiers", "dispensers", "sanitizers", "purifiers", "scooters",
    # French adjectives in -ier(s) after a noun: "deux axes routiers", "partenaires financiers".
    "routiers", "fonciers", "immobiliers", "pétroliers", "hospitaliers", "financiers", "premiers", "derniers",
    # Equipment handed over ends like people do ("printers", "impresoras").
    "printers", "scanners", "photocopiers", "copiers", "generators", "projectors", "refrigerators",
    "freezers", "heaters", "coolers", "tractors", "boosters", "routers", "binders", "banners", "stickers",
    "lockers", "trackers", "incinerators", "dryers", "cylinders", "transformers", "ventilators", "incubators",
    "sprayers", "boilers", "impresoras", "computadoras", "televisores", "generadores", "ventiladores",
    "refrigeradores", "proyectores", "contenedores", "extintores", "lectores", "imprimantes", "générateurs",
    "projecteurs", "calendriers",
})
# Up to six words between a count and its people ("60 provincial, district and local government officials"),
# none an article ("deux initiatives et à recueillir l'avis des participants" counts no one);
# a comma then an article starts the list's next item ("14 communes urbaines, les officiers ...").
# A word that opens a clause or a sentence's end ("four aims. First, it sought to put representatives",
# "four institutions, so that officers") ends the run: the people after it are another clause's.
_MODIFIER = (rf"(?:(?!{NUMBER_WORD})(?!(?:the|an?|les?|la|l['’]|des|du|à|los|las|el|une?|so|that|which|who|"
             r"whose|when|where|while|because|it|they|qui|dont|quienes|cuando|donde)\b)"
             r"[A-Za-zÀ-ÿ’'](?:[\w’'-]|\.(?=\w))*(?:(?<=\.[A-Z])\.)?"
             r"(?:,(?!\s+(?:the|a|an|les?|la|l['’]|des|los|las|el|un|une|unos|unas)\b))?\s+){0,6}?")
# "80 per cent for specialist fields": "cent" after "per", "pour" or "por" is a share, not a hundred people.
_COUNT = re.compile(
    rf"(?<![\w.,/-])(?!(?<=\bper\s)cent\b|(?<=\bpour\s)cent\b|(?<=\bpor\s)ciento\b)(?P<num>{NUMBER})(?:-member)?\s+(?P<mods>{_MODIFIER})(?P<noun>{_PEOPLE}|{_AGENT_NOUN})\b",
    re.IGNORECASE,
)
_MEMBER_GROUP = re.compile(rf"(?<![\w.,/-])(?P<num>{NUMBER})-member\s+(?:delegation|team|group)\b",
                           re.IGNORECASE)
MEMBER_GROUP = rules.rule(
    "member_group", "'a 12-member delegation' states the size of the group that took part",
    general="an English compound that states a group's own size, whatever the release")
_DEMONYM_SUM = re.compile(
    # Number words in any case ("Five Tajik and fifteen Afghan officers"), demonyms capitalised.
    rf"(?<![\w.,/-])(?P<a>(?i:{NUMBER}))\s+(?P<da>[A-Z][\w-]+)\s+(?:and|et|y|,)\s+(?P<b>(?i:{NUMBER}))\s+"
    rf"(?P<db>[A-Z][\w-]+)\s+(?P<mods>{_MODIFIER})(?P<noun>{_PEOPLE})\b"
)
_GENDER_SPLIT = re.compile(
    rf"(?<![\w.,/-])(?P<a>{NUMBER})\s+(?P<ga>male|female|men|women|hommes|femmes|hombres|mujeres)\s+"
    rf"(?:and|et|y|,)\s+(?P<b>{NUMBER})\s+(?P<gb>male|female|men|women|hommes|femmes|hombres|mujeres)\b",
    re.IGNORECASE,
)
_WOMEN = re.compile(
    rf"(?:(?:including|of\s+whom|among\s+them|dont|incluidas|de\s+las\s+cuales)\s+(?P<a>{NUMBER})\s+"
    rf"(?:were\s+|are\s+)?(?:women|female|femmes|mujeres))|"
    rf"(?<![\w.,/-])(?P<b>{NUMBER})\s+(?:of\s+(?:them|whom)\s+(?:were\s+)?)?(?:women|female)\b",
    re.IGNORECASE,
)
_TOOK_PART = re.compile(r"\b(?:trained|took\s+part|attended|attendance|participat\w*|were\s+taught|learned|"
                        r"followed|"
                        r"taught|joined|completed|graduated|egres(?:an|aron|ó)|benefit\w*|brought\s+together|"
                        r"bring(?:s|ing)?\s+together|"
                        # Spanish "capacitados", "capacitaron"; not the English "capacity".
                        r"reuni\w*|réuni\w*|capacit(?!y\b|ies\b)\w+|form[ée]e?s|particip\w+|"
                        # French and Spanish: "ont pris part", "ont suivi", "asistieron", "recibieron".
                        r"pris\s+part|ont\s+suivi|ont\s+bénéficié|asist(?:ieron|irán|irá|ió)|recibieron|tomaron\s+parte|"
                        # Gatherings: "se han dado cita", "se dieron cita", "se sont retrouvés", "gathered".
                        r"dado\s+cita|dieron\s+cita|dan\s+cita|se\s+sont\s+retrouv\w+|gathered|convened|"
                        # "strengthened the knowledge of 25 officers": those trained.
                        r"(?:strengthen\w*|enhanc\w*|build\w*|renforc\w*|reforz\w*|fortalec\w*)\s+(?:the\s+|les\s+|"
                        r"los\s+|las\s+)?(?:capacit\w+|skills|knowledge|compétences|connaissances|conocimientos|"
                        r"capacidades|competencias)\s+(?:of|de|des|del))\b", re.IGNORECASE)
# Nouns that may count people or something else: attendees only next to a verb of taking part.
_GENERIC_NOUNS = frozenset({"women", "men", "people", "persons", "personnes", "personas", "acteurs",
                            "actores", "individuals", "individus", "individuos"})
# A verb of taking part just before the count: "ont réuni au total 63 personnes", "asistirán treinta actores".
_TOOK_PART_BEFORE = re.compile(r"\b(?:trained|gathered|brought\s+together|attended\s+by|drew|attracted|"
                               r"réuni\w*|reuni\w+|"
                               r"form[ée]\w*|capacit(?!y\b|ies\b)\w+|asist(?:ieron|irán|irá|ió)|participaron|ont\s+participé)"
                               r"(?:\s+\w+){0,3}\s*$", re.IGNORECASE)
_GENDER_SPLIT_AFTER = re.compile(r"^[^.()]{0,50}\((?:dont|including|incluidas|de\s+las\s+cuales|"
                                 r"of\s+whom)?\s*\d+\s+(?:women|femmes|mujeres)", re.IGNORECASE)
# Nouns that name attendees by themselves: "the 22 participants" took part whatever the verb.
_ATTENDEE_NOUNS = frozenset({"participants", "participantes", "trainees", "delegates", "attendees",
                             "graduates", "stagiaires"})
# Those who run an event rather than attend it.
_FACILITATORS = frozenset({"trainers", "facilitators", "experts", "speakers", "lecturers", "instructors",
                           "moderators", "panellists", "panelists", "presenters", "organizers", "organisers",
                           "enumerators", "formateurs", "formadores", "facilitadores"})
_COUNTED_THINGS = re.compile(r"\b(?:workshops|sessions|courses|trainings|meetings|events|modules|seminars|"
                             r"days|weeks|months|years|countries|regions|provinces|districts|cities|ateliers|"
                             r"talleres|cursos|jours|días)\b", re.IGNORECASE)
_NOT_ATTENDEES = re.compile(r"^(?:years?|days?|months?|weeks?|per|percent|%|million|billion|countries|"
                            r"states|cities|regions|times|modules?|sessions?|hours?|"
                            # The same units in French and Spanish: "une campagne de six mois, qui doit
                            # sensibiliser aux dangers" counts months, not people.
                            r"ans|années?|jours?|journées?|mois|semaines?|heures?|pour\s+cent|millions?|"
                            r"milliards?|pays|villes|fois|séances?|años?|días?|meses|semanas?|horas?|"
                            r"por\s+ciento|millones|países|ciudades|veces|sesiones)\b", re.IGNORECASE)
_NOT_PEOPLE_AFTER = re.compile(r"\s+(?:states|countries|organi[sz]ations|agencies|institutions|rooms|"
                               # Things named after the people who use them: "160 student desks".
                               r"desks|chairs|benches|boards|blackboards|kits|books|uniforms|beds|classrooms|"
                               r"États|Etats|Estados|pays|países)\b", re.IGNORECASE)
# Adjacent counts of one list: ", ", " and ", ", and ", " et ", " y ".
_LIST_JOIN = re.compile(r"(?:,\s*(?:and\s+|et\s+|y\s+)?|\s(?:and|et|y)\s)\s*$")
LIST_SUM = rules.rule("list_sum", "a list of counts of attendee groups is summed (the corpus README's 26)",
                      general="the label schema's own rule: '15 Thai and 11 Malaysian officers' gives 26")
# A running total reports no one event ("since 2015, 3,000 officers have been trained").
_CUMULATIVE_COUNT = re.compile(
    r"\bsince\s+(?:its\s+\w+|the\s+(?:start|beginning|launch)|(?:19|20)\d\d)|\bto\s+date\b|\bso\s+far\b|"
    r"\bover\s+the\s+(?:past|last)\b|\bcumulative|\bdepuis\s+(?:le\s+)?d[ée]but\b|\bdesde\s+(?:el\s+)?inicio\b|\b(?:in|during)\s+(?:the\s+course\s+of\s+)?the\s+(?:past|last)\s+"
    r"(?:\w+\s+)?(?:year|years|months|weeks)\b|\bdepuis\s+(?:sa|le|le\s+début|(?:19|20)\d\d)|"
    r"\bà\s+ce\s+jour\b|\bdesde\s+(?:su|el|(?:19|20)\d\d)|\bhasta\s+la\s+fecha\b|"
    r"\bover\s+(?:the\s+)?(?:\w+\s+)?(?:months|years)\b|\bthroughout\s+the\s+(?:year|project|programme)|"
    # The programme's life: "While the programme ran, 141 ambassadors attended six workshops".
    r"\b(?:while|as)\s+the\s+(?:programme|program|project)\s+(?:ran|was\s+running|lasted)\b|"
    r"\b(?:during|over|throughout)\s+the\s+(?:course|life(?:time)?)\s+of\s+the\s+(?:programme|program|project)\b|"
    r"\bpendant\s+(?:toute\s+)?la\s+durée\s+du\s+(?:programme|projet)\b|\bdurante\s+(?:todo\s+)?el\s+"
    r"(?:programa|proyecto)\b|"
    # "80 young people have already been trained": the programme's count so far.
    r"\b(?:have|has|had)\s+already\b|\bont\s+déjà\b|\bya\s+(?:han|habían|se\s+han)\b",
    re.IGNORECASE)
# "In total, 3,500 people have been trained" is a running total; "the training had 37 participants in
# total" is one event's whole.
_IN_TOTAL_WORDS = r"(?:in|au|en)\s+total"
_IN_TOTAL = re.compile(rf"\b{_IN_TOTAL_WORDS}\b", re.IGNORECASE)
_ONE_EVENT = re.compile(r"\b(?:the|this|la|cette|le|cet|ce|el|este|esta)\s+(?:training|workshop|course|"
                        r"session|seminar|meeting|event|formation|atelier|séminaire|réunion|taller|capacitación|curso|"
                        r"seminario|reunión|[ée]v[èé]nement|evento)\b", re.IGNORECASE)
CUMULATIVE_COUNT = rules.rule("cumulative_count", "a count in a running-total sentence is not the event's",
                              general="'since', 'to date', 'so far', 'already', 'in total over' report many "
                              "events")
# A target or a later cascade is not who took part ("the programme aims to train 963 officials").
_TARGET_COUNT = re.compile(
    r"\b(?:will\s+(?:\w+\s+){0,3}?(?:train|reach|benefit|cascade|instruct|teach|offer|give|provide|"
    r"equip)\w*|go\s+on\s+to|pretende|busca\s+\w+|to\s+be\s+trained|aims?\s+to|target(?:s|ed)?\b|"
    r"goal\s+of|expected\s+to|planned|in\s+turn\s+(?:train|reach)|cascade|seront\s+formés|objectif|"
    r"prévu|vis[ea]\s+à|serán\s+capacitad|meta\s+de|se\s+prevé|tiene\s+como\s+objetivo|busca\s+capacitar|"
    # "another 40 butchers are to get equipment", "70 families stand to benefit".
    r"(?:are|is)\s+(?:due\s+|set\s+)?to\s+(?:get|receive|benefit|be\s+(?:trained|given|provided))|stand\s+to\s+benefit)",
    re.IGNORECASE)
TARGET_COUNT = rules.rule("target_count", "a count in a target or future-cascade sentence is not the event's",
                          general="future and aim verbs describe people not yet trained")
_SUBGROUP_BEFORE = re.compile(r"\b(?:including|among\s+(?:them|whom|these|those)|of\s+whom|"
                              r"of\s+(?:them|these|those)|dont|parmi\s+(?:eux|elles|ceux-ci|celles-ci)|"
                              r"entre\s+ellos|incluidos|incluidas|de\s+(?:los|las)\s+cuales|"
                              r"de\s+(?:ellos|ellas|estos|estas))\s*,?\s*$", re.IGNORECASE)
# After a count: "two female participants among them", "dont deux femmes parmi eux".
_SUBGROUP_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?(?:among\s+(?:them|whom)|of\s+them|parmi\s+(?:eux|elles)|"
                             r"entre\s+ell[oa]s)\b", re.IGNORECASE)
_WOMEN_IN_COUNT = re.compile(r"\b(?:women|female|femmes|mujeres)\b", re.IGNORECASE)
SUBGROUP_COUNT = rules.rule("subgroup_count", "a count introduced by 'including'/'of whom', followed by "
                            "'among them', or of the women beside a larger count is a subgroup",
                            general="these words introduce a part of a group already counted")
# "12 of the participants", "five of them": a part of a group counted elsewhere.
_PART_OF = re.compile(r"\S+\s+(?:of|d['’]entre|de)\s+(?:the|these|those|them|whom|eux|elles|ellos|ellas|los|"
                      r"las)\b", re.IGNORECASE)
# "20 participants each", "25 officers per session": one of several events' counts.
_PER_EVENT_AFTER = re.compile(r"\s*(?:each|apiece|per\s+(?:session|workshop|course|training|day|group|cohort|"
                              r"round|edition|event|batch)|in\s+each|chacun\w*|par\s+(?:session|atelier|"
                              r"formation|groupe)|por\s+(?:sesión|taller|curso|grupo)|cada\s+uno)\b",
                              re.IGNORECASE)
PER_EVENT_COUNT = rules.rule("per_event_count",
                             "a count given per session or 'each' is not the event's total",
                             general="'each' and 'per session' give one of several equal counts")
# A body's make-up ("a committee made up of 43 directors", "que integran 43 directores") counts its members,
# not the people at the event.
_MEMBERSHIP_BEFORE = re.compile(
    r"\b(?:made\s+up\s+of|composed\s+of|compris(?:ed\s+of|es|ing)|consists?\s+of|membership\s+of|"
    r"integrad[oa]\s+por|integran|compuest[oa]\s+por|conformad[oa]\s+por|composée?\s+de|regroupe|"
    r"comprend)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
# "huit des dix membres", "eight of the ten members", "tres de los cinco": the whole a part is taken from.
_PART_OF_WHOLE = re.compile(rf"\b(?:{NUMBER})\s+(?:of\s+(?:the|its|their)|des|de\s+(?:los|las|sus)|"
                            r"d['’]entre\s+les)\s+$", re.IGNORECASE)
# The people a course was given by: "delivered by the 6 trainers", "animée par les 4 formateurs".
_GIVEN_BY = re.compile(r"\b(?:delivered|given|led|facilitated|run|conducted|taught|presented|animée?s?|"
                       r"dispensée?s?|impartid[oa]s?|dictad[oa]s?)\s+(?:by|par|por)\s+(?:the\s+|les\s+|los\s+|"
                       r"las\s+)?$", re.IGNORECASE)
MEMBERSHIP_COUNT = rules.rule("membership_count", "a count of a body's members is not the event's attendance",
                              general="'made up of', 'composed of' describe a standing body, not who came")
# A count in a sentence about an earlier event ("it follows on from the first roundtable, which gathered 50").
_EARLIER_EVENT = re.compile(r"\b(?:follows?\s+(?:on\s+)?from|previous|preceding|last\s+year['’]s|"
                            # "The event came after three training sessions ... for 36 officers".
                            r"came\s+after|comes\s+after|builds?\s+on|following\s+(?:the|an?|three|two|"
                            r"several)\s+(?:\w+\s+)?(?:training|workshop|session|course)s?|"
                            r"first\s+edition|edición\s+anterior|édition\s+précédente|précédent\w*|"
                            r"anterior|"
                            # "another IOM vocational course ... for 20 women": a second event's trainees.
                            r"another\s+(?:[\w-]+\s+){0,2}?(?:training|workshop|session|course|seminar)s?|"
                            r"une?\s+autre\s+(?:formation|session|atelier|séminaire)|"
                            r"otr[oa]\s+(?:curso|taller|capacitaci[oó]n|sesi[oó]n|seminario))\b",
                            re.IGNORECASE)
EARLIER_EVENT_COUNT = rules.rule("earlier_event_count",
                                 "a count in a sentence about an earlier event is not this event's",
                                 general="a previous edition's attendance is not this one's")
# A count whose sentence counts several events ("in three workshops, 90 officials ...").
_SEVERAL_EVENTS = re.compile(
    rf"\b(?:{NUMBER_WORD}|[2-9]|\d\d)\s+(?:\w+\s+)?(?:workshops|sessions|trainings|courses|events|seminars|"
    r"rounds|editions|cohorts|ateliers|sessions|talleres|cursos|jornadas)\s+(?:held\s+)?(?:in|across|throughout)\s+"
    r"(?:\w+\s+){0,2}(?:provinces|districts|regions|cities|countries|locations)\b|\brespectively\b|"
    r"\beach\s+(?:session|workshop|training|course)\b|\brespectivement\b|\brespectivamente\b|"
    # "IOM has run 13 comparable trainings, reaching a total of 377 officers".
    rf"\b(?:run|ran|held|conducted|organi[sz]ed|delivered|carried\s+out)\s+(?:{NUMBER_WORD}|[2-9]|\d\d+)\s+"
    r"(?:\w+\s+)?(?:trainings|workshops|sessions|courses|seminars|events)\b",
    re.IGNORECASE)
MULTI_EVENT_COUNT = rules.rule("multi_event_count", "no count from a sentence spanning several events",
                               general="a total over several sessions is not one event's participants")
_MIN_CONFIDENCE = 0.8
# The opening announces several events ("provided support for two workshops", "a organisé deux ateliers").
_EVENTS_ANNOUNCED = re.compile(
    rf"\b(?:{NUMBER_WORD}|[2-9])\s+(?:\w+\s+)?(?:workshops|trainings|training\s+sessions|courses|seminars|"
    r"ateliers|formations|séminaires|talleres|capacitaciones|cursos|sessions|séances|sesiones)\b",
    re.IGNORECASE)
# A sentence that singles out one of them: "One was a workshop on...", "La première...", "Uno de ellos".
_ONE_OF_THEM = re.compile(r"\b(?:one\s+(?:was|of\s+(?:them|these|the))|the\s+(?:first|second|other)\s+"
                          r"(?:one|was|workshop|training|course|session)|l['’]une?\s+(?:d['’]|était|a\s+)|"
                          r"le\s+premier|la\s+première|uno\s+de|una\s+de|el\s+primer[oa]?|la\s+primera)\b",
                          re.IGNORECASE)
# A session named by its rank is one of several: "a first session for 25 representatives", "la deuxième
# session", "el segundo taller".
_ORDINAL_SESSION = re.compile(
    r"\b(first|second|third|fourth|last|final|première|premier|deuxième|troisième|dernière|primera|primer|"
    r"segund[oa]|tercer[oa]?|últim[oa])\s+(?:\w+\s+)?(?:sessions?|workshops?|trainings?|rounds?|cohorts?|groups?|"
    r"séances?|ateliers?|formations?|sesi[oó]n(?:es)?|talleres?|grupos?|jornadas?)\b", re.IGNORECASE)
ONE_OF_SEVERAL = rules.rule(
    "one_of_several", "when the opening announces several events and then singles one out, the count that "
    "follows is that event's, not the release's total",
    general="'two workshops ... One was on governance. Forty representatives took part' counts one of them")


def _several_announced(text: str) -> re.Match[str] | None:
    """The opening's announcement of two or more events ("deux sessions de formation"), if any."""
    announced = _EVENTS_ANNOUNCED.search(text, 0, 600)
    if not announced or parse_number(announced.group(0).split()[0]) in (None, 0, 1):
        return None
    return announced


def _one_of_several(text: str, count: _Count) -> bool:
    announced = _several_announced(text)
    if not announced:
        return False
    return count.start > announced.end() and bool(_ONE_OF_THEM.search(text, announced.end(), count.start))
UNREPORTED_COUNT = rules.rule(
    "unreported_count", "no count from a sentence that reports no taking part or event",
    general="a head-count is the event's only where its sentence says the people took part")
ONE_COUNTRY_OF_SEVERAL = rules.rule(
    "one_country_of_several", "one nationality's count when others are counted apart is a subgroup",
    general="'15 Thai officers ... 11 Malaysian officers' apart: the first is one country's group")
_WORD_DAYS = {"day": 1, "week": 7, "jour": 1, "journée": 1, "día": 1, "dia": 1, "jornada": 1, "semaine": 7,
              "semana": 7}
_DURATION = re.compile(
    rf"(?<![\d,.])\b(?P<num>{NUMBER}|half)[- ](?P<unit>day|week)s?\b(?:[- ]long)?|"
    # "de deux jours", "d'une journée", "de un día", "dos jornadas": singular units too.
    rf"\b(?P<num2>{NUMBER})\s+(?P<unit2>jours?|journées?|d[ií]as?|jornadas?|semaines?|semanas?)\b|"
    # A length told by a verb or a span: "a course lasting 10 days", "the training lasts two weeks", "ran for
    # three days", "Over two days, the symposium ...", "during the three days of the workshop".
    rf"\b(?:last(?:s|ed|ing)?|(?:runs?|ran|running)\s+for|spann?(?:ed|ing|s)?|spread\s+over|"
    rf"(?P<span>over|during|throughout|for))\s+(?:the\s+)?(?:(?:a\s+)?(?:total|period)\s+of\s+)?"
    rf"(?P<num3>{NUMBER})\s+(?P<unit3>days?|weeks?)\b",
    re.IGNORECASE,
)
_SESSIONS_COUNTED = re.compile(rf"\b(?:{NUMBER})\s+(?:[\w-]+\s+){{0,2}}?(?:sessions|meetings|modules|classes|"
                               r"webinars)\b", re.IGNORECASE)
_DURATION_AFTER = re.compile(
    r"^\s*(?:[\w()’'-]+\s+){0,5}?(?:training|course|workshop|seminar|event|meeting|conference|session|"
    r"exercise|programme|program|mission|forum|visit|tour|dialogue|consultation|campaign|ToT|"
    r"symposium|simulation|retreat|atelier|formation|taller|curso|capacitación|session)",
    re.IGNORECASE,
)

# A French or Spanish "N jours / N días" is the event's length when its sentence names an event ("un atelier
# de deux jours", "trois jours de formation"); elsewhere it is often another length ("durante un máximo de
# 60 días" of a stay in a shelter).
_EVENT_NOUN = re.compile(
    r"\b(?:atelier|formation|session|séminaire|réunion|rencontre|mission|visite|programme|cours|stage|"
    r"échanges|travaux|taller|curso|capacitaci|sesión|seminario|reunión|encuentro|misión|visita|"
    r"programa|jornada|entrenamiento|diplomado|intercambio|distribution|distribución|campagne|campaña|"
    r"conférence|conferencia|festival|forum|foro|training|course|workshop|seminar|meeting|conference|"
    r"exercise|symposium|simposio)",
    re.IGNORECASE,
)
ROMANCE_LENGTH_OF_EVENT = rules.rule(
    "romance_length_of_event", "a French or Spanish 'N jours/días', or 'lasting N days', is a length only "
    "beside an event",
    general="a number of days is the event's length only where the sentence is about the event")


@dataclass(frozen=True)
class Participants:
    total: int | None
    female: int | None
    approximate: bool
    demonyms: tuple[str, ...]
    evidence: str | None = None  # the sentence the count came from
    confidence: float = 0.0


def strip_quoted(text: str) -> str:
    """The text with quoted titles blanked (a project called "Frontline training" is no training)."""
    return _QUOTED.sub(lambda m: " " * len(m.group()), text)


@lru_cache(maxsize=512)
def type_mentions(text: str) -> tuple[tuple[int, str, str], ...]:
    """(position, type, word) for each event word outside quoted titles. A gift of money ("un don de
    4 000 000 de couronnes", "donated USD 50,000") is a grant, not goods handed over."""
    plain = strip_quoted(text)
    found = []
    for m in folding.finditer(_TYPE_RE, plain):
        kind = _TYPE_OF_GROUP.get(m.lastgroup or "", "other")
        if kind == "handover" and rules.on(MONEY_GIFT) and _money_follows(plain, m.end()):
            continue
        found.append((m.start(), kind, plain[m.start():m.end()]))
    return tuple(found)


MONEY_GIFT = rules.rule("money_gift", "a handover word followed by an amount of money is a grant",
                        general="goods are handed over; money given is funding ('a donation of USD 50,000')")
# Between a gift word and its amount: "of", "de", "d'", an article, "some", "about".
_MONEY_GAP = re.compile(r"^\s*(?:(?:of|de|d['’]|du|del|la|le|a|an|the|un|une|some|about|environ|unos)\s*)*")


def _money_follows(text: str, pos: int) -> bool:
    return MONEY.match(_MONEY_GAP.sub("", text[pos:pos + 40])) is not None


# Releases of figures: a report, data or estimates speak; the lede's event words are context.
_FIGURES = re.compile(
    r"\b(?:according\s+to\s+(?:new|the\s+latest|latest|recent)\s+(?:data|figures|estimates|report)|"
    r"(?:report|study|survey|data|figures|estimates|analysis|research|index)(?:\s+of\s+[^.]{0,80}?)?\s+(?:shows?|finds?|found|"
    r"reveals?|revealed|indicates?|suggests?|warns?)|new\s+(?:data|figures|report|study|estimates)\s+"
    r"(?:shows?|from|on|by)|(?:publishes|published|releases|released|launches|launched)\s+(?:its\s+|a\s+|the\s+)?"
    r"(?:new\s+|latest\s+|annual\s+|first\s+)?"
    # A report's capitalised title may stand between: "released its first Yemen Displacement Tracking Matrix
    # (DTM) Area Report".
    r"(?-i:(?:[A-Z][\w’'-]*|\([A-Z]+\))\s+){0,6}(?:report|study|data|figures|index|atlas|yearbook)|"
    r"según\s+(?:las\s+)?(?:estimaciones|datos|cifras|un\s+informe|el\s+informe)|"
    # Findings made public: "made public the findings of its DTM", "un nuevo informe publicado por".
    r"(?:made\s+public|publish(?:es|ed)?|releas(?:es|ed))\s+(?:the\s+|its\s+)?(?:findings|results)|"
    r"(?:nuevo|último)\s+(?:informe|estudio)\s+publicado|(?:nouveau|dernier)\s+(?:rapport|étude)\s+publiée?|"
    # The verb before its source, as headlines put it: "One Million Iraqis Back Home, Finds IOM Displacement
    # Tracking Matrix", "..., says new survey".
    r",\s+(?:finds?|shows?|reveals?|says?)\s+(?:an?\s+|the\s+|new\s+)?(?:IOM['’]?s?\s+|UN\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:report|study|survey|data|analysis|research|displacement\s+tracking\s+matrix|DTM)|"
    r"selon\s+(?:les\s+|de\s+nouvelles\s+)?(?:estimations|données|chiffres|un\s+rapport|le\s+rapport)|"
    # A source released, told in a relative clause: "the DTM report that IOM published on Wednesday".
    r"(?:report|study|survey|matrix|DTM|rapport|étude|informe|estudio)\)?\s+(?:that|which|que|qu['’])\s+"
    r"[^.]{0,60}?\b(?:released|published|publié|publicó|publica)\s+(?:on\s+(?:monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)|yesterday|today|this\s+week|hier|aujourd['’]hui|ayer|hoy)|"
    # The source's release told after it: "the IOM Displacement Tracking Matrix (DTM), released yesterday".
    r"(?:report|study|survey|data|figures|index|matrix|DTM|rapport|étude|données|informe|estudio|datos)\)?,?\s+"
    r"(?:(?:was\s+|were\s+)?(?:released|published|made\s+public)|publiée?s?|publicad[oa]s?)\s+(?:yesterday|today|"
    r"this\s+week|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|hier|aujourd['’]hui|"
    r"cette\s+semaine|ayer|hoy|esta\s+semana))\b",
    re.IGNORECASE)
DISAGREEING_COUNTS = rules.rule(
    "disagreeing_counts", "two different attendee counts (neither a part nor a sum of a list) give no count",
    general="a wrong number is worse than none: two totals mean the text does not state one unambiguously")
TOTAL_AND_PARTS = rules.rule(
    "total_and_parts",
    "a count that equals the sum of the other counts is the total, and the others its parts",
    general="releases give the total and then break it down by group; the parts confirm the total")
HEADLINE_SINGLE_TYPE = rules.rule(
    "headline_single_type",
    "when the headline names one kind of event and the lede names it too, that kind wins (not over training)",
    general="a headline states what the release is about; the lede may open with a side act (a handover)")
SPEAKS_HEADLINE = rules.rule(
    "speaks_headline", "a headline whose verb warns, pleads or voices concern is a statement",
    general="statements and appeals headline what is said; activity releases headline what was done")
FIGURES_RELEASE = rules.rule(
    "figures_release", "a headline or opening sentence that releases figures or a report is no activity",
    general="data releases and reports state findings; the events they mention are not the release's own")


# Headline verbs of a release that speaks: it warns, voices concern, pleads, in three languages.
_SPEAKS_HEADLINE = re.compile(
    r"\b(?:warns?|alerts?|voices?\s+(?:concern|alarm)|expresses|reaffirms|stresses|raises\s+alarm|"
    r"sounds\s+(?:the\s+)?alarm|appeals?|calls\s+for|pleads?|s['’]inquiète|alerte|plaide|réaffirme|"
    r"lance\s+un\s+appel|advierte|alerta|pide|lamenta|reitera|expresa|hace\s+un\s+llamado|"
    # Recognising, underlining, urging: what a position statement headlines, in three languages.
    r"recogni[sz]es|underlines|urges|reconoce|reconnaît|subraya|souligne|destaca|insta|exhorte|"
    # Praise is a statement unless an event comes first ("Migration Profile launched by Zimbabwe, which
    # applauds IOM").
    r"praises|commends|applauds|applaudit|aplaude|"
    # "El Director General habla de ...", "speaks on migration in a changing world".
    r"habla\s+(?:de|sobre)|speaks\s+(?:on|about|of)|parle\s+de|"
    r"appelle\s+à|llama\s+a)\b",
    re.IGNORECASE)


_WELCOMES = re.compile(r"\bwelcomes\b", re.IGNORECASE)


def is_statement(headline: str, lede: str) -> bool:
    """A statement, speech, message or appeal rather than a report of something done; or a release of
    figures or a report."""
    if folding.search(_STATEMENT, headline or "") or folding.search(_STATEMENT, lede[:300]):
        return True
    for text in (headline or "", lede[:300]):
        welcomes = _WELCOMES.search(text)
        # "IOM Welcomes New Member States" is a statement; "Kampala Welcomes the Pan African Forum" hosts.
        if welcomes and not any(pos > welcomes.start() for pos, _, _ in type_mentions(text)):
            return True
    speaks = _SPEAKS_HEADLINE.search(headline or "") if rules.on(SPEAKS_HEADLINE) else None
    # "Workshop Stresses Need for Cooperation": an event that speaks is still an event.
    if speaks and not any(pos < speaks.start() for pos, _, _ in type_mentions(headline)):
        return True
    return rules.on(FIGURES_RELEASE) and bool(_FIGURES.search(headline or "") or _FIGURES.search(lede[:250]))


def has_event_verb(text: str) -> bool:
    return bool(folding.search(_EVENT_VERB, text))


OPENED_EVENT = rules.rule(
    "opened_event", "'opened a two-day workshop' reports the workshop, not a launch",
    general="opening or inaugurating an event starts it; a launch is of a project, a centre or a campaign")
_OPENED_EVENTS = frozenset({"training", "workshop", "conference", "meeting"})
# Between "opened" and the event noun: articles, a length, adjectives ("a two-day regional").
_OPENED_GAP = re.compile(r"\s+(?:(?:the|a|an|its|their|le|la|l['’]|un|une|el|los|las|este|esta|ce|cette)\s*)?"
                         r"(?:[\w’'-]+\s+){0,3}")


SKILLS_HEADLINE = rules.rule(
    "skills_headline", "a headline whose people gain knowledge or skills reports a training, when no event "
    "word is found", general="'Officials build capacity', 'Judges sharpen their skills', 'renforcent leurs "
    "compétences' is how releases headline a course without naming it")
_SKILLS_GAINED = re.compile(
    r"\b(?:build|builds|built|building|strengthen\w*|enhanc\w+|boost\w*|sharpen\w*|hon(?:e|es|ed|ing)|"
    r"upgrad\w+|deepen\w*|improv\w+|brush(?:es|ed)?\s+up(?:\s+on)?|gain\w*|acquir\w+|renforcent|"
    r"renforce|approfondissent|am[ée]liorent|fortalecen|fortalece|mejoran|ampl[ií]an|adquieren)\s+"
    r"(?:their|its|leurs?|sus?)?\s*(?:\w+\s+)?(?:knowledge|skills|expertise|know-how|competenc\w+|"
    r"comp[ée]tences|connaissances|conocimientos|habilidades|competencias)\b|"
    # Capacity is gained by people: "Government Officials Build Capacity", "build their capacity".
    rf"\b(?:{_PEOPLE_SUBJECTS})\s+(?:build|strengthen|enhance|boost)\w*\s+(?:their\s+)?capacit\w+|"
    r"\b(?:build|strengthen|enhance|boost)\w*\s+their\s+capacit\w+|"
    r"\brenforcent\s+leurs\s+capacit[ée]s|\bfortalecen\s+sus\s+capacidades",
    re.IGNORECASE)


_CEREMONY = re.compile(r"ceremon|c[ée]r[ée]monie", re.IGNORECASE)


def activity_type(headline: str, lede: str) -> str | None:
    """The activity's type from the lede's first event word, with the corpus README's precedence: a
    workshop or launch that the text calls a training is a training; an event the lede names wins over
    the headline's wording, except that a headline training turns a lede workshop into one."""
    lede_hits = type_mentions(lede)
    head_hits = type_mentions(headline or "")
    if not lede_hits and not head_hits:
        skills = rules.on(SKILLS_HEADLINE) and _SKILLS_GAINED.search(strip_quoted(headline or ""))
        return "training" if skills else None
    hits = lede_hits or head_hits
    hits_text = lede if lede_hits else headline  # the text the hits were found in
    first = hits[0][1]
    lede_types = {t for _, t, _ in lede_hits}
    head_types = {t for _, t, _ in head_hits}
    if first == "other":
        if _CEREMONY.search(hits[0][2]):
            # The ceremony that closes a course belongs to the course: "closing ceremony marking the last
            # nationwide training".
            around = {t for _, t, _ in type_mentions(sentence_at(hits_text, hits[0][0]))} | head_types
            for kind in ("training", "workshop"):
                if kind in around:
                    return kind
        return "other"
    if (first == "launch" and len(hits) > 1 and hits[1][1] in _OPENED_EVENTS and rules.on(OPENED_EVENT)
            and _OPENED_GAP.fullmatch(hits_text[hits[0][0] + len(hits[0][2]):hits[1][0]])):
        first = hits[1][1]  # "IOM opened a two-day workshop": the workshop began; nothing was launched
        if first == "workshop" and ("training" in head_types or _calls_it_training(lede)):
            return "training"
        return first
    if (rules.on(HEADLINE_SINGLE_TYPE) and len(head_types) == 1 and first not in head_types
            and first != "training" and head_types <= lede_types):
        head_type = next(iter(head_types))  # the one thing the headline reports, which the lede also names
        return "training" if head_type == "workshop" and _calls_it_training(lede) else head_type
    if first in {"workshop", "launch", "conference", "meeting", "handover"}:
        first_sentence = sentence_at(lede, hits[0][0]) if lede_hits else hits_text
        sentence_types = {t for _, t, _ in type_mentions(first_sentence)}
        if "training" in sentence_types:
            return "training"
        if first == "workshop" and ("training" in head_types or _calls_it_training(lede)):
            return "training"
    if first == "launch" and lede_hits:
        # The launch of a campaign, a distribution or an assessment is that activity; of a project, a
        # platform or a centre, a launch.
        launched = [t for _, t, _ in type_mentions(sentence_at(lede, hits[0][0]))
                    if t in {"campaign", "distribution", "assessment"}]
        if launched:
            return launched[0]
    if first == "training" and "launch" in lede_types and not lede_hits[0][2].lower().startswith("train"):
        return "training"
    if first in {"campaign", "assessment"} and "training" in lede_types and "training" in head_types:
        return "training"
    return first


# A workshop the text itself calls a training: "the training", "a training workshop", "les formations",
# "atelier de formation", "esta capacitación", "taller de capacitación".
_CALLS_IT_TRAINING = re.compile(
    r"\b(?:the|this)\s+training\b(?!\s+(?:manual|modules?|curricul|cent))|\btraining\s+(?:workshops?|seminars?)\b|"
    r"\b(?:la|cette|les|ces)\s+formations?\b(?!\s+(?:professionnelle|continue))|"
    r"\b(?:ateliers?|séminaires?)\s+de\s+formation\b|"
    r"\b(?:la|esta|las|estas)\s+(?:capacitaci[oó]n(?:es)?|formaci[oó]n(?:es)?)\b(?!\s+(?:profesional|académica))|"
    r"\btalleres?\s+de\s+(?:capacitaci[oó]n|formaci[oó]n)\b",
    re.IGNORECASE)


def _calls_it_training(text: str) -> bool:
    return bool(_CALLS_IT_TRAINING.search(text))


def sentence_at(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
    end_candidates = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i != -1]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start:end]


_DURATION_CUE = re.compile(r"[- ](?:day|week)s?\b|\b(?:jours?|journées?|d[ií]as?|jornadas?|semaines?|"
                           r"semanas?)\b", re.IGNORECASE)
_PEOPLE_CUE = re.compile(rf"\b(?:{_PEOPLE}|{_AGENT_NOUN}|delegation|team|group|male|female)\b", re.IGNORECASE)
_WINDOW = 140  # characters before a cue word in which its number is looked for


def _windows(cue: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Stretches of text just before cue words, merged where they overlap."""
    spans: list[tuple[int, int]] = []
    for c in folding.finditer(cue, text):
        start, end = max(0, c.start() - _WINDOW), min(len(text), c.end() + 40)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _windowed(pattern: re.Pattern[str], windows: list[tuple[int, int]], text: str) -> list[re.Match[str]]:
    """Matches of a costly pattern, looked for only near its cue words (a number alternation is slow over
    a whole text); lookbehinds still see the whole text."""
    return [m for start, end in windows for m in pattern.finditer(text, start, end)]


def duration_days(text: str) -> int | None:
    """The stated length of the event: "two-day workshop" -> 2, "two-week course" -> 14."""
    for m in _windowed(_DURATION, _windows(_DURATION_CUE, text), text):
        raw = m.group("num") or m.group("num2") or m.group("num3")
        unit = (m.group("unit") or m.group("unit2") or m.group("unit3") or "day").lower().rstrip("s")
        if raw.lower() == "half":
            continue
        value = parse_number(raw)
        if value is None or value <= 0 or value > 60:
            continue
        if m.group("unit") and not _DURATION_AFTER.match(text[m.end():m.end() + 80]):
            continue
        if ((m.group("unit2") or m.group("unit3")) and rules.on(ROMANCE_LENGTH_OF_EVENT)
                and not _EVENT_NOUN.search(sentence_at(text, m.start()))):
            continue
        if m.group("span") and _SESSIONS_COUNTED.search(sentence_at(text, m.start())):
            continue  # "Over one week, the training held three online sessions": the sessions are its days

        return value * _WORD_DAYS.get(unit, 1)
    return None


@dataclass(frozen=True)
class _Count:
    start: int
    end: int
    total: int | None
    approximate: bool
    demonyms: tuple[str, ...]
    female: int | None
    confidence: float


def _sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [k for k in (text.find(". ", end), text.find("\n", end)) if k != -1]
    return left, (min(ends) + 1 if ends else len(text))


# The item just before in a list ("14 computers, two printers"): its noun tells what the list counts.
_LISTED_AFTER = re.compile(rf"(?:{NUMBER})\s+(?:[\w-]+\s+){{0,2}}?(?P<thing>[\w-]+),\s*"
                           r"(?:and\s+|et\s+|y\s+)?$", re.IGNORECASE)
_COURSE = re.compile(r"\b(?:training|course|workshop|seminar|séminaire|seminario|ToT|formation|atelier|"
                     r"recyclage|"
                     r"capacitaci[oó]n|curso|taller|"
                     r"study\s+(?:visit|tour)|exchange\s+visit|visite\s+d['’](?:étude|échange)|"
                     r"visita\s+de\s+(?:estudio|intercambio)|"
                     r"diplomado)s?\b", re.IGNORECASE)
COUNT_BESIDE_COURSE = rules.rule(
    "count_beside_course",
    "a head-count in a sentence that names a training, course or workshop is its trainees",
    general="releases state the trainees in the sentence that names the course, whatever the verb")


_MONTH_AFTER = re.compile(r"\s+(?:de\s+)?(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
                          + r")\b", re.IGNORECASE)


_FOR_THEM = re.compile(r"\b(?:for|to|destin[ée]e?s?\s+(?:à|aux?)|dirigid[oa]s?\s+a|pour|para|à|a)\s+"
                       r"(?:(?:some|about|environ|unas|unos)\s+)?$", re.IGNORECASE)


def _for_a_course(text: str, sentence: str, start: int) -> bool:
    """Whether the count at ``start`` is of the people a course in its sentence is for: "deux sessions de
    formation destinées à 42 personnes", "une session de recyclage ... pour vingt formateurs"."""
    return bool(_COURSE.search(sentence) and _FOR_THEM.search(text, max(0, start - 30), start))


def _count_of(m: re.Match[str], text: str, demonym_words: frozenset[str]) -> _Count | None:
    """One "25 senior officials" match as a count of attendees, or None when it counts something else."""
    mods = m.group("mods")
    if "\n" in m.group(0):
        return None  # a count and a noun on two lines belong to two sentences
    if _NOT_ATTENDEES.match(mods) or re.search(r"[\d]", mods) or _COUNTED_THINGS.search(mods):
        return None  # "eight workshops training trainers" counts workshops, not people
    value = parse_number(m.group("num"))
    if value is None or value < 2 or value > 100000:
        return None
    if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):  # a year, not a head-count
        return None
    if _MONTH_AFTER.match(text, m.end("num")):
        return None  # "16 June. The teams of police...": a date
    noun = m.group("noun").lower()
    if noun in _NOT_PEOPLE or _NOT_PEOPLE_AFTER.match(text[m.end():m.end() + 20]):
        return None  # "7 member states", "50 staff rooms"
    listed = _LISTED_AFTER.search(text, max(0, m.start() - 60), m.start())
    if listed and listed.group("thing").lower() in _NOT_PEOPLE:
        return None  # "14 computers, two printers": an item of a list of things
    after = text[m.end():m.end() + 60]
    sentence = text[slice(*_sentence_span(text, m.start(), m.end()))]
    if noun in _GENERIC_NOUNS and not (folding.search(_TOOK_PART, after) or _TOOK_PART_BEFORE.search(
            text[max(0, m.start() - 40):m.start()]) or _GENDER_SPLIT_AFTER.match(after)
            or (rules.on(COUNT_BESIDE_COURSE) and _for_a_course(text, sentence, m.start()))):
        # "100 people" are attendees only when the text says they took part; "acteurs" are people only
        # then, or when their count is split by sex ("25 acteurs de terrain (dont 14 femmes)").
        return None
    dem = tuple(w for w in mods.split() if w.lower() in demonym_words)
    reported = (folding.search(_TOOK_PART, sentence) or folding.search(_EVENT_VERB, sentence)
                or noun in _ATTENDEE_NOUNS)
    # A sentence that names a training, course or workshop and a head-count gives its trainees
    # ("21 officials spent ten days in a Training of Trainers", "une formation ... à 30 représentants").
    taught = rules.on(COUNT_BESIDE_COURSE) and _COURSE.search(sentence)
    confidence = 0.9 if reported else 0.85 if taught else 0.7
    female = 0 if noun in {"women", "femmes", "mujeres"} else None
    return _Count(m.start(), m.end(), value, is_approximate(text[:m.start()]), dem, female, confidence)


GROUPS_JOINED = rules.rule(
    "groups_joined", "two head-counts of one sentence joined by 'together with', 'along with', 'as well as' "
    "are one audience and add up", general="'X officials, together with Y NGO staff' lists who took part")
_JOINED_GROUP = re.compile(r"(?:,\s*|\s)(?:together\s+with|along\s+with|as\s+well\s+as|ainsi\s+que|"
                           r"de\s+même\s+que|así\s+como|junto\s+(?:a|con))\s+(?:the\s+|des\s+|los\s+|las\s+)?$",
                           re.IGNORECASE)


def _summed(counts: list[_Count], text: str) -> list[_Count]:
    """Adjacent counts of one list are one total: "20 police officers, six social workers and five
    prosecutors" = 31 (the corpus convention: "15 Thai and 11 Malaysian officers" gives 26)."""
    out: list[_Count] = []
    for c in counts:
        prev = out[-1] if out else None
        between = text[prev.end:c.start] if prev is not None else ""
        listed = (_LIST_JOIN.search(between) and len(between) <= 80 and not re.search(r"[.;:()]", between))
        # "29 officials drawn from the ministries (KRG), together with six NGO staff": one sentence's
        # groups joined by "together with" are one audience.
        joined = (rules.on(GROUPS_JOINED) and _JOINED_GROUP.search(between) and len(between) <= 200
                  and not re.search(r"\.\s|[;:]", between))
        if (prev is not None and rules.on(LIST_SUM) and (listed or joined)
                and not folding.search(_TOOK_PART, between)
                and not folding.search(_EVENT_VERB, between)
                and prev.total is not None and c.total is not None):
            female = (prev.female or 0) + (c.total if c.female == 0 else 0) if (
                prev.female is not None or c.female == 0) else None
            out[-1] = _Count(prev.start, c.end, prev.total + c.total, prev.approximate or c.approximate,
                             prev.demonyms + c.demonyms, female, min(prev.confidence, c.confidence))
        else:
            out.append(c)
    return out


SPEAKER_COUNT = rules.rule(
    "speaker_count", "people counted as giving the sessions ('two inspectors gave presentations') are not "
    "the attendees",
    general="speakers, presenters and facilitators are not the audience (corpus README)")
# The verb after a count that makes its people the ones who teach or present.
_GIVES_SESSIONS = re.compile(
    # Not past a verb of taking part or a passive: "15 officers who took part were also taught".
    r"(?:(?!\b(?:took\s+part|take\s+part|attended|participated|were|was|been|ont\s+(?:été|suivi|participé)|"
    r"fueron|participaron)\b)[^.;:]){0,70}?\b(?:gave|delivered(?!\s+by)|presented(?!\s+with)|"
    r"facilitated(?!\s+by)|"
    r"led(?!\s+by)|moderated|lectured|taught|ont\s+animé|animaient|ont\s+présenté|ont\s+dispensé|"
    r"impartieron|dictaron|expusieron|facilitaron|presentaron)\b",
    re.IGNORECASE)


# An aside on another subject, closed by a comma before the count: "The project, which targets the poorest
# communities, began with a training for 64 participants".
_ASIDE_BEFORE = re.compile(r",\s*(?:which|that|qui|que|lequel|laquelle|el\s+cual|la\s+cual)\s+"
                           r"(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)


_ROMANCE_FUTURE = re.compile(r"\b(?:\w{2,}(?:eront|iront)|seront|auront|feront|pourront|devront|"
                             r"\w{3,}(?:arán|erán|irán))\b", re.IGNORECASE)


def _is_target(text: str, c: _Count, left: int, right: int) -> bool:
    """Whether the count's sentence speaks of a target or the future. An aim stated after a count that a
    past verb of taking part governs is the event's purpose, not the count's: "Attended by 14 officials,
    the meeting aims to review ..."; so is an aim in an aside about another subject before the count."""
    aims = [m.start() for m in _TARGET_COUNT.finditer(text, left, right)
            if not (m.end() <= c.start and _ASIDE_BEFORE.search(text, max(left, m.start() - 40), m.start())
                    and "," in text[m.end():c.start])]
    # A French or Spanish future before the count governs it: "les étapes suivantes consisteront à donner une
    # formation à 200 policiers"; after it, it tells what the people counted will do next.
    # An announced attendance is the event's: "Al evento asistirán treinta funcionarios".
    if any(m.end() <= c.start and not folding.search(_TOOK_PART, m.group())
           for m in _ROMANCE_FUTURE.finditer(text, left, c.start)):
        return True
    if not aims:
        return False
    return not (min(aims) >= c.end and _TOOK_PART_BEFORE.search(text, max(left, c.start - 40), c.start))


def _not_own_total(text: str, c: _Count) -> str | None:
    """Why a count is not the event's own total, or None: a running total, a programme target or a
    future cascade, a subgroup introduced as such."""
    left, right = _sentence_span(text, c.start, c.end)
    sentence = text[left:right]
    if rules.on(CUMULATIVE_COUNT) and (_CUMULATIVE_COUNT.search(sentence)
                                       or (_IN_TOTAL.search(sentence) and not _ONE_EVENT.search(sentence))):
        return "cumulative"
    if rules.on(TARGET_COUNT) and _is_target(text, c, left, right):
        return "target or future"
    if rules.on(SUBGROUP_COUNT) and _SUBGROUP_BEFORE.search(text[max(left, c.start - 40):c.start]):
        return "subgroup"
    if rules.on(SUBGROUP_COUNT) and _PART_OF.match(text, c.start, c.end):
        return "subgroup"
    if rules.on(PER_EVENT_COUNT) and _PER_EVENT_AFTER.match(text[c.end:c.end + 40]):
        return "per session"
    before = text[max(left, c.start - 40):c.start]
    if rules.on(MEMBERSHIP_COUNT) and (_MEMBERSHIP_BEFORE.search(before) or _PART_OF_WHOLE.search(before)):
        return "members of a body"
    if rules.on(SPEAKER_COUNT) and _GIVES_SESSIONS.match(text, c.end, right):
        return "speakers"
    if rules.on(EARLIER_EVENT_COUNT) and _EARLIER_EVENT.search(sentence):
        return "earlier event"
    if rules.on(ANOTHER_GROUP_TOO) and (_ANOTHER_GROUP.match(text, c.end, right)
                                        or _GROUP_BEFORE.search(text, left, c.start)):
        return "one group of several"
    if (rules.on(ONE_OF_SEVERAL) and _ORDINAL_SESSION.search(sentence)
            and (len({m.group(1).lower() for m in _ORDINAL_SESSION.finditer(text)}) >= 2
                 or _several_announced(text))):
        # "a first session for 25 ...; a second session for 25 ...", "deux sessions de formation ... La
        # première session s'adressait à 28 participants".
        return "one session of several"
    if rules.on(SUBGROUP_COUNT) and _SUBGROUP_AFTER.match(text, c.end, right):
        return "subgroup"  # "for 15 returnees, two female participants among them"
    return None


# A sentence that opens with another event: "In addition, a five-day course ... was attended by a total of
# 238".
_ANOTHER_EVENT = re.compile(r"\s*(?:in\s+addition|additionally|separately|meanwhile|also|par\s+ailleurs|"
                            r"en\s+outre|además|asimismo|por\s+otra\s+parte)\b", re.IGNORECASE)
STATED_TOTAL = rules.rule(
    "stated_total", "a count the text calls the total ('37 participants in total', 'a total of 50') is the "
    "event's, over other counts",
    general="'in total' and 'a total of' say which of a text's counts is the whole")
_SAID_TOTAL = re.compile(rf"\b(?:{_IN_TOTAL_WORDS}|a\s+total\s+of|in\s+all|un\s+total\s+de)\b", re.IGNORECASE)


ANOTHER_GROUP_TOO = rules.rule(
    "another_group_too", "a count followed by 'alongside' or 'in addition to' other people, joined to a "
    "group the text does not count ('staff of two NGOs as well as seven mediators'), or 'another' group, is "
    "one group of those who took part, not the total",
    general="a head-count of one group beside others the text does not count is a subgroup; 'as well as' "
    "and 'together with' often list the same count's members, so they abstain only after the count's own "
    "verb of taking part ('20 prosecutors attended, along with experts')")
# Just before a count, a group the text does not count joined to it ("des membres de deux organisations
# ainsi que sept médiateurs"), or "another"/"a further" ("another 40 butchers"): one group of several.
_GROUP_BEFORE = re.compile(
    rf"(?:\b(?:{_PEOPLE}|membres|miembros)\b[^.;:\d]{{0,120}}?\b(?:as\s+well\s+as|along\s+with|together\s+with|"
    r"ainsi\s+que|de\s+même\s+que|así\s+como|junto\s+(?:a|con)|and|et|y)|\b(?:another|a\s+further|an\s+additional|"
    r"d['’]autres|otr[oa]s))\s+(?:the\s+|des\s+|les\s+|los\s+|las\s+)?$", re.IGNORECASE)
_ANOTHER_GROUP = re.compile(
    r"(?:[^.;]{0,120}?\b(?:alongside|in\s+addition\s+to|aux\s+côtés\s+de|en\s+plus\s+de|además\s+de)|"
    # After the count's own verb of taking part, "along with" adds people: "Twenty prosecutors attended,
    # along with experts and officials".
    r"[^.;]{0,60}?\b(?:attended|took\s+part|participated|were\s+present|ont\s+(?:participé|pris\s+part|assisté)|"
    r"participaron|asistieron),?\s+(?:along\s+with|together\s+with|as\s+well\s+as|ainsi\s+que|de\s+même\s+que|"
    r"así\s+como|junto\s+(?:a|con)))\b"
    rf"[^.;]{{0,80}}?\b(?:{_PEOPLE}|{_AGENT_NOUN}|partners)\b", re.IGNORECASE)


HEADLINE_COUNT = rules.rule(
    "headline_count", "a head-count the headline gives with a verb of taking part stands when the body gives "
    "none, or when the body's counts add up to it",
    general="headlines state the total ('80 officials trained'); the body may only break it down")


# The event words of a movement of people ("brought home 178", "return flight", "le retour de 120"): the
# people moved are migrants, whoever else the text names.
_MOVEMENT_WORD = re.compile(r"\b(?:home|flights?|convoys?|convois?|vols?|vuelos?|migrants?|returnees|"
                            r"refugees|rentrer|regagner|retourner|regresar|retornar|volver|return|retour|retorno|evacu\w*|"
                            r"évacu\w*|relocat\w*|reubic\w*|traslad\w*|transport\w*|achemin\w*|moving|moved)\b",
                            re.IGNORECASE)


def is_movement(headline: str, lede: str) -> bool:
    """Whether the release's event is a movement of people: its first 'other' event word moves people."""
    for _, kind, word in type_mentions(lede) or type_mentions(headline):
        if kind == "other":
            return bool(_MOVEMENT_WORD.search(word))
    return False


PEOPLE_MOVED_COUNT = rules.rule(
    "people_moved_count", "the people a movement moves, counted exactly where the movement is told, are its "
    "participants; several different counts, or a hedged one, give none",
    general="a return or relocation release counts the people moved ('160 migrants return home', 'le retour "
    "de 137 migrants'); a running total or a second figure leaves the event's own count unknown")
# A count of people a movement moves: "160 Bangladeshi migrants", "137 migrants", "84 returnees".
_MOVED_PEOPLE = re.compile(
    rf"(?<![\w.,/-])(?P<num>{NUMBER})\s+(?:[\w-]+\s+){{0,3}}?(?P<noun>migrants?|returnees|refugees|nationals|"
    r"people|persons|individuals|asylum[- ]seekers|families|[A-Z][a-z]+(?:ians|ans|ese|is|ers|s)|"
    r"migrantes|personas|retornad[oa]s|refugiad[oa]s|personnes|rapatriés|réfugiés|ressortissants)\b",
    re.IGNORECASE)
_MOVED_NOUNS = frozenset({"migrant", "migrants", "returnees", "refugees", "nationals", "people", "persons",
                          "individuals", "asylum-seekers", "asylum seekers", "families", "migrantes",
                          "personas",
                          "retornados", "retornadas", "refugiados", "refugiadas", "personnes", "rapatriés",
                          "réfugiés", "ressortissants"})


# "C'est la deuxième opération de ce type ... : le 14 juillet, 84 migrants": the one before it.
_NTH_MOVEMENT = re.compile(r"\b(?:second|third|fourth|deuxième|troisième|quatrième|segund[oa]|tercer[oa]?|"
                           r"cuart[oa])\s+(?:\w+\s+)?(?:opération|operation|operación|vol|flight|vuelo|"
                           r"convoy|convoi)s?\b", re.IGNORECASE)


def people_moved(headline: str, sentences: list[str], demonym_words: frozenset[str]) -> Participants:
    """The head-count of a movement: the one exact count of people in the headline and the sentences that
    tell the movement, or None when they give none, several, or a hedged or running one."""
    told = [s for s in [headline, *sentences] if s and _MOVEMENT_WORD.search(s)]
    found: list[tuple[int, str]] = []
    for sentence in told:
        if any(p.search(sentence) for p in (_CUMULATIVE_COUNT, _EARLIER_EVENT, _NTH_MOVEMENT)):
            continue  # a running total, or the movements before this one
        for m in _MOVED_PEOPLE.finditer(sentence):
            noun = m.group("noun").lower()
            if noun not in _MOVED_NOUNS and noun.rstrip("s") not in demonym_words:
                continue  # "72 Gambians" are people by their demonym; "12 Mays" are not
            value = parse_number(m.group("num"))
            if value is None or value < 2 or re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
                continue
            if is_approximate(sentence[:m.start()]):
                if sentence is headline:
                    continue  # headlines round ("plus de 240 migrants"); the body gives the count
                return Participants(None, None, True, (), sentence, 0.0)
            found.append((value, sentence))
    values = {v for v, _ in found}
    if len(values) > 2 and max(values) == sum(values) - max(values):
        # "84 migrants (72 Gambians and 12 Senegalese)": the total and its parts.
        value = max(values)
        return Participants(value, None, False, (), next(s for v, s in found if v == value), 0.8)
    if len(values) != 1:
        return Participants(None, None, False, (), None, 0.0)
    value, sentence = found[0]
    return Participants(value, None, False, (), sentence, 0.8)


ANOTHER_EVENTS_COUNT = rules.rule(
    "another_events_count", "in a release about a handover, a launch, a campaign, a distribution or another "
    "act without attendees, a count told with a course or a workshop is that other event's",
    general="people trained in a course that a handover release mentions took part in the course, not the "
    "handover")
_ACTS_WITHOUT_ATTENDEES = frozenset({"handover", "launch", "campaign", "distribution", "other"})


def count_of_another_event(kind: str | None, evidence: str | None) -> bool:
    """Whether the head-count's sentence tells of a course or workshop in a release of another kind of act
    ("Among IOM's activities was a course offered to 40 prosecutors", in a handover release)."""
    if kind not in _ACTS_WITHOUT_ATTENDEES or not evidence or not rules.on(ANOTHER_EVENTS_COUNT):
        return False
    told = {t for _, t, _ in type_mentions(evidence)}
    return bool(told & {"training", "workshop"}) and kind not in told


def participants(text: str, demonym_words: frozenset[str], headline: str = "") -> Participants:
    """The event's own head-count of attendees, or None when the text does not state it unambiguously:
    hedged ("over 100"), a running total, a target, a subgroup, or counts of several events. The headline's
    count is taken only when the body gives none, or when the body's counts add up to it."""
    body_counts: list[int] = []
    found = _participants_in(text, demonym_words, body_counts)
    if (found.total is not None or not headline or not rules.on(HEADLINE_COUNT)
            or not folding.search(_TOOK_PART, headline)):
        return found
    head = _participants_in(headline.rstrip(". ") + ".", demonym_words)
    if head.total is None or (body_counts and sum(body_counts) != head.total):
        return found
    return Participants(head.total, found.female, False, head.demonyms, headline, head.confidence)


def _participants_in(text: str, demonym_words: frozenset[str],
                     exact: list[int] | None = None) -> Participants:
    """``participants`` of one stretch of text; ``exact``, when given, receives the exact counts it found."""
    windows = _windows(_PEOPLE_CUE, text)
    special: list[_Count] = []
    for m in _windowed(_DEMONYM_SUM, windows, text):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        da, db = m.group("da"), m.group("db")
        if a is not None and b is not None and da.lower() in demonym_words and db.lower() in demonym_words:
            special.append(_Count(m.start(), m.end(), a + b, is_approximate(text[:m.start()]), (da, db),
                                  None, 0.85))
    for m in _windowed(_GENDER_SPLIT, windows, text):
        a, b = parse_number(m.group("a")), parse_number(m.group("b"))
        if a is None or b is None:
            continue
        women = a if m.group("ga").lower() in {"female", "women", "femmes", "mujeres"} else b
        special.append(_Count(m.start(), m.end(), a + b, is_approximate(text[:m.start()]), (), women, 0.85))
    if rules.on(MEMBER_GROUP):
        for m in _windowed(_MEMBER_GROUP, windows, text):
            special.append(_Count(m.start(), m.end(), parse_number(m.group("num")),
                                  is_approximate(text[:m.start()]), (), None, 0.8))
    plain: list[_Count] = []
    facilitators: list[_Count] = []
    for m in _windowed(_COUNT, windows, text):
        if any(c.start <= m.start() < c.start + 40 for c in special):
            continue
        count = _count_of(m, text, demonym_words)
        if count is None:
            continue
        (facilitators if m.group("noun").lower() in _FACILITATORS else plain).append(count)
    candidates = sorted(special + _summed(sorted(plain, key=lambda c: c.start), text), key=lambda c: c.start)
    own = [c for c in candidates if _not_own_total(text, c) is None]
    if rules.on(SUBGROUP_COUNT):
        # "15 officiers ... Quatre femmes officiers ont pris part": the women are a part of a larger count.
        own = [c for c in own if not (_WOMEN_IN_COUNT.search(text, c.start, c.end)
                                      and any((o.total or 0) > (c.total or 0) for o in own))]
    if exact is not None:  # every stated count, own or not: a headline total must agree with all of them
        exact.extend(c.total for c in candidates if not c.approximate and c.total is not None)
    if not own:
        # Trainers are the audience only of a training of trainers: "50 master trainers were trained".
        # Trainers a course is for are its trainees too; not those the text says gave it ("delivered by
        # the 6 trainers from SMS").
        candidates = [c for c in facilitators if _trainers_trained(text, c)]
        own = [c for c in candidates if _not_own_total(text, c) is None]
    female = _women(text, windows)
    if not own:
        return Participants(None, female, bool(candidates) and all(c.approximate for c in candidates), ())
    first = own[0]
    evidence = text[slice(*_sentence_span(text, first.start, first.end))].strip()
    stated = [c for c in own if not c.approximate and c.total is not None]
    if rules.on(TOTAL_AND_PARTS) and len(stated) >= 3:
        whole = max(stated, key=lambda c: c.total or 0)
        if whole.total == sum(c.total or 0 for c in stated if c is not whole):
            # "The 24 participants included 13 officials, eight health workers and three doctors": the parts
            # add up to the one count, which is the total.
            return _the_total(text, whole, female)
    said_total = {c.total: c for c in stated if _SAID_TOTAL.search(text, max(0, c.start - 20), c.end + 15)
                  and not _ANOTHER_EVENT.match(text, _sentence_span(text, c.start, c.end)[0])}
    if rules.on(STATED_TOTAL) and len(said_total) == 1:
        # "had 37 participants in total" after "about 250 officials were present" at its opening: the
        # text says which count is the whole.
        return _the_total(text, next(iter(said_total.values())), female)
    if rules.on(DISAGREEING_COUNTS) and len({c.total for c in own if not c.approximate}) > 1:
        # Two different head-counts of attendees: which one is this event's is not stated unambiguously.
        return Participants(None, female, False, first.demonyms, evidence, 0.0)
    if first.approximate:
        return Participants(None, None, True, first.demonyms, evidence, 0.0)
    if rules.on(ONE_OF_SEVERAL) and _one_of_several(text, first):
        return Participants(None, female, False, first.demonyms, evidence, 0.0)
    if rules.on(MULTI_EVENT_COUNT) and _SEVERAL_EVENTS.search(evidence):
        return Participants(None, female, False, first.demonyms, evidence, 0.0)
    if (rules.on(ONE_COUNTRY_OF_SEVERAL) and len(first.demonyms) == 1
            and any(c.demonyms and c.demonyms != first.demonyms for c in own[1:])):
        return Participants(None, female, False, first.demonyms, evidence, 0.0)  # one country's officers
    if rules.on(UNREPORTED_COUNT) and first.confidence < _MIN_CONFIDENCE:
        return Participants(None, female, False, first.demonyms, evidence, first.confidence)
    split_female = first.female if first.female else None
    return Participants(first.total, split_female if split_female is not None else female, False,
                        first.demonyms, evidence, first.confidence)


def _trainers_trained(text: str, c: _Count) -> bool:
    sentence = text[slice(*_sentence_span(text, c.start, c.end))]
    return (bool(folding.search(_TOOK_PART, sentence) or _for_a_course(text, sentence, c.start))
            and not _GIVEN_BY.search(text, max(0, c.start - 40), c.start))


def _the_total(text: str, whole: _Count, female: int | None) -> Participants:
    """The event's head-count from the one count the text shows to be the whole, with its sentence."""
    evidence = text[slice(*_sentence_span(text, whole.start, whole.end))].strip()
    return Participants(whole.total, female, False, whole.demonyms, evidence, whole.confidence)


def _women(text: str, windows: list[tuple[int, int]]) -> int | None:
    found = _windowed(_WOMEN, windows, text)
    if not found:
        return None
    m = found[0]
    raw = m.group("a") or m.group("b")
    if is_approximate(text[:m.start()]):
        return None
    return parse_number(raw)
