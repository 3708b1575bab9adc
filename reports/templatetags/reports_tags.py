"""Template helpers for reports: Vietnamese numbers and results."""

from decimal import Decimal
from html import escape

from django import template
from django.utils.safestring import mark_safe

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


@register.simple_tag
def grid_cells(row, texts: dict) -> str:
    """The cells of one status-grid row. Built here rather than in template markup: a province grid has
    thousands of cells and the template engine would spend most of the page's time on them."""
    labels = texts.setdefault("_labels", {})
    parts = []
    for cell in row.cells:
        if cell is None:
            parts.append('<td class="text-body-tertiary">·</td>')
            continue
        b = cell.badge
        if b.status not in labels:
            labels[b.status] = escape(b.label)
        detail = f" · {escape(b.detail)}" if b.underlying else ""
        html = (
            f'<td><a class="badge text-decoration-none {b.css}" href="{cell.url}" title="{texts["due"]} '
            f'{cell.due:%d/%m/%Y}{detail}"><i class="bi {b.icon}" aria-hidden="true"></i> {labels[b.status]}</a>'
        )
        if cell.reminders:
            last = f"{texts['last']} {cell.last_reminder:%d/%m/%Y}" if cell.last_reminder else ""
            html += (f' <span class="text-body-secondary small" title="{last}">'
                     f'<i class="bi bi-bell" aria-hidden="true"></i>{cell.reminders}</span>')
        if cell.remindable:
            html += (f' <input class="form-check-input" type="checkbox" name="cell" value="{row.agency_id}:{cell.period}"'
                     f' aria-label="{texts["remind"]} {escape(row.name)} {cell.period}">')
        parts.append(html + "</td>")
    return mark_safe("".join(parts))
