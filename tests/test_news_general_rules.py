"""The general rules added for releases nobody tuned on (issue 11), each on short texts written for the
purpose: funding phrases and country donors, audience words, counts that are not the event's own, number
words, statements and publication stamps."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.model.donors import DonorRegistry
from dashboard.news.extract import extract_record
from dashboard.news.item import NewsItem
from dashboard.news.rules import activity, audience, dates, organisations
from dashboard.news.rules.numbers import is_approximate, parse_number

NO_DEMONYMS: frozenset[str] = frozenset()


@pytest.mark.parametrize(("text", "donor"), [
    ("The course was possible thanks to the generous contribution of the Government of Japan.",
     "Government of Japan"),
    ("It ran through the financial support of the European Union, IOM said.", "European Union"),
    ("La formation, financée par les Etats-Unis, a duré trois jours.", "Government of the United States"),
    ("Grâce à l’appui financier de l’Union européenne, l’OIM a formé des agents.", "European Union"),
    ("El taller se realizó con fondos del Gobierno de Canadá.", "Government of Canada"),
    ("The workshop was funded by Sweden.", "Government of Sweden"),
    ("With support from the Korean Government, IOM trained officers.", "Government of the Republic of Korea"),
    ("A USD 2 million grant from Japan pays for the centre.", "Government of Japan"),
])
def test_funding_phrases_name_the_donor(text: str, donor: str) -> None:
    assert organisations.donors(text, DonorRegistry.from_reference()) == [donor]


def test_money_sought_and_co_implementers_are_no_donors() -> None:
    registry = DonorRegistry.from_reference()
    assert organisations.donors("The mission is a first step towards securing funds from the UN "
                                "Peacebuilding Fund.", registry) == []
    assert organisations.donors("The conference is supported by IOM and UNHCR.", registry) == []
    assert organisations.donors("Funded by Korean partners, the fair opened.", registry) == []


@pytest.mark.parametrize(("sentence", "group"), [
    ("The workshop brought together 30 members of parliament.", "government officials"),
    ("Twenty staff of the Embassy of Peru took part in the training.", "government officials"),
    ("The training equipped port security officers with new skills.", "border and law enforcement"),
    ("Court clerks and paralegals attended the course.", "justice sector"),
    ("Healthcare workers were trained on screening.", "health workers"),
    ("The course strengthened the skills of community-based organisations.", "civil society"),
    ("IOM handed out hygiene kits in the camp to 300 displaced families.", "migrants and displaced people"),
    ("Bloggers and radio presenters took part in the session.", "media"),
    ("The meeting gathered UN Resident Coordinators from the region.", "UN and IOM staff"),
])
def test_audience_words_of_the_vocabulary(sentence: str, group: str) -> None:
    found, evidence = audience.audience("", [sentence], None)
    assert group in found and evidence == sentence


@pytest.mark.parametrize("text", [
    "The national committee, made up of 43 directors, was inaugurated on Monday.",
    "It follows on from the first roundtable, which gathered 50 representatives.",
    "Five workshops were held with 20 participants each.",
    "IOM trained 25 officers in Accra. In Kumasi, 40 officers took part in a second course.",
    "Of the trainees, 12 of the participants were women.",
])
def test_counts_that_are_not_the_events_own_total(text: str) -> None:
    assert activity.participants(text, NO_DEMONYMS).total is None


def test_a_stated_total_in_french_and_spanish_is_kept() -> None:
    french = "Cinquante mobilisateurs communautaires ont pris part à un atelier d’une semaine."
    spanish = "El curso reforzó los conocimientos de 25 operadores en frontera."
    assert activity.participants(french, NO_DEMONYMS).total == 50
    assert activity.participants(spanish, NO_DEMONYMS).total == 25


@pytest.mark.parametrize(("words", "value"), [
    ("quatre-vingt-dix", 90), ("soixante-et-onze", 71), ("treinta y cinco", 35), ("doscientos", 200),
])
def test_number_words_are_valued_by_their_language(words: str, value: int) -> None:
    assert parse_number(words) == value


@pytest.mark.parametrize("hedge", ["fewer than", "an estimated", "moins de", "hasta", "jusqu’à"])
def test_bounds_and_estimates_are_approximate(hedge: str) -> None:
    assert is_approximate(f"the course reached {hedge} ")


def test_ranges_with_an_article_after_the_joining_word() -> None:
    found = dates.event_dates("El curso tuvo lugar entre el 5 y el 8 de agosto de 2024.", None)
    assert (found[0].start, found[0].end) == (dt.date(2024, 8, 5), dt.date(2024, 8, 8))


@pytest.mark.parametrize("headline", [
    "IOM Warns of Rising Deaths on the Central Mediterranean Route",
    "New Report Shows Remittances to the Region Fell in 2023",
    "Según datos de la OIM, las llegadas aumentaron en 2019",
])
def test_statements_and_figures_releases_are_no_activity(headline: str) -> None:
    assert activity.is_statement(headline, "A workshop was held last year on the same topic.")


def test_a_publication_stamp_does_not_date_the_event() -> None:
    text = ("Border chiefs meet in Sarajevo\nDate Publish:\nWednesday, May 22, 2019\n"
            "IOM held the ninth coordination meeting of border police directors on 17 May 2019 in Sarajevo, "
            "Bosnia and Herzegovina, bringing together 12 directors.")
    record = extract_record(NewsItem(source="t.txt", text=text, title="Border chiefs meet in Sarajevo"),
                            DonorRegistry.from_reference())
    assert record["start_date"] == "2019-05-17"


def test_a_facility_inaugurated_is_a_launch_and_the_headline_kind_wins_over_a_side_act() -> None:
    assert activity.activity_type("", "A migrant reception centre was inaugurated on 3 May.") == "launch"
    assert activity.activity_type(
        "Immigration Officers Receive a Boat Handling Course",
        "A rescue boat was handed over to the immigration service. Five officers then followed the course.",
    ) == "training"
