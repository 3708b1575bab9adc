"""The workflow of a decision: submit, review, return to draft, approve, issue. Each service checks the
step's role (agencies.permissions, objectives/steps.py) and the decision's state under a row lock; a
wrong state is a WorkflowError with a code, a wrong value a ValidationError on its field."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agencies.permissions import Step, require_step
from objectives import steps
from objectives.doccheck import check_document
from objectives.models import Decision, DecisionEvent, DecisionStatus, Objective, Target
from objectives.services.base import TARGET_REMAP_HOOKS, _decision_search_key, _event, _touch
from qms_portal import audit
from qms_portal.audit import service
from qms_portal.refusals import WorkflowError, save_or_field_error
from qms_portal.text import nfc

NUMBER_TAKEN = "decision_number_unique_per_agency_year"


def _wrong_state(decision: Decision) -> WorkflowError:
    return WorkflowError(
        _('This step is not possible while the decision is "%(status)s".') % {"status": decision.get_status_display()},
        "wrong-state",
    )


def _transition(
    decision: Decision, *, user, step: Step, allowed_from: tuple[str, ...], to: str, event: str, comment: str = ""
) -> Decision:
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    require_step(user, decision, step)
    if decision.status not in allowed_from:
        raise _wrong_state(decision)
    from_status = decision.status
    decision.status = to
    _touch(decision)
    decision.save()
    decision.refresh_from_db()
    _event(decision, event, user, from_status=from_status, comment=comment)
    return decision


def _check_complete(decision: Decision) -> None:
    """Refuse to submit an incomplete draft, naming every problem (the editor lists them with links)."""
    from objectives.completeness import decision_problems

    problems = decision_problems(decision)
    if problems:
        raise WorkflowError(
            _("The decision is not ready to submit: %(problems)s")
            % {"problems": " ".join(p.message for p in problems)},
            "incomplete",
        )


@service
def decision_submit(*, decision: Decision, user, comment: str = "") -> Decision:
    _check_complete(decision)
    return _transition(
        decision,
        user=user,
        step=steps.SUBMIT,
        allowed_from=(DecisionStatus.DRAFT,),
        to=DecisionStatus.SUBMITTED,
        event=DecisionEvent.Action.SUBMIT,
        comment=comment,
    )


@service
def decision_review(*, decision: Decision, user, comment: str = "") -> Decision:
    """The secretariat records that it has checked a submitted decision (the status stays)."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    require_step(user, decision, steps.REVIEW)
    if decision.status != DecisionStatus.SUBMITTED:
        raise WorkflowError(_("Only a decision submitted for review can be reviewed."), "not-submitted")
    if decision.review_event is not None:
        raise WorkflowError(_("This decision has already been reviewed."), "already-reviewed")
    _event(decision, DecisionEvent.Action.REVIEW, user, from_status=decision.status, comment=comment)
    return decision


@service
def decision_return(*, decision: Decision, user, comment: str) -> Decision:
    """Back to draft with the reason: the secretariat or the leader while submitted, the leader once approved."""
    if not nfc(comment or "").strip():
        raise ValidationError({"comment": _("Please say why the decision is returned.")})
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    require_step(user, decision, steps.RETURN)  # the variant of the decision's state decides who may
    if decision.status not in (DecisionStatus.SUBMITTED, DecisionStatus.APPROVED):
        raise _wrong_state(decision)
    from_status = decision.status
    decision.status = DecisionStatus.DRAFT
    _touch(decision)
    decision.save()
    decision.refresh_from_db()
    _event(decision, DecisionEvent.Action.RETURN, user, from_status=from_status, comment=comment)
    return decision


@service
def decision_approve(*, decision: Decision, user, comment: str = "") -> Decision:
    return _transition(
        decision,
        user=user,
        step=steps.APPROVE,
        allowed_from=(DecisionStatus.SUBMITTED,),
        to=DecisionStatus.APPROVED,
        event=DecisionEvent.Action.APPROVE,
        comment=comment,
    )


@service
def decision_issue(
    *, decision: Decision, user, number: int, issued_on: date, record_as_issued: bool = False
) -> Decision:
    """Give the decision its number and date; an amendment supersedes the decision it amends.

    Refused while the document check finds a blocking item (each named with its field). `record_as_issued`
    is for the system only (samples, imports of decisions already signed on paper): their lines are kept
    as issued and the check's findings stay visible on the decision page as warnings."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    require_step(user, decision, steps.ISSUE)
    if decision.status != DecisionStatus.APPROVED:
        raise WorkflowError(_("Only an approved decision can be issued."), "not-approved")
    if not number or int(number) < 1:
        raise ValidationError({"number": _("Enter the number of the decision (1 or more).")})
    if issued_on is None:
        raise ValidationError({"issued_on": _("Enter the date of issue.")})
    if issued_on.year not in (decision.year - 1, decision.year):
        raise ValidationError(
            {
                "issued_on": _("The date of issue should fall in %(year)d or late in the year before.")
                % {"year": decision.year}
            }
        )
    if _number_taken(decision, int(number)):
        raise ValidationError({"number": _number_taken_message(decision, int(number))})

    in_force = (
        Decision.objects.filter(agency=decision.agency, year=decision.year).in_force().exclude(pk=decision.amends_id)
    )
    if in_force.exists():
        raise WorkflowError(
            _(
                "Another decision for %(year)d is already in force for this agency; issue this one as an amendment of it."
            )
            % {"year": decision.year},
            "other-in-force",
        )
    # The document check comes after the refusals about state and numbering: those are not the text's fault.
    if not record_as_issued:
        check = check_document(decision, number=int(number), issued_on=issued_on)
        if not check.passed:
            raise ValidationError(check.errors_by_field())
    mapping: dict[int, int] = {}
    old = decision.amends
    if old is not None and old.status == DecisionStatus.ISSUED:
        old.status = DecisionStatus.SUPERSEDED
        old.lock_version = F("lock_version") + 1
        old.save()
        _event(old, DecisionEvent.Action.SUPERSEDE, user, from_status=DecisionStatus.ISSUED)
        mapping = dict(
            Target.objects.filter(objective__decision=decision, copied_from__isnull=False).values_list(
                "copied_from", "id"
            )
        )
        objective_map = dict(
            Objective.objects.filter(decision=decision, copied_from__isnull=False).values_list("copied_from", "id")
        )
        for old_id, new_id in mapping.items():
            audit.update(Target.objects.filter(parent_target_id=old_id), parent_target_id=new_id)
        for old_id, new_id in objective_map.items():
            audit.update(Objective.objects.filter(parent_objective_id=old_id), parent_objective_id=new_id)
    decision.number = int(number)
    decision.issued_on = issued_on
    decision.status = DecisionStatus.ISSUED
    decision.search_key = _decision_search_key(decision)
    _touch(decision)
    # The check above cannot see a number taken by a request committing at the same moment: the
    # database's constraint then refuses the row, shown on the number field like the check's refusal.
    save_or_field_error(decision, constraints={NUMBER_TAKEN: ("number", _number_taken_message(decision, int(number)))})
    decision.refresh_from_db()
    _event(decision, DecisionEvent.Action.ISSUE, user, from_status=DecisionStatus.APPROVED)
    _store_renders_after_commit(decision.pk)
    for hook in TARGET_REMAP_HOOKS:
        if mapping:
            hook(mapping)
    return decision


def _store_renders_after_commit(decision_id: int) -> None:
    """Print once: render and store the issued decision's downloads on the task worker once this commits
    (objectives.printing.stored). A failure to queue only logs: a download then renders and stores it."""
    if not settings.PRINT_STORE_AT_ISSUE:
        return
    from objectives.tasks import enqueue_store_renders

    transaction.on_commit(lambda: enqueue_store_renders(decision_id), robust=True)


def _number_taken(decision: Decision, number: int) -> bool:
    taken = Decision.objects.filter(agency=decision.agency, year=decision.year, number=number, symbol=decision.symbol)
    return taken.exclude(pk=decision.pk).exists()


def _number_taken_message(decision: Decision, number: int) -> str:
    return _("Number %(number)02d/%(symbol)s is already used by another decision of this agency.") % {
        "number": number,
        "symbol": decision.symbol,
    }
