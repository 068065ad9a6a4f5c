"""File kinds are decided by content, never by extension (issue 6, upload: "type decided by content")."""

from __future__ import annotations

import datetime as dt
import socket
import time
from pathlib import Path

import openpyxl
import pytest

from dashboard.loaders import sniff as sniff_module
from dashboard.loaders.sniff import KINDS, SNIFF_BYTES, Sniffed, detect_kind, sniff, xml_root_name

FIXTURES = Path(__file__).parent / "fixtures" / "sniff"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.mark.parametrize(("name", "kind"), [
    ("iati_with_bom.txt", "iati"),  # IATI named .txt, BOM, declaration and comment before the root
    ("iati_single_activity_namespaced.dat", "iati"),  # no wrapper, a namespace prefix, a DOCTYPE
    ("billion_laughs.xml", "iati"),
    ("external_entity.xml", "iati"),
    ("truncated_iati.xml", "iati"),  # broken later on: the IATI loader reports the break
    ("projects_named.xml", "project_list"),  # a CSV named .xml
    ("hxl_only.txt", "project_list"),  # an HXL hashtag row and no text header
    ("feed_rss.txt", "news_feed"),
    ("feed_atom.xml", "news_feed"),
    ("page.csv", "news_html"),  # HTML named .csv
    ("fragment.txt", "news_html"),
    ("records.txt", "news_records"),  # a JSON array
    ("records.jsonl", "news_records"),
    ("news_records.csv", "news_records"),  # title/url/published/body: not a project list
    ("release.csv", "news_text"),  # prose with commas is not a table
    ("other_root.xml", "unknown"),
])
def test_fixture_kinds(name, kind):
    assert detect_kind(FIXTURES / name) == kind


def test_hostile_xml_is_peeked_without_expansion_or_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    started = time.perf_counter()
    for name in ("billion_laughs.xml", "external_entity.xml"):
        assert sniff(FIXTURES / name).kind == "iati"
    assert time.perf_counter() - started < 1.0


def test_reasons_are_given_for_refused_files(tmp_path):
    assert sniff(FIXTURES / "other_root.xml").reason == (
        "XML with root <catalog>: not IATI activities nor an RSS/Atom feed")
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    assert "password-protected" in sniff(locked).reason


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00\x00\x00\x10" * 2 + b"\x08\x02\x00\x00\x00"


@pytest.mark.parametrize(("name", "data", "kind"), [
    ("image.csv", _png(), "unknown"),  # a PNG named .csv
    ("empty.csv", b"", "unknown"),
    ("blank.xml", b"  \n\t\n", "unknown"),
    ("doc.pdf.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "unknown"),
    ("nul.txt", b"title,country\n\x00\x01\x02\x03binary\x00\x00", "unknown"),
    ("archive.xlsx", b"PK\x03\x04" + b"\x00" * 40, "unknown"),  # a broken zip named .xlsx
    ("ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "unknown"),  # not a workbook inside
    ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "unknown"),
    ("projects.txt", "Title\tCountry\tDonor\nÉcole\tMali\tUE\n".encode("utf-16"), "project_list"),
    ("projets.dat", "Titre;Pays;Bailleur\nAppui à la frontière;Mali;UE\n".encode("cp1252"), "project_list"),
    ("text.json", b"[Press release] IOM opens a centre in Tunis.\n", "news_text"),
    ("heart.xml", b"<3 to all the volunteers in Tunis, says IOM.\n", "news_text"),
    ("mz.txt", b"MZUNGU, a short film on migration, opens in Nairobi.\n", "news_text"),
    ("array.csv", b'[{"title": "x", "url": "https://x"}]', "news_records"),
])
def test_bytes_kinds(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    assert detect_kind(path) == kind


def test_xlsx_named_csv_and_xls_named_txt(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Country"])
    book.active.append(["A", dt.date(2020, 1, 1)])
    xlsx = tmp_path / "list.csv"
    book.save(xlsx)
    assert sniff(xlsx).kind == "project_list"
    # An Excel 97-2003 workbook (written once by xlwt, committed) whose one cell is "Title".
    xls = tmp_path / "list.txt"
    xls.write_bytes((FIXTURES / "legacy_title_only.xls").read_bytes())
    assert sniff(xls).kind == "project_list"


def test_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "bundle.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert sniff(path).kind == "unknown"
    ods = tmp_path / "list.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    assert sniff(ods) == Sniffed("unknown", "OpenDocument file: save it as .xlsx or .csv")


def test_title_and_link_table_is_a_project_list(tmp_path):
    path = tmp_path / "links.csv"
    path.write_text("Project title,Link\nBorder project,https://www.iom.int/p\n", encoding="utf-8")
    assert detect_kind(path) == "project_list"


def test_only_the_first_64_kb_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    lines = ["Project Code,Title,Country"] + [f"C-{i},Project number {i},Chad" for i in range(20000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert path.stat().st_size > 4 * SNIFF_BYTES
    reads: list[int] = []
    real_open = open

    def counting_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        real_read = handle.read

        def read(size=-1):
            reads.append(size)
            return real_read(size)

        handle.read = read
        return handle

    monkeypatch.setattr(sniff_module, "open", counting_open, raising=False)
    assert detect_kind(path) == "project_list"
    assert reads == [SNIFF_BYTES + 1]


def test_a_large_json_document_cut_at_64_kb_is_still_records(tmp_path):
    path = tmp_path / "many.json"
    path.write_text("[" + ",".join('{"title": "t", "url": "https://x", "body": "%s"}' % ("é" * 50)
                                   for _ in range(3000)) + "]", encoding="utf-8")
    assert path.stat().st_size > SNIFF_BYTES
    assert detect_kind(path) == "news_records"


def test_missing_file_is_unknown(tmp_path):
    result = sniff(tmp_path / "nope.csv")
    assert result.kind == "unknown" and "cannot open" in result.reason


def test_every_kind_is_declared():
    assert set(KINDS) == {"iati", "project_list", "news_records", "news_feed", "news_html", "news_text",
                          "unknown"}


@pytest.mark.parametrize(("text", "root"), [
    ('<?xml version="1.0" encoding="ISO-8859-1"?><iati-activities/>', "iati-activities"),
    ("<!-- c --><x:Feed xmlns:x='urn:x'><a/></x:Feed>", "feed"),
    ("<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", "rdf"),
    ("not xml at all", None),
    ("<a><b></a>", "a"),
])
def test_xml_root_name(text, root):
    assert xml_root_name(text) == root


def test_shared_samples_when_present():
    if not SAMPLES.exists():
        pytest.skip("shared samples absent")
    iati = sorted((SAMPLES / "iati").glob("*.xml"))
    projects = sorted((SAMPLES / "projects").glob("*.csv"))
    assert iati and projects
    assert {detect_kind(p) for p in iati} == {"iati"}
    assert {detect_kind(p) for p in projects} == {"project_list"}
