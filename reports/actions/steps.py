"""The workflow steps of a corrective action: the owner unit (unit head) or the secretariat starts it and
marks it done; only the secretariat checks its effectiveness and closes it. `CorrectiveAction.possible_steps()`
says which the status allows; agencies.permissions.allowed_steps keeps those the user may take."""

from django.utils.translation import gettext_lazy as _

from agencies.permissions import Action, Step

URL = "reports:action-step"
WORKERS = frozenset({Action.REPORT, Action.REVIEW})
CHECKERS = frozenset({Action.REVIEW})

START = Step("start", _("Start work"), URL, WORKERS)
DONE = Step("done", _("Mark as done"), URL, WORKERS, style="btn-primary")
EFFECTIVE = Step("effective", _("Verified effective"), URL, CHECKERS, style="btn-success")
NOT_EFFECTIVE = Step("not-effective", _("Not effective"), URL, CHECKERS, style="btn-outline-danger")
REOPEN = Step("reopen", _("Work on it again"), URL, CHECKERS, style="btn-outline-warning")
CLOSE = Step(
    "close",
    _("Close the action"),
    URL,
    CHECKERS,
    confirm=_("Close this action? It can no longer be changed."),
    style="btn-outline-secondary",
)

FROM_STATUS = {
    "open": (START, DONE),
    "in_progress": (DONE,),
    "done": (EFFECTIVE, NOT_EFFECTIVE),
    "effective": (CLOSE,),
    "not_effective": (REOPEN, CLOSE),
}
BY_NAME = {step.name: step for step in (START, DONE, EFFECTIVE, NOT_EFFECTIVE, REOPEN, CLOSE)}
# name -> the status the step leads to
TARGET_STATUS = {
    "start": "in_progress",
    "done": "done",
    "effective": "effective",
    "not-effective": "not_effective",
    "reopen": "in_progress",
    "close": "closed",
}
