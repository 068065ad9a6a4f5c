"""Untrusted text (URL parameters, file names, data values) inside Streamlit's markdown elements.

``st.caption``, ``st.info``, ``st.error``, ``st.markdown``, headers and expander labels all render markdown,
and Streamlit adds its own directives (``:red[...]``, ``:material/...:``) and LaTeX (``$...$``). A search
term or a file name echoed there could draw a remote image, a link that looks like the app's own, or a
heading; :func:`md_text` makes such text print as the characters it is.

Two helpers, for two kinds of place: :func:`md_text` escapes markup for elements that render markdown (the
text shows as typed); :func:`plain_text` drops tags and control characters for places that take plain text
only and have little room (map tooltips, which pydeck renders as HTML).
"""

from __future__ import annotations

import re

from dashboard.model.cells import is_missing

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them also breaks
# autolinks ("http\:..."), Streamlit directives (":red\[...\]") and LaTeX ("\$").
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_text(value: object, max_chars: int = 300) -> str:
    """``value`` as markdown that renders as its plain text, on one line, cut to ``max_chars`` characters."""
    text = " ".join(str(value).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)


_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(value: object, max_len: int = 120) -> str:
    """Text safe and short enough for a tooltip: no markup, no control characters, one line."""
    if is_missing(value):
        return ""
    text = _CONTROL.sub(" ", _TAG.sub("", str(value)))
    text = " ".join(text.split())
    return text if len(text) <= max_len else text[: max_len - 1].rstrip() + "…"
