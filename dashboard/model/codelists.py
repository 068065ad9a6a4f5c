"""IATI codelists bundled with the app (see ``reference/codelists/SOURCE.md``): code -> label lookups."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

_DIR = "dashboard.reference"


@cache
def codelist(name: str) -> dict[str, str]:
    """Code -> English name for a bundled IATI codelist ("TransactionType", "Sector", "Currency", ...).

    ``Sector`` also holds the DAC codes added after the bundled codelist version (``Sector-supplement``).
    """
    files = [f"{name}.csv"] + (["Sector-supplement.csv"] if name == "Sector" else [])
    out: dict[str, str] = {}
    for file in files:
        text = resources.files(_DIR).joinpath("codelists", file).read_text("utf-8")
        for row in csv.DictReader(text.splitlines()):
            out[row["code"]] = row["name"]
    return out


@cache
def codelist_names_in(name: str, language: str) -> dict[str, str]:
    """Code -> name in ``language`` for the codes codelist ``name`` publishes in it (IATI publishes English
    and, for many codelists, French; no Spanish). Empty for English: :func:`codelist` is the English one."""
    column = f"name_{language}"
    out: dict[str, str] = {}
    files = [f"{name}.csv"] + (["Sector-supplement.csv"] if name == "Sector" else [])
    for file in files:
        text = resources.files(_DIR).joinpath("codelists", file).read_text("utf-8")
        for row in csv.DictReader(text.splitlines()):
            if (row.get(column) or "").strip():
                out[row["code"]] = row[column].strip()
    return out


def label_in_language(name: str, code: str | None, language: str) -> str | None:
    """The name of ``code`` in ``language`` where codelist ``name`` publishes one, else None (callers fall
    back to the English label, visibly English)."""
    if code is None or language == "en":
        return None
    return codelist_names_in(name, language).get(str(code).strip())


def label(name: str, code: str | None) -> str | None:
    """The label of ``code`` in codelist ``name``, or None when the code is empty or unknown."""
    if code is None:
        return None
    return codelist(name).get(str(code).strip())


def is_known(name: str, code: str | None) -> bool:
    return code is not None and str(code).strip() in codelist(name)


@cache
def withdrawn_codes(name: str) -> frozenset[str]:
    """Codes that codelist ``name`` keeps but marks withdrawn (still valid in old files, flagged on load)."""
    text = resources.files(_DIR).joinpath("codelists", f"{name}.csv").read_text("utf-8")
    return frozenset(row["code"] for row in csv.DictReader(text.splitlines())
                     if (row.get("status") or "").strip().lower() == "withdrawn")
