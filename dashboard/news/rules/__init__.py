"""Extraction rules for press releases, one module per field family.

Every rule here is a linguistic pattern (a dateline, "N-day", "from 7 to 10 November 2023", "15 Thai and
11 Malaysian officers") or a lookup in a maintained reference (the country taxonomy, GeoNames, the donor
registry). None exists for one document: the same rules are scored on releases nobody tuned them on.
"""
