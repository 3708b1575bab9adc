"""Notifications of workflow steps (in the app, with read/unread), the e-mails already sent for them,
and each user's notification settings (language of the e-mails, kinds not to e-mail)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from objectives.models import Decision, DecisionEvent


class NotificationKind(models.TextChoices):
    DECISION_SUBMITTED = "decision_submitted", _("A decision was submitted for review")
    DECISION_REVIEWED = "decision_reviewed", _("A decision was reviewed by the secretariat")
    DECISION_RETURNED = "decision_returned", _("A decision was returned to draft")
    DECISION_APPROVED = "decision_approved", _("A decision was approved")
    DECISION_ISSUED = "decision_issued", _("A decision was issued")
    DECISION_AMENDED = "decision_amended", _("An amendment of a decision was started")
    REPORT_SUBMITTED = "report_submitted", _("A progress report was submitted")
    REPORT_RETURNED = "report_returned", _("A progress report was returned for correction")
    REPORT_ACCEPTED = "report_accepted", _("A progress report was accepted")
    REPORT_REOPENED = "report_reopened", _("A progress report was reopened")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_user(self, user):
        return self.filter(recipient=user)


class Notification(models.Model):
    """One workflow step told to one person; created in the same transaction as the step."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    decision_event = models.ForeignKey(DecisionEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    report_event = models.ForeignKey(
        "reports.ReportEvent", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "decision_event"],
                condition=Q(decision_event__isnull=False),
                name="notification_once_per_decision_event",
            ),
            models.UniqueConstraint(
                fields=["recipient", "kind", "report_event"],
                condition=Q(report_event__isnull=False),
                name="notification_once_per_report_event",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(report__isnull=False),
                name="notification_has_subject",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_recipient_read")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationEmail(models.Model):
    """An e-mail already sent for a notification: recorded before sending under a unique constraint,
    so the worker never sends the same notification twice (as reports.models.Reminder does)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="emails")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        constraints = [
            models.UniqueConstraint(fields=["notification", "recipient", "kind"], name="notification_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.email}"


class NotificationSettings(models.Model):
    """A user's choices: the language of the e-mails, and the kinds of notification not to e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(_("language of the e-mails"), max_length=10, choices=settings.LANGUAGES, default="vi")
    email_off = models.JSONField(_("kinds not sent by e-mail"), default=list, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        return kind not in self.email_off
