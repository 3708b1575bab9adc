"""Target semantics: Vietnamese phrasing, whether a result meets a target, weaker-than-parent."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from objectives.models import Target
from objectives.targets import is_weaker_than


def t(comparator=">=", value="97", upper=None, unit="percent", **kw) -> Target:
    return Target(
        comparator=comparator,
        value=D(value) if value is not None else None,
        upper=D(upper) if upper is not None else None,
        unit=unit,
        **kw,
    )


@pytest.mark.parametrize(
    "target, english",
    [
        (t(">=", "97"), "At least 97%"),
        (t(">", "90"), "More than 90%"),
        (t(">=", "96.5"), "At least 96,5%"),
        (t("=", "100"), "100%"),
        (t("between", "1", "2", unit="times_per_year"), "From 01 to 02 times/year"),
        (t(">=", "7", unit="count", unit_label="sáng kiến"), "At least 07 sáng kiến"),
        (t("reduce_by", "1"), "Reduce by 1% versus last year"),
        (t(">=", "40", scope="cấp huyện"), "At least 40% cấp huyện"),
        (t("<=", "3", unit="days"), "No more than 3 days"),
        (t("done", None, unit="text"), "Done"),
        (t(">=", "1200", unit="count", unit_label="hồ sơ"), "At least 1.200 hồ sơ"),
    ],
)
def test_it_renders_targets_as_documents_write_them(target, english):
    with translation.override("en"):
        assert str(target) == english


@pytest.mark.parametrize(
    "target, result, met",
    [
        (t(">=", "97"), D("97"), True),
        (t(">=", "97"), D("96.99"), False),
        (t(">", "90"), D("90"), False),
        (t("<", "5", unit="count"), D("4"), True),
        (t("<=", "5", unit="count"), D("5"), True),
        (t("=", "100"), D("100"), True),
        (t("=", "100"), D("99.5"), False),
        (t("between", "1", "2", unit="times_per_year"), D("2"), True),
        (t("between", "1", "2", unit="times_per_year"), D("3"), False),
        (t("done", None), True, True),
        (t("done", None), False, False),
        (t(">=", "97"), None, None),
    ],
)
def test_it_tells_whether_a_result_meets_the_target(target, result, met):
    assert target.is_met(result) is met


def test_it_judges_a_reduction_against_last_year():
    target = t("reduce_by", "1")
    assert target.is_met(D("98.9"), previous=D("100")) is True
    assert target.is_met(D("99.5"), previous=D("100")) is False
    assert target.is_met(D("99"), previous=None) is None


@pytest.mark.parametrize(
    "child, parent, weaker",
    [
        (t(">=", "95"), t(">=", "97"), True),
        (t(">=", "98"), t(">=", "97"), False),
        (t(">=", "97"), t(">", "97"), True),
        (t("<=", "5", unit="days"), t("<=", "3", unit="days"), True),
        (t("<=", "2", unit="days"), t("<=", "3", unit="days"), False),
        (t(">=", "5", unit="count"), t(">=", "7", unit="count"), True),
        (t(">=", "95", unit="count"), t(">=", "97"), False),  # different units are not comparable
        (t("done", None), t(">=", "97"), True),
    ],
)
def test_it_detects_a_unit_target_weaker_than_its_parent(child, parent, weaker):
    assert is_weaker_than(child, parent) is weaker
