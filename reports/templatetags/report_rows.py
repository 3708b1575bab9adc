"""The report form's row fields written in Python (issue 16): a 20-target report has about 80 inputs, and
rendering each through Django's widget templates was a third of the page's time. The markup is exactly
what `reports/_field.html` with Django's widget templates writes (tests/test_report_rows.py compares
them); widgets other than plain inputs and text areas fall back to Django's own rendering."""

from django import forms, template
from django.forms.widgets import Input
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

_INPUT_TEMPLATE = "django/forms/widgets/input.html"
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def widget_html(bound: forms.BoundField) -> str:
    """What `str(bound)` returns, without the template engine, for text inputs and text areas."""
    widget = bound.field.widget
    textarea = isinstance(widget, forms.Textarea) and widget.template_name == _TEXTAREA_TEMPLATE
    plain_input = isinstance(widget, Input) and widget.template_name == _INPUT_TEMPLATE
    if bound.field.localize or not (textarea or plain_input):
        return str(bound)
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
    name, value = escape(context["name"]), context["value"]
    if textarea:
        return f'<textarea name="{name}"{_attrs(context["attrs"])}>\n{escape(value) if value else ""}</textarea>'
    shown = "" if value is None else f' value="{escape(value)}"'
    return f'<input type="{escape(context["type"])}" name="{name}"{shown}{_attrs(context["attrs"])}>'


@register.simple_tag
def row_field(bound, needed: bool = False) -> str:
    """The same markup as {% include "reports/_field.html" with field=bound needed=needed %}."""
    if not bound:
        return ""
    errors = bound.errors
    parts = [
        f'<div class="{"has-error" if errors else ""}">\n',
        f'  <label class="form-label mb-1" for="{escape(bound.id_for_label)}">{escape(bound.label)}</label>\n',
        f"  {widget_html(bound)}\n",
        "  ",
    ]
    if needed:
        parts.append(
            '<div class="form-text text-danger d-none" data-role="needed-hint"><i class="bi bi-asterisk" '
            f'aria-hidden="true"></i> {escape(_("Required to submit: the target is not met."))}</div>'
        )
    parts.append("\n  ")
    for number, error in enumerate(errors, start=1):
        parts.append(f'<div class="invalid-feedback d-block" id="{bound.auto_id}_error_{number}">{escape(error)}</div>')
    parts.append("\n  ")
    if bound.help_text:
        parts.append(f'<div class="form-text" id="{bound.auto_id}_helptext">{escape(bound.help_text)}</div>')
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))
