"""Reading a printed PDF back for layout faults a records clerk would send back: a heading left alone at the
foot of a page, and a table page without its header row or its bottom border. Used by the print tests."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4
TOP_MARGIN = 20 * MM
ROMAN_HEADING = re.compile(r"^[IVXLC]+\.\s")
ARTICLE_ALONE = re.compile(r"^Điều \d+\.$")


@dataclass
class Line:
    top: float
    bottom: float
    text: str
    bold: bool


def body_lines(page) -> list[Line]:
    """The text lines of a page below the top margin (no page number, no draft mark), top to bottom."""
    words = [
        w for w in page.extract_words(extra_attrs=["fontname"], keep_blank_chars=False) if w["top"] >= TOP_MARGIN - 1
    ]
    words.sort(key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[Line] = []
    group: list[dict] = []
    for word in words:
        if group and abs(word["top"] - group[0]["top"]) > 2:
            lines.append(_line(group))
            group = []
        group.append(word)
    if group:
        lines.append(_line(group))
    return lines


def _line(words: list[dict]) -> Line:
    words = sorted(words, key=lambda w: w["x0"])
    return Line(
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        text=" ".join(w["text"] for w in words),
        bold="Bold" in words[0]["fontname"],
    )


def is_heading(line: Line) -> bool:
    """ "QUYẾT ĐỊNH:", a section heading ("II. Đối với ...", in a list or as a table's section row), or an
    article label printed on a line of its own."""
    text = line.text.strip()
    if text == "QUYẾT ĐỊNH:":
        return True
    return line.bold and bool(ROMAN_HEADING.match(text) or ARTICLE_ALONE.match(text))


def stranded_headings(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, heading) for every heading that is the last line of its page."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            lines = body_lines(page)
            if number < len(document.pages) and lines and is_heading(lines[-1]):
                found.append((number, lines[-1].text))
    return found


def table_faults(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, fault) for every page with a table part whose top is not the header row ("TT", "Nội dung
    mục tiêu") or whose bottom has no border across the whole table."""
    faults = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            verticals = [
                e
                for e in page.edges
                if e["orientation"] == "v" and e["bottom"] - e["top"] > 5 and e["top"] >= TOP_MARGIN - 2
            ]  # table borders only: not the draft mark's box in the top margin, not the short rules
            if not verticals:
                continue
            left, right = min(e["x0"] for e in verticals), max(e["x1"] for e in verticals)
            top, bottom = min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)
            header = [
                w["text"] for w in page.extract_words() if top <= w["top"] <= top + 30 and left <= w["x0"] <= right
            ]
            if "TT" not in header or "Nội" not in header:
                faults.append((number, f"no header row (first row: {' '.join(header[:8])})"))
            closing = [e for e in page.edges if e["orientation"] == "h" and abs(e["top"] - bottom) < 1.5]
            span = sum(e["x1"] - e["x0"] for e in closing)
            if span < 0.9 * (right - left):
                faults.append((number, "no bottom border"))
    return faults


def overflowing_words(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, word) for every word that crosses a table cell's border (text overflowing its cell)."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            verticals = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 5]
            if not verticals:
                continue
            for word in page.extract_words():
                middle = (word["top"] + word["bottom"]) / 2
                for edge in verticals:
                    if edge["top"] <= middle <= edge["bottom"] and word["x0"] + 0.5 < edge["x0"] < word["x1"] - 0.5:
                        found.append((number, word["text"]))
                        break
    return found
