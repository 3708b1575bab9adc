"""Small text helpers shared by the importer: a length-preserving diacritics-free key, numbers written
the Vietnamese way, and OCR digit repair."""

from __future__ import annotations

import re
import unicodedata


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [range(0x61, 0x7B), range(0xC0, 0x250), range(0x1E00, 0x1F00)]
    for block in ranges:
        for code in block:
            base = unicodedata.normalize("NFD", chr(code))[0]
            if base.isascii() and base.isalpha():
                table[code] = base.upper()
    for ch in "đĐðÐ":
        table[ord(ch)] = "D"
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Upper-case ASCII key of the same length as text: "Điều 1." -> "DIEU 1.", so match offsets carry over."""
    return text.translate(_FOLD)


# Vietnamese numbers: "1.200" is twelve hundred, "96,5" is ninety-six and a half.
NUMBER_RE = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+|\.\d{1,2}(?!\d))?"


def parse_number(text: str) -> int | float:
    """ "1.200" -> 1200, "96,5" -> 96.5, "07" -> 7, "96.5" -> 96.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        text = text.replace(".", "")
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() else value


# OCR commonly reads "1" as "l" or "I" and "0" as "O".
_OCR_DIGITS = str.maketrans({"l": "1", "L": "1", "I": "1", "|": "1", "O": "0", "o": "0"})
OCR_NUMBER_RE = r"[0-9LI|O]{1,4}"  # on the folded (upper-case) key


def ocr_number(token: str) -> str | None:
    """Digits from a token such as "l5" or "2O"; None when it cannot be a number."""
    if token.isdigit():
        return token
    if len(token) == 1 and token not in "lI|":  # a lone "O" is a letter, a lone "l" a misread "1"
        return None
    digits = token.translate(_OCR_DIGITS)
    return digits if digits.isdigit() else None


def group_text(text: str, match, name: str) -> str | None:
    """The original text of a named group matched on the folded key (same offsets)."""
    if match.group(name) is None:
        return None
    return text[match.start(name) : match.end(name)]


def collapse_spaces(text: str) -> str:
    return re.sub(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+", " ", text)
