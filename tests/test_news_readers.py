"""Reading news from every input format: scraped text, HTML, RSS, Atom, JSON, JSONL and CSV."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.news.readers import read_news_file, read_news_items, sniff_news_format

FIXTURES = Path(__file__).parent / "fixtures" / "news"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_html_page_keeps_the_story_and_drops_the_site_chrome():
    [item] = read_news_items(FIXTURES / "article_page.html")
    assert item.title == "IOM Trains 25 Border Officials"
    assert item.url == "https://zimbabwe.iom.int/news/x"
    assert item.published == dt.date(2019, 11, 5)
    assert "Harare – IOM trained 25 officials" in item.text
    assert "Funded by the European Union." in item.text
    for chrome in ("Who we are", "Share on Facebook", "Tweet", "Related news", "Copyright", "Privacy",
                   "alert", "evil", "onerror", "color:red"):
        assert chrome not in item.text


def test_html_title_falls_back_to_og_title_then_title(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><head><title>Page title | IOM</title><meta property="og:title" content="OG">'
                    "</head><body><main><p>IOM trained officials in Dakar.</p></main></body></html>")
    assert read_news_items(page)[0].title == "OG"
    page.write_text("<html><head><title>Page title</title></head><body><p>Text of the story.</p></body>"
                    "</html>")
    assert read_news_items(page)[0].title == "Page title"


def test_rss_gives_one_item_per_entry_with_plain_text():
    read = read_news_file(FIXTURES / "feed.rss")
    assert read.format == "feed" and read.records_seen == 2
    first, second = read.items
    assert first.title.startswith("Thai and Malaysian immigration officers")
    assert first.url == "https://thailand.iom.int/news/thai-malaysian-officers-trained"
    assert first.published == dt.date(2017, 5, 6)
    assert "15 Thai and 11 Malaysian officers took part in a two-day training." in first.text
    assert "<" not in first.text and "alert" not in first.text
    assert first.source.endswith("feed.rss#1") and second.source.endswith("feed.rss#2")


def test_atom_entry_title_markup_becomes_text():
    [item] = read_news_items(FIXTURES / "feed.atom")
    assert item.title == "Border officials complete a Training of Trainers"
    assert item.published == dt.date(2023, 11, 14)
    assert "three-day course to 17 border officials" in item.text
    assert "onerror" not in item.text and "alert" not in item.text


def test_feed_is_never_fetched(monkeypatch):
    import urllib.request

    def refuse(*args, **kwargs):
        raise AssertionError("the feed reader tried to open a URL")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    assert len(read_news_items(FIXTURES / "feed.rss")) == 2


def test_json_records_given_fields_and_synthetic_flag():
    read = read_news_file(FIXTURES / "records.json")
    assert read.records_seen == 3
    lao, markup = read.items
    assert lao.synthetic is True and markup.synthetic is False
    assert lao.given["participants"] == 32  # stated by the record: wins over the "30" in the text
    assert lao.given["donors"] == ["Government of Japan"]
    assert lao.given["published_date"] == "2019-03-12" and lao.published == dt.date(2019, 3, 12)
    assert lao.text.startswith("IOM trains 30 labour inspectors in Lao PDR\nVientiane")
    [problem] = read.problems
    assert (problem.record, problem.field, problem.severity) == ("3", "title", "rejected")


def test_jsonl_bad_line_and_bad_given_values_are_reported_not_fatal():
    read = read_news_file(FIXTURES / "records.jsonl")
    assert read.format == "jsonl" and read.records_seen == 4 and len(read.items) == 3
    workshop, french, bad = read.items
    assert workshop.given["is_activity"] is True and workshop.given["activity_type"] == "workshop"
    assert french.given["countries"] == ["DJI"]  # a name becomes ISO3
    assert "participants" not in bad.given and "start_date" not in bad.given and "countries" not in bad.given
    by_field = {(p.record, p.field): p for p in read.problems}
    assert by_field[("line 2", None)].severity == "rejected"
    assert "2023-02-30" in by_field[("line 4", "start_date")].reason
    assert "Atlantis" in by_field[("line 4", "countries")].reason
    assert {p.severity for k, p in by_field.items() if k[0] == "line 4"} == {"flagged"}


def test_csv_records_parse_typed_given_fields_and_skip_empty_cells():
    read = read_news_file(FIXTURES / "records.csv")
    assert read.format == "csv" and read.records_seen == 2
    spanish, second = read.items
    assert spanish.title == "Capacitación consular en Ciudad de Guatemala"
    assert spanish.given["participants"] == 40 and spanish.given["is_activity"] is True
    assert spanish.given["themes"] == ["consular and identity"]
    assert set(second.given) == {"title", "url"}  # empty cells state nothing


def test_scraped_text_splits_headline_from_menus(tmp_path):
    page = tmp_path / "scrape.txt"
    page.write_text("News\nLocal\n\nIOM Trains Border Officials in Niger\n\n"
                    "Niamey, Niger – IOM trained 28 border officials from Niger and Burkina Faso during a "
                    "five-day course on integrated border management funded by Belgium and France.\n")
    [item] = read_news_items(page)
    assert item.title == "IOM Trains Border Officials in Niger"
    assert item.text.startswith("IOM Trains Border Officials in Niger\nNiamey, Niger –")
    assert "Local" not in item.text.split("\n")


def test_the_seed_reads_as_one_item():
    seed = SHARED / "seed" / "iom-zimbabwe-ibm-training.txt"
    if not seed.exists():
        pytest.skip("shared seed absent")
    [item] = read_news_items(seed, source_name="seed.txt")
    assert item.source == "seed.txt"
    assert item.title == "IOM Helps Zimbabwe Enhance Integrated Border Management Capacity"
    assert "25 senior government officials" in item.text
    assert "WHO WE ARE" not in item.text


@pytest.mark.parametrize(("text", "suffix", "expected"), [
    ('[{"title": "a"}]', ".txt", "json"),
    ('{"title": "a"}\n{"title": "b"}\n', ".json", "jsonl"),
    ('{\n  "title": "a"\n}\n', ".jsonl", "json"),
    ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', ".txt", "feed"),
    ("<!doctype html><html><body><p>x</p></body></html>", ".txt", "html"),
    ("title,url,body\na,b,c\n", ".txt", "csv"),
    ("Headline\nBody text, with a comma.\n", ".csv", "csv"),
    ("Headline\nBody text, with a comma.\n", ".txt", "text"),
    ("[Photo] IOM trains officers\nDakar – text.\n", ".txt", "text"),
    ("{Draft} IOM trains officers\n", ".txt", "text"),
    ("[\n  {\"title\": \"a\"}\n]", ".txt", "json"),
    ("[]", ".json", "json"),
    ('<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml"></head>'
     "<body><p>see <feed> and <rss> below</p></body></html>", ".xml", "html"),
])
def test_format_is_decided_by_content(text, suffix, expected):
    assert sniff_news_format(text, suffix) == expected


def test_page_without_article_keeps_its_layout_wrapper_and_joins_wrapped_lines():
    [item] = read_news_items(FIXTURES / "layout_page.html")
    assert item.title == "La OIM capacita a 40 funcionarios consulares en Guatemala"
    lines = item.text.split("\n")
    assert lines[1].startswith("Ciudad de Guatemala – La Organización Internacional")
    assert "capacitó a cuarenta funcionarios consulares durante dos días" in lines[1]  # source newline joined
    assert lines[2] == "La actividad contó con el apoyo del Gobierno de los Estados Unidos."
    for chrome in ("Quiénes somos", "Inicio / Noticias", "Compartir", "Noticias relacionadas", "cookies"):
        assert chrome not in item.text


def test_feed_in_a_legacy_encoding_follows_its_declaration(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_bytes('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel>'
                     "<title>c</title><item><title>Atelier à Djibouti – frontières</title><link>https://djibouti.iom.int/a</link>"
                     "<description>L'OIM a formé vingt agents.</description></item></channel></rss>"
                     .encode("cp1252"))
    [item] = read_news_items(feed)
    assert item.title == "Atelier à Djibouti – frontières"
    assert "L'OIM a formé vingt agents." in item.text


def test_html_publication_date_from_the_story_not_from_a_sidebar(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><body><aside><time datetime="2001-01-01">old story</time></aside>'
                    "<div><p>IOM trained officials.</p></div></body></html>")
    assert read_news_items(page)[0].published is None
    page.write_text('<html><body><article><time datetime="2021-03-04T10:00">4 March</time>'
                    "<p>IOM trained officials.</p></article></body></html>")
    assert read_news_items(page)[0].published == dt.date(2021, 3, 4)
