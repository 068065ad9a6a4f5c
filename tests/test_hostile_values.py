"""Hostile input, round two (issue 16), class 1: values that used to be corrupted silently.

Each case loads the file and checks the value that reaches the tables, and that anything refused or changed
is named in a Problem (the quarantine) instead of passing as a clean record.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.errors import FileUnreadable
from dashboard.loaders.base import LoadResult
from dashboard.loaders.iati import load_iati
from dashboard.loaders.project_table import load_project_table
from dashboard.loaders.sniff import sniff
from dashboard.model import text_decoding
from dashboard.model.donors import DonorRegistry


def iati(tmp_path: Path, activity_body: str, *, name: str = "a.xml") -> LoadResult:
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<iati-activities version="2.03"><iati-activity default-currency="EUR">'
        f"{activity_body}</iati-activity></iati-activities>",
        "utf-8",
    )
    return load_iati(path, DonorRegistry.from_reference(), source_name=name)


def table(tmp_path: Path, data: bytes, name: str = "projects.csv") -> LoadResult:
    path = tmp_path / name
    path.write_bytes(data)
    return load_project_table(path, DonorRegistry.from_reference(), source_name=name)


# --- IATI text made of several nodes ---------------------------------------------------------------------

TX_HEAD = '<transaction><transaction-type code="1"/><transaction-date iso-date="2020-01-01"/>'
SPLITTERS = ["<!-- c -->", "<?pi x?>", "<![CDATA[]]>", "<!---->"]


@pytest.mark.parametrize("splitter", SPLITTERS)
def test_identifier_and_amount_split_by_comment_pi_or_cdata_are_read_whole(tmp_path: Path, splitter: str
                                                                          ) -> None:
    result = iati(tmp_path, f"<iati-identifier>XM-DAC-47066-{splitter}P1</iati-identifier>"
                            + TX_HEAD +
                            f'<value value-date="2020-01-01">2{splitter}500</value></transaction>'
                            f"<title><narrative>Border {splitter}management</narrative></title>")
    assert result.tables["activities"]["iati_identifier"].tolist() == ["XM-DAC-47066-P1"]
    assert result.tables["activities"]["title"].tolist() == ["Border management"]
    assert result.tables["transactions"]["value"].tolist() == [2500.0]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(alphabet="ABCDEFGH-0123456789", min_size=1, max_size=12),
       st.lists(st.sampled_from(SPLITTERS), max_size=3))
def test_any_mix_of_comments_and_pis_leaves_the_identifier_intact(tmp_path: Path, code: str,
                                                                  splitters: list[str]) -> None:
    pieces = [code[: len(code) // 2], *splitters, code[len(code) // 2:]]
    result = iati(tmp_path, f"<iati-identifier>X-{''.join(pieces)}</iati-identifier>")
    assert result.tables["activities"]["iati_identifier"].tolist() == [f"X-{code}"]


# --- numbers out of sense --------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["2.5E3", "1e2", "1.797e308"])
def test_exponent_notation_is_refused_as_xsd_decimal_has_none(tmp_path: Path, raw: str) -> None:
    result = iati(tmp_path, "<iati-identifier>X-1</iati-identifier>"
                            + TX_HEAD +
                            f'<value value-date="2020-01-01">{raw}</value></transaction>')
    values = result.tables["transactions"]["value"]
    assert values.isna().all()
    reasons = [p.reason for p in result.problems if p.field == "transaction[1]/value"]
    assert reasons and "exponent" in reasons[0]


def test_huge_amount_never_becomes_an_infinite_usd_value(tmp_path: Path) -> None:
    huge = "1" + "0" * 308  # a plain decimal, finite as a float, infinite once converted
    result = iati(tmp_path, "<iati-identifier>X-1</iati-identifier>"
                            + TX_HEAD +
                            f'<value value-date="2020-01-01">{huge}</value></transaction>'
                            '<budget><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
                            f'<value value-date="2020-01-01">{huge}9</value></budget>')
    for name in ("transactions", "budgets"):
        frame = result.tables[name]
        for column in ("value", "value_usd"):
            numbers = frame[column].dropna().astype(float)
            assert all(math.isfinite(v) for v in numbers), (name, column)
    assert any("out of range" in p.reason for p in result.problems), [p.reason for p in result.problems]


def test_project_list_amount_overflowing_usd_is_flagged_not_infinite(tmp_path: Path) -> None:
    result = table(tmp_path, ("title,budget,currency,start\nA,1" + "0" * 308 + ",EUR,2020-01-01\n").encode())
    usd = result.tables["budgets"]["value_usd"].dropna().astype(float)
    assert all(math.isfinite(v) for v in usd)
    assert all(math.isfinite(v) for v in result.tables["budgets"]["value"].dropna().astype(float))
    assert any(p.field == "budget" and "out of range" in p.reason for p in result.problems)


# --- encodings -------------------------------------------------------------------------------------------

def test_a_few_invalid_bytes_keep_utf8_and_are_named(tmp_path: Path) -> None:
    rows = [f"P{i},Déplacés internes {i},Mali" for i in range(40)]
    data = ("code,title,country\n" + "\n".join(rows) + "\n").encode("utf-8")
    data = data.replace(b"internes 7", b"internes \xff\xfe\xfd7")
    result = table(tmp_path, data)
    titles = result.tables["activities"]["title"].tolist()
    assert "Déplacés internes 3" in titles  # the rest of the file is still read as UTF-8
    named = [p for p in result.problems if "byte" in p.reason]
    assert named and named[0].record == "line 9", [str(p) for p in result.problems]


def test_turkish_windows_1254_is_not_read_as_windows_1252(tmp_path: Path) -> None:
    text = ("code,title,country\n"
            "P1,Göç yönetimi eğitimi Şanlıurfa'da,Türkiye\n"
            "P2,Sınır yönetimi için İstanbul'da çalıştay,Türkiye\n"
            "P3,Düzensiz göçmenlere ağır kış yardımı,Türkiye\n")
    result = table(tmp_path, text.encode("cp1254"))
    assert result.tables["activities"]["title"].tolist()[0] == "Göç yönetimi eğitimi Şanlıurfa'da"
    assert result.tables["activity_countries"]["iso3"].tolist() == ["TUR", "TUR", "TUR"]


def test_decode_text_reports_its_notes() -> None:
    decoded = text_decoding.decode_text("abc\ndéf ré\n".encode() + b"\xc3\n", "f.csv")
    assert decoded.encoding == "utf-8"
    assert decoded.bad_lines == {3: 1}


# --- an HTML report saved as .xls ------------------------------------------------------------------------

HTML_REPORT = """<html><head><meta charset="utf-8"><title>Project report</title></head><body>
<h1>IOM projects, export of 2024-05-01</h1>
<table border="1">
<tr><th>Project Code</th><th>Project Title</th><th>Country</th><th>Donor</th><th>Budget (USD)</th></tr>
<tr><td>PX.0001</td><td>Border management &amp; training</td><td>Kenya</td><td>European Union</td>
<td>120,000.00</td></tr>
<tr><td>PX.0002</td><td>Return and reintegration</td><td>Niger</td><td>Germany</td><td>80,500.00</td></tr>
</table></body></html>"""


def test_html_report_saved_as_xls_loads_its_projects(tmp_path: Path) -> None:
    path = tmp_path / "report.xls"
    path.write_text(HTML_REPORT, "utf-8")
    assert sniff(path).kind == "project_list"
    result = table(tmp_path, HTML_REPORT.encode(), name="report.xls")
    acts = result.tables["activities"].set_index("iati_identifier")
    assert acts.loc["PX.0001", "title"] == "Border management & training"
    assert sorted(result.tables["activity_countries"]["iso3"]) == ["KEN", "NER"]
    assert sorted(result.tables["budgets"]["value"]) == [80500.0, 120000.0]


def test_html_page_without_a_project_table_stays_news(tmp_path: Path) -> None:
    path = tmp_path / "news.html"
    path.write_text("<html><body><h1>IOM trains officers</h1><p>Forty officers were trained.</p>"
                    "<table><tr><td>a</td><td>b</td></tr></table></body></html>", "utf-8")
    assert sniff(path).kind == "news_html"


# --- NUL bytes -------------------------------------------------------------------------------------------

def test_csv_with_a_few_nul_bytes_loads_with_a_flag(tmp_path: Path) -> None:
    rows = "".join(f"P{i},Project {i},Kenya\n" for i in range(30))
    data = ("code,title,country\n" + rows).encode().replace(b"Project 5", b"Project\x00 5")
    result = table(tmp_path, data)
    assert len(result.tables["activities"]) == 30
    assert "Project 5" in result.tables["activities"]["title"].tolist()
    assert any("NUL" in p.reason for p in result.problems)


def test_mostly_nul_file_is_refused_with_the_real_reason(tmp_path: Path) -> None:
    with pytest.raises(FileUnreadable, match="NUL"):
        table(tmp_path, b"code,title\n" + b"\x00" * 5000)


# --- codes a codelist keeps as withdrawn -----------------------------------------------------------------

def test_withdrawn_country_code_loads_with_a_flag(tmp_path: Path) -> None:
    result = iati(tmp_path, "<iati-identifier>X-1</iati-identifier>"
                            '<recipient-country code="AN" percentage="100"/>')
    assert result.tables["activity_countries"]["iso3"].tolist() == ["ANT"]
    flags = [p for p in result.problems if p.field == "recipient-country[1]/@code"]
    assert [p.severity for p in flags] == ["flagged"] and "withdrawn" in flags[0].reason
    assert not [p for p in result.problems if p.severity == "rejected"]
