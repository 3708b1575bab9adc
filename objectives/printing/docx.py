"""Word (.docx) export of a decision and its appendix, laid out like the PDF (python-docx), for offices
that must still edit before signing. Same layout data as the PDF (objectives.printing.build_layout)."""

from __future__ import annotations

import io
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from objectives.models import Decision
from objectives.printing.layout import PrintDecision, build_layout, with_content

FONT_NAME = "Times New Roman"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "liberation-serif"
PAGE_W, PAGE_H = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_LEFT_MM, HEADER_RIGHT_MM = 65, 100
INDENT = Mm(12.7)
RULE_SHARE = 0.4  # short rules are 40 % of the text above them (decree: 1/3 to 1/2)
CELL_PAD_X, CELL_PAD_Y = 80, 40  # twips: 4 pt beside and 2 pt above and below the text, as the PDF's cells
# Children of w:tblPr in schema order: Word refuses a file whose table properties are out of order.
TBLPR_ORDER = (
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
)


# --- text metrics (for rule lengths) ----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _metrics(face: str) -> tuple[dict[int, int], float]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_DIR / f"LiberationSerif-{face}.ttf", lazy=True)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    widths = {code: hmtx[name][0] for code, name in cmap.items()}
    return widths, float(font["head"].unitsPerEm)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width of a line in Times metrics (Liberation Serif has the same advance widths)."""
    face = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}[
        (bold, italic)
    ]
    widths, units = _metrics(face)
    total = sum(widths.get(ord(ch), units / 2) for ch in unicodedata.normalize("NFC", text))
    return total / units * size_pt * 25.4 / 72


# --- low-level helpers --------------------------------------------------------------------------------------------


def _font(run, *, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    run.font.name = FONT_NAME
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT_NAME)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    upper: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = INDENT
    if text:
        run = paragraph.add_run(text.upper() if upper else text)
        _font(run, size=size, bold=bold, italic=italic)
    return paragraph


def _body(container, text: str, *, label: str = "", italic: bool = False) -> Paragraph:
    """A body paragraph: justified, first-line indent 1.27 cm, 6 pt before; an optional bold "Điều N."."""
    paragraph = _para(container, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, before=6)
    if label:
        _font(paragraph.add_run(label + " "), size=14, bold=True)
    _font(paragraph.add_run(text), size=14, italic=italic)
    return paragraph


def _rule(container, length_mm: float, width_mm: float) -> Paragraph:
    """A centred horizontal rule `length_mm` long in a column `width_mm` wide (a bordered empty paragraph)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    side = Mm(max(0.0, (width_mm - length_mm) / 2))
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _box(paragraph: Paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            edge.set(qn(key), value)
        borders.append(edge)
    paragraph._p.get_or_add_pPr().append(borders)


def _cell_width(cell: _Cell, mm: float) -> None:
    cell.width = Mm(mm)


def _column_widths(table, widths_mm: list[float]) -> None:
    """Word reads the grid, LibreOffice the cells: set both, or the columns come out equal."""
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            _cell_width(cell, width)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    _table_property(table, borders)


def _table_property(table, element) -> None:
    """Put `element` into the table's properties at its schema position (replacing one of the same name)."""
    properties = table._tbl.tblPr
    name = element.tag.split("}")[1]
    for old in properties.findall(qn(f"w:{name}")):
        properties.remove(old)
    rank = TBLPR_ORDER.index(name)
    for index, child in enumerate(properties):
        child_name = child.tag.split("}")[1]
        if child_name in TBLPR_ORDER and TBLPR_ORDER.index(child_name) > rank:
            properties.insert(index, element)
            return
    properties.append(element)


def _cell_margins(table, *, x: int, y: int) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("top", y), ("left", x), ("bottom", y), ("right", x)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(value))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    _table_property(table, margins)


def _indent(table, twips: int) -> None:
    """Word (compatibility mode below 15) and LibreOffice measure a table's indent to the first cell's text:
    indenting by the cell padding puts the left border exactly on the margin, not in it."""
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(twips))
    indent.set(qn("w:type"), "dxa")
    _table_property(table, indent)


def _row_flag(row, name: str) -> None:
    """w:cantSplit (the row stays whole) or w:tblHeader (repeated on every page)."""
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement(f"w:{name}")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _draft_mark(section) -> None:
    """ "DỰ THẢO" boxed at the right of the page header of every page (first pages included), as in the PDF."""
    for header in (section.first_page_header, section.header):
        header.is_linked_to_previous = False
        empty = header is section.first_page_header and len(header.paragraphs) == 1 and not len(header.paragraphs[0]._p)
        paragraph = header.paragraphs[0] if empty else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(paragraph.add_run("DỰ THẢO"), size=13, bold=True)
        _box(paragraph)


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _table_property(table, layout)
    table.autofit = False


def _repeat_header(row) -> None:
    _row_flag(row, "cantSplit")
    _row_flag(row, "tblHeader")


def _page_number_header(section) -> None:
    """Arabic page number centred in the top margin; none on the section's first page."""
    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run()
    _font(run, size=13)
    field.append(run._r)
    paragraph._p.append(field)


def _restart_numbering(section) -> None:
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    section._sectPr.append(number_type)


def _page_setup(section, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(8)


def _text_width_mm(section) -> float:
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


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
