"""From an activity's sectors to the dashboard's themes (the 16 of :mod:`dashboard.model.themes`).

Two sources, in this order:

1. DAC purpose codes (sector vocabulary 1, 5 digits) and DAC categories (vocabulary 2, 3 digits) whose
   meaning is one theme, listed below by code; codes whose meaning is broader (e.g. 15110, public sector
   policy) give no theme rather than a guessed one.
2. IOM's own vocabularies, 98 (service area) and 99 (project type), and any other vocabulary with a
   narrative: their codes are IOM-internal and their labels are only in the file, so the label is matched
   against a short list of words per theme ("Internally Displaced Persons" -> displacement and emergency).

Each theme row keeps which sector it came from (``derived_from``), so a theme on screen can be traced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from dashboard.model.themes import THEMES

DAC_CODE_THEMES: dict[str, tuple[str, ...]] = {
    "15190": ("migration governance",),
    "15136": ("border management",),
    "15196": ("data and research",),
    "16062": ("data and research",),
    "15160": ("protection of vulnerable migrants",),
    "15170": ("gender",),
    "15180": ("gender",),
    "15220": ("community stabilization",),
    "15240": ("community stabilization",),
    "73010": ("community stabilization",),
    "72010": ("displacement and emergency",),
    "72011": ("displacement and emergency", "migration health"),
    "72012": ("displacement and emergency",),
    "72040": ("displacement and emergency",),
    "72050": ("displacement and emergency",),
    "93010": ("protection of vulnerable migrants",),
}
DAC_CATEGORY_THEMES: dict[str, tuple[str, ...]] = {
    "121": ("migration health",),
    "122": ("migration health",),
    "123": ("migration health",),
    "130": ("migration health",),
    "410": ("climate and environment",),
    "720": ("displacement and emergency",),
    "730": ("community stabilization",),
    "740": ("climate and environment",),
}
# Words in a sector label (IOM vocabularies 98/99 and others) that place it in a theme.
LABEL_THEME_WORDS: dict[str, str] = {
    "border management": r"\bborder|immigration and border|\bIBM\b",
    "counter-trafficking": r"traffick",
    "migrant smuggling": r"smuggl",
    "labour migration": r"\blabou?r\b|labou?r mobility|migrant workers?",
    "migration governance": r"regulating migration|facilitating migration|migration (policy|governance)"
    r"|technical cooperation",
    "migration and development": r"migration and development|remittance",
    "migration health": r"\bhealth|medical|epidemic|disease",
    "return and reintegration": r"\breturn|reintegration|repatriation",
    "displacement and emergency": r"displace|emergency|crisis|humanitarian|refugee|shelter|relief",
    "climate and environment": r"climate|environment|disaster risk|natural hazard",
    "data and research": r"\bdata\b|research|statistic",
    "protection of vulnerable migrants": r"protection|vulnerable|unaccompanied",
    "diaspora": r"diaspora",
    "consular and identity": r"consular|identity|passport|travel document",
    "community stabilization": r"stabili[sz]ation|peace|transition and recovery|social cohesion",
    "gender": r"gender|\bwomen\b|\bgirls\b",
}
_LABEL_PATTERNS = tuple(
    (theme, re.compile(words, re.IGNORECASE)) for theme, words in LABEL_THEME_WORDS.items()
)


@lru_cache(maxsize=4096)
def themes_for_sector(vocabulary: str | None, code: str | None, label: str | None) -> tuple[str, ...]:
    """The themes one sector places an activity in (empty when it says nothing clear)."""
    vocabulary = vocabulary or "1"
    code = (code or "").strip()
    if vocabulary == "1":
        return DAC_CODE_THEMES.get(code) or DAC_CATEGORY_THEMES.get(code[:3], ())
    if vocabulary == "2":
        return DAC_CATEGORY_THEMES.get(code, ())
    if not label:
        return ()
    return tuple(theme for theme, pattern in _LABEL_PATTERNS if pattern.search(label))


def activity_themes(sectors: Iterable[tuple[str | None, str | None, str | None]]) -> dict[str, str]:
    """Theme -> what it is derived from, for an activity's (vocabulary, code, label) sectors."""
    evidence: dict[str, list[str]] = {}
    for vocabulary, code, label in sectors:
        for theme in themes_for_sector(vocabulary, code, label):
            source = f"sector {vocabulary or '1'}:{code}" + (f" ({label})" if label else "")
            evidence.setdefault(theme, []).append(source)
    return {theme: "; ".join(sources) for theme, sources in evidence.items()}


def _check_themes() -> None:
    """Every theme named here is one of the dashboard's themes (a typo would create a 17th)."""
    named = {t for ts in (*DAC_CODE_THEMES.values(), *DAC_CATEGORY_THEMES.values()) for t in ts}
    named |= {theme for theme, _ in _LABEL_PATTERNS}
    unknown = named - set(THEMES)
    if unknown:
        raise ValueError(f"themes outside dashboard.model.themes.THEMES: {sorted(unknown)}")


_check_themes()
