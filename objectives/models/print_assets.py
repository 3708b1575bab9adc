"""Signature and seal images for electronic copies, and background print batches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from qms_portal.jobs import JobStatus, LeasedJob


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
