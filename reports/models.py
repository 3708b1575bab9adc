"""Progress reports: one report per agency, year and period, one line per target, the workflow log,
evidence files, due-date overrides and the reminders already sent."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.models import Target
from qms_portal.audit import AuditedHistory
from reports.evidence import EvidenceFile, evidence_file_field, stored_name


class Period(models.TextChoices):
    Q1 = "Q1", _("Quarter I")
    Q2 = "Q2", _("Quarter II")
    Q3 = "Q3", _("Quarter III")
    Q4 = "Q4", _("Quarter IV")
    H1 = "H1", _("First half-year")
    H2 = "H2", _("Second half-year")
    YEAR = "Y", _("Full year")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")


class ProgressStatus(models.TextChoices):
    """What the grid and the lists show: the report's status, or "late" / "not started" derived from dates."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")
    LATE = "late", _("Late")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
DONE_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class ReportQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def in_subtree(self, agency: Agency):
        return self.filter(agency__path__startswith=agency.path)

    def accepted(self):
        return self.filter(status=ReportStatus.ACCEPTED)

    def awaiting_review(self):
        return self.filter(status=ReportStatus.SUBMITTED)


class Report(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    note = models.TextField(_("evidence and remarks"), max_length=5000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("secretariat's comment"), max_length=3000, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-year", "agency__path", "period"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "period"], name="report_one_per_agency_year_period"),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="report_year_in_range"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "returned"]) | Q(submitted_at__isnull=False),
                name="report_submitted_has_date",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="report_year_status")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_period_display()} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == ReportStatus.RETURNED

    @property
    def is_accepted(self) -> bool:
        return self.status == ReportStatus.ACCEPTED

    def possible_steps(self) -> list:
        """The workflow steps this report's state allows (agencies.permissions.allowed_steps filters them
        by role)."""
        from reports import steps

        if self.is_editable:
            return [steps.SUBMIT]
        if self.is_submitted:
            return [steps.ACCEPT, steps.RETURN]
        if self.is_accepted:
            return [steps.REOPEN]
        return []

    def step_url(self, step) -> str:
        from django.urls import reverse

        return reverse(step.url_name, args=[self.agency_id, self.year, self.period])


class ReportLine(models.Model):
    """The result for one target in one report; `result` and `met` are computed by the service."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lines")
    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.PROTECT, related_name="report_lines")
    numerator = models.DecimalField(_("numerator"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=16, decimal_places=4, null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4, null=True, blank=True)
    done = models.BooleanField(_("done"), null=True, blank=True)
    previous_value = models.DecimalField(
        _("same period last year"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Only for targets that ask for a reduction versus last year."),
    )
    result = models.DecimalField(_("result"), max_digits=20, decimal_places=6, null=True, blank=True, editable=False)
    met = models.BooleanField(_("met"), null=True, blank=True, editable=False)
    evidence = models.TextField(_("evidence"), max_length=2000, blank=True)
    cause = models.TextField(_("cause (nguyên nhân)"), max_length=3000, blank=True)
    action = models.TextField(_("corrective action (biện pháp khắc phục)"), max_length=3000, blank=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="report_line_one_per_target"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="report_line_numerator_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="report_line_denominator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="report_line_numerator_within_denominator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.target_id}"


class ReportEvent(models.Model):
    """One workflow step on a report (save, submit, accept, return, reopen) with its comment or reason."""

    class Action(models.TextChoices):
        CREATE = "create", _("started")
        SAVE = "save", _("saved as draft")
        SUBMIT = "submit", _("submitted")
        ACCEPT = "accept", _("accepted")
        RETURN = "return", _("returned for correction")
        REOPEN = "reopen", _("reopened")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_action_display()}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # The stored name never comes from the user (reports.evidence); migrations name this function.
    return stored_name(f"reports/{instance.report.year}", instance.content_type)


class Evidence(EvidenceFile):
    """A file attached to a progress report (fields and checks shared with action evidence: reports.evidence)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence_files")
    file = evidence_file_field(evidence_upload_to)

    history = AuditedHistory()

    class Meta(EvidenceFile.Meta):
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [EvidenceFile.not_empty("evidence_not_empty")]


class DueDateOverride(models.Model):
    """A due date set by the secretariat for an agency and its whole subtree (the nearest one wins)."""

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="due_dates")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    due_on = models.DateField(_("due date"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("due date")
        verbose_name_plural = _("due dates")
        ordering = ["year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "period"], name="due_date_one_per_agency_year_period"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_period_display()} {self.year}: {self.due_on:%d/%m/%Y}"


class Reminder(models.Model):
    """A reminder e-mail already sent, so that the daily job never sends the same one twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the due date")
        OVERDUE = "overdue", _("after the due date")
        MANUAL = "manual", _("sent by the secretariat")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=2, choices=Period.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "period", "kind", "recipient"],
                condition=~Q(kind="manual"),
                name="reminder_automatic_once",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "period", "recipient", "sent_on"],
                condition=Q(kind="manual"),
                name="reminder_manual_once_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency} · {self.period} {self.year} → {self.email}"


class ResultSnapshot(models.Model):
    """Stored roll-up of an agency's results for a year (reports/rollup_store.py). Derived data, rebuilt
    from the accepted reports at any time, so it has no history of its own (docs/performance.md)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    with_causes = models.BooleanField(default=False)
    stamp = models.CharField(max_length=64)
    summary = models.JSONField()
    details = models.JSONField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "with_causes"], name="result_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}{' +causes' if self.with_causes else ''}"


# The corrective action register lives in its own sub-package; importing it here registers its models.
from reports.actions.models import ActionEvidence, ActionReminder, CorrectiveAction  # noqa: E402, F401
from reports.inbox.models import Notification, NotificationEmail, NotificationKind, NotificationSettings  # noqa: E402,F401
from reports.review.models import (  # noqa: E402, F401
    ManagementReview,
    ReviewAttendee,
    ReviewDecision,
    ReviewInputs,
    ReviewSignedDocument,
)
