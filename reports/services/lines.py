"""One report line: what the unit head typed (LineInput), its result and whether the target is met
(compute_line), the per-field number errors, and the sums of earlier periods that a summed count is judged on."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.models import Agency
from objectives.models import Aggregation, Comparator, Measurement, Target, Unit
from qms_portal.validation import clean_and_validate
from qms_portal.vnformat import format_decimal
from reports import aggregation, periods
from reports.models import ReportLine


@dataclass
class LineInput:
    """What the unit head typed for one target (numbers already parsed)."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    value: Decimal | None = None
    done: bool | None = None
    previous_value: Decimal | None = None
    evidence: str = ""
    cause: str = ""
    action: str = ""

    @classmethod
    def from_line(cls, line: ReportLine) -> "LineInput":
        return cls(
            line.numerator,
            line.denominator,
            line.value,
            line.done,
            line.previous_value,
            line.evidence,
            line.cause,
            line.action,
        )


def compute_line(
    target: Target, line: LineInput, period: str, ytd_before: Decimal | None
) -> tuple[Decimal | None, bool | None]:
    """The period's result and whether the target is met. Counts summed over the year are judged on
    the year to date; everything else on the period itself."""
    entry = aggregation.Entry(period, line.numerator, line.denominator, line.value, line.done)
    result = aggregation.entry_result(target.measurement, entry)
    judged = result
    if (
        target.aggregation == Aggregation.SUM
        and target.measurement == Measurement.VALUE
        and target.comparator != Comparator.REDUCE_BY
        and isinstance(result, Decimal)
        and ytd_before is not None
    ):
        judged = ytd_before + result
    met = aggregation.judge(target, judged, period=period, previous=line.previous_value)
    stored = None if isinstance(result, bool) or result is None else result
    return stored, met


def number_errors(target: Target, line: LineInput, prefix: str, submit: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("numerator", "denominator", "value", "previous_value"):
        number = getattr(line, name)
        if number is not None and number < 0:
            errors[f"{prefix}-{name}"] = _("The number cannot be negative.")
    if target.measurement == Measurement.RATIO:
        num, den = line.numerator, line.denominator
        if num is not None and den is not None and num > den and f"{prefix}-numerator" not in errors:
            errors[f"{prefix}-numerator"] = _(
                "The numerator (%(num)s) cannot be greater than the denominator (%(den)s)."
            ) % {"num": format_decimal(num), "den": format_decimal(den)}
        if den == 0 and num not in (None, 0):
            errors[f"{prefix}-denominator"] = _("The denominator cannot be 0 when the numerator is not 0.")
        if submit:
            if num is None:
                errors.setdefault(f"{prefix}-numerator", _("Enter the numerator (e.g. dossiers resolved on time)."))
            if den is None:
                errors.setdefault(f"{prefix}-denominator", _("Enter the denominator (e.g. all dossiers resolved)."))
    elif target.measurement == Measurement.VALUE:
        # A "reduce by X%" target is reported as the count itself (e.g. errors), not as a percentage.
        if (
            target.unit == Unit.PERCENT
            and target.comparator != Comparator.REDUCE_BY
            and line.value is not None
            and line.value > 100
        ):
            errors[f"{prefix}-value"] = _("A percentage cannot be more than 100.")
        if submit and line.value is None:
            errors[f"{prefix}-value"] = _("Enter the result.")
    elif submit and line.done is None:
        errors[f"{prefix}-done"] = _("Choose done or not done.")
    if submit and target.comparator == Comparator.REDUCE_BY and line.previous_value is None:
        errors[f"{prefix}-previous_value"] = _("Enter last year's value for the same period, to compare.")
    return errors


def clean_line(line: ReportLine, prefix: str) -> dict[str, str]:
    try:
        # number_errors has already checked the rules of the line's check constraints, with clear messages.
        clean_and_validate(line, exclude=["report", "target"], validate_constraints=False)
    except ValidationError as error:
        return {f"{prefix}-{name}": messages[0] for name, messages in error.message_dict.items()}
    return {}


def earlier_sums(agency: Agency, year: int, period: str, targets: dict[int, Target]) -> dict[int, Decimal]:
    earlier = [p for p in periods.up_to(period) if p != period]
    summed = [t.pk for t in targets.values() if t.aggregation == Aggregation.SUM and t.measurement == Measurement.VALUE]
    sums = {pk: Decimal(0) for pk in summed}
    if earlier and summed:
        for target_id, value in ReportLine.objects.filter(
            report__agency=agency,
            report__year=year,
            report__period__in=earlier,
            target_id__in=summed,
            value__isnull=False,
        ).values_list("target_id", "value"):
            sums[target_id] += value
    return sums
