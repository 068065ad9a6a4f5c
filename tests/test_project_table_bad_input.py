"""Bad and hostile project lists (issue 6, CSV and Excel): a clear problem naming file, record and field; the
good records still load; only the project's own errors escape; seen = loaded + rejected."""

from __future__ import annotations

import csv
import datetime as dt
import io
import socket
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dashboard.errors import DashboardError, FileUnreadable
from dashboard.loaders import project_table
from dashboard.loaders.project_table import load_project_table
from dashboard.model.donors import DonorRegistry
from dashboard.model.text_decoding import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "projects"
ACCENTED = (FIXTURES / "encodings.csv").read_text(encoding="utf-8")


def load_bytes(tmp_path: Path, data: bytes, name: str = "upload.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    result = load_project_table(path, DonorRegistry.from_reference())
    assert result.records_seen == result.records_loaded + result.records_rejected
    return result


# ------------------------------------------------------------------------------------- encodings, BOMs

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-le",
                                      "utf-16-be", "utf-32"])
def test_encodings_and_boms(tmp_path, encoding):
    result = load_bytes(tmp_path, ACCENTED.encode(encoding))
    titles = result.tables["activities"]["title"].tolist()
    assert titles == ["Aide matérielle aux déplacés à Tripoli", "Protección de niños migrantes",
                      "São Tomé: formação"]
    assert sorted(result.tables["activity_countries"]["iso3"]) == ["CIV", "PER", "STP"]
    # The BOM never leaks into the first header: "Title" is still recognised as the title column.
    assert result.problems == []


def test_windows_1252_punctuation_and_euro_header(tmp_path):
    text = (FIXTURES / "cp1252_quotes.csv").read_text(encoding="utf-8")
    result = load_bytes(tmp_path, text.encode("cp1252"))
    assert result.tables["activities"]["title"].tolist() == ["Projet “Retour” – phase 2"]
    assert result.tables["budgets"]["currency"].tolist() == ["EUR"]  # "Budget (€)"
    assert result.tables["activity_countries"]["iso3"].tolist() == ["SEN"]


def test_decode_bytes_refuses_binary():
    with pytest.raises(FileUnreadable, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "image.csv")
    with pytest.raises(FileUnreadable, match="binary"):
        decode_bytes(bytes(range(1, 32)) * 20, "controls.csv")


def test_decode_bytes_truncated_multibyte_character():
    # Sniffing reads the first 64 KB: a character cut there is dropped, not an encoding error.
    assert decode_bytes("café".encode()[:-1], "x.csv", truncated=True) == "caf"
    # Not UTF-8, and too short for charset-normalizer to tell code pages apart: Windows-1252 is chosen.
    assert decode_bytes(b"Title\nCaf\xe9\n", "x.csv") == "Title\nCaf\u00e9\n"


# --------------------------------------------------------------------------------- layout and contents

@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_delimiters(tmp_path, delimiter):
    rows = [["Project Code", "Title", "Country", "Budget", "Currency"], ["D-1", "One, with comma", "TCD",
                                                                          "1000", "USD"]]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    result = load_bytes(tmp_path, buffer.getvalue().encode())
    assert result.tables["activities"]["title"].tolist() == ["One, with comma"]
    assert result.tables["budgets"]["value"].tolist() == [1000]


def test_hyperlink_cell_is_text_and_never_a_link(tmp_path):
    result = load_bytes(tmp_path, (FIXTURES / "formulas_and_links.csv").read_bytes(), "links.csv")
    acts = result.tables["activities"]
    assert acts["title"].tolist()[0] == '=HYPERLINK("http://evil.example/x","Click me")'
    assert acts["url"].isna().tolist() == [True, True, False]
    assert acts["url"].tolist()[2] == "https://www.iom.int/project/linked"
    flagged = [(p.record, p.field) for p in result.problems]
    assert flagged == [("line 2", "url"), ("line 3", "url")]


def test_rows_without_title_or_code_are_rejected_with_their_line(tmp_path):
    result = load_bytes(tmp_path, (FIXTURES / "bad_rows.csv").read_bytes(), "bad_rows.csv")
    rejected = [(p.file, p.record, p.field) for p in result.problems if p.severity == "rejected"]
    assert rejected == [("bad_rows.csv", "line 3", "title"), ("bad_rows.csv", "line 6 (B-1)", "code")]
    assert result.records_seen == 7 and result.records_loaded == 5
    flagged = {(p.record, p.field): p for p in result.problems if p.severity == "flagged"}
    assert flagged[("line 4 (B-3)", "start")].raw == "2023-02-30"
    assert flagged[("line 5 (B-4)", "end")].raw == "31/13/2023"
    assert ("line 8 (B-7)", "end") in flagged  # ends before it starts: kept, flagged
    acts = result.tables["activities"].set_index("iati_identifier")
    assert acts["start"].isna()["B-3"] and acts.loc["B-3", "end"].year == 2023


def test_unknown_country_flagged_and_the_project_still_loads(tmp_path):
    data = b"Title,Country,Donor\nGood,Chad,European Union\nOdd,Narnia,European Union\n"
    result = load_bytes(tmp_path, data, "narnia.csv")
    assert result.records_loaded == 2
    [problem] = result.problems
    assert (problem.file, problem.record, problem.field, problem.raw, problem.severity) == (
        "narnia.csv", "line 3", "country", "Narnia", "flagged")


def test_unbalanced_quote_and_oversized_field(tmp_path):
    huge = "x" * 1_100_000
    data = f'Title,Country\nFine,Chad\n"{huge}",Chad\nAlso fine,Niger\n'.encode()
    result = load_bytes(tmp_path, data)
    assert result.tables["activities"]["title"].tolist()[0] == "Fine"
    assert [(p.severity, p.record, p.field) for p in result.problems] == [("rejected", "line 3", "row")]
    assert result.tables["activities"]["title"].tolist() == ["Fine", "Also fine"]


def test_stray_and_unclosed_quotes_reject_their_record_only(tmp_path):
    data = b'Title,Country\n"Project" phase 2,Chad\nFine,Mali\n"Unclosed,Chad\nSwallowed,Niger\n'
    result = load_bytes(tmp_path, data)
    assert result.tables["activities"]["title"].tolist() == ["Fine"]
    assert [(p.severity, p.record, p.field) for p in result.problems] == [
        ("rejected", "line 2", "row"), ("rejected", "line 4", "row")]
    assert "unclosed quote" in result.problems[1].reason


def test_header_only_file_loads_nothing(tmp_path):
    result = load_bytes(tmp_path, b"Title,Country\n\n\n")
    assert (result.records_seen, result.records_loaded) == (0, 0)
    assert result.tables["activities"].empty


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"), (b"   \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"just,some\nnumbers,here\n", "no header"), (b"PK\x03\x04broken zip", "not a readable Excel"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Excel 97-2003"),
])
def test_unreadable_files_name_the_file_and_reason(tmp_path, data, reason):
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(FileUnreadable, match=reason) as info:
        load_project_table(path, DonorRegistry.from_reference(), source_name="uploads/bad.csv")
    assert info.value.file == "uploads/bad.csv"


def _workbook_with_sheet_xml(tmp_path: Path, transform) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Title", "Country"])
    book.active.append(["PLACEHOLDER", "Chad"])
    path = tmp_path / "hostile.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    parts["xl/worksheets/sheet1.xml"] = transform(parts["xl/worksheets/sheet1.xml"].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    return path


def test_xlsx_entity_expansion_is_refused(tmp_path):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdefgh", "bcdefghi", strict=True))
    path = _workbook_with_sheet_xml(tmp_path, lambda xml: f"<!DOCTYPE worksheet [{entities}]>"
                                    + xml.replace("PLACEHOLDER", "&i;"))
    with pytest.raises(FileUnreadable, match="not a readable Excel workbook"):
        load_project_table(path, DonorRegistry.from_reference())


def test_xlsx_external_entity_reads_no_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = _workbook_with_sheet_xml(
        tmp_path, lambda xml: f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]>'
        + xml.replace("PLACEHOLDER", "&x;"))
    try:
        result = load_project_table(path, DonorRegistry.from_reference())
    except FileUnreadable:
        return
    assert "TOP-SECRET" not in result.tables["activities"].to_string()


def test_workbook_expanding_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Country"])
    for i in range(200):
        book.active.append([f"Project {i}", "Chad"])
    path = tmp_path / "big.xlsx"
    book.save(path)
    monkeypatch.setattr(project_table.excel, "MAX_WORKBOOK_EXPANDED_BYTES", 10_000)
    with pytest.raises(FileUnreadable, match="expands to"):
        load_project_table(path, DonorRegistry.from_reference())


def test_loading_uses_no_network(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    result = load_bytes(tmp_path, b"Title,Country,Donor\nA,Republic of Korea,Japan\n")
    assert result.tables["activity_countries"]["iso3"].tolist() == ["KOR"]


# --------------------------------------------------------------------------------------------- fuzzing

def _check_any_outcome(path: Path) -> None:
    try:
        result = load_project_table(path, DonorRegistry.from_reference())
    except DashboardError:
        return
    assert result.records_seen == result.records_loaded + result.records_rejected
    assert len(result.tables["activities"]) == result.records_loaded


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_fuzz_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    _check_any_outcome(path)


_CELL = st.one_of(
    st.sampled_from([
        "", "null", "N/A", "NA", "Chad", "SLV;GTM;HND", "Atlantis", "1,234,567.89", "1.234.567,89", "200,000",
        "USD 200,000", "€1.2m", "$5", "2023-02-30", "31/12/2023", "2013", "EUR", "XYZ", "=HYPERLINK(\"x\")",
        "European Union; Japan", "Counter Trafficking Projects", "Ongoing", "https://iom.int/x",
        "javascript:alert(1)", "\"", "P-1", "#activity+code"]),
    st.text(max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=9), max_size=12),
       delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_fuzz_rows_under_a_real_header(tmp_path, rows, delimiter, encoding):
    header = ["Project Code", "Title", "Country", "Donor", "Budget", "Currency", "Start", "End", "Theme"]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    path = tmp_path / "fuzz.csv"
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    _check_any_outcome(path)


_TYPED_CELL = st.one_of(
    _CELL, st.none(), st.booleans(), st.integers(min_value=-10**15, max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2200, 1, 1)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_TYPED_CELL, max_size=9), max_size=8))
def test_fuzz_typed_workbook_cells(tmp_path, rows):
    book = openpyxl.Workbook()
    book.active.append(["Project Code", "Title", "Country", "Donor", "Budget", "Currency", "Start", "End",
                        "Theme"])
    for row in rows:  # cells openpyxl cannot store (control characters) are not what this test is about
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
    path = tmp_path / "fuzz.xlsx"
    book.save(path)
    _check_any_outcome(path)


def test_currency_disagreement_and_missing_currency(tmp_path):
    data = (b"Title,Budget (USD),Currency,Start\n"
            b"Disagree,EUR 5000,,2020-01-01\n"
            b"Column disagrees,5000,EUR,2020-01-01\n"
            b"Agree,USD 7000,USD,2020-01-01\n")
    result = load_bytes(tmp_path, data, "money.csv")
    budgets = result.tables["budgets"]
    assert budgets[["value", "currency", "value_usd"]].values.tolist() == [[7000.0, "USD", 7000.0]]
    reasons = {p.record: p.reason for p in result.problems}
    assert "currencies disagree (header: USD, cell: EUR)" in reasons["line 2"]
    assert "currencies disagree (currency column: EUR, header: USD)" in reasons["line 3"]
    assert result.records_loaded == 3

    result = load_bytes(tmp_path, b"Title,Budget\nNo currency,5000\n", "nocur.csv")
    budgets = result.tables["budgets"]
    assert budgets["value"].tolist() == [5000] and budgets["currency"].isna().all()
    assert budgets["value_usd"].isna().all() and not budgets["usd_converted"].any()
    assert [(p.field, p.severity) for p in result.problems] == [("budget", "flagged")]
