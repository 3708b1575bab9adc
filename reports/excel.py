"""Excel exports of every list and grid in the reports app (openpyxl, write-only for speed).

Text that a spreadsheet would read as a formula (starting with =, +, - or @, or a tab or carriage
return) is neutralised with a leading apostrophe, so that an exported cell can never run anything."""

import io
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from objectives.models import Unit
from reports import periods
from reports.results import Results

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
WRAP = Alignment(wrap_text=True, vertical="top")


def neutralise(value):
    """Make a value safe for a spreadsheet cell: text starting like a formula gets an apostrophe."""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, bool, date)):
        return value
    return neutralise(str(value))


DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
NUMBER_FORMAT = "#,##0.##"
PERCENT_FORMAT = "0.0#%"


class Number(NamedTuple):
    """A number written as a number with an Excel format (the reader's locale shows 96,5% or 1.200)."""

    value: Decimal
    format: str


class Sheet:
    """A write-only worksheet with a bold header row and neutralised cells."""

    def __init__(self, workbook: Workbook, title: str, header: list[str], widths: list[int] | None = None):
        self.ws = workbook.create_sheet(title=title[:31])
        for index, width in enumerate(widths or [], start=1):
            self.ws.column_dimensions[_column(index)].width = width
        self.ws.freeze_panes = "A2"
        cells = []
        for text in header:
            cell = WriteOnlyCell(self.ws, value=neutralise(text))
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = WRAP
            cells.append(cell)
        self.ws.append(cells)

    def row(self, values: list) -> None:
        self.ws.append([self._cell(v) for v in values])

    def _cell(self, value):
        """Dates and numbers stay dates and numbers (sortable, summable), shown the Vietnamese way by the
        number format: dd/mm/yyyy, and the reader's own decimal comma and thousands dot."""
        if isinstance(value, Number):
            cell = WriteOnlyCell(self.ws, value=float(value.value))
            cell.number_format = value.format
            return cell
        value = neutralise(value)
        if isinstance(value, datetime):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(self.ws, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value

    def title(self, text: str) -> None:
        cell = WriteOnlyCell(self.ws, value=neutralise(text))
        cell.font = HEADER_FONT
        self.ws.append([cell])


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def response(workbook: Workbook, filename: str) -> HttpResponse:
    result = HttpResponse(to_bytes(workbook), content_type=XLSX)
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result


def _day(value: date | None) -> date | str:
    return value or ""


def _when(value: datetime | None) -> datetime | str:
    return timezone.localtime(value).replace(tzinfo=None) if value else ""


def _figure(figure, unit: str, text: str):
    """A result as a number with its format (a rate as a percentage), or its text (done / not done, empty)."""
    if isinstance(figure.result, Decimal):
        if unit == Unit.PERCENT:
            return Number(figure.result / 100, PERCENT_FORMAT)
        return Number(figure.result, NUMBER_FORMAT)
    return text


# --- lists ---------------------------------------------------------------------------------------------------


def my_reports_workbook(mine) -> Workbook:
    wb = new_workbook()
    sheet = Sheet(
        wb,
        _("My reports %(year)s") % {"year": mine.year},
        [_("Agency"), _("Period"), _("Due date"), _("Status"), _("Detail"), _("Submitted at")],
        [40, 18, 12, 16, 24, 18],
    )
    for row in mine.rows:
        sheet.row(
            [
                row.agency.name,
                row.period_label,
                _day(row.due),
                row.badge.label,
                row.badge.detail,
                _when(row.report.submitted_at) if row.report else "",
            ]
        )
    return wb


def review_queue_workbook(rows) -> Workbook:
    wb = new_workbook()
    sheet = Sheet(
        wb,
        _("Review queue"),
        [_("Agency"), _("Year"), _("Period"), _("Submitted at"), _("Submitted by"), _("Due date"), _("Submitted late")],
        [40, 8, 18, 18, 24, 12, 12],
    )
    for row in rows:
        r = row.report
        by = r.submitted_by.get_full_name() or r.submitted_by.username if r.submitted_by else ""
        sheet.row(
            [
                r.agency.name,
                r.year,
                r.get_period_display(),
                _when(r.submitted_at),
                by,
                _day(row.due),
                _("Yes") if row.late else _("No"),
            ]
        )
    return wb


def grid_workbook(grid) -> Workbook:
    wb = new_workbook()
    header = [_("Code"), _("Agency")] + [label for _p, label in grid.column_labels]
    sheet = Sheet(wb, _("Status grid %(year)s") % {"year": grid.year}, header, [14, 44] + [16] * len(grid.columns))
    for row in grid.rows:
        values = [row.code, "  " * row.indent + row.name]
        for cell in row.cells:
            if cell is None:
                values.append("")
            else:
                text = cell.badge.label + (f" ({cell.badge.detail})" if cell.badge.detail else "")
                values.append(text)
        sheet.row(values)
    due = Sheet(
        wb,
        _("Due dates"),
        [_("Agency"), _("Period"), _("Due date"), _("Status"), _("Reminders sent")],
        [44, 18, 12, 20, 12],
    )
    for row in grid.rows:
        for cell in row.cells:
            if cell is not None:
                due.row([row.name, periods.label(cell.period), _day(cell.due), cell.badge.label, cell.reminders])
    return wb


# --- results -------------------------------------------------------------------------------------------------


def _results_header(results: Results) -> list[str]:
    return [
        _("No."),
        _("Objective"),
        _("Target"),
        _("Period"),
        _("Result"),
        _("Numerator / denominator"),
        _("Year to date"),
        _("Met?"),
    ]


def dashboard_workbook(results: Results) -> Workbook:
    wb = new_workbook()
    sheet = Sheet(
        wb, _("Results %(year)s") % {"year": results.year}, _results_header(results), [6, 50, 30, 18, 12, 18, 12, 16]
    )
    for number, objective in enumerate(results.objectives, start=1):
        for t in objective.targets:
            for cell in t.cells:
                sheet.row(
                    [
                        number,
                        objective.objective.content,
                        t.text,
                        cell.label,
                        _figure(cell.figure, cell.unit, cell.text),
                        cell.sums_text,
                        _figure(cell.ytd, cell.unit, cell.ytd_text),
                        cell.met_text,
                    ]
                )
            year = _figure(t.year, t.target.unit, t.year_text)
            sheet.row(
                [number, objective.objective.content, t.text, _("Full year"), year, t.year_sums, year, t.met_text]
            )
    _units_sheet(wb, results)
    return wb


def _units_sheet(wb: Workbook, results: Results) -> None:
    units = Sheet(
        wb,
        _("Units"),
        [_("Target of the agency"), _("Unit"), _("Unit's target"), _("Result"), _("Met?")],
        [40, 36, 30, 12, 18],
    )
    for t in results.linked:
        for u in t.units:
            units.row([t.text, u.name, u.target_text, _figure(u.figure, u.target.unit, u.text), u.met_text])


def year_end_workbook(results: Results) -> Workbook:
    """ "Báo cáo kết quả thực hiện mục tiêu chất lượng năm ...": every objective and target with its
    full-year result, met or not, causes and actions; then every unit's result."""
    wb = new_workbook()
    title = _("Report on the quality objectives of %(year)s") % {"year": results.year}
    header = [
        _("No."),
        _("Objective"),
        _("Target"),
        _("Result"),
        _("Numerator / denominator"),
        _("Met?"),
        _("Causes"),
        _("Corrective actions"),
    ]
    sheet = Sheet(wb, str(results.year), header, [6, 50, 30, 12, 18, 16, 50, 50])
    more = _("(and %(count)d more: see the sheet “Causes”)")
    for number, objective in enumerate(results.objectives, start=1):
        for t in objective.targets:
            causes = "\n".join(f"{c.who} ({c.period_label}): {c.cause}" for c in t.causes_shown if c.cause)
            actions = "\n".join(f"{c.who} ({c.period_label}): {c.action}" for c in t.causes_shown if c.action)
            if t.causes_hidden:
                causes += "\n" + more % {"count": t.causes_hidden}
            sheet.row(
                [
                    number,
                    objective.objective.content,
                    t.text,
                    _figure(t.year, t.target.unit, t.year_text),
                    t.year_sums,
                    t.met_text,
                    causes,
                    actions,
                ]
            )
    summary = results.summary
    sheet.row([])
    sheet.row(["", title])
    sheet.row(["", _("Targets: %(total)d; met: %(met)d; not met: %(missed)d; not judged yet: %(open)d") % summary])
    _units_sheet(wb, results)
    causes = Sheet(
        wb,
        _("Causes"),
        [_("No."), _("Target"), _("Unit"), _("Period"), _("Cause"), _("Corrective action")],
        [6, 30, 36, 16, 60, 60],
    )
    for number, objective in enumerate(results.objectives, start=1):
        for t in objective.targets:
            for c in t.causes:
                causes.row([number, t.text, c.who, c.period_label, c.cause, c.action])
    return wb
