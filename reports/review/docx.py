"""Word (.docx) copies of the management review's input report and minutes, laid out like the PDF with the
decisions' Word helpers (objectives.printing.docx: page set-up, the ND30 header table, rules, the signing table).
python-docx loads on first use (reports.review.views imports this module lazily)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from objectives.printing import docx as word
from reports.review.models import ManagementReview
from reports.review.printing import ReviewDocument, build


def _grid(doc, columns: list[str], rows: list[list[str]], widths: list[float], centred: list[int], text_width: float):
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    word._fixed_layout(table)
    word._cell_margins(table, x=word.CELL_PAD_X, y=word.CELL_PAD_Y)
    word._indent(table, word.CELL_PAD_X)
    header = table.rows[0]
    word._repeat_header(header)
    for cell, name in zip(header.cells, columns):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        word._font(paragraph.add_run(name), size=12, bold=True)
    for values in rows:
        row = table.add_row()
        word._row_flag(row, "cantSplit")
        for index, (cell, value) in enumerate(zip(row.cells, values)):
            paragraph = cell.paragraphs[0]
            if index in centred:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            word._font(paragraph.add_run(value), size=12)
    word._column_widths(table, [text_width * w / 100 for w in widths])
    return table


def _two_signers(doc, layout: ReviewDocument, text_width: float) -> None:
    table = doc.add_table(rows=1, cols=2)
    word._no_borders(table)
    word._fixed_layout(table)
    word._cell_margins(table, x=0, y=0)
    word._row_flag(table.rows[0], "cantSplit")
    word._column_widths(table, [text_width / 2, text_width / 2])
    for cell, signer in zip(table.rows[0].cells, layout.signers):
        first = cell.paragraphs[0]
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        word._font(first.add_run(signer.lines[0]), size=14, bold=True)
        for line in signer.lines[1:]:
            word._para(cell, line, size=14, bold=True)
        word._para(cell, signer.name, size=14, bold=True, before=85)


def review_docx(review: ManagementReview, kind: str) -> bytes:
    layout = build(review, kind)
    doc = Document()
    word._setup(doc)
    doc.core_properties.title = layout.title
    doc.core_properties.author = layout.author
    section = doc.sections[0]
    word._page_setup(section)
    word._page_number_header(section)
    width = word._text_width_mm(section)
    word._header(doc, layout)
    word._para(doc, layout.doc_type, size=14, bold=True, before=18)
    word._para(doc, layout.summary, size=14, bold=True)
    word._rule(doc, min(width, word.text_width_mm(layout.summary, 14, bold=True)) * word.RULE_SHARE, width)
    for text in layout.intro:
        word._body(doc, text)
    for part in layout.parts:
        word._para(doc, part.heading, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=10)
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
        for text in part.paragraphs:
            word._body(doc, text)
        if part.section is not None and part.section.columns:
            doc.paragraphs[-1].paragraph_format.keep_with_next = True
            word._para(doc, after=0).paragraph_format.line_spacing = Pt(4)
            s = part.section
            _grid(doc, s.columns, s.rows, s.widths, s.centred, width)
    if layout.decisions_heading:
        word._para(doc, layout.decisions_heading, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=10)
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
        if layout.decisions:
            _grid(doc, ["TT", "Nội dung", "Trách nhiệm", "Thời hạn"], layout.decisions, [8, 50, 24, 18], [0, 3], width)
        else:
            word._body(doc, "Không có quyết định nào.")
    word._para(doc, after=0).paragraph_format.keep_with_next = True
    if layout.signers:
        _two_signers(doc, layout, width)
    else:
        word._signing(doc, layout, width)
    word._line_heights(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
