"""Writes for progress reports (keyword-only services, validated, transactional, permission-checked)."""

from reports.services.lines import LineInput, compute_line
from reports.services.reminders import (
    OVERDUE_WINDOW_DAYS,
    REMIND_BEFORE_DAYS,
    ReminderItem,
    ReminderRun,
    reminders_send_due,
    reminders_send_manual,
    unit_heads,
)
from reports.services.reporting import (
    StaleReportError,
    due_date_set,
    remap_targets,
    report_accept,
    report_reopen,
    report_return,
    report_save,
    report_submit,
)
from reports.services.uploads import ALLOWED_UPLOADS, MAX_FILES_PER_REPORT, check_upload

__all__ = [
    "ALLOWED_UPLOADS",
    "MAX_FILES_PER_REPORT",
    "OVERDUE_WINDOW_DAYS",
    "REMIND_BEFORE_DAYS",
    "LineInput",
    "ReminderItem",
    "ReminderRun",
    "StaleReportError",
    "check_upload",
    "compute_line",
    "due_date_set",
    "remap_targets",
    "reminders_send_due",
    "reminders_send_manual",
    "report_accept",
    "report_reopen",
    "report_return",
    "report_save",
    "report_submit",
    "unit_heads",
]
