"""Results over periods and over units, on hand-computed examples: rates are the ratio of the sums,
never the average of percentages."""

import random
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from reports_factories import RATE, commune_and_unit, issue_decision, targets_of

from agencies.permissions import SYSTEM
from objectives.models import Aggregation, Measurement
from objectives.targets import target_is_met
from reports import aggregation, periods, results, rollup, services
from reports.aggregation import EMPTY, Entry, Figure
from reports.models import Period

D = Decimal


def close(value, expected: str) -> bool:
    return abs(value - D(expected)) < D("0.0001")


def test_it_uses_the_ratio_of_sums_over_quarters_not_the_average_of_rates():
    entries = [Entry("Q1", numerator=D(99), denominator=D(100)), Entry("Q2", numerator=D(1), denominator=D(10))]
    figure = aggregation.over_periods(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, entries)
    # 100 / 110 = 90.909...%, whereas the average of 99% and 10% would be 54.5%.
    assert close(figure.result, "90.9091")
    assert (figure.numerator, figure.denominator) == (D(100), D(110))


def test_it_uses_the_ratio_of_sums_across_units():
    a = aggregation.over_periods(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, [Entry("Q1", D(99), D(100))])
    b = aggregation.over_periods(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, [Entry("Q1", D(1), D(10))])
    figure = aggregation.across_units(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, "percent", [a, b])
    assert close(figure.result, "90.9091")


def test_it_sums_counts_takes_the_last_level_and_averages_scores():
    entries = [Entry("Q2", value=D(2)), Entry("Q1", value=D(1)), Entry("Q3", value=D(4))]
    assert aggregation.over_periods(Measurement.VALUE, Aggregation.SUM, entries).result == D(7)
    # "last" is the latest period, whatever order the entries come in.
    assert aggregation.over_periods(Measurement.VALUE, Aggregation.LAST, entries).result == D(4)
    assert close(aggregation.over_periods(Measurement.VALUE, Aggregation.AVERAGE, entries).result, "2.3333")


def test_it_takes_the_latest_rate_for_levels_read_at_the_end_of_a_period():
    entries = [Entry("Q1", D(50), D(100)), Entry("Q2", D(70), D(100)), Entry("Q3", D(0), D(0))]
    figure = aggregation.over_periods(Measurement.RATIO, Aggregation.LAST, entries)
    assert figure.result == D(70)  # Q3 had nothing to measure (0/0) and does not count as 0%


def test_it_reads_done_not_done_as_the_latest_answer_and_all_units_done():
    assert (
        aggregation.over_periods(
            Measurement.YES_NO, Aggregation.LAST, [Entry("H1", done=False), Entry("H2", done=True)]
        ).result
        is True
    )
    units = [Figure(True, count=1), Figure(False, count=1)]
    assert aggregation.across_units(Measurement.YES_NO, Aggregation.LAST, "text", units).result is False


def test_it_sums_counts_across_units_and_averages_levels():
    figures = [Figure(D(2)), Figure(D(3))]
    assert aggregation.across_units(Measurement.VALUE, Aggregation.SUM, "count", figures).result == D(5)
    assert aggregation.across_units(Measurement.VALUE, Aggregation.LAST, "count", figures).result == D(5)
    assert aggregation.across_units(Measurement.VALUE, Aggregation.AVERAGE, "points", figures).result == D("2.5")


def test_it_has_no_result_without_a_denominator():
    assert (
        aggregation.over_periods(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, [Entry("Q1", D(0), D(0))]).result is None
    )
    assert aggregation.over_periods(Measurement.RATIO, Aggregation.RATIO_OF_SUMS, []).is_empty


def target(**fields):
    base = {
        "comparator": ">=",
        "value": D(3),
        "upper": None,
        "unit": "count",
        "measurement": "value",
        "aggregation": "sum",
        "scope": "",
        "unit_label": "",
    }
    t = SimpleNamespace(**(base | fields))
    t.is_met = lambda result, previous=None: target_is_met(t, result, previous=previous)
    return t


def test_it_calls_a_count_below_target_in_progress_until_the_last_period():
    initiatives = target()
    assert aggregation.judge(initiatives, D(2), period="Q2") is None
    assert aggregation.judge(initiatives, D(2), period="Q4") is False
    assert aggregation.judge(initiatives, D(3), period="Q2") is True
    limit = target(comparator="<=", value=D(10))
    assert aggregation.judge(limit, D(12), period="Q1") is False  # already over the limit


def test_it_dates_periods_and_their_default_due_dates():
    assert periods.default_due(2026, Period.Q3) == date(2026, 10, 10)
    assert periods.default_due(2026, Period.Q4) == date(2027, 1, 10)
    assert periods.default_due(2026, Period.H1) == date(2026, 7, 10)
    assert periods.default_due(2024, Period.Q1) == date(2024, 4, 10)
    assert periods.periods_for("half_yearly") == (Period.H1, Period.H2)
    assert periods.up_to(Period.Q3) == (Period.Q1, Period.Q2, Period.Q3)


def _accept(agency, period, lines, user=SYSTEM):
    report = services.report_save(
        agency=agency, year=2026, period=period, user=user, lines=lines, submit=True, today=date(2026, 12, 31)
    )
    return services.report_accept(report=report, user=SYSTEM)


def test_it_rolls_up_linked_targets_to_the_parent_as_a_ratio_of_sums(tree):
    from agencies import services as agency_services

    targets = commune_and_unit(tree["commune"], tree["unit"])
    other = agency_services.agency_create(
        code="PA-VHXH", name="Phòng Văn hóa - Xã hội", kind="unit", parent=tree["commune"]
    )
    other_targets = targets_of(
        issue_decision(
            other,
            2026,
            [
                RATE
                | {"label": "Đúng hạn VHXH", "comparator": ">=", "value": D(98), "parent_target": targets["Đúng hạn"]},
            ],
            number=30,
        )
    )
    li = services.LineInput
    _accept(
        tree["unit"],
        "Q1",
        {
            targets["Đúng hạn PKT"].pk: li(numerator=D(99), denominator=D(100)),
            targets["Sáng kiến PKT"].pk: li(value=D(1)),
            targets["Văn bản điện tử"].pk: li(numerator=D(5), denominator=D(5)),
        },
    )
    _accept(
        other,
        "Q1",
        {
            other_targets["Đúng hạn VHXH"].pk: li(
                numerator=D(1), denominator=D(10), cause="Thiếu người", action="Bổ sung người"
            )
        },
    )
    data = results.agency_results(tree["commune"], 2026)
    on_time = next(t for t in data.targets if t.target.label == "Đúng hạn")
    q1 = on_time.cells[0]
    assert close(q1.figure.result, "90.9091") and q1.text == "90,9%"
    assert q1.met is False
    assert [(u.name, u.met) for u in on_time.units] == [
        ("Phòng Kinh tế xã Phước An", True),
        ("Phòng Văn hóa - Xã hội", False),
    ]
    initiatives = next(t for t in data.targets if t.target.label == "Sáng kiến")
    assert initiatives.year.result == D(1) and initiatives.met is None  # 1 of 3 so far: not judged before Q4


def _leaf(pk, agency_id, measurement="ratio", aggregation_="ratio_of_sums"):
    return rollup.LeafTarget(
        pk,
        agency_id,
        None,
        ">=",
        D(90),
        None,
        "percent" if measurement == "ratio" else "count",
        "",
        "",
        measurement,
        aggregation_,
        "quarterly",
    )


@pytest.mark.parametrize("measurement,how", [("ratio", "ratio_of_sums"), ("value", "sum")])
def test_it_computes_the_same_figures_in_one_pass_as_unit_by_unit(measurement, how):
    rng = random.Random(5)
    leaves = [_leaf(i, 100 + i, measurement, how) for i in range(1, 40)]
    rows = []
    for leaf in leaves:
        for period in rng.sample(["Q1", "Q2", "Q3", "Q4"], rng.randint(0, 4)):
            den = rng.randint(0, 50)
            rows.append((leaf.id, period, rng.randint(0, den), den, rng.randint(0, 5), None, None))
    parent = SimpleNamespace(
        comparator=">=", measurement=measurement, aggregation=how, unit=leaves[0].unit, frequency="quarterly"
    )
    store = rollup.LineStore(rows)
    fast = rollup.additive_rollup(parent, 2026, leaves, store, True)
    slow = rollup.general_rollup(parent, 2026, leaves, store, True)
    assert [(c[0], c[1].result, c[3].result) for c in fast[0]] == [(c[0], c[1].result, c[3].result) for c in slow[0]]
    assert fast[1].result == slow[1].result
    assert {k: v[0].result for k, v in fast[3].items()} == {k: v[0].result for k, v in slow[3].items()}


@pytest.mark.parametrize(
    "measurement,how",
    [
        ("ratio", "ratio_of_sums"),
        ("ratio", "last"),
        ("value", "sum"),
        ("value", "last"),
        ("value", "average"),
        ("yes_no", "last"),
    ],
)
def test_it_computes_year_to_date_in_one_pass_as_period_by_period(measurement, how):
    rng = random.Random(7)
    leaf = _leaf(1, 1, measurement, how)
    for _ in range(50):
        lines = []
        for period in sorted(rng.sample(["Q1", "Q2", "Q3", "Q4"], rng.randint(0, 4)), key=periods.sort_key):
            den = rng.choice([None, 0, rng.randint(1, 50)])
            lines.append(
                rollup.Line(
                    period,
                    None if den is None else D(rng.randint(0, den)),
                    None if den is None else D(den),
                    rng.choice([None, D(rng.randint(0, 9))]),
                    rng.choice([None, True, False]),
                    1,
                    None,
                )
            )
        ends = [periods.end(2026, line.period) for line in lines]
        cuts = [periods.end(2026, p) for p in ("Q1", "Q2", "Q3", "Q4")]
        fast = rollup._prefix_figures(leaf, lines, ends, cuts)
        slow = [
            aggregation.over_periods(measurement, how, [ln for ln, end in zip(lines, ends) if end <= cut])
            for cut in cuts
        ]
        slow.append(aggregation.over_periods(measurement, how, lines))
        assert fast == slow  # the whole figures: result, sums and count


def test_it_says_done_and_each_judgement_in_vietnamese():
    assert results.display(True) == "Hoàn thành"
    assert results.display(Figure(False, count=1)) == "Không hoàn thành"
    assert [results.met_label(met) for met in (True, False, None)] == ["Đạt", "Không đạt", "Chưa đánh giá"]


def test_it_charts_numbers_rounded_to_two_places_and_done_as_one():
    assert [results._number(x) for x in (D("90.9091"), D(98), None, True, False)] == [90.91, 98.0, None, 1.0, 0.0]


def _unit(agency_id, name, figure, met):
    return results.UnitResult(agency_id, name, _leaf(agency_id, agency_id), figure, met)


def test_it_charts_the_targets_and_how_many_units_met_each_linked_one():
    from objectives.models import Target

    on_time = Target(id=31, label="Đúng hạn", comparator=">=", value=D(98), unit="percent", measurement="ratio")
    audit = Target(id=32, label="Đánh giá nội bộ", comparator="done", unit="text", measurement="yes_no")
    ideas = Target(id=33, label="Sáng kiến", comparator="between", value=D(3), upper=D(5), unit="count")
    q1 = Figure(D("90.9091"), numerator=D(100), denominator=D(110), count=2)
    data = results.Results(
        agency=None,
        year=2026,
        decision=None,
        objectives=[
            results.ObjectiveResult(
                None,
                [
                    results.TargetResult(
                        on_time,
                        "Tối thiểu 98%",
                        [
                            results.PeriodCell("Q1", q1, q1, False, "percent"),
                            results.PeriodCell("Q2", EMPTY, EMPTY, None, "percent"),
                        ],
                        q1,
                        False,
                        True,
                        [
                            _unit(101, "Phòng Kinh tế", Figure(D(99), D(99), D(100), 1), True),
                            _unit(102, "Phòng Nội vụ", Figure(D(10), D(1), D(10), 1), False),
                            _unit(103, "Phòng Tư pháp", EMPTY, None),
                        ],
                    ),
                    results.TargetResult(audit, "Hoàn thành", [], Figure(True, count=1), True, False),
                ],
            ),
            results.ObjectiveResult(
                None,
                [
                    results.TargetResult(
                        ideas,
                        "Từ 03 đến 05 sáng kiến",
                        [
                            results.PeriodCell("Q1", Figure(D(2), count=1), Figure(D(2), count=1), None, "count"),
                            results.PeriodCell("Q2", Figure(D(1), count=1), Figure(D(3), count=1), True, "count"),
                        ],
                        Figure(D(3), count=1),
                        True,
                        True,
                        [_unit(104, "Văn phòng", Figure(D(3), count=2), None)],
                    )
                ],
            ),
        ],
        pending=0,
        with_causes=False,
    )
    assert data.charts() == {
        "series": {
            "result": "Kết quả trong kỳ",
            "ytd": "Lũy kế từ đầu năm",
            "target": "Chỉ tiêu",
            "upper": "Giá trị cận trên",
            "met": "Đơn vị đạt",
            "missed": "Đơn vị không đạt",
            "pending": "Chưa đánh giá",
            "nodata": "Chưa có báo cáo được chấp nhận",
        },
        "targets": [  # not the done / not done one
            {
                "id": "chart-target-31",
                "title": "Tối thiểu 98%",
                "labels": ["Quý I", "Quý II"],
                "results": [90.91, None],
                "met": [False, None],
                "ytd": [90.91, None],
                "target": 98.0,
                "upper": None,
                "percent": True,
            },
            {
                "id": "chart-target-33",
                "title": "Từ 03 đến 05 sáng kiến",
                "labels": ["Quý I", "Quý II"],
                "results": [2.0, 1.0],
                "met": [None, True],
                "ytd": [2.0, 3.0],
                "target": 3.0,
                "upper": 5.0,
                "percent": False,
            },
        ],
        "units": {  # the two linked targets, numbered
            "labels": ["1. Đúng hạn", "2. Sáng kiến"],
            "met": [1, 0],
            "missed": [1, 0],
            "pending": [0, 1],
            "nodata": [1, 0],
        },
    }


def test_it_reads_only_the_agencys_decision_in_force_for_the_year_and_issued_targets_below(tree):
    from objectives import services as objective_services

    targets = commune_and_unit(tree["commune"], tree["unit"])
    # A draft amendment of the unit's decision copies its targets, still linked to the commune's: not counted.
    objective_services.decision_amend(user=SYSTEM, decision=targets["Đúng hạn PKT"].objective.decision)
    commune = results.compute_results(tree["commune"], 2026)
    assert commune.decision.number == 10
    assert commune.targets[0].met is None  # nothing accepted yet: not judged
    assert [(u.name, u.target.id) for u in commune.targets[0].units] == [
        ("Phòng Kinh tế xã Phước An", targets["Đúng hạn PKT"].pk)
    ]
    # The province has no decision of its own (only the agencies below it have); the commune none for 2027.
    province = results.compute_results(tree["province"], 2026)
    assert (province.decision, province.targets) == (None, [])
    assert province.summary == {"total": 0, "met": 0, "missed": 0, "open": 0}
    assert results.compute_results(tree["commune"], 2027).decision is None


def test_it_judges_a_rate_cell_on_its_own_period_keeps_each_unit_s_bounds_and_counts_the_pending(tree):
    from agencies import services as agency_services

    band = {"comparator": "between", "value": D(90), "upper": D(95)}
    parent = targets_of(issue_decision(tree["commune"], 2026, [RATE | band | {"label": "Tỷ lệ"}], number=10))["Tỷ lệ"]
    unit = targets_of(
        issue_decision(tree["unit"], 2026, [RATE | band | {"label": "Tỷ lệ PKT", "parent_target": parent}], number=20)
    )["Tỷ lệ PKT"]
    other = agency_services.agency_create(
        code="PA-VHXH", name="Phòng Văn hóa - Xã hội", kind="unit", parent=tree["commune"]
    )
    issue_decision(other, 2026, [RATE | band | {"label": "Tỷ lệ VHXH", "parent_target": parent}], number=30)
    li = services.LineInput
    _accept(tree["unit"], "Q1", {unit.pk: li(numerator=D(1), denominator=D(10), cause="Thiếu người", action="Bổ sung")})
    _accept(tree["unit"], "Q2", {unit.pk: li(numerator=D(92), denominator=D(100))})
    services.report_save(
        agency=tree["unit"],
        year=2026,
        period="Q3",
        user=SYSTEM,
        lines={unit.pk: li(numerator=D(93), denominator=D(100))},
        submit=True,
        today=date(2026, 12, 31),
    )  # submitted, not accepted: pending, not counted
    data = results.compute_results(tree["commune"], 2026)
    rate = data.targets[0]
    # A rate is judged on the period itself: Q1 10% is out of 90-95%, Q2 92% is in it (not on 93/110 so far).
    assert [(c.period, c.text, c.met) for c in rate.cells[:2]] == [("Q1", "10,0%", False), ("Q2", "92,0%", True)]
    assert [(u.name, u.target.value, u.target.upper, u.met) for u in rate.units] == [
        ("Phòng Kinh tế xã Phước An", D(90), D(95), False),  # 93/110 = 84,5% for the year
        ("Phòng Văn hóa - Xã hội", D(90), D(95), None),  # nothing reported: not judged
    ]
    assert data.pending == 1
    assert rate.not_comparable == 0  # both units measure a rate, as the commune does
    assert rate.causes == []  # asked without causes, the Q1 cause is not read
    assert rate.met is False  # 93/110 = 84,5% for the year is below 90%
    assert results.compute_results(tree["commune"], 2026, with_causes=True).targets[0].causes[0].cause == "Thiếu người"
    # The province has no decision of its own, and still counts the report waiting below it.
    province = results.compute_results(tree["province"], 2026)
    assert (province.decision, province.pending) == (None, 1)
