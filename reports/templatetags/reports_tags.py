"""Template helpers for reports: Vietnamese numbers and results."""

from decimal import Decimal
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from qms_portal.vnformat import format_decimal
from reports import periods
from reports.results import display

register = template.Library()


@register.filter
def vn(value, places=None):
    """A number the Vietnamese way: 1.200 / 96,5; empty for None."""
    if value is None or value == "":
        return ""
    try:
        return format_decimal(Decimal(str(value)), None if places in (None, "") else int(places))
    except (ValueError, ArithmeticError):
        return value


@register.filter
def result_text(value, unit=""):
    return display(value, unit)


@register.filter
def vi_period(period: str) -> str:
    return periods.VIETNAMESE.get(period, period)


# One letter per status for the grid's cells (static/css/app.css draws the badge and its icon from it):
# at 500 units the grid has 3,500 cells, and the full Bootstrap badge markup made the page 800 KB.
GRID_CLASS = {"not_started": "gn", "draft": "gd", "submitted": "gs", "returned": "gr", "accepted": "ga", "late": "gl"}


def column_dues(grid) -> list:
    """Each column's due date when every cell of it has the same one (shown once in the header), else None."""
    dues = []
    for i in range(len(grid.columns)):
        seen = {row.cells[i].due for row in grid.rows if row.cells[i] is not None}
        dues.append(seen.pop() if len(seen) == 1 else None)
    return dues


@register.simple_tag
def grid_header(grid, texts: dict) -> str:
    """The column headers, with the due date once per column when it is the same for every unit."""
    dues = texts["_dues"] = column_dues(grid)
    parts = []
    for (period, label), due in zip(grid.column_labels, dues, strict=True):
        when = f'<br><small class="fw-normal">{texts["due"]} {due:%d/%m/%Y}</small>' if due else ""
        parts.append(f'<th scope="col" id="c-{period}">{escape(label)}{when}</th>')
    return mark_safe("".join(parts))


@register.simple_tag
def grid_cells(row, texts: dict) -> str:
    """The cells of one status-grid row, in compact markup: a link (relative to the grid's address, see
    reports:grid-cell) whose text is the status; the colour and icon come from the cell's class; the due
    date only where it differs from the column header's. The optional </td> end tags are left out."""
    labels = texts.setdefault("_labels", {})
    dues = texts.get("_dues") or [None] * len(row.cells)
    parts = []
    for cell, column_due in zip(row.cells, dues, strict=True):
        if cell is None:
            parts.append('<td class="g0">·')
            continue
        b = cell.badge
        if b.status not in labels:
            labels[b.status] = escape(b.label)
        title = []
        if cell.due != column_due:
            title.append(f"{texts['due']} {cell.due:%d/%m/%Y}")
        if b.underlying:
            title.append(escape(b.detail))
        title = f' title="{" · ".join(title)}"' if title else ""
        html = (
            f'<td class="{GRID_CLASS[b.status]}"><a href="{row.agency_id}/{cell.period}/"{title}>{labels[b.status]}</a>'
        )
        if cell.reminders:
            last = f"{texts['last']} {cell.last_reminder:%d/%m/%Y}" if cell.last_reminder else ""
            html += (
                f' <span class="text-body-secondary small" title="{last}">'
                f'<i class="bi bi-bell" aria-hidden="true"></i>{cell.reminders}</span>'
            )
        if cell.remindable:
            html += (
                f' <input class="form-check-input" type="checkbox" name="cell" value="{row.agency_id}:{cell.period}"'
                f' aria-label="{texts["remind"]} {escape(row.name)} {cell.period}">'
            )
        parts.append(html)
    return mark_safe("".join(parts))


@register.simple_tag
def grid_rows(grid, texts: dict) -> str:
    """Every row of the status grid (500 units: 526 rows; as template markup the loop took a third of the
    page's time): the unit's name as the row header, then its cells (grid_cells)."""
    dissolved = f' <small class="text-body-secondary">({escape(_("dissolved"))})</small>'
    parts = []
    for row in grid.rows:
        name = escape(row.name) if row.reports else f"<strong>{escape(row.name)}</strong>"
        parts.append(
            f"\n<tr{'' if row.reports else ' class="table-light"'}>"
            f'<th scope="row" class="ps-{5 if row.indent > 5 else row.indent}">{name}'
            f"{dissolved if row.dissolved else ''}</th>{grid_cells(row, texts)}</tr>"
        )
    return mark_safe("".join(parts))
