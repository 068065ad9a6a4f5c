"""The extraction rules one by one, on short texts written for the purpose."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.model.donors import DonorRegistry
from dashboard.news.boilerplate import split_scraped_text, strip_boilerplate_lines
from dashboard.news.gazetteer import find_city, locate
from dashboard.news.rules import activity, dates, organisations, places, themes
from dashboard.news.rules.numbers import is_approximate, parse_number

# --- numbers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("28", 28), ("1,200", 1200), ("twenty-eight", 28), ("A hundred and thirty-six", 136), ("seventeen", 17),
    ("one hundred and five", 105), ("vingt-cinq", 25), ("trois", 3), ("ciento veinte", 120),
    ("veinticinco", 25), ("dos", 2),
])
def test_numbers_in_digits_and_words(text: str, value: int) -> None:
    assert parse_number(text) == value


def test_not_a_number() -> None:
    assert parse_number("officers") is None
    assert parse_number("") is None


def test_hedges_make_a_count_approximate() -> None:
    assert is_approximate("attended by over ")
    assert is_approximate("gathered more than ")
    assert is_approximate("réunit plus de ")
    assert not is_approximate("drew ")


# --- boilerplate ----------------------------------------------------------------------------------------

MENU_PAGE = """-
Who we are
WHO WE AREAn organization that works on migration.
About
About
- Data and Research
Border Officials Trained in Document Examination
Lusaka – Twenty border officials took part in a two-day training on document examination organized by IOM.
The course closed with a practical test.
For further information please contact the press office.
Share this
"""


def test_menu_and_footer_are_dropped_headline_kept() -> None:
    headline, body = split_scraped_text(MENU_PAGE)
    assert headline == "Border Officials Trained in Document Examination"
    assert body.startswith("Lusaka – Twenty border officials")
    assert "Who we are" not in body and "press office" not in body and "Share" not in body


def test_page_starting_with_prose_has_no_headline() -> None:
    text = ("Geneva – A long paragraph that starts the story straight away, without any headline line, and "
            "goes on for well over a hundred characters.")
    headline, body = split_scraped_text(text)
    assert headline is None
    assert body.startswith("Geneva –")


def test_date_lines_stay_in_body_for_extraction() -> None:
    headline, body = split_scraped_text("Officials Trained on Migration Data\nDate: Feb 20, 2020\n\n"
                                        "Dhaka – IOM held a two-day training for officials on migration data "
                                        "and statistics in the capital.")
    assert headline == "Officials Trained on Migration Data"
    assert body.splitlines()[0] == "Date: Feb 20, 2020"


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    text = ("Training Held for Police\n\nTogether with the Ministry of Interior, the national police\n"
            "and the embassy, IOM is running two follow-up workshops for\n"
            "50 police officers on the identification of victims of\n"
            "trafficking and on referral to protection services.\n")
    headline, body = split_scraped_text(text)
    assert headline == "Training Held for Police"
    assert "workshops for 50 police officers" in body


def test_strip_boilerplate_lines_for_html_text() -> None:
    kept = strip_boilerplate_lines(["Home", "Share this", "A real sentence of the story.", "Facebook"])
    assert kept == ["A real sentence of the story."]


# --- places ---------------------------------------------------------------------------------------------

def test_demonyms_come_from_a_maintained_source() -> None:
    dem = places.demonyms()
    assert dem["thai"] == "THA" and dem["malaysian"] == "MYS" and dem["zimbabwean"] == "ZWE"
    assert "congolese" not in dem or dem["congolese"] in {"COD", "COG"}


def test_country_mentions_names_and_demonyms() -> None:
    found = [(m.iso3, m.demonym) for m in places.country_mentions(
        "Officials from the Lao People’s Democratic Republic met Vietnamese counterparts in Viet Nam.")]
    assert found == [("LAO", False), ("VNM", True), ("VNM", False)]


def test_city_inside_a_country_name_is_not_the_country() -> None:
    # "Port of Spain" is in Trinidad and Tobago; GeoNames knows the city, the dateline gives it.
    dateline = places.parse_dateline("Port of Spain - On 9 February the training began for officials of "
                                     "the ministry of labour and of the attorney general's office.")
    assert dateline is not None and dateline.countries == ("TTO",)


def test_dateline_with_country_and_date() -> None:
    dateline = places.parse_dateline("Suva, Fiji, 25 November 2020 – Over the past three months officials "
                                     "from across the region met to discuss climate mobility.")
    assert dateline is not None
    assert dateline.countries == ("FJI",)
    assert dateline.date_part == "25 November 2020"


def test_gazetteer_prefers_the_given_country_and_flags_centroids() -> None:
    city = find_city("Hat Yai", ("THA",))
    assert city is not None and city.iso3 == "THA"
    located = locate("Hat Yai", ["THA"])
    assert located is not None and located.precision == "city"
    assert locate("Nowhere-on-earth", ["THA"]) is None
    centroid = locate("Nowhere-on-earth", ["THA"], fallback_to_country=True)
    assert centroid is not None and centroid.precision == "country" and centroid.iso3 == "THA"
    assert locate(None, []) is None


def test_namesake_city_in_the_story_country_wins() -> None:
    assert find_city("San Jose", ("USA", "CRI")).iso3 == "CRI"  # a capital before a namesake
    assert find_city("San Jose", ("USA",)).iso3 == "USA"


# --- dates ----------------------------------------------------------------------------------------------

def test_range_in_one_month() -> None:
    found = dates.event_dates("The course ran from 7 to 10 November 2023 in the region.", None)[0]
    assert (found.start, found.end, found.day_span) == (dt.date(2023, 11, 7), dt.date(2023, 11, 10), 4)


def test_month_first_dates_and_ordinals() -> None:
    found = dates.event_dates("On February 9th, 2023, IOM gave a one-day training.", None)[0]
    assert found.start == found.end == dt.date(2023, 2, 9)


def test_no_year_stated_keeps_only_the_phrase() -> None:
    found = dates.event_dates("IOM organized this week (1-2/11) a training.", None)[0]
    assert found.start is None and found.text == "this week (1-2/11)" and found.day_span == 2


def test_year_from_the_release_date_only_when_close() -> None:
    near = dates.event_dates("held last week (25/4 – 27/4) in the south", dt.date(2017, 5, 6))[0]
    assert (near.start, near.end) == (dt.date(2017, 4, 25), dt.date(2017, 4, 27))
    far = dates.event_dates("held on 25 April in the south", dt.date(2017, 12, 6))[0]
    assert far.start is None


def test_year_turn_looks_back() -> None:
    found = dates.event_dates("the workshop held last week (29-30/12)", dt.date(2024, 1, 4))[0]
    assert found.start == dt.date(2023, 12, 29)


def test_ordinal_day_of_month() -> None:
    found = dates.event_dates("held on the 31st of January and 1st of February 2023 in Zamiin-Uud", None)[0]
    assert (found.start, found.end, found.day_span) == (dt.date(2023, 1, 31), dt.date(2023, 2, 1), 2)


def test_dateline_with_a_date_in_brackets() -> None:
    dateline = places.parse_dateline("Mamou, Guinée (28/04/2016) – L’OIM a organisé ce dimanche 24 avril une "
                                     "séance d’information pour les jeunes de la ville.")
    assert dateline is not None and dateline.countries == ("GIN",) and dateline.date_part == "28/04/2016"


def test_french_and_spanish_dates() -> None:
    fr = dates.event_dates("organisé du 7 au 9 novembre 2023 à Niamey", None)[0]
    es = dates.event_dates("se realizó del 7 al 8 de marzo de 2024", None)[0]
    assert (fr.start, fr.end) == (dt.date(2023, 11, 7), dt.date(2023, 11, 9))
    assert (es.start, es.end) == (dt.date(2024, 3, 7), dt.date(2024, 3, 8))


@pytest.mark.parametrize(("line", "expected"), [
    ("Date: Feb 20, 2020", dt.date(2020, 2, 20)), ("09/28/2018", dt.date(2018, 9, 28)),
    ("Tue, 11/24/2020 - 17:15", dt.date(2020, 11, 24)), ("27 Nov 2023", dt.date(2023, 11, 27)),
    ("(Sarajevo, 20th August 2019)", dt.date(2019, 8, 20)), ("13 – 15 June 2018", None),
    # Day first when the first number cannot be a month, as French and Spanish sites print it.
    ("Guinée (28/04/2016)", dt.date(2016, 4, 28)), ("31/13/2016", None),
])
def test_publication_dates(line: str, expected: dt.date | None) -> None:
    assert dates.parse_single_date(line) == expected


# --- activity -------------------------------------------------------------------------------------------

def test_thai_and_malaysian_officers_add_up() -> None:
    found = activity.participants("where 15 Thai and 11 Malaysian immigration officers were trained",
                                  frozenset(places.demonyms()))
    assert found.total == 26 and set(found.demonyms) == {"Thai", "Malaysian"}


def test_male_and_female_participants() -> None:
    found = activity.participants("Attending were 19 male and 7 female participants.", frozenset())
    assert (found.total, found.female) == (26, 7)


def test_women_among_participants() -> None:
    found = activity.participants("IOM trained 30 police officers, including 12 women.", frozenset())
    assert (found.total, found.female) == (30, 12)


def test_approximate_count_is_no_count() -> None:
    found = activity.participants("Over 100 people were trained and 55 ministers attended.", frozenset())
    assert found.total is None and found.approximate


def test_years_and_countries_are_not_head_counts() -> None:
    text = "Set up in 2009 because Member States asked, it trained 30 officials from 18 countries."
    assert activity.participants(text, frozenset()).total == 30
    # A count in a sentence that reports no one taking part is withheld.
    assert activity.participants("The centre serves 30 officials.", frozenset()).total is None


def test_number_words_count() -> None:
    assert activity.participants("Taking part were twenty-eight agents.", frozenset()).total == 28
    assert activity.participants("a 10-member delegation visited", frozenset()).total == 10


@pytest.mark.parametrize(("text", "days"), [
    ("a three-day training workshop", 3), ("the two-week course", 14), ("a one-day event", 1),
    ("the 2,5-day trainings", None), ("a three-year regional project", None),
    ("un atelier de trois jours", 3),
    ("un taller de dos días", 2), ("trois jours de formation", 3),
    # A length in a sentence that names no event is another length (a stay, a deadline).
    ("pueden albergar a los migrantes durante un máximo de 60 días", None),
])
def test_duration(text: str, days: int | None) -> None:
    assert activity.duration_days(text) == days


@pytest.mark.parametrize(("headline", "lede", "kind"), [
    ("", "A three-day workshop in Hat Yai, where officers were trained in border management.", "training"),
    ("", "A workshop on shelter management was organized by IOM and the ministry.", "workshop"),
    ("", "A new training manual is to be launched in Vienna this week.", "launch"),
    ("", "A five-day training programme was launched on 13 March.", "training"),
    ("", "The keys to two new vans were handed over to the service.", "handover"),
    ("", "An agreement to develop an online course was signed this week.", "other"),
    ("", "IOM has begun distributing relief items to displaced families.", "distribution"),
    ("", "A six-month information campaign has been launched.", "campaign"),
    ("", "IOM today launched a nationwide awareness campaign on irregular migration.", "campaign"),
    ("", "A webinar on climate mobility brought together 80 officials.", "workshop"),
    ("Training to Raise Awareness", "IOM is running two awareness workshops for officials.", "training"),
])
def test_activity_type(headline: str, lede: str, kind: str) -> None:
    assert activity.activity_type(headline, lede) == kind


def test_quoted_titles_are_not_events() -> None:
    lede = "A meeting closed the “Frontline training for guards” project."
    assert activity.activity_type("", lede) == "meeting"


def test_statements() -> None:
    assert activity.is_statement("IOM Urges Investigation into Shipwreck", "")
    assert activity.is_statement("Statement of the Director General to the Council", "")
    assert activity.is_statement("IOM Condemns Attack on Migrant Shelter", "")
    assert not activity.is_statement("Border Officials Trained", "IOM held a training.")


# --- organisations and themes ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def registry() -> DonorRegistry:
    return DonorRegistry.from_reference()


@pytest.mark.parametrize(("text", "expected"), [
    ("The course was funded by the European Union and the Government of Japan.",
     ["European Union", "Government of Japan"]),
    ("Funding for the programme comes from the European Union (EU) and the German Federal Ministry for "
     "Economic Cooperation and Development (BMZ).",
     ["European Union", "German Federal Ministry for Economic Cooperation and Development (BMZ)"]),
    ("It is part of the European Union-funded programme.", ["European Union"]),
    ("supported by the Bureau of Internal Narcotics and Law Enforcement Affairs (INL), U.S. Department of "
     "State.",
     ["Bureau of International Narcotics and Law Enforcement Affairs (INL), U.S. Department of State"]),
    ("cofinancé par l'Union européenne et placé sous la coordination de la GIZ.", ["European Union"]),
    ("financiado por la Unión Europea.", ["European Union"]),
    ("IOM and British Government officials will hold a workshop.", []),
    ("The Government of Japan has contributed USD 2 million to the response.", ["Government of Japan"]),
    ("with technical support from IOM.", []),
])
def test_donors(text: str, expected: list[str], registry: DonorRegistry) -> None:
    assert organisations.donors(text, registry) == expected


def test_unknown_funder_keeps_the_name_the_text_gives(registry: DonorRegistry) -> None:
    found = organisations.donors("The workshop was funded by the Ruritanian Development Agency.", registry)
    assert found == ["Ruritanian Development Agency"]


def test_partners_and_programmes() -> None:
    text = ("Working together with the Thai Immigration Bureau, IOM held a workshop under the Better "
            "Migration Management (BMM) Programme and the project “Safe Borders for All”.")
    assert organisations.partners(text, []) == ["Thai Immigration Bureau"]
    assert organisations.programmes(text) == ["Safe Borders for All",
                                              "Better Migration Management (BMM) Programme"]


def test_themes_weigh_headline_and_lede() -> None:
    found = themes.themes("Border Officials Trained on Trafficking",
                          "Border guards learned to identify victims of trafficking at border crossings. "
                          "A passing remark on climate.")
    assert found[:2] == ["counter-trafficking", "border management"] or set(found[:2]) == {
        "counter-trafficking", "border management"}
    assert "climate and environment" not in found


def test_people_by_their_noun_ending_but_not_things() -> None:
    found = activity.participants("brought together 32 statisticians from four countries", frozenset())
    assert found.total == 32
    assert activity.participants("Eight workshops training trainers are planned.", frozenset()).total is None
    assert activity.participants("across 12 borders and 3 centers", frozenset()).total is None


def test_dateline_with_agency_tag() -> None:
    dateline = places.parse_dateline("Addis Ababa (IOM) – A two-day regional workshop on migration data "
                                     "brought together statisticians from four countries.")
    assert dateline is not None and dateline.countries == ("ETH",)


def test_spanish_and_french_government_donors(registry: DonorRegistry) -> None:
    assert organisations.donors("La OIM realizó un taller, con el apoyo del Gobierno de Canadá.",
                                registry) == ["Government of Canada"]
    french = organisations.donors("avec le soutien du Gouvernement du Japon.", registry)
    assert french == ["Government of Japan"]


def test_programme_names_not_job_titles_nor_sentences() -> None:
    text = ("Funding for the BMM programme comes from the EU. Project Officer Jane Doe led the "
            "Access, Support and Coordination (ASC) Programme, said the Regional Project Manager.")
    assert organisations.programmes(text) == ["Access, Support and Coordination (ASC) Programme"]


def test_partners_split_after_acronyms_and_skip_iom_offices() -> None:
    text = ("Together with ESCAP, the International Labour Organization (ILO) and the Platform on Disaster "
            "Displacement (PDD), IOM held talks. In partnership with IOM's Regional Office and the Guinean "
            "authorities, it ran a campaign.")
    assert organisations.partners(text, []) == [
        "ESCAP", "International Labour Organization (ILO)", "Platform on Disaster Displacement (PDD)"]


def test_programme_after_a_colon_and_not_the_funder() -> None:
    text = ("support from IOM Development Fund (IDF) project: Comprehensive Border Assessments in Zimbabwe, "
            "said the IOM Libya programme officer.")
    assert organisations.programmes(text) == ["Comprehensive Border Assessments in Zimbabwe"]


def test_trainers_are_not_the_participants() -> None:
    found = activity.participants("Three trainers taught 25 border officers; 23 experts spoke.", frozenset())
    assert found.total == 25
    # Experts who lead are not the audience; trainers are only in a training of trainers.
    assert activity.participants("Four experts from IOM led the course.", frozenset()).total is None
    assert activity.participants("50 master trainers were trained.", frozenset()).total == 50


def test_counts_that_are_not_the_events_own_total_are_withheld() -> None:
    def total(text: str) -> int | None:
        return activity.participants(text, frozenset()).total

    assert total("Since 2015, 3,000 officers have been trained. The course gathered 25 officers.") == 25
    assert total("The programme aims to train 963 officials. This session trained 50 officials.") == 50
    assert total("These trainers will go on to train 1,250 officials.") is None
    assert total("The 30 participants, including 12 women, took part.") == 30
    assert total("Taking part were 20 police officers, six social workers and five prosecutors.") == 31
    assert total("Over 100 officials attended.") is None
    assert total("Workshops in three provinces trained 90 and 60 officials respectively.") is None


def test_date_ranges_across_months_and_years_from_a_neighbouring_phrase() -> None:
    import datetime as dt

    found = dates.event_dates("from November 28 to December 2, 2023 in Accra", None)
    assert (found[0].start, found[0].end) == (dt.date(2023, 11, 28), dt.date(2023, 12, 2))
    assert found[0].day_span == 5
    found = dates.event_dates("Launched on 10 May in Bamako. It ran from 10 May to 15 June 2022.", None)
    assert found[0].start == dt.date(2022, 5, 10)
    # Two dated phrases of different years leave a yearless date without one.
    found = dates.event_dates("on 3 March; earlier, 1 March 2021 and 2 March 2022", None)
    assert found[0].start is None


def test_a_paragraph_opening_with_a_date_range_keeps_it_as_the_date() -> None:
    from dashboard.news.boilerplate import DATELINE

    assert DATELINE.match("From 23 – 27 May 2022 in Pattaya, IOM hosted a training.") is None
    assert DATELINE.match("Pattaya – From 23 to 27 May 2022 IOM hosted a training.") is not None


@pytest.mark.parametrize(("sentence", "expected"), [
    # Staff named by the body they serve.
    ("Officers from border police forces and migration officers took part in the exercise.",
     ["border and law enforcement"]),
    ("La capacitación reunirá a 50 funcionarios de migración de siete países.",
     ["border and law enforcement"]),
    # Bare "officials" next to a named service are those same people, not a second audience.
    ("Officials trained: 32 frontline officers from the Immigration Departments took part.",
     ["border and law enforcement"]),
    ("The meeting gathered representatives of ministries, prosecutors and journalists.",
     ["government officials", "justice sector", "media"]),
    # A funder is not an audience; nor are the NGO partners who run the event.
    ("With support from the Government of Japan, the training reached 40 students.", ["youth and students"]),
    ("IOM and NGO partners trained 30 community health workers.", ["health workers"]),
    ("Des juges et des procureurs ont participé à l'atelier.", ["justice sector"]),
])
def test_audience_vocabulary(sentence: str, expected: list[str]) -> None:
    from dashboard.news.rules.audience import audience

    assert audience("", [sentence], None)[0] == expected


def test_listed_days_start_at_the_first_and_last_as_many_days() -> None:
    found = dates.event_dates("Les 6, 8 et 10 décembre 2018, des représentants se sont réunis.", None)
    assert (found[0].start, found[0].end) == (dt.date(2018, 12, 6), dt.date(2018, 12, 10))
    assert found[0].day_span == 3
    # A run of days keeps its span.
    assert dates.event_dates("del 7 al 10 de noviembre de 2023", None)[0].day_span == 4
    # Two days joined by "and" are two days; "between ... and" is a run.
    assert dates.event_dates("Two groups flew home on 18 and 27 August 2017.", None)[0].day_span == 2
    assert dates.event_dates("The course ran between 5 and 8 March 2019.", None)[0].day_span == 4


def test_a_range_in_the_dateline_dates_the_event(registry: DonorRegistry) -> None:
    from dashboard.news.extract import extract_record
    from dashboard.news.item import NewsItem

    body = ("Ashgabat, April 12-13 2022 - In partnership with the Ministry of Foreign Affairs, IOM held a "
            "two-day training for 25 officials on migration data.")
    record = extract_record(NewsItem(source="t", text=f"Training on migration data\n{body}",
                                     title="Training on migration data"), registry)
    assert record["start_date"] == "2022-04-12"


def test_funding_trigger_is_tried_wherever_it_can_match() -> None:
    """The funding trigger runs only where its anchors occur (for speed): on every text at hand, the anchored
    scan finds exactly what a full scan finds."""
    from dashboard.news.rules import folding, organisations

    texts = [
        "The course was possible thanks to the generous contribution of the Government of Japan.",
        "It ran through the financial support of the European Union. A USD 2 million grant from Japan.",
        "La formation, financée par les Etats-Unis. Grâce à l’appui financier de l’Union européenne.",
        "El taller se realizó con fondos del Gobierno de Canadá,",
        "gracias a la generosa contribución de Japón.",
        "Co-funded by Sweden; seed funding from the IDF; funds provided from Norway; €3 million from Italy.",
        "The kits were provided by USAID. Les équipements fournis par le Japon. Auspiciado por la UE.",
        "Funding for the centre comes from Korea, under a grant from Canada, sur financement de la Suisse.",
    ]
    texts += _texts_at_hand()
    pattern = organisations._FUNDING_TRIGGER_LOWER
    for text in (t.lower() for t in texts):
        anchored = folding.anchored_finditer(pattern, organisations.FUNDING_ANCHORS, text)
        assert [m.span() for m in anchored] == [m.span() for m in pattern.finditer(text)]


def _texts_at_hand() -> list[str]:
    """The shared corpus when it is beside the checkout, and the project's own labelled releases."""
    here = Path(__file__).resolve()
    own = here.parent / "fixtures" / "news_eval"
    folders = [here.parents[2] / "shared" / "corpus" / "news", *own.iterdir()]
    return [p.read_text(encoding="utf-8") for folder in folders if folder.is_dir()
            for p in sorted(folder.glob("*.txt"))]


def test_first_letter_dispatch_finds_what_the_plain_alternation_finds() -> None:
    """Themes, audience words and event words are matched with each word tried only where its first letter
    is (for speed): on every text at hand, the same spans in the same groups as one plain alternation."""
    import re

    from dashboard.news.rules import activity, audience, folding, themes

    toy, toy_names = folding.first_char_dispatch({"a": r"border\s+police|[a-z]+\s+guards?",
                                                  "b": r"\w+ports?"})
    assert [toy_names[m.lastgroup or ""] for m in toy.finditer("border police, coast guards, airports")] \
        == ["a", "a", "b"]
    vocabularies = [({k: v.lower() for k, v in themes._THEME_WORDS.items()}, "", themes._PATTERN,
                     themes._GROUPS),
                    ({k: v.lower() for k, v in audience._WORDS.items()}, r"(?![\w-])", audience._PATTERN,
                     audience._GROUPS),
                    ({k: v.lower() for k, v in activity._TYPE_WORDS.items()}, r"(?![\w-])", activity._TYPE_RE,
                     activity._TYPE_OF_GROUP)]
    texts = [t.lower() for t in _texts_at_hand()]
    for words, suffix, dispatched, names in vocabularies:
        plain_names = {f"p{i}": name for i, name in enumerate(words)}
        alternatives = [f"(?P<p{i}>(?:{w}){suffix})" for i, w in enumerate(words.values())]
        plain = re.compile(r"\b(?:" + "|".join(alternatives) + ")")
        for text in texts:
            assert [(m.span(), names[m.lastgroup or ""]) for m in dispatched.finditer(text)] \
                == [(m.span(), plain_names[m.lastgroup or ""]) for m in plain.finditer(text)]
