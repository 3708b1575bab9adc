"""Stored roll-ups: the results of an agency's decision for a year (what `results.compute_results` works
out from every accepted report line of the subtree) kept in the `ResultSnapshot` table, so that a
province's dashboard, year-end page and Excel exports do not add up 35,000 lines on every request.

- The stored figures are the engine's own output (same code, same ratio-of-sums rules), written as
  exact decimal strings; `tests/test_rollup_store.py` checks that a stored read equals a fresh
  computation after accept, reopen and the issue of an amendment.
- Each row carries a stamp of its inputs (the accepted reports, decisions and agencies of the subtree:
  count, sum of ids, latest change) and of this code (VERSION). A read whose stamp differs recomputes
  and stores; the report services also delete the rows of every agency above a report when it is
  accepted or reopened (`invalidate`), and `manage.py rebuild_rollups` rebuilds them all.
- The dashboard reads only the summary part: per target the cells, the year, the counts of units that
  met, missed, are pending or have no data, and the first units that missed it. The full unit lists and
  causes (year-end, Excel) are a second column, read only when a page iterates them.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from hashlib import sha256

from django.db import connection
from django.utils import timezone

from agencies.models import Agency
from objectives.models import Decision, Target
from objectives.targets import render_target
from reports import rollup
from reports.aggregation import Figure
from reports.models import ReportStatus, ResultSnapshot
from reports.results import (
    CAUSES_LIMIT,
    MISSED_LIST_LIMIT,
    Cause,
    ObjectiveResult,
    PeriodCell,
    Results,
    TargetResult,
    UnitResult,
)

VERSION = "1"  # bump when the engine or the stored layout changes: every stored row is then recomputed


# --- inputs stamp --------------------------------------------------------------------------------------------


_STAMP_SQL = """
SELECT r.n, r.ids, r.latest, d.n, d.ids, d.latest, a.n, a.ids, a.latest FROM
  (SELECT COUNT(x.id) AS n, SUM(x.id) AS ids, MAX(x.updated_at) AS latest FROM reports_report x
     JOIN agencies_agency g ON g.id = x.agency_id
    WHERE x.year = %s AND x.status = %s AND g.path LIKE %s) r,
  (SELECT COUNT(x.id) AS n, SUM(x.id) AS ids, MAX(x.updated_at) AS latest FROM objectives_decision x
     JOIN agencies_agency g ON g.id = x.agency_id
    WHERE x.year = %s AND g.path LIKE %s) d,
  (SELECT COUNT(x.id) AS n, SUM(x.id) AS ids, MAX(x.updated_at) AS latest FROM agencies_agency x
    WHERE x.path LIKE %s) a
"""


def stamp(agency: Agency, year: int) -> str:
    """What the results depend on: count, sum of ids and latest change of the subtree's accepted reports,
    decisions of the year (any status) and agencies, in one query (aggregates only, no row read)."""
    subtree = agency.path + "%"  # "/1/5/": digits and slashes only, nothing to escape in LIKE
    with connection.cursor() as cursor:
        cursor.execute(_STAMP_SQL, [year, ReportStatus.ACCEPTED.value, subtree, year, subtree, subtree])
        row = cursor.fetchone()
    parts = [VERSION, str(agency.pk), str(year), *(str(value) for value in row)]
    return sha256("|".join(parts).encode()).hexdigest()


# --- encoding ------------------------------------------------------------------------------------------------


def _num(value):
    return None if value is None else str(value)


def _dec(value):
    return None if value is None else Decimal(value)


def _fig(figure: Figure) -> list:
    result = figure.result
    return [
        result if result is None or isinstance(result, bool) else str(result),
        _num(figure.numerator),
        _num(figure.denominator),
        figure.count,
    ]


def _unfig(data: list) -> Figure:
    result, numerator, denominator, count = data
    if result is not None and not isinstance(result, bool):
        result = Decimal(result)
    return Figure(result, _dec(numerator), _dec(denominator), count)


def _leaf(leaf: rollup.LeafTarget) -> list:
    return [leaf.id, leaf.agency_id, leaf.parent_id, leaf.comparator, _num(leaf.value), _num(leaf.upper), *leaf[6:]]


def _unleaf(data: list) -> rollup.LeafTarget:
    pk, agency_id, parent_id, comparator, value, upper, *rest = data
    return rollup.LeafTarget(pk, agency_id, parent_id, comparator, _dec(value), _dec(upper), *rest)


def _unit(u: UnitResult) -> list:
    return [u.agency_id, u.name, _leaf(u.target), _fig(u.figure), u.met]


def _ununit(data: list) -> UnitResult:
    agency_id, name, leaf, figure, met = data
    return UnitResult(agency_id, name, _unleaf(leaf), _unfig(figure), met)


def _category(u: list) -> str:
    """met / missed / pending / nodata, as TargetResult sorts its units."""
    if u[3][0] is None:
        return "nodata"
    return {True: "met", False: "missed", None: "pending"}[u[4]]


def encode(results: Results) -> tuple[dict, dict]:
    """(summary, details) of computed results, JSON-ready."""
    summary, details = {"targets": []}, {"targets": []}
    for t in results.targets:
        units = [_unit(u) for u in t.units]
        counts = {"met": 0, "missed": 0, "pending": 0, "nodata": 0}
        for u in units:
            counts[_category(u)] += 1
        summary["targets"].append(
            {
                "id": t.target.pk,
                "cells": [[c.period, _fig(c.figure), _fig(c.ytd), c.met] for c in t.cells],
                "year": _fig(t.year),
                "met": t.met,
                "rolled_up": t.rolled_up,
                "not_comparable": t.not_comparable,
                "units": len(units),
                "counts": counts,
                "missed": [u for u in units if _category(u) == "missed"][:MISSED_LIST_LIMIT],
                "causes": len(t.causes),
                "causes_shown": [[c.who, c.period, c.cause, c.action] for c in t.causes[:CAUSES_LIMIT]],
            }
        )
        details["targets"].append({"units": units, "causes": [[c.who, c.period, c.cause, c.action] for c in t.causes]})
    return summary, details


# --- decoding ------------------------------------------------------------------------------------------------


class _Details:
    """The second column, read from the database the first time a full list is needed."""

    def __init__(self, snapshot_id: int | None, data: dict | None = None):
        self.snapshot_id, self._data = snapshot_id, data

    def target(self, index: int) -> dict:
        if self._data is None:
            self._data = ResultSnapshot.objects.filter(pk=self.snapshot_id).values_list("details", flat=True).get()
        return self._data["targets"][index]


class LazyUnits:
    """A list of UnitResults known by its length; built only when iterated (or sliced past its head)."""

    def __init__(self, length: int, load, head: list | None = None):
        self._length, self._load, self._head, self._items = length, load, head, None

    def _all(self) -> list[UnitResult]:
        if self._items is None:
            self._items = self._load()
        return self._items

    def __len__(self) -> int:
        return self._length

    def __bool__(self) -> bool:
        return self._length > 0

    def __iter__(self):
        return iter(self._all())

    def __getitem__(self, index):
        head = self._head
        if (
            head is not None
            and isinstance(index, slice)
            and index.start in (None, 0)
            and index.step is None
            and index.stop is not None
            and (index.stop <= len(head) or len(head) == self._length)
        ):
            return [_ununit(u) for u in head[: index.stop]]
        return self._all()[index]


@dataclass
class StoredTargetResult(TargetResult):
    """A TargetResult read from a snapshot: same attributes, unit lists and causes built on demand."""

    stored: dict | None = None
    details: _Details | None = None
    index: int = 0

    def _units(self, category: str | None) -> list[UnitResult]:
        rows = self.details.target(self.index)["units"]
        return [_ununit(u) for u in rows if category is None or _category(u) == category]

    @cached_property
    def units_met(self):
        return LazyUnits(self.stored["counts"]["met"], lambda: self._units("met"))

    @cached_property
    def units_missed(self):
        return LazyUnits(self.stored["counts"]["missed"], lambda: self._units("missed"), self.stored["missed"])

    @cached_property
    def units_pending(self):
        return LazyUnits(self.stored["counts"]["pending"], lambda: self._units("pending"))

    @cached_property
    def units_without_data(self):
        return LazyUnits(self.stored["counts"]["nodata"], lambda: self._units("nodata"))

    @property
    def causes_shown(self) -> list[Cause]:
        return [Cause(*c) for c in self.stored["causes_shown"]]

    @property
    def causes_hidden(self) -> int:
        return max(0, self.stored["causes"] - CAUSES_LIMIT)


def decode(
    agency: Agency,
    year: int,
    decision,
    own: list[Target],
    pending: int,
    with_causes: bool,
    summary: dict,
    details: _Details,
) -> Results:
    objectives: list[ObjectiveResult] = []
    by_objective: dict[int, ObjectiveResult] = {}
    stored = summary["targets"]
    for index, (target, data) in enumerate(zip(own, stored, strict=True)):
        cells = [
            PeriodCell(period, _unfig(figure), _unfig(ytd), met, target.unit)
            for period, figure, ytd, met in data["cells"]
        ]
        result = StoredTargetResult(
            target,
            render_target(target),
            cells,
            _unfig(data["year"]),
            data["met"],
            data["rolled_up"],
            not_comparable=data["not_comparable"],
            stored=data,
            details=details,
            index=index,
        )
        result.units = LazyUnits(data["units"], lambda r=result: r._units(None))
        result.causes = LazyUnits(data["causes"], lambda i=index: [Cause(*c) for c in details.target(i)["causes"]])
        if target.objective_id not in by_objective:
            by_objective[target.objective_id] = ObjectiveResult(target.objective, [])
            objectives.append(by_objective[target.objective_id])
        by_objective[target.objective_id].targets.append(result)
    return Results(agency, year, decision, objectives, pending, with_causes)


# --- reads and writes ----------------------------------------------------------------------------------------


def stored_results(
    agency: Agency, year: int, *, with_causes: bool, decision, own: list[Target], pending: int, compute
) -> Results:
    """The results from the table when its stamp is current; otherwise `compute()` and store them.
    Two queries on a hit (stamp, row), three more than the computation on a miss."""
    current = stamp(agency, year)
    row = (
        ResultSnapshot.objects.filter(agency=agency, year=year, with_causes=with_causes)
        .only("id", "stamp", "summary")
        .first()
    )
    if row is not None and row.stamp == current and [t["id"] for t in row.summary["targets"]] == [t.pk for t in own]:
        return decode(agency, year, decision, own, pending, with_causes, row.summary, _Details(row.pk))
    computed = compute()
    summary, details = encode(computed)
    fields = {"stamp": current, "summary": summary, "details": details, "computed_at": timezone.now()}
    if row is not None:
        ResultSnapshot.objects.filter(pk=row.pk).update(**fields)
    else:  # one statement; a concurrent request that stored the same computation first wins
        ResultSnapshot.objects.bulk_create(
            [ResultSnapshot(agency=agency, year=year, with_causes=with_causes, **fields)], ignore_conflicts=True
        )
    return computed


def invalidate(*, agency: Agency, year: int) -> int:
    """Forget the stored results of the agency and every agency above it for the year (called by the
    report services when a report is accepted or reopened, inside their transaction)."""
    ids = [*agency.ancestor_ids(), agency.pk]
    deleted, _by_model = ResultSnapshot.objects.filter(agency_id__in=ids, year=year).delete()
    return deleted


def rebuild(*, year: int | None = None) -> int:
    """Recompute every agency with a decision in force (for one year, or all years) from scratch."""
    from reports import results

    decisions = Decision.objects.in_force().select_related("agency").order_by("year", "agency__path")
    if year is not None:
        decisions = decisions.filter(year=year)
    ResultSnapshot.objects.filter(**({"year": year} if year is not None else {})).delete()
    count = 0
    for decision in decisions:
        for with_causes in (False, True):
            results.agency_results(decision.agency, decision.year, with_causes=with_causes)
            count += 1
    return count
