"""Accessibility statement: what the dashboard meets of WCAG 2.1 AA, what it does not, and the ways around.

Fixed text only (no figure from the store). The measured axe-core figures per page and theme are kept with
the test that produces them (``tests/axe/README.md``); this page says what that test guarantees.
"""

import streamlit as st

from dashboard.i18n import _


def _bullets(*lines: str) -> None:
    st.markdown("\n".join("- " + line for line in lines))


st.title(_("Accessibility"))
st.markdown(_(
    "This dashboard aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA. It "
    "**partly meets** them: the parts below that are not met, and the way around each, are listed."))

st.subheader(_("What is met"))
_bullets(
    _("**Checked on every page, in the light and the dark theme.** Each test run opens every page in a real "
      "browser and runs axe-core's WCAG 2.0 and 2.1 A and AA rules on it; the run fails on any serious or "
      "critical violation."),
    _("**Contrast.** Text keeps a contrast of at least 4.5:1 in both themes, also the small grey notes under "
      "figures; the edges of bars and marks stand out from the background by at least 3:1, whatever their "
      "colour."),
    _("**Every chart and the map have a table.** Under each one, a section that opens with one click shows "
      "the figures it draws as a table, with CSV and Excel downloads."),
    _("**Colour is never the only carrier of meaning.** The map's key gives the range of numbers of each "
      "colour and names its shade; charts name what they draw in their title or legend, and their tables "
      "hold the figures."),
    _("**Every action works by keyboard.** Filters are ordinary form fields. Where a click on a chart or on "
      "the map opens something (a country's profile, the records behind a bar, a training's record), a list "
      "beside it does the same from the keyboard."),
    _("**Shareable views.** The filters and choices are kept in the page address, so a view can be opened "
      "again without repeating the steps."),
)

st.subheader(_("What is not met, and the way around"))
_bullets(
    _("**The map** is a picture drawn on a canvas: its countries and event circles cannot be reached one by "
      "one or chosen by keyboard, and a screen reader reads only its short description. Use the list "
      "\"Open a country's profile\" under it and the table \"Numbers behind the map\", which hold everything "
      "the map shows."),
    _("**Chart details on hover** (the exact figure of a bar or a mark) appear only under a mouse pointer. "
      "The table under each chart gives the same figures."),
    _("**Tables** are drawn by Streamlit's data grid, which screen readers read cell by cell with varying "
      "success. The CSV and Excel downloads under each table give the same rows to any tool."),
    _("**Screen readers** have not yet been tried by people who use them daily; the automated checks find "
      "only part of the barriers such a test would find."),
)

st.subheader(_("Limits of the Streamlit framework"))
_bullets(
    _("Streamlit draws small notes (captions) faded; the text colours were chosen dark enough (light theme) "
      "and bright enough (dark theme) that faded notes still reach 4.5:1."),
    _("Streamlit's small trend charts inside the headline cards are images without a text alternative, so "
      "the cards show no trend chart; the yearly figures are in the charts and tables under \"By year\" "
      "and \"Yearly figures\"."),
    _("The order in which the keyboard moves through a page, the absence of a link to skip to the main "
      "content, the main menu and the theme switcher are Streamlit's own and cannot be changed by this "
      "dashboard."),
)

st.subheader(_("Tell us about a barrier"))
st.markdown(_(
    "If something on this dashboard is hard or impossible to use with the way you work, tell the team that "
    "runs it: say which page, what you tried and with which tools. Every figure can also be had as a table "
    "from the Explorer page."))
