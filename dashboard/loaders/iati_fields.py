"""Where each field lives in an IATI activity: one field map per version of the standard.

A field map says, for every field the loader reads, its path relative to the element it belongs to
(the activity, a transaction, a budget...). Paths are a small XPath subset, compiled once per load:

- ``a/b/@c``: attribute ``c`` of the first ``b`` inside the first ``a``;
- ``a/text()``: the text of the first ``a``;
- ``a/narrative``: the narratives of the first ``a``, in the activity's language (English, else the first);
- ``a``: the repeated child elements ``a`` (for groups such as transactions).

Version 2.0x is version 1.0x with overrides, so a difference between the versions is written once, here,
and nowhere else. Version 1.0x also used other codes (transaction types as letters, organisation roles as
words, sector vocabularies as names); ``codes`` translates them into the 2.0x codes the store holds, so a
1.0x "IF" and a 2.0x "1" are the same Incoming Funds for donor attribution and for every chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Generated demo data says so with this attribute, on an activity or on the file's root.
SYNTHETIC_NAMESPACE = "urn:iom-dashboard:synthetic"
SYNTHETIC_ATTRIBUTE = f"{{{SYNTHETIC_NAMESPACE}}}synthetic"

ACTIVITY_TAG = "iati-activity"
ROOT_TAGS = frozenset({"iati-activities", ACTIVITY_TAG})


@dataclass(frozen=True)
class FieldMap:
    """The paths of one IATI version, and its code translations into 2.0x codes."""

    version: str
    paths: Mapping[str, str | None]
    codes: Mapping[str, Mapping[str, str]]

    def translate(self, kind: str, code: str | None) -> str | None:
        """The 2.0x code for a code of this version (unchanged when it needs no translation)."""
        if code is None:
            return None
        table = self.codes.get(kind)  # called for every coded element: no empty default built per call
        return code if table is None else table.get(code, code)


_V1_PATHS: dict[str, str | None] = {
    # activity
    "activity.identifier": "iati-identifier/text()",
    "activity.reporting_org_ref": "reporting-org/@ref",
    "activity.title": "title/text()",
    "activity.description": "description/text()",
    "activity.status_code": "activity-status/@code",
    "activity.humanitarian": "@humanitarian",
    "activity.default_currency": "@default-currency",
    "activity.last_updated": "@last-updated-datetime",
    # repeated groups of an activity: the child tag to iterate
    "group.dates": "activity-date",
    "group.countries": "recipient-country",
    "group.regions": "recipient-region",
    "group.sectors": "sector",
    "group.orgs": "participating-org",
    "group.budgets": "budget",
    "group.transactions": "transaction",
    "group.locations": "location",
    "group.results": "result",
    # activity-date
    "date.type": "@type",
    "date.iso_date": "@iso-date",
    # recipient-country / recipient-region (1.0x regions are always DAC regions: no vocabulary attribute)
    "country.code": "@code",
    "country.percentage": "@percentage",
    "region.code": "@code",
    "region.vocabulary": None,
    "region.percentage": "@percentage",
    "region.name": "text()",
    # sector
    "sector.code": "@code",
    "sector.vocabulary": "@vocabulary",
    "sector.percentage": "@percentage",
    "sector.name": "text()",
    # participating-org
    "org.role": "@role",
    "org.ref": "@ref",
    "org.type": "@type",
    "org.name": "text()",
    # budget
    "budget.type": "@type",
    "budget.status": "@status",
    "budget.period_start": "period-start/@iso-date",
    "budget.period_end": "period-end/@iso-date",
    "budget.value": "value/text()",
    "budget.currency": "value/@currency",
    "budget.value_date": "value/@value-date",
    # transaction
    "transaction.type": "transaction-type/@code",
    "transaction.date": "transaction-date/@iso-date",
    "transaction.value": "value/text()",
    "transaction.currency": "value/@currency",
    "transaction.value_date": "value/@value-date",
    "transaction.provider_ref": "provider-org/@ref",
    "transaction.provider_name": "provider-org/text()",
    "transaction.receiver_ref": "receiver-org/@ref",
    "transaction.receiver_name": "receiver-org/text()",
    # geography given per transaction instead of per activity (used when the activity gives none)
    "transaction.country": "recipient-country/@code",
    "transaction.region": "recipient-region/@code",
    "transaction.region_vocabulary": None,
    # location: 1.0x gives coordinates as two attributes, 2.0x as one GML "latitude longitude" string
    "location.ref": "@ref",
    "location.name": "name/text()",
    "location.pos": None,
    "location.latitude": "coordinates/@latitude",
    "location.longitude": "coordinates/@longitude",
    "location.admin_code": "administrative/@adm1",
    "location.admin_vocabulary": None,
    "location.admin_level": None,
    "location.admin_country": "administrative/@country",
    # result / indicator / period
    "result.title": "title/text()",
    "result.indicators": "indicator",
    "indicator.title": "title/text()",
    "indicator.measure": "@measure",
    "indicator.baseline": "baseline/@value",
    "indicator.periods": "period",
    "period.start": "period-start/@iso-date",
    "period.end": "period-end/@iso-date",
    "period.target": "target/@value",
    "period.actual": "actual/@value",
}

_V2_OVERRIDES: dict[str, str | None] = {
    "activity.title": "title/narrative",
    "activity.description": "description/narrative",
    "region.vocabulary": "@vocabulary",
    "transaction.region_vocabulary": "recipient-region/@vocabulary",
    "region.name": "narrative",
    "sector.name": "narrative",
    "org.name": "narrative",
    "transaction.provider_name": "provider-org/narrative",
    "transaction.receiver_name": "receiver-org/narrative",
    "location.name": "name/narrative",
    "location.pos": "point/pos/text()",
    "location.latitude": None,
    "location.longitude": None,
    "location.admin_code": "administrative/@code",
    "location.admin_vocabulary": "administrative/@vocabulary",
    "location.admin_level": "administrative/@level",
    "location.admin_country": None,
    "result.title": "title/narrative",
    "indicator.title": "title/narrative",
}

# 1.0x codes -> 2.0x codes (IATI's own correspondence between TransactionType 1.05 and 2.01, etc.).
_V1_CODES: dict[str, dict[str, str]] = {
    "transaction_type": {
        "IF": "1",
        "C": "2",
        "D": "3",
        "E": "4",
        "IR": "5",
        "LR": "6",
        "R": "7",
        "QP": "8",
        "QS": "9",
        "CG": "10",
    },
    "org_role": {"Funding": "1", "Accountable": "2", "Extending": "3", "Implementing": "4"},
    "activity_date_type": {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"},
    # Vocabulary 1.05 names -> SectorVocabulary 2.0x codes; "RO"/"RO2" are the reporting org's own.
    "sector_vocabulary": {
        "DAC": "1",
        "DAC-3": "2",
        "COFOG": "3",
        "NACE": "4",
        "NTEE": "5",
        "ADT": "6",
        "RO": "99",
        "RO2": "98",
    },
}

V1 = FieldMap(
    "1", MappingProxyType(_V1_PATHS), MappingProxyType({k: MappingProxyType(v) for k, v in _V1_CODES.items()})
)
V2 = FieldMap("2", MappingProxyType({**_V1_PATHS, **_V2_OVERRIDES}), MappingProxyType({}))

# Defaults the standard states for absent attributes.
DEFAULT_SECTOR_VOCABULARY = "1"
DEFAULT_REGION_VOCABULARY = "1"
DEFAULT_LANGUAGE = "en"

# activity-date type (2.0x codes) -> activities column.
ACTIVITY_DATE_COLUMNS = MappingProxyType(
    {
        "1": "start_planned",
        "2": "start_actual",
        "3": "end_planned",
        "4": "end_actual",
    }
)
# The derived dates, defined once: the actual date where reported, else the planned one.
DERIVED_DATES = MappingProxyType(
    {
        "start": ("start_actual", "start_planned"),
        "end": ("end_actual", "end_planned"),
    }
)


def derive_dates(dates: Mapping[str, str | None]) -> dict[str, str | None]:
    """``start`` and ``end`` from an activity's dates: actual where reported, else planned."""
    return {
        name: dates.get(actual) or dates.get(planned) for name, (actual, planned) in DERIVED_DATES.items()
    }


def field_map_for(version: str | None) -> FieldMap:
    """The field map of an IATI version string ("1.05", "2.03"); 2.0x when absent or unrecognised."""
    if version and version.strip().startswith("1"):
        return V1
    return V2
