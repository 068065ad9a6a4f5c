"""IATI 2.03 XML for synthetic projects, streamed to files of bounded size.

Written as text rather than through an element tree: a million transactions must not sit in memory, and
string templates are several times faster than building and serialising elements. Every text and
attribute value goes through the XML escapers, so the files are well formed whatever the names contain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from dashboard.model.codelists import label
from dashboard.synth import SYNTHETIC_NS
from dashboard.synth.files import write_parts
from dashboard.synth.portfolio import (
    REFERENCE_DATE,
    SERVICE_AREAS,
    SYNTHETIC_ORG_NAME,
    SYNTHETIC_ORG_REF,
    Project,
    ProjectDetails,
    Transaction,
)

IATI_VERSION = "2.03"
FILE_PATTERN = "synthetic-iati-{:04d}.xml"
IOM_SECTOR_URI = "https://example.org/synthetic/codelists/iom-sector"  # stands in for IOM's own codelist URL
_POINT_SRS = "http://www.opengis.net/def/crs/EPSG/0/4326"


def _n(text: str) -> str:
    return f"<narrative>{escape(text)}</narrative>"


def _d(day: dt.date) -> str:
    return day.isoformat()


def _org(tag: str, name: str, ref: str | None, org_type: str, extra: str = "") -> str:
    ref_attr = f" ref={quoteattr(ref)}" if ref else ""
    return f"<{tag}{ref_attr} type=\"{org_type}\"{extra}>{_n(name)}</{tag}>"


def _transaction(t: Transaction, default_currency: str) -> str:
    # The currency attribute is written only when it differs from the activity's default, as IOM does;
    # loaders must fall back to default-currency for the others.
    cur = f" currency=\"{t.currency}\"" if t.currency != default_currency else ""
    parts = [f"<transaction><transaction-type code=\"{t.type_code}\"/>"
             f"<transaction-date iso-date=\"{_d(t.date)}\"/>"
             f"<value{cur} value-date=\"{_d(t.date)}\">{t.value:.2f}</value>"]
    if t.provider is not None:
        parts.append(_org("provider-org", t.provider.name, t.provider.ref, t.provider.org_type))
    if t.receiver is not None:
        parts.append(_org("receiver-org", t.receiver[0], None, t.receiver[1]))
    parts.append("</transaction>")
    return "".join(parts)


def activity_xml(p: Project, d: ProjectDetails) -> str:
    """One ``iati-activity`` element (elements in the order of the 2.03 schema)."""
    out = [
        f"<iati-activity last-updated-datetime=\"{p.last_updated.isoformat()}Z\" xml:lang=\"en\" "
        f"default-currency=\"{p.currency}\" humanitarian=\"{int(p.humanitarian)}\" demo:synthetic=\"true\">",
        f"<iati-identifier>{escape(p.identifier)}</iati-identifier>",
        _org("reporting-org", SYNTHETIC_ORG_NAME, SYNTHETIC_ORG_REF, "40"),
        f"<title>{_n(p.title)}</title>",
        f"<description type=\"1\">{_n(p.description)}</description>",
    ]
    out += [_org("participating-org", donor.name, donor.ref, donor.org_type, " role=\"1\"")
            for donor, _s in p.donors]
    out.append(_org("participating-org", SYNTHETIC_ORG_NAME, SYNTHETIC_ORG_REF, "40", " role=\"2\""))
    if p.partner:
        out.append(_org("participating-org", p.partner[0], None, p.partner[1], " role=\"4\""))
    out.append(f"<activity-status code=\"{p.status_code}\"/>")
    out.append(f"<activity-date iso-date=\"{_d(p.start_planned)}\" type=\"1\"/>")
    if p.start_actual:
        out.append(f"<activity-date iso-date=\"{_d(p.start_actual)}\" type=\"2\"/>")
    out.append(f"<activity-date iso-date=\"{_d(p.end_planned)}\" type=\"3\"/>")
    if p.end_actual:
        out.append(f"<activity-date iso-date=\"{_d(p.end_actual)}\" type=\"4\"/>")
    scope = "4" if len(p.countries) == 1 else ("2" if p.region else "3")
    out.append(f"<activity-scope code=\"{scope}\"/>")
    out += [f"<recipient-country code=\"{c.iso2}\" percentage=\"{pct}\"/>" for c, pct in p.countries]
    if p.region:
        code, pct = p.region
        out.append(f"<recipient-region code=\"{code}\" vocabulary=\"1\" percentage=\"{pct}\">"
                   f"{_n(label('Region', code) or code)}</recipient-region>")
    for i, loc in enumerate(d.locations, 1):
        out.append(
            f"<location ref=\"{escape(p.identifier)}-LOC-{i}\"><location-reach code=\"1\"/>"
            f"<name>{_n(loc.name)}</name>"
            f"<administrative vocabulary=\"A4\" level=\"0\" code=\"{loc.iso2}\"/>"
            f"<point srsName=\"{_POINT_SRS}\"><pos>{loc.lat:.5f} {loc.lon:.5f}</pos></point>"
            f"<exactness code=\"1\"/><location-class code=\"2\"/><feature-designation code=\"PPL\"/>"
            f"</location>")
    iom_sectors = (("99", p.ptype.code, p.ptype.name),
                   ("98", p.ptype.service_area, SERVICE_AREAS[p.ptype.service_area]))
    out += [f"<sector code=\"{code}\" vocabulary=\"{vocab}\" vocabulary-uri=\"{IOM_SECTOR_URI}\" "
            f"percentage=\"100\">{_n(name)}</sector>" for vocab, code, name in iom_sectors]
    out += [f"<sector code=\"{code}\" vocabulary=\"1\" percentage=\"{pct}\">"
            f"{_n(label('Sector', code) or code)}</sector>" for code, pct in p.dac_sectors]
    out += [f"<budget type=\"1\" status=\"2\"><period-start iso-date=\"{_d(b.start)}\"/>"
            f"<period-end iso-date=\"{_d(b.end)}\"/>"
            f"<value currency=\"{p.currency}\" value-date=\"{_d(b.start)}\">{b.value:.2f}</value></budget>"
            for b in d.budgets]
    out += [_transaction(t, p.currency) for t in d.transactions]
    out.append(f"<document-link url={quoteattr(p.url)} format=\"text/html\">"
               f"<title>{_n('Project page (synthetic)')}</title><category code=\"A12\"/></document-link>")
    for r in d.results:
        out.append(f"<result type=\"{r.type_code}\" aggregation-status=\"0\"><title>{_n(r.title)}</title>")
        for ind in r.indicators:
            out.append(f"<indicator measure=\"{ind.measure}\" ascending=\"1\"><title>{_n(ind.title)}</title>"
                       f"<baseline year=\"{ind.baseline_year}\" iso-date=\"{ind.baseline_year}-01-01\" "
                       f"value=\"{ind.baseline:g}\"/>")
            for period in ind.periods:
                actual = f"<actual value=\"{period.actual:g}\"/>" if period.actual is not None else ""
                out.append(f"<period><period-start iso-date=\"{_d(period.start)}\"/>"
                           f"<period-end iso-date=\"{_d(period.end)}\"/><target value=\"{period.target:g}\"/>"
                           f"{actual}</period>")
            out.append("</indicator>")
        out.append("</result>")
    out.append("</iati-activity>\n")
    return "".join(out)


def _header() -> str:
    generated = dt.datetime.combine(REFERENCE_DATE, dt.time()).isoformat()
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<iati-activities version=\"{IATI_VERSION}\" generated-datetime=\"{generated}Z\" "
            f"xmlns:demo=\"{SYNTHETIC_NS}\" demo:synthetic=\"true\">\n"
            f"<!-- Synthetic demo data: generated by `python -m dashboard synth`; no record describes a real "
            f"project. -->\n")


_FOOTER = "</iati-activities>\n"


def write_iati(activities: Iterable[tuple[Project, ProjectDetails]], out_dir: Path,
               max_bytes: int) -> list[Path]:
    """Stream activities into ``synthetic-iati-NNNN.xml`` files of at most about ``max_bytes`` each."""
    chunks = (activity_xml(p, d).encode("utf-8") for p, d in activities)
    return write_parts(chunks, out_dir, FILE_PATTERN, max_bytes, _header().encode("utf-8"),
                       _FOOTER.encode("utf-8"))
