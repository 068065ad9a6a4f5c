"""axe-core's WCAG 2.0/2.1 A and AA rules on every page of the real app, in the light and the dark theme.

axe-core comes from npm at the version pinned in ``tests/axe/package-lock.json`` (``scripts/test.sh`` runs
``npm ci`` there); its script is injected into each page after the app has finished drawing, with every
expander opened so the tables behind the charts are checked too. Any serious or critical violation fails the
test; every violation found (all impacts) is written per page and theme to ``tests/artifacts/axe.md`` and
``axe.json``, the figures ``tests/axe/README.md`` quotes.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
import test_browser as harness
from test_browser import ARTIFACTS, DESKTOP, App, no_exception, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE_SCRIPT = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")
THEMES = ("light", "dark")
# Every page of the navigation; the two profiles also with a subject chosen, which is where their charts,
# map and tables are (unchosen, they show only the picker).
VIEWS = {  # name -> (url path, query, a heading the view must show)
    **{path or "overview": (path, "", title) for path, title in harness.PAGES.items()},
    "country_profile (Kenya)": ("country_profile", "country=KEN", "Kenya"),
    "donor_profile (European Union)": ("donor_profile", "donor=European+Union", "European Union"),
}

if not AXE_SCRIPT.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci --prefix tests/axe` (scripts/test.sh does)",
                    pytrace=False)
    pytest.skip("axe-core not installed (npm ci --prefix tests/axe); axe tests skipped outside CI",
                allow_module_level=True)

# The browser harness's fixtures (a real `streamlit run` on the test store, Chromium, pages that fail on any
# request to another host), shared rather than copied.
app = harness.app
browser = harness.browser
page_factory = harness.page_factory

# Opens every collapsed expander (its content is drawn only when open) and waits for lazily drawn elements.
OPEN_EXPANDERS = """() => document
    .querySelectorAll('[data-testid="stExpander"] details:not([open]) > summary').forEach(s => s.click())"""
RUN_AXE = """async (tags) => {
    const result = await axe.run(document,
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
        summary: v.nodes.length ? v.nodes[0].failureSummary : ''}));
}"""
# The page's background luminance: proves the context's colour scheme reached the app's theme.
BACKGROUND_LUMINANCE = """() => {
    const [r, g, b] = getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor
        .match(/\\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}"""


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG A/AA violations on the page as it is now, one entry per rule."""
    page.evaluate(OPEN_EXPANDERS)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=60_000)
    page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def summary_table(results: dict[tuple[str, str], list[dict]]) -> str:
    """Markdown: one row per page and theme, violations counted by impact and listed by rule (nodes)."""
    lines = ["| page | theme | critical | serious | moderate | minor | rules (elements) |",
             "|---|---|---|---|---|---|---|"]
    for (view, theme), violations in results.items():
        impacts = Counter(v["impact"] for v in violations)
        rules = ", ".join(f"{v['id']} ({v['nodes']})" for v in violations) or "none"
        lines.append(f"| {view} | {theme} | " + " | ".join(str(impacts.get(i, 0)) for i in
                                                           ("critical", "serious", "moderate", "minor"))
                     + f" | {rules} |")
    return "\n".join(lines)


def test_no_serious_or_critical_axe_violation(app: App, page_factory):
    results: dict[tuple[str, str], list[dict]] = {}
    for theme in THEMES:
        page = page_factory(DESKTOP, theme)
        for view, (path, query, heading) in VIEWS.items():
            open_page(page, app, path, query)
            no_exception(page)
            headings = page.locator('[data-testid="stMainBlockContainer"] :is(h1, h2)').all_inner_texts()
            assert any(h.startswith(heading) for h in headings), (view, headings)
            luminance = page.evaluate(BACKGROUND_LUMINANCE)
            assert (luminance < 0.3) if theme == "dark" else (luminance > 0.7), (view, theme, luminance)
            results[(view, theme)] = axe_violations(page)
    ARTIFACTS.mkdir(exist_ok=True)
    table = summary_table(results)
    (ARTIFACTS / "axe.md").write_text(table + "\n")
    (ARTIFACTS / "axe.json").write_text(json.dumps(
        [{"page": view, "theme": theme, "violations": v} for (view, theme), v in results.items()], indent=1))
    print(f"\naxe-core {', '.join(WCAG_TAGS)} violations per page and theme:\n{table}")
    failing = {f"{view} ({theme})": [f"{v['impact']} {v['id']}: {v['help']} — {v['targets']}"
                                     for v in violations if v["impact"] in FAILING_IMPACTS]
               for (view, theme), violations in results.items()}
    assert not any(failing.values()), json.dumps({k: v for k, v in failing.items() if v}, indent=1)


def _tab_to(page, key: str, most: int = 60) -> None:
    """Press Tab until the keyboard focus is in the text field of the widget ``st-key-{key}`` (fails past
    ``most``)."""
    for _ in range(most):
        inside = page.evaluate("k => !!document.activeElement?.matches('.st-key-' + k + ' input')", key)
        if inside:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{most} presses of Tab never reached {key}")


def test_a_country_profile_opens_from_the_map_page_by_keyboard(app: App, page_factory):
    """What a click on a country does, done with Tab, typing and Enter only."""
    page = page_factory()
    open_page(page, app, "map")
    page.locator(".st-key-measure button").first.focus()  # the first control under the page's title
    _tab_to(page, "map_open")
    page.keyboard.type("Keny")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.pathname.endsWith('/country_profile')", timeout=30_000)
    harness.wait_for_app(page)
    no_exception(page)
    assert "Kenya" in page.locator('[data-testid="stMainBlockContainer"] h2').first.inner_text()


def test_the_records_behind_a_ranking_bar_open_by_keyboard(app: App, page_factory):
    page = page_factory()
    open_page(page, app, "rankings")
    page.locator(".st-key-rank_measure input").focus()
    _tab_to(page, "rank_open")
    page.keyboard.type("Uganda")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.pathname.endsWith('/explorer')", timeout=30_000)
    harness.wait_for_app(page)
    no_exception(page)
    assert "Uganda" in page.locator(".st-key-country").inner_text()
