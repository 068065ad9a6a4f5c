"""Sign-in and roles end to end: the real app in headless Chromium signs in against a real OpenID Connect
provider (``oidc-provider-mock``) started by the test on a free port.

A viewer sees no upload and no Review page; a reviewer corrects a figure on the Review page; a re-ingest keeps
the correction; the Overview shows it in the people-trained verified share. Screenshots of each step go to
tests/artifacts/ (git-ignored). Same browser rules as ``test_browser.py``: Debian's /usr/bin/chromium, every
request to a host other than the app and the provider aborted and reported.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from news_releases import ingest_releases, touch_release

from dashboard.ingest import ingest_paths
from dashboard.model.review_fields import field_value
from dashboard.store import read_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
APP_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWER, REVIEWER = "viewer@example.org", "reviewer@example.org"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests must run in CI", pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed; browser tests skipped outside CI", allow_module_level=True)

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
import test_browser as harness  # noqa: E402
from playwright.sync_api import Page, Request, Route  # noqa: E402
from test_browser import _free_port, streamlit_server  # noqa: E402


@dataclass
class SignedApp:
    url: str
    hosts: tuple[str, ...]
    news: Path
    store: Path
    foreign: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SignedApp]:
    base = tmp_path_factory.mktemp("auth")
    news, store = ingest_releases(base)
    access = base / "access.toml"
    access.write_text(f'[access]\nrequire_sign_in = false\n\n[users]\n"{REVIEWER}" = "reviewer"\n', "utf-8")
    with oidc_provider_mock.run_server_in_thread(port=0) as provider:
        provider_url = f"http://127.0.0.1:{provider.server_port}"
        port = _free_port()
        app_url = f"http://127.0.0.1:{port}"
        # The secrets file the app reads, written for this test only (never in the repository).
        secrets_file = base / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "{app_url}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "iom-dashboard-test"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n', "utf-8")
        env = {**os.environ, "DASHBOARD_STORE": str(store), "DASHBOARD_ACCESS": str(access)}
        with streamlit_server(port, env, base / "streamlit.log", "--secrets.files", str(secrets_file)):
            yield SignedApp(app_url, (f"127.0.0.1:{port}", f"127.0.0.1:{provider.server_port}"), news, store)


# Chromium, started once per module by the browser harness (as the question tests do).
browser = harness.browser


@pytest.fixture
def new_page(browser, signed_app: SignedApp):
    contexts = []

    def make(color_scheme: str = "light") -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
        contexts.append(context)

        def guard(route: Route, request: Request) -> None:
            if urlsplit(request.url).netloc in signed_app.hosts or request.url.startswith(("data:", "blob:")):
                route.continue_()
                return
            route.abort()
            # The test provider's own sign-in form asks for a stylesheet on a CDN: blocked, but it is not
            # the app's request. Anything the app's pages ask from another host fails the test.
            if urlsplit(request.frame.url).netloc != signed_app.hosts[1]:
                signed_app.foreign.append(request.url)

        context.route("**/*", guard)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    assert signed_app.foreign == [], sorted(set(signed_app.foreign))


def wait_for_app(page: Page) -> None:
    page.wait_for_selector(APP_DONE, timeout=90_000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=60_000)
    page.wait_for_selector(APP_DONE, timeout=90_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)


def shot(page: Page, name: str) -> None:
    """The view as it is, and scrolled to the end (the app scrolls inside its main area)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"auth-{name}.png"))
    main = '[data-testid="stMain"]'
    if page.locator(main).count():
        page.evaluate(f"() => document.querySelectorAll('{main}')"
                      ".forEach(e => e.scrollTo(0, e.scrollHeight))")
        page.screenshot(path=str(ARTIFACTS / f"auth-{name}-end.png"))
        page.evaluate(f"() => document.querySelectorAll('{main}').forEach(e => e.scrollTo(0, 0))")


def sign_in(page: Page, app: SignedApp, who: str) -> None:
    """Press the sidebar's Sign in, type the subject at the provider, and come back signed in."""
    page.goto(app.url)
    wait_for_app(page)
    page.locator(".st-key-sign_in button").click()
    page.wait_for_url(lambda url: urlsplit(url).netloc == app.hosts[1], timeout=60_000)
    page.locator('input[name="sub"]').fill(who)
    shot(page, f"provider-{who.split('@')[0]}")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: urlsplit(url).netloc == app.hosts[0], timeout=60_000)
    wait_for_app(page)
    page.get_by_text(f"{who}").first.wait_for(timeout=60_000)


def nav_labels(page: Page) -> list[str]:
    """The page titles in the sidebar navigation (each link's text ends with its title, after its icon)."""
    links = page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    labels = [t.strip().splitlines()[-1] for t in links]
    assert "Overview" in labels, labels
    return labels


def pick(page: Page, key: str, option: str) -> None:
    """Choose ``option`` in the selectbox with widget key ``key``."""
    box = page.locator(f".st-key-{key}")
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.wait_for_selector(APP_DONE, timeout=60_000)


def fill(page: Page, key: str, text: str) -> None:
    field_ = page.locator(f".st-key-{key} input")
    field_.fill(text)
    field_.press("Enter")
    page.wait_for_selector(APP_DONE, timeout=60_000)


def test_anonymous_visitor_sees_no_writing_action(signed_app: SignedApp, new_page):
    page = new_page()
    for path in ("", "data"):
        page.goto(f"{signed_app.url}/{path}")
        wait_for_app(page)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert "Review" not in nav_labels(page)
    assert page.locator(".st-key-sign_in button").count() == 1
    shot(page, "anonymous-data")


def test_viewer_signs_in_and_still_cannot_upload_or_review(signed_app: SignedApp, new_page):
    page = new_page()
    sign_in(page, signed_app, VIEWER)
    assert f"{VIEWER}\nrole: viewer" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Review" not in nav_labels(page)
    page.goto(f"{signed_app.url}/data")
    wait_for_app(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.goto(f"{signed_app.url}/review")  # not in the viewer's navigation: the app shows its default page
    wait_for_app(page)
    assert page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text() != "Review"
    assert page.locator(".st-key-review_submit").count() == 0
    shot(page, "viewer-review-refused")


def test_reviewer_corrects_a_figure_that_survives_re_ingest(signed_app: SignedApp, new_page):
    page = new_page()
    sign_in(page, signed_app, REVIEWER)
    assert "Review" in nav_labels(page)
    page.goto(f"{signed_app.url}/review")
    wait_for_app(page)
    shot(page, "review-desk")
    events = read_store(signed_app.store)["events"]
    big = str(events.loc[events["participants"] == 140, "event_id"].iloc[0])
    pick(page, "review_fact", "participants")
    # The chosen fact's value is drawn by the rerun the pick started: wait for it, do not sample once.
    page.locator('[data-testid="stText"]').filter(has_text="Value: 140").first.wait_for(timeout=60_000)
    page.locator(".st-key-review_action").get_by_text("Correct").click()
    page.wait_for_selector(APP_DONE, timeout=60_000)
    fill(page, "review_value", "104")
    fill(page, "review_reason", "the release says 104")
    page.locator(".st-key-review_submit button").click()
    page.get_by_text("1 review(s) recorded.").wait_for(timeout=60_000)
    shot(page, "review-corrected")
    # Confirm the whole event: its type and every stated fact become verified.
    pick(page, "review_fact", "the whole event")
    page.locator(".st-key-review_action").get_by_text("Confirm").click()
    page.wait_for_selector(APP_DONE, timeout=60_000)
    fill(page, "review_reason", "checked against the release")
    page.locator(".st-key-review_submit button").click()
    page.get_by_text("review(s) recorded.").wait_for(timeout=60_000)
    shot(page, "review-confirmed-with-history")
    assert field_value(read_store(signed_app.store), big, "participants") == "104"

    # Files go in through the command line: a changed release is read again and every event re-derived.
    touch_release(signed_app.news)
    summary = ingest_paths([signed_app.news], signed_app.store)
    assert [f.status for f in summary.files].count("loaded") == 1
    assert field_value(read_store(signed_app.store), big, "participants") == "104"

    page.goto(signed_app.url)
    wait_for_app(page)
    people = page.locator('[data-testid="stMetric"]').filter(has_text="People trained").first
    assert people.locator('[data-testid="stMetricValue"]').inner_text().strip() == "129"  # 104 + 25
    captions = " ".join(page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    assert "People trained 129 — 81 % verified" in captions
    shot(page, "overview-verified-share")
    # The switch: every figure limited to verified facts.
    page.locator(".st-key-verified label").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('verified') !== null")
    wait_for_app(page)
    # The address changes as the filtered run starts; wait for the card to leave its unfiltered figure.
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stMetric"]')]
        .some(m => m.innerText.includes('People trained') && !m.innerText.includes('129'))""", timeout=60_000)
    assert people.locator('[data-testid="stMetricValue"]').inner_text().strip() == "104"
    shot(page, "overview-verified-only")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_review_desk_has_no_serious_axe_violation(signed_app: SignedApp, new_page, theme: str):
    """The one page axe cannot reach without signing in: the Review desk, checked like every other page."""
    import test_browser_axe as axe  # skips this test where axe-core is not installed (outside CI)

    page = new_page(theme)
    sign_in(page, signed_app, REVIEWER)
    page.goto(f"{signed_app.url}/review")
    wait_for_app(page)
    assert page.locator('[data-testid="stMainBlockContainer"] h1').first.inner_text() == "Review"
    violations = axe.axe_violations(page)
    print(f"\naxe-core on the Review desk ({theme}):\n" + axe.summary_table({("review", theme): violations}))
    failing = [f"{v['impact']} {v['id']}: {v['help']} — {v['targets']}" for v in violations
               if v["impact"] in axe.FAILING_IMPACTS]
    assert not failing, failing
