"""Corrective actions in the "Việc cần làm" inbox (reports.inbox.selectors' PROVIDERS and register_kind):
overdue actions for their owner (the person named, else the unit head of the responsible unit) and actions
marked done that wait for the secretariat's effectiveness check. Two queries whatever the number of actions;
the inbox page and the navigation count both pick them up. Registered by ReportsConfig.ready()."""

from datetime import date

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from reports.actions import selectors
from reports.actions.models import ActionStatus
from reports.inbox import selectors as inbox

ACTION_OVERDUE = "action_overdue"
ACTION_TO_VERIFY = "action_to_verify"


def _register_url(**query) -> str:
    return f"{reverse('reports:action-register')}?{urlencode(query)}"


def _item(action) -> inbox.InboxItem:
    return inbox.InboxItem(
        f"{action.title} · {action.agency.name}",
        reverse("reports:action-detail", args=[action.pk]),
        action.agency,
        when=action.due_on,
    )


def add_actions(box: inbox.Inbox, user, today: date) -> None:
    for action in selectors.overdue_for(user, today):
        box.add(ACTION_OVERDUE, _item(action))
    for action in selectors.to_verify_for(user):
        box.add(ACTION_TO_VERIFY, _item(action))


def register() -> None:
    """Declare the two groups and their provider (idempotent: ready() may run more than once in tests)."""
    inbox.register_kind(
        ACTION_OVERDUE,
        _("Overdue corrective actions"),
        "bi-alarm",
        before=inbox.InboxKind.DECISION_TO_REVIEW,
        all_url=lambda: _register_url(overdue="on"),
    )
    inbox.register_kind(
        ACTION_TO_VERIFY,
        _("Corrective actions to verify"),
        "bi-clipboard-check",
        before=inbox.InboxKind.REPORT_DUE,
        all_url=lambda: _register_url(status=ActionStatus.DONE),
    )
    if add_actions not in inbox.PROVIDERS:
        inbox.PROVIDERS.append(add_actions)
