"""Broken and hostile news files (issue 6, part 3): a clear error per file, good records still load."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import DashboardError, FileUnreadable
from dashboard.loaders.news import load_news
from dashboard.model.donors import DonorRegistry
from dashboard.news.item import RECORD_KEYS
from dashboard.news.readers import MAX_NEWS_FILE_BYTES, read_news_file, read_news_items

FIXTURES = Path(__file__).parent / "fixtures" / "news"


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(FileUnreadable) as caught:
        read_news_items(path)
    assert caught.value.file == str(path)
    return caught.value.reason


def test_empty_and_blank_files_are_refused_with_a_reason(tmp_path):
    assert "empty" in _refusal(_write(tmp_path, "empty.txt", b""))
    assert "whitespace" in _refusal(_write(tmp_path, "blank.txt", " \n\t\n"))


def test_binary_file_is_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
    assert "binary" in _refusal(_write(tmp_path, "news.txt", png))


def test_html_script_and_event_handlers_never_reach_the_text(tmp_path):
    page = _write(tmp_path, "page.html", """<html><head><script>steal()</script></head><body>
        <article><h1 onclick="steal()">IOM trains <script>steal()</script>officers</h1>
        <p>Dakar – IOM trained 20 officers.<img src=x onerror="steal()"><svg onload="steal()"></svg></p>
        <p><a href="javascript:steal()">Read more</a></p><iframe src="https://evil.example"></iframe>
        <noscript>enable scripts</noscript></article></body></html>""")
    [item] = read_news_items(page)
    assert item.title == "IOM trains officers"
    assert "Dakar – IOM trained 20 officers." in item.text
    for bad in ("steal", "onerror", "onload", "onclick", "javascript", "<", "enable scripts", "evil"):
        assert bad not in item.text


def test_markup_in_titles_is_kept_as_plain_text(tmp_path):
    page = _write(tmp_path, "page.html", "<html><body><article><h1>&lt;img src=x onerror=alert(1)&gt;Border "
                                         "&lt;b&gt;training&lt;/b&gt; &amp; more</h1><p>Body.</p></article>"
                                         "</body></html>")
    assert read_news_items(page)[0].title == "Border training & more"
    records = _write(tmp_path, "r.jsonl", '{"title": "<script>alert(1)</script>Children <18 & <i>youth</i>", '
                                          '"body": "Text."}\n{"title": "Plain", "body": "x"}\n')
    assert read_news_items(records)[0].title == "Children <18 & youth"
    text = _write(tmp_path, "scrape.txt", "<b>IOM Trains Border Officials in Niger</b>\n\nNiamey, Niger – IOM"
                                          " trained 28 border officials from Niger and Burkina Faso during a"
                                          " five-day course on integrated border management.\n")
    assert "<b>" not in (read_news_items(text)[0].title or "")


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    big = tmp_path / "huge.jsonl"
    with big.open("wb") as handle:  # sparse: costs no disk, and the reader must not read it anyway
        handle.truncate(MAX_NEWS_FILE_BYTES + 1)
    reason = _refusal(big)
    assert "limit" in reason and f"{MAX_NEWS_FILE_BYTES:,}" in reason
    small_cap = _write(tmp_path, "a.txt", "Headline\n\n" + "Dakar – text. " * 100)
    with pytest.raises(FileUnreadable, match="limit"):
        read_news_items(small_cap, max_bytes=1000)


def test_french_and_spanish_in_legacy_and_unicode_encodings(tmp_path):
    french = ("Des agents frontaliers formés par l'OIM à Djibouti\n\nDjibouti – L'OIM a organisé un "
              "atelier de trois jours à l'intention de vingt agents des frontières, financé par l'Union "
              "européenne.\n")
    spanish = ("La OIM capacita a funcionarios consulares en Guatemala\n\nCiudad de Guatemala - La OIM "
               "capacitó a cuarenta funcionarios consulares durante dos días, con apoyo de España.\n")
    encoded = {"fr-cp1252.txt": french.encode("cp1252"), "fr-utf8.txt": french.encode(),
               "es-latin1.txt": spanish.encode("latin-1"), "es-utf16.txt": spanish.encode("utf-16")}
    for name, content in encoded.items():
        [item] = read_news_items(_write(tmp_path, name, content))
        assert ("formés" in item.text) or ("capacitó" in item.text), name


def test_structural_refusals_say_why(tmp_path):
    assert "nested" in _refusal(_write(tmp_path, "deep.json", "[" * 200_000 + "]" * 200_000))
    assert "not valid JSON" in _refusal(_write(tmp_path, "broken.json", '[{"title": "a"'))
    assert "record 1: record is not an object" in _refusal(_write(tmp_path, "scalars.json", "[1, 2]"))
    assert "entities" in _refusal(_write(tmp_path, "laughs.xml", '<?xml version="1.0"?><!DOCTYPE rss ['
                                         '<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>'
                                         "<item><title>&b;</title></item></channel></rss>"))
    assert "not an RSS or Atom feed" in _refusal(_write(tmp_path, "iati.xml", '<?xml version="1.0"?>'
                                                        "<iati-activities><iati-activity/></iati-activities>"))
    assert "no title or body column" in _refusal(_write(tmp_path, "p.csv", "iati_identifier,budget\nX,1\n"))
    assert "no usable news record among 2" in _refusal(_write(tmp_path, "bad.jsonl", '{"body": ""}\n{y\n'))


def test_dangerous_addresses_are_dropped_and_flagged(tmp_path):
    path = _write(tmp_path, "r.json", '[{"title": "T", "body": "B", "url": "javascript:alert(1)"}]')
    read = read_news_file(path)
    assert read.items[0].url is None and "url" not in read.items[0].given
    assert [(p.field, p.severity) for p in read.problems] == [("url", "flagged")]


@pytest.fixture
def stand_in_extractor(monkeypatch):
    """A fixed extractor that fails on one item, so the loader's bookkeeping is what is tested."""
    def extract_record(item, registry):
        if "Bad given values" in item.text:
            raise ValueError("boom")
        return {**{k: None for k in RECORD_KEYS}, "is_activity": True, "title": None, "countries": ["DJI"]}

    module = types.ModuleType("dashboard.news.extract")
    module.extract_record = extract_record
    module.extract_with_evidence = lambda item, registry: (extract_record(item, registry), {})
    monkeypatch.setitem(sys.modules, "dashboard.news.extract", module)


def test_loader_keeps_good_items_and_accounts_for_every_record(stand_in_extractor):
    result = load_news(FIXTURES / "records.jsonl", DonorRegistry.from_reference(), source_name="up.jsonl")
    assert result.kind == "news" and result.file == "up.jsonl"
    items = result.tables["news_items"]
    assert len(items) == 2 and set(items["source_file"]) == {"up.jsonl"}
    assert result.records_seen == 4
    assert result.records_seen == result.records_loaded + result.records_rejected
    rejected = [p for p in result.problems if p.severity == "rejected"]
    assert {p.record for p in rejected} == {"line 2", "line 4"}
    assert any("extraction failed: ValueError: boom" in p.reason for p in rejected)


def test_loader_keeps_one_row_per_address(stand_in_extractor, tmp_path):
    path = _write(tmp_path, "twice.jsonl", '{"title": "A", "body": "x", "url": "https://iom.int/n/a"}\n'
                                           '{"title": "A again", "body": "y", "url": "https://www.iom.int/n/a/"}\n')
    result = load_news(path, DonorRegistry.from_reference())
    assert len(result.tables["news_items"]) == 1
    assert result.tables["news_items"]["title"].iloc[0] == "A again"
    assert result.records_seen == result.records_loaded + result.records_rejected == 2


_PREFIXES = st.sampled_from([b"", b"[", b"{", b'{"title": ', b"<rss><channel><item>", b"<html><body>",
                             b"<?xml version='1.0'?>", b"title,url,body\n", b"\xef\xbb\xbf", b"\xff\xfe"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=_PREFIXES, data=st.one_of(st.binary(max_size=600), st.text(max_size=400).map(str.encode)))
def test_any_bytes_raise_nothing_but_dashboard_errors(tmp_path, prefix, data):
    path = tmp_path / "fuzz.bin"
    path.write_bytes(prefix + data)
    try:
        read = read_news_file(path)
    except DashboardError:
        return
    rejected = sum(1 for p in read.problems if p.severity == "rejected")
    assert read.records_seen == len(read.items) + rejected
    assert all(item.text.strip() for item in read.items)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=_PREFIXES, data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)))
def test_loader_on_any_bytes_accounts_for_every_record(tmp_path, prefix, data):
    pytest.importorskip("dashboard.news.extract", reason="extraction rules not written yet")
    path = tmp_path / "fuzz.bin"
    path.write_bytes(prefix + data)
    try:
        result = load_news(path, DonorRegistry.from_reference())
    except DashboardError:
        return
    assert result.records_seen == result.records_loaded + result.records_rejected
    assert len(result.tables["news_items"]) == result.records_loaded


_TAGS = st.sampled_from(["div", "article", "main", "nav", "aside", "header", "footer", "section", "p", "span",
                         "h1", "ul", "li", "script", "style", "noscript", "br", "img"])
_CLASSES = st.sampled_from(["", "share-bar", "main-menu", "layout--with-sidebar", "content", "breadcrumb"])


def _markup(depth: int) -> st.SearchStrategy[str]:
    leaf = st.sampled_from(["Story text.", "steal()", "", "&lt;b&gt;x&lt;/b&gt;",
                            "<img src=x onerror=steal()>"])
    if depth == 0:
        return leaf
    child = _markup(depth - 1)
    element = st.builds(lambda tag, cls, inner: f'<{tag} class="{cls}">{"".join(inner)}</{tag}>',
                        _TAGS, _CLASSES, st.lists(child, max_size=3))
    return st.one_of(leaf, element)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_markup(4))
def test_any_nesting_of_widgets_and_scripts_reads_safely(tmp_path, body):
    path = tmp_path / "page.html"
    path.write_text(f"<html><head><script>steal()</script></head><body>{body}</body></html>")
    try:
        items = read_news_items(path)
    except FileUnreadable:
        return
    for item in items:
        assert "onerror" not in item.text
        assert "<script" not in item.text.lower() and "<img" not in item.text.lower()
