"""The report form's row fields written in Python (issue 16): a 20-target report has about 80 inputs, and
rendering each through Django's widget templates was a third of the page's time. The markup is exactly
what `reports/_field.html` with Django's widget templates writes (tests/test_report_rows.py compares
them); widgets other than plain inputs and text areas fall back to Django's own rendering."""

import html
from functools import lru_cache

from django import forms, template
from django.forms.widgets import Input
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports.templatetags.reports_tags import result_text, vn

register = template.Library()


@lru_cache(maxsize=4096)
def _escape_str(value: str) -> str:
    return html.escape(value)


def escape(value) -> str:
    """django.utils.html.escape without its lazy-string wrapper (called ~900 times per page, mostly on the same
    class names, ids and labels: the escaped text of a string is remembered)."""
    return _escape_str(str(value))


@lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    """The row's fixed texts, translated and escaped once per language."""
    return {
        "needed": escape(_("Required to submit: the target is not met.")),
        "parent": escape(_("Counts towards the parent agency’s target")),
        "linked": escape(_("linked")),
        "result": escape(_("Result")),
        "earlier": escape(_("Earlier periods this year")),
        "met": escape(_("Met")),
        "not_met": escape(_("Not met")),
        "target": escape(_("Target")),
    }


_INPUT_TEMPLATE = "django/forms/widgets/input.html"
# Django's per-type input templates (text.html, number.html, ...) only include input.html.
_INPUT_TEMPLATES = {_INPUT_TEMPLATE} | {
    f"django/forms/widgets/{kind}.html" for kind in ("text", "number", "email", "url", "password", "hidden")
}
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
# A file input with no current file: the plain input, never with a value (Django strips the template's line break).
_CLEARABLE_TEMPLATE = "django/forms/widgets/clearable_file_input.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


_PLAIN_CONTEXTS = (forms.Widget.get_context, Input.get_context)


def _widget_attrs(bound: forms.BoundField, widget: forms.Widget, errors) -> dict:
    """`bound.build_widget_attrs({}, widget)` for a single-input widget, reading the field's errors once (Django
    reads them three times: a fifth of the rows' time)."""
    field, attrs = bound.field, {}
    if widget.use_required_attribute(bound.initial) and field.required and bound.form.use_required_attribute:
        attrs["required"] = True
    if field.disabled:
        attrs["disabled"] = True
    if not widget.is_hidden and errors:
        attrs["aria-invalid"] = "true"
    if not widget.use_fieldset and not widget.attrs.get("aria-describedby"):
        auto_id, described = bound.auto_id, []
        if auto_id and not widget.is_hidden:
            if bound.help_text:
                described.append(f"{auto_id}_helptext")
            if errors:
                described.append(f"{auto_id}_error")
        if described:
            attrs["aria-describedby"] = " ".join(described)
    return attrs


def widget_html(bound: forms.BoundField, errors=None) -> str:
    """What `str(bound)` returns, without the template engine, for text inputs, text areas and file inputs.
    `errors`: the field's errors when the caller has read them."""
    widget = bound.field.widget
    textarea = isinstance(widget, forms.Textarea) and widget.template_name == _TEXTAREA_TEMPLATE
    plain_input = isinstance(widget, Input) and widget.template_name in _INPUT_TEMPLATES
    file_input = isinstance(widget, forms.ClearableFileInput) and widget.template_name == _CLEARABLE_TEMPLATE
    if bound.field.localize or not (textarea or plain_input or file_input):
        return str(bound)
    attrs = _widget_attrs(bound, widget, bound.errors if errors is None else errors)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    if type(widget).get_context in _PLAIN_CONTEXTS:  # what they put in the context, without building it
        value, attrs, kind = (
            widget.format_value(bound.value()),
            {**widget.attrs, **attrs},
            getattr(widget, "input_type", ""),
        )
    else:
        context = widget.get_context(bound.html_name, bound.value(), attrs)["widget"]
        if file_input and context.get("is_initial"):
            return str(bound)  # a current file, with its link and "clear" box: Django's template
        value, attrs, kind = context["value"], context["attrs"], context.get("type", "")
    name = escape(bound.html_name)
    if file_input:
        return f'<input type="{escape(kind)}" name="{name}"{_attrs(attrs)}>'
    if textarea:
        return f'<textarea name="{name}"{_attrs(attrs)}>\n{escape(value) if value else ""}</textarea>'
    shown = "" if value is None else f' value="{escape(value)}"'
    return f'<input type="{escape(kind)}" name="{name}"{shown}{_attrs(attrs)}>'


@register.simple_tag
def field_widget(bound) -> str:
    """`{{ bound }}` (the input alone, e.g. a hidden field) without the widget templates."""
    return mark_safe(widget_html(bound))


@register.simple_tag
def row_field(bound, needed: bool = False, texts: dict[str, str] | None = None) -> str:
    """The same markup as {% include "reports/_field.html" with field=bound needed=needed %}."""
    if not bound:
        return ""
    if texts is None:
        texts = _texts(get_language())
    errors = bound.errors
    parts = [
        f'<div class="{"has-error" if errors else ""}">\n',
        f'  <label class="form-label mb-1" for="{escape(bound.id_for_label)}">{escape(bound.label)}</label>\n',
        f"  {widget_html(bound, errors)}\n",
        "  ",
    ]
    if needed:
        parts.append(
            '<div class="form-text text-danger d-none" data-role="needed-hint"><i class="bi bi-asterisk" '
            f'aria-hidden="true"></i> {texts["needed"]}</div>'
        )
    parts.append("\n  ")
    for number, error in enumerate(errors, start=1):
        parts.append(f'<div class="invalid-feedback d-block" id="{bound.auto_id}_error_{number}">{escape(error)}</div>')
    parts.append("\n  ")
    if bound.help_text:
        parts.append(f'<div class="form-text" id="{bound.auto_id}_helptext">{escape(bound.help_text)}</div>')
    parts.append("\n</div>\n")
    return mark_safe("".join(parts))


def _done_html(bound) -> str:
    """The yes/no radios of a "done / not done" target (Django renders each radio's input)."""
    radios = "".join(
        f'<div class="form-check">{radio.tag()} <label class="form-check-label" for="{escape(radio.id_for_label)}">'
        f"{escape(radio.choice_label)}</label></div>"
        for radio in bound
    )
    errors = "".join(f'<div class="invalid-feedback d-block">{escape(e)}</div>' for e in bound.errors)
    invalid = " is-invalid" if bound.errors else ""
    return (
        '\n        <div class="col-sm-8 col-lg-6">\n'
        f'          <div class="form-label">{escape(bound.label)}</div>\n'
        f'          <div class="d-flex gap-3{invalid}">{radios}</div>\n'
        f"          {errors}\n"
        "        </div>\n        "
    )


def _text(value) -> str:
    return "" if value is None else escape(str(value))


@register.simple_tag
def report_row(row, form, is_final) -> str:
    """One target's fieldset of the report form (a 20-target report has 20 of them; written by the template
    they took two thirds of the page's time). Same markup as the template it replaces (tests/test_report_rows.py)."""
    texts = _texts(get_language())
    t, line = row.target, row.line
    measurement = str(t.measurement)
    ytd = row.ytd_before
    label = ""
    if t.label and t.label != row.objective.content:
        label = f' <span class="text-body-secondary">· {escape(t.label)}</span>'
    linked = ""
    if t.parent_target_id:
        linked = (
            f'<span class="badge text-bg-light border ms-1" title="{texts["parent"]}">'
            f'<i class="bi bi-diagram-3" aria-hidden="true"></i> {texts["linked"]}</span>'
        )
    errors = form.non_field_errors()
    non_field = f'<div class="alert alert-danger py-1">{errors}</div>' if errors else ""
    if measurement == "ratio":
        inputs = (
            f'\n        <div class="col-sm-4 col-lg-3">{row_field(form["numerator"], False, texts)}</div>\n'
            f'        <div class="col-sm-4 col-lg-3">{row_field(form["denominator"], False, texts)}</div>\n        '
        )
    elif measurement == "yes_no":
        inputs = _done_html(form["done"])
    else:
        inputs = f'\n        <div class="col-sm-4 col-lg-3">{row_field(form["value"], False, texts)}</div>\n        '
    previous = ""
    if "previous_value" in form.fields:
        previous = f'<div class="col-sm-4 col-lg-3">{row_field(form["previous_value"], False, texts)}</div>'
    result = ""
    if line is not None and line.result is not None:
        result = f"{texts['result']}: {escape(result_text(line.result, t.unit))}"
    earlier = ""
    if ytd is not None:
        earlier = f'<div class="small text-body-secondary">{texts["earlier"]}: {escape(vn(ytd))}</div>'
    met = ""
    if line is not None and line.met is True:
        met = f'<span class="badge text-bg-success"><i class="bi bi-check-lg" aria-hidden="true"></i> {texts["met"]}</span>'
    elif line is not None and line.met is False:
        met = f'<span class="badge text-bg-danger"><i class="bi bi-x-lg" aria-hidden="true"></i> {texts["not_met"]}</span>'
    ytd_attr = f'data-ytd-before="{escape(str(ytd))}"' if ytd is not None else ""
    return mark_safe(
        f'<fieldset class="card mb-3 report-row" data-measurement="{escape(measurement)}" '
        f'data-comparator="{escape(str(t.comparator))}"\n'
        f'            data-value="{_text(t.value)}" data-upper="{_text(t.upper)}"\n'
        f'            data-unit="{escape(str(t.unit))}" data-aggregation="{escape(str(t.aggregation))}" '
        f'data-final="{"1" if is_final else "0"}"\n'
        f"            {ytd_attr}>\n"
        '    <legend class="card-header h6 mb-0 w-100">\n'
        f'      <span class="fw-semibold">{texts["target"]}:</span> {escape(str(t))}{label}\n'
        f"      {linked}\n"
        "    </legend>\n"
        '    <div class="card-body">\n'
        f"      {non_field}\n"
        '      <div class="row g-3 align-items-end">\n'
        f"        {inputs}\n"
        f"        {previous}\n"
        '        <div class="col-sm-4 col-lg-3">\n'
        f'          <div class="small text-body-secondary" data-role="result" aria-live="polite">{result}</div>\n'
        f"          {earlier}\n"
        f'          <div data-role="met" aria-live="polite">{met}</div>\n'
        "        </div>\n"
        "      </div>\n"
        '      <div class="row g-3 mt-1">\n'
        f'        <div class="col-lg-4">{row_field(form["evidence"], False, texts)}</div>\n'
        f'        <div class="col-lg-4">{row_field(form["cause"], True, texts)}</div>\n'
        f'        <div class="col-lg-4">{row_field(form["action"], True, texts)}</div>\n'
        "      </div>\n"
        "    </div>\n"
        "  </fieldset>"
    )
