"""The stored render of an issued decision (issue 16, "print once"): one row per decision and kind of download,
the file in storage, and the versions it was made with. Its own table: issued decisions are frozen by the
database (qms_portal.dbguards), and a stored file is replaced whenever the printing code, the templates or
the images on the page change. Registered with the objectives app by the import at the end of its models."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qms_portal.audit import AuditedHistory


class RenderKind(models.TextChoices):
    PDF = "pdf", _("decision and appendix (PDF)")
    PDF_PLAIN = "pdf-plain", _("decision and appendix without images (PDF)")
    APPENDIX = "appendix", _("appendix alone (PDF)")
    DOCX = "docx", _("Word file")


class StoredRender(models.Model):
    """The bytes a download of an issued decision serves, rendered once. `version` is the printing code and
    templates' fingerprint (objectives.printing.stored.render_version), `inputs` that of what prints besides
    the frozen decision (the agency's name, the signature and seal images); either differing means stale."""

    decision = models.ForeignKey(
        "objectives.Decision", verbose_name=_("decision"), on_delete=models.CASCADE, related_name="stored_renders"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=RenderKind.choices)
    version = models.CharField(_("render version"), max_length=64)
    inputs = models.CharField(_("inputs fingerprint"), max_length=64)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    file = models.FileField(_("file"), upload_to="renders/%Y/")
    rendered_at = models.DateTimeField(_("rendered at"), default=timezone.now)

    history = AuditedHistory()

    class Meta:
        verbose_name = _("stored render")
        verbose_name_plural = _("stored renders")
        constraints = [models.UniqueConstraint(fields=["decision", "kind"], name="stored_render_one_per_kind")]

    def __str__(self) -> str:
        return f"{self.decision_id} · {self.kind} · {self.version[:8]}"
