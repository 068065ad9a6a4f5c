"""Bytes -> text for every text loader: BOM first, then UTF-8, then a measured guess among legacy code pages.

Files reach us from Excel on Windows (Windows-1252, UTF-16 with a BOM), from old exports (Latin-1) and from
the web (UTF-8, sometimes with a BOM). Binary files (images, PDFs, archives) must be refused, not decoded
into garbage that then "loads".
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from dashboard.errors import FileUnreadable

# Longest BOMs first: the UTF-32-LE BOM begins with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Western European code pages decode the same bytes to different letters ("ã" or "ă"); on short files
# charset-normalizer often cannot tell them apart, and Windows-1252 is by far the likeliest for our users.
_WESTERN = frozenset({"cp1252", "latin_1", "iso8859_15"})
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# More control characters than this share of the text: a binary file, not text in an odd encoding.
_MAX_CONTROL_SHARE = 0.01


def decode_bytes(data: bytes, file: str, *, truncated: bool = False) -> str:
    """Decode a file's bytes to text; raises FileUnreadable for binary or undecodable content.

    ``truncated``: ``data`` is only the start of the file (sniffing), so a multi-byte character cut at the
    end is dropped instead of counting as an encoding error.
    """
    encoding, start = _bom_encoding(data)
    if encoding is None:
        encoding = _utf16_without_bom(data)
    if encoding is None:
        if b"\x00" in data:
            raise FileUnreadable(file, "binary content (NUL bytes), not text")
        encoding = "utf-8" if _decodes(data, "utf-8", truncated) else _guess_legacy_encoding(data, file)
    try:
        text = _decode(data[start:], encoding, truncated)
    except UnicodeDecodeError as exc:
        raise FileUnreadable(file, f"not valid {encoding} text at byte {exc.start + start}") from exc
    if _looks_binary(text):
        raise FileUnreadable(file, "binary content (control characters), not text")
    return text


def _bom_encoding(data: bytes) -> tuple[str | None, int]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None, 0


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: ASCII-range text then has a NUL in every other byte."""
    head = data[:4096]
    pairs = len(head) // 2
    if pairs < 4:
        return None
    zeros_even = sum(1 for i in range(0, pairs * 2, 2) if head[i] == 0)
    zeros_odd = sum(1 for i in range(1, pairs * 2, 2) if head[i] == 0)
    if zeros_odd > 0.4 * pairs and zeros_even < 0.05 * pairs:
        return "utf-16-le"
    if zeros_even > 0.4 * pairs and zeros_odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def _decode(data: bytes, encoding: str, truncated: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    return decoder.decode(data, final=not truncated)


def _decodes(data: bytes, encoding: str, truncated: bool) -> bool:
    try:
        _decode(data, encoding, truncated)
    except UnicodeDecodeError:
        return False
    return True


def _guess_legacy_encoding(data: bytes, file: str) -> str:
    # UTF-16/32 without a BOM were ruled out above (no NUL pattern): on short files charset-normalizer
    # still offers them, turning "caf\xc3" into two CJK characters.
    matches = [m for m in charset_normalizer.from_bytes(data)
               if not m.encoding.startswith(("utf_16", "utf_32"))]
    if not matches:
        if _decodes(data, "cp1252", False):
            return "cp1252"
        raise FileUnreadable(file, "not text in any known encoding")
    best = min(matches, key=lambda m: m.chaos)
    # Encodings giving the very same text are folded into one match: look at all of them. Windows-1252
    # wins whenever it reads as cleanly as the best candidate.
    tied = {enc for m in matches if m.chaos <= best.chaos + 0.01 for enc in m.could_be_from_charset}
    if tied & _WESTERN and _decodes(data, "cp1252", False):
        return "cp1252"
    return best.encoding


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample
                   if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"))
    return controls > _MAX_CONTROL_SHARE * len(sample)
