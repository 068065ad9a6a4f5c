"""Untrusted text (URL parameters, file names, data values) inside Streamlit's markdown elements.

``st.caption``, ``st.info``, ``st.error``, ``st.markdown``, headers and expander labels all render markdown,
and Streamlit adds its own directives (``:red[...]``, ``:material/...:``) and LaTeX (``$...$``). A search
term or a file name echoed there could draw a remote image, a link that looks like the app's own, or a
heading; :func:`md_text` makes such text print as the characters it is.
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them also breaks
# autolinks ("http\:..."), Streamlit directives (":red\[...\]") and LaTeX ("\$").
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_text(value: object, max_chars: int = 300) -> str:
    """``value`` as markdown that renders as its plain text, on one line, cut to ``max_chars`` characters."""
    text = " ".join(str(value).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
