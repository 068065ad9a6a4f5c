"""Roles, reviews and verification (issue 15): who may write, corrections as data that survive re-ingest,
two reviewers at once, the verified-only switch and share, the review desk in AppTest, and the evaluation
against reviews."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from news_releases import RELEASES, ingest_releases, touch_release
from streamlit.testing.v1 import AppTest

from dashboard.bundle_reader import read_bundle
from dashboard.ingest import ingest_paths
from dashboard.model.filters import Filters
from dashboard.model.review_fields import BadReviewValue, field_value, parse_value
from dashboard.model.roles import (
    ANONYMOUS,
    AccessConfig,
    AccessConfigError,
    Identity,
    PermissionDenied,
    parse_access,
    role_of,
)
from dashboard.review_scores import score_against_reviews
from dashboard.reviews import ReviewConflict, ReviewInput, ReviewRejected, append_reviews
from dashboard.store import read_store
from dashboard.transform.filtering import apply_filters
from dashboard.transform.kpis import kpi_values
from dashboard.transform.review_desk import NO_EVIDENCE, event_facts, people_trained_verified, review_queue
from dashboard.uploads import ingest_upload

APP = Path(__file__).resolve().parents[1] / "dashboard" / "app.py"
REVIEW_PAGE = APP.parent / "app_pages" / "review.py"
REVIEWER = Identity("rev@example.org", signed_in=True)
OTHER_REVIEWER = Identity("rev2@example.org", ("desk-team",), signed_in=True)
VIEWER = Identity("viewer@example.org", signed_in=True)
ACCESS = AccessConfig(users={"rev@example.org": "reviewer", "admin@example.org": "admin"},
                      groups={"desk-team": "reviewer"})

@pytest.fixture(scope="module")
def news_store_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(news folder, store) built once by a real ingest; tests copy the store."""
    return ingest_releases(tmp_path_factory.mktemp("reviews"))


@pytest.fixture
def store(news_store_template, tmp_path) -> Path:
    shutil.copytree(news_store_template[1], tmp_path / "store")
    return tmp_path / "store"


def _event_of(store: Path, participants: int) -> str:
    events = read_store(store)["events"]
    return str(events.loc[events["participants"] == participants, "event_id"].iloc[0])


# --- roles ----------------------------------------------------------------------------------------------


def test_roles_from_the_access_file():
    config = parse_access({"access": {"require_sign_in": False, "group_claim": "roles"},
                           "users": {"Rev@Example.org": "reviewer"}, "groups": {"Admins": "admin"}})
    assert role_of(ANONYMOUS, config) == "viewer"
    assert role_of(Identity("rev@example.org", signed_in=True), config) == "reviewer"  # case-folded
    assert role_of(Identity("x@example.org", ("admins",), signed_in=True), config) == "admin"
    assert role_of(Identity("x@example.org", signed_in=True), config) == "viewer"
    # An identity claimed without a sign-in gets nothing more than anonymous.
    assert role_of(Identity("rev@example.org", signed_in=False), config) == "viewer"
    closed = parse_access({"access": {"require_sign_in": True}})
    assert role_of(ANONYMOUS, closed) is None
    with pytest.raises(AccessConfigError, match="unknown role 'owner'"):
        parse_access({"users": {"a@b.c": "owner"}})


def test_the_default_access_file_lets_nobody_write():
    from dashboard.model.roles import DEFAULT_ACCESS_FILE, load_access

    config = load_access(DEFAULT_ACCESS_FILE)
    assert not config.users and not config.groups and config.default_role == "viewer"
    assert role_of(ANONYMOUS, config) == "viewer"


def test_write_paths_refuse_a_viewer_whatever_the_ui(store):
    """A request that bypasses the UI (calling the write function directly) is refused by the function."""
    event = _event_of(store, 140)
    before = read_store(store)
    for who in (ANONYMOUS, VIEWER, Identity("rev@example.org", signed_in=False)):
        with pytest.raises(PermissionDenied, match="needs the reviewer role"):
            append_reviews(store, [ReviewInput(event, "participants", "correct", "x", "140", "104")], who,
                           ACCESS)
        with pytest.raises(PermissionDenied, match="needs the admin role"):
            ingest_upload("a.txt", RELEASES["kenya.txt"].encode(), store, who, ACCESS)
    with pytest.raises(PermissionDenied):  # a reviewer is not an admin
        ingest_upload("a.txt", RELEASES["kenya.txt"].encode(), store, REVIEWER, ACCESS)
    after = read_store(store)
    assert after["reviews"].empty and len(after["sources"]) == len(before["sources"])


# --- corrections as data --------------------------------------------------------------------------------


def test_a_correction_survives_re_ingest_and_counts_as_verified(store, news_store_template):
    news = news_store_template[0]
    big, small = _event_of(store, 140), _event_of(store, 25)
    append_reviews(store, [ReviewInput(big, "participants", "correct", "the release says 104", "140", "104"),
                           ReviewInput(big, "activity_type", "confirm", "a training", "training")],
                   REVIEWER, ACCESS)
    assert field_value(read_store(store), big, "participants") == "104"
    # Re-ingest: a changed release is read again and every event re-derived from the extraction.
    touch_release(news)
    summary = ingest_paths([news], store)
    assert [f.status for f in summary.files].count("loaded") == 1
    tables = read_store(store)
    assert field_value(tables, big, "participants") == "104"
    assert len(tables["reviews"]) == 2
    bundle = read_bundle(store)
    assert kpi_values(bundle).people_trained == 104 + 25
    share = people_trained_verified(bundle)
    assert (share.total, share.verified) == (129, 104)
    assert share.caption("People trained") == "People trained 129 — 81 % verified"
    # Verified only: every figure limited to verified facts (the small training has none).
    verified = kpi_values(apply_filters(bundle, Filters(verified_only=True)))
    assert (verified.trainings, verified.people_trained) == (1, 104)
    assert verified.countries_reached == 0  # the countries of the big training are not verified
    assert small not in set(apply_filters(bundle, Filters(verified_only=True)).events["event_id"])


def test_rejections_and_list_corrections(store):
    big, small = _event_of(store, 140), _event_of(store, 25)
    append_reviews(store, [
        ReviewInput(small, "event", "reject", "not a training: a meeting"),
        ReviewInput(big, "countries", "correct", "also in Uganda", '["KEN"]', "ken, uga"),
        ReviewInput(big, "participants_female", "reject", "the release does not say", "60"),
    ], REVIEWER, ACCESS)
    tables = read_store(store)
    assert small not in set(tables["events"]["event_id"])
    assert small not in set(tables["event_countries"]["event_id"])
    assert field_value(tables, big, "countries") == '["KEN", "UGA"]'
    assert field_value(tables, big, "participants_female") is None
    assert len(tables["news_items"]) == 2  # the rejected event's release is still in the store


def test_bad_reviews_are_refused_whole(store):
    big = _event_of(store, 140)
    cases = [
        (ReviewInput(big, "participants", "correct", "typo", "140", "a hundred"), ReviewRejected,
         "whole number"),
        (ReviewInput(big, "countries", "correct", "x", '["KEN"]', "Atlantis"), ReviewRejected,
         "unknown value"),
        (ReviewInput(big, "participants", "confirm", "  ", "140"), ReviewRejected, "needs a reason"),
        (ReviewInput(big, "budget", "confirm", "x"), ReviewRejected, "not a fact"),
        (ReviewInput("ev-none", "participants", "confirm", "x"), ReviewRejected, "no such event"),
        (ReviewInput(big, "participants", "confirm", "stale", "150"), ReviewConflict, "changed since"),
    ]
    for review, error, message in cases:
        with pytest.raises(error, match=message):
            append_reviews(store, [ReviewInput(big, "city", "confirm", "fine", "Nairobi"), review],
                           REVIEWER, ACCESS)
    assert read_store(store)["reviews"].empty  # a batch with one bad review writes nothing


def test_parse_value_checks_each_kind():
    assert parse_value("participants", "1,040") == "1040"
    assert parse_value("start_date", "2023-03-05") == "2023-03-05"
    assert parse_value("themes", "gender; counter-trafficking") == '["counter-trafficking", "gender"]'
    assert parse_value("participants", "") is None
    with pytest.raises(BadReviewValue, match="start_date"):
        parse_value("start_date", "5 March")
    with pytest.raises(BadReviewValue, match="donors"):
        parse_value("donors", "nobody", frozenset({"eu"}))


def _review_in_process(store: str, event: str, seen: str, reviewer: str, groups: tuple[str, ...], n: int,
                       go) -> None:
    go.wait()
    who = Identity(reviewer, groups, signed_in=True)
    for i in range(n):
        append_reviews(Path(store), [ReviewInput(event, "city", "confirm", f"{reviewer} pass {i}", seen)],
                       who, ACCESS)


def test_two_reviewers_at_once_lose_nothing(store):
    """Two processes write reviews at the same moment; every one of them is in the store afterwards."""
    event = _event_of(store, 25)
    seen = field_value(read_store(store), event, "city")
    ctx = multiprocessing.get_context("spawn")
    go = ctx.Event()
    workers = [ctx.Process(target=_review_in_process,
                           args=(str(store), event, seen, who.email, who.groups, 5, go))
               for who in (REVIEWER, OTHER_REVIEWER)]
    for w in workers:
        w.start()
    go.set()
    for w in workers:
        w.join(timeout=240)
        assert w.exitcode == 0
    reviews = read_store(store)["reviews"]
    assert len(reviews) == 10
    assert reviews.groupby("reviewer").size().to_dict() == {"rev2@example.org": 5, "rev@example.org": 5}


def test_evaluate_against_reviews(store, capsys):
    from dashboard.cli import main

    big = _event_of(store, 140)
    append_reviews(store, [ReviewInput(big, "participants", "correct", "says 104", "140", "104"),
                           ReviewInput(big, "activity_type", "confirm", "right", "training"),
                           ReviewInput(big, "event", "confirm", "real")], REVIEWER, ACCESS)
    scores = score_against_reviews(read_store(store)).set_index("fact")
    assert scores.loc["participants", ["reviewed", "right", "corrected"]].tolist() == [1, 0, 1]
    assert scores.loc["activity_type", "accuracy"] == 1.0
    assert scores.loc["event", "right"] == 1
    assert main(["evaluate", "--reviews", "--store", str(store), "--json"]) == 0
    printed = {row["fact"]: row for row in json.loads(capsys.readouterr().out)}
    assert printed["participants"]["accuracy"] == 0.0


def test_queue_puts_big_donor_visible_unreviewed_first(store):
    bundle = read_bundle(store)
    queue = review_queue(bundle)
    big = str(queue["Event"].iloc[0])
    assert queue["Participants"].tolist()[0] == 140  # larger and names a donor
    facts = event_facts(bundle, big).set_index("Fact")
    assert facts.loc["participants", "Value"] == "140"
    if getattr(bundle, "event_evidence", None) is None or bundle.event_evidence.empty:
        assert facts.loc["participants", "Evidence"] == NO_EVIDENCE
    append_reviews(store, [ReviewInput(big, "participants", "confirm", "ok", "140")], REVIEWER, ACCESS)
    facts = event_facts(read_bundle(store), big).set_index("Fact")
    assert facts.loc["participants", "Review"].startswith("confirm by rev@example.org")


def test_facts_show_their_evidence_sentence_and_confidence(store):
    """With issue 11's event_evidence table present, each fact carries its sentence and confidence."""
    bundle = read_bundle(store)
    big = _event_of(store, 140)
    evidence = pd.DataFrame({"event_id": [big], "field": ["participants"], "value": ["140"],
                             "evidence": ["IOM trained 140 police officers"], "confidence": [0.4]})
    richer = replace(bundle, event_evidence=evidence)
    facts = event_facts(richer, big).set_index("Fact")
    assert facts.loc["participants", "Evidence"] == "IOM trained 140 police officers"
    assert facts.loc["participants", "Confidence"] == 0.4
    assert facts.loc["themes", "Evidence"] == NO_EVIDENCE
    queue = review_queue(richer)
    assert queue.set_index("Event").loc[big, "Lowest confidence"] == 0.4


# --- the app --------------------------------------------------------------------------------------------


def _app(store: Path, monkeypatch, tmp_path, user: dict | None, page: str | None = None,
         access: str = "", script: Path = APP) -> AppTest:
    monkeypatch.setenv("DASHBOARD_STORE", str(store))
    access_file = tmp_path / "access.toml"
    access_file.write_text(access, "utf-8")
    monkeypatch.setenv("DASHBOARD_ACCESS", str(access_file))
    st.cache_data.clear()
    at = AppTest.from_file(str(script), default_timeout=120)
    if user is not None:
        at.user = user
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


ROLES_TOML = '[users]\n"rev@example.org" = "reviewer"\n"admin@example.org" = "admin"\n'


def test_anonymous_viewer_has_no_way_to_write(store, monkeypatch, tmp_path):
    """The default configuration: no sign-in, so no upload widget, no review page, no write button."""
    for page in ("app_pages/data.py", "app_pages/overview.py"):
        at = _app(store, monkeypatch, tmp_path, None, page, access=ROLES_TOML)
        assert not at.get("file_uploader")
        assert not [b for b in at.button if b.label in ("Load into the store", "Record the review")]
    # The Review page is not in a viewer's navigation (asking for it shows the default page) ...
    viewer = {"is_logged_in": True, "email": "viewer@example.org"}
    at = _app(store, monkeypatch, tmp_path, viewer, "app_pages/review.py", access=ROLES_TOML)
    assert [t.value for t in at.title] == ["Overview"]
    # ... and running the page's script anyway (the widget forced into being) meets its own role check.
    at = _app(store, monkeypatch, tmp_path, viewer, access=ROLES_TOML, script=REVIEW_PAGE)
    assert [e.value for e in at.error] == ["The review desk needs the reviewer role."]
    assert not [b for b in at.button if b.label == "Record the review"]


def test_a_demoted_reviewer_s_click_is_refused_on_the_server(store, monkeypatch, tmp_path):
    reviewer = {"is_logged_in": True, "email": "rev@example.org"}
    at = _app(store, monkeypatch, tmp_path, reviewer, "app_pages/review.py", access=ROLES_TOML)
    at.selectbox(key="review_fact").set_value("participants")
    at.radio(key="review_action").set_value("confirm")
    at.text_input(key="review_reason").input("checked")
    (tmp_path / "access.toml").write_text("", "utf-8")  # the role is taken away between two runs
    at.button(key="review_submit").click().run()
    assert read_store(store)["reviews"].empty


def test_review_desk_records_a_correction_shown_in_the_kpis(store, monkeypatch, tmp_path):
    reviewer = {"is_logged_in": True, "email": "rev@example.org"}
    at = _app(store, monkeypatch, tmp_path, reviewer, "app_pages/review.py", access=ROLES_TOML)
    big = _event_of(store, 140)
    assert at.selectbox(key="review_event").value == big  # first in the queue
    at.selectbox(key="review_fact").set_value("participants").run()
    assert "Value: 140" in "\n".join(t.value for t in at.text)
    at.radio(key="review_action").set_value("correct").run()
    at.text_input(key="review_value").input("104")
    at.text_input(key="review_reason").input("the release says 104")
    at.button(key="review_submit").click().run()
    assert not at.exception
    reviews = read_store(store)["reviews"]
    assert reviews[["reviewer", "field", "old_value", "new_value", "action"]].values.tolist() == [
        ["rev@example.org", "participants", "140", "104", "correct"]]
    history = at.dataframe[-1].value  # the audit view, last on the page
    assert history["New value"].tolist() == ["104"]
    # Confirm the whole event: every stated fact confirmed, so its people count as verified.
    at.selectbox(key="review_fact").set_value("event")
    at.radio(key="review_action").set_value("confirm")
    at.text_input(key="review_reason").input("checked against the release")
    at.button(key="review_submit").click().run()
    assert "review(s) recorded" in "\n".join(t.value for t in at.text), [t.value for t in at.text]
    overview = _app(store, monkeypatch, tmp_path, None, "app_pages/overview.py", access=ROLES_TOML)
    captions = "\n".join(c.value for c in overview.caption)
    assert "People trained 129 — 81 % verified" in captions


def test_a_store_rebuilt_from_scratch_keeps_the_reviews(store, news_store_template, tmp_path):
    """The bundled-data rebuild ingests into a fresh folder: carry_reviews brings every review across."""
    from dashboard.reviews import carry_reviews

    big = _event_of(store, 140)
    append_reviews(store, [ReviewInput(big, "participants", "correct", "says 104", "140", "104")],
                   REVIEWER, ACCESS)
    fresh = tmp_path / "fresh"
    ingest_paths([news_store_template[0]], fresh)
    assert field_value(read_store(fresh), big, "participants") == "140"
    assert carry_reviews(store, fresh) == 1
    assert carry_reviews(store, fresh) == 1  # not doubled
    assert field_value(read_store(fresh), big, "participants") == "104"


def test_viewing_can_require_sign_in(store, monkeypatch, tmp_path):
    closed = "[access]\nrequire_sign_in = true\n"
    at = _app(store, monkeypatch, tmp_path, None, access=closed)
    assert [i.value for i in at.info] == ["Sign in to see the dashboard."]
    assert not at.metric
    at = _app(store, monkeypatch, tmp_path, {"is_logged_in": True, "email": "anyone@example.org"},
              access=closed)
    assert [t.value for t in at.title] == ["Overview"] and at.metric
