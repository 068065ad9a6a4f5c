"""Review: reviewers confirm, correct or reject extracted facts, each shown with its evidence; and the history
of any figure. Only in the navigation for reviewers; the write checks the role again (``reviews``)."""

import streamlit as st

from dashboard.auth import access_config, current_identity, may
from dashboard.data_access import aggregate, store_dir
from dashboard.errors import DashboardError
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
ACTION_LABELS = {"confirm": "Confirm", "correct": "Correct", "reject": "Reject"}

st.title("Review")
ACCESS = access_config()
if not may("reviewer", ACCESS):
    st.error("The review desk needs the reviewer role.", icon=":material/lock:")
    st.stop()
identity = current_identity(ACCESS)
everything = Filters()

st.caption("Facts extracted from press releases, most consequential and least certain first: large head "
           "counts, low extraction confidence, and events whose release names a donor. Each decision is kept "
           "with your name, the time and your reason, and is applied again after every ingest.")
queue = aggregate(review_queue, everything)
if queue.empty:
    st.info("No news event to review.", icon=":material/inbox:")
    st.stop()

labels = queue_labels(queue)
event_id = st.selectbox("Event", list(labels), key="review_event", format_func=lambda e: labels.get(e, e))
st.dataframe(queue, key="review_queue_table", hide_index=True, height=200)

facts = aggregate(event_facts, everything, event_id)
st.subheader("Facts and their evidence")
st.dataframe(facts.drop(columns="Value (encoded)"), key="review_facts", hide_index=True)

fact_options = [WHOLE_EVENT, *facts["Fact"]]
fact = st.selectbox("Fact to review", fact_options, key="review_fact",
                    format_func=lambda f: "the whole event" if f == WHOLE_EVENT else f)
if fact != WHOLE_EVENT:
    shown = facts.set_index("Fact").loc[fact]
    st.text(f"Value: {shown['Value']}\nEvidence: {shown['Evidence']}")
action = st.radio("Decision", ACTIONS, key="review_action", horizontal=True,
                  format_func=lambda a: ACTION_LABELS[a])
new_value = st.text_input(
    "Corrected value", key="review_value", disabled=action != "correct",
    help="A count as a whole number; a date as YYYY-MM-DD; countries as ISO3 codes, donors as donor ids and "
         "themes as listed, separated by commas. Leave empty for \"not stated\".")
reason = st.text_input("Reason", key="review_reason", placeholder="e.g. the release says 104, not 140")

if st.button("Record the review", key="review_submit", icon=":material/done_all:"):
    seen = shown_values(facts)
    if fact == WHOLE_EVENT and action == "correct":
        inputs = []
        st.session_state[LAST_REVIEW] = ("error", "Correct one fact at a time; the whole event can only be "
                                                  "confirmed or rejected.")
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
            st.session_state[LAST_REVIEW] = ("done", f"{len(written)} review(s) recorded.")
    st.rerun()

last = st.session_state.pop(LAST_REVIEW, None)
if last is not None:
    status, detail = last
    if status == "error":
        st.error("The review was not recorded:", icon=":material/error:")
    else:
        st.success("Recorded; every page now shows the reviewed value.", icon=":material/check_circle:")
    st.text(detail)  # may quote typed values: plain text, never markdown

st.header("History of a figure", divider="gray")
reviewed = aggregate(reviewed_events, everything)
if reviewed.empty:
    st.caption("No review has been recorded yet.")
else:
    titles = dict(zip(reviewed["Event"], reviewed["Title"], strict=True))
    audit_event = st.selectbox("Event", list(titles), key="audit_event",
                               format_func=lambda e: f"{titles[e]} ({e})")
    history = aggregate(fact_history, everything, audit_event)
    audit_fact = st.selectbox("Fact", ["all", *sorted(history["Fact"].unique())], key="audit_fact")
    if audit_fact != "all":
        history = aggregate(fact_history, everything, audit_event, audit_fact)
    st.dataframe(history, key="audit_history", hide_index=True)
