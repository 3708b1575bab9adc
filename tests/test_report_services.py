"""The report services' own rules, pinned with values written by hand (they kill the mutants of
reports/services/lines.py, reporting.py and uploads.py; see docs/testing.md)."""

from decimal import Decimal

import pytest

from objectives.models import Target
from reports.services import LineInput, compute_line
from reports.services.lines import number_errors

D = Decimal


def target(**fields) -> Target:
    """An unsaved target: the line rules only read its fields."""
    base = {"comparator": ">=", "value": D(98), "unit": "percent", "measurement": "ratio"}
    return Target(**(base | fields))


COUNT = {"unit": "count", "measurement": "value", "aggregation": "sum", "frequency": "quarterly"}


def test_it_starts_a_line_empty():
    assert LineInput() == LineInput(None, None, None, None, None, "", "", "")


@pytest.mark.parametrize(
    ("spec", "line", "period", "ytd_before", "expected"),
    [
        # a rate: 49 of 50 is 98%, met; 48 of 50 is 96%, not met; nothing typed, nothing to say
        ({}, LineInput(numerator=D(49), denominator=D(50)), "Q2", None, (D(98), True)),
        ({}, LineInput(numerator=D(48), denominator=D(50)), "Q2", D(7), (D(96), False)),
        ({}, LineInput(), "Q2", None, (None, None)),
        # a count summed over the year is judged on the year to date: 2 before and 1 now make 3 of 3
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", D(2), (D(1), True)),
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", None, (D(1), False)),
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", D(1), (D(1), False)),
        # ... and before the last period, a count still short of the target is in progress, not missed
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q2", D(0), (D(1), None)),
        # "at most 3" read as the last value: the period's value alone (3), not 2 + 3
        (
            COUNT | {"comparator": "<=", "value": D(3), "aggregation": "last"},
            LineInput(value=D(3)),
            "Q4",
            D(2),
            (D(3), True),
        ),
        # "reduce by 10%" against last year's 10: 9 is a reduction of 10%; the earlier sums do not count
        (
            COUNT | {"comparator": "reduce_by", "value": D(10), "unit": "percent"},
            LineInput(value=D(9), previous_value=D(10)),
            "Q4",
            D(5),
            (D(9), True),
        ),
        # done / not done: nothing stored as the result, the answer judged
        (
            {"comparator": "done", "value": None, "unit": "text", "measurement": "yes_no", "aggregation": "last"},
            LineInput(done=False),
            "Q4",
            None,
            (None, False),
        ),
        (
            {"comparator": "done", "value": None, "unit": "text", "measurement": "yes_no", "aggregation": "last"},
            LineInput(done=True),
            "Q4",
            None,
            (None, True),
        ),
    ],
)
def test_it_computes_and_judges_one_line(spec, line, period, ytd_before, expected):
    assert compute_line(target(**spec), line, period, ytd_before) == expected


def test_it_judges_a_summed_rate_on_the_period_itself():
    # A rate with "sum" over the year is no count: the earlier sum is not added to its percentage.
    rate = target(aggregation="sum", comparator="<=", value=D(50))
    assert compute_line(rate, LineInput(numerator=D(1), denominator=D(2)), "Q4", D(40)) == (D(50), True)


NEGATIVE = "Số liệu không được âm."


@pytest.mark.parametrize(
    ("spec", "line", "submit", "errors"),
    [
        ({}, LineInput(numerator=D(-1), denominator=D(2)), False, {"t5-numerator": NEGATIVE}),
        ({}, LineInput(numerator=D(0), denominator=D(0)), False, {}),
        ({}, LineInput(numerator=D(2), denominator=D(2)), True, {}),
        (
            {},
            LineInput(numerator=D(-3), denominator=D(-4)),
            False,
            {"t5-numerator": NEGATIVE, "t5-denominator": NEGATIVE},
        ),
        (
            {},
            LineInput(numerator=D("3.5"), denominator=D(2)),
            False,
            {"t5-numerator": "Tử số (3,5) không được lớn hơn mẫu số (2)."},
        ),
        (
            {},
            LineInput(numerator=D(1), denominator=D(0)),
            False,
            {
                "t5-numerator": "Tử số (1) không được lớn hơn mẫu số (0).",
                "t5-denominator": "Mẫu số không được bằng 0 khi tử số khác 0.",
            },
        ),
        (
            {},
            LineInput(numerator=D(5)),
            True,
            {"t5-denominator": "Nhập mẫu số (ví dụ: tổng số hồ sơ đã giải quyết)."},
        ),
        (
            {},
            LineInput(denominator=D(5)),
            True,
            {"t5-numerator": "Nhập tử số (ví dụ: số hồ sơ giải quyết đúng hạn)."},
        ),
        ({}, LineInput(), False, {}),
        # a percentage typed as a value: 100 is the most; a count has no such limit
        (
            {"measurement": "value"},
            LineInput(value=D("100.1")),
            False,
            {"t5-value": "Tỷ lệ phần trăm không được lớn hơn 100."},
        ),
        ({"measurement": "value"}, LineInput(value=D(100)), True, {}),
        (COUNT, LineInput(value=D(250)), True, {}),
        ({"measurement": "value"}, LineInput(), True, {"t5-value": "Nhập kết quả."}),
        ({"measurement": "value"}, LineInput(value=D(-1)), False, {"t5-value": NEGATIVE}),
        # "reduce by X%" is reported as the count itself (e.g. 120 errors), and needs last year's figure
        (
            {"measurement": "value", "comparator": "reduce_by", "value": D(10)},
            LineInput(value=D(120)),
            True,
            {"t5-previous_value": "Nhập giá trị cùng kỳ năm trước để so sánh."},
        ),
        ({"measurement": "value", "comparator": "reduce_by", "value": D(10)}, LineInput(value=D(120)), False, {}),
        (
            {"measurement": "value", "comparator": "reduce_by", "value": D(10)},
            LineInput(value=D(120), previous_value=D(-130)),
            True,
            {"t5-previous_value": NEGATIVE},
        ),
        (
            {"comparator": "done", "value": None, "measurement": "yes_no"},
            LineInput(),
            True,
            {"t5-done": "Chọn hoàn thành hoặc không hoàn thành."},
        ),
        ({"comparator": "done", "value": None, "measurement": "yes_no"}, LineInput(), False, {}),
        ({"comparator": "done", "value": None, "measurement": "yes_no"}, LineInput(done=False), True, {}),
    ],
)
def test_it_names_each_wrong_number_on_its_field(spec, line, submit, errors):
    assert number_errors(target(**spec), line, "t5", submit) == errors
