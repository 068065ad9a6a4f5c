"""Short "how this is computed" texts, shown where a reader would ask, and the data-quality captions."""

from __future__ import annotations

import streamlit as st

from dashboard.components.safe_text import md_text
from dashboard.i18n import N_, _, format_decimal
from dashboard.model.donors import ATTRIBUTION_RULE
from dashboard.model.money import RATE_SOURCE_NOTE, rate_table_source

PEOPLE_COUNTED_ONCE = N_(
    "People trained are the participants a press release states for a training or workshop. Each training "
    "is counted once even when several releases tell it; participants are not added up across re-posts. "
    "Trainings whose release gives no number (or only \"over 100\") count as trainings but add no people. "
    "The share of women is computed only over the trainings that state both numbers."
)
FUNDS = N_(
    "Commitments are Incoming Commitment transactions (IATI type 11) and funds received are Incoming Funds "
    "(type 1), attributed to the organisation that provided them."
)
THEME_COUNTS = N_(
    "A project or training with several themes counts under each of them, so theme counts can add up to "
    "more than the total; money is split in equal parts across a project's themes, with and without a "
    "theme filter, so amounts add up."
)
COUNTRY_SHARES = N_(
    "A multi-country project counts once in each of its countries' project counts; its money is split: "
    "the cards, charts and the projects table give the country's part of its budget and funds, by the "
    "percentage it reports for each country (equal parts where none is given or they do not add up)."
)


def undated_caption(left_out: int, total: int, what: str, where: str) -> None:
    """Say how many records a time chart leaves out for want of a date, and where to see them."""
    if left_out:
        st.caption(_("{left_out} of {total} {what} have no date and are not on this chart;").format(
            left_out=format_decimal(left_out), total=format_decimal(total), what=what) + f" {where}")


def usd_conversion_note() -> str:
    """How amounts become USD, with the rate table's named source."""
    return _(RATE_SOURCE_NOTE) + " " + _("Rates: {source}.").format(source=rate_table_source())


def donor_attribution_note() -> str:
    return _(ATTRIBUTION_RULE)


def how_computed(*texts: str, label: str | None = None) -> None:
    """A small popover holding the explanations (trusted text from this module only; the constants above
    are translated here, text already translated passes through unchanged)."""
    with st.popover(label or _("How is this computed?"), icon=":material/info:"):
        for text in texts:
            st.caption(_(text))


def synthetic_caption(count: int) -> None:
    """Label figures fed by synthetic records (nothing when there are none)."""
    if count:
        # An icon, not a coloured badge: a caption is drawn faded, and a faded badge falls below 4.5:1.
        st.caption(":material/science: " + _(
            "{count} of the records behind this figure are synthetic demo data, generated to show the "
            "dashboard at scale; they are not IOM records.").format(count=format_decimal(count)))


def unconverted_caption(count: int, currencies: tuple[str, ...] = ()) -> None:
    """Say how many amounts are left out of USD totals for want of a rate."""
    if count:
        which = f" ({md_text(', '.join(currencies))})" if currencies else ""
        st.caption(":material/currency_exchange: " + _(
            "{count} amount(s) in a currency without a USD rate for their year{which} are not included in "
            "the "
            "USD totals.").format(count=format_decimal(count), which=which))


def store_unreadable(detail: str) -> None:
    """The message for a store that cannot be read: what it means and what to do, then the detail as text."""
    st.error(_("The data store cannot be read, so no figure can be shown (a table or the manifest is damaged "
               "or unreadable). Restore the store folder from a backup, or rebuild it with "
               "`python -m dashboard ingest` into a new folder and point `DASHBOARD_STORE` at it."),
             icon=":material/error:")
    st.text(detail)  # names the table and file; plain text, never markdown


def nothing_to_show(store_is_empty: bool, what: str | None = None) -> None:
    """The message for an empty view: either the store is empty, or the filters match nothing."""
    what = what or _("projects or news events")
    if store_is_empty:
        st.info(_("The store holds no {what} yet. Load data on the Data page, or point `DASHBOARD_STORE` at "
                  "a "
                  "store folder.").format(what=what), icon=":material/inventory_2:")
    else:
        st.info(_("No {what} match the current filters. Widen the date range or remove a filter (the "
                  "sidebar's *Reset filters* clears them all).").format(what=what),
                icon=":material/filter_alt_off:")
