"""The workflow steps of a management review: the secretariat prepares it (draft), records that the meeting was
held, and the leader who chaired it approves the minutes (closed). `ManagementReview.possible_steps()` says which
the status allows; agencies.permissions.allowed_steps keeps those the user may take."""

from django.utils.translation import gettext_lazy as _

from agencies.permissions import Action, Step

URL = "reports:review-step"
PREPARERS = frozenset({Action.REVIEW})  # the ISO secretariat
CHAIRS = frozenset({Action.APPROVE})  # the leader

HOLD = Step(
    "hold",
    _("Record the meeting as held"),
    URL,
    PREPARERS | CHAIRS,
    confirm=_("Record the meeting as held? The compiled inputs can then no longer be compiled again."),
    style="btn-primary",
)
BACK_TO_DRAFT = Step("back-to-draft", _("Back to preparation"), URL, PREPARERS | CHAIRS, style="btn-outline-warning")
CLOSE = Step(
    "close",
    _("Approve the minutes"),
    URL,
    CHAIRS,
    confirm=_("Approve the minutes? The review can then no longer be changed."),
    style="btn-success",
)

FROM_STATUS = {
    "draft": (HOLD,),
    "held": (CLOSE, BACK_TO_DRAFT),
}
BY_NAME = {step.name: step for step in (HOLD, BACK_TO_DRAFT, CLOSE)}
TARGET_STATUS = {"hold": "held", "back-to-draft": "draft", "close": "closed"}
