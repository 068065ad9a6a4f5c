"""Synthetic IOM-shaped portfolio: IATI activities and news records for demos and scale tests.

Everything written here is marked synthetic (the XML attribute ``demo:synthetic="true"`` in the namespace
:data:`SYNTHETIC_NS`, and ``"synthetic": true`` in every news record), so the dashboard can label it
"synthetic demo data". Identifiers, URLs and names are visibly invented; no real IOM page is referenced.
"""

SYNTHETIC_NS = "urn:iom-dashboard:synthetic"
