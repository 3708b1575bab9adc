"""Word (.docx) export of a decision and its appendix, laid out like the PDF (python-docx), for offices
that must still edit before signing. Same layout data as the PDF (objectives.printing.build_layout)."""

from __future__ import annotations

import io

from django.utils import translation
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from objectives.models import Decision
from objectives.printing.docx_base import (  # the building blocks; also used as docx.<name> by reports/review/docx.py
    CELL_PAD_X,
    CELL_PAD_Y,
    FONT_DIR,
    FONT_NAME,
    HEADER_LEFT_MM,
    HEADER_RIGHT_MM,
    INDENT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    RULE_SHARE,
    TBLPR_ORDER,
    _body,
    _box,
    _cell_margins,
    _cell_width,
    _column_widths,
    _draft_mark,
    _fixed_layout,
    _font,
    _indent,
    _metrics,
    _no_borders,
    _page_number_header,
    _page_setup,
    _para,
    _repeat_header,
    _restart_numbering,
    _row_flag,
    _rule,
    _table_property,
    _text_width_mm,
    text_width_mm,
)
from objectives.printing.layout import PrintDecision, build_layout, with_content

__all__ = [
    "FONT_NAME",
    "FONT_DIR",
    "PAGE_W",
    "PAGE_H",
    "MARGIN_TOP",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "HEADER_LEFT_MM",
    "HEADER_RIGHT_MM",
    "INDENT",
    "RULE_SHARE",
    "CELL_PAD_X",
    "CELL_PAD_Y",
    "TBLPR_ORDER",
    "_metrics",
    "text_width_mm",
    "_font",
    "_para",
    "_body",
    "_rule",
    "_box",
    "_cell_width",
    "_column_widths",
    "_no_borders",
    "_table_property",
    "_cell_margins",
    "_indent",
    "_row_flag",
    "_draft_mark",
    "_fixed_layout",
    "_repeat_header",
    "_page_number_header",
    "_restart_numbering",
    "_page_setup",
    "_text_width_mm",
    "render_decision_docx",
]


# --- the document -------------------------------------------------------------------------------------------------


def _header(doc, layout: PrintDecision) -> None:
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    _fixed_layout(table)
    _cell_margins(table, x=0, y=0)  # the agency rule is measured against the whole column
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _column_widths(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    first = left.paragraphs[0]
    for line in layout.header_parent:
        paragraph = first if first is not None else _para(left)
        first = None
        _font(paragraph.add_run(line.upper()), size=13)
    for line in layout.header_own:
        paragraph = first if first is not None else _para(left)
        first = None
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line.upper()), size=13, bold=True)
    own_width = max((text_width_mm(line.upper(), 13, bold=True) for line in layout.header_own), default=30)
    _rule(left, own_width * RULE_SHARE, HEADER_LEFT_MM)

    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(motto.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=12, bold=True)
    slogan = _para(right)
    run = slogan.add_run("Độc lập - Tự do - Hạnh phúc")
    _font(run, size=13, bold=True)
    run.underline = True  # the rule as long as the text

    number, date = table.rows[1].cells
    number.paragraphs[0].alignment = date.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraphs[0].paragraph_format.space_before = date.paragraphs[0].paragraph_format.space_before = Pt(6)
    _font(number.paragraphs[0].add_run(layout.number_line), size=13)
    _font(date.paragraphs[0].add_run(layout.place_date), size=14, italic=True)


def _objective_list(doc, layout: PrintDecision) -> None:
    for section in layout.sections:
        if section.heading:
            paragraph = _para(doc, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
            paragraph.paragraph_format.keep_with_next = True  # a heading never ends a page
            _font(paragraph.add_run(section.heading), size=14, bold=True)
        for objective in section.objectives:
            for index, text in enumerate(objective.paragraphs):
                _body(doc, f"{objective.number}. {text}" if index == 0 else text)


def _objective_table(doc, layout: PrintDecision, text_width: float) -> None:
    rest = text_width - 12.0  # TT is 12 mm; the other columns share the rest as in the PDF
    widths = [12.0, rest * 0.34, rest * 0.17, rest * 0.35, rest * 0.14]
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    _fixed_layout(table)
    _cell_margins(table, x=CELL_PAD_X, y=CELL_PAD_Y)
    _indent(table, CELL_PAD_X)
    heading = ["TT", "Nội dung mục tiêu", "Chỉ tiêu thực hiện", "Biện pháp và trách nhiệm", "Thời gian"]
    _repeat_header(table.rows[0])
    _column_widths(table, widths)
    for cell, text in zip(table.rows[0].cells, heading):
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0].add_run(text), size=13, bold=True)

    def fill(cell: _Cell, lines: list[str], *, center: bool = False) -> None:
        for index, line in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
            _font(paragraph.add_run(line), size=13)

    for section in layout.sections:
        if section.heading:
            row = table.add_row()
            _row_flag(row, "cantSplit")
            cells = row.cells
            merged = cells[0].merge(cells[4])
            _font(merged.paragraphs[0].add_run(section.heading), size=13, bold=True)
        for objective in section.objectives:
            row = table.add_row()
            if not objective.long:  # as in the PDF: only a row taller than half a page may split
                _row_flag(row, "cantSplit")
            cells = row.cells
            for cell, width in zip(cells, widths):
                _cell_width(cell, width)
            fill(cells[0], [str(objective.number)], center=True)
            fill(cells[1], objective.paragraphs)
            fill(cells[2], objective.targets)
            fill(cells[3], objective.measures)
            fill(cells[4], [objective.timeframe] if objective.timeframe else [])


def _signing(doc, layout: PrintDecision, text_width: float) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_layout(table)
    _cell_margins(table, x=0, y=0)
    _row_flag(table.rows[0], "cantSplit")  # recipients and signer stay together on one page, as in the PDF
    left, right = table.rows[0].cells
    _column_widths(table, [text_width * 0.45, text_width * 0.55])
    title = left.paragraphs[0]
    _font(title.add_run("Nơi nhận:"), size=12, bold=True, italic=True)
    for item in layout.recipients:
        _para(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = right.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lines = layout.signer_lines or [""]
    _font(first.add_run(lines[0].upper()), size=14, bold=True)
    for line in lines[1:]:
        _para(right, line, size=14, bold=True, upper=True)
    _para(right, layout.signer_name, size=14, bold=True, before=85)  # ~30 mm to sign and stamp


def _appendix(doc, layout: PrintDecision, *, new_section: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE) if new_section else doc.sections[0]
    _page_setup(section, landscape=layout.appendix_landscape)
    _page_number_header(section)
    if layout.is_draft:
        _draft_mark(section)
    if new_section:
        _restart_numbering(section)
    width = _text_width_mm(section)
    if not layout.appendix_title.upper().startswith("PHỤ LỤC"):
        _para(doc, "Phụ lục", size=14, bold=True)
    _para(doc, layout.appendix_title, size=14, bold=True, upper=True)
    _para(doc, layout.appendix_reference, size=14, italic=True, before=2)
    reference_width = min(width, text_width_mm(layout.appendix_reference, 14, italic=True))
    _rule(doc, reference_width * RULE_SHARE, width)
    for text in layout.appendix_intro:
        _body(doc, text)
    _para(doc, after=6)
    if layout.appendix_table:
        _objective_table(doc, layout, width)
    else:
        _objective_list(doc, layout)


def _line_heights(doc) -> None:
    """Exact line heights as the PDF's stylesheet sets them (body 1.25, tables 1.2, the header block 1.15 of the
    font size), so that Word, LibreOffice and the PDF break pages at the same places."""

    def apply(paragraph: Paragraph, factor: float) -> None:
        fmt = paragraph.paragraph_format
        if fmt.line_spacing is not None and fmt.line_spacing != 1.0:
            return  # the rules keep their own tiny height
        sizes = [run.font.size.pt for run in paragraph.runs if run.font.size is not None]
        fmt.line_spacing = Pt(round(max(sizes, default=14) * factor, 2))

    for paragraph in doc.paragraphs:
        apply(paragraph, 1.25)
    for index, table in enumerate(doc.tables):
        factor = (
            1.15
            if index == 0 and table.style.name != "Table Grid"
            else 1.2
            if table.style.name == "Table Grid"
            else 1.25
        )
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    apply(
                        paragraph,
                        1.2
                        if any(r.font.size and r.font.size.pt <= 12 for r in paragraph.runs) and factor == 1.25
                        else factor,
                    )


def _shrink_section_break(doc) -> None:
    """The paragraph that carries a section break follows the signing table; keep it one point high so that
    it never spills onto an empty page of its own."""
    for paragraph in doc.element.body.iterchildren(qn("w:p")):
        properties = paragraph.pPr
        if properties is not None and properties.find(qn("w:sectPr")) is not None:
            fmt = Paragraph(paragraph, doc._body).paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = Pt(1)
            run_properties = OxmlElement("w:rPr")
            size = OxmlElement("w:sz")
            size.set(qn("w:val"), "2")
            run_properties.append(size)
            properties.append(run_properties)


def _setup(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(14)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def render_decision_docx(decision: Decision, *, appendix_only: bool = False) -> bytes:
    """The decision and its appendix (or the appendix alone) as a Word file; no signature images (the
    Word copy is for editing before signature)."""
    decision = with_content(decision)
    with translation.override("vi"):  # target phrases are gettext; a document is Vietnamese whatever the UI
        layout = build_layout(decision, with_images=False)
    if appendix_only and not layout.has_appendix:
        raise ValueError("This decision has its objectives in Điều 1 and no appendix.")
    doc = Document()
    _setup(doc)
    doc.core_properties.title = layout.title
    doc.core_properties.author = decision.agency.name
    first = doc.sections[0]
    _page_setup(first)
    _page_number_header(first)
    width = _text_width_mm(first)

    if layout.is_draft:
        _draft_mark(first)
    if not appendix_only:
        _header(doc, layout)
        _para(doc, layout.doc_type, size=14, bold=True, upper=True, before=18)
        for line in layout.summary_lines:
            _para(doc, line, size=14, bold=True)
        summary_width = max((text_width_mm(line, 14, bold=True) for line in layout.summary_lines), default=40)
        _rule(doc, min(width, summary_width) * RULE_SHARE, width)
        _para(doc, layout.authority, size=14, bold=True, upper=True, before=12)
        for basis in layout.legal_bases:
            _body(doc, basis, italic=True)
        _para(doc, "QUYẾT ĐỊNH:", size=14, bold=True, before=12).paragraph_format.keep_with_next = True
        last = None
        for index, article in enumerate(layout.articles):
            for number, text in enumerate(article.paragraphs):
                last = _body(doc, text, label=article.label if number == 0 else "")
            if index == 0 and layout.objectives_in_article:
                _objective_list(doc, layout)
        if last is not None:
            last.paragraph_format.keep_with_next = True  # as the PDF: the signer never stands alone on a page
        _para(doc, after=0).paragraph_format.keep_with_next = True  # the gap before the signing table
        _signing(doc, layout, width)
    if layout.has_appendix:
        _appendix(doc, layout, new_section=not appendix_only)
        if not appendix_only:
            _shrink_section_break(doc)

    _line_heights(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
