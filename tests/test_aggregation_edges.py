"""The arithmetic of results, case by case with hand-computed figures: one period, the year to date per
aggregation, several units combined, "in progress" versus missed, and last year's baseline of a
reduction. Catches a rate read as "last value" summed like a ratio of sums, and a reduction on an
average judged against a summed baseline."""

from datetime import date
from decimal import Decimal as D

import pytest

from objectives.models import Target
from reports.aggregation import EMPTY, Entry, Figure, across_units, entry_result, judge, mean, over_periods, ratio
from reports.results import _target_result
from reports.rollup import (
    LeafTarget,
    Line,
    LineStore,
    _prefix_figures,
    general_rollup,
    leaf_of,
    leaves_of,
    previous_figure,
)

RATIO, VALUE, YES_NO = "ratio", "value", "yes_no"
SUM, LAST, AVERAGE, RATIO_OF_SUMS = "sum", "last", "average", "ratio_of_sums"


def three_places(figure: Figure) -> D:
    return figure.result.quantize(D("0.001"))


# --- the simple pieces -----------------------------------------------------------------------------------


def test_it_computes_a_percentage_only_with_a_denominator():
    assert ratio(D(99), D(100)) == D(99)
    assert ratio(D(1), D(8)) == D("12.5")
    assert ratio(D(3), D(0)) is None
    assert ratio(None, D(10)) is None
    assert ratio(D(3), None) is None
    assert mean([D(3), D(4)]) == D("3.5")
    assert mean([]) is None


def test_it_reads_one_period_as_reported():
    assert entry_result(RATIO, Entry("Q1", numerator=D(45), denominator=D(50))) == D(90)
    assert entry_result(YES_NO, Entry("Q1", done=False)) is False
    assert entry_result(VALUE, Entry("Q1", value=D(7))) == D(7)
    assert entry_result(VALUE, Entry("Q1", numerator=D(1), denominator=D(2))) is None


# --- one unit over the year ---------------------------------------------------------------------------------


def test_it_sums_numerators_and_denominators_of_a_rate():
    # Q1 99/100 and Q2 1/10 make 100/110 = 90,909%, not the mean of 99% and 10% (54,5%).
    figure = over_periods(RATIO, RATIO_OF_SUMS, [Entry("Q2", D(1), D(10)), Entry("Q1", D(99), D(100))])
    assert (figure.numerator, figure.denominator, figure.count) == (D(100), D(110), 2)
    assert three_places(figure) == D("90.909")


def test_it_reads_a_rate_with_last_value_from_the_latest_period_only():
    # "Last value": Q2's 1/10 = 10%, never the ratio of the sums 100/110.
    figure = over_periods(RATIO, LAST, [Entry("Q1", D(99), D(100)), Entry("Q2", D(1), D(10))])
    assert figure == Figure(D(10), numerator=D(1), denominator=D(10), count=1)
    # A latest period with nothing to measure (0/0) or left blank falls back to the one before.
    assert over_periods(RATIO, LAST, [Entry("Q1", D(99), D(100)), Entry("Q2", D(0), D(0))]) == Figure(
        D(99), numerator=D(99), denominator=D(100), count=1
    )
    assert over_periods(RATIO, LAST, [Entry("Q1", D(99), D(100)), Entry("Q2", None, D(10))]) == Figure(
        D(99), numerator=D(99), denominator=D(100), count=1
    )
    assert over_periods(RATIO, LAST, [Entry("Q1", D(0), D(0)), Entry("Q2", D(0), D(0))]) == EMPTY


def test_it_skips_blank_rate_periods_and_keeps_an_empty_year_empty():
    figure = over_periods(
        RATIO, RATIO_OF_SUMS, [Entry("Q1", D(9), D(10)), Entry("Q2", None, None), Entry("Q3", D(1), None)]
    )
    assert figure == Figure(D(90), numerator=D(9), denominator=D(10), count=1)
    assert over_periods(RATIO, RATIO_OF_SUMS, [Entry("Q1"), Entry("Q2")]) == EMPTY


@pytest.mark.parametrize(
    "aggregation, result",
    [(SUM, D(7)), (LAST, D(4)), (AVERAGE, D("3.5")), (RATIO_OF_SUMS, D("3.5"))],
)
def test_it_aggregates_values_as_the_target_says(aggregation, result):
    # Entries out of order: the latest period is Q2 whatever the order given.
    entries = [Entry("Q2", value=D(4)), Entry("Q1", value=D(3)), Entry("Q3")]
    assert over_periods(VALUE, aggregation, entries) == Figure(result, count=2)


def test_it_orders_periods_by_the_calendar_not_by_name():
    # A target made half-yearly by an amendment: H2 (to 31/12) comes after Q3 (to 30/9), though "H" < "Q".
    assert over_periods(VALUE, LAST, [Entry("H2", value=D(9)), Entry("Q3", value=D(4))]) == Figure(D(9), count=2)
    assert over_periods(VALUE, LAST, [Entry("Q3", value=D(4)), Entry("H2", value=D(9))]) == Figure(D(9), count=2)


def test_it_reads_the_last_of_three_values():
    entries = [Entry("Q1", value=D(3)), Entry("Q2", value=D(4)), Entry("Q3", value=D(5))]
    assert over_periods(VALUE, LAST, entries) == Figure(D(5), count=3)
    assert over_periods(VALUE, SUM, entries) == Figure(D(12), count=3)


def test_it_keeps_the_latest_yes_no_answer():
    entries = [Entry("Q3", done=False), Entry("Q1", done=True), Entry("Q2")]
    assert over_periods(YES_NO, LAST, entries) == Figure(False, count=2)
    entries = [Entry("Q1", done=True), Entry("Q2", done=False), Entry("Q3", done=True)]
    assert over_periods(YES_NO, LAST, entries) == Figure(True, count=3)
    assert over_periods(YES_NO, LAST, [Entry("Q1", done=False), Entry("Q2", done=True)]) == Figure(True, count=2)
    assert over_periods(YES_NO, LAST, [Entry("Q1"), Entry("Q2")]) == EMPTY
    assert over_periods(VALUE, SUM, [Entry("Q1"), Entry("Q2")]) == EMPTY


@pytest.mark.parametrize(
    "measurement, aggregation, entry, figure",
    [
        (YES_NO, LAST, Entry("Q1"), EMPTY),
        (YES_NO, LAST, Entry("Q1", done=True), Figure(True, count=1)),
        (YES_NO, LAST, Entry("Q1", done=False), Figure(False, count=1)),
        (RATIO, RATIO_OF_SUMS, Entry("Q1", D(45), D(50)), Figure(D(90), numerator=D(45), denominator=D(50), count=1)),
        (RATIO, RATIO_OF_SUMS, Entry("Q1", None, D(50)), EMPTY),
        (RATIO, RATIO_OF_SUMS, Entry("Q1", D(45), None), EMPTY),
        (RATIO, LAST, Entry("Q1", D(0), D(0)), EMPTY),
        (RATIO, LAST, Entry("Q1", D(3), D(4)), Figure(D(75), numerator=D(3), denominator=D(4), count=1)),
        (RATIO, RATIO_OF_SUMS, Entry("Q1", D(0), D(0)), Figure(None, numerator=D(0), denominator=D(0), count=1)),
        (VALUE, SUM, Entry("Q1"), EMPTY),
        (VALUE, SUM, Entry("Q1", value=D(5)), Figure(D(5), count=1)),
    ],
)
def test_it_reads_a_single_period(measurement, aggregation, entry, figure):
    assert over_periods(measurement, aggregation, [entry]) == figure


# --- several units -----------------------------------------------------------------------------------------------


def test_it_combines_the_rates_of_units_as_a_ratio_of_sums():
    figures = [Figure(D(99), D(99), D(100), 1), Figure(D(10), D(1), D(10), 1), EMPTY, Figure(D(50))]
    combined = across_units(RATIO, RATIO_OF_SUMS, "percent", figures)
    assert (combined.numerator, combined.denominator, combined.count) == (D(100), D(110), 2)
    assert three_places(combined) == D("90.909")
    assert across_units(RATIO, RATIO_OF_SUMS, "percent", [Figure(D(50)), EMPTY]) == EMPTY
    assert across_units(RATIO, RATIO_OF_SUMS, "percent", []) == EMPTY


def test_it_calls_a_yes_no_target_done_only_when_every_answering_unit_is():
    assert across_units(YES_NO, LAST, "text", [Figure(True, count=1), Figure(True, count=1), EMPTY]) == Figure(
        True, count=2
    )
    assert across_units(YES_NO, LAST, "text", [Figure(True, count=1), Figure(False, count=1)]) == Figure(False, count=2)


@pytest.mark.parametrize(
    "aggregation, unit, result",
    [
        (SUM, "count", D(10)),
        (SUM, "percent", D(10)),
        (LAST, "count", D(10)),  # e.g. staff trained: the units' latest figures add up
        (LAST, "times_per_year", D(10)),
        (LAST, "percent", D("2.5")),  # a level: the units' average
        (LAST, "points", D("2.5")),
        (AVERAGE, "count", D("2.5")),
        (RATIO_OF_SUMS, "count", D("2.5")),
    ],
)
def test_it_combines_unit_values_by_aggregation_and_unit(aggregation, unit, result):
    figures = [Figure(D(1)), Figure(D(2)), Figure(D(3)), Figure(D(4)), EMPTY, Figure(True)]
    assert across_units(VALUE, aggregation, unit, figures) == Figure(result, count=4)


def test_it_has_nothing_to_combine_without_numbers():
    assert across_units(VALUE, SUM, "count", [Figure(True), EMPTY]) == EMPTY


# --- met, missed or in progress -------------------------------------------------------------------------------


def count_target(comparator=">=", value="7", upper=None, aggregation=SUM, measurement=VALUE) -> Target:
    return Target(
        comparator=comparator,
        value=D(value),
        upper=D(upper) if upper else None,
        unit="count",
        measurement=measurement,
        aggregation=aggregation,
    )


@pytest.mark.parametrize(
    "target, result, period, met",
    [
        # At least 7 initiatives in the year: 3 by Q2 is still in progress, 3 at the year's end is missed.
        (count_target(), D(3), "Q1", None),
        (count_target(), D(3), "Q2", None),
        (count_target(), D(3), "Q3", None),
        (count_target(), D(3), "H1", None),
        (count_target(), D(3), "Q4", False),
        (count_target(), D(3), "H2", False),
        (count_target(), D(3), "Y", False),
        (count_target(), D(3), None, False),
        (count_target(), D(7), "Q2", True),
        (count_target(), Figure(D(3), count=1), "Q2", None),
        (count_target(), Figure(D(8), count=1), "Q4", True),
        (count_target(">", "7"), D(3), "Q2", None),
        (count_target(">", "7"), D(7), "Q2", False),  # reached but not exceeded: not "in progress"
        (count_target("=", "7"), D(3), "Q2", None),
        (count_target("=", "7"), D(8), "Q2", False),
        (count_target("between", "5", "7"), D(3), "Q2", None),
        (count_target("between", "5", "7"), D(8), "Q2", False),
        (count_target("<=", "7"), D(8), "Q2", False),
        (count_target("<", "7"), D(3), "Q2", True),
        # Only counts summed over the year can still grow.
        (count_target(aggregation=LAST), D(3), "Q2", False),
        (count_target(aggregation=AVERAGE), D(3), "Q2", False),
        (count_target(measurement=RATIO), D(3), "Q2", False),
        (count_target(), None, "Q2", None),
    ],
)
def test_it_tells_in_progress_from_missed(target, result, period, met):
    assert judge(target, result, period=period) is met


def test_it_judges_a_reduction_with_last_years_figure():
    target = Target(comparator="reduce_by", value=D(2), unit="count", measurement=VALUE, aggregation=SUM)
    assert judge(target, D(8), previous=D(10)) is True
    assert judge(target, D(9), previous=D(10)) is False
    assert judge(target, Figure(D(9)), period="Q2", previous=D(10)) is False
    assert judge(target, D(9)) is None


# --- last year's baseline of a reduction -------------------------------------------------------------------------


def line(period: str, previous) -> Line:
    return Line(period, None, None, D(1), None, 1, None if previous is None else D(previous))


@pytest.mark.parametrize(
    "aggregation, baseline",
    [
        (AVERAGE, D(15)),  # a level: the average of last year's 10 and 20, never their sum (30)
        (RATIO_OF_SUMS, D(15)),
        (SUM, D(30)),
        (LAST, D(20)),
    ],
)
def test_it_aggregates_last_years_baseline_like_the_results(aggregation, baseline):
    target = Target(comparator="reduce_by", value=D(10), unit="percent", measurement=VALUE, aggregation=aggregation)
    assert previous_figure(target, [line("Q2", 20), line("Q1", 10), line("Q3", None)]) == baseline


def test_it_has_no_baseline_without_a_reduction_or_last_years_figures():
    reduce = Target(comparator="reduce_by", value=D(10), unit="percent", measurement=VALUE, aggregation=AVERAGE)
    assert previous_figure(reduce, [line("Q1", None)]) is None
    assert previous_figure(reduce, []) is None
    at_least = Target(comparator=">=", value=D(10), unit="percent", measurement=VALUE, aggregation=AVERAGE)
    assert previous_figure(at_least, [line("Q1", 10)]) is None


# --- the roll-up engine: year to date in one pass, reductions over units, calendar order ------------------------

END = {
    "Q1": date(2026, 3, 31),
    "Q2": date(2026, 6, 30),
    "Q3": date(2026, 9, 30),
    "Q4": date(2026, 12, 31),
    "H1": date(2026, 6, 30),
    "H2": date(2026, 12, 31),
}
HALF_YEARS = [END["H1"], END["H2"]]


def leaf(measurement, aggregation, *, pk=1, agency_id=1, comparator=">=", value="90", unit="count") -> LeafTarget:
    return LeafTarget(
        pk, agency_id, None, comparator, D(value), None, unit, "", "", measurement, aggregation, "quarterly"
    )


def entry(period, numerator=None, denominator=None, value=None, done=None) -> Line:
    return Line(period, numerator, denominator, value, done, 1, None)


@pytest.mark.parametrize(
    "measurement, aggregation, lines, figures",
    [
        # Q1's numerator left blank: skipped, and Q2 in the same half-year still counts. Q4 0/0 counts as a
        # period reported (count 3) but adds nothing: H2 is (9 + 1 + 0) / (10 + 10 + 0) = 50%.
        (
            RATIO,
            RATIO_OF_SUMS,
            [entry("Q1", None, D(10)), entry("Q2", D(9), D(10)), entry("Q3", D(1), D(10)), entry("Q4", D(0), D(0))],
            [Figure(D(90), D(9), D(10), 1), Figure(D(50), D(10), D(20), 3), Figure(D(50), D(10), D(20), 3)],
        ),
        # "Last value": 3/4 by H1 (Q2's 0/0 measures nothing); 1/2 by H2 (Q3 blank); one period each time.
        (
            RATIO,
            LAST,
            [entry("Q1", D(3), D(4)), entry("Q2", D(0), D(0)), entry("Q3"), entry("Q4", D(1), D(2))],
            [Figure(D(75), D(3), D(4), 1), Figure(D(50), D(1), D(2), 1), Figure(D(50), D(1), D(2), 1)],
        ),
        (
            VALUE,
            SUM,
            [entry("Q1", value=D(2)), entry("Q2"), entry("Q3", value=D(3))],
            [Figure(D(2), count=1), Figure(D(5), count=2), Figure(D(5), count=2)],
        ),
        (
            VALUE,
            LAST,
            [entry("Q1", value=D(2)), entry("Q2", value=D(4)), entry("Q3", value=D(3))],
            [Figure(D(4), count=2), Figure(D(3), count=3), Figure(D(3), count=3)],
        ),
        (
            VALUE,
            AVERAGE,
            [entry("Q1", value=D(2)), entry("Q2", value=D(3)), entry("Q3")],
            [Figure(D("2.5"), count=2), Figure(D("2.5"), count=2), Figure(D("2.5"), count=2)],
        ),
        (
            YES_NO,
            LAST,
            [entry("Q1", done=False), entry("Q2"), entry("Q3", done=True)],
            [Figure(False, count=1), Figure(True, count=2), Figure(True, count=2)],
        ),
        (VALUE, SUM, [entry("Q3", value=D(4))], [EMPTY, Figure(D(4), count=1), Figure(D(4), count=1)]),
    ],
)
def test_it_computes_each_year_to_date_with_its_sums_and_count(measurement, aggregation, lines, figures):
    # A half-yearly target over quarterly lines: H1 takes Q1 and Q2, H2 all four, then the whole year.
    ends = [END[line.period] for line in lines]
    assert _prefix_figures(leaf(measurement, aggregation), lines, ends, HALF_YEARS) == figures


def test_it_reads_an_agencys_own_target_as_a_leaf_with_every_field():
    target = Target(
        id=41,
        parent_target_id=17,
        comparator="between",
        value=D(95),
        upper=D(99),
        unit="percent",
        unit_label="hồ sơ",
        scope="cấp xã",
        measurement=RATIO,
        aggregation=RATIO_OF_SUMS,
        frequency="half_yearly",
    )
    assert leaf_of(target, 7) == LeafTarget(
        41, 7, 17, "between", D(95), D(99), "percent", "hồ sơ", "cấp xã", RATIO, RATIO_OF_SUMS, "half_yearly"
    )


def test_it_lists_a_leaf_reached_twice_once_and_walks_on():
    # Built from parent ids, a leaf is listed under one parent only; the walk still guards against a repeat.
    a, b, c = leaf(VALUE, SUM, pk=2), leaf(VALUE, SUM, pk=3), leaf(VALUE, SUM, pk=4)
    assert leaves_of(Target(id=1), {1: [b, a, c, a]}) == [a, b, c]


def reduction(**fields) -> Target:
    return Target(
        **{"comparator": "reduce_by", "value": D(2), "unit": "count", "measurement": VALUE, "aggregation": SUM}
        | {"frequency": "quarterly"}
        | fields
    )


# Two units reduce a count (e.g. complaints) on last year's: (target, period, numerator, denominator, value, done,
# last year's value). Unit 11: Q1 8 (10 last year), Q2 11 (10). Unit 12: Q1 5 (5).
REDUCTION_ROWS = [
    (11, "Q1", None, None, 8, None, 10),
    (11, "Q2", None, None, 11, None, 10),
    (12, "Q1", None, None, 5, None, 5),
]


def reduction_leaves():
    return [
        leaf(VALUE, SUM, pk=11, agency_id=101, comparator="reduce_by", value="1"),
        leaf(VALUE, SUM, pk=12, agency_id=102, comparator="reduce_by", value="2"),
    ]


def test_it_rolls_up_last_years_baseline_per_period_year_to_date_and_year():
    cells, year, year_previous, units = general_rollup(
        reduction(), 2026, reduction_leaves(), LineStore(REDUCTION_ROWS), True
    )
    # (period, result, last year's, year to date, last year's to date): Q1 8 + 5 = 13 against 10 + 5 = 15;
    # Q2 11 against 10; to date by Q2 8 + 11 + 5 = 24 against 10 + 10 + 5 = 25.
    assert cells == [
        ("Q1", Figure(D(13), count=2), D(15), Figure(D(13), count=2), D(15)),
        ("Q2", Figure(D(11), count=1), D(10), Figure(D(24), count=2), D(25)),
        ("Q3", EMPTY, None, Figure(D(24), count=2), D(25)),
        ("Q4", EMPTY, None, Figure(D(24), count=2), D(25)),
    ]
    assert (year, year_previous) == (Figure(D(24), count=2), D(25))
    assert units == {11: (Figure(D(19), count=2), "Q2"), 12: (Figure(D(5), count=1), "Q1")}


def test_it_orders_a_units_lines_by_the_calendar_before_taking_the_last():
    # Made half-yearly by an amendment after Q3 was reported: Q3 (to 30/9) comes before H2 (to 31/12).
    target = reduction(comparator=">=", unit="points", aggregation=LAST, frequency="half_yearly")
    rows = [(5, "H2", None, None, 9, None, None), (5, "Q3", None, None, 4, None, None)]
    cells, year, _previous, units = general_rollup(
        target, 2026, [leaf(VALUE, LAST, pk=5, agency_id=7, unit="points")], LineStore(rows), True
    )
    # Across units the count is of units (one here); the unit's own figure counts its two periods.
    assert cells == [
        ("H1", EMPTY, None, EMPTY, None),
        ("H2", Figure(D(9), count=1), None, Figure(D(9), count=1), None),
    ]
    assert year == Figure(D(9), count=1) and units == {5: (Figure(D(9), count=2), "H2")}


def test_it_judges_a_reduction_to_date_and_each_unit_against_its_own_baseline():
    names = {101: "Phòng Tư pháp", 102: "Phòng Kinh tế"}
    result = _target_result(reduction(), 2026, reduction_leaves(), LineStore(REDUCTION_ROWS), names, True, False)
    # Summed over the year, so each quarter is judged to date: 15 - 13 = 2 fewer by Q1 (met, at least 2),
    # 25 - 24 = 1 by Q2 (missed); nothing reported after Q2, so no year to date there.
    assert [(c.period, c.figure.result, c.ytd.result, c.met) for c in result.cells] == [
        ("Q1", D(13), D(13), True),
        ("Q2", D(11), D(24), False),
        ("Q3", None, None, None),
        ("Q4", None, None, None),
    ]
    assert (result.year.result, result.met) == (D(24), False)
    # Each unit against its own target and its own last year: 20 - 19 = 1 (at least 1: met), 5 - 5 = 0 (missed).
    assert [(u.name, u.figure.result, u.met) for u in result.units] == [
        ("Phòng Kinh tế", D(5), False),
        ("Phòng Tư pháp", D(19), True),
    ]


def test_it_lists_the_causes_of_missed_periods_in_calendar_order():
    target = reduction(id=5, comparator=">=", value=D(8), unit="points", aggregation=LAST, frequency="half_yearly")
    rows = [
        (5, "H2", None, None, 9, None, None, "Thiếu kinh phí", "Xin bổ sung kinh phí"),
        (5, "Q3", None, None, 4, None, None, "Chậm giải ngân", "Đôn đốc giải ngân"),
    ]
    result = _target_result(target, 2026, [leaf_of(target, 7)], LineStore(rows), {7: "UBND xã Phước An"}, False, True)
    assert [(c.who, c.period, c.cause, c.action) for c in result.causes] == [
        ("UBND xã Phước An", "Q3", "Chậm giải ngân", "Đôn đốc giải ngân"),
        ("UBND xã Phước An", "H2", "Thiếu kinh phí", "Xin bổ sung kinh phí"),
    ]
    assert (result.year.result, result.met, result.units) == (D(9), True, [])


def test_the_one_pass_sum_skips_a_blank_line_keeps_the_later_ones_and_the_decimals():
    from types import SimpleNamespace

    from reports.rollup import additive_rollup

    rate = SimpleNamespace(
        comparator=">=", measurement=RATIO, aggregation=RATIO_OF_SUMS, unit="percent", frequency="quarterly"
    )
    # Q1's line has no numerator (the row as the database gives it, floats): skipped, Q2 still counts.
    rows = [(1, "Q1", None, 10.0, None, None, None), (1, "Q2", 9.0, 10.0, None, None, None)]
    cells, year, _previous, units = additive_rollup(rate, 2026, [leaf(RATIO, RATIO_OF_SUMS)], LineStore(rows), True)
    assert [(period, figure) for period, figure, *_rest in cells[:2]] == [
        ("Q1", EMPTY),
        ("Q2", Figure(D(90), D(9), D(10), 1)),
    ]
    assert (year, units) == (Figure(D(90), D(9), D(10), 1), {1: (Figure(D(90), D(9), D(10), 1), "Q2")})
    count = SimpleNamespace(comparator=">=", measurement=VALUE, aggregation=SUM, unit="count", frequency="quarterly")
    rows = [(1, "Q1", None, None, 1.25, None, None), (1, "Q2", None, None, 2.5, None, None)]
    cells, year, _previous, units = additive_rollup(count, 2026, [leaf(VALUE, SUM)], LineStore(rows), True)
    assert [figure for _period, figure, *_rest in cells] == [
        Figure(D("1.25"), count=1),
        Figure(D("2.5"), count=1),
        EMPTY,
        EMPTY,
    ]
    assert year == Figure(D("3.75"), count=2)


def test_leaves_of_descends_to_the_targets_implemented_nowhere_further_down():
    from reports.rollup import LeafTarget, leaves_of

    def leaf(pk, parent):
        return LeafTarget(pk, 1, parent, ">=", D(1), None, "count", "", "", "value", "sum", "quarterly")

    middle, direct, deep_a, deep_b = leaf(2, 1), leaf(3, 1), leaf(5, 2), leaf(4, 2)
    children = {1: [middle, direct], 2: [deep_a, deep_b]}
    # 2 is implemented further down (by 4 and 5), so only 3, 4 and 5 are leaves, sorted by id.
    assert [x.id for x in leaves_of(Target(pk=1), children)] == [3, 4, 5]
