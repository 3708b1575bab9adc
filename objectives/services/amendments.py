"""Amending an issued decision (its text composed by objectives.amendment_text) and copying another decision's
content into a draft."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user
from objectives.amendment_text import amendment_fields
from objectives.models import Decision, DecisionEvent, DecisionStatus, Objective, Section, Target
from objectives.services.base import (
    _apply_decision_fields,
    _bump,
    _decision_search_key,
    _event,
    _require,
    _save,
)
from objectives.services.content import _child_decision
from objectives.services.decisions import decision_defaults
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
            decision=target,
            section=section_map.get(o.section_id),
            order=o.order + order_offset,
            content=o.content,
            measures=o.measures,
            responsibility=o.responsibility,
            resources=o.resources,
            timeframe=o.timeframe,
            evaluation=o.evaluation,
            qualitative=o.qualitative,
            parent_objective_id=o.parent_objective_id if keep_links else None,
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
                objective=objective_map[t.objective_id],
                order=t.order,
                label=t.label,
                comparator=t.comparator,
                value=t.value,
                upper=t.upper,
                unit=t.unit,
                unit_label=t.unit_label,
                scope=t.scope,
                measurement=t.measurement,
                aggregation=t.aggregation,
                frequency=t.frequency,
                source_phrase=t.source_phrase,
                parent_target_id=t.parent_target_id if keep_links else None,
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
    fields = amendment_fields(decision, decision_defaults(agency=decision.agency, year=decision.year))
    amendment = Decision(agency=decision.agency, year=decision.year, amends=decision, created_by=recorded_user(user))
    _apply_decision_fields(amendment, fields)
    amendment.search_key = _decision_search_key(amendment)
    _save(amendment, exclude=["search_key"])
    _copy_content(decision, amendment)
    _event(amendment, DecisionEvent.Action.AMEND, user, comment=str(decision))
    return amendment


@service
def decision_copy_objectives(*, source: Decision, decision: Decision, user, replace: bool = False) -> int:
    """Copy another decision's sections, objectives and targets into a draft (e.g. last year's in force).
    Only into an empty draft, or with `replace`, which first deletes what is there: copying twice can
    never duplicate. Not into an amendment (it is already a copy of the decision it amends)."""
    decision = _child_decision(decision, user)
    source = Decision.objects.select_related("agency").get(pk=source.pk)
    _require(user, Action.VIEW, source)
    if source.pk == decision.pk:
        raise ValidationError(_("A decision cannot be copied into itself."))
    if decision.amends_id:
        raise ValidationError(_("An amendment already starts as a copy of the decision it amends; nothing to copy."))
    if source.status != DecisionStatus.ISSUED:
        raise ValidationError(_("Copy only from a decision in force (issued and not superseded by an amendment)."))
    existing = list(decision.objectives.all())
    sections = list(decision.sections.all())
    if existing or sections:
        if not replace:
            raise ValidationError(
                _(
                    "This draft already has %(count)d objectives. Copying would add them a second time: confirm that "
                    "the copy replaces what is there, or delete the objectives first."
                )
                % {"count": len(existing)}
            )
        for record in existing + sections:
            audit.delete(record)
    # Links to another year's parent targets, and to the source's own records, do not carry over.
    _copy_content(source, decision, keep_links=False)
    _bump(decision)
    return source.objectives.count()


@service
def objectives_delete(*, decision: Decision, user, ids) -> int:
    """Delete several objectives of a draft (and their targets) at once; ids of other decisions are refused."""
    decision = _child_decision(decision, user)
    wanted = {int(i) for i in ids}
    if not wanted:
        raise ValidationError(_("Select the objectives to delete first."))
    found = list(decision.objectives.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError(_("Some selected objectives are no longer in this decision; reload the page."))
    for objective in found:
        audit.delete(objective)
    _bump(decision)
    return len(found)
