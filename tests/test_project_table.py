"""Project lists (CSV/TSV/Excel): one hand-written fixture per quirk, plus the shared samples when present."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.errors import FileUnreadable
from dashboard.loaders.project_table import (
    ValueProblem,
    column_for_header,
    column_for_hxl,
    load_project_table,
    number_convention,
    parse_amount,
    parse_date,
    project_id,
    resolve_country,
    themes_for,
)
from dashboard.model.donors import DonorRegistry

FIXTURES = Path(__file__).parent / "fixtures" / "projects"
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "projects"


def load(path: Path, name: str | None = None):
    result = load_project_table(path, DonorRegistry.from_reference(), source_name=name)
    assert result.kind == "project_list"
    assert result.records_seen == result.records_loaded + result.records_rejected
    return result


# ------------------------------------------------------------------------------------------- headers

@pytest.mark.parametrize(("header", "field", "currency"), [
    ("Project Code", "code", None), ("Code", "code", None), ("Project ID", "code", None),
    ("Title", "title", None), ("Project Title", "title", None), ("PROJECT_TITLE", "title", None),
    ("Country", "country", None), ("Countries", "country", None), ("country_iso3", "country", None),
    ("Donor", "donor", None), ("Funder", "donor", None), ("Budget (USD)", "budget", "USD"),
    ("Budget", "budget", None), ("Amount", "budget", None), ("budget_amount", "budget", None),
    ("Amount in EUR", "budget", "EUR"), ("Budget (€)", "budget", "EUR"), ("Currency", "currency", None),
    ("budget_currency", "currency", None), ("Start", "start", None), ("Start date", "start", None),
    ("End", "end", None), ("Theme", "theme", None), ("Thematic area", "theme", None), ("URL", "url", None),
    ("Status", "status", None), ("  start-date* ", "start", None),
])
def test_header_synonyms(header, field, currency):
    column = column_for_header(0, header)
    assert column is not None and (column.field, column.currency) == (field, currency)


@pytest.mark.parametrize("header", ["Date", "Value", "Notes", "Currency (USD)", ""])
def test_headers_that_name_no_field(header):
    assert column_for_header(0, header) is None


@pytest.mark.parametrize(("tag", "field", "currency"), [
    ("#activity+code", "code", None), ("#activity+name", "title", None), ("#activity+title", "title", None),
    ("#org+funder", "donor", None), ("#country+code", "country", None), ("#country+name", "country", None),
    ("#value+usd", "budget", "USD"), ("#value", "budget", None), ("#currency", "currency", None),
    ("#date+start", "start", None), ("#date+end", "end", None), ("#sector", "theme", None),
    ("#meta+url", "url", None), ("#org+impl", None, None), ("#date", None, None),
])
def test_hxl_hashtags(tag, field, currency):
    column = column_for_hxl(0, tag)
    assert (column.field, column.currency) == (field, currency) if field else column is None


# ---------------------------------------------------------------------------------------------- values

@pytest.mark.parametrize(("text", "convention", "value", "currency"), [
    ("1,234,567.89", None, "1234567.89", None),
    ("1.234.567,89", None, "1234567.89", None),
    ("1 234 567", None, "1234567", None),
    ("1\u00a0234\u00a0567,5", None, "1234567.5", None),
    ("1'234'567.50", None, "1234567.50", None),
    ("USD 200,000", "point", "200000", "USD"),
    ("200.000 EUR", "comma", "200000", "EUR"),
    ("200,000", "comma", "200.000", None),
    ("€1.2m", None, "1200000", "EUR"),
    ("12,5 Mio. EUR", None, "12500000", "EUR"),
    ("US$ 75k", None, "75000", "USD"),
    ("1.5", None, "1.5", None),
    ("0,500", None, "0.5", None),
    ("1234,567", None, "1234.567", None),
    ("(1,000.00)", None, "-1000.00", None),
    ("200000", None, "200000", None),
    ("200,000 (USD)", "point", "200000", "USD"),
])
def test_amounts(text, convention, value, currency):
    assert parse_amount(text, convention) == (Decimal(value), currency)


@pytest.mark.parametrize("text", [
    "200,000",  # thousands or decimals? not said by any other amount of the file
    "1.234", "$500", "¥1000", "XYZ 100", "12,34,567", "1.234,567.8", "about 100", "100 USD EUR", "1,2,3",
    "abc", "1 23 456",
])
def test_amounts_that_are_never_guessed(text):
    with pytest.raises(ValueProblem):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_amounts_round_trip_in_both_number_formats(units, cents):
    grouped = f"{units:,}"
    english = f"{grouped}.{cents:02d}"
    european = f"{grouped.replace(',', '.')},{cents:02d}"
    expected = Decimal(f"{units}.{cents:02d}")
    assert parse_amount(english, "point")[0] == expected
    assert parse_amount(european, "comma")[0] == expected
    assert parse_amount(f"USD {english}", "point") == (expected, "USD")


@pytest.mark.parametrize(("text", "is_end", "expected"), [
    ("2013", False, dt.date(2013, 1, 1)), ("2013", True, dt.date(2013, 12, 31)),
    ("2005-12", False, dt.date(2005, 12, 1)), ("2024-02", True, dt.date(2024, 2, 29)),
    ("2013-05-20", False, dt.date(2013, 5, 20)), ("20/05/2013", False, dt.date(2013, 5, 20)),
    ("01/03/2019", False, dt.date(2019, 3, 1)), ("20.05.2013", False, dt.date(2013, 5, 20)),
    ("2013-05-20T10:00:00", False, dt.date(2013, 5, 20)), ("20 May 2013", False, dt.date(2013, 5, 20)),
    ("May 2013", True, dt.date(2013, 5, 31)), ("1er janvier 2020", False, dt.date(2020, 1, 1)),
    (2013, True, dt.date(2013, 12, 31)), (dt.datetime(2020, 1, 2, 3, 4), False, dt.date(2020, 1, 2)),
])
def test_dates(text, is_end, expected):
    assert parse_date(text, is_end=is_end) == expected


def test_month_first_dates_only_when_the_header_says_so():
    assert parse_date("03/04/2020", is_end=False) == dt.date(2020, 4, 3)
    assert parse_date("03/04/2020", is_end=False, month_first=True) == dt.date(2020, 3, 4)
    assert column_for_header(0, "Start (mm/dd/yyyy)").month_first


@pytest.mark.parametrize("text", ["2023-02-30", "31/12/20233", "31/13/2023", "2023-13", "soon", "1850",
                                  "0000-00-00", dt.datetime(1899, 12, 30), 43831])
def test_impossible_dates(text):
    with pytest.raises(ValueProblem):
        parse_date(text, is_end=False)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_round_trip(day):
    assert parse_date(day.isoformat(), is_end=False) == day
    assert parse_date(day.strftime("%d/%m/%Y"), is_end=True) == day


def test_theme_table():
    assert themes_for("Counter Trafficking Projects") == ("counter-trafficking",)
    assert themes_for("Migration Research and Publication") == ("data and research",)
    assert themes_for("migration health") == ("migration health",)
    assert themes_for("Something else entirely") == ()


def test_project_id_is_stable_and_ignores_folder_case_and_spaces():
    assert project_id("a/list.csv", "Border  Project") == project_id("b/list.csv", "border project")
    assert project_id("list.csv", "Border Project") != project_id("other.csv", "Border Project")
    assert project_id("list.csv", "x").startswith("list:") and len(project_id("list.csv", "x")) == 17


# --------------------------------------------------------------------------------------------- fixtures

def test_semicolons_and_comma_decimals():
    result = load(FIXTURES / "semicolon_comma_decimal.csv")
    acts = result.tables["activities"].set_index("iati_identifier")
    assert list(acts.index) == ["P-001", "P-002"]
    assert acts.loc["P-001", "start"] == pd.Timestamp("2019-03-01")
    assert acts.loc["P-001", "end"] == pd.Timestamp("2021-02-28")
    # A bare year as an end date stands for 31 December.
    assert acts.loc["P-002", "end"] == pd.Timestamp("2021-12-31")
    budgets = result.tables["budgets"].set_index("iati_identifier")
    assert budgets.loc["P-001", "value"] == 1234567.89
    # "200.000" is settled by the file's other amount, "1.234.567,89": dots group thousands here.
    assert budgets.loc["P-002", "value"] == 200000
    assert set(budgets["currency"]) == {"EUR"}
    assert budgets["usd_converted"].all() and budgets["value_usd"].notna().all()
    assert budgets.loc["P-001", "usd_rate_date"].year == 2019
    assert result.problems == []


def test_tabs():
    result = load(FIXTURES / "tab_separated.txt")
    assert result.records_loaded == 2
    countries = result.tables["activity_countries"]
    assert sorted(countries[countries["iati_identifier"] == "T-1"]["iso3"]) == ["NPL", "PHL"]
    budgets = result.tables["budgets"].set_index("iati_identifier")
    assert budgets.loc["T-2", "currency"] == "USD"  # "usd" in the currency column
    assert budgets.loc["T-2", "value_usd"] == 75000 and not budgets.loc["T-2", "usd_converted"]


def test_point_decimals_currency_in_cell_and_never_guessed():
    result = load(FIXTURES / "point_decimal.csv")
    titles = result.tables["activities"].set_index("title")["iati_identifier"]
    budgets = result.tables["budgets"].set_index("iati_identifier")
    assert budgets.loc[titles["Border management training"], "value"] == 1234567.89
    assert budgets.loc[titles["Reintegration support"], ["value", "currency"]].tolist() == [200000, "USD"]
    assert budgets.loc[titles["Climate migration study"], ["value", "currency"]].tolist() == [1200000, "EUR"]
    assert budgets.loc[titles["Diaspora mapping"], "value"] == 1234567
    # "$500" (which dollar?) and currency "XYZ" are quarantined, the projects still load.
    assert titles["Consular training"] not in budgets.index
    assert titles["Data portal"] not in budgets.index
    assert result.records_loaded == 7
    flagged = {(p.record, p.field) for p in result.problems if p.severity == "flagged"}
    assert ("line 6", "budget") in flagged and ("line 7", "currency") in flagged


@pytest.mark.parametrize(("text", "convention"), [
    ("1,234,567", "point"), ("1,234.5", "point"), ("1.234.567", "comma"), ("1.234,5", "comma"),
    ("USD 2,000,000", "point"), ("200,000", None), ("2.5", None), ("2,5", None), ("1200", None),
])
def test_number_convention_only_from_grouped_digits(text, convention):
    assert number_convention(text) == convention


def test_ambiguous_and_negative_amounts_are_flagged_not_loaded():
    result = load(FIXTURES / "ambiguous_amounts.csv")
    assert result.records_loaded == 3
    assert result.tables["budgets"]["value"].tolist() == [150000]
    reasons = {p.record: p.reason for p in result.problems}
    assert "ambiguous amount '200,000'" in reasons["line 2"]
    assert "negative" in reasons["line 4"]


def test_merged_and_repeated_header_rows_and_empty_rows():
    result = load(FIXTURES / "merged_header.csv")
    assert result.records_seen == 3 and result.records_loaded == 3
    assert result.tables["activities"]["iati_identifier"].tolist() == ["M-1", "M-2", "M-3"]
    budgets = result.tables["budgets"]
    # "Amount (USD)" under the merged "Funding" cell: the currency comes from the header.
    assert budgets["currency"].tolist() == ["USD"] * 3 and budgets["value"].tolist() == [1000, 2000, 3000]
    assert result.tables["activities"]["start"].tolist()[2] == pd.Timestamp("2022-01-01")
    assert result.tables["activities"]["end"].tolist()[2] == pd.Timestamp("2022-12-31")


@pytest.mark.parametrize(("text", "iso3"), [
    ("Vietnam", "VNM"), ("Ivory Coast", "CIV"), ("The Gambia", "GMB"), ("Republic of Korea", "KOR"),
    ("Kosovo", "XKX"), ("XK", "XKX"), ("NA", "NAM"), ("zwe", "ZWE"), ("South Sudan", "SSD"),
    ("Central African Republic", "CAF"), ("Western Sahara", "ESH"), ("Türkiye", "TUR"),
    # Regions the fuzzy matcher would turn into a country: refused, so they are flagged instead.
    ("Western Balkans", None), ("Central America", None), ("Great Lakes", None), ("Lake Chad Basin", None),
    ("Northern Triangle", None), ("Central Asia", None), ("Southern Africa", None), ("Atlantis", None),
])
def test_resolve_country(text, iso3):
    assert resolve_country(text) == iso3


def test_countries_codes_names_and_unknown_names():
    result = load(FIXTURES / "countries.csv")
    titles = result.tables["activities"].set_index("title")["iati_identifier"]
    frame = result.tables["activity_countries"]
    countries = {k: sorted(g["iso3"]) for k, g in frame.groupby("iati_identifier")}
    assert countries[titles["Namibia by code"]] == ["NAM"]  # "NA" is Namibia, not "not available"
    assert titles["Namibia missing marker"] not in countries  # "N/A" is missing
    assert countries[titles["Unknown place"]] == ["TCD"]
    assert titles["A region"] not in countries  # not fuzzily turned into Western Sahara
    assert countries[titles["Names with commas"]] == ["COD", "KOR"]
    assert countries[titles["Slashes and commas"]] == ["MLI", "NER", "TCD"]
    assert countries[titles["Three codes"]] == ["GTM", "HND", "SLV"]
    assert countries[titles["French and Spanish names"]] == ["CIV", "PER"]
    assert result.tables["activity_countries"]["percentage"].isna().all()
    unknown = [p for p in result.problems if p.field == "country"]
    assert [(p.record, p.raw, p.severity) for p in unknown] == [
        ("line 4", "Atlantis", "flagged"), ("line 5", "Western Balkans", "flagged")]
    assert all(p.file == "countries.csv" for p in unknown)
    assert result.records_loaded == 9


def test_donors_split_on_semicolons_and_resolved():
    result = load(FIXTURES / "countries.csv")
    titles = result.tables["activities"].set_index("title")["iati_identifier"]
    donors = result.tables["activity_donors"]
    two = donors[donors["iati_identifier"] == titles["Two donors"]]
    assert sorted(two["donor_id"]) == ["deu-bmz", "eu"]
    assert set(donors["evidence"]) == {"project list donor column"}
    orgs = result.tables["participating_orgs"]
    assert set(orgs["role_code"]) == {"1"} and set(orgs["role"]) == {"Funding"}


def test_hxl_hashtag_row():
    result = load(FIXTURES / "hxl.csv")
    acts = result.tables["activities"].set_index("iati_identifier")
    assert list(acts.index) == ["H-1", "H-2"]
    assert acts.loc["H-1", "url"] == "https://example.org/h-1"
    assert result.tables["budgets"]["currency"].tolist() == ["USD", "USD"]  # from #value+usd
    themes = result.tables["activity_themes"].set_index("iati_identifier")["theme"]
    assert themes["H-1"] == "counter-trafficking" and themes["H-2"] == "migration health"
    sectors = result.tables["activity_sectors"]
    assert set(sectors["vocabulary"]) == {"project-list-theme"}
    assert sectors["code"].tolist() == ["Counter Trafficking", "Migration Health"]


def test_statuses_themes_and_record_kind():
    result = load(FIXTURES / "bad_rows.csv")
    acts = result.tables["activities"].set_index("iati_identifier")
    assert acts.loc["B-1", "status_code"] == "2" and acts.loc["B-1", "status"] == "Implementation"
    assert acts.loc["B-3", "status_code"] == "3" and acts.loc["B-4", "status_code"] == "4"
    assert acts.loc["B-7", "status_code"] == "1"
    assert set(acts["record_kind"]) == {"project_list"} and not acts["synthetic"].any()
    assert set(acts["source_file"]) == {"bad_rows.csv"}
    themes = result.tables["activity_themes"]
    assert sorted(themes[themes["iati_identifier"] == "B-1"]["theme"]) == [
        "counter-trafficking", "migrant smuggling"]
    # An unmapped theme is kept raw, not forced onto a dashboard theme.
    sectors = result.tables["activity_sectors"]
    unmapped = sectors[sectors["code"] == "Unknown theme words"]["iati_identifier"].iloc[0]
    assert unmapped not in set(themes["iati_identifier"])


def test_xlsx_written_with_openpyxl(tmp_path):
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["This workbook lists projects."])
    sheet = book.create_sheet("Projects")
    sheet.append(["IOM projects"])
    sheet.append(["Project", None, "Budget", None, "Dates"])
    sheet.merge_cells("A2:B2")
    sheet.merge_cells("C2:D2")
    sheet.append(["Code", "Title", "Amount", "Currency", "Start", "End", "Country"])
    sheet.append(["X-1", "Workbook project", 1234567.5, "EUR", dt.datetime(2020, 3, 1), 2021, "NA"])
    link = '=HYPERLINK("http://evil.example","click")'
    sheet.append(["X-2", link, "=2*3", "USD", "2020-01-01", None, "KEN"])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["X-3", "After an empty row", 500, "usd", "15/06/2019", "2019-12", "Kenya; Uganda"])
    path = tmp_path / "projects.xlsx"
    book.save(path)

    result = load(path)
    assert result.records_seen == 3 and result.records_loaded == 3
    acts = result.tables["activities"].set_index("iati_identifier")
    # A formula is never evaluated: with no stored result it is kept as the text the cell holds.
    assert acts.loc["X-2", "title"] == '=HYPERLINK("http://evil.example","click")'
    assert acts.loc["X-1", "start"] == pd.Timestamp("2020-03-01")
    assert acts.loc["X-1", "end"] == pd.Timestamp("2021-12-31")
    assert acts.loc["X-3", "end"] == pd.Timestamp("2019-12-31")
    budgets = result.tables["budgets"].set_index("iati_identifier")
    assert budgets.loc["X-1", ["value", "currency"]].tolist() == [1234567.5, "EUR"]
    assert budgets.loc["X-3", ["value", "currency"]].tolist() == [500, "USD"]
    assert "X-2" not in budgets.index
    formula = [p for p in result.problems if p.field == "budget"]
    assert formula and formula[0].record == "Projects row 5 (X-2)" and formula[0].raw == "=2*3"
    assert "never evaluated" in formula[0].reason
    countries = result.tables["activity_countries"]
    assert countries[countries["iati_identifier"] == "X-1"]["iso3"].tolist() == ["NAM"]
    assert sorted(countries[countries["iati_identifier"] == "X-3"]["iso3"]) == ["KEN", "UGA"]


def test_xlsx_formula_with_a_stored_result_gives_that_result(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Title", "Budget", "Currency"])
    book.active.append(["Computed", "=1000*2", "USD"])
    path = tmp_path / "cached.xlsx"
    book.save(path)
    # openpyxl stores no computed value; add one as Excel would (a <v> beside the <f>).
    import zipfile
    with zipfile.ZipFile(path) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>1000*2</f><v></v>" in sheet or "<f>1000*2</f><v />" in sheet
    sheet = sheet.replace("<f>1000*2</f><v></v>", "<f>1000*2</f><v>2000</v>").replace(
        "<f>1000*2</f><v />", "<f>1000*2</f><v>2000</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as out:
        for name, data in parts.items():
            out.writestr(name, data)
    result = load(path)
    assert result.tables["budgets"]["value"].tolist() == [2000]


def test_xls_written_by_a_legacy_excel_writer():
    # Excel 97-2003 (BIFF8) written once by xlwt and committed: a date cell with a number format, a
    # number and three text cells under the usual headers.
    path = FIXTURES / "legacy_1997.xls"
    result = load(path)
    acts = result.tables["activities"].set_index("iati_identifier")
    assert acts.loc["L-1", "start"] == pd.Timestamp("2018-07-01")
    assert result.tables["budgets"][["value", "currency"]].values.tolist() == [[99000.0, "USD"]]
    assert result.tables["activity_countries"]["iso3"].tolist() == ["HTI"]


def test_a_table_without_project_columns_is_unreadable(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(FileUnreadable, match="no header naming project columns"):
        load_project_table(path, DonorRegistry.from_reference())


# ---------------------------------------------------------------------------------------------- samples

def _sample(name: str) -> Path:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"shared sample {name} absent")
    return path


def test_sample_public_pages():
    result = load(_sample("projects_public_pages.csv"))
    assert (result.records_seen, result.records_loaded, result.records_rejected) == (9, 9, 0)
    acts = result.tables["activities"].set_index("title")
    idf = acts.loc["Education, Training and Knowledge-Sharing on Migration in Tunisia"]
    assert (idf["start"], idf["end"]) == (pd.Timestamp("2014-01-01"), pd.Timestamp("2017-12-31"))
    budgets = result.tables["budgets"].merge(result.tables["activities"][["iati_identifier", "title"]])
    # Hand-checked: the two IOM Development Fund projects of 200000 USD, and 450000 EUR for Zimbabwe.
    assert sorted(budgets[budgets["currency"] == "USD"]["value"]) == [200000, 200000]
    zimbabwe = budgets[budgets["currency"] == "EUR"].iloc[0]
    assert zimbabwe["value"] == 450000 and zimbabwe["usd_converted"]
    assert zimbabwe["usd_rate_date"] == pd.Timestamp("2013-12-31")
    assert len(budgets) == 3  # every other budget is "null": missing, not zero
    countries = result.tables["activity_countries"]
    assert len(countries) == 24 and countries["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    informed = acts.loc[acts.index.str.startswith("Informed Migration"), "start"].iloc[0]
    assert informed == pd.Timestamp("2005-12-01")  # "2005-12": a month stands for its first day
    donors = result.tables["activity_donors"]
    assert len(donors) == 7 and (donors["donor_id"] == "iom-df").sum() == 4
    themes = result.tables["activity_themes"]
    assert sorted(themes["theme"]) == ["counter-trafficking", "data and research", "migration governance"]
    assert result.problems == []


def test_sample_projects_named_in_news():
    result = load(_sample("projects_named_in_news.csv"))
    assert (result.records_seen, result.records_loaded, result.records_rejected) == (32, 32, 0)
    acts = result.tables["activities"]
    assert acts["iati_identifier"].is_unique and acts["iati_identifier"].str.startswith("list:").all()
    countries = result.tables["activity_countries"].merge(acts[["iati_identifier", "title"]])
    triangle = countries[countries["title"].str.startswith("Comprehensive Assistance to Unaccompanied")]
    assert sorted(triangle["iso3"]) == ["GTM", "HND", "SLV"]
    assert len(countries) == 43
    # "null" countries are missing: four projects have none.
    assert acts["iati_identifier"].nunique() - countries["iati_identifier"].nunique() == 4
    budgets = result.tables["budgets"]
    assert budgets[["value", "currency", "value_usd"]].values.tolist() == [[1000000.0, "USD", 1000000.0]]
    donors = result.tables["activity_donors"]
    bmm = acts[acts["title"] == "Better Migration Management (BMM)"]["iati_identifier"].iloc[0]
    assert sorted(donors[donors["iati_identifier"] == bmm]["donor_id"]) == ["deu-bmz", "eu"]
    assert len(donors) == 33 and result.problems == []
    turkey = acts[acts["title"].str.startswith("Public-Private Partnerships")].iloc[0]
    assert turkey["start"] == pd.Timestamp("2020-10-01") and pd.isna(turkey["end"])
