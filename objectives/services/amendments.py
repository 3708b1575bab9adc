"""Amending an issued decision and copying another decision's content into a draft."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user
from objectives.models import Decision, DecisionEvent, DecisionStatus, Objective, Section, Target
from objectives.services.base import (
    DECISION_FIELDS,
    _apply_decision_fields,
    _bump,
    _decision_search_key,
    _event,
    _next_order,
    _require,
    _require_draft,
    _save,
)
from qms_portal import audit
from qms_portal.audit import service
from qms_portal.refusals import WorkflowError


def _copy_content(source: Decision, target: Decision, *, keep_links: bool = True, order_offset: int = 0) -> None:
    """Copy sections, objectives and targets (one bulk insert per table, each with its history rows). An
    amendment keeps the links (to the copied records, to the parent agency's); a copy into another year's
    draft drops them."""
    sections = list(source.sections.all())
    section_map: dict[int, Section] = {}
    new_sections = [
        Section(decision=target, order=s.order, title=s.title, copied_from=s if keep_links else None) for s in sections
    ]
    for old_section, new_section in zip(sections, audit.bulk_create(Section, new_sections)):
        section_map[old_section.pk] = new_section
    objectives = list(source.objectives.all())
    new_objectives = [
        Objective(
            decision=target, section=section_map.get(o.section_id), order=o.order + order_offset, content=o.content,
            measures=o.measures, responsibility=o.responsibility, resources=o.resources, timeframe=o.timeframe,
            evaluation=o.evaluation, parent_objective_id=o.parent_objective_id if keep_links else None,
            copied_from=o if keep_links else None,
        )
        for o in objectives
    ]
    objective_map = {o.pk: n for o, n in zip(objectives, audit.bulk_create(Objective, new_objectives))}
    targets = list(Target.objects.filter(objective__decision=source))
    audit.bulk_create(
        Target,
        [
            Target(
                objective=objective_map[t.objective_id], order=t.order, label=t.label, comparator=t.comparator,
                value=t.value, upper=t.upper, unit=t.unit, unit_label=t.unit_label, scope=t.scope,
                measurement=t.measurement, aggregation=t.aggregation, frequency=t.frequency,
                source_phrase=t.source_phrase, parent_target_id=t.parent_target_id if keep_links else None,
                copied_from=t if keep_links else None,
            )
            for t in targets
        ],
    )


@service
def decision_amend(*, decision: Decision, user) -> Decision:
    """Start an amending decision ("sửa đổi, bổ sung") as a draft copy of an issued one."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    _require(user, Action.EDIT, decision)
    if decision.status != DecisionStatus.ISSUED:
        raise WorkflowError(_("Only the issued decision in force can be amended."), "not-in-force")
    if Decision.objects.filter(agency=decision.agency, year=decision.year).open().exists():
        raise WorkflowError(_("An amendment of this decision is already in preparation."), "amendment-open")
    fields = {name: getattr(decision, name) for name in DECISION_FIELDS}
    fields["summary"] = f"Về việc sửa đổi, bổ sung Mục tiêu chất lượng năm {decision.year} của {decision.agency.name}"
    amendment = Decision(agency=decision.agency, year=decision.year, amends=decision, created_by=recorded_user(user))
    _apply_decision_fields(amendment, fields)
    amendment.search_key = _decision_search_key(amendment)
    _save(amendment, exclude=["search_key"])
    _copy_content(decision, amendment)
    _event(amendment, DecisionEvent.Action.AMEND, user, comment=str(decision))
    return amendment


@service
def decision_copy_objectives(*, source: Decision, decision: Decision, user) -> int:
    """Copy another decision's sections, objectives and targets into a draft (e.g. last year's)."""
    _require(user, Action.EDIT, decision)
    _require(user, Action.VIEW, source)
    _require_draft(decision)
    if source.pk == decision.pk:
        raise ValidationError(_("A decision cannot be copied into itself."))
    offset = _next_order(decision.objectives.all()) - 1
    # Links to another year's parent targets, and to the source's own records, do not carry over.
    _copy_content(source, decision, keep_links=False, order_offset=offset)
    _bump(decision)
    return source.objectives.count()
