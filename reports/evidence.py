"""Evidence files, in one place for a progress report (`reports.models.Evidence`) and a corrective action
(`reports.actions.models.ActionEvidence`): the fields they share (the abstract `EvidenceFile`), the check of an
upload by its content (`check_upload`: only PDFs, images and Office documents, not too large, not empty, no
HTML inside) and how a checked upload becomes an evidence row (`EvidenceFile.from_upload`). The stored name
never comes from the user: the original name is kept in a field, the extension is that of the detected type.

Each model declares its own `file` with `evidence_file_field(upload_to)`, so that its upload folder stays the
function its migrations name."""

import os
import uuid
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms_portal.text import nfc
from qms_portal.uploads import extension_for, holds_html
from qms_portal.vnformat import format_decimal

ALLOWED_UPLOADS = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument",
}


def check_upload(upload) -> str:
    """The file's real type from its content (not its name or the browser's claim); refused if not
    a PDF, an image or an Office document, or if too large."""
    name = os.path.basename(upload.name or "")
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s MB); each file may be at most %(max)s MB.")
            % {
                "name": name,
                "size": format_decimal(Decimal(upload.size) / 1048576, 1),
                "max": format_decimal(limit // 1048576),
            }
        )
    if not upload.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_UPLOADS:
        raise ValidationError(_not_allowed(name))
    if holds_html(upload):
        raise ValidationError(
            _("“%(name)s” contains web page code (HTML) and was refused. Upload the document itself, e.g. as a PDF.")
            % {"name": name}
        )
    return kind.mime


def _not_allowed(name: str) -> str:
    return _("“%(name)s” is not a PDF, an image or an Office document (the content was checked, not the name).") % {
        "name": name
    }


def stored_name(folder: str, mime: str) -> str:
    """A new random name under `folder` with the extension of the detected type."""
    return f"{folder}/{uuid.uuid4().hex}.{extension_for(mime)}"


def evidence_file_field(upload_to) -> models.FileField:
    return models.FileField(gettext_lazy("file"), upload_to=upload_to, max_length=200)


class EvidenceFile(models.Model):
    """What every evidence file records besides the file itself and what it belongs to."""

    original_name = models.CharField(gettext_lazy("file name"), max_length=255)
    content_type = models.CharField(gettext_lazy("type"), max_length=120)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @staticmethod
    def not_empty(name: str) -> models.CheckConstraint:
        """The database's guard against an empty file (each model names its own constraint)."""
        return models.CheckConstraint(condition=Q(size__gt=0), name=name)

    def clean(self) -> None:
        super().clean()
        if self.size is not None and self.size <= 0:
            raise ValidationError({"size": _("“%(name)s” is empty.") % {"name": self.original_name}})
        if self.content_type not in ALLOWED_UPLOADS:
            raise ValidationError({"content_type": _not_allowed(self.original_name)})

    @classmethod
    def from_upload(cls, upload, mime: str, *, uploaded_by, **owner) -> "EvidenceFile":
        """An unsaved, validated row for an upload that `check_upload` found to be of type `mime`, its file
        stored under the model's upload folder; `owner` is the report or action it belongs to (report=...)."""
        evidence = cls(
            original_name=nfc(os.path.basename(upload.name or ""))[:255] or "file",
            content_type=mime,
            size=upload.size,
            uploaded_by=uploaded_by,
            **owner,
        )
        try:  # before the file is stored, so that a refused row leaves no file behind; uploaded_by is None for
            # the system (a job, the demo), which records no person
            evidence.full_clean(exclude=["file", "uploaded_by"], validate_constraints=False)
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from None
        evidence.file.save(upload.name, upload, save=False)
        return evidence
