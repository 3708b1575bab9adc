"""Yearly decisions (Quyết định), their sections, objectives and typed, measurable targets."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from objectives.choices import (  # re-exported: objectives.models.DecisionStatus etc. stay valid
    OPEN_STATUSES,
    STATUS_BADGES,
    Aggregation,
    AppendixForm,
    Comparator,
    DecisionStatus,
    Frequency,
    Measurement,
    SignerPrefix,
    Unit,
)
from qms_portal.audit import AuditedHistory
from qms_portal.jobs import JobStatus, LeasedJob


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


class Section(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255, help_text=_('e.g. "Đối với Ủy ban nhân dân xã"'))
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def agency(self) -> Agency:
        return self.decision.agency


class Objective(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objectives")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), null=True, blank=True, on_delete=models.SET_NULL, related_name="objectives"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    content = models.TextField(_("objective"), max_length=3000)
    measures = models.TextField(_("measures"), max_length=3000, blank=True)
    responsibility = models.TextField(_("responsibility"), max_length=1000, blank=True)
    resources = models.TextField(_("resources"), max_length=1000, blank=True)
    timeframe = models.CharField(_("timeframe"), max_length=255, blank=True)
    evaluation = models.TextField(_("how results are evaluated"), max_length=1000, blank=True)
    qualitative = models.BooleanField(
        _("qualitative objective (no measurable target)"),
        default=False,
        help_text=_("Tick only for an objective that cannot be measured; the others need at least one target."),
    )
    parent_objective = models.ForeignKey(
        "self",
        verbose_name=_("implements the parent agency's objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def agency(self) -> Agency:
        return self.decision.agency


class Target(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveIntegerField(_("order"), default=0)
    label = models.CharField(_("short label"), max_length=200, blank=True)
    comparator = models.CharField(_("comparator"), max_length=10, choices=Comparator.choices, default=Comparator.GTE)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4, null=True, blank=True)
    upper = models.DecimalField(_("upper value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, default=Unit.PERCENT)
    unit_label = models.CharField(
        _("unit name"),
        max_length=60,
        blank=True,
        help_text=_('For counts or free units, e.g. "sáng kiến".'),
    )
    scope = models.CharField(_("scope"), max_length=120, blank=True, help_text=_('e.g. "cấp xã"'))
    measurement = models.CharField(
        _("measured as"), max_length=10, choices=Measurement.choices, default=Measurement.RATIO
    )
    aggregation = models.CharField(
        _("over the year"), max_length=20, choices=Aggregation.choices, default=Aggregation.RATIO_OF_SUMS
    )
    frequency = models.CharField(_("reported"), max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY)
    source_phrase = models.CharField(_("original phrase"), max_length=500, blank=True)
    parent_target = models.ForeignKey(
        "self",
        verbose_name=_("implements the parent agency's target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implementations",
    )
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    lock_version = models.PositiveIntegerField(default=1, editable=False)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="target_percent_value_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(unit="percent") | Q(upper__isnull=True) | Q(upper__gte=0, upper__lte=100),
                name="target_percent_upper_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(comparator="between") | Q(value__isnull=False, upper__isnull=False, upper__gte=F("value")),
                name="target_between_bounds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(comparator="done") | Q(value__isnull=False),
                name="target_value_required",
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        from objectives.targets import render_target

        return render_target(self)

    @property
    def agency(self) -> Agency:
        return self.objective.decision.agency

    @property
    def document_phrase(self) -> str:
        """As the decision itself words it: the original phrase when there is one, else the standard wording."""
        return self.source_phrase or str(self)

    @property
    def higher_is_better(self) -> bool | None:
        if self.comparator in (Comparator.GTE, Comparator.GT, Comparator.REDUCE_BY):
            return True
        if self.comparator in (Comparator.LTE, Comparator.LT):
            return False
        return None

    def is_met(self, result: Decimal | bool | None, *, previous: Decimal | None = None) -> bool | None:
        from objectives.targets import target_is_met

        return target_is_met(self, result, previous=previous)


class PrintImage(models.Model):
    """A signer's signature or an agency's seal, as a transparent PNG, placed on electronic copies."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("signature")
        SEAL = "seal", _("seal")

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="print_images")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    signer_name = models.CharField(
        _("signer name"), max_length=120, blank=True, help_text=_("For a signature: the name as printed under it.")
    )
    image = models.FileField(_("image (transparent PNG)"), upload_to="print-images/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signature or seal image")
        verbose_name_plural = _("signature and seal images")
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "signer_name"], name="print_image_unique"),
            models.CheckConstraint(
                condition=Q(kind="seal", signer_name="") | (Q(kind="signature") & ~Q(signer_name="")),
                name="print_image_signer_for_signatures_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.agency} {self.signer_name}".strip()


class PrintBatch(LeasedJob):
    """A background export of every issued decision of a subtree for a year, with its progress; a leased job
    (qms_portal.jobs) so that a worker's death ends in a resumed or a clearly failed batch."""

    Status = JobStatus

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=list, blank=True)
    pdf = models.FileField(upload_to="batches/", blank=True)
    zip = models.FileField(upload_to="batches/", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.status == self.Status.DONE else 0)

    @property
    def is_queued(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING

    @property
    def is_active(self) -> bool:
        """Waiting or running: the progress block keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_stopped(self) -> bool:
        """Failed or cancelled: it can be run again."""
        return self.status in (self.Status.FAILED, self.Status.CANCELLED)


# Models in their own modules, registered with this app: risks and opportunities (issue 13), signed
# electronic originals (issue 14) and the stored renders of issued decisions (issue 16, print once).
from objectives.printing.stored_models import RenderKind, StoredRender  # noqa: E402, F401
from objectives.risks.models import RiskItem, RiskObjective  # noqa: E402, F401
from objectives.signing.models import AgencySigningCertificate, SignedOriginal, TrustAnchor  # noqa: E402, F401
