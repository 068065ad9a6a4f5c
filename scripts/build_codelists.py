"""Build dashboard/reference/codelists/*.csv from the IATI Standard's own codelist XML files.

Source: the codelists that the IATI Secretariat ships inside its pyIATI package (PyPI ``pyIATI`` 0.4.1,
``iati/resources/standard/<version>/codelists``), for standard version 2.03 and, where version 1 used other
codes (transaction types as letters), 1.05. The package is fetched with ``pip download`` at build time only;
the app reads the CSVs. Each name is kept in English and, where the codelist publishes one, in French
(``name_fr``; IATI publishes no Spanish names, so Spanish pages show the English ones and say so).

Run: python scripts/build_codelists.py [--sdist path/to/pyIATI-0.4.1.tar.gz]
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from lxml import etree

PACKAGE = "pyIATI==0.4.1"
OUT = Path(__file__).resolve().parents[1] / "dashboard" / "reference" / "codelists"
WANTED = {
    "2-03": ["ActivityStatus", "TransactionType", "OrganisationRole", "OrganisationType", "Sector",
             "SectorCategory", "SectorVocabulary", "Region", "RegionVocabulary", "Currency", "Country",
             "BudgetType", "BudgetStatus", "IndicatorMeasure", "ActivityDateType", "ResultType",
             "GeographicVocabulary", "Language", "DescriptionType"],
    "1-05": ["TransactionType", "OrganisationRole", "ActivityDateType"],
}


def main(argv: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if argv[:1] == ["--sdist"] and len(argv) == 2:
            sdist = Path(argv[1])  # a copy already at hand
        else:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                            "-d", tmp, PACKAGE], check=True)
            sdist = next(Path(tmp).glob("*.tar.gz"))
        with tarfile.open(sdist) as tar:
            tar.extractall(tmp, filter="data")
        root = next(p for p in Path(tmp).glob("pyIATI-*") if p.is_dir()) / "iati" / "resources" / "standard"
        OUT.mkdir(parents=True, exist_ok=True)
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        for version, names in WANTED.items():
            for name in names:
                tree = etree.parse(str(root / version / "codelists" / f"{name}.xml"), parser)
                suffix = "" if version == "2-03" else f"-v{version[0]}"
                path = OUT / f"{name}{suffix}.csv"
                with path.open("w", newline="", encoding="utf-8") as fh:
                    w = csv.writer(fh, lineterminator="\n")
                    w.writerow(["code", "name", "status", "name_fr"])
                    for item in tree.iter("codelist-item"):
                        code = (item.findtext("code") or "").strip()
                        name_el = item.find("name")
                        label = _english(name_el)
                        w.writerow([code, label, item.get("status", "active"), _in_language(name_el, "fr")])
                print(f"wrote {path.name}")
    (OUT / "SOURCE.md").write_text(
        f"IATI Standard codelists (version 2.03; *-v1.csv from 1.05), extracted from the IATI Secretariat's "
        f"`{PACKAGE}` package by `scripts/build_codelists.py`. Columns: code, name (English), status, "
        f"name_fr (French, where the codelist publishes it; empty otherwise). IATI publishes no Spanish "
        f"names.\n"
        + SUPPLEMENT_NOTE
    )


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Sector-supplement.csv is kept by hand beside the built files; the note about it is kept with them.
SUPPLEMENT_NOTE = (
    "\n`Sector-supplement.csv`: DAC purpose codes added by the OECD after the 2.03 codelists above were "
    "packaged\n(15190, the migration code IOM reports most, and 15196), with the OECD's names; maintained by "
    "hand.\n"
)


def _in_language(name_el: etree._Element | None, language: str) -> str:
    """The name's narrative in ``language`` (its xml:lang), or "" when the codelist gives none."""
    if name_el is None:
        return ""
    for narrative in name_el.findall("narrative"):
        if narrative.get(XML_LANG) == language:
            return " ".join("".join(narrative.itertext()).split())
    return ""


def _english(name_el: etree._Element | None) -> str:
    """The English name: the first narrative (codelists repeat the name per language), else the text."""
    if name_el is None:
        return ""
    narratives = name_el.findall("narrative")
    node = narratives[0] if narratives else name_el
    return " ".join("".join(node.itertext()).split())


if __name__ == "__main__":
    main(sys.argv[1:])
