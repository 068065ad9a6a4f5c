"""Bytes -> text for every text loader: BOM first, then UTF-8, then a measured guess among legacy code pages.

Files reach us from Excel on Windows (Windows-1252, UTF-16 with a BOM), from old exports (Latin-1) and from
the web (UTF-8, sometimes with a BOM). Binary files (images, PDFs, archives) must be refused, not decoded
into garbage that then "loads".

Damage is named, never spread: a UTF-8 file with a few invalid bytes stays UTF-8 (the bad bytes become
U+FFFD and :class:`DecodedText` says on which lines), instead of the whole file being re-read in another
code page; a text file with a few stray NUL bytes loses them and says how many.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass, field

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
# NUL bytes up to this share of a file (outside UTF-16/32) are stray damage, removed and counted; more
# means a binary file.
_MAX_NUL_SHARE = 0.001
# Candidates whose language fit (charset-normalizer's coherence) is this close count as equally likely.
_COHERENCE_TIE = 0.005


@dataclass(frozen=True)
class DecodedText:
    """A file's text with how it was read: the encoding and the damage repaired on the way."""

    text: str
    encoding: str
    bad_lines: dict[int, int] = field(default_factory=dict)  # line number -> invalid UTF-8 sequences
    nul_bytes_removed: int = 0

    def notes(self) -> list[tuple[int | None, str]]:
        """(line or None for the whole file, message) for each repair, for the quarantine."""
        out: list[tuple[int | None, str]] = []
        if self.nul_bytes_removed:
            out.append((None, f"{self.nul_bytes_removed} NUL byte(s) in the text were removed; the rest of "
                              "the file is read as is"))
        for line, count in self.bad_lines.items():
            out.append((line, f"{count} byte sequence(s) on this line are not valid UTF-8 (the rest of the "
                              "file is): shown as \ufffd, the record loads"))
        return out


def decode_bytes(data: bytes, file: str, *, truncated: bool = False) -> str:
    """Decode a file's bytes to text; raises FileUnreadable for binary or undecodable content.

    ``truncated``: ``data`` is only the start of the file (sniffing), so a multi-byte character cut at the
    end is dropped instead of counting as an encoding error.
    """
    return decode_text(data, file, truncated=truncated).text


def decode_text(data: bytes, file: str, *, truncated: bool = False) -> DecodedText:
    """:func:`decode_bytes` with the encoding used and the repairs made (see :class:`DecodedText`)."""
    encoding, start = _bom_encoding(data)
    if encoding is None:
        encoding = _utf16_without_bom(data)
    nul_removed = 0
    bad_lines: dict[int, int] = {}
    if encoding is None:
        if b"\x00" in data:
            nul_removed = data.count(b"\x00")
            if nul_removed > max(1, _MAX_NUL_SHARE * len(data)):
                raise FileUnreadable(file, f"binary content: {nul_removed:,} NUL bytes "
                                           f"({nul_removed / len(data):.1%} of the file), not text")
            data = data.replace(b"\x00", b"")
        if _decodes(data, "utf-8", truncated):
            encoding = "utf-8"
        else:
            bad_lines = _mostly_utf8(data, truncated)
            encoding = "utf-8" if bad_lines else _guess_legacy_encoding(data, file)
    try:
        if bad_lines:
            text = data.decode("utf-8", errors="replace")
            if truncated and text.endswith("\ufffd"):
                text = text.rstrip("\ufffd")
        else:
            text = _decode(data[start:], encoding, truncated)
    except UnicodeDecodeError as exc:
        raise FileUnreadable(file, f"not valid {encoding} text at byte {exc.start + start}") from exc
    if _looks_binary(text):
        raise FileUnreadable(file, "binary content (control characters), not text")
    return DecodedText(text, encoding, bad_lines, nul_removed)


def _mostly_utf8(data: bytes, truncated: bool) -> dict[int, int]:
    """Lines holding invalid UTF-8, when the file is otherwise UTF-8; {} when it looks like a code page.

    UTF-8 it is when its valid multi-byte characters outnumber the invalid sequences: a legacy code page
    almost never forms valid UTF-8 pairs, so a Windows-1252 file has none and goes to the guesser.
    """
    end = len(data)
    if truncated:
        end = max(0, end - 4)  # a character cut by the peek is not damage
    invalid: list[int] = []
    valid_multibyte = 0
    pos = 0
    while pos < end:
        try:
            chunk = data[pos:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            good = data[pos:pos + exc.start].decode("utf-8")
            valid_multibyte += sum(1 for ch in good if ord(ch) > 0x7F)
            invalid.append(pos + exc.start)
            pos += max(exc.end, exc.start + 1)
            continue
        valid_multibyte += sum(1 for ch in chunk if ord(ch) > 0x7F)
        break
    if not invalid or valid_multibyte <= len(invalid):
        return {}
    lines: dict[int, int] = {}
    for offset in invalid:
        line = data.count(b"\n", 0, offset) + 1
        lines[line] = lines.get(line, 0) + 1
    return lines


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
    # Among the candidates that read as cleanly as the best, the text's fit to a language decides
    # (Turkish "ş ğ ı" read as Windows-1252 become "þ ð ý", clean but no language's letters). Encodings
    # giving the very same text are folded into one match: look at all of them. Windows-1252 wins whenever
    # it fits as well as the best candidate.
    clean = [m for m in matches if m.chaos <= best.chaos + 0.01]
    top = max(m.coherence for m in clean)
    fitting = [m for m in clean if m.coherence >= top - _COHERENCE_TIE]
    tied = {enc for m in fitting for enc in m.could_be_from_charset}
    if tied & _WESTERN and _decodes(data, "cp1252", False):
        return "cp1252"
    return max(fitting, key=lambda m: m.coherence).encoding


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for ch in sample
                   if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs"))
    return controls > _MAX_CONTROL_SHARE * len(sample)
