"""Reporting periods and due dates: the dates of each period, the default due date, the nearest override
up the tree, and when a report counts as late (never on its own due date). Dates are written by hand."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from reports import periods
from reports.models import DueDateOverride, ProgressStatus, Report
from reports.selectors import DueDates, QueueRow, due_date, progress_status

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    "period, first, last, due",
    [
        ("Q1", date(2026, 1, 1), date(2026, 3, 31), date(2026, 4, 10)),
        ("Q2", date(2026, 4, 1), date(2026, 6, 30), date(2026, 7, 10)),
        ("Q3", date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 10)),
        ("Q4", date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 10)),
        ("H1", date(2026, 1, 1), date(2026, 6, 30), date(2026, 7, 10)),
        ("H2", date(2026, 7, 1), date(2026, 12, 31), date(2027, 1, 10)),
        ("Y", date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 10)),
    ],
)
def test_it_knows_the_dates_and_default_due_date_of_each_period(period, first, last, due):
    assert periods.start(2026, period) == first
    assert periods.end(2026, period) == last
    assert periods.default_due(2026, period) == due


def test_it_groups_periods_by_frequency():
    assert periods.periods_for("quarterly") == ("Q1", "Q2", "Q3", "Q4")
    assert periods.periods_for("half_yearly") == ("H1", "H2")
    assert periods.periods_for("yearly") == ("Y",)
    assert periods.periods_for("monthly") == ()
    assert [periods.frequency_of(p) for p in ("Q3", "H2", "Y")] == ["quarterly", "half_yearly", "yearly"]


@pytest.mark.parametrize(
    "period, to_date",
    [
        ("Q1", ("Q1",)),
        ("Q3", ("Q1", "Q2", "Q3")),
        ("Q4", ("Q1", "Q2", "Q3", "Q4")),
        ("H1", ("H1",)),
        ("H2", ("H1", "H2")),
        ("Y", ("Y",)),
    ],
)
def test_it_lists_the_periods_of_the_year_to_date(period, to_date):
    assert periods.up_to(period) == to_date


def test_it_knows_the_final_periods_and_the_order():
    assert [p for p in ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y") if periods.is_final(p)] == ["Q4", "H2", "Y"]
    assert [periods.sort_key(p) for p in ("Q1", "Q2", "H1", "Q3", "Q4", "H2", "Y")] == [0, 1, 2, 3, 4, 5, 6]


def test_it_says_whether_a_period_has_started():
    assert periods.has_started(2026, "Q3", date(2026, 7, 1)) is True
    assert periods.has_started(2026, "Q3", date(2026, 6, 30)) is False
    assert periods.has_started(2026, "Q3", date(2026, 12, 31)) is True


def test_it_labels_periods_in_the_active_language():
    with translation.override("en"):
        assert [periods.label(p) for p in ("Q3", "H1", "Y")] == ["Quarter III", "First half-year", "Full year"]
    with translation.override("vi"):
        assert periods.label("Q3") == "Quý III"


# --- late or not ---------------------------------------------------------------------------------------------


DUE = date(2026, 7, 10)


@pytest.mark.parametrize(
    "status, today, shown",
    [
        # On its own due date nothing is late yet; the day after, anything not submitted is.
        (None, date(2026, 7, 10), ProgressStatus.NOT_STARTED),
        (None, date(2026, 7, 11), ProgressStatus.LATE),
        ("draft", date(2026, 7, 10), ProgressStatus.DRAFT),
        ("draft", date(2026, 7, 11), ProgressStatus.LATE),
        ("returned", date(2026, 7, 9), ProgressStatus.RETURNED),
        ("returned", date(2026, 7, 11), ProgressStatus.LATE),
        # Submitted or accepted reports show as such, however late.
        ("submitted", date(2026, 12, 1), ProgressStatus.SUBMITTED),
        ("accepted", date(2026, 12, 1), ProgressStatus.ACCEPTED),
        ("submitted", date(2026, 7, 1), ProgressStatus.SUBMITTED),
    ],
)
def test_it_shows_a_report_late_only_after_its_due_date(status, today, shown):
    assert progress_status(status, DUE, today) == shown


@pytest.mark.parametrize(
    "submitted_at, late",
    [
        (None, False),
        (datetime(2026, 7, 10, 0, 5, tzinfo=VN), False),
        (datetime(2026, 7, 10, 23, 59, tzinfo=VN), False),  # on its own due date
        (datetime(2026, 7, 11, 0, 30, tzinfo=VN), True),  # still 10/07 in UTC, but late in Vietnam
        (datetime(2026, 7, 12, 9, 0, tzinfo=VN), True),
    ],
)
def test_it_judges_a_submission_late_by_the_day_in_vietnam(submitted_at, late):
    assert QueueRow(Report(submitted_at=submitted_at), DUE).late is late


# --- overrides ---------------------------------------------------------------------------------------------


def test_it_takes_the_nearest_override_up_the_tree():
    dates = DueDates(2026, {(2, "Q3"): date(2026, 10, 15), (5, "Q3"): date(2026, 10, 20), (2, "Q1"): date(2026, 4, 5)})
    assert dates.get("/1/2/5/", "Q3") == date(2026, 10, 20)  # the unit's own
    assert dates.source("/1/2/5/", "Q3") == 5
    assert dates.get("/1/2/6/", "Q3") == date(2026, 10, 15)  # its commune's
    assert dates.source("/1/2/6/", "Q3") == 2
    assert dates.get("/1/2/5/", "Q1") == date(2026, 4, 5)
    assert dates.get("/1/3/", "Q3") == date(2026, 10, 10)  # no override on the way: the default
    assert dates.source("/1/3/", "Q3") is None
    assert dates.get("/1/2/5/", "Q2") == date(2026, 7, 10)
    assert DueDates(2027, {}).get("/1/2/", "Q4") == date(2028, 1, 10)
    assert DueDates(2027, {}).source("/1/2/", "Q4") is None


def test_it_reads_the_overrides_of_the_year_asked_for(tree):
    DueDateOverride.objects.create(agency=tree["commune"], year=2026, period="Q3", due_on=date(2026, 10, 15))
    DueDateOverride.objects.create(agency=tree["commune"], year=2025, period="Q3", due_on=date(2025, 10, 3))
    DueDateOverride.objects.create(agency=tree["unit"], year=2026, period="Q2", due_on=date(2026, 7, 20))
    assert due_date(tree["unit"], 2026, "Q3") == date(2026, 10, 15)
    assert due_date(tree["unit"], 2026, "Q2") == date(2026, 7, 20)
    assert due_date(tree["commune"], 2026, "Q2") == date(2026, 7, 10)
    assert due_date(tree["unit"], 2025, "Q3") == date(2025, 10, 3)
    assert due_date(tree["other_commune"], 2026, "Q3") == date(2026, 10, 10)
    assert DueDates.load(2025).year == 2025
    # Loaded for the whole tree at once: each year's own overrides, found up the agency's path.
    assert DueDates.load(2026).get(tree["unit"].path, "Q3") == date(2026, 10, 15)
    assert DueDates.load(2025).get(tree["unit"].path, "Q3") == date(2025, 10, 3)
    assert DueDates.load(2024).get(tree["unit"].path, "Q3") == date(2024, 10, 10)
