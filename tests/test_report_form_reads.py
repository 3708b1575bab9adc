"""Issue 16, report form: the form's rows read this report's lines and the earlier periods' values of the
targets counted over the year in one query on report lines; the sums are those written by hand below."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from reports import selectors, services
from reports.services import LineInput

pytestmark = pytest.mark.usefixtures("complete_history")


def _save(unit, period: str, targets, *, initiatives: str, on_time=("98", "100"), docs=("5", "5")) -> None:
    services.report_save(
        agency=unit,
        year=2026,
        period=period,
        user=SYSTEM,
        lines={
            targets["Đúng hạn PKT"].pk: LineInput(numerator=Decimal(on_time[0]), denominator=Decimal(on_time[1])),
            targets["Sáng kiến PKT"].pk: LineInput(value=Decimal(initiatives)),
            targets["Văn bản điện tử"].pk: LineInput(numerator=Decimal(docs[0]), denominator=Decimal(docs[1])),
        },
        today=date(2026, 11, 22),
    )


def _line_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if 'FROM "reports_reportline"' in q["sql"]]


def test_the_rows_read_the_lines_and_the_earlier_sums_in_one_query(tree):
    unit = tree["unit"]
    targets = commune_and_unit(tree["commune"], unit)
    _save(unit, "Q1", targets, initiatives="2")
    _save(unit, "Q2", targets, initiatives="3.5")
    _save(unit, "Q3", targets, initiatives="1", on_time=("90", "100"))
    report = selectors.report_for(unit, 2026, "Q3")
    with CaptureQueriesContext(connection) as captured:
        rows = selectors.report_rows(unit, 2026, "Q3", report)
    assert len(_line_queries(captured)) == 1
    by_label = {row.target.label: row for row in rows}
    initiatives = by_label["Sáng kiến PKT"]
    assert initiatives.ytd_before == Decimal("5.5")  # 2 (Q1) + 3.5 (Q2), not Q3's own 1
    assert initiatives.line.value == Decimal(1) and initiatives.line.report is report
    on_time = by_label["Đúng hạn PKT"]
    assert on_time.ytd_before is None  # a rate is not summed over the year
    assert (on_time.line.numerator, on_time.line.denominator) == (Decimal(90), Decimal(100))


def test_a_first_report_has_no_lines_and_sums_the_earlier_periods(tree):
    unit = tree["unit"]
    targets = commune_and_unit(tree["commune"], unit)
    _save(unit, "Q1", targets, initiatives="4")
    rows = selectors.report_rows(unit, 2026, "Q2", None)
    assert [row.line for row in rows] == [None] * len(rows)
    assert {row.target.label: row.ytd_before for row in rows}["Sáng kiến PKT"] == Decimal(4)
    q1 = selectors.report_rows(unit, 2026, "Q1", selectors.report_for(unit, 2026, "Q1"))
    assert {row.target.label: row.ytd_before for row in q1}["Sáng kiến PKT"] is None  # nothing earlier than Q1


def test_the_report_page_reads_the_report_with_its_agency(tree, client_for):
    """With a report saved, the page reads the report and its agency in one query (no query on the agency alone);
    before the first save it reads the agency alone. Another agency's report stays hidden (404)."""
    from django.urls import reverse

    unit = tree["unit"]
    targets = commune_and_unit(tree["commune"], unit)
    client = client_for("unit_head")
    url = reverse("reports:report", args=[unit.pk, 2026, "Q3"])

    def agency_reads() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return [q["sql"] for q in captured.captured_queries if q["sql"].startswith('SELECT "agencies_agency"."id"')]

    assert len(agency_reads()) == 1  # no report yet: the agency alone
    _save(unit, "Q3", targets, initiatives="1")
    assert agency_reads() == []  # joined to the report's query
    other = reverse("reports:report", args=[tree["other_commune"].pk, 2026, "Q3"])
    assert client.get(other).status_code == 404
