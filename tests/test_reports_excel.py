"""Excel exports: every list and grid downloads as a workbook, and text that a spreadsheet would run as
a formula is neutralised."""

import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from reports_factories import RATE, commune_and_unit, issue_decision

from agencies import services as agency_services
from agencies.permissions import SYSTEM
from reports import services, views
from reports.excel import neutralise
from reports.models import Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 22))


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1"])
def test_it_neutralises_text_that_starts_like_a_formula(text):
    assert neutralise(text) == "'" + text


def test_it_leaves_ordinary_text_and_numbers_alone():
    assert neutralise("Hồ sơ đúng hạn") == "Hồ sơ đúng hạn"
    assert neutralise(-2) == -2 and neutralise(Decimal("96.5")) == 96.5 and neutralise(None) is None


def cells(response) -> list:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = load_workbook(io.BytesIO(response.content))
    return [(sheet.title, cell) for sheet in workbook for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def hostile(tree):
    """A unit whose name and whose report's cause are formulas."""
    targets = commune_and_unit(tree["commune"], tree["unit"])
    unit = agency_services.agency_create(
        code="PA-X", name='=HYPERLINK("http://evil.example","Bấm")', kind="unit", parent=tree["commune"]
    )
    target = issue_decision(
        unit,
        2026,
        [
            RATE
            | {"label": "Đúng hạn X", "comparator": ">=", "value": Decimal(98), "parent_target": targets["Đúng hạn"]}
        ],
        number=50,
    )
    report = services.report_save(
        agency=unit,
        year=2026,
        period="Q1",
        user=SYSTEM,
        submit=True,
        today=date(2026, 4, 5),
        lines={
            target.objectives.get().targets.get().pk: services.LineInput(
                numerator=Decimal(1), denominator=Decimal(2), cause="=cmd|' /C calc'!A0", action="@SUM(1)"
            )
        },
    )
    services.report_accept(report=report, user=SYSTEM)
    return unit


@pytest.mark.parametrize(
    "name,url",
    [
        ("grid", lambda t: reverse("reports:status-grid", args=[t["commune"].pk, 2026])),
        ("dashboard", lambda t: reverse("reports:dashboard", args=[t["commune"].pk, 2026])),
        ("year-end", lambda t: reverse("reports:year-end", args=[t["commune"].pk, 2026])),
    ],
)
def test_it_exports_without_any_formula(client_for, tree, hostile, name, url):
    found = cells(client_for("secretariat").get(url(tree) + "?format=xlsx"))
    assert all(cell.data_type != "f" for _sheet, cell in found)
    texts = [cell.value for _sheet, cell in found if isinstance(cell.value, str)]
    # Every export names the unit, neutralised by a leading apostrophe, and no text cell starts like a formula.
    assert '\'=HYPERLINK("http://evil.example","Bấm")' in texts
    assert not any(t.startswith(("=", "+", "-", "@")) for t in texts)
    if name == "year-end":
        assert "'=cmd|' /C calc'!A0" in texts and "'@SUM(1)" in texts


def test_it_exports_the_unit_heads_list_and_the_review_queue(client_for, tree, hostile):
    mine = cells(client_for("unit_head").get(reverse("reports:my-reports") + "?year=2026&format=xlsx"))
    assert any(cell.value == "Phòng Kinh tế xã Phước An" for _s, cell in mine)
    queue = cells(client_for("secretariat").get(reverse("reports:review-queue") + "?format=xlsx"))
    assert [cell.value for _s, cell in queue] == [
        "Cơ quan, đơn vị",
        "Năm",
        "Kỳ báo cáo",
        "Thời điểm nộp",
        "Người nộp",
        "Hạn nộp",
        "Nộp quá hạn",
    ]  # the hostile unit's only report is accepted: nothing waits for review


def test_it_lists_each_waiting_report_in_the_review_queue_export(client_for, tree, personas):
    targets = commune_and_unit(tree["commune"], tree["unit"])
    li = services.LineInput
    lines = {
        targets["Đúng hạn PKT"].pk: li(numerator=Decimal(99), denominator=Decimal(100)),
        targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
        targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
    }
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    for period, submitted_at in [
        ("Q1", datetime(2026, 4, 10, 23, 59, tzinfo=hanoi)),
        ("Q2", datetime(2026, 7, 11, 0, 30, tzinfo=hanoi)),
    ]:
        report = services.report_save(
            agency=tree["unit"],
            year=2026,
            period=period,
            user=personas["unit_head"],
            submit=True,
            today=date(2026, 4, 1),
            lines=lines,
        )
        Report.objects.filter(pk=report.pk).update(submitted_at=submitted_at)
    queue = cells(client_for("secretariat").get(reverse("reports:review-queue") + "?format=xlsx"))
    values = [cell.value for _s, cell in queue]
    # Q1 arrives on its own due date (not late); Q2 half an hour into the day after its due date (late).
    assert values[7:] == [
        "Phòng Kinh tế xã Phước An",
        2026,
        "Quý I",
        datetime(2026, 4, 10, 23, 59),
        "Người unit_head",
        datetime(2026, 4, 10),
        "Không",
        "Phòng Kinh tế xã Phước An",
        2026,
        "Quý II",
        datetime(2026, 7, 11, 0, 30),
        "Người unit_head",
        datetime(2026, 7, 10),
        "Có",
    ]


def test_dates_and_results_are_real_dates_and_numbers_with_vietnamese_formats(client_for, tree, hostile):
    url = reverse("reports:dashboard", args=[hostile.pk, 2026]) + "?format=xlsx"
    found = cells(client_for("secretariat").get(url))
    results = [c for _s, c in found if isinstance(c.value, float)]
    # The unit's Q1 rate: 1 of 2 = 50 %, stored as 0.5 and shown as a percentage.
    half = [c for c in results if abs(c.value - 0.5) < 1e-9]
    assert half and all(c.number_format == "0.0#%" for c in half)
    grid = cells(
        client_for("secretariat").get(reverse("reports:status-grid", args=[tree["commune"].pk, 2026]) + "?format=xlsx")
    )
    due = [c for s, c in grid if s.startswith(("Due", "Hạn")) and isinstance(c.value, datetime)]
    assert due and all(c.number_format == "dd/mm/yyyy" for c in due)
    assert date(2026, 4, 10) in {c.value.date() for c in due}  # Q1 is due ten days after the quarter
