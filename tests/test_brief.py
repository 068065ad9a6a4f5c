"""The donor brief: figures read back from the PDF checked against the store, escaping, fonts and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from dataclasses import replace

import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard.brief.cli import main as brief_main
from dashboard.brief.cli import resolve_donor
from dashboard.brief.document import build_brief_document, describe_filters, usd_text
from dashboard.brief.render_html import render_html
from dashboard.brief.render_pdf import render_pdf
from dashboard.model.filters import Filters
from dashboard.model.schemas import conform

GENERATED = dt.datetime(2026, 1, 1, 9, 30)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    # one space between words: justified or wrapped lines come back with runs of spaces or line breaks
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _store_figures(bundle, donor_id: str) -> dict[str, str]:
    """The brief's headline figures recomputed from the raw tables, formatted as the brief prints them."""
    tx = bundle.transactions
    own = tx["provider_donor_id"] == donor_id
    committed = float(tx.loc[(tx["transaction_type"] == "11") & own, "value_usd"].sum())
    received = float(tx.loc[(tx["transaction_type"] == "1") & own, "value_usd"].sum())
    projects = bundle.activity_donors.loc[bundle.activity_donors["donor_id"] == donor_id, "iati_identifier"]
    linked = bundle.event_projects.loc[bundle.event_projects["iati_identifier"].isin(projects), "event_id"]
    named = bundle.event_donors.loc[bundle.event_donors["donor_id"] == donor_id, "event_id"]
    ev = bundle.events[bundle.events["event_id"].isin(set(linked) | set(named))]
    trainings = ev[ev["type"].isin(["training", "workshop"])]
    return {
        "committed": usd_text(committed),
        "received": usd_text(received),
        "people": f"People trained {int(trainings['participants'].sum()):,}",
    }


def test_pdf_figures_match_the_store(test_bundle):
    doc = build_brief_document(test_bundle, "eu", Filters(), store_version="v-test", generated=GENERATED)
    text = _pdf_text(render_pdf(doc))
    expected = _store_figures(test_bundle, "eu")
    assert f"Commitments from this donor (type 11) {expected['committed']}" in text
    assert f"Funds received from this donor (type 1) {expected['received']}" in text
    assert expected["people"] in text
    assert "Women trained 12" in text and "Men trained 18" in text
    # projects by their IATI identifier, releases by their address; internal ids and "None" never show
    assert "XM-TEST-A1" in text and "XM-TEST-A4" in text and "https://example.org/test/ev-1" in text
    assert "None" not in text and "iati_identifier" not in text and "event_id" not in text
    # spending is labelled with what it counts, the funders' shares beside it
    assert "Spent by the projects it funds, all funders" in text and "Funders' shares" in text
    # the ZWL amount is stated in its own currency, and the synthetic project is labelled
    assert "ZWL" in text and "9,000,000" in text
    assert "synthetic demo data" in text


def test_every_page_of_a_synthetic_brief_carries_the_mark(test_bundle):
    doc = build_brief_document(test_bundle, "eu", Filters(), store_version="v-test", generated=GENERATED)
    assert doc.warning  # the test store holds a synthetic project
    pages = PdfReader(io.BytesIO(render_pdf(doc))).pages
    assert len(pages) > 1
    assert all("SYNTHETIC DEMO DATA" in page.extract_text() for page in pages)
    assert '<div class="mark">synthetic demo data</div>' in render_html(doc)
    real = replace(doc, warning=None)
    assert all("SYNTHETIC DEMO DATA" not in page.extract_text()
               for page in PdfReader(io.BytesIO(render_pdf(real))).pages)


def test_fonts_print_every_name(test_bundle):
    donors = test_bundle.donors.copy()
    donors.loc[donors["donor_id"] == "gbr", "name"] = "Şanlıurfa – Côte d'Ivoire Fund"
    bundle = replace(test_bundle, donors=conform(donors, "donors"))
    doc = build_brief_document(
        bundle, "gbr", Filters(countries=("CIV",)), store_version="v", generated=GENERATED
    )
    text = _pdf_text(render_pdf(doc))
    assert "Şanlıurfa – Côte d'Ivoire Fund" in text
    assert "Côte d'Ivoire (CIV)" in text  # the scope line names the filtered country


def test_html_escapes_everything_from_the_data(test_bundle):
    events = test_bundle.events.copy()
    events.loc[events["event_id"] == "ev-1", "title"] = '<script>alert("x")</script> & <b>bold</b>'
    sources = test_bundle.event_sources.copy()
    sources.loc[sources["event_id"] == "ev-1", "url"] = "javascript:alert(1)"
    bundle = replace(
        test_bundle, events=conform(events, "events"), event_sources=conform(sources, "event_sources")
    )
    doc = build_brief_document(bundle, "eu", Filters(), store_version="v", generated=GENERATED)
    page = render_html(doc)
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page
    assert "http" not in page.split("<body>")[0]  # nothing fetched: no stylesheet or script from outside


def test_scope_in_words():
    assert describe_filters(Filters()) == "all records in the store"
    text = describe_filters(Filters(date_from=dt.date(2023, 1, 1), countries=("KEN",), themes=("gender",)))
    assert text == "from 2023-01-01 to today; countries Kenya (KEN); themes gender"


def test_resolve_donor_by_id_name_and_alias(test_bundle):
    assert resolve_donor(test_bundle, "eu") == "eu"
    assert resolve_donor(test_bundle, "european union") == "eu"
    assert resolve_donor(test_bundle, "Japan") == "jpn"
    assert resolve_donor(test_bundle, "Nobody at all") is None


def test_cli_errors(tmp_path, test_store_dir, capsys):
    assert (
        brief_main(["--donor", "Nobody", "--out", str(tmp_path / "x.pdf"), "--store", str(test_store_dir)])
        == 1
    )
    assert "no donor 'Nobody'" in capsys.readouterr().err
    assert (
        brief_main(["--donor", "eu", "--out", str(tmp_path / "x.pdf"), "--store", str(tmp_path / "none")])
        == 1
    )
    assert not (tmp_path / "x.pdf").exists()


def test_cli_with_filters_without_charts(tmp_path, test_store_dir, test_bundle):
    out = tmp_path / "jpn.pdf"
    code = brief_main(
        [
            "--donor",
            "Japan",
            "--out",
            str(out),
            "--store",
            str(test_store_dir),
            "--no-charts",
            "--date-from",
            "2021-01-01",
            "--country",
            "kEn",
            "--country",
            " tha",
        ]
    )
    assert code == 0
    text = _pdf_text(out.read_bytes())
    # from 2021 on, Japan's commitment of 2020 is out of scope; its 2023 receipt on A1 is in
    tx = test_bundle.transactions
    in_scope = tx[(tx["provider_donor_id"] == "jpn") & (tx["date"] >= pd.Timestamp("2021-01-01"))]
    assert "Commitments from this donor (type 11) not stated" in text  # no commitment in scope: unknown
    received = in_scope.loc[in_scope["transaction_type"] == "1", "value_usd"].sum()
    assert f"Funds received from this donor (type 1) {usd_text(float(received))}" in text
    # country codes are read in any case
    assert "Scope: from 2021-01-01 to today; countries Kenya (KEN), Thailand (THA)." in text


@pytest.mark.slow
def test_cli_draws_charts_offline(tmp_path, test_store_dir):
    if not (shutil.which("chromium") or shutil.which("google-chrome")):
        pytest.skip("no Chromium to draw charts with")
    out, page = tmp_path / "eu.pdf", tmp_path / "eu.html"
    assert (
        brief_main(["--donor", "eu", "--out", str(out), "--html", str(page), "--store", str(test_store_dir)])
        == 0
    )
    reader = PdfReader(out)
    images = [img for p in reader.pages for img in p.images]
    assert len(images) == 3  # funds by year, countries reached, people trained (the trainings are listed)
    html_text = page.read_text("utf-8")
    assert html_text.count('src="data:image/png;base64,') == 3
    assert (tmp_path / "eu-lists.xlsx").is_file()  # every list in full
    assert "not drawn" not in html_text


def test_pdf_fails_clearly_without_fonts(tmp_path, monkeypatch, test_bundle):
    from dashboard.brief.render_pdf import FontsMissing

    monkeypatch.setenv("DASHBOARD_FONT_DIR", str(tmp_path))
    doc = build_brief_document(test_bundle, "eu", Filters(), store_version="v", generated=GENERATED)
    with pytest.raises(FontsMissing, match="fonts-dejavu-core"):
        render_pdf(doc)


@pytest.mark.parametrize("browser", ["missing", "/bin/false"])
def test_brief_without_a_working_browser_says_so(tmp_path, monkeypatch, test_store_dir, capsys, browser):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / browser) if browser == "missing" else browser)
    out, page = tmp_path / "eu.pdf", tmp_path / "eu.html"
    assert (
        brief_main(["--donor", "eu", "--out", str(out), "--html", str(page), "--store", str(test_store_dir)])
        == 0
    )
    assert "Charts not drawn" in capsys.readouterr().err
    assert "Chart “Funds by year (USD)” not drawn" in _pdf_text(out.read_bytes())
    assert "data:image/png" not in page.read_text("utf-8")


def test_brief_of_a_view_with_nothing_in_it(test_bundle):
    from dashboard.transform.filtering import apply_filters

    filters = Filters(date_from=dt.date(1990, 1, 1), date_to=dt.date(1990, 12, 31))
    doc = build_brief_document(
        apply_filters(test_bundle, filters), "eu", filters, store_version="v", generated=GENERATED
    )
    text = _pdf_text(render_pdf(doc))
    assert "Commitments from this donor (type 11) not stated" in text and "People trained not stated" in text
    assert "No rows." in text
    assert "from 1990-01-01 to 1990-12-31" in text


def test_undated_money_keeps_its_own_row_in_the_funds_by_year() -> None:
    """A commitment without a date is neither dropped nor put in a year: its row is "no date"."""
    from dashboard.brief.document import brief_lists
    from dashboard.model.schemas import TABLES, empty
    from dashboard.transform.bundle import bundle_from_tables
    from dashboard.transform.donor_profile import donor_profile

    rows = {
        "activities": [{"iati_identifier": "XM-U-1", "source_file": "t"}],
        "activity_donors": [{"iati_identifier": "XM-U-1", "donor_id": "eu"}],
        "transactions": [
            {"iati_identifier": "XM-U-1", "transaction_type": "11", "value": 5.0, "currency": "USD",
             "value_usd": 5.0, "date": pd.Timestamp(2023, 3, 1), "provider_donor_id": "eu"},
            {"iati_identifier": "XM-U-1", "transaction_type": "11", "value": 2.0, "currency": "USD",
             "value_usd": 2.0, "date": None, "provider_donor_id": "eu"},
        ],
    }
    bundle = bundle_from_tables({n: conform(pd.DataFrame(rows[n]), n) if n in rows else empty(n)
                                 for n in TABLES})
    profile = donor_profile(bundle, "eu")
    funds, _ = brief_lists(profile)["Funds by year (USD)"]
    assert list(funds["year"]) == ["2023", "no date"]
    assert funds["commitments_usd"].sum() == pytest.approx(profile.summary.commitments_usd) == 7.0
