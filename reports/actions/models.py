"""The corrective action register: one row per action, its evidence files and its status log.

The status moves open → in progress → done → verified effective / not effective → closed
(services.TRANSITIONS). At most one action that is not closed exists per target (a DB constraint), so an
accepted report that misses a target again does not open a second one."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.models import Target
from qms_portal.audit import AuditedHistory
from reports.evidence import EvidenceFile, evidence_file_field, stored_name


class ActionSource(models.TextChoices):
    MISSED_TARGET = "missed_target", _("Missed target in a report")
    REVIEW = "review", _("Management review decision")
    RISK = "risk", _("Risk or opportunity")
    MANUAL = "manual", _("Entered by hand")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting verification")
    EFFECTIVE = "effective", _("Verified effective")
    NOT_EFFECTIVE = "not_effective", _("Verified not effective")
    CLOSED = "closed", _("Closed")


# Still to be worked on by the owner (the unit head's report form and the overdue list show these).
OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
# The secretariat's effectiveness check is done (whatever it found) or the action is closed: the dashboards
# count these as closed.
CLOSED_STATUSES = (ActionStatus.EFFECTIVE, ActionStatus.NOT_EFFECTIVE, ActionStatus.CLOSED)


class CorrectiveActionQuerySet(models.QuerySet):
    def in_subtree(self, agency: Agency):
        return self.filter(agency__path__startswith=agency.path)

    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.still_open().filter(due_on__lt=today)


class CorrectiveAction(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="corrective_actions"
    )
    source = models.CharField(_("source"), max_length=20, choices=ActionSource.choices, default=ActionSource.MANUAL)
    report_line = models.ForeignKey(
        "reports.ReportLine",
        verbose_name=_("report line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrective_actions",
    )
    review_decision = models.ForeignKey(
        "reports.ReviewDecision",
        verbose_name=_("management review decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=300)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    cause_analysis = models.TextField(_("cause analysis"), max_length=3000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrective_actions",
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    result_note = models.TextField(_("what was done"), max_length=3000, blank=True)
    verification_note = models.TextField(_("effectiveness check"), max_length=3000, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()
    objects = CorrectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target"],
                condition=Q(target__isnull=False) & ~Q(status="closed"),
                name="corrective_action_one_open_per_target",
            ),
            models.CheckConstraint(
                condition=~Q(source="missed_target") | Q(target__isnull=False),
                name="corrective_action_missed_target_has_target",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="corrective_action_status_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == ActionStatus.CLOSED

    def possible_steps(self) -> list:
        """The steps this action's state allows (agencies.permissions.allowed_steps filters them by role)."""
        from reports.actions import steps

        return list(steps.FROM_STATUS.get(self.status, ()))

    def step_url(self, step) -> str:
        from django.urls import reverse

        return reverse(step.url_name, args=[self.pk, step.name])


def action_evidence_upload_to(instance: "ActionEvidence", filename: str) -> str:
    # The stored name never comes from the user (reports.evidence); migrations name this function.
    return stored_name("actions", instance.content_type)


class ActionEvidence(EvidenceFile):
    """A file attached to a corrective action (fields and checks shared with report evidence: reports.evidence)."""

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="evidence_files")
    file = evidence_file_field(action_evidence_upload_to)

    history = AuditedHistory()

    class Meta(EvidenceFile.Meta):
        verbose_name = _("action evidence file")
        verbose_name_plural = _("action evidence files")
        constraints = [EvidenceFile.not_empty("action_evidence_not_empty")]

    @property
    def agency(self) -> Agency:
        return self.action.agency


class ActionReminder(models.Model):
    """A reminder e-mail about an action already sent (recorded before sending, under a unique constraint),
    so that the daily job never sends the same one twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the due date")
        OVERDUE = "overdue", _("after the due date")

    action = models.ForeignKey(CorrectiveAction, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due date"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        ordering = ["-created_at"]
        constraints = [
            # Once per action, kind, due date and person: a moved due date earns a new reminder.
            models.UniqueConstraint(fields=["action", "kind", "due_on", "recipient"], name="action_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.action_id} → {self.email}"
