"""What a cell names: one or several countries, dashboard themes, an IATI status, a stable project id."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from dashboard.loaders.project_table.cells import fold
from dashboard.loaders.project_table.headers import header_key
from dashboard.model.codelists import label
from dashboard.model.countries import iso3_from_name
from dashboard.model.themes import THEMES

_STATUS_CODES = {
    "pipeline": "1", "identification": "1", "planned": "1", "planning": "1", "pipelineidentification": "1",
    "implementation": "2", "ongoing": "2", "active": "2", "inprogress": "2", "open": "2", "encours": "2",
    "completion": "3", "completed": "3", "complete": "3", "finished": "3", "ended": "3", "finalisation": "3",
    "closed": "4", "postcompletion": "4", "cancelled": "5", "canceled": "5", "suspended": "6",
    "onhold": "6",
}


# Raw theme (folded) -> dashboard themes: IOM's own project categories and the plain names. Kept explicit
# and small: a theme not listed here stays in activity_sectors only, unmapped, rather than guessed.
_THEME_SYNONYMS: dict[str, tuple[str, ...]] = {
    "counter trafficking projects": ("counter-trafficking",),
    "counter trafficking": ("counter-trafficking",),
    "trafficking in persons": ("counter-trafficking",),
    "human trafficking": ("counter-trafficking",),
    "migrant smuggling": ("migrant smuggling",),
    "smuggling of migrants": ("migrant smuggling",),
    "migration research and publication": ("data and research",),
    "migration research": ("data and research",),
    "research and publications": ("data and research",),
    "migration data": ("data and research",),
    "migration policy activities": ("migration governance",),
    "migration policy": ("migration governance",),
    "migration management": ("migration governance",),
    "technical cooperation on migration management and capacity building": ("migration governance",),
    "immigration and border management": ("border management",),
    "integrated border management": ("border management",),
    "border governance": ("border management",),
    "labour mobility": ("labour migration",),
    "labour migration and human development": ("labour migration", "migration and development"),
    "facilitated migration": ("labour migration",),
    "migration health": ("migration health",),
    "health": ("migration health",),
    "assisted voluntary return and reintegration": ("return and reintegration",),
    "avrr": ("return and reintegration",),
    "return assistance to migrants and governments": ("return and reintegration",),
    "emergency and post crisis": ("displacement and emergency",),
    "movement emergency and post crisis migration management": ("displacement and emergency",),
    "humanitarian response": ("displacement and emergency",),
    "displacement": ("displacement and emergency",),
    "migration environment and climate change": ("climate and environment",),
    "climate change": ("climate and environment",),
    "diaspora engagement": ("diaspora",),
    "remittances": ("migration and development",),
    "migrant protection and assistance": ("protection of vulnerable migrants",),
    "protection": ("protection of vulnerable migrants",),
    "migrant assistance": ("protection of vulnerable migrants",),
    "identity management": ("consular and identity",),
    "community stabilisation": ("community stabilization",),
    "transition and recovery": ("community stabilization",),
    "gender equality": ("gender",),
    **{theme.replace("-", " "): (theme,) for theme in THEMES},
}


def resolve_country(text: str) -> str | None:
    """ISO3 for a code or a country name, offline; None when it is not clearly one country."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z]{2,3}", text):
        return iso3_from_name(text.upper())  # exact names and codes first, then the taxonomy's patterns
    return iso3_from_name(text)


def split_countries(text: str) -> list[str]:
    """Country cell -> items: whole names with commas ("Korea, Republic of") stay whole."""
    items: list[str] = []
    for part in re.split(r"[;|\n]", text):
        part = part.strip()
        if not part:
            continue
        if "," in part or "/" in part:
            pieces = [p.strip() for p in re.split(r"[,/]", part) if p.strip()]
            # Split unless the whole is a country's exact name; fuzzy matching would take "Chad/Niger".
            if iso3_from_name(part, fuzzy=False) is None and any(resolve_country(p) for p in pieces):
                items.extend(pieces)
                continue
        items.append(part)
    return items


def themes_for(raw: str) -> tuple[str, ...]:
    """Dashboard themes a raw theme clearly names (explicit table, then the theme's own words)."""
    key = re.sub(r"[^a-z0-9]+", " ", fold(raw)).strip()
    if key in _THEME_SYNONYMS:
        return _THEME_SYNONYMS[key]
    found = []
    if "traffick" in key:
        found.append("counter-trafficking")
    if "smuggl" in key:
        found.append("migrant smuggling")
    return tuple(found)


def status_of(raw: str) -> tuple[str | None, str]:
    """(IATI ActivityStatus code, label) for a status cell; the raw text when it names no known status."""
    key = header_key(raw)
    code = key if label("ActivityStatus", key) else _STATUS_CODES.get(key)
    return (code, label("ActivityStatus", code) or raw.strip()) if code else (None, raw.strip())


def project_id(file_name: str, title: str) -> str:
    """A stable identifier for a project listed without a code: same file name and title, same id."""
    normal = re.sub(r"\s+", " ", fold(title)).strip()
    digest = hashlib.sha1(f"{Path(file_name).name}|{normal}".encode(), usedforsecurity=False).hexdigest()
    return f"list:{digest[:12]}"
