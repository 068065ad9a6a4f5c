"""Numbers as press releases write them: digits ("1,200"), words ("twenty-eight", "a hundred and
thirty-six") in English, French and Spanish, and hedges ("over 100") that make a count approximate."""

from __future__ import annotations

import re

_UNITS = {
    # English
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
    # Spanish
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20,
    "veintiuno": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23,
    "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "cent": 100, "cents": 100, "mille": 1000, "cien": 100,
           "ciento": 100, "mil": 1000}
# Spanish hundreds are single words.
_HUNDREDS = {"doscientos": 200, "doscientas": 200, "trescientos": 300, "trescientas": 300,
             "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600, "setecientos": 700,
             "ochocientos": 800, "novecientos": 900}
_JOINERS = {"and", "et", "y", "-"}
# "six" is French and English alike; "six" and "sept" both already present.
_UNITS["six"] = 6



def trie_pattern(words: set[str] | frozenset[str]) -> str:
    """A regex alternation of literal words factored by common prefix ("t(?:wo|hree|en)"): Python's
    regex engine tries a flat alternation word by word at every position, a factored one letter by letter."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(c) + render(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return "(?:" + render(tree) + ")"


NUMBER_WORD = (
    r"(?:(?:a|an|one|un|une)\s+(?=hundred|thousand|cent|mille))?"
    + trie_pattern({w for w in {*_UNITS, *_SCALES, *_HUNDREDS} if w not in {"a", "an"}})
    + r"(?![\w])"
)
# A run of number words: "twenty-eight", "a hundred and thirty-six", "vingt-huit", "ciento veinte".
NUMBER_WORDS_RUN = NUMBER_WORD + r"(?:(?:\s+(?:and|et|y)\s+|[\s-]+)" + NUMBER_WORD + r")*"
DIGITS = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?!\d)|\d+"
NUMBER = rf"(?:{DIGITS}|{NUMBER_WORDS_RUN})"

# Words that make the count that follows them approximate ("over 100" is not a participant count).
APPROXIMATE = re.compile(
    r"(?:over|more\s+than|nearly|almost|around|about|approximately|approx\.|some|roughly|at\s+least|"
    r"up\s+to|close\s+to|upwards\s+of|in\s+excess\s+of|plus\s+de|près\s+de|environ|quelque|quelques|"
    r"más\s+de|mas\s+de|cerca\s+de|alrededor\s+de|aproximadamente|unos|unas|"
    # Bounds and estimates are not a count either: "fewer than 30", "an estimated 200", "jusqu'à 50".
    r"under|fewer\s+than|less\s+than|just\s+(?:over|under)|(?:an\s+)?estimated|moins\s+de|jusqu['’]à|"
    r"menos\s+de|hasta|casi|presque|près\s+d['’]|quasi)\s*$",
    re.IGNORECASE,
)


def words_to_int(text: str) -> int | None:
    """The value of a number written in words ("twenty-eight" -> 28), or None when it is not one."""
    tokens = [t for t in re.split(r"[\s\-]+", text.strip().lower()) if t]
    if not tokens:
        return None
    total = 0
    current = 0
    seen = False
    for i, token in enumerate(tokens):
        if token in _JOINERS:
            continue
        if token in ("a", "an") and i == 0:
            current = 1
            continue
        if token in _UNITS:
            current += _UNITS[token]
            seen = True
        elif token in _HUNDREDS:
            current += _HUNDREDS[token]
            seen = True
        elif token in _SCALES:
            scale = _SCALES[token]
            current = max(current, 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200", "28") or words ("twenty-eight"); None otherwise."""
    text = text.strip()
    digits = re.sub(r"[,\u202f\u00a0 ]", "", text)
    if digits.isdigit():
        return int(digits)
    return words_to_int(text)


def is_approximate(preceding: str) -> bool:
    """Whether the words just before a number hedge it ("over", "more than", "around", "plus de")."""
    return bool(APPROXIMATE.search(preceding[-40:]))
