"""The language in the real browser: ``?lang=fr`` gives a French page with ``<html lang="fr">``, the choice
stays in the address (so a copied link keeps it), the picker switches it, and without ``?lang=`` the
browser's own language is used."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import test_browser as harness
from test_browser import App, no_exception, open_page, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# The browser harness's fixtures (a real `streamlit run` on the test store, Chromium, pages that fail on
# any request to another host), shared rather than copied.
app = harness.app
browser = harness.browser
page_factory = harness.page_factory


def _html_lang(page) -> str:
    # The script that sets it runs once the element is drawn: wait for it rather than sample once.
    page.wait_for_function("() => document.documentElement.lang !== ''", timeout=30_000)
    return page.evaluate("() => document.documentElement.lang")


def _lang_in_url(page) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get("lang", [])


def _title(page) -> str:
    return page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text().strip()


def test_lang_fr_sets_html_lang_and_shows_french(app: App, page_factory):
    page = page_factory()
    open_page(page, app, "", "lang=fr")
    no_exception(page)
    page.wait_for_function("() => document.documentElement.lang === 'fr'", timeout=30_000)
    assert _html_lang(page) == "fr"
    assert _title(page) == "Vue d'ensemble"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("Filtres", exact=True).count() == 1
    assert sidebar.get_by_text("Réinitialiser les filtres").count() == 1
    assert _lang_in_url(page) == ["fr"]

    # Another page, opened from the navigation, keeps the language, in the page and in the address.
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Carte", exact=True).click()
    page.wait_for_function("() => location.pathname.endsWith('/map')", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'fr'", timeout=30_000)
    assert _title(page) == "Carte"
    assert _html_lang(page) == "fr"


def test_the_picker_switches_language_and_the_address(app: App, page_factory):
    page = page_factory()
    open_page(page, app, "", "lang=fr")
    page.locator('[data-testid="stSidebar"] [data-testid="stButtonGroup"] button', has_text="Español").click()
    wait_for_app(page)
    page.wait_for_function("() => document.documentElement.lang === 'es'", timeout=30_000)
    assert _title(page) == "Resumen"
    assert _lang_in_url(page) == ["es"]


def test_without_lang_the_browser_language_is_used(app: App, browser):
    context = browser.new_context(locale="es-ES", viewport=harness.DESKTOP)
    try:
        page = context.new_page()
        open_page(page, app, "")
        page.wait_for_function("() => document.documentElement.lang === 'es'", timeout=30_000)
        assert _title(page) == "Resumen"
        # The language taken from the browser goes into the address too, so a copied link keeps it.
        page.wait_for_function("() => new URL(location.href).searchParams.get('lang') === 'es'",
                               timeout=30_000)
    finally:
        context.close()


def test_an_unsupported_lang_falls_back_to_english(app: App, page_factory):
    page = page_factory()
    open_page(page, app, "", "lang=%27%3Balert(1)%2F%2F")
    no_exception(page)
    assert _title(page) == "Overview"
    assert _html_lang(page) == "en"
