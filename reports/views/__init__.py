"""Pages of the reports app (reports/urls.py): thin views that check permissions, call a selector or service,
render. By concern: report (the unit head's form and the review of one report), secretariat (review queue,
grid, due dates), dashboards (and the year-end report); shared helpers in common."""

from datetime import date

from django.utils import timezone


def _today() -> date:
    """The reports pages' clock (common._today reads it here, so that tests can set a fixed date)."""
    return timezone.localdate()


from reports.views.common import excel  # noqa: E402  (the lazy Excel module: tests/test_startup_imports.py)
from reports.views.dashboards import (  # noqa: E402
    dashboard,
    dashboard_home,
    year_end,
)
from reports.views.report import (  # noqa: E402
    evidence_download,
    my_reports,
    report,
    report_accept,
    report_reopen,
    report_return,
)
from reports.views.secretariat import (  # noqa: E402
    due_dates,
    grid_cell,
    grid_remind,
    review_queue,
    status_grid,
    status_grid_home,
)

__all__ = [
    "excel",
    "my_reports",
    "report",
    "report_accept",
    "report_return",
    "report_reopen",
    "evidence_download",
    "review_queue",
    "status_grid_home",
    "status_grid",
    "grid_cell",
    "grid_remind",
    "due_dates",
    "dashboard_home",
    "dashboard",
    "year_end",
]
