"""List markers at the start of a line, and which of them mark the objectives of a list.

Agencies number their objectives in every style: "1." / "1)", "(1)", "1.1." / "1.1", letters of the
Vietnamese alphabet "a)" ... "đ)" ... "h)", bullets "-", "+", "•", "*", "–" (or any symbol followed by a space: "❖", ""), labels "Mục tiêu 1:", and
mix them with sections numbered by roman numerals, capital letters or plain numbers. No single
regular expression tells an objective from a section or a sub-point; the structure of the list does:

- a *kind* of marker is the style without the value ("lower letter followed by ')'", "bullet '+'");
- the objectives are the first kind that repeats (the same marker at one level);
- a kind that comes before it and only heads groups (short lines without figures, or ending with ":",
  or in capitals) is a section kind: "1. Lĩnh vực đường bộ:" over "– ..." items; but a line that states
  an aim ("1. Nâng cao chất lượng ...:") is an objective, and the "– ..." under it are its sub-points;
- any other kind between two objectives is a sub-point of the objective above it.

Labelled lines ("- Biện pháp: ...", "+ Thời gian: ...") are fields of an objective, never markers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .lines import LABELED, Line
from .textutil import fold

# Letters of Vietnamese lists (no ă, â, ê, ô, ơ, ư; "đ" comes after "d", then "e", "g", "h", "i", "k"...)
VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"

_LABEL = re.compile(r"^MUC\s+TIEU\s+(?:SO\s+)?(?P<num>\d{1,3})\s*[:.)\-–]\s*")  # on the folded key
_MULTI = re.compile(r"^(?P<parent>\d{1,2})\.(?P<num>\d{1,2})(?:\.(?P<third>\d{1,2}))?\.?\s+(?=\S)")
_PAREN = re.compile(r"^\(\s*(?P<num>\d{1,3})\s*\)\s*(?=\S)")
_DECIMAL = re.compile(r"^(?P<num>\d{1,3}|l\d{0,2}|\d[lO]{1,2})\s*(?P<delim>[.)/])(?!\d)\s*(?=\S)")  # "1/" too
_BARE_HEAD = re.compile(r"^(?P<num>\d{1,2})\s+(?=[A-ZĐÀ-Ỹ])")  # "1 Lĩnh vực hộ tịch" (a lost delimiter)
_ROMAN = re.compile(r"^(?P<num>[IVX]{1,4})\s*[.)]\s+(?=\S)")
_UPPER = re.compile(r"^(?P<num>[A-HK-UĐ])\s*[.)]\s+(?=\S)")
_LOWER = re.compile(r"^(?P<num>[a-km-zđ])\s*[.)]\s+(?=\S)")  # "l." is an OCR "1."
_BULLET = re.compile(r"^(?P<bullet>[-–—•+*·▪◦●○■□➢►✓])\s*(?=\S)")
_SYMBOL_BULLET = re.compile(r"^(?P<bullet>[^\w\s])\s+(?=\S)")  # "❖ ", " ", "√ ": any symbol then a space
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class Marker:
    kind: str  # "decimal", "paren", "multi", "label", "roman", "upper", "lower", "bare", "bullet:-", ...
    token: str | None  # the value as written ("3", "đ", "IV", "l5"), None for a bullet
    end: int  # where the text after the marker starts
    parent: str | None = None  # "1" of "1.2."

    @property
    def number(self) -> int | None:
        """The position the marker gives: 3 for "3.", "c)" and "III."; None for a bullet or an unreadable one."""
        token = self.token
        if token is None:
            return None
        if self.kind in ("lower", "upper"):
            return VIETNAMESE_LETTERS.index(token.lower()) + 1
        if self.kind == "roman":
            return _roman(token)
        digits = token.translate(str.maketrans({"l": "1", "O": "0"}))
        return int(digits) if digits.isdigit() else None


def _roman(token: str) -> int:
    total = 0
    for index, char in enumerate(token):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[token[index + 1]] if index + 1 < len(token) else 0
        total += -value if value < following else value
    return total


def marker(line: Line) -> Marker | None:
    """The list marker a line starts with, or None (labelled fields such as "- Biện pháp:" have none)."""
    text = line.text
    if LABELED.match(line.key):
        return None
    if m := _LABEL.match(line.key):
        return Marker("label", m.group("num"), m.end())
    if m := _MULTI.match(text):
        return Marker(
            "multi3" if m.group("third") else "multi",
            m.group("third") or m.group("num"),
            m.end(),
            parent=m.group("parent"),
        )
    if m := _PAREN.match(text):
        return Marker("paren", m.group("num"), m.end())
    if m := _DECIMAL.match(text):
        return Marker("decimal", m.group("num"), m.end())
    if m := _ROMAN.match(text):
        return Marker("roman", m.group("num"), m.end())
    if m := _UPPER.match(text):
        return Marker("upper", m.group("num"), m.end())
    if m := _LOWER.match(text):
        return Marker("lower", m.group("num"), m.end())
    if m := _BARE_HEAD.match(text):
        return Marker("bare", m.group("num"), m.end())
    if m := _BULLET.match(text):
        bullet = {"—": "–"}.get(m.group("bullet"), m.group("bullet"))
        return Marker(f"bullet:{bullet}", None, m.end())
    if (m := _SYMBOL_BULLET.match(text)) and unicodedata.category(m.group("bullet"))[0] in "SC":
        return Marker(f"bullet:{m.group('bullet')}", None, m.end())
    return None


SECTION_ONLY = ("roman", "upper")  # never objectives when another kind repeats under them


_AIM = re.compile(
    r"^(?:NANG\s+CAO|DAM\s+BAO|TANG\s+CUONG|PHAN\s+DAU|DUY\s+TRI|CAI\s+TIEN|HOAN\s+THANH|"
    r"DAY\s+MANH|GIAM|TANG|GIU\s+VUNG|THUC\s+HIEN\s+TOT|100\s*%)\b"
)


def heading_like(line: Line, found: Marker) -> bool:
    """A group heading: in capitals, or ending with ":", or a few words without a figure or a full stop. A
    line that states an aim ("Nâng cao ...:", "Đảm bảo ...:") is an objective whose sub-points follow, not a
    heading: sections name a field ("Lĩnh vực ...", "Đối với ...", "Về ..."), objectives say what to reach."""
    rest = line.text[found.end :].strip()
    if not rest:
        return True
    if _AIM.match(fold(rest)) and not Line(0, rest, "").is_upper:
        return False
    if rest.endswith(":") or Line(0, rest, "").is_upper:
        return True
    return len(rest.split()) <= 12 and not any(ch.isdigit() for ch in rest) and not rest.endswith((".", ";"))


@dataclass
class ListPlan:
    """The kinds that mark objectives and sections in one list."""

    item_kind: str | None
    section_kinds: tuple[str, ...]


def plan(lines: list[Line]) -> ListPlan:
    """Decide from the whole list which marker kind is the objectives' (see the module docstring)."""
    if any(line.cells for line in lines):  # a table holds the objectives, its section rows are headings
        return ListPlan(None, SECTION_ONLY)
    found = [(line, m) for line in lines if (m := marker(line)) is not None]
    order: list[str] = []
    counts: dict[str, int] = {}
    headings: dict[str, bool] = {}
    for line, m in found:
        if m.kind not in counts:
            order.append(m.kind)
        counts[m.kind] = counts.get(m.kind, 0) + 1
        headings[m.kind] = headings.get(m.kind, True) and heading_like(line, m)
    candidates = [kind for kind in order if counts[kind] >= 2] or order[:1]
    sections: list[str] = []
    for position, kind in enumerate(candidates):
        later = candidates[position + 1 :]
        if later and (kind in SECTION_ONLY or headings[kind]):
            sections.append(kind)
            continue
        return ListPlan(
            kind,
            tuple(
                sections
                + [k for k in order if k in SECTION_ONLY and k not in sections and order.index(k) < order.index(kind)]
            ),
        )
    return ListPlan(None, tuple(sections))
