"""The roll-up engine behind dashboards and the year-end report: accepted report lines of a whole
subtree read in one query, and each target's figures per period, year to date and full year, combined
over the units that implement it. Pure computation apart from `_raw_rows`."""

import gc
from collections import defaultdict
from contextlib import contextmanager
from decimal import Decimal
from typing import NamedTuple

from django.db import connections

from objectives.models import Aggregation, Comparator, Measurement, Target
from objectives.targets import target_is_met
from reports import aggregation, periods
from reports.aggregation import EMPTY, Entry, Figure


class LeafTarget(NamedTuple):
    """A target as the roll-up needs it (read with values_list: a province has ten thousand of them)."""

    id: int
    agency_id: int
    parent_id: int | None
    comparator: str
    value: Decimal | None
    upper: Decimal | None
    unit: str
    unit_label: str
    scope: str
    measurement: str
    aggregation: str
    frequency: str

    def is_met(self, result, *, previous=None):
        return target_is_met(self, result, previous=previous)


LEAF_FIELDS = (
    "id",
    "objective__decision__agency_id",
    "parent_target_id",
    "comparator",
    "value",
    "upper",
    "unit",
    "unit_label",
    "scope",
    "measurement",
    "aggregation",
    "frequency",
)


def leaf_of(target: Target, agency_id: int) -> LeafTarget:
    return LeafTarget(
        target.pk,
        agency_id,
        target.parent_target_id,
        target.comparator,
        target.value,
        target.upper,
        target.unit,
        target.unit_label,
        target.scope,
        target.measurement,
        target.aggregation,
        target.frequency,
    )


class Line(NamedTuple):
    """One accepted report line; it is its own Entry for the arithmetic (same field names)."""

    period: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    done: bool | None
    agency_id: int
    previous: Decimal | None
    cause: str = ""
    action: str = ""


class LineStore:
    """Accepted lines per target as raw database rows (target, period, numerator, denominator, value,
    done, previous[, cause, action]); converted to Decimal-based Lines only where a roll-up needs them."""

    def __init__(self, rows):
        self.rows: dict[int, list[tuple]] = defaultdict(list)
        for row in rows:
            self.rows[row[0]].append(row)
        self._lines: dict[int, list[Line]] = {}

    def raw(self, leaf) -> list[tuple]:
        return self.rows.get(leaf.id, ())

    def lines(self, leaf) -> list[Line]:
        found = self._lines.get(leaf.id)
        if found is None:
            found = self._lines[leaf.id] = [
                Line(
                    row[1],
                    to_decimal(row[2]),
                    to_decimal(row[3]),
                    to_decimal(row[4]),
                    None if row[5] is None else bool(row[5]),
                    leaf.agency_id,
                    to_decimal(row[6]),
                    row[7] if len(row) > 7 else "",
                    row[8] if len(row) > 8 else "",
                )
                for row in self.rows.get(leaf.id, ())
            ]
        return found


def raw_rows(queryset):
    """The rows of a values_list query without Django's per-value converters: turning 35,000 SQLite
    numbers into quantized Decimals one by one is most of a province dashboard's time. Columns come
    back as the database gives them; `_decimal` finishes the job."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def to_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(str(value))


def ends_by(year: int, period: str, limit: str) -> bool:
    return periods.end(year, period) <= periods.end(year, limit)


def previous_figure(target, lines: list[Line]) -> Decimal | None:
    """Last year's comparable value for "reduce by" targets, aggregated like the results."""
    if target.comparator != Comparator.REDUCE_BY:
        return None
    entries = [Entry(line.period, value=line.previous) for line in lines if line.previous is not None]
    how = Aggregation.AVERAGE if target.aggregation == Aggregation.RATIO_OF_SUMS else target.aggregation
    result = aggregation.over_periods(Measurement.VALUE, how, entries).result
    return result if isinstance(result, Decimal) else None


@contextmanager
def without_gc():
    """Pause the cyclic garbage collector while tens of thousands of short-lived tuples are built: it
    would otherwise scan them over and over (a third of a province dashboard's time). Nothing built
    here has reference cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def leaves_of(target: Target, children: dict[int, list[LeafTarget]]) -> list[LeafTarget]:
    """The targets below that implement this one and are not implemented further down themselves."""
    leaves: list[LeafTarget] = []
    stack = list(children.get(target.pk, ()))
    seen: set[int] = set()
    while stack:
        leaf = stack.pop()
        if leaf.id in seen:
            continue
        seen.add(leaf.id)
        below = children.get(leaf.id)
        if below:
            stack.extend(below)
        else:
            leaves.append(leaf)
    leaves.sort(key=lambda leaf: leaf.id)
    return leaves


def is_additive(target, leaves: list[LeafTarget]) -> bool:
    """Whether the roll-up is a plain sum of every line (rates with ratio of sums, counts summed), so
    that it can be computed in one pass instead of unit by unit (a province has 35,000 lines)."""
    if target.comparator == Comparator.REDUCE_BY:
        return False
    if target.measurement == Measurement.RATIO:
        return all(leaf.aggregation != Aggregation.LAST for leaf in leaves)
    if target.measurement == Measurement.VALUE:
        summed = target.aggregation == Aggregation.SUM or (
            target.aggregation == Aggregation.LAST and target.unit in aggregation.SUMMABLE_UNITS
        )
        return summed and all(leaf.aggregation == Aggregation.SUM for leaf in leaves)
    return False


def _db_decimal(value) -> Decimal:
    """A database sum as a Decimal: SQLite gives int or float, PostgreSQL Decimal. Columns hold four
    decimals, so a float sum rounded to six is exact."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(round(value, 6)))


def _sum_figure(ratio_kind: bool, num, den, count: int) -> Figure:
    if not count:
        return EMPTY
    if ratio_kind:
        num, den = _db_decimal(num), _db_decimal(den)
        return Figure(aggregation.ratio(num, den), numerator=num, denominator=den, count=count)
    return Figure(_db_decimal(num), count=count)


def additive_rollup(target, year, leaves, store, want_units):
    """Same figures as `_general_rollup` for additive targets (tests check that both agree), in one pass
    over the raw rows with plain sums (a province has 35,000 lines)."""
    ratio_kind = target.measurement == Measurement.RATIO
    first, second = (2, 3) if ratio_kind else (4, 4)
    per_period: dict[str, list] = {}
    units: dict[int, tuple[Figure, str | None]] = {}
    rank = periods.RANK
    for leaf in leaves:
        num = den = 0
        count = 0
        latest = None
        for row in store.raw(leaf):
            a, b = row[first], row[second]
            if a is None or b is None:
                continue
            if not ratio_kind:
                b = 0
            period = row[1]
            acc = per_period.get(period)
            if acc is None:
                acc = per_period[period] = [0, 0, 0]
            acc[0] += a
            acc[1] += b
            acc[2] += 1
            num += a
            den += b
            count += 1
            if latest is None or rank[period] > rank[latest]:
                latest = period
        if want_units:
            units[leaf.id] = (_sum_figure(ratio_kind, num, den, count), latest)

    def total(selected) -> Figure:
        accs = [per_period[p] for p in selected if p in per_period]
        return _sum_figure(ratio_kind, sum(a[0] for a in accs), sum(a[1] for a in accs), sum(a[2] for a in accs))

    cells = []
    for period in periods.periods_for(target.frequency):
        cells.append((period, total([period]), None, total([p for p in per_period if ends_by(year, p, period)]), None))
    return cells, total(list(per_period)), None, units


def _prefix_figures(leaf, lines: list, ends: list, cut_ends: list) -> list[Figure]:
    """over_periods() of every prefix of `lines` (sorted by period end) that ends by each cut-off, plus the
    whole list last, in one pass: the same figures as calling over_periods() on each prefix."""
    measurement, how = leaf.measurement, leaf.aggregation
    out: list[Figure] = []
    total_a = total_b = Decimal(0)
    count = 0
    last = None
    i, n = 0, len(lines)
    for cut in [*cut_ends, None]:
        while i < n and (cut is None or ends[i] <= cut):
            e = lines[i]
            i += 1
            if measurement == Measurement.YES_NO:
                if e.done is not None:
                    last, count = e.done, count + 1
            elif measurement == Measurement.RATIO:
                if e.numerator is None or e.denominator is None:
                    continue
                if how == Aggregation.LAST:
                    if e.denominator:
                        last, count = e, 1
                else:
                    total_a += e.numerator
                    total_b += e.denominator
                    count += 1
            elif e.value is not None:
                total_a += e.value
                last, count = e.value, count + 1
        if not count:
            out.append(EMPTY)
        elif measurement == Measurement.YES_NO:
            out.append(Figure(last, count=count))
        elif measurement == Measurement.RATIO:
            if how == Aggregation.LAST:
                out.append(
                    Figure(
                        aggregation.ratio(last.numerator, last.denominator),
                        numerator=last.numerator,
                        denominator=last.denominator,
                        count=1,
                    )
                )
            else:
                out.append(
                    Figure(aggregation.ratio(total_a, total_b), numerator=total_a, denominator=total_b, count=count)
                )
        elif how == Aggregation.SUM:
            out.append(Figure(total_a, count=count))
        elif how == Aggregation.LAST:
            out.append(Figure(last, count=count))
        else:
            out.append(Figure(total_a / count, count=count))
    return out


def general_rollup(target, year, leaves, lines_by_leaf, want_units):
    """Unit by unit: each leaf over its periods, then across the leaves (any aggregation)."""
    target_periods = periods.periods_for(target.frequency)
    cut_ends = [periods.end(year, p) for p in target_periods]
    slots = range(len(target_periods))
    period_figures, period_previous = [[] for _ in slots], [[] for _ in slots]
    ytd_figures, ytd_previous = [[] for _ in slots], [[] for _ in slots]
    year_figures, year_previous = [], []
    units: dict[int, tuple[Figure, str | None]] = {}
    reduce_by = target.comparator == Comparator.REDUCE_BY
    end_of = {p: periods.end(year, p) for p in periods.RANK}

    for leaf in leaves:
        lines = sorted(lines_by_leaf.lines(leaf), key=lambda line: end_of[line.period])
        if not lines:
            units[leaf.id] = (EMPTY, None)
            continue
        ends = [end_of[line.period] for line in lines]
        prefixes = _prefix_figures(leaf, lines, ends, cut_ends)
        for i in slots:
            own = [line for line in lines if line.period == target_periods[i]]
            if own:
                period_figures[i].append(aggregation.over_periods(leaf.measurement, leaf.aggregation, own))
                if reduce_by:
                    _append_previous(period_previous[i], leaf, own)
            ytd_figures[i].append(prefixes[i])  # across_units() leaves out the empty ones
            if reduce_by:
                _append_previous(ytd_previous[i], leaf, [ln for ln, end in zip(lines, ends) if end <= cut_ends[i]])
        year_figures.append(prefixes[-1])
        if reduce_by:
            _append_previous(year_previous, leaf, lines)
        units[leaf.id] = (prefixes[-1], max((line.period for line in lines), key=periods.sort_key))

    def across(figures, previous):
        figure = aggregation.across_units(target.measurement, target.aggregation, target.unit, figures)
        prev = aggregation.across_units(Measurement.VALUE, target.aggregation, target.unit, previous).result
        return figure, prev if isinstance(prev, Decimal) else None

    cells = []
    for i in slots:
        figure, previous = across(period_figures[i], period_previous[i])
        ytd, ytd_prev = across(ytd_figures[i], ytd_previous[i])
        cells.append((target_periods[i], figure, previous, ytd, ytd_prev))
    year_figure, year_prev = across(year_figures, year_previous)
    return cells, year_figure, year_prev, units


def _append_previous(previous: list, leaf, lines) -> None:
    value = previous_figure(leaf, lines)
    if value is not None:
        previous.append(Figure(value))
