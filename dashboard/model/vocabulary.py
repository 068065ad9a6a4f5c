"""Closed vocabularies as a reader sees them: stored, filtered and linked in English, shown in the
interface language.

A value of a closed vocabulary (a theme, an activity type, an audience, a project status, a label the
transforms make such as "not stated") is its own message id, so :func:`shown` finds its translation in the
catalogue. The stored value never changes with the language: filters, the store and shared links compare
it. Anything outside these vocabularies (a name, a title, a project list's own status text) is data and is
shown as it is, never looked up in the catalogue.
"""

from __future__ import annotations

from dashboard.i18n import N_, _, current_language
from dashboard.model.codelists import codelist, label_in_language
from dashboard.model.themes import THEMES

# The labelled corpus's activity types and audiences (news/rules keep the same lists; a test holds them
# equal). Marked here because pages may not import news/.
ACTIVITY_TYPES = (
    N_("training"), N_("workshop"), N_("conference"), N_("meeting"), N_("handover"), N_("launch"),
    N_("assessment"), N_("campaign"), N_("distribution"), N_("other"),
)
AUDIENCES = (
    N_("government officials"), N_("border and law enforcement"), N_("justice sector"), N_("health workers"),
    N_("civil society"), N_("migrants and displaced people"), N_("youth and students"), N_("private sector"),
    N_("media"), N_("UN and IOM staff"),
)
# Labels the transforms put in cells of their own (unknown kept as its own row, kinds of record and source).
# Defined here, the one place, so the transforms use them and the display knows them.
NOT_STATED = N_("not stated")
PROVIDER_NOT_STATED = N_("(provider not stated)")  # a donor row: money whose provider is not stated
NO_PROVIDER = N_("provider not stated")
NO_THEME = N_("no theme stated")
NO_COUNTRY = N_("no country stated")
OTHER_DONORS = N_("Other donors")
OTHER_COUNTRIES = N_("Other countries")
RECORD_KINDS = {"iati": N_("IATI activity"), "project_list": N_("project list")}
SOURCE_KINDS = {"iati": N_("IATI Registry"), "feed": N_("news feeds"), "reliefweb": N_("ReliefWeb")}
OTHER_SOURCES = N_("other sources")
SOURCE_STATES = {True: N_("last check failed"), False: N_("current")}
EVIDENCE_KINDS = (N_("project"), N_("news release"))
NO_EVIDENCE = N_("no evidence recorded")  # the review desk: a fact with no sentence behind it
NOT_REVIEWED = N_("not reviewed")
POSITIONS = (N_("reported place"), N_("country centroid"))  # where the map puts an event
# How a training's or story's donor is known.
NAMED_IN_RELEASE, VIA_PROJECT, NO_DONOR_NAMED = (N_("named in the release"), N_("funds a linked project"),
                                                 N_("no donor named"))
NAMES_THE_DONOR, LINKED_TO_PROJECT = N_("names the donor"), N_("linked to its project")
MADE_LABELS = (NOT_STATED, PROVIDER_NOT_STATED, NO_PROVIDER, NO_THEME, NO_COUNTRY, OTHER_DONORS,
               OTHER_COUNTRIES, *RECORD_KINDS.values(), *SOURCE_KINDS.values(), OTHER_SOURCES,
               *SOURCE_STATES.values(), *EVIDENCE_KINDS, NO_EVIDENCE, NOT_REVIEWED,
               *POSITIONS, NAMED_IN_RELEASE, VIA_PROJECT, NO_DONOR_NAMED, NAMES_THE_DONOR, LINKED_TO_PROJECT)
_CLOSED = frozenset((*THEMES, *ACTIVITY_TYPES, *AUDIENCES, *MADE_LABELS))


def shown(value: object) -> object:
    """``value`` in the interface language when it belongs to a closed vocabulary; else ``value`` itself
    (data, None and numbers pass through untouched)."""
    if isinstance(value, str) and value in _CLOSED:
        return _(value)
    return value


def shown_status(status: object) -> object:
    """A project status (stored as IATI's English ActivityStatus name) in the interface language where IATI
    publishes one (French); the English name otherwise, visibly, and a list's own status text as it is."""
    if not isinstance(status, str):
        return status
    code = next((c for c, name in codelist("ActivityStatus").items() if name == status), None)
    return label_in_language("ActivityStatus", code, current_language()) or shown(status)


def shown_cell(value: object) -> object:
    """A table cell in the interface language: a closed-vocabulary value, or a "; "- or ", "-joined list of
    them (an activity's themes), translated; any other cell (data) as it is."""
    if not isinstance(value, str):
        return value
    for separator in ("; ", ", "):
        parts = value.split(separator)
        if all(part in _CLOSED for part in parts):
            return separator.join(_(part) for part in parts)
    return value
