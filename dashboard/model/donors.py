"""Donors: one registry shared by project records and news, so an EU transaction and an EU-funded
training point at the same donor.

Donor attribution (the one rule, used by every loader and page):
    An organisation is a donor of an activity when it is a participating-org with role 1 (Funding), or the
    provider-org of an Incoming Funds (type 1) or Incoming Commitment (type 11) transaction. IOM publishes
    itself as role 2 (Accountable), so IOM is never counted as a donor of its own activities, except for the
    IOM Development Fund, which IOM reports as a funder by name.

Matching, in order: an IATI organisation ref (normalised: case, spaces and dash variants do not matter; an
``XM-DAC-<donor code>-<agency>`` ref falls back to its DAC donor code), then the exact name or a known
alias, an acronym in brackets, then rapidfuzz's token-sort ratio against every known name (cut-off 92, so
"Government of Japan" and "Japan Government" meet, "Government of Jamaica" does not), then a known name of
two or more words contained whole in the given one ("European Commission to Zimbabwe"). A name or ref seen
for the first time becomes a donor of its own within the registry instance.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from dashboard.i18n import N_
from dashboard.model.text import fold_accents

if TYPE_CHECKING:  # pandas only where a table is read or written: extraction starts without it
    import pandas as pd

ATTRIBUTION_RULE = N_(
    "A donor of a project is an organisation listed as funding it (IATI participating-org role 1) or as the "
    "provider of funds it received (transactions of type 1, Incoming Funds, or 11, Incoming Commitment). "
    "News events are attributed to the donors their press release names as funding them."
)
DONOR_ORG_ROLES = frozenset({"1"})
DONOR_TRANSACTION_TYPES = frozenset({"1", "11"})
FUZZY_CUTOFF = 92

_DAC_REF = re.compile(r"^XM-DAC-(\d+)")
_BRACKETED = re.compile(r"\(([^()]{2,60})\)")
_STOPWORDS = {"the", "of", "and", "for", "de", "la", "le", "del", "des", "du", "el"}


@dataclass(frozen=True)
class Donor:
    donor_id: str
    name: str
    ref: str | None
    org_type: str | None
    group: str | None


def normalise_ref(ref: str | None) -> str | None:
    """Canonical spelling of an IATI organisation identifier ("xm dac 701 2" -> "XM-DAC-701-2")."""
    if ref is None:
        return None
    text = unicodedata.normalize("NFKC", str(ref)).strip().upper()
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", "-", text)
    return text or None


def normalise_name(name: str) -> str:
    text = fold_accents(name).casefold()
    text = text.replace("&", " and ").replace("u.s.", "us").replace("u. s.", "us")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(w for w in words if w not in _STOPWORDS)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(text)).strip("-")[:60] or "unnamed"


@dataclass
class DonorRegistry:
    """Resolves donor names and refs to donors; remembers donors first seen in the data it is fed."""

    donors: dict[str, Donor] = field(default_factory=dict)
    _by_ref: dict[str, str] = field(default_factory=dict)
    _by_name: dict[str, str] = field(default_factory=dict)
    _aliases: dict[str, set[str]] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    @classmethod
    def from_reference(cls) -> DonorRegistry:
        """The registry seeded with the bundled list of known donors (``reference/donors.csv``)."""
        reg = cls()
        text = resources.files("dashboard.reference").joinpath("donors.csv").read_text("utf-8")
        for row in csv.DictReader(text.splitlines()):
            refs = [r for r in row["refs"].split("|") if r]
            donor = Donor(row["donor_id"], row["name"], refs[0] if refs else None,
                          row["org_type"] or None, row["group"] or None)
            reg._add(donor, refs, [row["name"], *[a for a in row["aliases"].split("|") if a]])
        return reg

    def remember(self, donors: pd.DataFrame) -> None:
        """Learn donors from an existing ``donors`` table, so a later ingest resolves to the same ids."""
        from dashboard.model.cells import text_or_none

        for row in donors.itertuples(index=False):
            donor_id, name = str(row.donor_id), str(row.name)  # both required by the donors contract
            if donor_id in self.donors:
                continue
            aliases = [a for a in (text_or_none(row.aliases) or "").split(" | ") if a]
            ref = text_or_none(row.ref)
            self._add(Donor(donor_id, name, ref, text_or_none(row.org_type), text_or_none(row.group)),
                      [ref] if ref else [], [name, *aliases])

    def _add(self, donor: Donor, refs: list[str], names: list[str]) -> None:
        self.donors[donor.donor_id] = donor
        for ref in refs:
            norm = normalise_ref(ref)
            if norm:
                self._by_ref.setdefault(norm, donor.donor_id)
        for name in names:
            key = normalise_name(name)
            if key:
                self._by_name.setdefault(key, donor.donor_id)
                self._aliases.setdefault(donor.donor_id, set()).add(name)

    def lookup(self, name: str | None = None, ref: str | None = None) -> Donor | None:
        """The known donor for a ref and/or a name, or None; never creates one."""
        donor_id = self._match(normalise_ref(ref), (name or "").strip() or None)
        return self.donors[donor_id] if donor_id else None

    def _match(self, norm_ref: str | None, name: str | None) -> str | None:
        donor_id = self._match_ref(norm_ref) if norm_ref else None
        if donor_id is None and name:
            donor_id = self._match_name(name)
        return donor_id

    def resolve(self, name: str | None = None, ref: str | None = None,
                org_type: str | None = None) -> Donor | None:
        """The donor for a ref and/or a name, creating one when neither is known; None when both empty."""
        name = (name or "").strip() or None
        norm_ref = normalise_ref(ref)
        donor_id = self._match(norm_ref, name)
        if donor_id is None:
            if not (name or norm_ref):
                return None
            donor_id = f"ref:{norm_ref}" if norm_ref else f"name:{_slug(name or '')}"
            if donor_id not in self.donors:
                self._add(Donor(donor_id, name or norm_ref or donor_id, norm_ref, org_type, None),
                          [norm_ref] if norm_ref else [], [name] if name else [])
        elif name:
            self._aliases.setdefault(donor_id, set()).add(name)
        self._seen.add(donor_id)
        return self.donors[donor_id]

    def _match_ref(self, ref: str) -> str | None:
        if ref in self._by_ref:
            return self._by_ref[ref]
        # "XM-DAC-701-2" (an agency of DAC donor 701) falls back to "XM-DAC-701" and then nothing shorter.
        parts = ref.split("-")
        while len(parts) > 3 and _DAC_REF.match(ref):
            parts.pop()
            shorter = "-".join(parts)
            if shorter in self._by_ref:
                return self._by_ref[shorter]
        return None

    def _match_name(self, name: str) -> str | None:
        key = normalise_name(name)
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        for acronym in _BRACKETED.findall(name):
            akey = normalise_name(acronym)
            if akey in self._by_name:
                return self._by_name[akey]
        without_brackets = normalise_name(_BRACKETED.sub(" ", name))
        if without_brackets in self._by_name:
            return self._by_name[without_brackets]
        if len(key) < 6:  # short strings fuzzy-match anything; only exact acronyms count
            return None
        names = list(self._by_name)
        best = process.extractOne(key, names, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            return self._by_name[best[0]]
        # A known name of two words or more inside a longer one: "European Commission to Zimbabwe". Only that
        # way round: a bare "Government" or "Ministry of Foreign Affairs" is inside many names and names none.
        words = set(key.split())
        inside = [n for n in names if " " in n and set(n.split()) <= words]
        return self._by_name[max(inside, key=lambda n: len(n.split()))] if inside else None

    def all_names(self) -> set[str]:
        """Every name and alias of every donor known (what a release may call a donor)."""
        return {name for names in self._aliases.values() for name in names}

    def canonical_name(self, name: str | None = None, ref: str | None = None) -> str | None:
        donor = self.resolve(name, ref)
        return donor.name if donor else None

    def table(self, only_seen: bool = True) -> pd.DataFrame:
        """The ``donors`` store table: every donor resolved so far (or every known donor)."""
        import pandas as pd

        from dashboard.model.codelists import label

        rows = []
        for donor_id, d in self.donors.items():
            if only_seen and donor_id not in self._seen:
                continue
            rows.append({
                "donor_id": donor_id, "name": d.name, "ref": d.ref, "org_type": d.org_type,
                "org_type_label": label("OrganisationType", d.org_type) if d.org_type else None,
                "group": d.group,
                "aliases": " | ".join(sorted(self._aliases.get(donor_id, set()) - {d.name})) or None,
            })
        return pd.DataFrame(rows, columns=["donor_id", "name", "ref", "org_type", "org_type_label", "group",
                                           "aliases"])
