"""Charts to PNG, offline: plotly figures drawn by kaleido in the system's Chromium.

Kaleido 1.x drives a Chrome-family browser through choreographer. The browser is the one named by
``BROWSER_PATH`` (choreographer's own variable), else the first of the usual Chromium names on ``PATH``.
MathJax is switched off, since kaleido would otherwise load it from a CDN; plotly.js comes from the
installed plotly package. No geo chart is drawn (its topojson would come from the internet too).
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Sequence
from typing import Any

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WIDTH, HEIGHT_DEFAULT, SCALE = 900, 400, 2


class ChartRenderingUnavailable(RuntimeError):
    """No browser to draw charts with; the brief is written without chart images, and says so."""


def find_browser() -> str:
    """The browser kaleido will drive: ``$BROWSER_PATH``, else Chromium or Chrome found on ``PATH``."""
    named = os.environ.get("BROWSER_PATH", "").strip()
    if named:
        if not os.path.exists(named):
            raise ChartRenderingUnavailable(f"BROWSER_PATH names {named}, which does not exist")
        return named
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChartRenderingUnavailable("no Chromium or Chrome found to draw the charts (set BROWSER_PATH)")


async def _render(specs: Sequence[dict[str, Any]], browser: str, timeout: float) -> list[bytes]:
    from kaleido import Kaleido

    images = []
    async with Kaleido(n=1, timeout=timeout, mathjax=False, path=browser) as k:
        for spec in specs:
            height = int((spec.get("layout") or {}).get("height") or HEIGHT_DEFAULT)
            images.append(await k.calc_fig(spec, opts={"format": "png", "width": WIDTH, "height": height,
                                                       "scale": SCALE}))
    return images


def render_pngs(specs: Sequence[dict[str, Any]], *, timeout: float = 90) -> list[bytes]:
    """PNG bytes for each plotly figure dict, drawn in one browser session.

    Raises ChartRenderingUnavailable when no browser can be found or started.
    """
    if not specs:
        return []
    from kaleido.errors import KaleidoError

    browser = find_browser()
    try:
        return asyncio.run(_render(list(specs), browser, timeout))
    # RuntimeError: asyncio.run inside a running loop, or the browser failed, closed or threw a script error;
    # KaleidoError: plotly.js refused the figure; TimeoutError/OSError: the browser hung or could not start.
    except (RuntimeError, KaleidoError, TimeoutError, OSError) as exc:
        raise ChartRenderingUnavailable(f"the charts could not be drawn: {exc}") from exc
