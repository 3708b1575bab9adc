"""The register as an Excel workbook laid out like the printed table (title rows, one header row, the rows by
section, the scale under it). openpyxl is imported here only: the views load this module on the first export.
Text that a spreadsheet would read as a formula gets a leading apostrophe, as in every other export."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from objectives.risks.printing import TITLE, RiskTable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = [
    "TT",
    "Rủi ro / cơ hội",
    "Nguyên nhân",
    "Mục tiêu liên quan",
    "Khả năng xảy ra (K)",
    "Mức độ ảnh hưởng (A)",
    "Mức độ (K × A)",
    "Đánh giá",
    "Biện pháp giải quyết",
    "Hành động",
    "Trách nhiệm",
    "Thời hạn xem xét",
    "Mức độ sau xử lý",
]
WIDTHS = [6, 40, 30, 36, 11, 11, 10, 14, 16, 44, 26, 13, 22]
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def register_workbook(table: RiskTable) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Rủi ro và cơ hội {table.year}"[:31]
    last = get_column_letter(len(HEADER))
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    lines = [
        (" ".join(table.header_own), Font(bold=True)),
        (TITLE, Font(bold=True, size=14)),
        (f"Năm {table.year}", Font(bold=True)),
        (table.place_date, Font(italic=True)),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=_safe(text))
        cell.font, cell.alignment = font, Alignment(horizontal="center")
    row = len(lines) + 2
    for column, text in enumerate(HEADER, start=1):
        cell = ws.cell(row=row, column=column, value=text)
        cell.font, cell.alignment, cell.border = Font(bold=True), CENTRE, BOX
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    for title, rows in table.sections:
        row += 1
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1, value=title)
        cell.font, cell.border = Font(bold=True), BOX
        for r in rows:
            row += 1
            values = [
                r.number,
                r.description,
                r.cause,
                "\n".join(r.objectives),
                r.likelihood,
                r.impact,
                r.level,
                r.band,
                r.treatment,
                "\n".join(r.actions),
                r.owner,
                r.review,
                r.residual,
            ]
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=column, value=_safe(value))
                cell.border = BOX
                cell.alignment = CENTRE if column in (1, 5, 6, 7, 8, 12) else WRAP
    row += 2
    ws.cell(row=row, column=1, value="Thang đánh giá: K và A chấm từ 1 đến 5; mức độ = K × A.").font = Font(italic=True)
    for text, label in table.legend:
        row += 1
        ws.cell(row=row, column=2, value=f"{text}: {label}")
    return wb


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
