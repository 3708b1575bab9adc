"""Shared by the decision pages: the refusals services raise, the edit-conflict message, reading a decision
for the user, the editor's context."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from agencies.permissions import Action, can, get_for_user
from objectives import selectors, services
from objectives.completeness import decision_problems
from objectives.models import Decision
from qms_portal.refusals import WorkflowError

EDITOR = "objectives/editor.html"


REFUSALS = (ValidationError, WorkflowError)  # what a service says no with; show_error shows either


def _conflict(form, exc: services.ConcurrentEditError) -> None:
    """Keep what the user typed, explain what the other person changed, and let a second save overwrite knowingly."""
    lines = [f"{c.field}: «{c.old}» → «{c.new}»" for c in exc.changes] or [_("(details unavailable)")]
    form.add_error(
        None,
        _(
            "%(user)s saved this record after you opened it. Their changes: %(changes)s. Your text is kept below: "
            "check it and save again to replace their version, or reload the page to start from theirs."
        )
        % {"user": exc.by, "changes": "; ".join(lines)},
    )
    data = form.data.copy()
    data["lock_version"] = str(
        type(exc.instance).objects.values_list("lock_version", flat=True).get(pk=exc.instance.pk)
    )
    form.data = data


def _decision(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Decision:
    return get_for_user(request.user, Decision.objects.select_related("agency", "amends"), pk, action)


def _editor_context(request: HttpRequest, decision: Decision, *, with_content: bool = False) -> dict:
    if not with_content:
        decision = selectors.decision_with_content(Decision.objects.filter(pk=decision.pk)).get()
    editable = decision.is_editable and can(request.user, Action.EDIT, decision)
    return {
        "decision": decision,
        "blocks": selectors.objective_blocks(decision),
        "weaker": {t.pk: parent for t, parent in selectors.weaker_targets(decision)},
        "editable": editable,
        "problems": decision_problems(decision) if editable else [],
    }


def _render_objectives(request: HttpRequest, decision: Decision) -> HttpResponse:
    return render(request, EDITOR + "#objectives", _editor_context(request, decision))
