"""Pure arithmetic of results: one period, year to date / full year per aggregation, and roll-ups over
the units of a subtree. Rates are always the ratio of the sums, never an average of percentages:
Q1 99/100 and Q2 1/10 make 100/110 = 90.9%, not (99% + 10%) / 2 = 54.5%."""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from objectives.models import Aggregation, Comparator, Measurement, Unit
from reports import periods

HUNDRED = Decimal(100)
SUMMABLE_UNITS = frozenset({Unit.COUNT, Unit.TIMES_PER_YEAR})


class Entry(NamedTuple):
    """What one agency reported for one target in one period."""

    period: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    done: bool | None = None


class Figure(NamedTuple):
    """A computed result: a Decimal (a percentage for rates), a bool for done / not done, or None when
    nothing can be said. Rates carry their sums so that they can be combined again."""

    result: Decimal | bool | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int = 0

    @property
    def is_empty(self) -> bool:
        return self.result is None


EMPTY = Figure(None)


def ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """numerator / denominator in percent; None without a denominator (nothing to measure)."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Decimal(numerator) * HUNDRED / Decimal(denominator)


def mean(values: Sequence[Decimal]) -> Decimal | None:
    return sum(values, Decimal(0)) / len(values) if values else None


def entry_result(measurement: str, entry: Entry) -> Decimal | bool | None:
    """The result of a single period as reported."""
    if measurement == Measurement.RATIO:
        return ratio(entry.numerator, entry.denominator)
    if measurement == Measurement.YES_NO:
        return entry.done
    return entry.value


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    entries = list(entries)
    if len(entries) > 1:
        entries.sort(key=lambda e: periods.RANK[e.period])
    return entries


def over_periods(measurement: str, aggregation: str, entries: Iterable[Entry]) -> Figure:
    """Year to date (or full year) for one agency and target from its period entries.

    - rates: ratio of the summed numerators and denominators (aggregation "last": the latest period's rate);
    - values: sum, last value or average as the target says ("ratio of sums" on a plain value, which
      has no denominator, falls back to the average);
    - done / not done: the latest answer.
    """
    entries = _ordered(entries)
    if len(entries) == 1:
        return _single(measurement, aggregation, entries[0])
    if measurement == Measurement.YES_NO:
        answered = [e for e in entries if e.done is not None]
        return Figure(answered[-1].done, count=len(answered)) if answered else EMPTY
    if measurement == Measurement.RATIO:
        usable = [e for e in entries if e.numerator is not None and e.denominator is not None]
        if aggregation == Aggregation.LAST:
            usable = [e for e in usable if e.denominator][-1:]
        if not usable:
            return EMPTY
        num = sum((e.numerator for e in usable), Decimal(0))
        den = sum((e.denominator for e in usable), Decimal(0))
        return Figure(ratio(num, den), numerator=num, denominator=den, count=len(usable))
    values = [e.value for e in entries if e.value is not None]
    if not values:
        return EMPTY
    if aggregation == Aggregation.SUM:
        return Figure(sum(values, Decimal(0)), count=len(values))
    if aggregation == Aggregation.LAST:
        return Figure(values[-1], count=len(values))
    return Figure(mean(values), count=len(values))


def _single(measurement: str, aggregation: str, e: Entry) -> Figure:
    """over_periods() of one entry (the common case, kept cheap)."""
    if measurement == Measurement.YES_NO:
        return EMPTY if e.done is None else Figure(e.done, count=1)
    if measurement == Measurement.RATIO:
        if e.numerator is None or e.denominator is None or (aggregation == Aggregation.LAST and not e.denominator):
            return EMPTY
        return Figure(ratio(e.numerator, e.denominator), numerator=e.numerator, denominator=e.denominator, count=1)
    return EMPTY if e.value is None else Figure(e.value, count=1)


def across_units(measurement: str, aggregation: str, unit: str, figures: Iterable[Figure]) -> Figure:
    """Combine the figures of several units for a parent's target.

    - rates: ratio of the sums of every unit's numerators and denominators;
    - done / not done: done only when every unit that answered is done;
    - values: summed for "sum", and for "last" of counts (e.g. staff trained); otherwise the average of
      the units (a level such as a satisfaction score).
    """
    figures = [f for f in figures if not f.is_empty]
    if not figures:
        return EMPTY
    if measurement == Measurement.YES_NO:
        return Figure(all(bool(f.result) for f in figures), count=len(figures))
    if measurement == Measurement.RATIO:
        with_sums = [f for f in figures if f.denominator is not None]
        if not with_sums:
            return EMPTY
        num = sum((f.numerator for f in with_sums), Decimal(0))
        den = sum((f.denominator for f in with_sums), Decimal(0))
        return Figure(ratio(num, den), numerator=num, denominator=den, count=len(with_sums))
    values = [f.result for f in figures if isinstance(f.result, Decimal)]
    if not values:
        return EMPTY
    if aggregation == Aggregation.SUM or (aggregation == Aggregation.LAST and unit in SUMMABLE_UNITS):
        return Figure(sum(values, Decimal(0)), count=len(values))
    return Figure(mean(values), count=len(values))


def judge(target, figure_or_result, *, period: str | None = None, previous: Decimal | None = None) -> bool | None:
    """Whether a result meets the target. For counts summed over the year ("ít nhất 07 sáng kiến"), a
    period before the last one that has not reached the target yet is "in progress" (None), not missed."""
    result = figure_or_result.result if isinstance(figure_or_result, Figure) else figure_or_result
    met = target.is_met(result, previous=previous)
    if (
        met is False
        and period is not None
        and not periods.is_final(period)
        and target.aggregation == Aggregation.SUM
        and target.measurement == Measurement.VALUE
        and target.comparator in (Comparator.GTE, Comparator.GT, Comparator.EQ, Comparator.BETWEEN)
        and isinstance(result, Decimal)
        and target.value is not None
        and result < target.value
    ):
        return None
    return met
