"""Build dashboard/reference/codelists/*.csv from the IATI Standard's own codelist XML files.

Source: the codelists that the IATI Secretariat ships inside its pyIATI package (PyPI ``pyIATI`` 0.4.1,
``iati/resources/standard/<version>/codelists``), for standard version 2.03 and, where version 1 used other
codes (transaction types as letters), 1.05. The package is fetched with ``pip download`` at build time only;
the app reads the CSVs.

Run: python scripts/build_codelists.py
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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
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
                    w.writerow(["code", "name", "status"])
                    for item in tree.iter("codelist-item"):
                        code = (item.findtext("code") or "").strip()
                        name_el = item.find("name")
                        label = _english(name_el)
                        w.writerow([code, label, item.get("status", "active")])
                print(f"wrote {path.name}")
    (OUT / "SOURCE.md").write_text(
        f"IATI Standard codelists (version 2.03; *-v1.csv from 1.05), extracted from the IATI Secretariat's "
        f"`{PACKAGE}` package by `scripts/build_codelists.py`. Columns: code, name, status.\n"
    )


def _english(name_el: etree._Element | None) -> str:
    """The English name: the first narrative (codelists repeat the name per language), else the text."""
    if name_el is None:
        return ""
    narratives = name_el.findall("narrative")
    node = narratives[0] if narratives else name_el
    return " ".join("".join(node.itertext()).split())


if __name__ == "__main__":
    main()
