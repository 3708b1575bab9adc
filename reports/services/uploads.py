"""Evidence files of a progress report: checked by their content (not their name), at most so many per
report."""

import os
from decimal import Decimal

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qms_portal.uploads import holds_html
from qms_portal.vnformat import format_decimal

MAX_FILES_PER_REPORT = 20
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
        raise ValidationError(
            _("“%(name)s” is not a PDF, an image or an Office document (the content was checked, not the name).")
            % {"name": name}
        )
    if holds_html(upload):
        raise ValidationError(
            _("“%(name)s” contains web page code (HTML) and was refused. Upload the document itself, e.g. as a PDF.")
            % {"name": name}
        )
    return kind.mime


def check_files(files, errors: dict[str, str]) -> list[tuple[object, str]]:
    checked = []
    for upload in files:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            errors.setdefault("files", error.messages[0])
    return checked
