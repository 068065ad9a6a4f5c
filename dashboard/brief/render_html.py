"""The brief as one self-contained HTML file: no script, no outside request, charts as embedded PNGs.

Everything that comes from the data (names, titles, evidence, URLs) goes through ``html.escape``; a URL
becomes a link only when it is http(s), so a ``javascript:`` address stays inert text.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from dashboard.brief.document import BriefDocument, Chart, Table
from dashboard.i18n import _, current_language
from dashboard.transform.donor_profile import SYNTHETIC_LABEL

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.4; }
h1 { color: #0033A0; margin-bottom: 0.2rem; }
h2 { color: #0033A0; border-bottom: 2px solid #0033A0; padding-bottom: 0.2rem; margin-top: 2rem; }
.meta { color: #555; font-size: 0.9rem; }
.warning { background: #fff4e5; border-left: 4px solid #D55E00; padding: 0.5rem 0.8rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: 0.6rem; }
.figure { border: 1px solid #d0d5dd; border-radius: 6px; padding: 0.5rem 0.7rem; }
.figure .value { font-size: 1.4rem; font-weight: bold; color: #0033A0; }
.figure .how { font-size: 0.75rem; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 0.8rem; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d0d5dd; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; }
th { background: #eef2fa; }
img { max-width: 100%; }
.note { font-size: 0.8rem; color: #555; }
.mark { text-align: center; font-weight: bold; color: #D55E00; text-transform: uppercase; font-size: 0.8rem; }
/* Printed, a fixed element repeats on every page: each page of a synthetic brief carries the mark. */
@media print { .mark { position: fixed; top: 0; left: 0; right: 0; } }
"""


def _link_or_text(value: str) -> str:
    if value.startswith(("https://", "http://")):
        return f'<a href="{escape(value, quote=True)}">{escape(value)}</a>'
    return escape(value)


def _table_html(table: Table) -> str:
    if not table.rows:
        return f"<h3>{escape(table.title)}</h3><p class=\"note\">{escape(_('No rows.'))}</p>"
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{_link_or_text(v)}</td>" for v in row) + "</tr>"
                   for row in table.rows)
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f"<h3>{escape(table.title)}</h3><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
            f"</table>{note}")


def _chart_html(chart: Chart, image: bytes | None) -> str:
    if image is None:
        return (f'<p class="note">Chart “{escape(chart.title)}” not drawn; its numbers are in the table '
                "below.</p>")
    data = base64.b64encode(image).decode("ascii")
    return f'<figure><img src="data:image/png;base64,{data}" alt="{escape(chart.alt, quote=True)}"></figure>'


def render_html(doc: BriefDocument, images: Sequence[bytes] | None = None, *,
                images_note: str | None = None) -> str:
    """The brief as an HTML page; ``images`` are the charts' PNGs in reading order (None: not drawn)."""
    pngs = list(images or [])
    parts = [
        # The language code is one of i18n.SUPPORTED, never text from outside.
        "<!DOCTYPE html>", f'<html lang="{current_language()}"><head><meta charset="utf-8">',
        f"<title>{escape(doc.title)}</title><style>{STYLE}</style></head><body>",
        f'<div class="mark">{escape(_(SYNTHETIC_LABEL))}</div>' if doc.warning else "",
        f"<h1>{escape(doc.title)}</h1>",
        '<p class="meta">' + escape(_("Scope: {scope}. Generated {generated} from store version {version}. "
                                      "Every "
                                      "list in full: the attached workbook.").format(
            scope=doc.scope, generated=doc.generated, version=doc.store_version)) + "</p>",
    ]
    if doc.warning:
        parts.append(f'<p class="warning">{escape(doc.warning)}</p>')
    if images_note:
        parts.append(f'<p class="note">{escape(images_note)}</p>')
    parts.append(f'<h2>{escape(_("Headline figures"))}</h2><div class="figures">')
    for fig in doc.figures:
        parts.append(f'<div class="figure"><div>{escape(fig.label)}</div>'
                     f'<div class="value">{escape(fig.value)}</div>'
                     f'<div class="how">{escape(fig.how)}</div></div>')
    parts.append("</div>")
    for section in doc.sections:
        parts.append(f"<h2>{escape(section.title)}</h2>")
        parts += [f"<p>{escape(text)}</p>" for text in section.paragraphs]
        for chart in section.charts:
            parts.append(_chart_html(chart, pngs.pop(0) if pngs else None))
        parts += [_table_html(t) for t in section.tables]
    if doc.sources is not None:
        parts.append(f"<h2>{escape(_('Sources'))}</h2>" + _table_html(doc.sources))
    parts.append("</body></html>")
    return "\n".join(parts)
