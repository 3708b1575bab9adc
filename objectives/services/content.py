"""Sections, objectives and targets of a draft decision: create, edit, delete, reorder."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from agencies.permissions import Action
from objectives.models import Comparator, Decision, Measurement, Objective, Section, Target, Unit
from objectives.services.base import (
    OBJECTIVE_FIELDS,
    TARGET_FIELDS,
    _assign,
    _bump,
    _check_version,
    _next_order,
    _require,
    _require_draft,
    _save,
    _touch,
)
from qms_portal import audit
from qms_portal.audit import service


def _child_decision(decision: Decision, user) -> Decision:
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    _require_draft(decision)
    return decision


@service
def section_create(*, decision: Decision, user, title: str) -> Section:
    decision = _child_decision(decision, user)
    section = Section(decision=decision, title=title, order=_next_order(decision.sections.all()))
    _save(section)
    _bump(decision)
    return section


@service
def section_update(*, section: Section, user, lock_version: int | None = None, title: str) -> Section:
    _child_decision(section.decision, user)
    _check_version(section, lock_version)
    section.title = title
    _touch(section)
    _save(section, exclude=["lock_version"])
    _bump(section.decision)
    return section


@service
def section_delete(*, section: Section, user) -> None:
    _child_decision(section.decision, user)
    audit.delete(section)
    _bump(section.decision)


def _check_objective_links(objective: Objective) -> None:
    if objective.section_id and objective.section.decision_id != objective.decision_id:
        raise ValidationError({"section": _("The section belongs to another decision.")})
    parent = objective.parent_objective
    if parent is not None:
        agency = objective.decision.agency
        if parent.decision.agency_id != agency.parent_id or parent.decision.year != objective.decision.year:
            raise ValidationError(
                {"parent_objective": _("Link only to an objective of the parent agency's decision for the same year.")}
            )


@service
def objective_create(*, decision: Decision, user, **fields) -> Objective:
    decision = _child_decision(decision, user)
    objective = Objective(decision=decision, order=_next_order(decision.objectives.all()))
    _assign(objective, fields, OBJECTIVE_FIELDS)
    _check_objective_links(objective)
    _save(objective)
    _bump(decision)
    return objective


@service
def objective_update(*, objective: Objective, user, lock_version: int | None = None, **fields) -> Objective:
    _child_decision(objective.decision, user)
    _check_version(objective, lock_version)
    _assign(objective, fields, OBJECTIVE_FIELDS)
    _check_objective_links(objective)
    _touch(objective)
    _save(objective, exclude=["lock_version"])
    _bump(objective.decision)
    return objective


@service
def objective_delete(*, objective: Objective, user) -> None:
    _child_decision(objective.decision, user)
    audit.delete(objective)
    _bump(objective.decision)


def _move(instance: Model, siblings, direction: str) -> None:
    ordered = list(siblings.order_by("order", "id"))
    index = next(i for i, item in enumerate(ordered) if item.pk == instance.pk)
    swap = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."))
    if 0 <= swap < len(ordered):
        ordered[index], ordered[swap] = ordered[swap], ordered[index]
    moved = []
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            item.order = position
            moved.append(item)
    audit.bulk_update(type(instance), moved, ["order"])


@service
def objective_move(*, objective: Objective, user, direction: str) -> None:
    decision = _child_decision(objective.decision, user)
    _move(objective, decision.objectives.all(), direction)
    _bump(decision)


@service
def section_move(*, section: Section, user, direction: str) -> None:
    decision = _child_decision(section.decision, user)
    _move(section, decision.sections.all(), direction)
    _bump(decision)


def _normalise_target(target: Target) -> None:
    errors: dict[str, str] = {}
    if target.comparator == Comparator.DONE:
        target.value = target.upper = None
        target.measurement = Measurement.YES_NO
    else:
        if target.value is None:
            errors["value"] = _("Enter the target value.")
        if target.comparator == Comparator.BETWEEN:
            if target.upper is None:
                errors["upper"] = _("Enter the upper value of the range.")
            elif target.value is not None and target.value > target.upper:
                errors["upper"] = _("The lower value (%(low)s) is greater than the upper value (%(high)s).") % {
                    "low": target.value,
                    "high": target.upper,
                }
        else:
            target.upper = None
        if target.unit == Unit.PERCENT:
            for name in ("value", "upper"):
                number = getattr(target, name)
                if number is not None and not (Decimal(0) <= number <= Decimal(100)):
                    errors[name] = _("A percentage must be between 0 and 100.")
        if target.value is not None and target.value < 0:
            errors["value"] = _("The value cannot be negative.")
        if target.measurement == Measurement.YES_NO:
            errors["measurement"] = _("A numeric target cannot be measured as done / not done.")
    if errors:
        raise ValidationError(errors)


def _check_target_link(target: Target) -> None:
    parent = target.parent_target
    if parent is None:
        return
    decision = target.objective.decision
    if (
        parent.objective.decision.agency_id != decision.agency.parent_id
        or parent.objective.decision.year != decision.year
    ):
        raise ValidationError(
            {"parent_target": _("Link only to a target of the parent agency's decision for the same year.")}
        )


@service
def target_create(*, objective: Objective, user, **fields) -> Target:
    decision = _child_decision(objective.decision, user)
    target = Target(objective=objective, order=_next_order(objective.targets.all()))
    _assign(target, fields, TARGET_FIELDS)
    _normalise_target(target)
    _check_target_link(target)
    _save(target)
    _bump(decision)
    return target


@service
def target_update(*, target: Target, user, lock_version: int | None = None, **fields) -> Target:
    decision = _child_decision(target.objective.decision, user)
    _check_version(target, lock_version)
    _assign(target, fields, TARGET_FIELDS)
    _normalise_target(target)
    _check_target_link(target)
    _touch(target)
    _save(target, exclude=["lock_version"])
    _bump(decision)
    return target


@service
def target_delete(*, target: Target, user) -> None:
    decision = _child_decision(target.objective.decision, user)
    audit.delete(target)
    _bump(decision)


@service
def target_move(*, target: Target, user, direction: str) -> None:
    decision = _child_decision(target.objective.decision, user)
    _move(target, target.objective.targets.all(), direction)
    _bump(decision)
