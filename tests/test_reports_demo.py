"""Demo reports and the province-sized data set: both can be loaded again without duplicating anything."""

from datetime import date
from io import StringIO

from django.core.management import call_command

from agencies import demo as agencies_demo
from agencies.models import Agency
from objectives import demo as objectives_demo
from reports import demo, selectors
from reports.models import Report, ReportLine, ReportStatus

TODAY = date(2026, 11, 22)


def test_it_loads_demo_reports_once_with_every_case_a_newcomer_needs(db):
    agencies_demo.load()
    objectives_demo.load()
    first = demo.load(today=TODAY)
    assert first > 20
    assert demo.load(today=TODAY) == first
    reports = Report.objects.select_related("agency")
    assert reports.filter(year=2025).exists() and reports.filter(year=2026).exists()
    assert reports.filter(status=ReportStatus.RETURNED).count() == 1
    assert reports.filter(status=ReportStatus.SUBMITTED, year=2026, period="Q3").exists()
    missed = ReportLine.objects.get(met=False)
    assert missed.cause and missed.action and missed.report.status == ReportStatus.ACCEPTED
    late = [
        r for r in reports if r.submitted_at and r.submitted_at.date() > selectors.due_date(r.agency, r.year, r.period)
    ]
    assert len(late) >= 2
    # The demo unit head has the third quarter of 2026 to do (late) and the fourth open.
    from django.contrib.auth import get_user_model

    unithead = get_user_model().objects.get(username="unithead")
    mine = selectors.my_reports(unithead, 2026, TODAY)
    assert [r.period for r in mine.overdue] == ["Q3"]
    assert "Q4" in [r.period for r in mine.due]


def test_it_builds_and_rebuilds_the_scale_data_set(db):
    out = StringIO()
    call_command("seed_scale", "--units", "6", "--year", "2026", "--prefix", "T", stdout=out)
    assert "6 units" in out.getvalue()
    lines = ReportLine.objects.count()
    call_command("seed_scale", "--units", "6", "--year", "2026", "--prefix", "T", stdout=StringIO())
    assert ReportLine.objects.count() == lines
    root = Agency.objects.get(code="T")
    assert Agency.objects.filter(path__startswith=root.path, kind="unit").count() == 6
    expected = selectors.expected_periods(2026, root=root)
    assert len(expected) == 6  # the units; the province and the commune roll up from them
    assert all(found == {"Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y"} for found in expected.values())


def test_it_loads_demo_corrective_actions_once_open_overdue_and_verified(db):
    from reports.actions.models import CorrectiveAction

    agencies_demo.load()
    objectives_demo.load()
    from reports.review import demo as review_demo

    demo.load(today=TODAY)
    review_demo.load()
    count = CorrectiveAction.objects.count()
    demo.load(today=TODAY)
    review_demo.load()
    # 4 demo actions + the one the missed target opened + the one a management review decision became
    assert CorrectiveAction.objects.count() == count == 6
    statuses = sorted(CorrectiveAction.objects.values_list("status", flat=True))
    assert statuses == ["done", "effective", "effective", "in_progress", "open", "open"]
    overdue = CorrectiveAction.objects.overdue(TODAY)
    assert [a.title for a in overdue] == ["Cập nhật quy trình tiếp nhận hồ sơ trực tuyến theo quy định mới"]
    missed = CorrectiveAction.objects.get(source="missed_target")
    assert missed.target_id == ReportLine.objects.get(met=False).target_id
