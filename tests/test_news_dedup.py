"""De-duplication: the same story at several addresses is one event; similar titles alone merge nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.news.dedup import consensus, group_events, normalise_url

ZIMBABWE = {
    "is_activity": True, "activity_type": "training", "countries": ["ZWE"], "participant_countries": [],
    "city": "Harare", "start_date": "2019-11-01", "end_date": "2019-11-02", "date_text": "1-2/11",
    "published_date": "2019-11-05", "duration_days": 2, "participants": 25, "participants_female": None,
    "donors": ["IOM Development Fund", "European Union"], "partners": [], "programmes": [],
    "themes": ["border management"],
    "title": "IOM Helps Zimbabwe Enhance Integrated Border Management Capacity",
    "url": "https://www.iom.int/news/iom-helps-zimbabwe-enhance-integrated-border-management-capacity",
    "source": "global.txt",
}
COUNTRY_SITE = {**ZIMBABWE, "title": "IOM helps Zimbabwe enhance integrated border management capacity",
                "url": "https://zimbabwe.iom.int/news/iom-helps-zimbabwe-enhance-ibm-capacity",
                "published_date": "2019-11-06", "source": "country.txt"}


def _training(country: str, city: str, start: str, participants: int, url: str) -> dict:
    return {**ZIMBABWE, "countries": [country], "city": city, "start_date": start, "end_date": None,
            "date_text": None, "published_date": None, "participants": participants, "url": url,
            "title": "IOM Trains Border Officials on Integrated Border Management"}


def test_the_same_story_on_two_sites_is_one_event():
    [event] = group_events([COUNTRY_SITE, ZIMBABWE])
    assert event.members == (1, 0)  # earliest publication first


def test_event_id_is_stable_and_independent_of_order():
    first = group_events([ZIMBABWE, COUNTRY_SITE])[0].event_id
    assert group_events([COUNTRY_SITE, ZIMBABWE])[0].event_id == first
    assert group_events([ZIMBABWE])[0].event_id == first  # the re-post does not change the id
    assert first.startswith("ev-")


def test_same_address_is_one_event_whatever_the_spelling():
    repost = {**ZIMBABWE, "url": "http://iom.int/news/iom-helps-zimbabwe-enhance-integrated-border-management-"
                                 "capacity/?utm_source=twitter#top", "title": "Zimbabwe: border training"}
    assert len(group_events([ZIMBABWE, repost])) == 1


def test_two_trainings_with_the_same_title_pattern_stay_two():
    a = _training("ZWE", "Harare", "2019-11-01", 25, "https://zimbabwe.iom.int/news/a")
    b = _training("ZWE", "Bulawayo", "2020-03-10", 25, "https://zimbabwe.iom.int/news/b")
    c = _training("ZMB", "Lusaka", "2019-11-01", 25, "https://zambia.iom.int/news/c")
    assert len(group_events([a, b, c])) == 3


def test_without_any_date_only_an_identical_title_with_the_same_facts_merges():
    a = _training("ZWE", "Harare", None, 25, "https://a.example/1")
    repost = _training("ZWE", "Harare", None, 25, "https://b.example/2")
    assert len(group_events([a, repost])) == 1
    reworded = {**repost, "title": "IOM Trains Border Officials on Integrated Border Management in Harare"}
    assert len(group_events([a, reworded])) == 2  # similar title, nothing ties them in time
    bare = {"city": None, "participants": None, "duration_days": None}
    assert len(group_events([{**a, **bare}, {**repost, **bare}])) == 2  # one shared fact: the country


def test_complete_linkage_never_chains_two_different_events():
    a = {**ZIMBABWE, "participants": 25, "url": "https://a.example/1"}
    b = {**ZIMBABWE, "participants": None, "city": None, "url": "https://b.example/2"}
    c = {**ZIMBABWE, "participants": 30, "start_date": "2019-11-03", "end_date": None,
         "url": "https://c.example/3"}
    groups = group_events([a, b, c])
    assert len(groups) == 2
    assert not any({0, 2} <= set(g.members) for g in groups)


def test_head_count_disagreement_merges_only_with_the_same_start_date():
    other_count = {**COUNTRY_SITE, "participants": 26}
    assert len(group_events([ZIMBABWE, other_count])) == 1
    no_dates = {**other_count, "start_date": None, "end_date": None}
    assert len(group_events([{**ZIMBABWE, "start_date": None, "end_date": None}, no_dates])) == 2


def test_consensus_takes_the_most_common_value_and_reports_disagreement():
    assert consensus([25, 26, 26]) == (26, True)
    assert consensus([25, None, 25]) == (25, False)
    assert consensus([25, 26]) == (25, True)  # tie: the earliest source
    assert consensus([None, None]) == (None, False)


def test_normalise_url():
    assert normalise_url("HTTP://WWW.IOM.int/news/x/#a") == "https://iom.int/news/x"
    assert normalise_url("https://iom.int/news/iom%E2%80%99s-iris") == "https://iom.int/news/iom’s-iris"
    assert normalise_url("not a url") is None and normalise_url(None) is None


record = st.fixed_dictionaries({
    "title": st.sampled_from(["IOM trains officials", "IOM Trains Officials!", "Workshop on data", ""]),
    "url": st.one_of(st.none(), st.sampled_from(["https://a.example/1", "http://www.a.example/1/",
                                                 "https://b.example/2"])),
    "start_date": st.one_of(st.none(), st.sampled_from(["2020-01-01", "2020-02-01", "2020-02-30"])),
    "participants": st.one_of(st.none(), st.integers(0, 3), st.just("many")),
    "countries": st.lists(st.sampled_from(["ZWE", "ZMB"]), max_size=2),
    "published_date": st.one_of(st.none(), st.sampled_from(["2020-01-02", "2020-01-04"])),
    "city": st.one_of(st.none(), st.sampled_from(["Harare", "Lusaka"])),
})


@settings(max_examples=150, deadline=None)
@given(st.lists(record, max_size=8))
def test_every_record_is_in_exactly_one_group_and_ids_are_unique(records):
    groups = group_events(records)
    members = sorted(i for g in groups for i in g.members)
    assert members == list(range(len(records)))
    assert len({g.event_id for g in groups}) == len(groups)
    for g in groups:  # records at one address are always together
        urls = {normalise_url(records[i]["url"]) for i in g.members} - {None}
        for other in groups:
            if other is not g:
                assert not urls & ({normalise_url(records[i]["url"]) for i in other.members} - {None})


@settings(max_examples=150, deadline=None)
@given(st.lists(record.map(lambda r: {**r, "date_text": None}) | record.map(
    lambda r: {**r, "date_text": "1-2 November"}), max_size=8))
def test_blocking_loses_no_merge_that_comparing_every_pair_would_make(records):
    import itertools

    from dashboard.news import dedup

    blocked = [g.members for g in group_events(records)]
    every_pair = set(itertools.combinations(range(len(records)), 2))
    original = dedup._candidate_pairs
    try:
        dedup._candidate_pairs = lambda facts: every_pair
        assert [g.members for g in group_events(records)] == blocked
    finally:
        dedup._candidate_pairs = original


@settings(max_examples=150, deadline=None)
@given(st.lists(record, max_size=8), st.randoms(use_true_random=False))
def test_groups_do_not_depend_on_the_order_records_come_in(records, random):
    import json

    def grouping(rows):
        groups = group_events(rows)
        return sorted(sorted(json.dumps(rows[i], sort_keys=True) for i in g.members) for g in groups)

    shuffled = list(records)
    random.shuffle(shuffled)
    assert grouping(shuffled) == grouping(records)
