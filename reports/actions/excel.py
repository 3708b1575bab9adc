"""The corrective action register as an Excel workbook (the helpers of reports/excel.py: bold header,
every cell neutralised so that text starting with = + - @ is never run as a formula)."""

from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.excel import Sheet, _day, _when, new_workbook


def actions_workbook(rows, today: date) -> Workbook:
    wb = new_workbook()
    sheet = Sheet(
        wb,
        _("Corrective actions"),
        [
            _("No."),
            _("Unit"),
            _("Source of the action"),
            _("Action"),
            _("Cause analysis"),
            _("Owner (person)"),
            _("Due by"),
            _("Status"),
            _("Overdue"),
            _("What was done"),
            _("Effectiveness check"),
            _("Verified at"),
        ],
        [6, 30, 22, 50, 40, 24, 12, 22, 10, 40, 40, 16],
    )
    for number, action in enumerate(rows, start=1):
        owner = (action.owner.get_full_name() or action.owner.username) if action.owner else ""
        overdue = action.status in ("open", "in_progress") and action.due_on < today
        sheet.row(
            [
                number,
                action.agency.name,
                action.get_source_display(),
                action.title,
                action.cause_analysis,
                owner,
                _day(action.due_on),
                action.get_status_display(),
                _("yes") if overdue else "",
                action.result_note,
                action.verification_note,
                _when(action.verified_at),
            ]
        )
    return wb
