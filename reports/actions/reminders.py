"""Reminder e-mails about corrective actions: the daily job reminds the owner (else the unit heads of the
responsible unit) of an open action due within three days, and once more after its due date. The same
guarantees as report reminders (reports/services/reminders.py): each reminder is recorded in a transaction
under a unique constraint before it is sent, the e-mail goes out after that commits, and a failed send
removes its record so that the next run tries again; running the job twice never sends anything twice."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from reports.actions.models import OPEN_STATUSES, ActionReminder, CorrectiveAction
from reports.services.reminders import OVERDUE_WINDOW_DAYS, REMIND_BEFORE_DAYS, recipient_language, unit_heads

logger = logging.getLogger(__name__)


@dataclass
class ActionReminderRun:
    sent: list[ActionReminder] = field(default_factory=list)
    already: int = 0
    no_recipient: list[CorrectiveAction] = field(default_factory=list)
    failed: int = 0


def _kind(action: CorrectiveAction, today: date) -> str | None:
    if action.due_on - timedelta(days=REMIND_BEFORE_DAYS) <= today <= action.due_on:
        return ActionReminder.Kind.BEFORE
    if action.due_on < today <= action.due_on + timedelta(days=OVERDUE_WINDOW_DAYS):
        return ActionReminder.Kind.OVERDUE
    return None


def _email(action: CorrectiveAction, user, kind: str) -> tuple[str, str]:
    with translation.override(recipient_language(user)):
        context = {
            "action": action,
            "name": user.get_full_name() or user.username,
            "overdue": kind == ActionReminder.Kind.OVERDUE,
            "url": settings.SITE_URL + reverse("reports:action-detail", args=[action.pk]),
        }
        subject = " ".join(render_to_string("reports/actions/email/reminder_subject.txt", context).split())
        body = render_to_string("reports/actions/email/reminder.txt", context)
    return subject, body


def action_reminders_send_due(*, today: date | None = None) -> ActionReminderRun:
    """The daily job for corrective actions (run by `manage.py send_reminders` after the report reminders)."""
    today = today or timezone.localdate()
    run = ActionReminderRun()
    due = list(
        CorrectiveAction.objects.filter(
            status__in=OPEN_STATUSES,
            due_on__gte=today - timedelta(days=OVERDUE_WINDOW_DAYS),
            due_on__lte=today + timedelta(days=REMIND_BEFORE_DAYS),
        )
        .select_related("agency", "owner")
        .order_by("due_on", "id")
    )
    if not due:
        return run
    heads = unit_heads({a.agency_id for a in due})
    for action in due:
        kind = _kind(action, today)
        if kind is None:
            continue
        owner = action.owner if action.owner and action.owner.is_active and action.owner.email else None
        recipients = [owner] if owner else heads.get(action.agency_id, [])
        if not recipients:
            run.no_recipient.append(action)
            continue
        for user in recipients:
            try:
                with transaction.atomic():
                    record = ActionReminder.objects.create(
                        action=action,
                        kind=kind,
                        due_on=action.due_on,
                        recipient=user,
                        email=user.email,
                        sent_on=today,
                    )
            except IntegrityError:
                run.already += 1
                continue
            transaction.on_commit(lambda a=action, u=user, k=kind, r=record: _send(run, a, u, k, r))
    return run


def _send(run: ActionReminderRun, action: CorrectiveAction, user, kind: str, record: ActionReminder) -> None:
    try:
        subject, body = _email(action, user, kind)
        send_mail(subject, body, None, [user.email])
    except Exception:
        logger.exception("Reminder to %s about action %s failed", user.email, action.pk)
        ActionReminder.objects.filter(pk=record.pk).delete()
        run.failed += 1
    else:
        run.sent.append(record)
