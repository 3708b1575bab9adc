"""The format-independent layout of a decision, shared by the PDF and Word writers: every line that
appears on the paper, as plain strings, in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from objectives.documents import appendix_reference, number_line, place_date_line
from objectives.models import AppendixForm, Decision, Objective, Section, Target
from objectives.printing.images import SignImages, sign_images
from qms_portal.vnformat import BLANK, NBSP, format_doc_date, roman

# Collective bodies whose header line breaks after the body's name ("ỦY BAN NHÂN DÂN" / "XÃ PHƯỚC AN").
COLLECTIVE_NAMES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def decisions_for_print() -> QuerySet[Decision]:
    """Decisions with everything a printout needs: 4 queries for any number of decisions."""
    return Decision.objects.select_related("agency").prefetch_related(
        Prefetch("sections", queryset=Section.objects.order_by("order", "id")),
        Prefetch(
            "objectives",
            queryset=Objective.objects.order_by("order", "id").prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("order", "id"))
            ),
        ),
    )


def with_content(decision: Decision) -> Decision:
    """The decision with sections, objectives and targets prefetched (reloaded if the caller did not)."""
    cache = getattr(decision, "_prefetched_objects_cache", {})
    if "objectives" in cache and "sections" in cache:
        return decision
    return decisions_for_print().get(pk=decision.pk)


# --- layout ---------------------------------------------------------------------------------------------------


@dataclass
class PrintObjective:
    number: int
    paragraphs: list[str]
    targets: list[str]
    measures: list[str]
    timeframe: str
    long: bool = False  # taller than about half a page: the only rows allowed to split across pages


@dataclass
class PrintSection:
    heading: str  # "I. Đối với Ủy ban nhân dân xã:"; empty for objectives outside any section
    objectives: list[PrintObjective] = field(default_factory=list)


@dataclass
class PrintArticle:
    label: str  # "Điều 1."
    paragraphs: list[str]


@dataclass
class PrintDecision:
    """Everything that appears on the paper, as plain strings, in reading order."""

    decision: Decision
    is_draft: bool
    header_parent: list[str]
    header_own: list[str]
    number_line: str
    place_date: str
    doc_type: str
    summary_lines: list[str]
    authority: str
    legal_bases: list[str]
    articles: list[PrintArticle]
    objectives_in_article: bool  # 2019/2022 style: numbered objectives right after Điều 1, no appendix
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    images: SignImages | None
    has_appendix: bool
    appendix_title: str
    appendix_reference: str
    appendix_intro: list[str]
    appendix_table: bool
    appendix_landscape: bool
    sections: list[PrintSection]
    title: str


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def header_lines(text: str) -> list[str]:
    """Explicit line breaks win; otherwise break after a collective body's name, as agencies print it."""
    lines = paragraphs(text)
    if len(lines) != 1:
        return lines
    line = lines[0]
    for name in COLLECTIVE_NAMES:
        rest = line[len(name) :].strip()
        if line.upper().startswith(name + " ") and len(rest.split()) >= 2:  # not "ỦY BAN NHÂN DÂN TỈNH"
            return [line[: len(name)], rest]
    return [line]


def target_phrase(target: Target, *, objective_text: str = "") -> str:
    """The target as the decision words it: the original phrase when recorded; else the typed rendering named
    by its label ("Tỷ lệ văn bản có chữ ký số: 100%"), unless the label only repeats the objective's text."""
    phrase = (target.source_phrase or "").strip()
    if phrase:
        return phrase[:1].upper() + phrase[1:]
    rendered = str(target)
    label = " ".join((target.label or "").split()).rstrip(" .:;")
    if not label or _same_text(label, objective_text):
        return rendered
    # The rendering starts with the product's own words ("Tối thiểu 97%"), never a name: lower case after the colon.
    return f"{label}: {rendered[:1].lower()}{rendered[1:]}"


def _same_text(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.split()).rstrip(" .:;").casefold()

    return key(a) == key(b)


# Estimating a table row's height (mm) to decide which rows may split: 13 pt Liberation Serif averages about
# 2.1 mm a character, a line is 13 pt x 1.2 = 5.5 mm; the body is 257 mm tall in portrait, 170 mm in landscape.
CHAR_MM, LINE_MM, CELL_PADDING_MM = 2.1, 5.5, 3.0
TEXT_WIDTH_MM = {False: 165.0, True: 252.0}
BODY_HEIGHT_MM = {False: 257.0, True: 170.0}


def _cell_lines(texts: list[str], width_mm: float) -> int:
    per_line = max(1, int((width_mm - CELL_PADDING_MM) / CHAR_MM))
    return sum(max(1, -(-len(text) // per_line)) for text in texts)


def row_is_long(objective: PrintObjective, *, landscape: bool) -> bool:
    """True when the row would take more than half a page (the widths of static/print/print.css)."""
    width = TEXT_WIDTH_MM[landscape]
    columns = [
        (objective.paragraphs, 0.34 * width),
        (objective.targets, 0.17 * width),
        (objective.measures, 0.35 * width - 12),
        ([objective.timeframe], 0.14 * width),
    ]
    lines = max(_cell_lines(texts, column) for texts, column in columns)
    return lines * LINE_MM > BODY_HEIGHT_MM[landscape] / 2


def keep_last_words(lines: list[str]) -> list[str]:
    """The last two words of a centred title joined by a no-break space, so that its last line never holds a
    single word (a trích yếu of one word needs no care)."""
    if not lines:
        return lines
    head, _space, last = lines[-1].rpartition(" ")
    if not head or " " not in head:
        return lines
    return lines[:-1] + [f"{head}{NBSP}{last}"]


def _signer_lines(decision: Decision) -> list[str]:
    lines = []
    first = " ".join(part for part in (decision.signer_prefix, decision.signer_authority) if part).strip()
    if first:
        lines.append(first)
    if decision.signer_title:
        lines.append(decision.signer_title)
    return lines


def _sections(decision: Decision) -> list[PrintSection]:
    """Objectives grouped by section in print order, numbered 1..n across sections."""
    objectives = list(decision.objectives.all())
    sections = list(decision.sections.all())
    by_section: dict[int | None, list[Objective]] = {}
    for objective in objectives:
        by_section.setdefault(objective.section_id, []).append(objective)
    groups: list[tuple[str, list[Objective]]] = []
    if by_section.get(None):
        groups.append(("", by_section[None]))
    for index, section in enumerate(sections, start=1):
        # Decisions write "I. Đối với cơ quan:"; the colon is added when the stored title has no end mark.
        title = section.title.strip()
        title += "" if title.endswith((":", ".", ";")) else ":"
        groups.append((f"{roman(index)}. {title}", by_section.get(section.pk, [])))
    number = 0
    result = []
    for heading, members in groups:
        printed = PrintSection(heading=heading)
        for objective in members:
            number += 1
            measures = paragraphs(objective.measures) + paragraphs(objective.responsibility)
            row = PrintObjective(
                number=number,
                paragraphs=paragraphs(objective.content),
                targets=[target_phrase(t, objective_text=objective.content) for t in objective.targets.all()],
                measures=measures,
                timeframe=objective.timeframe,
            )
            row.long = row_is_long(row, landscape=decision.appendix_landscape)
            printed.objectives.append(row)
        result.append(printed)
    return result


def document_title(decision: Decision) -> str:
    if decision.is_issued and decision.number and decision.issued_on:
        return f"Quyết định số {decision.number:02d}/{decision.symbol} {format_doc_date(decision.issued_on)}"
    return f"Dự thảo Quyết định {decision.symbol} năm {decision.year}"


def build_layout(decision: Decision, *, with_images: bool = True) -> PrintDecision:
    """The decision as it prints. Pass a decision from `decisions_for_print()` to keep queries bounded."""
    draft = not decision.is_issued
    has_appendix = bool(decision.appendix_title.strip())
    articles = []
    for index, text in enumerate(decision.articles or [], start=1):
        articles.append(PrintArticle(label=f"Điều {index}.", paragraphs=paragraphs(text) or [""]))
    bases = list(decision.legal_bases or [])
    if decision.proposal.strip():
        bases += paragraphs(decision.proposal)
    return PrintDecision(
        decision=decision,
        is_draft=draft,
        header_parent=header_lines(decision.header_parent),
        header_own=header_lines(decision.header_own),
        number_line=number_line(decision),
        # A draft without a place still leaves room to write one in: "      , ngày ...".
        place_date=place_date_line(decision) if decision.place.strip() else BLANK + place_date_line(decision),
        doc_type=decision.doc_type or "QUYẾT ĐỊNH",
        summary_lines=keep_last_words(paragraphs(decision.summary)),
        authority=decision.authority,
        legal_bases=bases,
        articles=articles,
        objectives_in_article=not has_appendix,
        recipients=[f"- {item}" for item in decision.recipients or []],
        signer_lines=_signer_lines(decision),
        signer_name=decision.signer_name,
        images=sign_images(decision) if with_images and not draft else None,
        has_appendix=has_appendix,
        appendix_title=decision.appendix_title.strip(),
        appendix_reference=appendix_reference(decision),
        appendix_intro=paragraphs(decision.appendix_intro),
        appendix_table=decision.appendix_form == AppendixForm.TABLE,
        appendix_landscape=decision.appendix_landscape,
        sections=_sections(decision),
        title=document_title(decision),
    )
