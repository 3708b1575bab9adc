"""The report form's row fields written in Python (reports/templatetags/report_rows.py) give exactly the
markup of the template they replace, for empty, filled and invalid rows."""

from decimal import Decimal

import pytest
from django.template import engines
from reports_factories import commune_and_unit

from objectives.models import Target
from reports.forms import LineForm

ENGINE = engines["django"]
OLD = ENGINE.from_string('{% include "reports/_field.html" with field=field needed=needed %}')
NEW = ENGINE.from_string("{% load report_rows %}{% row_field field needed %}")


@pytest.fixture
def targets(tree):
    return commune_and_unit(tree["commune"], tree["unit"])


def _forms(targets):
    rate, count = targets["Đúng hạn PKT"], targets["Sáng kiến PKT"]
    invalid = LineForm(
        {
            f"t{rate.pk}-numerator": "abc",
            f"t{rate.pk}-denominator": "1.200",
            f"t{rate.pk}-cause": '<b>"Thiếu" & người</b>',
        },
        target=rate,
    )
    invalid.is_valid()
    invalid.add_error("cause", "Cần nêu nguyên nhân <ngay>.")
    unbound = LineForm(target=count)
    return [invalid, unbound, LineForm(target=Target.objects.get(pk=rate.pk))]


def test_the_python_rows_write_the_same_markup_as_the_template(targets):
    checked = 0
    for form in _forms(targets):
        for name in form.fields:
            for needed in (False, True):
                context = {"field": form[name], "needed": needed}
                assert NEW.render(context) == OLD.render(context), (name, needed)
                checked += 1
    assert checked >= 20
    html = NEW.render({"field": _forms(targets)[0]["cause"], "needed": True})
    assert 'aria-invalid="true"' in html and "&lt;b&gt;&quot;Thiếu&quot; &amp; người&lt;/b&gt;" in html
    assert Decimal("1200")  # the denominator above is read the Vietnamese way (1.200)


def test_numbers_and_text_areas_are_written_without_the_widget_templates(targets, monkeypatch):
    """The Python path is really taken for every input of a row (Django's TextInput uses text.html, which
    only includes input.html: an earlier version fell back to the templates for it)."""
    from django.forms import BoundField

    def refuse(*args, **kwargs):
        raise AssertionError("rendered through Django's widget templates")

    forms = _forms(targets)
    expected = {
        (i, name, needed): NEW.render({"field": form[name], "needed": needed})
        for i, form in enumerate(forms)
        for name in form.fields
        for needed in (False, True)
    }
    monkeypatch.setattr(BoundField, "as_widget", refuse)
    for i, form in enumerate(forms):
        for name in form.fields:
            for needed in (False, True):
                assert NEW.render({"field": form[name], "needed": needed}) == expected[(i, name, needed)]


# The row's template before it was written in Python (templates/reports/report.html, issue 16).
OLD_ROW = ENGINE.from_string(
    """{% load i18n report_rows reports_tags %}  {% with t=row.target %}
  <fieldset class="card mb-3 report-row" data-measurement="{{ t.measurement }}" data-comparator="{{ t.comparator }}"
            data-value="{{ t.value|default_if_none:''|stringformat:'s' }}" data-upper="{{ t.upper|default_if_none:''|stringformat:'s' }}"
            data-unit="{{ t.unit }}" data-aggregation="{{ t.aggregation }}" data-final="{% if is_final %}1{% else %}0{% endif %}"
            {% if row.ytd_before is not None %}data-ytd-before="{{ row.ytd_before|stringformat:'s' }}"{% endif %}>
    <legend class="card-header h6 mb-0 w-100">
      <span class="fw-semibold">{% translate "Target" %}:</span> {{ t }}{% if t.label and t.label != row.objective.content %} <span class="text-body-secondary">· {{ t.label }}</span>{% endif %}
      {% if t.parent_target_id %}<span class="badge text-bg-light border ms-1" title="{% translate 'Counts towards the parent agency’s target' %}"><i class="bi bi-diagram-3" aria-hidden="true"></i> {% translate "linked" %}</span>{% endif %}
    </legend>
    <div class="card-body">
      {% if form.non_field_errors %}<div class="alert alert-danger py-1">{{ form.non_field_errors }}</div>{% endif %}
      <div class="row g-3 align-items-end">
        {% if t.measurement == "ratio" %}
        <div class="col-sm-4 col-lg-3">{% row_field form.numerator %}</div>
        <div class="col-sm-4 col-lg-3">{% row_field form.denominator %}</div>
        {% elif t.measurement == "yes_no" %}
        <div class="col-sm-8 col-lg-6">
          <div class="form-label">{{ form.done.label }}</div>
          <div class="d-flex gap-3{% if form.done.errors %} is-invalid{% endif %}">{% for radio in form.done %}<div class="form-check">{{ radio.tag }} <label class="form-check-label" for="{{ radio.id_for_label }}">{{ radio.choice_label }}</label></div>{% endfor %}</div>
          {% for e in form.done.errors %}<div class="invalid-feedback d-block">{{ e }}</div>{% endfor %}
        </div>
        {% else %}
        <div class="col-sm-4 col-lg-3">{% row_field form.value %}</div>
        {% endif %}
        {% if form.previous_value %}<div class="col-sm-4 col-lg-3">{% row_field form.previous_value %}</div>{% endif %}
        <div class="col-sm-4 col-lg-3">
          <div class="small text-body-secondary" data-role="result" aria-live="polite">{% if row.line.result is not None %}{% translate "Result" %}: {{ row.line.result|result_text:t.unit }}{% endif %}</div>
          {% if row.ytd_before is not None %}<div class="small text-body-secondary">{% translate "Earlier periods this year" %}: {{ row.ytd_before|vn }}</div>{% endif %}
          <div data-role="met" aria-live="polite">{% if row.line %}{% if row.line.met is True %}<span class="badge text-bg-success"><i class="bi bi-check-lg" aria-hidden="true"></i> {% translate "Met" %}</span>{% elif row.line.met is False %}<span class="badge text-bg-danger"><i class="bi bi-x-lg" aria-hidden="true"></i> {% translate "Not met" %}</span>{% endif %}{% endif %}</div>
        </div>
      </div>
      <div class="row g-3 mt-1">
        <div class="col-lg-4">{% row_field form.evidence %}</div>
        <div class="col-lg-4">{% row_field form.cause True %}</div>
        <div class="col-lg-4">{% row_field form.action True %}</div>
      </div>
    </div>
  </fieldset>
  {% endwith %}
"""
)
NEW_ROW = ENGINE.from_string("{% load report_rows %}{% report_row row form is_final %}")


def _rows(targets):
    from copy import copy

    from reports.models import ReportLine
    from reports.selectors import FormRow

    rate, count, done = targets["Đúng hạn PKT"], targets["Sáng kiến PKT"], targets["Đánh giá nội bộ"]
    reduce_by = copy(count)
    reduce_by.comparator, reduce_by.label = "reduce_by", '<i>"Giảm" & bớt</i>'
    met = ReportLine(result=Decimal("96.5"), met=True)
    missed = ReportLine(result=Decimal("2"), met=False)
    for target in (rate, count, done, reduce_by, targets["Văn bản điện tử"]):
        for line, ytd in ((None, None), (met, Decimal("1200.5")), (missed, None)):
            yield FormRow(target, line, ytd), LineForm(target=target, line=line)
        bound = LineForm(
            {f"t{target.pk}-numerator": "x", f"t{target.pk}-value": "1,5,5", f"t{target.pk}-done": "maybe"},
            target=target,
        )
        bound.is_valid()
        bound.add_error(None, "Báo cáo <đã> thay đổi.")
        bound.add_error("cause", "Cần nêu nguyên nhân.")
        yield FormRow(target, missed, Decimal(7)), bound


def test_the_python_row_writes_the_same_markup_as_the_template(targets):
    checked = set()
    for row, form in _rows(targets):
        for is_final in (True, False):
            context = {"row": row, "form": form, "is_final": is_final}
            assert NEW_ROW.render(context).strip() == OLD_ROW.render(context).strip(), (row.target, form.data)
        checked.add(str(row.target.measurement))
    assert checked == {"ratio", "value", "yes_no"}
    reduced = next(
        NEW_ROW.render({"row": r, "form": f, "is_final": True}) for r, f in _rows(targets) if r.target.label[0] == "<"
    )
    assert 'data-role="previous_value"' in reduced and "&lt;i&gt;&quot;Giảm&quot; &amp; bớt&lt;/i&gt;" in reduced
    html = NEW_ROW.render({"row": row, "form": form, "is_final": True})
    assert "Báo cáo &lt;đã&gt; thay đổi." in html and 'aria-invalid="true"' in html and 'data-final="1"' in html


def test_the_report_wide_fields_write_the_same_markup_as_the_template(db):
    """The note (a text area) and the file input (several files, with its help text) through `row_field`, and the
    hidden version field through `field_widget`: the same markup as `reports/_field.html` and `{{ field }}`,
    empty, filled with HTML, and invalid."""

    from reports.forms import ReportForm

    widget_old = ENGINE.from_string("{{ field }}")
    widget_new = ENGINE.from_string("{% load report_rows %}{% field_widget field %}")
    invalid = ReportForm({"note": "x" * 5001, "lock_version": "-1"})
    assert not invalid.is_valid()
    invalid.add_error("files", "Tệp <không> hợp lệ.")
    forms = [
        ReportForm(initial={"note": "", "lock_version": 0}),
        ReportForm(initial={"note": '<script>"Ghi chú" & tệp</script>\nDòng 2', "lock_version": 7}),
        invalid,
    ]
    expected = []
    for form in forms:
        note, version = {"field": form["note"], "needed": False}, {"field": form["lock_version"]}
        files = {"field": form["files"], "needed": False}
        assert NEW.render(note) == OLD.render(note)
        assert NEW.render(files) == OLD.render(files)
        assert widget_new.render(version) == widget_old.render(version)
        expected.append((NEW.render(note), widget_new.render(version)))
    assert "&lt;script&gt;&quot;Ghi chú&quot; &amp; tệp&lt;/script&gt;" in expected[1][0]
    assert 'type="hidden" name="lock_version" value="7"' in expected[1][1]
    assert 'aria-invalid="true"' in expected[2][0]


def test_the_report_wide_fields_are_written_without_the_widget_templates(db, monkeypatch):
    from django.forms import BoundField

    from reports.forms import ReportForm

    form = ReportForm(initial={"note": "Ghi chú", "lock_version": 3})

    def refuse(*args, **kwargs):
        raise AssertionError("rendered through Django's widget templates")

    monkeypatch.setattr(BoundField, "as_widget", refuse)
    page = ENGINE.from_string(
        "{% load report_rows %}{% row_field form.note %}{% field_widget form.lock_version %}{% row_field form.files %}"
    )
    html = page.render({"form": form})
    assert ">\nGhi chú</textarea>" in html and 'value="3"' in html
    assert '<input type="file" name="files" class="form-control" accept=".pdf,' in html and " multiple " in html


def test_escaping_remembers_only_the_text_not_its_safety():
    """The escape cache keys on the text: a string marked safe is still escaped (the row writer escapes
    everything it is given), and the same text gives the same result each time."""
    from django.utils.safestring import mark_safe

    from reports.templatetags.report_rows import escape

    assert escape("<b>") == "&lt;b&gt;"
    assert escape(mark_safe("<b>")) == "&lt;b&gt;"
    assert escape("a \"b\" & 'c'") == "a &quot;b&quot; &amp; &#x27;c&#x27;"
    assert escape(12) == "12"
