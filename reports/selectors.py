"""Reads for progress reports: who reports what and when, due dates, the unit head's list, the review
queue, the status grid and the report form's data. Every function issues a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency, Role
from agencies.permissions import Action, agencies_where, memberships_of
from objectives.models import Aggregation, Comparator, DecisionStatus, Measurement, Target
from reports import form_targets, periods
from reports.models import (
    DONE_STATUSES,
    DueDateOverride,
    Evidence,
    ProgressStatus,
    Reminder,
    Report,
    ReportEvent,
    ReportLine,
    ReportStatus,
)

# Icon and Bootstrap colour of each status: never colour alone, the label is always shown too.
STATUS_LOOK = {
    ProgressStatus.NOT_STARTED: ("bi-circle", "text-bg-light border"),
    ProgressStatus.DRAFT: ("bi-pencil-square", "text-bg-secondary"),
    ProgressStatus.SUBMITTED: ("bi-hourglass-split", "text-bg-info"),
    ProgressStatus.RETURNED: ("bi-arrow-counterclockwise", "text-bg-warning"),
    ProgressStatus.ACCEPTED: ("bi-check-circle-fill", "text-bg-success"),
    ProgressStatus.LATE: ("bi-exclamation-triangle-fill", "text-bg-danger"),
}


def progress_status(report_status: str | None, due: date, today: date) -> ProgressStatus:
    """Submitted and accepted reports show as such; anything else past its due date is late."""
    if report_status in DONE_STATUSES:
        return ProgressStatus(report_status)
    if today > due:
        return ProgressStatus.LATE
    return ProgressStatus(report_status) if report_status else ProgressStatus.NOT_STARTED


@dataclass(frozen=True)
class StatusBadge:
    status: ProgressStatus
    underlying: str = ""  # e.g. "returned" for a late report that was returned

    @property
    def label(self) -> str:
        return str(self.status.label)

    @property
    def icon(self) -> str:
        return STATUS_LOOK[self.status][0]

    @property
    def css(self) -> str:
        return STATUS_LOOK[self.status][1]

    @property
    def detail(self) -> str:
        return str(ReportStatus(self.underlying).label) if self.underlying else ""


def badge(report_status: str | None, due: date, today: date) -> StatusBadge:
    status = progress_status(report_status, due, today)
    underlying = report_status if status == ProgressStatus.LATE and report_status else ""
    return StatusBadge(status, underlying)


def report_url(agency_id: int, year: int, period: str) -> str:
    """The report page's address without a `reverse()` per cell (the grid has thousands of cells)."""
    return f"{_reports_root()}{agency_id}/{year}/{period}/"


def _reports_root() -> str:
    return reverse("reports:my-reports")


# --- who reports what, and when ------------------------------------------------------------------------------


def _not_rolled_up(queryset: QuerySet[Target], year: int) -> QuerySet[Target]:
    """Targets that units below implement are rolled up from the units' reports, not reported again."""
    implemented = Target.objects.filter(
        parent_target=OuterRef("pk"), objective__decision__status=DecisionStatus.ISSUED, objective__decision__year=year
    )
    return queryset.filter(~Exists(implemented))


def _first_issued(prefix: str = "objective__decision__"):
    """When the decision first came into force: an amendment counts from the decision it amends."""
    return Coalesce(F(f"{prefix}amends__amends__issued_on"), F(f"{prefix}amends__issued_on"), F(f"{prefix}issued_on"))


def _covers(year: int, period: str, since: date | None) -> bool:
    """A period is reported if it ends after the decision came into force (a commune formed in July
    2025 reports from the third quarter)."""
    return since is None or periods.end(year, period) >= since


def reporting_targets(agency: Agency, year: int, period: str | None = None) -> list[Target]:
    """The targets the agency reports: those of its decision in force for the year, in its order."""
    targets = Target.objects.filter(
        objective__decision__agency=agency,
        objective__decision__year=year,
        objective__decision__status=DecisionStatus.ISSUED,
    )
    if period:
        targets = targets.filter(frequency=periods.frequency_of(period))
    targets = _not_rolled_up(targets, year).select_related("objective")  # the form shows the objective only
    result = list(targets.annotate(since=_first_issued()).order_by("objective__order", "objective_id", "order", "id"))
    if period and result and not _covers(year, period, result[0].since):
        return []
    return result


def expected_periods(year: int, *, root: Agency | None = None, agency_ids=None) -> dict[int, set[str]]:
    """{agency id: periods it must report} for agencies with a decision in force (one query)."""
    targets = Target.objects.filter(objective__decision__status=DecisionStatus.ISSUED, objective__decision__year=year)
    if root is not None:
        targets = targets.filter(objective__decision__agency__path__startswith=root.path)
    if agency_ids is not None:
        targets = targets.filter(objective__decision__agency_id__in=list(agency_ids))
    rows = (
        _not_rolled_up(targets, year)
        .annotate(since=_first_issued())
        .values_list("objective__decision__agency_id", "frequency", "since")
        .order_by()
        .distinct()
    )
    expected: dict[int, set[str]] = defaultdict(set)
    for agency_id, frequency, since in rows:
        expected[agency_id].update(p for p in periods.periods_for(frequency) if _covers(year, p, since))
    return {agency_id: found for agency_id, found in expected.items() if found}


class DueDates:
    """Due dates of one year: the override of the nearest agency up the tree, else the default."""

    def __init__(self, year: int, overrides: dict[tuple[int, str], date]):
        self.year = year
        self.overrides = overrides

    @classmethod
    def load(cls, year: int) -> "DueDates":
        rows = DueDateOverride.objects.filter(year=year).values_list("agency_id", "period", "due_on")
        return cls(year, {(agency_id, period): due for agency_id, period, due in rows})

    def source(self, path: str, period: str) -> int | None:
        """The agency whose override applies, or None for the default."""
        if self.overrides:
            for agency_id in reversed([int(p) for p in path.strip("/").split("/") if p]):
                if (agency_id, period) in self.overrides:
                    return agency_id
        return None

    def get(self, path: str, period: str) -> date:
        source = self.source(path, period)
        if source is not None:
            return self.overrides[(source, period)]
        return periods.default_due(self.year, period)


def due_date(agency: Agency, year: int, period: str) -> date:
    """One agency's due date: reads only the overrides of the agency and those above it, for the period."""
    path_ids = [int(p) for p in agency.path.strip("/").split("/") if p]
    rows = DueDateOverride.objects.filter(year=year, period=period, agency_id__in=path_ids).values_list(
        "agency_id", "period", "due_on"
    )
    return DueDates(year, {(agency_id, p): due for agency_id, p, due in rows}).get(agency.path, period)


def unit_head_agencies(user) -> list[Agency]:
    """Agencies where the user is unit head (a superuser's reach does not make a to-do list)."""
    return sorted({m.agency for m in memberships_of(user) if m.role == Role.UNIT_HEAD}, key=lambda a: a.path)


# --- the unit head's list ------------------------------------------------------------------------------------


@dataclass
class MyReportRow:
    agency: Agency
    year: int
    period: str
    due: date
    report: Report | None
    badge: StatusBadge

    @property
    def period_label(self) -> str:
        return periods.label(self.period)

    @property
    def url(self) -> str:
        return report_url(self.agency.pk, self.year, self.period)


@dataclass
class MyReports:
    year: int
    returned: list[MyReportRow] = field(default_factory=list)
    overdue: list[MyReportRow] = field(default_factory=list)
    due: list[MyReportRow] = field(default_factory=list)
    submitted: list[MyReportRow] = field(default_factory=list)
    done: list[MyReportRow] = field(default_factory=list)

    @property
    def rows(self) -> list[MyReportRow]:
        return self.returned + self.overdue + self.due + self.submitted + self.done

    @property
    def is_empty(self) -> bool:
        return not self.rows


def my_reports(user, year: int, today: date) -> MyReports:
    """What a unit head has to do for a year: returned, overdue, due, awaiting review, accepted."""
    result = MyReports(year=year)
    agencies = unit_head_agencies(user)
    if not agencies:
        return result
    expected = expected_periods(year, agency_ids=[a.pk for a in agencies])
    reports = {(r.agency_id, r.period): r for r in Report.objects.filter(year=year, agency__in=agencies)}
    due_dates = DueDates.load(year)
    for agency in agencies:
        for period in sorted(expected.get(agency.pk, ()), key=periods.sort_key):
            if not periods.has_started(year, period, today):
                continue
            report = reports.get((agency.pk, period))
            due = due_dates.get(agency.path, period)
            row = MyReportRow(agency, year, period, due, report, badge(report.status if report else None, due, today))
            status = report.status if report else None
            if status == ReportStatus.RETURNED:
                result.returned.append(row)
            elif status == ReportStatus.ACCEPTED:
                result.done.append(row)
            elif status == ReportStatus.SUBMITTED:
                result.submitted.append(row)
            elif row.badge.status == ProgressStatus.LATE:
                result.overdue.append(row)
            else:
                result.due.append(row)
    return result


# --- the secretariat's review queue --------------------------------------------------------------------------


@dataclass
class QueueRow:
    report: Report
    due: date

    @property
    def late(self) -> bool:
        # The due date is a day in Vietnam: compare the local day of submission, not the UTC one.
        return self.report.submitted_at is not None and timezone.localdate(self.report.submitted_at) > self.due


def review_queue(user) -> list[QueueRow]:
    """Submitted reports waiting for this reviewer, oldest first."""
    reports = list(
        Report.objects.awaiting_review()
        .filter(agency__in=agencies_where(user, Action.REVIEW))
        .select_related("agency", "submitted_by")
        .order_by("submitted_at", "id")
    )
    years = {r.year for r in reports}
    overrides = (
        {(o.agency_id, o.year, o.period): o.due_on for o in DueDateOverride.objects.filter(year__in=years)}
        if years
        else {}
    )
    by_year = {year: DueDates(year, {(a, p): d for (a, y, p), d in overrides.items() if y == year}) for year in years}
    return [QueueRow(r, by_year[r.year].get(r.agency.path, r.period)) for r in reports]


def reviewable_roots(user) -> list[Agency]:
    """Agencies whose subtree the user may review and that have units below them (for pickers)."""
    return list(agencies_where(user, Action.REVIEW).filter(children__isnull=False).distinct().order_by("path"))


def default_root(user, action: Action = Action.REVIEW) -> Agency | None:
    agencies = agencies_where(user, action).order_by("depth", "path")
    return agencies.first()


# --- the status grid -----------------------------------------------------------------------------------------


@dataclass
class GridCell:
    period: str
    due: date
    badge: StatusBadge
    url: str
    report_id: int | None
    reminders: int = 0
    last_reminder: date | None = None

    @property
    def remindable(self) -> bool:
        return self.badge.status not in (ProgressStatus.SUBMITTED, ProgressStatus.ACCEPTED)


@dataclass
class GridRow:
    agency_id: int
    name: str
    code: str
    indent: int
    dissolved: bool
    cells: list[GridCell | None]
    reports: bool


@dataclass
class Grid:
    root: Agency
    year: int
    today: date
    columns: list[str]
    rows: list[GridRow]
    totals: dict[str, dict[str, int]]

    @property
    def column_labels(self) -> list[tuple[str, str]]:
        return [(p, periods.label(p)) for p in self.columns]

    @property
    def legend(self) -> list[StatusBadge]:
        return [StatusBadge(s) for s in ProgressStatus]

    @property
    def reporting_rows(self) -> int:
        return sum(1 for r in self.rows if r.reports)

    @property
    def total_rows(self) -> list[tuple[str, list[tuple[StatusBadge, int]]]]:
        return [
            (periods.label(p), [(StatusBadge(s), self.totals[p].get(s, 0)) for s in ProgressStatus])
            for p in self.columns
        ]


def status_grid(root: Agency, year: int, today: date) -> Grid:
    """Units x periods for a subtree, each cell with its status (five queries whatever the size)."""
    agencies = list(
        Agency.objects.subtree_of(root)
        .values_list("id", "name", "short_name", "code", "path", "depth", "dissolved_on")
        .order_by("path")
    )
    expected = expected_periods(year, root=root)
    reports = {
        (agency_id, period): (status, pk)
        for agency_id, period, status, pk in Report.objects.filter(
            year=year, agency__path__startswith=root.path
        ).values_list("agency_id", "period", "status", "id")
    }
    reminders = {
        (row["agency_id"], row["period"]): (row["n"], row["last"])
        for row in Reminder.objects.filter(year=year, agency__path__startswith=root.path)
        .values("agency_id", "period")
        .annotate(n=Count("id"), last=Max("sent_on"))
    }
    due_dates = DueDates.load(year)
    columns = sorted({p for ps in expected.values() for p in ps}, key=periods.sort_key)
    needed: set[int] = set()
    for agency_id, _n, _s, _c, path, _d, _x in agencies:
        if agency_id in expected:
            needed.update(int(p) for p in path.strip("/").split("/") if p)
    root_url = _reports_root()
    totals: dict[str, dict[str, int]] = {p: defaultdict(int) for p in columns}
    rows: list[GridRow] = []
    # 3,500 cells at 500 units, but only a handful of distinct due dates and badges (StatusBadge is frozen).
    badges: dict[tuple[str | None, date], StatusBadge] = {}
    defaults = {period: periods.default_due(year, period) for period in columns}
    for agency_id, name, short_name, code, path, depth, dissolved_on in agencies:
        if agency_id not in needed:
            continue
        own = expected.get(agency_id, set())
        cells: list[GridCell | None] = []
        for period in columns:
            if period not in own:
                cells.append(None)
                continue
            status, report_id = reports.get((agency_id, period), (None, None))
            due = due_dates.get(path, period) if due_dates.overrides else defaults[period]
            b = badges.get((status, due))
            if b is None:
                b = badges[(status, due)] = badge(status, due, today)
            count, last = reminders.get((agency_id, period), (0, None))
            cells.append(GridCell(period, due, b, f"{root_url}{agency_id}/{year}/{period}/", report_id, count, last))
            totals[period][b.status] += 1
        rows.append(
            GridRow(agency_id, short_name or name, code, depth - root.depth, dissolved_on is not None, cells, bool(own))
        )
    return Grid(root, year, today, columns, rows, totals)


# --- one report ----------------------------------------------------------------------------------------------


@dataclass
class FormRow:
    """One target in the report form, with what was saved and what earlier periods add up to."""

    target: Target
    line: ReportLine | None
    ytd_before: Decimal | None = None  # sum of earlier periods, for targets counted over the year

    @property
    def objective(self):
        return self.target.objective


def report_for(agency: Agency, year: int, period: str) -> Report | None:
    report = (
        Report.objects.filter(agency=agency, year=year, period=period)
        .select_related("submitted_by", "reviewed_by")
        .order_by()  # at most one row (unique agency, year, period): no sort
        .first()
    )
    if report is not None:
        report.agency = agency  # the agency the caller read already, instead of joining it again
    return report


def report_with_agency(agency_pk: int, year: int, period: str) -> Report | None:
    """The report of an agency (by its key) for a period, read with its agency in the same query: the report page
    checks permissions on that agency, and reads the agency alone only when there is no report yet."""
    return (
        Report.objects.filter(agency_id=agency_pk, year=year, period=period)
        .select_related("agency", "submitted_by", "reviewed_by")
        .order_by()
        .first()
    )


def report_rows(agency: Agency, year: int, period: str, report: Report | None) -> list[FormRow]:
    """The form's rows: the targets, this report's lines and the sums of earlier periods (one query for the
    lines of this report and the earlier values, instead of one each)."""
    targets = form_targets.form_targets(agency, year, period)
    earlier = [p for p in periods.up_to(period) if p != period]
    summed = [
        t.pk
        for t in targets
        if t.aggregation == Aggregation.SUM
        and t.measurement == Measurement.VALUE
        and t.comparator != Comparator.REDUCE_BY
    ]
    wanted = Q(report=report) if report else Q(pk__in=[])
    if earlier and summed:
        wanted |= Q(
            report__agency=agency,
            report__year=year,
            report__period__in=earlier,
            target_id__in=summed,
            value__isnull=False,
        )
    lines: dict[int, ReportLine] = {}
    sums: dict[int, Decimal] = defaultdict(Decimal)
    if report or (earlier and summed):
        for line in ReportLine.objects.filter(wanted).order_by():
            if report and line.report_id == report.pk:
                line.report = report  # as `report.lines.all()` set it
                lines[line.target_id] = line
            else:
                sums[line.target_id] += line.value
    return [
        FormRow(t, lines.get(t.pk), sums.get(t.pk, Decimal(0)) if t.pk in summed and earlier else None) for t in targets
    ]


def report_events(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("user").order_by("created_at", "id")


def report_evidence(report: Report) -> QuerySet[Evidence]:
    return report.evidence_files.all()
