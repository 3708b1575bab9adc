"""The workflow steps of a progress report: the unit head saves and submits it (one form), the
secretariat accepts it, returns it for correction, or reopens an accepted one. `Report.possible_steps()`
says which the report's state allows; agencies.permissions.allowed_steps keeps those the user may take."""

from django.utils.translation import gettext_lazy as _

from agencies.permissions import Action, Step

SUBMIT = Step("submit", _("Submit"), "reports:report", frozenset({Action.REPORT}), style="btn-primary")
ACCEPT = Step("accept", _("Accept"), "reports:report-accept", frozenset({Action.REVIEW}), style="btn-success")
RETURN = Step(
    "return", _("Return for correction"), "reports:report-return", frozenset({Action.REVIEW}), style="btn-warning"
)
REOPEN = Step(
    "reopen",
    _("Reopen"),
    "reports:report-reopen",
    frozenset({Action.REVIEW}),
    confirm=_("Reopen this accepted report? The unit head will be able to change it again."),
    style="btn-outline-warning",
)
BY_NAME = {step.name: step for step in (SUBMIT, ACCEPT, RETURN, REOPEN)}
