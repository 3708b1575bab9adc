"""Writes for corrective actions: create (by hand or from a missed target of an accepted report), edit,
move through the statuses, record the effectiveness check, add evidence files. Keyword-only, `user`
required (a person or agencies.permissions.SYSTEM), validated with full_clean, in one transaction, with
history credited to the user."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import Action, recorded_user, require, require_step
from qms_portal import audit
from qms_portal.refusals import WorkflowError
from qms_portal.validation import clean_and_validate
from reports.actions import steps
from reports.actions.models import ActionEvidence, ActionSource, ActionStatus, CorrectiveAction
from reports.evidence import check_upload
from reports.models import Report, ReportLine

MAX_FILES_PER_ACTION = 20
DEFAULT_DUE_DAYS = 30  # an action opened from a missed target is due a month after the report's acceptance
EDITABLE_FIELDS = ("title", "description", "cause_analysis", "owner", "due_on")


def _as_user(instance, user) -> None:
    if recorded_user(user) is not None:
        instance._history_user = user


def _check_owner(agency: Agency, owner) -> None:
    if owner is None:
        return
    from agencies.permissions import roles_for

    if not roles_for(owner, agency):
        raise ValidationError({"owner": _("The owner must be a member of the responsible unit (or above it).")})


@audit.service
def action_create(
    *,
    agency: Agency,
    user,
    title: str,
    due_on: date,
    description: str = "",
    cause_analysis: str = "",
    owner=None,
    source: str = ActionSource.MANUAL,
) -> CorrectiveAction:
    """Enter an action by hand (the secretariat; the register of `agency`)."""
    require(user, Action.REVIEW, agency)
    if source == ActionSource.MISSED_TARGET:
        raise ValidationError({"source": _("Actions on missed targets are opened when the report is accepted.")})
    action = CorrectiveAction(
        agency=agency,
        source=source,
        title=title,
        description=description,
        cause_analysis=cause_analysis,
        owner=owner,
        due_on=due_on,
        created_by=recorded_user(user),
    )
    clean_and_validate(action)
    _check_owner(agency, owner)
    _as_user(action, user)
    action.save()
    return action


@audit.service
def action_update(*, action: CorrectiveAction, user, **changes) -> CorrectiveAction:
    """Change the text, owner or due date of an action that is not closed (the secretariat)."""
    action = CorrectiveAction.objects.select_for_update().select_related("agency").get(pk=action.pk)
    require(user, Action.REVIEW, action)
    if action.status == ActionStatus.CLOSED:
        raise WorkflowError(_("A closed action can no longer be changed."), "closed")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"action_update cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(action, name, value)
    clean_and_validate(action)
    _check_owner(action.agency, action.owner)
    _as_user(action, user)
    action.save()
    return action


@audit.service
def action_step(*, action: CorrectiveAction, user, step: str, note: str = "") -> CorrectiveAction:
    """Move an action to its next status (steps.FROM_STATUS says which steps each status allows). Marking it
    done records what was done (`note` required); the effectiveness check records the secretariat's finding
    (`note` required)."""
    action = CorrectiveAction.objects.select_for_update().select_related("agency").get(pk=action.pk)
    chosen = steps.BY_NAME.get(step)
    if chosen is None:
        raise WorkflowError(_("Unknown step."), "unknown-step")
    require_step(user, action, chosen)
    if chosen not in action.possible_steps():
        raise WorkflowError(
            _("This action is %(status)s; that step is not possible now. Reload the page.")
            % {"status": action.get_status_display().lower()},
            "wrong-status",
        )
    note = (note or "").strip()
    if step == steps.DONE.name:
        if not note:
            raise ValidationError({"note": _("Describe what was done; the secretariat checks it.")})
        action.result_note = note
    elif step in (steps.EFFECTIVE.name, steps.NOT_EFFECTIVE.name):
        if not note:
            raise ValidationError({"note": _("Write what the effectiveness check found.")})
        action.verification_note = note
        action.verified_at = timezone.now()
        action.verified_by = recorded_user(user)
    action.status = steps.TARGET_STATUS[step]
    try:
        clean_and_validate(action, validate_constraints=False)
    except ValidationError as error:
        # the form calls the text "note"
        raise ValidationError({"note": [m for ms in error.message_dict.values() for m in ms]}) from None
    _as_user(action, user)
    action.save()
    return action


@audit.service
def action_add_evidence(*, action: CorrectiveAction, user, files) -> list[ActionEvidence]:
    """Attach evidence files, each checked by its content like report evidence (reports.evidence)."""
    action = CorrectiveAction.objects.select_for_update().select_related("agency").get(pk=action.pk)
    require_step(user, action, steps.DONE)  # who may work on the action may attach evidence
    if action.status == ActionStatus.CLOSED:
        raise WorkflowError(_("A closed action can no longer be changed."), "closed")
    files = list(files)
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if action.evidence_files.count() + len(files) > MAX_FILES_PER_ACTION:
        raise ValidationError({"files": _("At most %(n)d files per action.") % {"n": MAX_FILES_PER_ACTION}})
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            raise ValidationError({"files": error.messages[0]}) from None
    saved = []
    for upload, mime in checked:
        evidence = ActionEvidence.from_upload(upload, mime, uploaded_by=recorded_user(user), action=action)
        _as_user(evidence, user)
        evidence.save()
        saved.append(evidence)
    return saved


def open_for_missed_targets(*, report: Report, user, today: date | None = None) -> list[CorrectiveAction]:
    """Called by report_accept inside its transaction: one action per missed target of the report, unless
    an action that is not closed already exists for that target (the unique constraint holds it even
    against a concurrent accept). Pre-filled from the cause and action the unit head wrote."""
    today = today or timezone.localdate()
    missed = list(
        ReportLine.objects.filter(report=report, met=False).select_related("target__objective").order_by("id")
    )
    if not missed:
        return []
    taken = set(
        CorrectiveAction.objects.filter(target__in=[line.target_id for line in missed])
        .exclude(status=ActionStatus.CLOSED)
        .values_list("target_id", flat=True)
    )
    created = []
    for line in missed:
        if line.target_id in taken:
            continue
        objective = line.target.objective
        title = (line.action or _("Act on the missed target: %(objective)s") % {"objective": objective.content})[:300]
        action = CorrectiveAction(
            agency=report.agency,
            source=ActionSource.MISSED_TARGET,
            report_line=line,
            target=line.target,
            title=title,
            description=_("%(period)s %(year)s: %(objective)s")
            % {"period": report.get_period_display(), "year": report.year, "objective": objective.content[:2000]},
            cause_analysis=line.cause,
            due_on=today + timedelta(days=DEFAULT_DUE_DAYS),
            created_by=recorded_user(user),
        )
        clean_and_validate(action, validate_constraints=False)
        _as_user(action, user)
        try:
            with transaction.atomic():
                action.save()
        except IntegrityError:
            continue  # another acceptance opened one for this target at the same moment
        created.append(action)
    return created
