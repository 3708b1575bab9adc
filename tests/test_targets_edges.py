"""Target semantics at their edges: every comparator just below, at and just above its value, every
phrasing, and every branch of "weaker than the parent". Expected values are written by hand."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from objectives.models import Target
from objectives.targets import format_target_value, is_weaker_than, render_target, target_is_met


def t(comparator=">=", value="97", upper=None, unit="percent", **kw) -> Target:
    return Target(
        comparator=comparator,
        value=D(value) if value is not None else None,
        upper=D(upper) if upper is not None else None,
        unit=unit,
        **kw,
    )


# --- is the target met? -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, result, met",
    [
        (t(">=", "97"), D("96.99"), False),
        (t(">=", "97"), D("97"), True),
        (t(">=", "97"), D("97.01"), True),
        (t(">", "90"), D("90"), False),
        (t(">", "90"), D("90.01"), True),
        (t(">", "90"), D("89"), False),
        (t("<=", "5", unit="days"), D("5"), True),
        (t("<=", "5", unit="days"), D("5.01"), False),
        (t("<=", "5", unit="days"), D("4"), True),
        # "<" is strict: the value itself is a miss ("<" judged as "<=" would say met).
        (t("<", "5", unit="count"), D("5"), False),
        (t("<", "5", unit="count"), D("4.99"), True),
        (t("<", "5", unit="count"), D("6"), False),
        # "=" on a count means exactly that many: more is a miss ("=" judged as ">=" would say met).
        (t("=", "7", unit="count"), D("7"), True),
        (t("=", "7", unit="count"), D("8"), False),
        (t("=", "7", unit="count"), D("6"), False),
        # A bare "100%" means "all of them": anything at or above counts, below does not.
        (t("=", "100"), D("100"), True),
        (t("=", "100"), D("100.5"), True),
        (t("=", "100"), D("99.9"), False),
        (t("between", "1", "2", unit="times_per_year"), D("1"), True),
        (t("between", "1", "2", unit="times_per_year"), D("2"), True),
        (t("between", "1", "2", unit="times_per_year"), D("0.99"), False),
        (t("between", "1", "2", unit="times_per_year"), D("2.01"), False),
        (t("done", None, unit="text"), True, True),
        (t("done", None, unit="text"), False, False),
        (t("done", None, unit="text"), D("1"), True),
        (t("done", None, unit="text"), D("0"), False),
        # A yes/no answer cannot be judged against a number, nor a missing result against anything.
        (t(">=", "97"), True, None),
        (t(">=", "97"), False, None),
        (t(">=", "97"), None, None),
        (t("done", None, unit="text"), None, None),
        (t("unknown", "1"), D("1"), None),
    ],
)
def test_it_judges_each_comparator_at_its_edges(target, result, met):
    assert target_is_met(target, result) is met


@pytest.mark.parametrize(
    "target, result, previous, met",
    [
        # Count: reduce by 3 from 10 -> 7 or fewer is met; 8 is a reduction of only 2.
        (t("reduce_by", "3", unit="count"), D("7"), D("10"), True),
        (t("reduce_by", "3", unit="count"), D("6"), D("10"), True),
        (t("reduce_by", "3", unit="count"), D("8"), D("10"), False),
        # Percent: a relative reduction. From 200, 10% less is 180 (met, the edge); 181 is 9.5% less.
        (t("reduce_by", "10"), D("180"), D("200"), True),
        (t("reduce_by", "10"), D("181"), D("200"), False),
        (t("reduce_by", "10"), D("150"), D("200"), True),
        # From 10.000, 9.001 is a reduction of 9,99%: short of 10%.
        (t("reduce_by", "10"), D("9001"), D("10000"), False),
        # From 40, reducing by 10% means 36 at most (not 40 - 10 = 30, not 40 - 0.1).
        (t("reduce_by", "10"), D("36"), D("40"), True),
        (t("reduce_by", "10"), D("37"), D("40"), False),
        # Nothing last year: only "still nothing" counts as met.
        (t("reduce_by", "10"), D("0"), D("0"), True),
        (t("reduce_by", "10"), D("1"), D("0"), False),
        (t("reduce_by", "10"), D("-1"), D("0"), True),
        (t("reduce_by", "10"), D("5"), None, None),
        (t("reduce_by", "3", unit="count"), D("5"), None, None),
    ],
)
def test_it_judges_both_edges_of_a_reduction(target, result, previous, met):
    assert target_is_met(target, result, previous=previous) is met


# --- how a target reads ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (None, "count", ""),
        (D("7"), "count", "07"),
        (D("0"), "count", "00"),
        (D("9"), "times_per_year", "09"),
        (D("10"), "count", "10"),
        (D("7.5"), "count", "7,5"),
        (D("-1"), "count", "-1"),
        (D("7"), "percent", "7"),
        (D("7"), "days", "7"),
        (D("1200"), "count", "1.200"),
    ],
)
def test_it_writes_target_values_as_documents_do(value, unit, text):
    assert format_target_value(value, unit) == text


@pytest.mark.parametrize(
    "target, english",
    [
        (t(">=", "97", scope="toàn tỉnh"), "At least 97% toàn tỉnh"),
        (t(">", "2", unit="times_per_year"), "More than 02 times/year"),
        (t("<=", "15", unit="days", scope="mỗi hồ sơ"), "No more than 15 days mỗi hồ sơ"),
        (t("<", "3", unit="count"), "Less than 03"),
        (t("<", "80", unit="points"), "Less than 80 points"),
        (t("=", "5", unit="count", unit_label="cuộc"), "05 cuộc"),
        (t("=", "100", scope="quy chế"), "100% quy chế"),
        (t("between", "1", "2", unit="times_per_year", scope="mỗi đơn vị"), "From 01 to 02 times/year mỗi đơn vị"),
        (t("between", "90", "95"), "From 90 to 95%"),
        (t("reduce_by", "2", unit="count", unit_label="lỗi"), "Reduce by 02 lỗi versus last year"),
        (t("reduce_by", "5", scope="sai sót"), "Reduce by 5% versus last year sai sót"),
        (t("done", None, unit="text", scope="ignored"), "Done"),
        (t(">=", "4", unit="text"), "At least 4"),
    ],
)
def test_it_renders_every_comparator_and_unit(target, english):
    with translation.override("en"):
        assert render_target(target) == english


def test_it_renders_in_vietnamese_by_default():
    with translation.override("vi"):
        assert render_target(t(">=", "97")) == "Tối thiểu 97%"


# --- weaker than the parent ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "child, parent, weaker",
    [
        # Not comparable: different units, or a yes/no parent.
        (t(">=", "50", unit="count"), t(">=", "97"), False),
        (t(">=", "1"), t("done", None), False),
        (t("done", None), t("done", None), False),
        # A yes/no child under a numeric parent promises nothing measurable.
        (t("done", None), t(">=", "97"), True),
        # Both "at least": the lower number is weaker; at the same number ">=" is weaker than ">".
        (t(">", "96"), t(">=", "97"), True),
        (t(">", "98"), t(">=", "97"), False),
        (t(">=", "97"), t(">", "97"), True),
        (t(">", "97"), t(">=", "97"), False),
        (t(">=", "97"), t(">=", "97"), False),
        (t(">", "97"), t(">", "97"), False),
        # Reductions compare only with reductions.
        (t("reduce_by", "1"), t("reduce_by", "2"), True),
        (t("reduce_by", "2"), t("reduce_by", "2"), False),
        (t("reduce_by", "3"), t("reduce_by", "2"), False),
        (t(">=", "1"), t("reduce_by", "2"), False),
        (t("reduce_by", "1"), t(">=", "2"), False),
        # Both "at most": the higher number is weaker; at the same number "<=" is weaker than "<".
        (t("<=", "6", unit="days"), t("<", "5", unit="days"), True),
        (t("<", "4", unit="days"), t("<=", "5", unit="days"), False),
        (t("<=", "5", unit="days"), t("<", "5", unit="days"), True),
        (t("<", "5", unit="days"), t("<=", "5", unit="days"), False),
        (t("<=", "5", unit="days"), t("<=", "5", unit="days"), False),
        # Under a bare "100%" (all of them), anything promising less than 100 is weaker.
        (t(">=", "95"), t("=", "100"), True),
        (t(">", "99"), t("=", "100"), True),
        (t("=", "99"), t("=", "100"), True),
        (t("=", "100"), t("=", "100"), False),
        (t(">=", "100"), t("=", "100"), False),
        (t("<=", "5"), t("=", "100"), False),
        # Under a range: a range starting lower is weaker.
        (t("between", "1", "4", unit="count"), t("between", "2", "4", unit="count"), True),
        (t("between", "2", "3", unit="count"), t("between", "2", "4", unit="count"), False),
        (t("between", "3", "4", unit="count"), t("between", "2", "4", unit="count"), False),
        (t(">=", "1", unit="count"), t("between", "2", "4", unit="count"), False),
        # "At least" parent, exact or range child: judged on the child's (lower) value.
        (t("=", "95"), t(">=", "97"), True),
        (t("=", "97"), t(">=", "97"), False),
        (t("between", "90", "99"), t(">=", "97"), True),
        (t("between", "97", "100"), t(">=", "97"), False),
        # "At most" parent, exact or range child: judged on the child's (upper) value.
        (t("=", "6", unit="days"), t("<=", "5", unit="days"), True),
        (t("=", "5", unit="days"), t("<=", "5", unit="days"), False),
        (t("between", "1", "6", unit="days"), t("<=", "5", unit="days"), True),
        (t("between", "1", "5", unit="days"), t("<=", "5", unit="days"), False),
        (t("between", "6", "7", unit="days"), t("<", "8", unit="days"), False),
        # Opposite directions: the child asks for the wrong thing.
        (t("<=", "100"), t(">=", "97"), True),
        (t("<", "100"), t("reduce_by", "2"), True),
        (t(">=", "1", unit="days"), t("<=", "5", unit="days"), True),
        (t("reduce_by", "1", unit="days"), t("<", "5", unit="days"), True),
        # A parent whose comparator is unknown is not comparable.
        (t(">=", "1"), t("unknown", "1"), False),
    ],
)
def test_it_tells_each_kind_of_weaker_child_target(child, parent, weaker):
    assert is_weaker_than(child, parent) is weaker
