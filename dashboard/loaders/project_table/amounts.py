"""Amounts as people type them: grouping and decimal conventions, currency signs and codes, "1.2m"."""

from __future__ import annotations

import re
from decimal import Decimal

from dashboard.loaders.project_table.cells import ValueProblem
from dashboard.model.codelists import is_known

CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "US$": "USD", "USD$": "USD", "₹": "INR", "₱": "PHP", "₦": "NGN",
                   "₩": "KRW", "₺": "TRY", "EURO": "EUR", "EUROS": "EUR"}
# Signs shared by several currencies: never guessed.
_AMBIGUOUS_SIGNS = frozenset({"$", "¥", "KR", "FR", "DOLLAR", "DOLLARS", "FRANCS", "CROWNS", "PESOS"})
_MULTIPLIERS = {"K": 10**3, "THOUSAND": 10**3, "M": 10**6, "MN": 10**6, "MIO": 10**6, "MLN": 10**6,
                "MILLION": 10**6, "MILLIONS": 10**6, "BN": 10**9, "BILLION": 10**9, "BILLIONS": 10**9}
_GROUP_SPACES = " '\u00a0\u202f\u2009"


def number_convention(text: str) -> str | None:
    """What an amount tells about the file's number format: "point" (1,234.5), "comma" (1.234,5) or None.

    Only grouped digits count as evidence ("1,234,567", "1.234,5"): a lone "2.5" may come from a "2.5 Mio"
    typed into an otherwise European file, and must not turn its "200.000" into 200.
    """
    body = re.sub(r"[^\d.,]", "", text)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return "point" if body.rfind(".") > body.rfind(",") else "comma"
    if commas > 1:
        return "point"
    if dots > 1:
        return "comma"
    return None


def _number(body: str, convention: str | None, raw: str) -> Decimal:
    """Digits with grouping and decimal separators -> Decimal; raises ValueProblem when unsure."""
    if not re.fullmatch(r"\d[\d.,'\u00a0\u202f\u2009 ]*", body) or not body[-1].isdigit():
        raise ValueProblem(f"not an amount: {raw!r}")
    decimal_sep: str | None = None
    if any(s in body for s in _GROUP_SPACES):
        # Spaces or apostrophes group thousands; a single . or , after them is the decimal separator.
        m = re.fullmatch(r"(\d{1,3}(?:[ '\u00a0\u202f\u2009]\d{3})+)(?:([.,])(\d+))?", body)
        if not m:
            raise ValueProblem(f"badly grouped digits in amount {raw!r}")
        integer, decimal_sep, fraction = re.sub(r"\D", "", m.group(1)), m.group(2), m.group(3)
        return Decimal(f"{integer}.{fraction}" if decimal_sep else integer)
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        decimal_sep = "." if body.rfind(".") > body.rfind(",") else ","
    elif commas + dots > 1:
        sep = "," if commas else "."
        decimal_sep = "." if sep == "," else ","
        if not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", body):
            raise ValueProblem(f"badly grouped digits in amount {raw!r}")
    elif commas + dots == 1:
        sep = "," if commas else "."
        integer, fraction = body.split(sep)
        if len(fraction) != 3 or len(integer) > 3 or integer == "0":
            decimal_sep = sep
        elif convention is None:
            raise ValueProblem(f"ambiguous amount {raw!r}: {sep!r} may group thousands or mark decimals; "
                               "write it without separators")
        else:
            decimal_sep = "." if convention == "point" else ","
    if decimal_sep is None:
        return Decimal(body)
    group_sep = "," if decimal_sep == "." else "."
    integer, _, fraction = body.rpartition(decimal_sep) if decimal_sep in body else (body, "", "")
    if group_sep in integer and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group_sep)}\d{{3}})+", integer):
        raise ValueProblem(f"badly grouped digits in amount {raw!r}")
    integer = integer.replace(group_sep, "")
    return Decimal(f"{integer}.{fraction}" if fraction else integer)


def parse_amount(text: str, convention: str | None = None) -> tuple[Decimal, str | None]:
    """An amount and the currency written with it: "USD 200,000", "1.234.567,89", "€1.2m", "1 234 567".

    ``convention`` ("point" or "comma", from the other amounts of the same file) settles "200,000"; without
    it such an amount is ambiguous and raises ValueProblem, as do unknown currencies and "$".
    """
    raw = text
    s = text.strip().replace("\u2212", "-")
    s = re.sub(r"\s*\(([A-Za-z]{3})\)$", r" \1", s)  # "200,000 (USD)"
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    currency: str | None = None
    multiplier = 1
    prefix = re.match(r"^(US\$|USD\$|[A-Za-z]{2,8}\.?|[€£$¥₹₱₦₩₺])\s*", s)
    if prefix:
        currency = currency_sign(prefix.group(1).rstrip("."), raw)
        s = s[prefix.end():]
        if s.startswith("-"):
            negative, s = True, s[1:].strip()
    suffix = re.search(r"\s*([A-Za-z]{1,9}\.?|[€£$¥₹₱₦₩₺])$", s)
    while suffix:
        word = suffix.group(1).rstrip(".").upper()
        if word in _MULTIPLIERS and multiplier == 1:
            multiplier = _MULTIPLIERS[word]
        elif currency is None:
            currency = currency_sign(word, raw)
        else:
            raise ValueProblem(f"not an amount: {raw!r}")
        s = s[:suffix.start()]
        suffix = re.search(r"\s*([A-Za-z]{1,9}\.?|[€£$¥₹₱₦₩₺])$", s)
    if not s:
        raise ValueProblem(f"not an amount: {raw!r}")
    value = _number(s.strip(), convention, raw) * multiplier
    return (-value if negative else value), currency


def currency_sign(sign: str, raw: str) -> str:
    upper = sign.upper()
    if upper in _AMBIGUOUS_SIGNS:
        raise ValueProblem(f"currency sign {sign!r} in {raw!r} is shared by several currencies; "
                           "state the ISO code (USD, CAD...)")
    if upper in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[upper]
    if len(upper) == 3 and is_known("Currency", upper):
        return upper
    raise ValueProblem(f"unknown currency {sign!r} in {raw!r}")
