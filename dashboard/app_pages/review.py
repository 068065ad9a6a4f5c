"""Review: reviewers confirm, correct or reject extracted facts, each shown with its evidence; and the history
of any figure. Only in the navigation for reviewers; the write checks the role again (``reviews``)."""

import streamlit as st

from dashboard.auth import access_config, current_identity, may
from dashboard.components.data_table import cells_in_language, translated_headers
from dashboard.data_access import aggregate, store_dir
from dashboard.errors import DashboardError
from dashboard.i18n import _, current_language
from dashboard.model.filters import Filters
from dashboard.model.review_fields import ACTIONS, WHOLE_EVENT
from dashboard.reviews import ReviewInput, append_reviews
from dashboard.transform.review_desk import (
    event_facts,
    fact_history,
    queue_labels,
    review_queue,
    reviewed_events,
    shown_values,
)

LAST_REVIEW = "review_last_outcome"  # shown after the rerun a recorded review causes
ACTION_LABELS = {"confirm": _("Confirm"), "correct": _("Correct"), "reject": _("Reject")}
# Each fact in words, its record key after it (the key is what the queue table and the history show).
FACT_LABELS = {
    "participants": _("participants"), "participants_female": _("women among the participants"),
    "duration_days": _("duration in days"), "start_date": _("start date"), "end_date": _("end date"),
    "activity_type": _("type of activity"), "city": _("city"), "countries": _("host countries"),
    "participant_countries": _("participants' countries"), "donors": _("donors"), "themes": _("themes"),
    "audience": _("audience"),
}


def _fact_label(key: str) -> str:
    """The record key in English (as reviewers know it); in French and Spanish, words then the key."""
    return key if current_language() == "en" else f"{FACT_LABELS.get(key, key)} ({key})"

st.title(_("Review"))
ACCESS = access_config()
if not may("reviewer", ACCESS):
    st.error(_("The review desk needs the reviewer role."), icon=":material/lock:")
    st.stop()
identity = current_identity(ACCESS)
everything = Filters()

st.caption(_("Facts extracted from press releases, most consequential and least certain first: large head "
             "counts, low extraction confidence, and events whose release names a donor. Each decision is "
             "kept "
             "with your name, the time and your reason, and is applied again after every ingest."))
queue = aggregate(review_queue, everything)
if queue.empty:
    st.info(_("No news event to review."), icon=":material/inbox:")
    st.stop()

labels = queue_labels(queue)
event_id = st.selectbox(_("Event"), list(labels), key="review_event", format_func=lambda e: labels.get(e, e))
st.dataframe(cells_in_language(queue), key="review_queue_table", hide_index=True, height=200,
             column_config=translated_headers(queue, {}))

facts = aggregate(event_facts, everything, event_id)
st.subheader(_("Facts and their evidence"))
shown_facts = facts.drop(columns="Value (encoded)").assign(Fact=facts["Fact"].map(_fact_label))
st.dataframe(cells_in_language(shown_facts), key="review_facts", hide_index=True,
             column_config=translated_headers(shown_facts, {}))

fact_options = [WHOLE_EVENT, *facts["Fact"]]
fact = st.selectbox(_("Fact to review"), fact_options, key="review_fact",
                    format_func=lambda f: _("the whole event") if f == WHOLE_EVENT else _fact_label(f))
if fact != WHOLE_EVENT:
    shown = facts.set_index("Fact").loc[fact]
    st.text(_("Value") + f": {shown['Value']}\n" + _("Evidence") + f": {shown['Evidence']}")
action = st.radio(_("Decision"), ACTIONS, key="review_action", horizontal=True,
                  format_func=lambda a: ACTION_LABELS[a])
new_value = st.text_input(
    _("Corrected value"), key="review_value", disabled=action != "correct",
    help=_("A count as a whole number; a date as YYYY-MM-DD; countries as ISO3 codes, donors as donor ids "
           "and "
           "themes as listed, separated by commas. Leave empty for \"not stated\"."))
reason = st.text_input(_("Reason"), key="review_reason", placeholder=_("e.g. the release says 104, not 140"))

if st.button(_("Record the review"), key="review_submit", icon=":material/done_all:"):
    seen = shown_values(facts)
    if fact == WHOLE_EVENT and action == "correct":
        inputs = []
        st.session_state[LAST_REVIEW] = ("error", _("Correct one fact at a time; the whole event can only be "
                                                    "confirmed or rejected."))
    elif fact == WHOLE_EVENT and action == "confirm":
        # Confirming the event confirms each fact it states, as shown, plus the event itself.
        inputs = [ReviewInput(event_id, f, "confirm", reason, seen_value=v)
                  for f, v in seen.items() if v is not None]
        inputs.append(ReviewInput(event_id, WHOLE_EVENT, "confirm", reason))
    else:
        inputs = [ReviewInput(event_id, fact, action, reason,
                              seen_value=None if fact == WHOLE_EVENT else seen.get(fact),
                              new_value=new_value)]
    if inputs:
        try:
            written = append_reviews(store_dir(), inputs, identity, ACCESS)  # checks the role itself
        except DashboardError as exc:
            st.session_state[LAST_REVIEW] = ("error", str(exc))
        else:
            st.session_state[LAST_REVIEW] = ("done",
                                             _("{count} review(s) recorded.").format(count=len(written)))
    st.rerun()

last = st.session_state.pop(LAST_REVIEW, None)
if last is not None:
    status, detail = last
    if status == "error":
        st.error(_("The review was not recorded:"), icon=":material/error:")
    else:
        st.success(_("Recorded; every page now shows the reviewed value."), icon=":material/check_circle:")
    st.text(detail)  # may quote typed values: plain text, never markdown

st.header(_("History of a figure"), divider="gray")
reviewed = aggregate(reviewed_events, everything)
if reviewed.empty:
    st.caption(_("No review has been recorded yet."))
else:
    titles = dict(zip(reviewed["Event"], reviewed["Title"], strict=True))
    audit_event = st.selectbox(_("Event"), list(titles), key="audit_event",
                               format_func=lambda e: f"{titles[e]} ({e})")
    history = aggregate(fact_history, everything, audit_event)
    audit_fact = st.selectbox(_("Fact"), ["all", *sorted(history["Fact"].unique())], key="audit_fact",
                              format_func=lambda f: _("all") if f == "all" else _fact_label(f))
    if audit_fact != "all":
        history = aggregate(fact_history, everything, audit_event, audit_fact)
    shown_history = history.assign(Fact=history["Fact"].map(_fact_label))
    st.dataframe(cells_in_language(shown_history), key="audit_history", hide_index=True,
                 column_config=translated_headers(shown_history, {}))
