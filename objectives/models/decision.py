"""A yearly decision (Quyết định) and its workflow events."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from qms_portal.audit import AuditedHistory


class DecisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")
    SUPERSEDED = "superseded", _("Superseded by an amendment")


OPEN_STATUSES = (DecisionStatus.DRAFT, DecisionStatus.SUBMITTED, DecisionStatus.APPROVED)


class SignerPrefix(models.TextChoices):
    NONE = "", _("None (the head signs in person)")
    TM = "TM.", _("TM. (on behalf of the collective)")
    KT = "KT.", _("KT. (a deputy signs for the head)")
    Q = "Q.", _("Q. (acting head)")
    TL = "TL.", _("TL. (by order)")
    TUQ = "TUQ.", _("TUQ. (by written delegation)")


class AppendixForm(models.TextChoices):
    LIST = "list", _("Numbered list")
    TABLE = "table", _("Table (TT | content | target | measures | time)")


class DecisionQuerySet(models.QuerySet):
    def in_force(self):
        """The issued decision of each agency and year: status ISSUED, because issuing an amendment marks the
        decision it amends SUPERSEDED. The one verb for "issued" (a separate `issued()` had the same body)."""
        return self.filter(status=DecisionStatus.ISSUED)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def for_year(self, year: int):
        return self.filter(year=year)

    def in_subtree(self, agency: Agency):
        return self.filter(agency__path__startswith=agency.path)


class Decision(models.Model):
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField(
        _("year of the objectives"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("amends or replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    # Header, as issued: copied from the agency when the decision is created, so that a renamed or
    # dissolved agency's decision still prints exactly as it was signed.
    header_parent = models.CharField(_("header line: parent agency"), max_length=255, blank=True)
    header_own = models.CharField(_("header line: agency"), max_length=255)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, help_text=_('e.g. "QĐ-UBND"'))
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    doc_type = models.CharField(_("document type"), max_length=60, default="QUYẾT ĐỊNH")
    summary = models.TextField(_("summary (V/v ...)"), max_length=500)
    authority = models.CharField(_("issuing authority"), max_length=255)
    issuer = models.CharField(
        _("issuing authority in running text"),
        max_length=255,
        blank=True,
        help_text=_(
            'As the appendix reference line writes it, e.g. "Chủ tịch Ủy ban nhân dân xã Phước An"; '
            "copied from the agency, kept as issued."
        ),
    )
    legal_bases = models.JSONField(_("legal bases"), default=list, blank=True)
    proposal = models.TextField(_("proposal line"), max_length=1000, blank=True)
    articles = models.JSONField(_("articles"), default=list, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    signer_prefix = models.CharField(_("signer prefix"), max_length=5, choices=SignerPrefix.choices, blank=True)
    signer_authority = models.CharField(
        _("signer authority line"),
        max_length=255,
        blank=True,
        help_text=_('Under TM./KT./Q./TL./TUQ.: e.g. "ỦY BAN NHÂN DÂN" or "CHỦ TỊCH".'),
    )
    signer_title = models.CharField(_("signer title"), max_length=255, blank=True)
    signer_name = models.CharField(_("signer name"), max_length=120, blank=True)
    appendix_title = models.CharField(_("appendix title"), max_length=255, blank=True)
    appendix_intro = models.TextField(_("appendix introduction"), max_length=2000, blank=True)
    appendix_reference = models.CharField(
        _("appendix reference line as printed"),
        max_length=500,
        blank=True,
        help_text=_(
            'Leave empty to generate "(Kèm theo Quyết định số ...)"; fill it only to keep an old document exactly as issued.'
        ),
    )
    appendix_form = models.CharField(
        _("appendix form"), max_length=10, choices=AppendixForm.choices, default=AppendixForm.LIST
    )
    appendix_landscape = models.BooleanField(_("landscape appendix"), default=False)
    scan = models.FileField(_("scan of the signed paper"), upload_to="scans/%Y/", blank=True)
    lock_version = models.PositiveIntegerField(default=1, editable=False)
    search_key = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory(excluded_fields=["search_key"])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-year", "agency__path", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"], condition=Q(status="issued"), name="one_decision_in_force_per_agency_year"
            ),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="one_open_decision_per_agency_year",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "number", "symbol"],
                condition=Q(number__isnull=False),
                name="decision_number_unique_per_agency_year",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["issued", "superseded"]) | Q(number__isnull=False, issued_on__isnull=False),
                name="issued_decision_has_number_and_date",
            ),
            models.CheckConstraint(condition=Q(year__gte=2000, year__lte=2100), name="decision_year_in_range"),
            models.CheckConstraint(condition=~Q(amends=F("id")), name="decision_not_amending_itself"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="decision_year_status")]

    def __str__(self) -> str:
        if self.number:
            return f"{self.number:02d}/{self.symbol} ({self.agency}, {self.year})"
        return f"{self.get_status_display()} {self.year} · {self.agency}"

    @property
    def is_editable(self) -> bool:
        return self.status == DecisionStatus.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status in (DecisionStatus.ISSUED, DecisionStatus.SUPERSEDED)

    @property
    def last_event(self) -> "DecisionEvent | None":
        """The latest workflow event (selectors may set `_last_event` to save the query)."""
        if not hasattr(self, "_last_event"):
            self._last_event = self.events.select_related("user").order_by("-created_at", "-id").first()
        return self._last_event

    @property
    def returned_event(self) -> "DecisionEvent | None":
        """The return that sent this draft back, until it is submitted again."""
        event = self.last_event if self.status == DecisionStatus.DRAFT else None
        return event if event is not None and event.action == DecisionEvent.Action.RETURN else None

    @property
    def review_event(self) -> "DecisionEvent | None":
        """The secretariat's review of the current submission, if it has been reviewed."""
        event = self.last_event if self.status == DecisionStatus.SUBMITTED else None
        return event if event is not None and event.action == DecisionEvent.Action.REVIEW else None

    @property
    def is_submitted(self) -> bool:
        return self.status == DecisionStatus.SUBMITTED

    @property
    def is_reviewed(self) -> bool:
        """Has the secretariat reviewed the current submission (its last event is a review)?"""
        return self.review_event is not None

    @property
    def status_badge(self) -> str:
        """The Bootstrap badge style of the status (templates show it without comparing status strings)."""
        return STATUS_BADGES.get(self.status, "text-bg-light border")

    def possible_steps(self) -> list:
        """The workflow steps this decision's state allows (agencies.permissions.allowed_steps filters them
        by role)."""
        from objectives import steps

        if self.status == DecisionStatus.DRAFT:
            return [steps.EDIT, steps.COPY_PREVIOUS, steps.SUBMIT]
        if self.status == DecisionStatus.SUBMITTED:
            if self.is_reviewed:
                return [steps.APPROVE_REVIEWED, steps.RETURN]
            return [steps.REVIEW, steps.APPROVE, steps.RETURN]
        if self.status == DecisionStatus.APPROVED:
            return [steps.ISSUE, steps.RETURN_APPROVED]
        if self.status == DecisionStatus.ISSUED:
            return [steps.AMEND, steps.ATTACH_SCAN]
        return []

    def step_url(self, step) -> str:
        from django.urls import reverse

        from objectives import steps

        args = [self.pk, step.name] if step.url_name == steps.STEP_URL else [self.pk]
        return reverse(step.url_name, args=args)


STATUS_BADGES = {
    DecisionStatus.ISSUED: "text-bg-success",
    DecisionStatus.APPROVED: "text-bg-primary",
    DecisionStatus.SUBMITTED: "text-bg-warning",
    DecisionStatus.SUPERSEDED: "text-bg-secondary",
}


class DecisionEvent(models.Model):
    """One workflow step (submit, review, return, approve, issue, amend) with its comment."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        SUBMIT = "submit", _("submitted for review")
        REVIEW = "review", _("reviewed by the secretariat")
        RETURN = "return", _("returned to draft")
        APPROVE = "approve", _("approved")
        ISSUE = "issue", _("issued")
        AMEND = "amend", _("amendment started")
        SUPERSEDE = "supersede", _("superseded by an amendment")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20, choices=DecisionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DecisionStatus.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"
