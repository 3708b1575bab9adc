"""Landmarks of a decision found in a character-recognition scan, where the exact patterns miss them.

A scan read by OCR loses its diacritics and garbles letters: "QUYET PINH", "Pidu 1.", "UC TIEU CHAT
LUQGNG NAM 2023", "S6: 2l/QD-UBND". The landmarks (QUYẾT ĐỊNH, Điều N, Nơi nhận, Căn cứ, MỤC TIÊU CHẤT
LƯỢNG, Số:, Kèm theo) are matched on the diacritic-folded text with an edit distance fitted to the
landmark's length: none for a word of three letters or fewer, one per four letters above that, and one
more where the context is strong (a word followed by a number and a full stop can only be "Điều"). A
landmark found this way has its folded key rewritten to the exact spelling, letter for letter, so every
pattern of the parser then reads it; the text itself is left as written, and the warnings list the lines.
"""

from __future__ import annotations

import re

from .lines import ARTICLE, DOC_TYPE, ENACTING, LEGAL_BASIS, NUMBER_LINE, RECIPIENTS, Line

_WORD_AND_NUMBER = re.compile(r"^([A-Z]{3,5})(\s*[0-9LI|O]{1,3}\s*[.:])")
_NUMBER_LINE_OCR = re.compile(r"^S[6Ô]\s*:")  # "Số:" read as "S6:"


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance between a and b, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def allowed(landmark: str, strong_context: bool = False) -> int:
    """The edit distance accepted for a landmark of this length."""
    letters = len(landmark.replace(" ", ""))
    base = 0 if letters <= 3 else max(1, letters // 4)
    return base + (1 if strong_context else 0)


# (name shown in warnings, folded landmark, exact pattern that makes the repair unnecessary)
_LINE_LANDMARKS = [
    ("QUYẾT ĐỊNH", "QUYET DINH", DOC_TYPE),
    ("Nơi nhận", "NOI NHAN", RECIPIENTS),
    ("Căn cứ", "CAN CU", LEGAL_BASIS),
]
OBJECTIVES_TITLE_WORDS = "MUC TIEU CHAT LUONG"


def repair(line: Line) -> tuple[str, str] | None:
    """Rewrite line.key where it holds a landmark misread by OCR; (the landmark as written, its name) or None."""
    key = line.key
    if line.cells or not key[:1].isalpha():
        return None
    if (
        (m := _WORD_AND_NUMBER.match(key))
        and not ARTICLE.match(key)
        and m.group(1) != "DIEU"
        and len(m.group(1)) == 4
        and distance(m.group(1), "DIEU", allowed("DIEU", True)) <= allowed("DIEU", True)
    ):
        line.key = "DIEU" + key[4:]
        return line.text[: m.end()].strip(), "Điều"
    if _NUMBER_LINE_OCR.match(key) and not NUMBER_LINE.match(key):
        line.key = "SO" + key[2:]
        return line.text[:3], "Số"
    for name, landmark, exact in _LINE_LANDMARKS:
        if exact.match(key) or (landmark == "QUYET DINH" and ENACTING.match(key)):
            continue
        head = key[: len(landmark)]
        rest = key[len(landmark) :]
        if landmark == "QUYET DINH" and rest.strip(" :.") != "":
            continue  # the document type stands alone on its line
        if (
            head != landmark
            and distance(head, landmark, allowed(landmark)) <= allowed(landmark)
            and (not rest or not rest[:1].isalpha())
        ):
            line.key = landmark + rest
            return line.text[: len(landmark)], name
    return None


def is_objectives_title(line: Line) -> bool:
    """ "MỤC TIÊU CHẤT LƯỢNG ..." at the start of a line in capitals, even misread ("UC TIEU CHAT LUQGNG")."""
    if not line.is_upper:
        return False
    landmark = OBJECTIVES_TITLE_WORDS
    limit = allowed(landmark)
    return any(
        distance(line.key[:length], landmark, limit) <= limit for length in range(len(landmark) - 2, len(landmark) + 3)
    )
