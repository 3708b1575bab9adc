"""Models of the management review: the meeting (one per agency and period), its attendees, the stored snapshots
of its compiled inputs (the newest is current; older ones are history), its decisions and the signed PDFs of the
input report and the minutes. Registered by the import at the end of reports/models.py (app label `reports`)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.signing.statuses import SignatureState, css_class
from qms_portal.audit import AuditedHistory

NARRATIVE_MAX = 5000


class ReviewPeriod(models.TextChoices):
    YEAR = "year", _("Whole year")
    H1 = "H1", _("First half-year")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    HELD = "held", _("Held")
    CLOSED = "closed", _("Minutes approved")


class ManagementReview(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=ReviewPeriod.choices, default=ReviewPeriod.YEAR)
    status = models.CharField(_("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT)
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    place = models.CharField(_("meeting place"), max_length=300, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    chair_title = models.CharField(_("chair's title"), max_length=200, blank=True)
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    guests = models.TextField(_("guests (one per line)"), max_length=3000, blank=True)
    report_number = models.PositiveIntegerField(_("number of the input report"), null=True, blank=True)
    minutes_number = models.PositiveIntegerField(_("number of the minutes"), null=True, blank=True)
    # The inputs the data cannot give (ISO 9001 9.3.2 a, b, d, f and 9.3.3).
    audit_results = models.TextField(_("internal audit results"), max_length=NARRATIVE_MAX, blank=True)
    issues_changes = models.TextField(
        _("changes in external and internal issues"), max_length=NARRATIVE_MAX, blank=True
    )
    resources = models.TextField(_("adequacy of resources"), max_length=NARRATIVE_MAX, blank=True)
    feedback = models.TextField(_("feedback and complaints"), max_length=NARRATIVE_MAX, blank=True)
    improvements = models.TextField(_("opportunities for improvement"), max_length=NARRATIVE_MAX, blank=True)
    conclusions = models.TextField(_("conclusions"), max_length=NARRATIVE_MAX, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-year", "agency__path", "period"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "period"], name="management_review_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.year} · {self.get_period_display()}"

    @property
    def is_draft(self) -> bool:
        return self.status == ReviewStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == ReviewStatus.CLOSED

    @property
    def is_editable(self) -> bool:
        return self.status != ReviewStatus.CLOSED

    @property
    def status_badge(self) -> str:
        return {ReviewStatus.DRAFT: "secondary", ReviewStatus.HELD: "primary"}.get(self.status, "success")

    def possible_steps(self) -> list:
        from reports.review import steps

        return list(steps.FROM_STATUS.get(self.status, ()))

    def step_url(self, step) -> str:
        from django.urls import reverse

        return reverse(step.url_name, args=[self.pk, step.name])


class ReviewAttendee(models.Model):
    """A member of the agency (or above it) who attended the meeting."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="attendees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("attendee"), on_delete=models.CASCADE)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="review_attendee_once")]

    def __str__(self) -> str:
        return str(self.user)


class ReviewInputs(models.Model):
    """The inputs as compiled when the secretariat pressed "Compile the inputs": the newest row is what prints;
    older rows stay as history. `data` holds plain strings and numbers (reports.review.inputs)."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="input_snapshots")
    data = models.JSONField(_("compiled inputs"))
    compiled_on = models.DateField(_("data as of"))
    compiled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    compiled_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("compiled review inputs")
        verbose_name_plural = _("compiled review inputs")
        ordering = ["-compiled_at", "-id"]

    def __str__(self) -> str:
        return f"{self.review_id} · {self.compiled_at:%d/%m/%Y %H:%M}"


class ReviewDecision(models.Model):
    """A decision of the meeting (ISO 9001 9.3.3): what is decided, who is responsible, by when. One that needs
    work becomes a corrective action (CorrectiveAction.review_decision points here)."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("decision"), max_length=2000)
    responsible = models.CharField(_("responsible"), max_length=300, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def agency(self) -> Agency:
        return self.review.agency


class SignedKind(models.TextChoices):
    INPUTS = "inputs", _("Input report")
    MINUTES = "minutes", _("Minutes")


def signed_upload_to(instance: "ReviewSignedDocument", filename: str) -> str:
    return f"review-signed/{uuid.uuid4().hex}.pdf"  # never the user's name


class ReviewSignedDocument(models.Model):
    """The signed PDF of the input report or the minutes, with what the validation found when uploaded
    (objectives.signing.validation). The newest row of a kind is current; older rows are history."""

    review = models.ForeignKey(ManagementReview, on_delete=models.CASCADE, related_name="signed_documents")
    kind = models.CharField(_("document"), max_length=10, choices=SignedKind.choices)
    file = models.FileField(_("signed PDF"), upload_to=signed_upload_to, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    state = models.CharField(_("status"), max_length=12, choices=SignatureState.choices)
    signatures = models.JSONField(_("signatures"), default=list, blank=True)
    error = models.CharField(_("technical detail"), max_length=500, blank=True)
    text_found = models.BooleanField(_("text could be read"), default=False)
    missing = models.JSONField(_("record items not found in the document"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("signed review document")
        verbose_name_plural = _("signed review documents")
        ordering = ["-uploaded_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(size__gt=0), name="review_signed_not_empty")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.filename}"

    @property
    def css_class(self) -> str:
        return css_class(self.state)

    @property
    def is_valid(self) -> bool:
        return self.state == SignatureState.VALID

    @property
    def matches_record(self) -> bool:
        return self.text_found and not self.missing
