"""Link news events to the projects that paid for them, each link with a confidence and its evidence in words.

Signals, combined per (event, project) pair:
- **Name**: a programme the release names (``event_programmes``) is the project's title (same words once
  case, accents and small words are set aside), an acronym in brackets in the title ("PMGZ", "CHARJ+"), or
  a close match of the two (see :func:`name_similarity`; compared only for pairs that share a rare word,
  so 100,000 events x 10,000 projects stays fast).
- **Donor + country**: a donor the release names funds the project and the event happens in one of the
  project's countries (blocked on (donor, country) before anything is compared).
- **Date**: the event's date (start date, else publication date) lies inside the project's start..end (an
  open end counts as running). A date outside weakens the link; unknown dates neither help nor hurt.
- **Theme**: the event and the project share a theme (only strengthens a link found by another signal).
- **All donors** named by the release fund the project, and the project's **description** names the
  programme the release names (both only strengthen a donor + country candidate).

Weights are combined as independent pieces of evidence (noisy-OR: ``1 - prod(1 - w)``). Among a release's
unnamed candidates of one donor, only the best supported are kept, and they share the confidence (divided by
the square root of their number): "one of the EU's 9 Georgian projects" is weak evidence for each of them.
A name shared by several projects is divided the same way. When a release names its programme, its unnamed
donor + country candidates are dropped (unless a project's description names that programme): the release
has said which project it is about, even when that project is not in the store. Links under
:data:`MIN_CONFIDENCE` are dropped.

The linker derives the ``event_projects`` table at ingest, from plain tables, so it sits in ``model`` where
ingest and the app's transforms can both reach it; ``transform.linking`` shows the stored links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from dashboard.model.cells import number_or_none
from dashboard.model.donors import DonorRegistry, normalise_name
from dashboard.model.schemas import conform, empty

MIN_CONFIDENCE = 0.35
FUZZY_MIN_SCORE = 90
# Weights of each piece of evidence (see module docstring): a named project title is near proof, a donor
# funding work in the same country is a hint.
W_TITLE = 0.85
W_ACRONYM = 0.8
W_FUZZY_MIN, W_FUZZY_MAX = 0.6, 0.8
W_DONOR = 0.35
W_COUNTRY = 0.25
W_DATE_INSIDE = 0.2
W_THEME = 0.1
W_ALL_DONORS = 0.2  # the project is funded by every donor the release names (two or more)
W_DESCRIPTION = 0.5  # the project's description names the programme the release names
DATE_OUTSIDE_FACTOR = 0.5
# A word shared by more titles than this is too common to block fuzzy comparisons on ("migration").
RARE_TOKEN_MAX_TITLES = 50
MIN_FUZZY_TOKENS = 3
CONTAINED_SCORE = 95

# Words that do not tell one project from another: "project" and its kin, and the small words the donor
# name normaliser keeps ("to", "in"...), so "Support for IBM of Georgia" meets "Support to IBM in Georgia".
GENERIC_WORDS = frozenset({"project", "projects", "programme", "programmes", "program", "programs", "projet",
                           "programa", "proyecto", "initiative", "to", "in", "on", "a", "an", "at", "by",
                           "with", "from", "through", "en", "et", "y", "por", "para", "pour"})
_BRACKETED = re.compile(r"\(([^()]{2,20})\)")
_ACRONYM_SHAPE = re.compile(r"^[A-Z][A-Za-z0-9+&./\- ]{1,18}$")

PAIR = ("event_id", "iati_identifier")  # a tuple: module constants stay immutable; list(PAIR) for pandas


def acronym_key(text: object) -> str | None:
    """The comparable form of an acronym ("CHARJ+" -> "CHARJ+", "HER CTIP" -> "HERCTIP"); None if not one."""
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not _ACRONYM_SHAPE.match(text) or sum(c.isupper() for c in text) < 2:
        return None
    key = re.sub(r"[\s.\-/]", "", text).upper()
    return key if len(key) >= 2 else None


def bracketed_acronyms(text: object) -> list[str]:
    """Acronym keys written in brackets inside a name ("Promoting ... Zimbabwe (PMGZ)" -> ["PMGZ"])."""
    if not isinstance(text, str):
        return []
    keys = (acronym_key(m) for m in _BRACKETED.findall(text))
    return [k for k in keys if k]


def name_key(text: object) -> str:
    """A name without its bracketed parts, case, accents, small words and words that say "a project"
    ("project", "programme"...): the form titles are compared in. "Counter Trafficking Project" keeps two
    words, too few to be found inside a longer title."""
    if not isinstance(text, str):
        return ""
    words = normalise_name(_BRACKETED.sub(" ", text)).split(" ")
    return " ".join(w for w in words if w not in GENERIC_WORDS)


def _table(tables: Mapping[str, pd.DataFrame], name: str) -> pd.DataFrame:
    frame = tables.get(name)
    return empty(name) if frame is None else frame


# --- name signal ---------------------------------------------------------------------------------------


def _first_bracketed_acronym(text: object) -> str | None:
    found = bracketed_acronyms(text)
    return found[0] if found else None


def _event_names(programmes: pd.DataFrame) -> pd.DataFrame:
    """(event_id, name, key, acronym) for every programme named, its acronym column or bracket included."""
    if programmes.empty:
        return pd.DataFrame(columns=["event_id", "name", "key", "acronym"])
    p = programmes[["event_id", "programme", "acronym"]].astype(object)
    acr_col = p["acronym"].map(acronym_key)
    acr_bracket = p["programme"].map(_first_bracketed_acronym)
    return pd.DataFrame({
        "event_id": p["event_id"], "name": p["programme"], "key": p["programme"].map(name_key),
        "acronym": acr_col.fillna(acr_bracket),
    })


def _project_names(activities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Projects' title keys, and their bracketed acronyms (one row each)."""
    acts = activities[["iati_identifier", "title"]].astype(object)
    titles = pd.DataFrame({"iati_identifier": acts["iati_identifier"], "title": acts["title"],
                           "key": acts["title"].map(name_key)})
    acr = acts.assign(acronym=acts["title"].map(bracketed_acronyms)).explode("acronym").dropna(
        subset=["acronym"])
    return titles, acr[["iati_identifier", "acronym"]]


def _fuzzy_pairs(names: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """(key_event, key_title, score) for name keys that nearly match a title key, sharing a rare word."""
    cols = ["key_event", "key_title", "score"]
    ev_keys = pd.Series(names["key"].unique())
    ti_keys = pd.Series(titles["key"].unique())
    ev_keys = ev_keys[ev_keys.str.count(" ") + 1 >= MIN_FUZZY_TOKENS]
    ti_keys = ti_keys[ti_keys.str.count(" ") + 1 >= MIN_FUZZY_TOKENS]
    if ev_keys.empty or ti_keys.empty:
        return pd.DataFrame(columns=cols)
    ti_tokens = pd.DataFrame({"key_title": ti_keys, "token": ti_keys.str.split(" ")}).explode("token")
    ti_tokens = ti_tokens.drop_duplicates()
    counts = ti_tokens["token"].value_counts()
    rare = ti_tokens[ti_tokens["token"].map(counts) <= RARE_TOKEN_MAX_TITLES]
    ev_tokens = pd.DataFrame({"key_event": ev_keys, "token": ev_keys.str.split(" ")}).explode("token")
    shared = ev_tokens.drop_duplicates().merge(rare, on="token")
    pairs = shared.groupby(["key_event", "key_title"]).size().reset_index(name="shared")
    # Two rare words in common, or one when the title has just one: blocks "border management" noise.
    short_title = pairs["key_title"].str.count(" ") + 1 <= 4
    pairs = pairs[(pairs["shared"] >= 2) | short_title]
    pairs = pairs[pairs["key_event"] != pairs["key_title"]]  # exact matches are scored as titles
    if pairs.empty:
        return pd.DataFrame(columns=cols)
    scores = np.fromiter((name_similarity(a, b) for a, b in
                          zip(pairs["key_event"], pairs["key_title"], strict=True)), float, len(pairs))
    pairs = pairs.assign(score=scores)
    return pairs[pairs["score"] >= FUZZY_MIN_SCORE][cols]


def name_similarity(a: str, b: str) -> float:
    """0..100: how surely two name keys name the same project.

    The words of one in any order against the other (token-sort ratio), or 95 when every word of the
    shorter name (three words at least) is in the longer one ("Better Migration Management" within
    "Better Migration Management phase II"). A token-set ratio would score "Akoma counter trafficking
    project" 90 against any "... counter trafficking ... project", so it is not used.
    """
    score = fuzz.token_sort_ratio(a, b)
    short, long_ = sorted((set(a.split(" ")), set(b.split(" "))), key=len)
    if len(short) >= MIN_FUZZY_TOKENS and short <= long_:
        score = max(score, CONTAINED_SCORE)
    return float(score)


def _name_candidates(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """(event_id, iati_identifier, w_name, name_evidence) from programme names and acronyms."""
    cols = [*PAIR, "w_name", "name_evidence"]
    names = _event_names(_table(tables, "event_programmes"))
    acts = _table(tables, "activities")
    if names.empty or acts.empty:
        return pd.DataFrame(columns=cols)
    titles, acronyms = _project_names(acts)
    parts = []
    exact = names[names["key"] != ""].merge(titles[titles["key"] != ""], on="key")
    parts.append(pd.DataFrame({
        "event_id": exact["event_id"], "iati_identifier": exact["iati_identifier"], "name": exact["name"],
        "w_name": W_TITLE,
        "name_evidence": "names the project by its title",
    }))
    by_acr = names.dropna(subset=["acronym"]).merge(acronyms, on="acronym")
    parts.append(pd.DataFrame({
        "event_id": by_acr["event_id"], "iati_identifier": by_acr["iati_identifier"], "name": by_acr["name"],
        "w_name": W_ACRONYM,
        "name_evidence": "names " + by_acr["acronym"].astype(str),
    }))
    fuzzy = _fuzzy_pairs(names, titles)
    if not fuzzy.empty:
        hits = (names.merge(fuzzy, left_on="key", right_on="key_event")
                .merge(titles, left_on="key_title", right_on="key", suffixes=("", "_t")))
        weight = W_FUZZY_MIN + (hits["score"] - FUZZY_MIN_SCORE) / (100 - FUZZY_MIN_SCORE) * (
            W_FUZZY_MAX - W_FUZZY_MIN)
        parts.append(pd.DataFrame({
            "event_id": hits["event_id"], "iati_identifier": hits["iati_identifier"], "name": hits["name"],
            "w_name": weight,
            "name_evidence": "names “" + hits["name"].astype(str) + "” (" + hits["score"].round().astype(
                int).astype(str) + "% like the title “" + hits["title"].astype(str) + "”)",
        }))
    found = pd.concat([p for p in parts if not p.empty], ignore_index=True) if any(
        not p.empty for p in parts) else pd.DataFrame(columns=cols)
    if found.empty:
        return found
    # A name that fits several projects (phases, countries of one programme) is weaker evidence for each.
    found = found.sort_values("w_name", ascending=False, kind="stable").drop_duplicates(
        ["event_id", "name", "iati_identifier"])
    fits = found.groupby(["event_id", "name"])["iati_identifier"].transform("size")
    found["w_name"] = found["w_name"] / np.sqrt(fits)
    shared = fits > 1
    found.loc[shared, "name_evidence"] = (found.loc[shared, "name_evidence"] + " (fits "
                                          + fits[shared].astype(str) + " projects)")
    found = found.sort_values("w_name", ascending=False, kind="stable").drop_duplicates(list(PAIR))
    return found[cols].reset_index(drop=True)


# --- donor + country signal ----------------------------------------------------------------------------


def _event_places(event_countries: pd.DataFrame) -> pd.DataFrame:
    """Host countries of each event; the participants' countries for events without a host."""
    ec = event_countries[["event_id", "iso3", "role"]].dropna(subset=["iso3"])
    hosts = ec[ec["role"] == "host"]
    others = ec[(ec["role"] != "host") & ~ec["event_id"].isin(hosts["event_id"])]
    return pd.concat([hosts, others], ignore_index=True)[["event_id", "iso3"]].drop_duplicates()


def _donor_country_candidates(tables: Mapping[str, pd.DataFrame], places: pd.DataFrame) -> pd.DataFrame:
    """(event_id, iati_identifier, donor_id, iso3): a donor the release names funds the project in the
    event's country."""
    cols = [*PAIR, "donor_id", "iso3"]
    ed = _table(tables, "event_donors")[["event_id", "donor_id"]].dropna().drop_duplicates()
    ad = _table(tables, "activity_donors")[["iati_identifier", "donor_id"]].dropna().drop_duplicates()
    ac = _table(tables, "activity_countries")[["iati_identifier", "iso3"]].dropna().drop_duplicates()
    if ed.empty or places.empty or ad.empty or ac.empty:
        return pd.DataFrame(columns=cols)
    event_keys = ed.merge(places, on="event_id")
    project_keys = ad.merge(ac, on="iati_identifier")
    pairs = event_keys.merge(project_keys, on=["donor_id", "iso3"])
    return pairs[cols].drop_duplicates(list(PAIR))


def _country_pairs(tables: Mapping[str, pd.DataFrame], pairs: pd.DataFrame,
                   places: pd.DataFrame) -> pd.DataFrame:
    """(event_id, iati_identifier, iso3) for candidate pairs that share a country."""
    ac = _table(tables, "activity_countries")[["iati_identifier", "iso3"]].dropna()
    hit = pairs[list(PAIR)].merge(places, on="event_id").merge(ac, on=["iati_identifier", "iso3"])
    return hit.drop_duplicates(list(PAIR))


def _donor_pairs(tables: Mapping[str, pd.DataFrame], pairs: pd.DataFrame) -> pd.DataFrame:
    """Per pair: one donor both name (``donor``), how many of the release's donors fund the project
    (``donors_matched``) and how many the release names (``donors_named``)."""
    ed = _table(tables, "event_donors")[["event_id", "donor_id"]].dropna().drop_duplicates()
    ad = _table(tables, "activity_donors")[["iati_identifier", "donor_id"]].dropna().drop_duplicates()
    hit = pairs[list(PAIR)].merge(ed, on="event_id").merge(ad, on=["iati_identifier", "donor_id"])
    if hit.empty:
        return pd.DataFrame(columns=[*PAIR, "donor", "donors_matched", "donors_named"])
    out = hit.groupby(list(PAIR)).agg(donor=("donor_id", "min"), donors_matched=("donor_id", "nunique"))
    out = out.reset_index()
    named = ed.groupby("event_id")["donor_id"].nunique().rename("donors_named").reset_index()
    return out.merge(named, on="event_id", how="left")


def _description_pairs(tables: Mapping[str, pd.DataFrame], pairs: pd.DataFrame) -> pd.DataFrame:
    """Pairs whose project description names a programme the release names ("part of the BMM programme"):
    checked only for candidate pairs, so it strengthens a link and never finds one alone."""
    names = _event_names(_table(tables, "event_programmes"))
    acts = _table(tables, "activities")[["iati_identifier", "description"]].dropna()
    if names.empty or acts.empty or pairs.empty:
        return pd.DataFrame(columns=[*PAIR, "described"])
    rows = pairs[list(PAIR)].merge(names, on="event_id").merge(acts, on="iati_identifier")
    # A description is compared with many releases' names: its words are found once.
    words = {d: set(name_key(str(d)).split(" ")) for d in rows["description"].unique()}
    found = [_describes(str(d), k, a, words[d]) for d, k, a in
             zip(rows["description"], rows["key"], rows["acronym"], strict=True)]
    rows = rows[np.asarray(found, dtype=bool)]
    return rows.drop_duplicates(list(PAIR)).rename(columns={"name": "described"})[[*PAIR, "described"]]


def _describes(description: str, key: str, acronym: object, description_words: set[str]) -> bool:
    """The description holds the acronym as a word, or every word (three or more) of the name's key
    (``description_words``: the words of the description's name key)."""
    if isinstance(acronym, str) and re.search(rf"(?<![A-Za-z0-9]){re.escape(acronym)}(?![A-Za-z0-9])",
                                              description):
        return True
    words = set(key.split(" "))
    return len(words) >= MIN_FUZZY_TOKENS and words <= description_words


def _theme_pairs(tables: Mapping[str, pd.DataFrame], pairs: pd.DataFrame) -> pd.DataFrame:
    et = _table(tables, "event_themes")[["event_id", "theme"]].dropna()
    at = _table(tables, "activity_themes")[["iati_identifier", "theme"]].dropna()
    hit = pairs[list(PAIR)].merge(et, on="event_id").merge(at, on=["iati_identifier", "theme"])
    if hit.empty:
        return pd.DataFrame(columns=[*PAIR, "themes"])
    themes = hit.groupby(list(PAIR))["theme"].agg(lambda s: ", ".join(sorted(set(s))))
    return themes.reset_index(name="themes")


def _date_status(tables: Mapping[str, pd.DataFrame], pairs: pd.DataFrame) -> pd.DataFrame:
    """Per pair: the event date and whether it falls inside, outside or (unknown) the project's dates."""
    ev = _table(tables, "events")
    ev = pd.DataFrame({"event_id": ev["event_id"],
                       "event_date": ev["start_date"].fillna(ev["published_date"])})
    acts = _table(tables, "activities")[["iati_identifier", "start", "end"]]
    out = pairs[list(PAIR)].merge(ev.drop_duplicates("event_id"), on="event_id", how="left").merge(
        acts.drop_duplicates("iati_identifier"), on="iati_identifier", how="left")
    known = out["event_date"].notna() & out["start"].notna()
    not_ended = out["end"].isna() | (out["event_date"] <= out["end"])
    inside = known & (out["event_date"] >= out["start"]) & not_ended
    status = np.where(~known, "unknown", np.where(inside, "inside", "outside"))
    return out.assign(date_status=status)


# --- combining -----------------------------------------------------------------------------------------


def _donor_labels(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """donor_id -> name: the store's donors table, else the name a release gave (ingest links events before
    it writes the donors table), else the bundled reference list."""
    reference = DonorRegistry.from_reference().table(only_seen=False)
    labels = dict(zip(reference["donor_id"].astype(str), reference["name"].astype(str), strict=True))
    named = _table(tables, "event_donors").dropna(subset=["donor_id", "name"])
    labels.update(zip(named["donor_id"].astype(str), named["name"].astype(str), strict=True))
    donors = _table(tables, "donors")
    labels.update(zip(donors["donor_id"].astype(str), donors["name"].astype(str), strict=True))
    return labels


def _fmt_date(value: object) -> str:
    # The date columns hold Timestamps (datetime64 in the contract); a missing one is NaT, not a Timestamp.
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else "?"


def link_events_to_projects(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The conformed ``event_projects`` table: each plausible (event, project) link, its confidence in 0..1
    and its evidence in words. Pure: reads the store's tables, changes none."""
    names = _name_candidates(tables)
    places = _event_places(_table(tables, "event_countries"))
    dc = _donor_country_candidates(tables, places)
    pairs = pd.concat([names[list(PAIR)], dc[list(PAIR)]], ignore_index=True).drop_duplicates()
    if pairs.empty:
        return empty("event_projects")
    frame = pairs.merge(names, on=list(PAIR), how="left")
    donor_hits = _donor_pairs(tables, pairs).rename(columns={"donor_id": "donor"})
    country_hits = _country_pairs(tables, pairs, places).rename(columns={"iso3": "country"})
    frame = frame.merge(donor_hits, on=list(PAIR), how="left")
    frame = frame.merge(country_hits, on=list(PAIR), how="left")
    frame = frame.merge(_theme_pairs(tables, pairs), on=list(PAIR), how="left")
    frame = frame.merge(_description_pairs(tables, pairs), on=list(PAIR), how="left")
    frame = frame.merge(_date_status(tables, pairs), on=list(PAIR), how="left")

    has_name = frame["w_name"].notna()
    has_donor = frame["donor"].notna()
    all_donors = (frame["donors_named"].fillna(0) >= 2) & frame["donors_matched"].eq(frame["donors_named"])
    inside = frame["date_status"].eq("inside")
    outside = frame["date_status"].eq("outside")
    keep_other = np.ones(len(frame))
    for weight, present in ((W_DONOR, has_donor), (W_ALL_DONORS, all_donors.fillna(False)),
                            (W_COUNTRY, frame["country"].notna()), (W_DATE_INSIDE, inside),
                            (W_THEME, frame["themes"].notna()), (W_DESCRIPTION, frame["described"].notna())):
        keep_other = keep_other * np.where(present, 1 - weight, 1.0)
    other = pd.Series(1 - keep_other, index=frame.index).round(6)
    frame = frame.assign(all_donors=all_donors.fillna(False).astype(bool))
    # Without a name, a link is one guess among the event's candidates of the same donor that are not ruled
    # out by date: only the best-supported ones are kept (all of the release's donors, its theme, its
    # programme in the description), and they share the confidence (a release naming two donors is weak
    # evidence only among each donor's own projects).
    weak = ~has_name & ~outside
    groups = [frame["event_id"], frame["donor"].fillna("")]
    best = other.where(weak).groupby(groups).transform("max")
    frame = frame[~weak | other.eq(best)]
    has_name, outside, weak, other = has_name[frame.index], outside[frame.index], weak[frame.index], other[
        frame.index]
    groups = [frame["event_id"], frame["donor"].fillna("")]
    n_weak = weak.groupby(groups).transform("sum").clip(lower=1)
    shared = np.where(has_name, other, other / np.sqrt(n_weak))
    w_name = frame["w_name"].fillna(0.0).astype(float).to_numpy()
    confidence = 1 - (1 - w_name) * (1 - shared)
    confidence = np.where(outside, confidence * DATE_OUTSIDE_FACTOR, confidence)
    frame["confidence"] = np.round(confidence.astype(float), 3)
    frame["n_weak"] = n_weak
    # A release that names its programme has said which project it is about: its unnamed donor + country
    # candidates are dropped, whether or not the named programme is among the projects, unless a
    # project's description names that programme.
    named_events = set(frame.loc[has_name, "event_id"]) | set(_table(tables, "event_programmes")["event_id"])
    unnamed_but_named_elsewhere = (
        ~has_name & frame["event_id"].isin(named_events) & frame["described"].isna()
    )
    frame = frame[~unnamed_but_named_elsewhere & (frame["confidence"] >= MIN_CONFIDENCE)]
    if frame.empty:
        return empty("event_projects")
    frame["evidence"] = _evidence(frame, _donor_labels(tables))
    out = frame[[*PAIR, "confidence", "evidence"]].sort_values(
        ["event_id", "confidence", "iati_identifier"], ascending=[True, False, True], kind="stable")
    return conform(out, "event_projects")


def _evidence(frame: pd.DataFrame, donor_names: dict[str, str]) -> list[str]:
    """One sentence per link, e.g. "names PMGZ; European Union funds it in ZWE; active on 2019-11-01"."""
    texts = []
    for row in frame.itertuples(index=False):
        parts = []
        if isinstance(row.name_evidence, str):
            parts.append(row.name_evidence)
        if isinstance(row.donor, str) and isinstance(row.country, str):
            parts.append(f"{donor_names.get(row.donor, row.donor)}-funded {row.country} project")
        elif isinstance(row.donor, str):
            parts.append(f"funded by {donor_names.get(row.donor, row.donor)}")
        elif isinstance(row.country, str):
            parts.append(f"project in {row.country}")
        if row.all_donors:
            named = int(number_or_none(row.donors_named) or 0)
            parts.append(f"funded by all {named} donors the release names")
        if isinstance(row.described, str):
            parts.append(f"its description names “{row.described}”")
        if row.date_status == "inside":
            parts.append(f"active on the event's date ({_fmt_date(row.event_date)})")
        elif row.date_status == "outside":
            parts.append(f"event date {_fmt_date(row.event_date)} is outside the project's "
                         f"{_fmt_date(row.start)}..{_fmt_date(row.end)}")
        else:
            parts.append("no dates to compare")
        if isinstance(row.themes, str):
            parts.append(f"shares theme {row.themes}")
        n_weak = int(number_or_none(row.n_weak) or 1)
        if not isinstance(row.name_evidence, str) and n_weak > 1:
            parts.append(f"one of {n_weak} candidate projects")
        texts.append("; ".join(parts))
    return texts
