"""The five questions management and donors ask, each answered from the Overview within three actions.

Each test drives the real app in headless Chromium on the test store, counts the actions a person takes (a
page change, a choice in a widget, a typed date confirmed with Enter, a click on a chart, a download) and
checks the figures shown against the same transforms run on the test store here. Screenshots of each
answer go to tests/artifacts/ at desktop size, and for one question on a phone too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import test_browser as harness
from test_browser import PHONE, App, open_page, shot, wait_for_app

from dashboard.bundle_reader import read_bundle
from dashboard.components.charts import rounded_amount
from dashboard.components.kpi import format_usd
from dashboard.model.filters import Filters
from dashboard.transform.bundle import StoreBundle
from dashboard.transform.donors import donor_summary
from dashboard.transform.explorer import events_table
from dashboard.transform.filtering import apply_filters
from dashboard.transform.kpis import kpi_values
from dashboard.transform.rankings import ranking
from dashboard.transform.trainings import officials_trained, training_funders

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAX_ACTIONS = 3

# The browser harness's fixtures (a real `streamlit run` on the test store, Chromium, pages that fail on
# any request to another host), shared rather than copied.
app = harness.app
browser = harness.browser
page_factory = harness.page_factory


@dataclass
class Actions:
    """What a person does, counted: every method is one action and waits for the app to finish."""

    page: object
    done: list[str] = field(default_factory=list)

    def _settle(self) -> None:
        wait_for_app(self.page)

    def go_to(self, title: str) -> None:
        self.done.append(f"open {title}")
        self.page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
        self.page.wait_for_function(
            "t => [...document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] h1')]"
            ".some(h => h.innerText.startsWith(t))", arg=title, timeout=60_000)
        self._settle()

    def choose(self, key: str, typed: str, option: str) -> None:
        """Type into a select box or multiselect (``st-key-{key}``) and pick the option shown."""
        self.done.append(f"choose {option!r} in {key}")
        field_ = self.page.locator(f".st-key-{key}")
        field_.locator("input").click()
        field_.locator("input").fill(typed)
        self.page.get_by_role("option").filter(has_text=option).first.click()
        self.page.keyboard.press("Escape")
        self.page.wait_for_timeout(300)  # the widget sends its value; the app's run state then shows it
        self._settle()

    def type_date(self, key: str, date: dt.date) -> None:
        """Type a date into a date field and confirm it with Enter (no click elsewhere)."""
        self.done.append(f"type {date.isoformat()} + Enter in {key}")
        box = self.page.locator(f".st-key-{key} input")
        box.click()
        box.fill(date.isoformat())
        box.press("Enter")
        self.page.wait_for_function(
            "([k, v]) => new URL(location.href).searchParams.get(k) === v", arg=[key, date.isoformat()],
            timeout=30_000)
        self._settle()

    def click_segment(self, key: str, label: str) -> None:
        self.done.append(f"click {label!r} in {key}")
        self.page.locator(f".st-key-{key}").get_by_text(label, exact=True).click()
        self.page.wait_for_timeout(300)
        self._settle()

    def click_bar(self, chart_key: str, trace: int, point: int) -> None:
        """Click one bar of a Plotly chart (``trace``-th series, ``point``-th bar)."""
        self.done.append(f"click bar {point} of series {trace} in {chart_key}")
        bar = (self.page.locator(f".st-key-{chart_key} .barlayer .trace").nth(trace)
               .locator(".point").nth(point))
        bar.scroll_into_view_if_needed()
        box = bar.bounding_box()
        assert box, "bar not drawn"
        self.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        self._settle()

    def download(self, button_key: str) -> bytes:
        self.done.append(f"download {button_key}")
        with self.page.expect_download() as info:
            self.page.locator(f".st-key-{button_key} button").click()
        path = info.value.path()
        return open(path, "rb").read()

    def check(self) -> None:
        assert len(self.done) <= MAX_ACTIONS, self.done


@pytest.fixture(scope="module")
def bundle(app: App) -> StoreBundle:
    """The store the app under test reads, for computing the expected figures."""
    return read_bundle(Path(app.store))


def _svg_texts(locator) -> list[str]:
    """Text of SVG elements (a chart's labels), in document order."""
    return [t.strip() for t in locator.evaluate_all("els => els.map(e => e.textContent || '')")]


def _top_to_bottom(locator) -> list[str]:
    """Text of SVG labels as a reader sees them, from the top of the chart down."""
    pairs = locator.evaluate_all(
        "els => els.map(e => [e.textContent || '', e.getBoundingClientRect().top])")
    return [text.strip() for text, _ in sorted(pairs, key=lambda p: p[1])]


def _texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def _metric(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _grid_text(page, index: int = 0) -> str:
    """The cell text of the page's ``index``-th dataframe (its grid keeps an accessible copy of the cells)."""
    grid = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stDataFrame"]').nth(index)
    grid.locator("table").first.wait_for(state="attached")
    return grid.locator("table").first.text_content() or ""


def test_q1_officials_trained_in_east_africa_in_2023_and_who_paid(app: App, page_factory, bundle):
    page = page_factory()
    open_page(page, app, "")
    act = Actions(page)
    act.choose("region", "Eastern Af", "Eastern Africa")
    act.choose("year", "2023", "2023")
    act.go_to("Trainings")
    act.check()
    filters = Filters(regions=("Eastern Africa",), date_from=dt.date(2023, 1, 1),
                      date_to=dt.date(2023, 12, 31))
    view = apply_filters(bundle, filters)
    officials = officials_trained(view)
    expected = f"{officials.people:,}" if officials.stated else "not stated"
    assert _metric(page, "Officials trained") == expected
    funders = training_funders(view)
    assert not funders.empty
    shown = _grid_text(page, 0)
    for name in funders["donor"]:
        assert name in shown, (name, shown)
    shot(page, "question-1-officials-east-africa-2023")
    print(f"\nQ1 actions: {act.done}\nQ1 answer: officials trained {expected}; paid by "
          + "; ".join(f"{r.donor} ({r.trainings} trainings, {r.people_trained} people, {r.how})"
                      for r in funders.itertuples()))


def test_q2_what_the_eu_funded_in_zimbabwe_and_what_happened(app: App, page_factory, bundle):
    page = page_factory()
    open_page(page, app, "")
    act = Actions(page)
    act.choose("donor", "European", "European Union")
    act.choose("country", "Zimbab", "Zimbabwe (ZWE)")
    act.go_to("Country profile")
    act.check()
    filters = Filters(donors=("eu",), countries=("ZWE",))
    values = kpi_values(apply_filters(bundle, filters))
    assert _metric(page, "Projects") == f"{values.projects:,}"
    assert _metric(page, "Funds received (USD)") == format_usd(values.funds_received_usd)
    captions = " ".join(_texts(page, '[data-testid="stCaptionContainer"]'))
    assert f"{values.projects:,} projects" in captions
    events = events_table(apply_filters(bundle, filters))
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    if events.empty:
        assert "No news-reported event in Zimbabwe matches the current filters." in body
    else:
        assert f"{len(events):,} news-reported events" in captions
    shot(page, "question-2-eu-zimbabwe")
    print(f"\nQ2 actions: {act.done}\nQ2 answer: {values.projects} project(s), funds received "
          f"{format_usd(values.funds_received_usd)} ({values.funds_unconverted} amount(s) without a USD "
          "rate), "
          f"{len(events)} news event(s)")


def test_q3_countries_receiving_most_counter_trafficking_funds_since_2020(app: App, page_factory, bundle):
    page = page_factory()
    open_page(page, app, "")
    act = Actions(page)
    act.go_to("Rankings")
    act.choose("theme", "counter", "counter-trafficking")
    act.type_date("date_from", dt.date(2020, 1, 1))
    act.check()
    expected = ranking(apply_filters(bundle, Filters(themes=("counter-trafficking",),
                                                     date_from=dt.date(2020, 1, 1))),
                       "countries", "funds_received_usd")
    assert not expected.empty
    chart = page.locator(".st-key-ranking_bars")
    chart.locator(".barlayer .point").first.wait_for()
    labels = _top_to_bottom(chart.locator(".yaxislayer-above text"))
    assert labels == list(expected["name"]), labels
    bar_texts = _top_to_bottom(chart.locator(".barlayer text"))
    assert bar_texts == [rounded_amount(v) for v in expected["value"]], bar_texts
    shot(page, "question-3-counter-trafficking-ranking")
    phone = page_factory(PHONE)
    open_page(phone, app, "rankings", page.url.split("?", 1)[1])
    shot(phone, "question-3-counter-trafficking-ranking-phone")
    print(f"\nQ3 actions: {act.done}\nQ3 answer: "
          + "; ".join(f"{r.rank}. {r.name} {rounded_amount(r.value)}" for r in expected.itertuples()))


def test_q4_send_this_exact_view(app: App, page_factory):
    page = page_factory()
    open_page(page, app, "")
    act = Actions(page)
    act.go_to("Themes")
    # A date confirmed with Enter applies at once, and the click right after it is not lost.
    box = page.locator(".st-key-date_from input")
    box.click()
    box.fill("2023-01-01")
    box.press("Enter")
    act.done.append("type 2023-01-01 + Enter in date_from")
    act.click_segment("theme_measure", "People trained")
    act.check()
    page.wait_for_function(
        "() => new URL(location.href).searchParams.get('theme_measure') === 'People trained'"
        " && new URL(location.href).searchParams.get('date_from') === '2023-01-01'", timeout=30_000)
    link = page.url
    bars = _svg_texts(page.locator(".st-key-theme_bars .point"))
    assert _svg_texts(page.locator(".st-key-theme_bars .xtitle")) == ["People trained"]
    colleague = page_factory()
    open_page(colleague, app, link.split("/", 3)[3].split("?", 1)[0], link.split("?", 1)[1])
    assert colleague.locator(".st-key-date_from input").input_value() == "2023-01-01"
    assert _svg_texts(colleague.locator(".st-key-theme_bars .xtitle")) == ["People trained"]
    ticks = _svg_texts(colleague.locator(".st-key-theme_bars .yaxislayer-above text"))
    assert ticks == _svg_texts(page.locator(".st-key-theme_bars .yaxislayer-above text")) and ticks
    assert len(_svg_texts(colleague.locator(".st-key-theme_bars .point"))) == len(bars)
    shot(colleague, "question-4-shared-view")
    print(f"\nQ4 actions: {act.done}\nQ4 answer: the address bar holds the view: {link}")


def test_q5_download_the_projects_behind_a_bar(app: App, page_factory, bundle):
    page = page_factory()
    open_page(page, app, "")
    act = Actions(page)
    act.go_to("Donors")
    summary = donor_summary(bundle)
    drawn = summary[(summary["commitments_usd"] > 0) | (summary["funds_received_usd"] > 0)]
    drawn = drawn.reset_index(drop=True)
    position = int(drawn.index[drawn["donor_id"] == "eu"][0])
    act.click_bar("funds_by_donor", trace=1, point=position)  # trace 1: funds received
    page.wait_for_function("() => location.pathname.endsWith('/explorer')", timeout=30_000)
    wait_for_app(page)
    data = act.download("explorer_projects_csv")
    act.check()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    total = sum(float(r["Funds received (USD)"] or 0) for r in rows)
    bar = float(summary.loc[summary["donor_id"] == "eu", "funds_received_usd"].iloc[0])
    assert total == pytest.approx(bar, rel=1e-9), (total, bar, rows)
    assert all(float(r["Funds received (USD)"] or 0) > 0 for r in rows)
    shot(page, "question-5-eu-bar-explorer")
    print(f"\nQ5 actions: {act.done}\nQ5 answer: {len(rows)} project(s) whose 'Funds received (USD)' sums to "
          f"{total:,.2f} = the EU bar {bar:,.2f}")
