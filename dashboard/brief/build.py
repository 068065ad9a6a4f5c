"""Render a brief document to its two files (PDF and HTML), drawing the charts once for both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.brief.chart_images import ChartRenderingUnavailable, render_pngs
from dashboard.brief.document import BriefDocument, charts_of, document_from_profile, lists_workbook
from dashboard.brief.render_html import render_html
from dashboard.brief.render_pdf import render_pdf
from dashboard.i18n import _, using_language
from dashboard.model.filters import Filters
from dashboard.transform.donor_profile import DonorProfile


@dataclass(frozen=True)
class RenderedBrief:
    pdf: bytes
    html: str
    images_note: str | None  # why the charts are missing, when they are


def render_brief(doc: BriefDocument, *, draw_charts: bool = True) -> RenderedBrief:
    """The PDF and HTML of ``doc``; without a browser the charts are left out and the files say so."""
    images: list[bytes] | None = None
    note = None
    if draw_charts:
        try:
            images = render_pngs([chart.spec for chart in charts_of(doc)])
        except ChartRenderingUnavailable as exc:
            note = _("Charts not drawn ({reason}); every chart's numbers are in the tables.").format(
                reason=exc)
    else:
        note = _("Charts not drawn on request; every chart's numbers are in the tables.")
    return RenderedBrief(pdf=render_pdf(doc, images, images_note=note),
                         html=render_html(doc, images, images_note=note), images_note=note)


def _document(profile: DonorProfile, filters: Filters, store_version: str) -> BriefDocument:
    generated = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return document_from_profile(profile, filters, store_version=store_version, generated=generated)


# The page hands its language over: the files are made when the download is asked for, maybe in another
# thread than the page's run.
def brief_pdf_bytes(profile: DonorProfile, filters: Filters, store_version: str,
                    language: str | None = None) -> bytes:
    """The PDF brief of a computed donor profile (the page's "Download brief" button)."""
    with using_language(language):
        return render_brief(_document(profile, filters, store_version)).pdf


def brief_html_bytes(profile: DonorProfile, filters: Filters, store_version: str,
                     language: str | None = None) -> bytes:
    """The HTML brief of a computed donor profile, UTF-8 encoded."""
    with using_language(language):
        return render_brief(_document(profile, filters, store_version)).html.encode("utf-8")


def brief_lists_bytes(profile: DonorProfile, language: str | None = None) -> bytes:
    """The workbook attached to the brief: every list in full (the page's "Full lists" button)."""
    with using_language(language):
        return lists_workbook(profile)
