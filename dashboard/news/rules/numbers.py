"""Numbers as press releases write them: digits ("1,200"), words ("twenty-eight", "a hundred and
thirty-six") in English, French and Spanish, and hedges ("over 100") that make a count approximate."""

from __future__ import annotations

import re

from text_to_num import text2num

# The number words the pattern recognises, English, French and Spanish (their values are text2num's to
# compute: "quatre-vingt-dix" is 90, "treinta y cinco" 35).
_NUMBER_WORDS = frozenset({
    "catorce", "cinco", "cincuenta", "cinq", "cinquante", "cuarenta", "cuatro", "deux", "diecinueve",
    "dieciocho", "dieciseis", "diecisiete", "dieciséis", "diez", "dix", "doce", "dos", "douze", "eight",
    "eighteen", "eighty", "eleven", "fifteen", "fifty", "five", "forty", "four", "fourteen", "huit",
    "neuf", "nine", "nineteen", "ninety", "noventa", "nueve", "ochenta", "ocho", "once", "one", "onze",
    "quarante", "quatorze", "quatre", "quince", "quinze", "seis", "seize", "sept", "sesenta", "setenta",
    "seven", "seventeen", "seventy", "siete", "six", "sixteen", "sixty", "soixante", "ten", "thirteen",
    "thirty", "three", "trece", "treinta", "treize", "trente", "tres", "trois", "twelve", "twenty", "two",
    "un", "une", "uno", "veinte", "veinticinco", "veinticuatro", "veintidos", "veintidós", "veintinueve",
    "veintiocho", "veintiseis", "veintisiete", "veintiséis", "veintitres", "veintitrés", "veintiuno",
    "vingt", "zero", "cent", "cents", "cien", "ciento", "hundred", "mil", "mille", "thousand",
    "cuatrocientos", "doscientas", "doscientos", "novecientos", "ochocientos", "quinientos", "seiscientos",
    "setecientos", "trescientas", "trescientos"
})
# The languages whose number words are tried, in order ("cent" is French, "once" Spanish).
_LANGUAGES = ("en", "fr", "es")


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
    + trie_pattern(_NUMBER_WORDS)
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
    r"más(?:\s+de)?|mas\s+de|cerca\s+de|alrededor\s+de|aproximadamente|unos|unas|"
    # Bounds and estimates are not a count either: "fewer than 30", "an estimated 200", "jusqu'à 50".
    r"under|fewer\s+than|less\s+than|just\s+(?:over|under)|(?:an\s+)?estimated|moins\s+de|jusqu['’]à|"
    r"menos\s+de|hasta|casi|presque|près\s+d['’]|quasi)\s*$",
    re.IGNORECASE,
)

# An amount of money: a currency before the number, or a scale or a currency's name after it ("USD 2
# million", "1,5 millones", "4 000 000 de couronnes norvégiennes", "400 000 euros").
MONEY = re.compile(r"(?:USD|US\$|EUR|CHF|GBP|€|£|\$)\s?\d[\d.,]*\s*(?:million|billion|M\b)?|"
                   r"\d[\d.,]*\s*(?:million|billion|millions?\s+(?:d['’]euros|de\s+dollars)|millones)\b|"
                   r"\d[\d.,]*(?:[ \u00a0]\d{3}(?!\d))*\s+(?:de\s+)?(?:euros?|dollars?|d[óo]lares|couronnes|"
                   r"kroner|kronor|crowns|francs|yens?|pesos|pounds|livres\s+sterling)\b",
                   re.IGNORECASE)


def words_to_int(text: str) -> int | None:
    """The value of a number written in words ("twenty-eight" -> 28, "quatre-vingt-dix" -> 90), or None
    when it is not one."""
    phrase = " ".join(text.strip().lower().split())
    phrase = re.sub(r"^(?:a|an)\s+(?=hundred|thousand)", "one ", phrase)
    if not phrase:
        return None
    for language in _LANGUAGES:
        try:
            return int(text2num(phrase, language))
        except ValueError:
            continue
    return None


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
