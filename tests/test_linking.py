"""Linking news events to projects: each signal on hand-made frames, plus speed at scale."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.model.linking import (
    MIN_CONFIDENCE,
    acronym_key,
    bracketed_acronyms,
    link_events_to_projects,
    name_key,
)
from dashboard.model.schemas import TABLES, conform


def _tables(**frames: list[dict]) -> dict[str, pd.DataFrame]:
    """Conformed store tables from lists of row dicts; tables not given are empty."""
    out = {}
    for name in TABLES:
        rows = frames.get(name, [])
        out[name] = conform(
            pd.DataFrame(rows, columns=list(TABLES[name].columns) if not rows else None), name
        )
    return out


def _zimbabwe() -> dict[str, pd.DataFrame]:
    """Two Zimbabwe projects (EU and IOM Development Fund) and releases about them."""
    return _tables(
        activities=[
            {
                "iati_identifier": "P-PMGZ",
                "title": "Promoting Migration Governance in Zimbabwe (PMGZ)",
                "start": "2018-01-01",
                "end": "2021-12-31",
                "source_file": "projects.csv",
            },
            {
                "iati_identifier": "P-IBM",
                "title": "Comprehensive Border Assessments and Immigration Policy for "
                "Enhancing Capacity on Integrated Border Management in Zimbabwe",
                "source_file": "projects.csv",
            },
            {
                "iati_identifier": "P-OLD",
                "title": "Strengthening the capacity of central and local government "
                "authorities to manage migration in Zimbabwe",
                "start": "2013-05-20",
                "end": "2015-05-19",
                "source_file": "projects.csv",
            },
            {
                "iati_identifier": "P-GEO",
                "title": "Support to Integrated Border Management in Georgia",
                "source_file": "projects.csv",
            },
        ],
        activity_countries=[
            {"iati_identifier": "P-PMGZ", "iso3": "ZWE"},
            {"iati_identifier": "P-IBM", "iso3": "ZWE"},
            {"iati_identifier": "P-OLD", "iso3": "ZWE"},
            {"iati_identifier": "P-GEO", "iso3": "GEO"},
        ],
        activity_donors=[
            {"iati_identifier": "P-PMGZ", "donor_id": "eu"},
            {"iati_identifier": "P-IBM", "donor_id": "iom-df"},
            {"iati_identifier": "P-OLD", "donor_id": "eu"},
            {"iati_identifier": "P-GEO", "donor_id": "eu"},
        ],
        activity_themes=[
            {"iati_identifier": "P-PMGZ", "theme": "migration governance"},
            {"iati_identifier": "P-IBM", "theme": "border management"},
        ],
        donors=[
            {"donor_id": "eu", "name": "European Union"},
            {"donor_id": "iom-df", "name": "IOM Development Fund"},
        ],
        events=[
            # names PMGZ by acronym only, and the IDF project by its full title
            {"event_id": "E1", "start_date": "2019-11-01", "published_date": "2019-11-05"},
            # EU-funded event in Zimbabwe naming no programme, during PMGZ
            {"event_id": "E2", "start_date": "2020-03-10"},
            # a release in Georgia naming nothing: no Georgian EU project may be dragged in without a donor
            {"event_id": "E3", "start_date": "2020-03-10"},
            # EU-funded event in Zimbabwe in 2014: the old project is active then, PMGZ is not
            {"event_id": "E4", "start_date": "2014-06-01"},
        ],
        event_countries=[
            {"event_id": "E1", "iso3": "ZWE", "role": "host"},
            {"event_id": "E2", "iso3": "ZWE", "role": "host"},
            {"event_id": "E3", "iso3": "GEO", "role": "host"},
            {"event_id": "E4", "iso3": "ZWE", "role": "host"},
        ],
        event_donors=[
            {"event_id": "E1", "donor_id": "eu", "name": "European Union"},
            {"event_id": "E1", "donor_id": "iom-df", "name": "IOM Development Fund"},
            {"event_id": "E2", "donor_id": "eu", "name": "European Union"},
            {"event_id": "E4", "donor_id": "eu", "name": "EU"},
        ],
        event_themes=[
            {"event_id": "E1", "theme": "border management"},
            {"event_id": "E2", "theme": "migration governance"},
        ],
        event_programmes=[
            {"event_id": "E1", "programme": "Promoting Migration Governance", "acronym": "PMGZ"},
            {
                "event_id": "E1",
                "programme": "Comprehensive Border Assessments and Immigration Policy for "
                "Enhancing Capacity on Integrated Border Management in Zimbabwe",
            },
        ],
    )


def _links(tables: dict[str, pd.DataFrame]) -> dict[tuple[str, str], tuple[float, str]]:
    out = link_events_to_projects(tables)
    return {(r.event_id, r.iati_identifier): (r.confidence, r.evidence) for r in out.itertuples()}


def test_acronym_and_name_keys():
    assert acronym_key("CHARJ+") == "CHARJ+"
    assert acronym_key("HER CTIP") == "HERCTIP"
    assert acronym_key("the project") is None
    assert bracketed_acronyms("Heal Empower Rise-Counter Trafficking in Persons (HER CTIP) Project") == [
        "HERCTIP"
    ]
    assert bracketed_acronyms("Support (2006)") == []
    assert name_key("Support to the Integrated Border Management in Georgia (EU4 SAFE)") == name_key(
        "support to integrated border management in GEORGIA"
    )


def test_named_programmes_link_with_evidence():
    links = _links(_zimbabwe())
    conf, evidence = links[("E1", "P-PMGZ")]
    assert conf >= 0.9
    assert "names PMGZ" in evidence and "European Union-funded ZWE project" in evidence
    assert "active on the event's date (2019-11-01)" in evidence
    conf, evidence = links[("E1", "P-IBM")]
    assert conf >= 0.9 and "names the project by its title" in evidence
    assert "shares theme border management" in evidence


def test_donor_country_date_links_and_date_rules():
    links = _links(_zimbabwe())
    # E2: EU + ZWE + in PMGZ's dates; the old EU project ended in 2015, so it is ruled out
    conf, evidence = links[("E2", "P-PMGZ")]
    assert MIN_CONFIDENCE <= conf < 0.9
    assert "shares theme migration governance" in evidence
    assert ("E2", "P-OLD") not in links
    # E4 in 2014: the old project is the active one, PMGZ (from 2018) is not linked
    assert ("E4", "P-OLD") in links
    assert ("E4", "P-PMGZ") not in links


def test_no_donor_no_name_no_link():
    links = _links(_zimbabwe())
    assert not any(event == "E3" for event, _ in links)
    # never across countries without a name: the Georgian project gets no Zimbabwe story
    assert not any(project == "P-GEO" for _, project in links)


def _append(tables: dict[str, pd.DataFrame], name: str, *rows: pd.DataFrame) -> None:
    tables[name] = conform(pd.concat([tables[name], *rows]), name)


def _with_more_eu_zimbabwe_projects(themed: bool) -> dict[str, pd.DataFrame]:
    """The Zimbabwe tables plus four EU projects in Zimbabwe with PMGZ's dates, sharing E2's theme or not."""
    tables = _zimbabwe()
    extra = pd.DataFrame({"iati_identifier": [f"P-EU{i}" for i in range(4)]})
    titles = [f"EU project {i}" for i in range(4)]
    _append(
        tables,
        "activities",
        extra.assign(title=titles, source_file="x.csv", start="2018-01-01", end="2021-12-31"),
    )
    _append(tables, "activity_countries", extra.assign(iso3="ZWE"))
    _append(tables, "activity_donors", extra.assign(donor_id="eu"))
    if themed:
        _append(tables, "activity_themes", extra.assign(theme="migration governance"))
    return tables


def test_ambiguity_lowers_confidence():
    # the four extra projects are as well supported as PMGZ for E2 (EU, Zimbabwe, same dates and theme)
    tables = _with_more_eu_zimbabwe_projects(themed=True)
    before = _links(_zimbabwe())[("E2", "P-PMGZ")][0]
    after = _links(tables).get(("E2", "P-PMGZ"), (0.0, ""))[0]
    assert after < before
    # a named link does not lose confidence because of unnamed candidates
    assert _links(tables)[("E1", "P-PMGZ")][0] == _links(_zimbabwe())[("E1", "P-PMGZ")][0]


def test_only_the_best_supported_unnamed_candidates_are_kept():
    # PMGZ shares E2's theme; the four extra EU projects (same donor, country and dates) do not
    links = _links(_with_more_eu_zimbabwe_projects(themed=False))
    assert [p for e, p in links if e == "E2"] == ["P-PMGZ"]
    assert links[("E2", "P-PMGZ")][0] == _links(_zimbabwe())[("E2", "P-PMGZ")][0]


def test_all_named_donors_and_description_strengthen_a_link():
    tables = _zimbabwe()
    # a second Zimbabwe project funded by both the EU and the IDF, described as part of "XYZP"
    both = pd.DataFrame({"iati_identifier": ["P-BOTH"]})
    _append(
        tables,
        "activities",
        both.assign(
            title="Migration data in Zimbabwe", description="Part of the XYZP programme.", source_file="x"
        ),
    )
    _append(tables, "activity_countries", both.assign(iso3="ZWE"))
    _append(tables, "activity_donors", both.assign(donor_id="eu"), both.assign(donor_id="iom-df"))
    _append(tables, "event_donors", pd.DataFrame([{"event_id": "E2", "donor_id": "iom-df", "name": "IDF"}]))
    _append(
        tables,
        "event_programmes",
        pd.DataFrame([{"event_id": "E2", "programme": "the programme", "acronym": "XYZP"}]),
    )
    links = _links(tables)
    conf, evidence = links[("E2", "P-BOTH")]
    assert "funded by all 2 donors the release names" in evidence
    assert "its description names “the programme”" in evidence
    assert conf > links.get(("E2", "P-IBM"), (0.0, ""))[0]


def test_fuzzy_programme_name():
    tables = _zimbabwe()
    tables["event_programmes"] = conform(
        pd.DataFrame(
            [
                {
                    "event_id": "E3",
                    "programme": "Support for Integrated Border Management of Georgia, phase 2",
                }
            ]
        ),
        "event_programmes",
    )
    links = _links(tables)
    conf, evidence = links[("E3", "P-GEO")]
    assert conf >= 0.6 and "like the title" in evidence


def test_output_contract_and_bounds():
    out = link_events_to_projects(_zimbabwe())
    assert list(out.columns) == list(TABLES["event_projects"].columns)
    assert out["confidence"].between(0, 1).all()
    assert not out.duplicated(["event_id", "iati_identifier"]).any()
    assert out["evidence"].str.len().gt(0).all()


def test_empty_tables_give_empty_links():
    assert link_events_to_projects({}).empty
    assert link_events_to_projects(_tables()).empty


def _synthetic_scale(n_events: int, n_projects: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """A large random store: projects over 150 countries and 40 donors, events naming some of them."""
    rng = np.random.default_rng(seed)
    countries = [f"C{i:02d}" for i in range(150)]
    donors = [f"d{i}" for i in range(40)]
    words = [f"w{i}" for i in range(3000)]
    pid = [f"P{i}" for i in range(n_projects)]
    titles = [" ".join(rng.choice(words, 6)) + f" (A{i})" for i in range(n_projects)]
    start = pd.to_datetime("2015-01-01") + pd.to_timedelta(rng.integers(0, 2500, n_projects), unit="D")
    acts = pd.DataFrame(
        {
            "iati_identifier": pid,
            "title": titles,
            "start": start,
            "end": start + pd.to_timedelta(rng.integers(200, 1500, n_projects), unit="D"),
            "source_file": "synthetic",
        }
    )
    ac = pd.DataFrame({"iati_identifier": pid, "iso3": rng.choice(countries, n_projects)})
    ad = pd.DataFrame({"iati_identifier": pid, "donor_id": rng.choice(donors, n_projects)})
    eid = [f"E{i}" for i in range(n_events)]
    ev = pd.DataFrame(
        {
            "event_id": eid,
            "start_date": pd.to_datetime("2016-01-01")
            + pd.to_timedelta(rng.integers(0, 3000, n_events), unit="D"),
        }
    )
    ec = pd.DataFrame({"event_id": eid, "iso3": rng.choice(countries, n_events), "role": "host"})
    ed = pd.DataFrame({"event_id": eid, "donor_id": rng.choice(donors, n_events), "name": "x"})
    named = rng.choice(n_events, n_events // 5, replace=False)
    picks = rng.integers(0, n_projects, len(named))
    ep = pd.DataFrame(
        {
            "event_id": [eid[i] for i in named],
            "programme": [titles[p].rsplit(" (", 1)[0] + " project" for p in picks],
            "acronym": [f"A{p}" if k % 2 else None for k, p in enumerate(picks)],
        }
    )
    return _tables() | {
        "activities": conform(acts, "activities"),
        "activity_countries": conform(ac, "activity_countries"),
        "activity_donors": conform(ad, "activity_donors"),
        "events": conform(ev, "events"),
        "event_countries": conform(ec, "event_countries"),
        "event_donors": conform(ed, "event_donors"),
        "event_programmes": conform(ep, "event_programmes"),
    }


@pytest.mark.slow
def test_scale_100k_events_10k_projects():
    tables = _synthetic_scale(100_000, 10_000)
    started = time.perf_counter()
    out = link_events_to_projects(tables)
    seconds = time.perf_counter() - started
    print(f"linking 100,000 events x 10,000 projects: {seconds:.1f} s, {len(out):,} links")
    assert seconds < 120
    # every event that names a project's title finds that project
    ep = tables["event_programmes"]
    assert ep["event_id"].isin(out["event_id"]).mean() > 0.95


# --- precision and recall on the shared, hand-checkable sample ---------------------------------------------

SHARED = Path(__file__).resolve().parents[2] / "shared"
HAND_CHECKED = Path(__file__).parent / "fixtures" / "linking" / "hand_checked_links.csv"


def _shared_sample_tables() -> dict[str, pd.DataFrame]:
    """Events from the corpus labels (the truth for each release, so only linking is measured) and the
    projects of ``samples/projects`` read by the project-list loader."""
    from dashboard.loaders.project_table import load_project_table
    from dashboard.model.donors import DonorRegistry
    from dashboard.news.events import build_event_tables

    registry = DonorRegistry.from_reference()
    records = []
    for line in (SHARED / "corpus" / "news" / "labels.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        records.append({**record, "source": record["id"], "source_file": f"labels.jsonl#{record['id']}"})
    tables = dict(build_event_tables(records, registry))
    loaded = [
        load_project_table(p, registry, source_name=p.name)
        for p in sorted((SHARED / "samples" / "projects").glob("*.csv"))
    ]
    for name in loaded[0].tables:
        tables[name] = pd.concat([r.tables[name] for r in loaded if name in r.tables], ignore_index=True)
    tables["donors"] = registry.table()
    return tables


def _scraped_file_urls() -> dict[str, str]:
    index = pd.read_csv(SHARED / "corpus" / "news" / "index.csv", dtype=str)
    urls = {f"{i}.txt": u for i, u in zip(index["id"], index["url"], strict=True)}
    seed = pd.read_csv(Path(__file__).parent / "fixtures" / "linking" / "scraped_file_urls.csv", dtype=str)
    return urls | dict(zip(seed["file"], seed["url"], strict=True))


def measure_linking(tables: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Precision and recall of the links against ``projects_named_in_news.csv`` (a project is linked to the
    release whose URL cites it) plus the hand-checked verdicts on links outside that list."""
    from dashboard.news.dedup import normalise_url

    links = link_events_to_projects(tables)
    sources = tables["event_sources"][["event_id", "url", "source_file"]].copy()
    # Scraped text files carry no address: the corpus index (and, for the seed, a fixture) gives it.
    by_file = _scraped_file_urls()
    named = sources["source_file"].map(lambda f: by_file.get(Path(str(f)).name), na_action="ignore")
    sources["url"] = sources["url"].fillna(named)
    sources["u"] = sources["url"].map(normalise_url, na_action="ignore")
    projects = tables["activities"][["iati_identifier", "title", "url"]].assign(
        u=lambda d: d["url"].map(normalise_url, na_action="ignore")
    )
    truth = projects.dropna(subset=["u"]).merge(sources, on="u")[["event_id", "iati_identifier"]]
    truth = set(truth.itertuples(index=False, name=None))
    checked = pd.read_csv(HAND_CHECKED)
    verdicts = {(normalise_url(r.event_url), r.project_title): r.verdict for r in checked.itertuples()}
    found = links.merge(sources, on="event_id").merge(
        projects[["iati_identifier", "title"]], on="iati_identifier"
    )
    correct, unchecked = set(), []
    for row in found.itertuples():
        pair = (row.event_id, row.iati_identifier)
        if pair in truth or verdicts.get((row.u, row.title)) == "correct":
            correct.add(pair)
        elif (row.u, row.title) not in verdicts:
            unchecked.append(f"{row.url} -> {row.title} ({row.evidence})")
    pairs = set(zip(links["event_id"], links["iati_identifier"], strict=True))
    return {
        "links": len(pairs),
        "correct": len(correct & pairs),
        "truth": len(truth),
        "recalled": len(truth & pairs),
        "unchecked": unchecked,
        "precision": len(correct & pairs) / len(pairs) if pairs else float("nan"),
        "precision_listed_only": len(truth & pairs) / len(pairs) if pairs else float("nan"),
        "recall": len(truth & pairs) / len(truth) if truth else float("nan"),
    }


def _report(m: dict, label: str) -> None:
    print(
        f"\nlinking {label}: {m['links']} links, {m['correct']} correct -> precision {m['precision']:.2f} "
        f"(listed pairs only: {m['precision_listed_only']:.2f}); recall {m['recalled']}/{m['truth']} = "
        f"{m['recall']:.2f}"
    )
    for line in m["unchecked"]:
        print("  not hand-checked yet (counted wrong):", line)
    assert m["truth"] >= 10


def test_precision_and_recall_on_shared_sample():
    """Linking alone: events straight from the corpus labels."""
    if not (SHARED / "corpus" / "news" / "labels.jsonl").exists():
        pytest.skip("the shared corpus is not beside the checkout")
    m = measure_linking(_shared_sample_tables())
    _report(m, "on the labelled sample")
    assert m["recall"] >= 0.9
    assert m["precision"] >= 0.85


@pytest.mark.slow
def test_precision_and_recall_through_extraction(tmp_path):
    """End to end: the releases as scraped text go through the project's own extraction and ingest."""
    if not (SHARED / "corpus" / "news" / "index.csv").exists():
        pytest.skip("the shared corpus is not beside the checkout")
    from dashboard.ingest import ingest_paths
    from dashboard.store import read_store

    files = sorted((SHARED / "corpus" / "news").glob("*.txt")) + sorted((SHARED / "seed").glob("*.txt"))
    ingest_paths([SHARED / "samples" / "projects", *files], tmp_path / "store")
    m = measure_linking(read_store(tmp_path / "store"))
    _report(m, "after extraction")
    assert m["recall"] >= 0.8
    assert m["precision"] >= 0.75


def test_story_links_both_ways(test_bundle):
    from dashboard.transform.linking import STORY_COLUMNS, story_links

    stories = story_links(test_bundle, iati_identifier="XM-TEST-A1")
    assert list(stories.columns) == list(STORY_COLUMNS)
    assert list(stories["event_id"]) == ["ev-1"]
    assert stories["title"].iloc[0] == "TEST border officers trained in Nairobi"
    assert stories["url"].iloc[0] == "https://example.org/test/ev-1"
    projects = story_links(test_bundle, event_id="ev-3")
    assert list(projects["iati_identifier"]) == ["XM-TEST-A3"]
    assert projects["project"].iloc[0] == "TEST smuggling Mekong"
    assert len(story_links(test_bundle)) == len(test_bundle.event_projects)


@pytest.mark.slow
def test_precision_and_recall_on_a_synthetic_portfolio(tmp_path):
    """At scale, where the truth is known: each synthetic release is generated from one project (its
    generator re-derives which), so every link is checked, not a sample."""
    from dashboard.ingest import ingest_paths
    from dashboard.store import read_store
    from dashboard.synth.cli import generate
    from dashboard.synth.portfolio import Catalogue, news_event

    projects, events, seed = 300, 1000, 3
    generate(tmp_path / "in", projects, events, seed, transactions=8 * projects)
    ingest_paths([tmp_path / "in"], tmp_path / "store")
    tables = read_store(tmp_path / "store")
    catalogue = Catalogue.build()
    sources = tables["event_sources"].dropna(subset=["url"]).drop_duplicates("event_id")
    # the generator's URLs end with "-<index + 1>"
    index = sources["url"].str.extract(r"-(\d+)$")[0].astype(int) - 1
    truth = dict(
        zip(sources["event_id"], [news_event(catalogue, seed, i, projects).project.identifier for i in index])
    )
    links = tables["event_projects"]
    right = links["iati_identifier"].to_numpy() == links["event_id"].map(truth).to_numpy()
    activities = tables["events"].loc[tables["events"]["is_activity"].fillna(True).astype(bool), "event_id"]
    found = set(zip(links["event_id"][right], links["iati_identifier"][right]))
    recall = sum((e, truth[e]) in found for e in activities if e in truth) / len(activities)
    precision = right.mean()
    strong = links["confidence"] >= 0.5
    print(
        f"\nlinking on a synthetic portfolio ({projects} projects, {events} releases): {len(links)} links, "
        f"precision {precision:.2f} (confidence >= 0.5: {right[strong].mean():.2f}); recall {recall:.2f}"
    )
    assert precision >= 0.85 and right[strong].mean() >= 0.9 and recall >= 0.8
