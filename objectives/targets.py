"""Target semantics: how a target reads in Vietnamese, whether a result meets it, and whether a
unit's target is weaker than the parent's it implements."""

from decimal import Decimal

from django.utils.translation import gettext as _

from qms_portal.vnformat import format_decimal

# Imported lazily by models to avoid a cycle; the choices are plain strings here.
GTE, GT, LTE, LT, EQ, BETWEEN, REDUCE_BY, DONE = ">=", ">", "<=", "<", "=", "between", "reduce_by", "done"


def format_target_value(value: Decimal | None, unit: str) -> str:
    """Numbers as documents write them: counts below 10 get a leading zero ("07"), decimals a comma."""
    if value is None:
        return ""
    if unit in ("count", "times_per_year") and value == value.to_integral_value() and 0 <= value < 10:
        return f"{int(value):02d}"
    return format_decimal(value)


def _with_unit(target, value: Decimal | None) -> str:
    text = format_target_value(value, target.unit)
    if target.unit == "percent":
        return f"{text}%"
    if target.unit == "times_per_year":
        return _("%(value)s times/year") % {"value": text}
    if target.unit == "days":
        return _("%(value)s days") % {"value": text}
    if target.unit == "points":
        return _("%(value)s points") % {"value": text}
    if target.unit_label:
        return f"{text} {target.unit_label}"
    return text


def render_target(target) -> str:
    """ "Tối thiểu 97%", "Từ 01 đến 02 lần/năm", "Ít nhất 07 sáng kiến" (in the active language)."""
    value = _with_unit(target, target.value)
    scope = f" {target.scope}" if target.scope else ""
    if target.comparator == GTE:
        return _("At least %(value)s%(scope)s") % {"value": value, "scope": scope}
    if target.comparator == GT:
        return _("More than %(value)s%(scope)s") % {"value": value, "scope": scope}
    if target.comparator == LTE:
        return _("No more than %(value)s%(scope)s") % {"value": value, "scope": scope}
    if target.comparator == LT:
        return _("Less than %(value)s%(scope)s") % {"value": value, "scope": scope}
    if target.comparator == EQ:
        return f"{value}{scope}"
    if target.comparator == BETWEEN:
        low = format_target_value(target.value, target.unit)
        return _("From %(low)s to %(high)s%(scope)s") % {
            "low": low,
            "high": _with_unit(target, target.upper),
            "scope": scope,
        }
    if target.comparator == REDUCE_BY:
        return _("Reduce by %(value)s versus last year%(scope)s") % {"value": value, "scope": scope}
    return _("Done")


def target_is_met(target, result, *, previous: Decimal | None = None) -> bool | None:
    """True/False when the result can be judged, None when it cannot (no result, or no previous-year
    value for a reduction). `result` is a Decimal, or a bool for done/not-done targets."""
    if result is None:
        return None
    if target.comparator == DONE:
        return bool(result)
    if isinstance(result, bool):
        return None
    value, upper = target.value, target.upper
    if target.comparator == GTE:
        return result >= value
    if target.comparator == GT:
        return result > value
    if target.comparator == LTE:
        return result <= value
    if target.comparator == LT:
        return result < value
    if target.comparator == EQ:
        # "100%" in a decision means "all of them": anything at or above counts.
        return result >= value if target.unit == "percent" else result == value
    if target.comparator == BETWEEN:
        return value <= result <= upper
    if target.comparator == REDUCE_BY:
        if previous is None:
            return None
        if target.unit == "percent":
            if previous == 0:
                return result <= 0
            return (previous - result) * 100 / previous >= value
        return previous - result >= value
    return None


def is_weaker_than(child, parent) -> bool:
    """Whether a unit's target asks for less than the parent's target it implements.

    Only comparable when both measure the same thing the same way (same unit; same direction)."""
    if child.unit != parent.unit or parent.comparator == DONE:
        return False
    if child.comparator == DONE:
        return True
    up = {GTE, GT, REDUCE_BY}
    down = {LTE, LT}
    if parent.comparator in up and child.comparator in up:
        if parent.comparator == REDUCE_BY or child.comparator == REDUCE_BY:
            return child.comparator == parent.comparator and child.value < parent.value
        if child.value != parent.value:
            return child.value < parent.value
        return child.comparator == GTE and parent.comparator == GT
    if parent.comparator in down and child.comparator in down:
        if child.value != parent.value:
            return child.value > parent.value
        return child.comparator == LTE and parent.comparator == LT
    if parent.comparator == EQ:
        return child.comparator in (GTE, GT, EQ) and child.value < parent.value
    if parent.comparator == BETWEEN:
        return child.comparator == BETWEEN and (child.value < parent.value)
    if parent.comparator in up and child.comparator in (EQ, BETWEEN):
        return child.value < parent.value
    if parent.comparator in down and child.comparator in (EQ, BETWEEN):
        high = child.upper if child.comparator == BETWEEN else child.value
        return high > parent.value
    return child.comparator in down or (parent.comparator in down and child.comparator in up)
