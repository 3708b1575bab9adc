"""The workflow steps of a decision: what each button says, where it posts, which actions allow it and
what is asked before it. `Decision.possible_steps()` says which the decision's state allows;
agencies.permissions.allowed_steps keeps those the user may take (views and templates ask it)."""

from django.utils.translation import gettext_lazy as _

from agencies.permissions import Action, Step

STEP_URL = "objectives:decision-step"  # the comment form's steps: /<pk>/step/<name>/

EDIT = Step("edit", _("Edit"), "objectives:decision-editor", frozenset({Action.EDIT}))
COPY_PREVIOUS = Step(
    "copy-previous",
    _("Copy last year's objectives"),
    "objectives:decision-copy-previous",
    frozenset({Action.EDIT}),
    confirm=_("Copy every section, objective and target of that decision into this draft?"),
)
SUBMIT = Step(
    "submit",
    _("Submit for review"),
    STEP_URL,
    frozenset({Action.SUBMIT}),
    confirm=_("Submit this decision for review? It can no longer be edited unless it is returned."),
    style="btn-primary",
)
REVIEW = Step("review", _("Mark as reviewed"), STEP_URL, frozenset({Action.REVIEW}), style="btn-success")
APPROVE = Step(
    "approve",
    _("Approve"),
    STEP_URL,
    frozenset({Action.APPROVE}),
    confirm=_("The ISO secretariat has not reviewed this decision yet. Approve it anyway?"),
    style="btn-primary",
)
APPROVE_REVIEWED = Step(
    "approve",
    _("Approve"),
    STEP_URL,
    frozenset({Action.APPROVE}),
    confirm=_("Approve this decision?"),
    style="btn-primary",
)
# "Secretariat or leader" while submitted is the RETURN action; once approved only the leader may.
RETURN = Step(
    "return",
    _("Return to draft"),
    STEP_URL,
    frozenset({Action.RETURN}),
    confirm=_("Return this decision to draft with your comment?"),
    style="btn-outline-danger",
)
RETURN_APPROVED = Step(
    "return",
    _("Return to draft"),
    STEP_URL,
    frozenset({Action.APPROVE}),
    confirm=_("Return this decision to draft with your comment?"),
    style="btn-outline-danger",
)
ISSUE = Step(
    "issue",
    _("Issue"),
    "objectives:decision-issue",
    frozenset({Action.APPROVE}),
    confirm=_("Issue the decision with this number and date? After that it can no longer be changed."),
    style="btn-success",
)
AMEND = Step(
    "amend",
    _("Amend this decision"),
    "objectives:decision-amend",
    frozenset({Action.EDIT}),
    confirm=_("Start an amending decision (sửa đổi, bổ sung) as a copy of this one?"),
)
ATTACH_SCAN = Step(
    "attach-scan",
    _("Attach the signed scan"),
    "objectives:decision-scan-upload",
    frozenset({Action.SIGN_OFF}),
    style="btn-sm btn-outline-secondary",
)

# The steps posted to STEP_URL with the comment form, by their URL name (approve and return have two
# variants each: the views look the decision's current variant up in possible_steps()).
COMMENT_STEPS = ("submit", "review", "approve", "return")
