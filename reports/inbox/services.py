"""Writes for notifications: who is told of each workflow step (in the same transaction as the step),
the e-mails sent by the background worker once that transaction has committed, read marks and settings."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.permissions import Action, users_who_can
from objectives.models import DecisionEvent
from reports import periods
from reports.inbox.models import (
    Notification,
    NotificationEmail,
    NotificationKind,
    NotificationSettings,
)
from reports.models import ReportEvent

logger = logging.getLogger(__name__)

# For each step: the kind of notification and who is told (those who may take the next step, and those
# whose work it is). The person who took the step is never told of it.
DECISION_STEPS: dict[str, tuple[NotificationKind, tuple[Action, ...]]] = {
    DecisionEvent.Action.SUBMIT: (NotificationKind.DECISION_SUBMITTED, (Action.REVIEW,)),
    DecisionEvent.Action.REVIEW: (NotificationKind.DECISION_REVIEWED, (Action.APPROVE, Action.EDIT)),
    DecisionEvent.Action.RETURN: (NotificationKind.DECISION_RETURNED, (Action.EDIT,)),
    DecisionEvent.Action.APPROVE: (NotificationKind.DECISION_APPROVED, (Action.EDIT, Action.REVIEW)),
    DecisionEvent.Action.ISSUE: (NotificationKind.DECISION_ISSUED, (Action.EDIT, Action.REVIEW)),
    DecisionEvent.Action.AMEND: (NotificationKind.DECISION_AMENDED, (Action.REVIEW, Action.APPROVE)),
}
REPORT_STEPS: dict[str, tuple[NotificationKind, tuple[Action, ...]]] = {
    ReportEvent.Action.SUBMIT: (NotificationKind.REPORT_SUBMITTED, (Action.REVIEW,)),
    ReportEvent.Action.RETURN: (NotificationKind.REPORT_RETURNED, (Action.REPORT,)),
    ReportEvent.Action.ACCEPT: (NotificationKind.REPORT_ACCEPTED, (Action.REPORT,)),
    ReportEvent.Action.REOPEN: (NotificationKind.REPORT_REOPENED, (Action.REPORT,)),
}


def _recipients(agency, actions: tuple[Action, ...], actor) -> list:
    seen: dict[int, object] = {}
    for action in actions:
        for user in users_who_can(action, agency, exclude=actor):
            seen.setdefault(user.pk, user)
    return list(seen.values())


def _create(rows: list[Notification]) -> list[Notification]:
    created = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            continue  # already told of this very event
        created.append(row)
    if created:
        ids = [n.pk for n in created]
        transaction.on_commit(lambda: _enqueue(ids))
    return created


def _enqueue(ids: list[int]) -> None:
    from reports.inbox.tasks import send_notification_emails

    send_notification_emails.enqueue(ids)


def notify_decision_event(event: DecisionEvent) -> list[Notification]:
    """Registered in objectives' DECISION_EVENT_HOOKS: runs inside the step's transaction."""
    step = DECISION_STEPS.get(event.action)
    if step is None:
        return []
    kind, actions = step
    decision = event.decision
    return _create(
        [
            Notification(
                recipient=user,
                kind=kind,
                decision=decision,
                decision_event=event,
                actor=event.user,
                comment=event.comment or "",
            )
            for user in _recipients(decision.agency, actions, event.user)
        ]
    )


def notify_report_event(event: ReportEvent) -> list[Notification]:
    """Called by reports.services.reporting for every report event, inside the step's transaction."""
    step = REPORT_STEPS.get(event.action)
    if step is None:
        return []
    kind, actions = step
    report = event.report
    return _create(
        [
            Notification(
                recipient=user,
                kind=kind,
                report=report,
                report_event=event,
                actor=event.user,
                comment=event.comment or "",
            )
            for user in _recipients(report.agency, actions, event.user)
        ]
    )


# --- e-mail (in the background worker) ------------------------------------------------------------------------


def notification_target(notification: Notification) -> str:
    """The page the notification is about (a path)."""
    if notification.decision_id:
        return reverse("objectives:decision-detail", args=[notification.decision_id])
    report = notification.report
    return reverse("reports:report", args=[report.agency_id, report.year, report.period])


def subject_line(notification: Notification) -> str:
    """What happened, to what: "Quyết định ... đã được trình thẩm định" (in the active language)."""
    if notification.decision_id:
        what = _("decision %(year)d of %(agency)s") % {
            "year": notification.decision.year,
            "agency": notification.decision.agency.name,
        }
    else:
        report = notification.report
        what = _("the %(period)s %(year)d report of %(agency)s") % {
            "period": periods.label(report.period),
            "year": report.year,
            "agency": report.agency.name,
        }
    return f"{NotificationKind(notification.kind).label}: {what}"


def _settings_of(user_ids) -> dict[int, NotificationSettings]:
    return {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=list(user_ids))}


def send_emails(notification_ids: list[int]) -> int:
    """Send the e-mail of each notification, once: the send is recorded before it happens under a unique
    constraint, and a failed send records nothing (logged). Wholly in the recipient's language."""
    notifications = list(
        Notification.objects.filter(pk__in=list(notification_ids)).select_related(
            "recipient", "actor", "decision__agency", "report__agency"
        )
    )
    prefs = _settings_of(n.recipient_id for n in notifications)
    sent = 0
    for notification in notifications:
        user = notification.recipient
        pref = prefs.get(user.pk)
        if not user.email or not user.is_active or (pref is not None and not pref.wants_email(notification.kind)):
            continue
        language = pref.language if pref is not None else settings.LANGUAGE_CODE
        try:
            with transaction.atomic():
                NotificationEmail.objects.create(
                    notification=notification, recipient=user, kind=notification.kind, email=user.email
                )
                with translation.override(language):
                    context = {
                        "notification": notification,
                        "name": user.get_full_name() or user.username,
                        "actor": (notification.actor.get_full_name() or notification.actor.username)
                        if notification.actor
                        else "",
                        "subject": subject_line(notification),
                        "url": settings.SITE_URL + reverse("inbox:open", args=[notification.pk]),
                        "settings_url": settings.SITE_URL + reverse("inbox:settings"),
                    }
                    subject = " ".join(context["subject"].split())[:200]
                    body = render_to_string("reports/inbox/email.txt", context)
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            continue  # already sent
        except Exception:
            logger.exception("Notification e-mail %s to %s failed", notification.pk, user.email)
            continue
        sent += 1
    return sent


def send_unsent(*, days: int = 7) -> tuple[int, int]:
    """Retry (from cron) the e-mails of recent notifications that were never sent, e.g. because the mail
    server was down when the worker ran: (sent now, still waiting). Opted-out kinds stay unsent."""
    since = timezone.now() - timedelta(days=days)
    ids = list(
        Notification.objects.filter(created_at__gte=since, emails__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .values_list("pk", flat=True)
    )
    sent = send_emails(ids) if ids else 0
    return sent, len(ids) - sent


# --- read marks and settings ----------------------------------------------------------------------------------


def notification_open(*, notification: Notification, user) -> str:
    """Mark the user's notification read and return where it leads."""
    if notification.recipient_id != user.pk:
        raise ValidationError(_("This notification is not yours."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
    return notification_target(notification)


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark some (or all) of the user's unread notifications read."""
    queryset = Notification.objects.for_user(user).unread()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def notification_settings_save(*, user, language: str, email_off) -> NotificationSettings:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the offered languages.")})
    unknown = set(email_off) - set(NotificationKind.values)
    if unknown:
        raise ValidationError({"email_off": _("Unknown kind of notification.")})
    prefs, _created = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    prefs.language = language
    prefs.email_off = sorted(set(email_off))
    prefs.full_clean()
    prefs.save()
    return prefs


def notification_settings_for(user) -> NotificationSettings:
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)
