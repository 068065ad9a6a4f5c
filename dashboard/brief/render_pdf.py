"""The brief as a PDF (fpdf2), with the DejaVu TrueType fonts embedded so every name prints.

The core PDF fonts only know Latin-1, so "Şanlıurfa" would fail; DejaVu (Debian ``fonts-dejavu-core``)
covers Latin, Greek, Cyrillic and more. Its folder is ``$DASHBOARD_FONT_DIR`` when set, else the Debian one.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from dashboard.brief.document import BriefDocument, Table
from dashboard.i18n import _, current_language
from dashboard.transform.donor_profile import SYNTHETIC_LABEL

FONT_DIR_ENV = "DASHBOARD_FONT_DIR"
DEBIAN_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVu"
IOM_BLUE_RGB = (0, 51, 160)
GREY_RGB = (85, 85, 85)
MARK_RGB = (213, 94, 0)  # the warning orange of the HTML brief
HEADER_FILL_RGB = (238, 242, 250)


class FontsMissing(RuntimeError):
    """The DejaVu fonts are not installed (Debian: ``apt install fonts-dejavu-core``)."""


def font_dir() -> Path:
    named = os.environ.get(FONT_DIR_ENV, "").strip()
    folder = Path(named) if named else DEBIAN_DEJAVU
    if not (folder / "DejaVuSans.ttf").is_file() or not (folder / "DejaVuSans-Bold.ttf").is_file():
        raise FontsMissing(f"DejaVuSans.ttf and DejaVuSans-Bold.ttf not found in {folder} "
                           f"(install fonts-dejavu-core or set {FONT_DIR_ENV})")
    return folder


class _BriefPDF(FPDF):
    """A4 pages with the donor's name and the page number in the footer, and on every page the synthetic
    mark when the brief shows generated records (a page printed or shared alone still says so)."""

    def __init__(self, footer_text: str, mark: str | None = None) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.footer_text = footer_text
        self.mark = mark

    def header(self) -> None:
        if not self.mark:
            return
        self.set_font(FONT, "B", 8)
        self.set_text_color(*MARK_RGB)
        self.cell(0, 5, self.mark.upper(), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY_RGB)
        mark = f"{self.mark.upper()} · " if self.mark else ""
        page = _("page {number}/{total}").format(number=self.page_no(), total="{nb}")
        self.cell(0, 5, f"{mark}{self.footer_text} · {page}", align="C")


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    if pdf.get_y() > pdf.h - 40:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*IOM_BLUE_RGB)
    pdf.multi_cell(0, size * 0.55, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, size: float = 9, colour: tuple[int, int, int] = (0, 0, 0)) -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _table(pdf: FPDF, table: Table, size: float = 7) -> None:
    _heading(pdf, table.title, 10)
    if not table.rows:
        _paragraph(pdf, _("No rows."), 8, GREY_RGB)
        return
    size, widths = _fitting_widths(pdf, table, size)
    pdf.set_font(FONT, "", size)
    headings = FontFace(family=FONT, emphasis="BOLD", fill_color=HEADER_FILL_RGB)
    with pdf.table(col_widths=widths, line_height=size * 0.5, text_align="LEFT", first_row_as_headings=True,
                   headings_style=headings, padding=0.8) as grid:
        header = grid.row()
        for column in table.columns:
            header.cell(column)
        for values in table.rows:
            row = grid.row()
            for value in values:
                row.cell(value)
    if table.note:
        _paragraph(pdf, table.note, 7, GREY_RGB)


def _fitting_widths(pdf: FPDF, table: Table, size: float) -> tuple[float, list[float]]:
    """Font size and column widths (mm) at which no word has to be broken across lines.

    Each column gets at least its longest word (headings in bold); the rest of the page width goes by the
    table's relative widths. When even the longest words do not fit, the font gets smaller (down to 5 pt).
    """
    weights = list(table.widths) if len(table.widths) == len(table.columns) else [1.0] * len(table.columns)
    padding = 2 * 0.8 + 1.2
    while True:
        longest = []
        for i, heading in enumerate(table.columns):
            pdf.set_font(FONT, "B", size)
            need = max((pdf.get_string_width(w) for w in heading.split()), default=0.0)
            pdf.set_font(FONT, "", size)
            for row in table.rows:
                need = max(need, max((pdf.get_string_width(w) for w in row[i].split()), default=0.0))
            longest.append(need + padding)
        if sum(longest) <= pdf.epw or size <= 5:
            break
        size -= 0.5
    widths = list(longest)
    free = [i for i in range(len(widths))]
    # Give the spare width by weight, never taking a column below its longest word.
    for _round in range(len(widths)):
        spare = pdf.epw - sum(widths[i] for i in range(len(widths)) if i not in free)
        total = sum(weights[i] for i in free)
        share = {i: spare * weights[i] / total for i in free}
        short = [i for i in free if share[i] < longest[i]]
        if not short:
            for i in free:
                widths[i] = share[i]
            break
        for i in short:
            widths[i] = longest[i]
            free.remove(i)
        if not free:
            break
    return size, widths


def render_pdf(doc: BriefDocument, images: Sequence[bytes] | None = None, *,
               images_note: str | None = None) -> bytes:
    """The brief as PDF bytes; ``images`` are the charts' PNGs in reading order (None: not drawn)."""
    folder = font_dir()
    pdf = _BriefPDF(f"{doc.title} · {doc.generated}", _(SYNTHETIC_LABEL) if doc.warning else None)
    pdf.set_lang(current_language())  # the document's language, for screen readers
    pdf.add_font(FONT, "", str(folder / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(folder / "DejaVuSans-Bold.ttf"))
    pdf.set_title(doc.title)
    pdf.set_author(_("IOM activities dashboard"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    _heading(pdf, doc.title, 18)
    _paragraph(pdf, _("Scope: {scope}. Generated {generated} from store version {version}. Every list in "
                      "full: "
                      "the attached workbook.").format(scope=doc.scope, generated=doc.generated,
                                                       version=doc.store_version), 8, GREY_RGB)
    if doc.warning:
        pdf.set_fill_color(255, 244, 229)
        pdf.set_font(FONT, "B", 9)
        pdf.multi_cell(0, 5, doc.warning, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_fill_color(255, 255, 255)  # tables fill their cells with the current colour
        pdf.ln(1)
    if images_note:
        _paragraph(pdf, images_note, 8, GREY_RGB)
    _table(pdf, Table(_("Headline figures"), (_("Figure"), _("Value"), _("How it is computed")),
                      tuple((f.label, f.value, f.how) for f in doc.figures), widths=(2.2, 2, 6)), size=8)
    pngs = list(images or [])
    for section in doc.sections:
        _heading(pdf, section.title)
        for text in section.paragraphs:
            _paragraph(pdf, text, 8)
        for chart in section.charts:
            image = pngs.pop(0) if pngs else None
            if image is None:
                _paragraph(pdf, _("Chart “{title}” not drawn; its numbers are in the table below.").format(
                    title=chart.title), 8, GREY_RGB)
                continue
            if pdf.get_y() > pdf.h - 90:
                pdf.add_page()
            pdf.image(io.BytesIO(image), w=pdf.epw, alt_text=chart.alt)
            pdf.ln(2)
        for table in section.tables:
            _table(pdf, table)
    if doc.sources is not None:
        _heading(pdf, _("Sources"))
        _table(pdf, doc.sources, size=6.5)
    return bytes(pdf.output())
