"""Whole releases -> activity records: the tricky cases of issue 3 on short texts written for the tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model.donors import DonorRegistry
from dashboard.news.extract import extract_record
from dashboard.news.item import LIST_KEYS, RECORD_KEYS, NewsItem

FIXTURES = Path(__file__).parent / "fixtures" / "news_text"


@pytest.fixture(scope="module")
def registry() -> DonorRegistry:
    return DonorRegistry.from_reference()


def extract(text: str, registry: DonorRegistry, **kwargs: Any) -> dict[str, Any]:
    return extract_record(NewsItem(source="test.txt", text=text, **kwargs), registry)


def test_record_has_exactly_the_contract_keys(registry: DonorRegistry) -> None:
    record = extract("Nothing to see\nJust a line.", registry)
    assert tuple(record) == RECORD_KEYS
    for key in LIST_KEYS:
        assert isinstance(record[key], list)
    assert record["source"] == "test.txt"


def test_dateline_city_in_a_country_the_dateline_does_not_name(registry: DonorRegistry) -> None:
    record = extract("Coast Guards Trained\nMombasa – IOM held a three-day training for 24 coast guard "
                     "officers from 12 to 14 March 2024 on maritime border management.", registry)
    assert record["countries"] == ["KEN"] and record["city"] == "Mombasa"
    dates = (record["start_date"], record["end_date"], record["duration_days"])
    assert dates == ("2024-03-12", "2024-03-14", 3)
    assert record["participants"] == 24


def test_headquarters_dateline_gives_way_to_the_place_in_the_headline(registry: DonorRegistry) -> None:
    record = extract("IOM Distributes Relief Items to Displaced Families in Yemen\nGeneva – IOM has begun "
                     "distributing blankets and hygiene kits to displaced families, its staff said today.",
                     registry)
    assert record["is_activity"] and record["activity_type"] == "distribution"
    assert record["countries"] == ["YEM"]


def test_participants_from_several_countries(registry: DonorRegistry) -> None:
    record = extract("Regional Training of Trainers Held\nArusha, Tanzania – IOM delivered a training of "
                     "trainers to 17 border officials coming from Djibouti, Ethiopia and Kenya.", registry)
    assert record["countries"] == ["TZA"]
    assert record["participant_countries"] == ["DJI", "ETH", "KEN"]
    assert record["participants"] == 17


def test_fifteen_thai_and_eleven_malaysian_officers(registry: DonorRegistry) -> None:
    record = extract("Officers Trained Across the Border\nHat Yai – IOM held a three-day workshop last week "
                     "where 15 Thai and 11 Malaysian immigration officers were trained in border management.",
                     registry)
    assert record["participants"] == 26
    assert set(record["participant_countries"]) == {"THA", "MYS"}
    assert record["countries"] == ["THA"] and record["activity_type"] == "training"


def test_no_year_stated_keeps_the_phrase_only(registry: DonorRegistry) -> None:
    record = extract("Consular Officials Trained on Crisis Response\nBangkok – IOM is organizing a one-day "
                     "workshop this week (3/10) for 40 consular officials. The training covers evacuations.",
                     registry)
    assert record["start_date"] is None and record["end_date"] is None
    assert record["date_text"] == "this week (3/10)"
    assert record["duration_days"] == 1


def test_year_from_the_publication_date(registry: DonorRegistry) -> None:
    record = extract("Consular Officials Trained\nBangkok – IOM organized a workshop this week (4-5/10) for "
                     "40 consular officials.", registry, published=dt.date(2021, 10, 8))
    assert (record["start_date"], record["end_date"]) == ("2021-10-04", "2021-10-05")
    assert record["published_date"] == "2021-10-08"


def test_several_donors_in_canonical_form(registry: DonorRegistry) -> None:
    record = extract("Border Training Held\nLusaka – IOM trained 20 officers on 2 May 2023. Funding for the "
                     "course comes from the European Union (EU) and the IOM Development Fund (IDF).",
                     registry)
    assert record["donors"] == ["European Union", "IOM Development Fund"]


def test_not_an_activity(registry: DonorRegistry) -> None:
    record = extract("IOM Urges States to Protect Migrants at Sea\nGeneva – IOM today called on governments "
                     "to save lives at sea after a shipwreck that cost 40 lives.", registry)
    assert record["is_activity"] is False
    assert record["activity_type"] is None and record["countries"] == [] and record["participants"] is None


def test_programme_page_is_not_an_activity(registry: DonorRegistry) -> None:
    record = extract("Building Capacity and Delivering Training in Border Management\nIOM helps States "
                     "strengthen their border management. When governments ask, IOM designs programmes. "
                     "Since 2009 it has trained over 3,500 persons.", registry)
    assert record["is_activity"] is False and record["participants"] is None


def test_number_words_and_hedged_counts(registry: DonorRegistry) -> None:
    words = extract("Social Workers Trained\nAccra – A hundred and thirty-six social workers took part in a "
                    "series of trainings run by IOM in Ghana.", registry)
    hedged = extract("Workshop Held\nDhaka – Over 100 recruiters attended a two-day workshop organized by "
                     "IOM on 3-4 May 2022.", registry)
    assert words["participants"] == 136
    assert hedged["participants"] is None and hedged["duration_days"] == 2


def test_women_among_participants(registry: DonorRegistry) -> None:
    record = extract("Police Officers Trained\nFreetown – IOM trained 25 police officers, including 10 "
                     "women, on 5 June 2023.", registry)
    assert (record["participants"], record["participants_female"]) == (25, 10)


def test_french_release(registry: DonorRegistry) -> None:
    record = extract("Des agents formés à la gestion des frontières\nNiamey – Un atelier de formation de "
                     "trois jours a été organisé par l'OIM du 7 au 9 novembre 2023 pour vingt-cinq agents "
                     "des "
                     "services frontaliers, financé par l'Union européenne.", registry)
    assert record["activity_type"] == "training" and record["countries"] == ["NER"]
    assert (record["start_date"], record["duration_days"], record["participants"]) == ("2023-11-07", 3, 25)
    assert record["donors"] == ["European Union"]


def test_spanish_release(registry: DonorRegistry) -> None:
    record = extract("Taller sobre protección consular\nSan Salvador – Un taller de dos días se realizó "
                     "del 7 al 8 de marzo de 2024 con 30 funcionarios consulares, financiado por la "
                     "Unión Europea.",
                     registry)
    assert record["activity_type"] == "workshop" and record["countries"] == ["SLV"]
    dates = (record["start_date"], record["end_date"], record["duration_days"])
    assert dates == ("2024-03-07", "2024-03-08", 2)
    assert record["participants"] == 30 and record["donors"] == ["European Union"]


def test_given_fields_win(registry: DonorRegistry) -> None:
    record = extract("Coast Guards Trained\nMombasa – IOM held a training for 24 officers.", registry,
                     title="Given title", url="https://example.org/news/1",
                     given={"participants": 30, "countries": ["TZA"], "themes": None})
    assert record["participants"] == 30 and record["countries"] == ["TZA"]
    assert record["title"] == "Given title" and record["url"] == "https://example.org/news/1"
    assert isinstance(record["themes"], list)


def test_scraped_fixture_with_menu_and_footer(registry: DonorRegistry) -> None:
    from dashboard.news.evaluate import read_text_item

    record = extract_record(read_text_item(FIXTURES / "mombasa-training.txt"), registry)
    assert record["title"] == "Coast Guards and Police Officers Trained on Maritime Border Management"
    assert record["participants"] == 24
    assert record["donors"] == ["European Union", "Government of Japan"]


def test_virtual_event_has_no_place(registry: DonorRegistry) -> None:
    record = extract("Webinar on Climate Mobility Draws Officials\nBangkok – A webinar on climate mobility "
                     "brought together 80 officials from 12 countries on 4 May 2021.", registry)
    assert record["is_activity"] and record["countries"] == [] and record["participants"] == 80


SCRAPS = ["Geneva – ", "on 12-14 May 2023 ", "(3/4) ", "this week ", "15 Thai and 11 Malaysian officers ",
          "funded by the European Union ", "\n", "- Menu\n", "twenty-eight agents ", "Date: 09/28/2018\n",
          "«Projet»", "“quoted title” ", "over 100 ", "A three-day workshop ", "Statement ", "2,5-day "]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(SCRAPS), st.text(max_size=40)), max_size=25))
def test_any_text_gives_a_record_never_an_error(registry: DonorRegistry, parts: list[str]) -> None:
    record = extract("".join(parts), registry)
    assert tuple(record) == RECORD_KEYS
    assert record["participants"] is None or record["participants"] >= 0
    assert record["start_date"] is None or dt.date.fromisoformat(record["start_date"])


@pytest.mark.parametrize(("text", "city"), [
    ("Border Officials Trained\nKilimanjaro, Tanzania – IOM delivered a three-day course to 17 border "
     "officials from neighbouring countries.", "Kilimanjaro"),
    ("Document Fraud Training Launched\nOn 18 July IOM started a training for border officers. Held in "
     "Tbilisi, Kutaisi and Batumi, the trainings reach staff from all crossing points in Georgia.", None),
    ("Headquarters Opened in Somaliland\nSomalia - A new immigration building in the capital Hargeisa was "
     "inaugurated by IOM.", "Hargeisa"),
    ("Study Tour Held\nVietnamese officials met their counterparts in the Philippines, sharing ways of "
     "combating trafficking in Asia.", None),
])
def test_city_as_written_and_only_when_one(registry: DonorRegistry, text: str, city: str | None) -> None:
    assert extract(text, registry)["city"] == city


def test_french_dateline_with_date_is_the_publication_not_the_event(registry: DonorRegistry) -> None:
    record = extract("Atelier de validation\nDakar, le 12 avril 2022 – Un atelier de validation de la "
                     "stratégie nationale s'est tenu le 11 avril 2022 avec 60 participants, dont 25 femmes.",
                     registry)
    assert record["countries"] == ["SEN"] and record["published_date"] == "2022-04-12"
    assert record["start_date"] == "2022-04-11"
    assert (record["participants"], record["participants_female"]) == (60, 25)


def test_event_told_after_three_sentences_of_context(registry: DonorRegistry) -> None:
    record = extract("Stronger Borders in the Region\nLusaka – Irregular migration through the region keeps "
                     "rising. Smuggling networks adapt quickly. Officers on the front line need new skills. "
                     "This week IOM trained 30 border officers on document fraud.", registry)
    assert record["is_activity"] and record["activity_type"] == "training" and record["participants"] == 30
