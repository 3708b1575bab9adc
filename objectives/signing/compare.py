"""Does the signed original say what the record says? The PDF's text (paragraphs and table cells) is read with
pdfplumber and each item of the record is looked for in it: number and symbol, date, signer, every objective
and every target, worded exactly as the print layout words them. A missing item is a difference, shown beside
the closest passage of the document."""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from dataclasses import asdict, dataclass

import pdfplumber
from django.utils import translation

from objectives.models import Decision
from objectives.printing import build_layout, with_content
from qms_portal.vnformat import format_doc_date

MAX_PAGES = 300  # a decision is a few pages; past this the file is not a decision and is not read further
DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")


@dataclass
class Difference:
    kind: str  # "number", "date", "signer", "objective", "target" (labelled by `item_label`)
    ref: str  # "3" for objective 3, "3.1" for its first target, "" otherwise
    record: str  # as the record has it
    document: str  # the closest passage found in the signed PDF ("" when nothing resembles it)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(DASHES)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.;:%)])", r"\1", text).casefold()


@dataclass
class DocumentText:
    flat: str  # all text, whitespace collapsed, normalised
    lines: list[str]  # lines as printed
    cells: list[str]  # table cells, their lines joined

    @property
    def passages(self) -> list[str]:
        return self.lines + self.cells


def read_text(pdf: bytes) -> DocumentText | None:
    """The PDF's text; None when nothing can be read (a scan without text, or a damaged file)."""
    try:
        lines: list[str] = []
        cells: list[str] = []
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            for page in document.pages[:MAX_PAGES]:
                text = page.extract_text() or ""
                lines += [line.strip() for line in text.splitlines() if line.strip()]
                for table in page.extract_tables():
                    for row in table:
                        cells += [re.sub(r"\s+", " ", cell).strip() for cell in row if cell and cell.strip()]
    except Exception:  # pdfminer raises many kinds on damaged input
        return None
    if not lines:
        return None
    # Paragraphs wrap across lines; cells wrap inside their column: both joined, searched as one text.
    flat = normalise(" ".join(lines)) + " \n " + normalise(" \n ".join(cells))
    return DocumentText(flat=flat, lines=lines, cells=cells)


def _windows(expected: str, text: DocumentText) -> list[str]:
    """Candidate passages: table cells, and runs of consecutive lines up to about the expected text's length."""
    target = len(expected)
    candidates = list(text.cells)
    lines = text.lines
    for start in range(len(lines)):
        joined = ""
        for line in lines[start : start + 15]:
            joined = f"{joined} {line}".strip()
            candidates.append(joined)
            if len(joined) >= target * 1.1:
                break
    return candidates


def _segment(wanted: str, passage: str) -> str:
    """The part of a long passage that lines up with the wanted text (whole words), e.g. "tối thiểu 50%"."""
    low = passage.lower()
    match = difflib.SequenceMatcher(None, wanted, low, autojunk=False).find_longest_match(0, len(wanted), 0, len(low))
    start = max(0, match.b - match.a)
    end = min(len(passage), start + len(wanted))
    while start > 0 and passage[start - 1] != " ":
        start -= 1
    while end < len(passage) and passage[end] not in " ,;.":
        end += 1
    return passage[start:end].strip()


def _closest(expected: str, text: DocumentText) -> str:
    wanted = re.sub(r"\s+", " ", unicodedata.normalize("NFC", expected)).strip().lower()
    best, best_ratio = "", 0.0
    for passage in _windows(expected, text):
        passage = re.sub(r"\s+", " ", passage).strip()
        if len(passage) > 1.5 * len(wanted):
            passage = _segment(wanted, passage)
        matcher = difflib.SequenceMatcher(None, wanted, passage.lower(), autojunk=False)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = passage, ratio
    return best if best_ratio >= 0.5 else ""


def _record_items(decision: Decision) -> list[tuple[str, str, str, str]]:
    """(kind, ref, expected text, regular expression for the document's own value or "") in reading order."""
    items: list[tuple[str, str, str, str]] = []
    if decision.number:
        items.append(("number", "", f"{decision.number:02d}/{decision.symbol}", r"Số:\s*(\S+)"))
    if decision.issued_on:
        items.append(("date", "", format_doc_date(decision.issued_on), r"(ngày \d{1,2} tháng \d{1,2} năm \d{4})"))
    if decision.signer_name.strip():
        items.append(("signer", "", decision.signer_name.strip(), ""))
    with translation.override("vi"):  # target phrases are worded by gettext, as on the printed page
        layout = build_layout(decision, with_images=False)
    for section in layout.sections:
        for objective in section.objectives:
            items.append(("objective", str(objective.number), " ".join(objective.paragraphs), ""))
            for index, target in enumerate(objective.targets, start=1):
                items.append(("target", f"{objective.number}.{index}", target, ""))
    return items


def compare_with_record(decision: Decision, pdf: bytes) -> tuple[bool, list[Difference]]:
    """(text could be read, differences). The record's items that the document does not contain."""
    text = read_text(pdf)
    if text is None:
        return False, []
    decision = with_content(decision)
    raw = " ".join(text.passages)
    differences = []
    objective_passage = ""  # where the current objective was found: its targets are looked for there first
    for kind, ref, expected, pattern in _record_items(decision):
        present = normalise(expected) in text.flat
        if kind == "objective":
            objective_passage = "" if present else _closest(expected, text)
        if not expected.strip() or present:
            continue
        found = ""
        if pattern:
            match = re.search(pattern, raw)
            found = match.group(1) if match else ""
        elif kind == "objective":
            found = objective_passage
        elif kind == "target" and objective_passage:
            found = _closest(expected, DocumentText(flat="", lines=[objective_passage], cells=[]))
        document = found or _closest(expected, text)
        differences.append(Difference(kind=kind, ref=ref, record=expected, document=document))
    return True, differences


def as_json(differences: list[Difference]) -> list[dict]:
    return [asdict(d) for d in differences]
