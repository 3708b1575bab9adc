"""Writes of the management review: create, edit (optimistic locking: a save based on an older version is
refused, naming who saved since), compile the inputs into a stored snapshot, move through the steps, the
decisions of the meeting and the corrective action a decision becomes. Keyword-only, `user` required (a person
or agencies.permissions.SYSTEM), validated with full_clean, in one transaction, history credited to the user.
The signed PDFs are attached by reports.review.signed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import Action, recorded_user, require, require_step, roles_for
from qms_portal import audit
from qms_portal.refusals import WorkflowError
from qms_portal.validation import clean_and_validate
from qms_portal.vnformat import format_doc_date
from reports.actions.models import ActionSource, ActionStatus, CorrectiveAction
from reports.review import inputs, steps
from reports.review.models import (
    ManagementReview,
    ReviewAttendee,
    ReviewDecision,
    ReviewInputs,
    ReviewPeriod,
)

EDITABLE_FIELDS = (
    "meeting_date",
    "place",
    "chair",
    "chair_title",
    "secretary",
    "guests",
    "report_number",
    "minutes_number",
    "audit_results",
    "issues_changes",
    "resources",
    "feedback",
    "improvements",
    "conclusions",
)
DECISION_FIELDS = ("text", "responsible", "due_on")
MAX_DECISIONS = 50
MAX_ATTENDEES = 100


def _as_user(instance, user) -> None:
    if recorded_user(user) is not None:
        instance._history_user = user


def _locked(review: ManagementReview) -> ManagementReview:
    return ManagementReview.objects.select_for_update().select_related("agency").get(pk=review.pk)


def _check_version(instance, lock_version) -> None:
    """Refuse a save based on an older version of the record, saying who saved it since and when."""
    if lock_version is None:
        return
    try:
        seen = int(lock_version)
    except (TypeError, ValueError):
        raise WorkflowError(_("The page is out of date. Reload it and try again."), "stale") from None
    if seen == instance.lock_version:
        return
    latest = instance.history.order_by("-history_date").first()
    by = (latest.history_author if latest else "") or _("another user")
    when = timezone.localtime(latest.history_date).strftime("%d/%m/%Y %H:%M") if latest else ""
    raise WorkflowError(
        _(
            "%(by)s saved this at %(when)s, after you opened the page. Nothing was saved: reload the page to see "
            "their changes, then make yours again."
        )
        % {"by": by, "when": when},
        "stale",
    )


def _require_editable(review: ManagementReview) -> None:
    if review.is_closed:
        raise WorkflowError(_("The minutes were approved: the review can no longer be changed."), "closed")


def _check_member(agency: Agency, user, field: str) -> None:
    if user is not None and not roles_for(user, agency):
        raise ValidationError(
            {field: _("Choose a member of %(agency)s (or of an agency above it).") % {"agency": agency.name}}
        )


def _save(instance, user, *, exclude=None) -> None:
    clean_and_validate(instance, exclude=exclude, validate_constraints=False)
    _as_user(instance, user)
    instance.save()


@audit.service
def review_create(*, agency: Agency, user, year: int, period: str = ReviewPeriod.YEAR) -> ManagementReview:
    """Open the review of a period (the secretariat). One per agency, year and period."""
    require(user, Action.REVIEW, agency)
    review = ManagementReview(
        agency=agency,
        year=year,
        period=period,
        place=agency.place or "",
        chair_title=agency.head_title or "",
        created_by=recorded_user(user),
    )
    if year is None or not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    clean_and_validate(review, exclude=["created_by", "chair", "secretary"], validate_constraints=False)
    if ManagementReview.objects.filter(agency=agency, year=year, period=period).exists():
        raise ValidationError({"year": _("This agency already has a management review for that period.")})
    _as_user(review, user)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError({"year": _("This agency already has a management review for that period.")}) from None
    return review


@audit.service
def review_update(*, review: ManagementReview, user, lock_version=None, attendees=None, **changes) -> ManagementReview:
    """Change the meeting's details, the narrative inputs and the conclusions (the secretariat), while the minutes
    are not approved. `attendees`: the members who attended (None leaves them as they are)."""
    review = _locked(review)
    require(user, Action.REVIEW, review)
    _require_editable(review)
    _check_version(review, lock_version)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"review_update cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(review, name, value)
    _check_member(review.agency, review.chair, "chair")
    _check_member(review.agency, review.secretary, "secretary")
    review.lock_version += 1
    _save(review, user, exclude=["created_by"])
    if attendees is not None:
        _set_attendees(review, list(attendees), user)
    return review


def _set_attendees(review: ManagementReview, people: list, user) -> None:
    if len(people) > MAX_ATTENDEES:
        raise ValidationError({"attendees": _("At most %(n)d attendees.") % {"n": MAX_ATTENDEES}})
    for person in people:
        _check_member(review.agency, person, "attendees")
    wanted = {person.pk for person in people}
    for row in review.attendees.exclude(user_id__in=wanted):
        row.delete()  # a "-" history row
    present = set(review.attendees.values_list("user_id", flat=True))
    audit.bulk_create(ReviewAttendee, [ReviewAttendee(review=review, user_id=pk) for pk in sorted(wanted - present)])


def current_inputs(review: ManagementReview) -> ReviewInputs | None:
    return review.input_snapshots.order_by("-compiled_at", "-id").first()


@audit.service
def review_compile(*, review: ManagementReview, user, confirm: bool = False, today: date | None = None) -> ReviewInputs:
    """Compile the inputs from the data and store them (the secretariat, while the review is in preparation).
    Compiling again replaces what prints, so it must be confirmed; the earlier snapshots are kept."""
    review = _locked(review)
    require(user, Action.REVIEW, review)
    if not review.is_draft:
        raise WorkflowError(
            _("The meeting was held: its inputs stay as they were compiled. Go back to preparation to compile again."),
            "not-draft",
        )
    previous = current_inputs(review)
    if previous is not None and not confirm:
        raise WorkflowError(
            _(
                "The inputs were compiled on %(when)s. Compiling again replaces them in the report and the minutes; "
                "confirm to go on."
            )
            % {"when": timezone.localtime(previous.compiled_at).strftime("%d/%m/%Y %H:%M")},
            "needs-confirm",
        )
    today = today or timezone.localdate()
    snapshot = ReviewInputs(
        review=review,
        data=inputs.compile_inputs(review.agency, review.year, today=today),
        compiled_on=today,
        compiled_by=recorded_user(user),
    )
    _save(snapshot, user, exclude=["compiled_by"])
    review.lock_version += 1  # the page's version moves on: a form opened before shows the compile
    _save(review, user, exclude=["created_by", "chair", "secretary"])
    return snapshot


@audit.service
def review_step(*, review: ManagementReview, user, step: str, lock_version=None) -> ManagementReview:
    """Hold (the secretariat or the leader records the meeting as held), back to preparation, approve the
    minutes (the leader)."""
    review = _locked(review)
    chosen = steps.BY_NAME.get(step)
    if chosen is None:
        raise WorkflowError(_("Unknown step."), "unknown-step")
    require_step(user, review, chosen)
    if chosen not in review.possible_steps():
        raise WorkflowError(
            _("This review is %(status)s; that step is not possible now. Reload the page.")
            % {"status": review.get_status_display().lower()},
            "wrong-status",
        )
    _check_version(review, lock_version)
    if chosen == steps.HOLD:
        missing = []
        if current_inputs(review) is None:
            missing.append(_("the compiled inputs"))
        if review.meeting_date is None:
            missing.append(_("the meeting date"))
        if review.chair_id is None:
            missing.append(_("the chair"))
        if review.secretary_id is None:
            missing.append(_("the secretary"))
        if missing:
            raise WorkflowError(
                _("Before recording the meeting as held, enter: %(missing)s.") % {"missing": ", ".join(missing)},
                "incomplete",
            )
        if review.meeting_date > timezone.localdate():
            raise WorkflowError(
                _("The meeting date is in the future: the meeting cannot be recorded as held yet."), "future"
            )
    if chosen == steps.CLOSE and not review.decisions.exists() and not review.conclusions:
        raise WorkflowError(
            _("Write the conclusions or at least one decision before approving the minutes."), "incomplete"
        )
    review.status = steps.TARGET_STATUS[step]
    review.lock_version += 1
    _save(review, user, exclude=["created_by", "chair", "secretary"])
    return review


# --- decisions of the meeting -------------------------------------------------------------------------------


@audit.service
def decision_add(*, review: ManagementReview, user, text: str, responsible: str = "", due_on=None) -> ReviewDecision:
    review = _locked(review)
    require(user, Action.REVIEW, review)
    _require_editable(review)
    count = review.decisions.count()
    if count >= MAX_DECISIONS:
        raise ValidationError({"text": _("At most %(n)d decisions per review.") % {"n": MAX_DECISIONS}})
    decision = ReviewDecision(review=review, order=count + 1, text=text, responsible=responsible, due_on=due_on)
    _save(decision, user)
    return decision


def _locked_decision(decision: ReviewDecision) -> ReviewDecision:
    return ReviewDecision.objects.select_for_update().select_related("review__agency").get(pk=decision.pk)


@audit.service
def decision_update(*, decision: ReviewDecision, user, lock_version=None, **changes) -> ReviewDecision:
    decision = _locked_decision(decision)
    require(user, Action.REVIEW, decision.review)
    _require_editable(decision.review)
    _check_version(decision, lock_version)
    unknown = set(changes) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"decision_update cannot change {sorted(unknown)}")
    for name, value in changes.items():
        setattr(decision, name, value)
    decision.lock_version += 1
    _save(decision, user)
    return decision


@audit.service
def decision_delete(*, decision: ReviewDecision, user) -> None:
    decision = _locked_decision(decision)
    require(user, Action.REVIEW, decision.review)
    _require_editable(decision.review)
    if decision.actions.exists():
        raise WorkflowError(
            _("This decision has a corrective action in the register: it cannot be removed."), "has-action"
        )
    audit.delete(decision)


@audit.service
def decision_to_action(
    *, decision: ReviewDecision, user, agency: Agency, title: str, due_on: date, owner=None
) -> CorrectiveAction:
    """A decision that needs work becomes a corrective action in the register (source "review"), owned by a unit
    of the reviewing agency (or the agency itself). Once the meeting is held; one action per decision while it is
    not closed."""
    decision = _locked_decision(decision)
    review = decision.review
    require(user, Action.REVIEW, review)
    require(user, Action.REVIEW, agency)
    if review.is_draft:
        raise WorkflowError(_("Decisions become actions once the meeting has been held."), "not-held")
    if not agency.is_in_subtree_of(review.agency) and agency.pk != review.agency_id:
        raise ValidationError({"agency": _("The responsible unit must be the reviewing agency or a unit below it.")})
    if decision.actions.exclude(status=ActionStatus.CLOSED).exists():
        raise WorkflowError(_("This decision already has an action in the register."), "has-action")
    if owner is not None and not roles_for(owner, agency):
        raise ValidationError({"owner": _("The owner must be a member of the responsible unit (or above it).")})
    where = f" ngày {review.meeting_date:%d/%m/%Y}" if review.meeting_date else ""
    action = CorrectiveAction(
        agency=agency,
        source=ActionSource.REVIEW,
        review_decision=decision,
        title=title,
        description=f"Quyết định của cuộc họp xem xét của lãnh đạo năm {review.year}{where}: {decision.text}"[:3000],
        owner=owner,
        due_on=due_on,
        created_by=recorded_user(user),
    )
    _save(action, user, exclude=["created_by", "owner"])
    return action


def meeting_line(review: ManagementReview) -> str:
    """ "ngày 15 tháng 01 năm 2026" or "" (for messages and the print)."""
    return format_doc_date(review.meeting_date) if review.meeting_date else ""
