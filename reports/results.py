"""Reads for dashboards and the year-end report: each target of an agency's decision with its result per
period, year to date and full year, rolled up over the units that implement it, and how many units met
it. Only accepted reports count. A fixed number of queries whatever the size of the subtree."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from agencies.models import Agency
from objectives.models import Aggregation, Comparator, Decision, DecisionStatus, Measurement, Target, Unit
from objectives.targets import render_target
from qms_portal.text import vn_sort_key
from qms_portal.vnformat import format_decimal
from reports import aggregation, periods, rollup
from reports.aggregation import EMPTY, Figure
from reports.models import Report, ReportLine, ReportStatus

MISSED_LIST_LIMIT = 50
CAUSES_LIMIT = 10  # per target in the year-end page and PDF; the Excel workbook lists them all


def display(figure_or_result, unit: str = "", *, places: int = 1) -> str:
    """A result as people read it: "96,5%", "07", "Done"; "—" when there is none."""
    result = figure_or_result.result if isinstance(figure_or_result, Figure) else figure_or_result
    if result is None:
        return "—"
    if isinstance(result, bool):
        return _("Done") if result else _("Not done")
    if unit == Unit.PERCENT:
        return f"{format_decimal(result, places)}%"
    if result == result.to_integral_value():
        return format_decimal(result, 0)
    return format_decimal(result, places)


def met_label(met: bool | None) -> str:
    if met is None:
        return _("Not judged yet")
    return _("Met") if met else _("Not met")


def _number(result) -> float | None:
    if isinstance(result, bool):
        return 1.0 if result else 0.0
    return round(float(result), 2) if isinstance(result, Decimal) else None


@dataclass
class PeriodCell:
    period: str
    figure: Figure
    ytd: Figure
    met: bool | None
    unit: str

    @property
    def label(self) -> str:
        return periods.label(self.period)

    @property
    def text(self) -> str:
        return display(self.figure, self.unit)

    @property
    def ytd_text(self) -> str:
        return display(self.ytd, self.unit)

    @property
    def met_text(self) -> str:
        return met_label(self.met) if not self.figure.is_empty or not self.ytd.is_empty else "—"

    @property
    def sums_text(self) -> str:
        if self.figure.denominator is None:
            return ""
        return f"{format_decimal(self.figure.numerator, 0)}/{format_decimal(self.figure.denominator, 0)}"


@dataclass
class UnitResult:
    agency_id: int
    name: str
    target: rollup.LeafTarget
    figure: Figure
    met: bool | None

    @property
    def text(self) -> str:
        return display(self.figure, self.target.unit)

    @property
    def target_text(self) -> str:
        return render_target(self.target)

    @property
    def met_text(self) -> str:
        return met_label(self.met) if not self.figure.is_empty else _("No accepted report")


@dataclass
class Cause:
    who: str
    period: str
    cause: str
    action: str

    @property
    def period_label(self) -> str:
        return periods.label(self.period)


@dataclass
class TargetResult:
    target: Target
    text: str
    cells: list[PeriodCell]
    year: Figure
    met: bool | None
    rolled_up: bool
    units: list[UnitResult] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    not_comparable: int = 0

    @property
    def unit(self) -> str:
        return self.target.unit

    @property
    def name(self) -> str:
        """A short name for charts and lists: the target's label, else its objective."""
        text = self.target.label or self.target.objective.content
        return text if len(text) <= 60 else text[:57] + "…"

    @property
    def year_text(self) -> str:
        return display(self.year, self.target.unit)

    @property
    def year_sums(self) -> str:
        if self.year.denominator is None:
            return ""
        return f"{format_decimal(self.year.numerator, 0)}/{format_decimal(self.year.denominator, 0)}"

    @property
    def met_text(self) -> str:
        return met_label(self.met) if not self.year.is_empty else _("No accepted report")

    @cached_property
    def units_met(self) -> list[UnitResult]:
        return [u for u in self.units if u.met is True]

    @cached_property
    def units_missed(self) -> list[UnitResult]:
        return [u for u in self.units if u.met is False]

    @property
    def units_missed_shown(self) -> list[UnitResult]:
        return self.units_missed[:MISSED_LIST_LIMIT]

    @property
    def causes_shown(self) -> list[Cause]:
        return self.causes[:CAUSES_LIMIT]

    @property
    def causes_hidden(self) -> int:
        return max(0, len(self.causes) - CAUSES_LIMIT)

    @property
    def units_missed_hidden(self) -> int:
        return max(0, len(self.units_missed) - MISSED_LIST_LIMIT)

    @cached_property
    def units_pending(self) -> list[UnitResult]:
        return [u for u in self.units if u.met is None and not u.figure.is_empty]

    @cached_property
    def units_without_data(self) -> list[UnitResult]:
        return [u for u in self.units if u.figure.is_empty]

    @property
    def chartable(self) -> bool:
        return self.target.measurement != Measurement.YES_NO

    def chart(self) -> dict:
        t = self.target
        return {
            "id": f"chart-target-{t.pk}",
            "title": self.text,
            "labels": [c.label for c in self.cells],
            "results": [_number(c.figure.result) for c in self.cells],
            "met": [c.met for c in self.cells],
            "ytd": [_number(c.ytd.result) for c in self.cells],
            "target": _number(t.value),
            "upper": _number(t.upper),
            "percent": t.unit == Unit.PERCENT,
        }


@dataclass
class ObjectiveResult:
    objective: object
    targets: list[TargetResult]


@dataclass
class Results:
    agency: Agency
    year: int
    decision: Decision | None
    objectives: list[ObjectiveResult]
    pending: int
    with_causes: bool

    @cached_property
    def targets(self) -> list[TargetResult]:
        return [t for o in self.objectives for t in o.targets]

    @cached_property
    def linked(self) -> list[TargetResult]:
        return [t for t in self.targets if t.rolled_up]

    @cached_property
    def summary(self) -> dict[str, int]:
        targets = self.targets
        return {
            "total": len(targets),
            "met": sum(1 for t in targets if t.met is True),
            "missed": sum(1 for t in targets if t.met is False),
            "open": sum(1 for t in targets if t.met is None),
        }

    def charts(self) -> dict:
        return {
            "series": {
                "result": _("Result in the period"),
                "ytd": _("Year to date"),
                "target": _("Target"),
                "upper": _("Upper bound"),
                "met": _("Units that met it"),
                "missed": _("Units that missed it"),
                "pending": _("Not judged yet"),
                "nodata": _("No accepted report"),
            },
            "targets": [t.chart() for t in self.targets if t.chartable],
            "units": {
                "labels": [f"{i}. {t.name}" for i, t in enumerate(self.linked, start=1)],
                "met": [len(t.units_met) for t in self.linked],
                "missed": [len(t.units_missed) for t in self.linked],
                "pending": [len(t.units_pending) for t in self.linked],
                "nodata": [len(t.units_without_data) for t in self.linked],
            },
        }


def agency_results(agency: Agency, year: int, *, with_causes: bool = False) -> Results:
    """Results of an agency's decision in force for a year: from the roll-up table when it is current
    (reports/rollup_store.py), else computed and stored (a fixed number of queries either way)."""
    from reports import rollup_store

    decision, own, pending = _inputs(agency, year)
    if decision is None:
        return Results(agency, year, None, [], pending, with_causes)
    return rollup_store.stored_results(
        agency,
        year,
        with_causes=with_causes,
        decision=decision,
        own=own,
        pending=pending,
        compute=lambda: _computed(agency, year, with_causes, decision, own, pending),
    )


def compute_results(agency: Agency, year: int, *, with_causes: bool = False) -> Results:
    """The same results worked out from scratch from every accepted line (no table read or written)."""
    decision, own, pending = _inputs(agency, year)
    if decision is None:
        return Results(agency, year, None, [], pending, with_causes)
    return _computed(agency, year, with_causes, decision, own, pending)


def _inputs(agency: Agency, year: int):
    decision = Decision.objects.in_force().filter(agency=agency, year=year).select_related("agency").first()
    pending = Report.objects.filter(
        year=year, agency__path__startswith=agency.path, status=ReportStatus.SUBMITTED
    ).count()
    if decision is None:
        return None, [], pending
    own = list(
        Target.objects.filter(objective__decision=decision)
        .select_related("objective", "objective__section")
        .order_by("objective__order", "objective_id", "order", "id")
    )
    return decision, own, pending


def _computed(agency, year, with_causes, decision, own, pending) -> Results:
    with rollup.without_gc():
        return _agency_results(agency, year, with_causes, decision, own, pending)


def _agency_results(agency: Agency, year: int, with_causes: bool, decision, own, pending) -> Results:
    below = [
        rollup.LeafTarget(pk, owner, parent, comparator, rollup.to_decimal(value), rollup.to_decimal(upper), *rest)
        for pk, owner, parent, comparator, value, upper, *rest in rollup.raw_rows(
            Target.objects.filter(
                objective__decision__status=DecisionStatus.ISSUED,
                objective__decision__year=year,
                objective__decision__agency__path__startswith=agency.path,
            )
            .exclude(objective__decision=decision)
            .order_by()
            .values_list(*rollup.LEAF_FIELDS)
        )
    ]
    children: dict[int, list[rollup.LeafTarget]] = defaultdict(list)
    for leaf in below:
        if leaf.parent_id is not None:
            children[leaf.parent_id].append(leaf)

    # Numbers as floats: summing 35,000 Decimals (what PostgreSQL returns for numeric) is the slowest
    # part of a province dashboard. Counts stay exact; sums are rounded back to Decimal (rollup._db_decimal).
    number = FloatField()
    fields = [
        "target_id",
        "report__period",
        Cast("numerator", number),
        Cast("denominator", number),
        Cast("value", number),
        "done",
        Cast("previous_value", number),
    ]
    if with_causes:
        fields += ["cause", "action"]
    accepted = (
        ReportLine.objects.filter(
            report__year=year, report__status=ReportStatus.ACCEPTED, report__agency__path__startswith=agency.path
        )
        .order_by()
        .values_list(*fields)
    )
    lines_by_leaf = rollup.LineStore(rollup.raw_rows(accepted))
    names = {
        pk: short or name
        for pk, name, short in Agency.objects.subtree_of(agency).values_list("id", "name", "short_name")
    }

    objectives: list[ObjectiveResult] = []
    by_objective: dict[int, ObjectiveResult] = {}
    for target in own:
        leaves = rollup.leaves_of(target, children)
        rolled_up = bool(leaves)
        if not rolled_up:
            leaves = [rollup.leaf_of(target, agency.pk)]
        comparable = [leaf for leaf in leaves if leaf.measurement == target.measurement]
        result = _target_result(target, year, comparable, lines_by_leaf, names, rolled_up, with_causes)
        result.not_comparable = len(leaves) - len(comparable)
        if target.objective_id not in by_objective:
            by_objective[target.objective_id] = ObjectiveResult(target.objective, [])
            objectives.append(by_objective[target.objective_id])
        by_objective[target.objective_id].targets.append(result)
    return Results(agency, year, decision, objectives, pending, with_causes)


def _target_result(target, year, leaves, lines_by_leaf, names, rolled_up, with_causes) -> TargetResult:
    compute = rollup.additive_rollup if rollup.is_additive(target, leaves) else rollup.general_rollup
    raw_cells, year_figure, year_previous, unit_figures = compute(target, year, leaves, lines_by_leaf, rolled_up)
    summed = target.aggregation == Aggregation.SUM
    cells = []
    for period, figure, previous, ytd, ytd_previous in raw_cells:
        judged_on, judged_previous = (ytd, ytd_previous) if summed else (figure, previous)
        met = (
            None
            if judged_on.is_empty
            else aggregation.judge(target, judged_on, period=period, previous=judged_previous)
        )
        cells.append(PeriodCell(period, figure, ytd, met, target.unit))
    reported = [c.period for c in cells if not c.figure.is_empty]
    latest = reported[-1] if reported else None
    for cell in cells:
        # Nothing reported yet after the latest period: no "year to date" to show there.
        if latest is None or periods.sort_key(cell.period) > periods.sort_key(latest):
            cell.ytd, cell.met = EMPTY, None
    year_met = None
    if not year_figure.is_empty:
        year_met = aggregation.judge(target, year_figure, period=latest, previous=year_previous)

    units: list[UnitResult] = []
    causes: list[Cause] = []
    for leaf in leaves:
        if rolled_up:
            figure, leaf_latest = unit_figures[leaf.id]
            met = None
            if not figure.is_empty:
                previous = (
                    rollup.previous_figure(leaf, lines_by_leaf.lines(leaf))
                    if leaf.comparator == Comparator.REDUCE_BY
                    else None
                )
                met = aggregation.judge(leaf, figure, period=leaf_latest, previous=previous)
            units.append(UnitResult(leaf.agency_id, names.get(leaf.agency_id, "?"), leaf, figure, met))
        if with_causes:
            lines = lines_by_leaf.lines(leaf)
            for line in sorted(lines, key=lambda line: periods.sort_key(line.period)):
                if line.cause or line.action:
                    causes.append(Cause(names.get(line.agency_id, "?"), line.period, line.cause, line.action))
    units.sort(key=lambda u: vn_sort_key(u.name))
    return TargetResult(target, render_target(target), cells, year_figure, year_met, rolled_up, units, causes)


def dashboard_agencies(user, year: int, around: Agency):
    """For the picker: the agency, its ancestors and its children that the user may see and that have a
    decision in force for the year (a province has hundreds of units; their dashboards are reached from
    the units table)."""
    from django.db.models import Q

    from agencies.permissions import visible_agencies

    nearby = Q(pk__in=around.ancestor_ids() + [around.pk]) | Q(parent=around)
    with_decision = (
        visible_agencies(user)
        .filter(nearby)
        .filter(decisions__status=DecisionStatus.ISSUED, decisions__year=year)
        .values("pk")
    )
    # The agency shown is always among the choices, so that the picker names the same agency as the
    # heading (a viewer's province may have no decision of its own).
    return (
        Agency.objects.filter(Q(pk=around.pk) | Q(pk__in=with_decision))
        .order_by("path")
        .only("id", "name", "short_name", "depth", "path")
    )
