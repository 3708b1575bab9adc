"""Small text helpers shared by the importer: a length-preserving diacritics-free key, numbers written
the Vietnamese way, and OCR digit repair."""

from __future__ import annotations

import re

from qms_portal.text import strip_diacritics
from qms_portal.vnformat import parse_decimal

# The eth (ð, Ð) is no Vietnamese letter, but some PDF fonts' text layers give it for đ, Đ.
_LOOK_ALIKES = {"ð": "D", "Ð": "D"}


def _fold_table() -> dict[int, str]:
    """Each letter to its upper-case ASCII base by the one diacritic fold (qms_portal.text.strip_diacritics),
    one character for one, so that offsets in the key are offsets in the text."""
    table: dict[int, str] = {}
    for block in (range(0x61, 0x7B), range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        for code in block:
            base = strip_diacritics(chr(code))
            if len(base) == 1 and base.isascii() and base.isalpha():
                table[code] = base.upper()
    table.update({ord(ch): base for ch, base in _LOOK_ALIKES.items()})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Upper-case ASCII key of the same length as text: "Điều 1." -> "DIEU 1.", so match offsets carry over."""
    return text.translate(_FOLD)


# Vietnamese numbers: "1.200" is twelve hundred, "96,5" is ninety-six and a half. Read by the one decimal
# parser (qms_portal.vnformat.parse_decimal), whose grouping rule the first alternative follows: a thousands
# group starts with 1-9 ("0.500" is no number here; its "0" is).
NUMBER_RE = r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+|\.\d{1,2}(?!\d))?"


def parse_number(text: str) -> int | float:
    """A number matched by NUMBER_RE as JSON wants it: "1.200" -> 1200, "96,5" -> 96.5, "07" -> 7."""
    value = parse_decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


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
