"""The brief and the command line in French and Spanish: the document, its files and the messages."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from dashboard import cli
from dashboard.brief.build import brief_html_bytes, render_brief
from dashboard.brief.cli import main as brief_main
from dashboard.brief.document import build_brief_document
from dashboard.i18n import current_language, set_language, using_language
from dashboard.model.filters import Filters
from dashboard.transform.donor_profile import donor_profile

GENERATED = dt.datetime(2026, 1, 1, 9, 30)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_brief_in_french_and_spanish(test_bundle):
    with using_language("fr"):
        doc = build_brief_document(test_bundle, "eu", Filters(), store_version="v", generated=GENERATED)
        rendered = render_brief(doc, draw_charts=False)
    assert doc.title.startswith("Note sur le donateur : ")
    assert [s.title for s in doc.sections][:2] == ["Argent", "Pays atteints"]
    assert '<html lang="fr">' in rendered.html and "Chiffres clés" in rendered.html
    assert "Personnes formées" in _pdf_text(rendered.pdf)
    assert current_language() == "en"  # the block's language does not outlive it
    with using_language("es"):
        doc = build_brief_document(test_bundle, "eu", Filters(), store_version="v", generated=GENERATED)
    assert doc.title.startswith("Nota sobre el donante: ")
    assert any(f.label == "Personas capacitadas" for f in doc.figures)


def test_the_page_hands_its_language_to_the_download(test_bundle):
    """The files are made when the download is asked for, maybe in another thread: the language travels."""
    profile = donor_profile(test_bundle, "eu")
    html = brief_html_bytes(profile, Filters(), "v", "es").decode("utf-8")
    assert '<html lang="es">' in html and "Cifras clave" in html
    assert current_language() == "en"


def test_cli_messages_follow_lang(tmp_path, test_store_dir, capsys):
    assert brief_main(["--donor", "Nobody", "--out", str(tmp_path / "x.pdf"), "--store", str(test_store_dir),
                       "--lang", "fr"]) == 1
    assert "erreur : aucun donateur 'Nobody'" in capsys.readouterr().err
    set_language("en")
    assert cli.main(["--lang", "es", "ingest", str(tmp_path / "missing.xml"), "--store",
                     str(tmp_path / "store")]) != 0
    assert capsys.readouterr().err.startswith("error: ")  # "error" is the same word in Spanish
    set_language("en")


def test_cli_language_from_the_locale(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert cli.main(["ingest", str(tmp_path / "missing.xml"), "--store", str(tmp_path / "store")]) != 0
    assert capsys.readouterr().err.startswith("erreur : ")
    set_language("en")


def test_the_brief_names_filters_in_the_language_of_the_brief():
    """Themes, activity types and regions in the brief's filter line are in its language (stored English
    values are not shown to a French reader)."""
    from dashboard.brief.document import describe_filters

    filters = Filters(themes=("counter-trafficking",), activity_types=("training",), regions=("Africa",))
    with using_language("fr"):
        text = describe_filters(filters)
    assert "lutte contre la traite" in text and "formation" in text and "Afrique" in text
    assert "counter-trafficking" not in text
