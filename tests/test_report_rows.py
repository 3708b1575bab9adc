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
