"""Word (.docx) building blocks shared by the decision export (objectives/printing/docx.py) and the
management review's Word files: page set-up, fonts, text metrics for rule lengths, paragraphs, tables."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

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
