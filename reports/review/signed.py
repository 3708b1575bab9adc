"""The signed PDFs of the input report and the minutes, validated as decisions' signed originals are
(objectives.signing: every signature checked offline against the trust anchors, the result stored with the file)
and compared with the record: the document's title, period, agency and, for the minutes, the meeting date and the
chair's name must be found in its text. The newest file of a kind is current; older ones are kept."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user, require
from qms_portal import audit
from qms_portal.text import nfc
from qms_portal.vnformat import format_doc_date
from reports.review.models import ManagementReview, ReviewSignedDocument, SignedKind

PDF_HEADER_WINDOW = 1024


def record_items(review: ManagementReview, kind: str) -> list[tuple[str, str]]:
    """(what, text) the signed document must contain, worded as the print words them."""
    from reports.review.printing import document_title, signer_names

    doc_type = "BIÊN BẢN" if kind == SignedKind.MINUTES else "BÁO CÁO"
    items = [(_("Title"), f"{doc_type} {document_title(review, kind)}"), (_("Agency"), review.agency.name)]
    if kind == SignedKind.MINUTES:
        if review.meeting_date:
            items.append((_("Meeting date"), format_doc_date(review.meeting_date)))
        chair, _secretary = signer_names(review)
        if chair:
            items.append((_("Chair"), chair))
    return items


def _analyse(review: ManagementReview, kind: str, data: bytes) -> dict:
    from objectives.signing.compare import normalise, read_text
    from objectives.signing.services import current_anchors
    from objectives.signing.statuses import SignatureState
    from objectives.signing.validation import validate_pdf

    result = validate_pdf(data, anchors=current_anchors())
    text = read_text(data) if result.state != SignatureState.CORRUPT else None
    missing = []
    if text is not None:
        flat = text.flat.replace(" \n ", " ")
        missing = [
            {"label": str(label), "record": wanted}
            for label, wanted in record_items(review, kind)
            if normalise(wanted) not in flat
        ]
    return {
        "state": result.state,
        "signatures": result.as_json(),
        "error": result.error[:500],
        "text_found": text is not None,
        "missing": missing,
    }


def signed_attach(*, review: ManagementReview, kind: str, upload, user) -> ReviewSignedDocument:
    """Validate the signed PDF and attach it with the result (the secretariat). The input report once its inputs
    are compiled; the minutes once the meeting is held. The slow reading runs before the transaction."""
    from objectives.signing.services import read_limited

    review = ManagementReview.objects.select_related("agency", "chair").get(pk=review.pk)
    require(user, Action.SIGN, review)
    if kind not in SignedKind.values:
        raise ValidationError({"kind": _("Choose the input report or the minutes.")})
    _check_state(review, kind)
    data = read_limited(upload, settings.SIGNED_PDF_MAX_BYTES)
    if b"%PDF-" not in data[:PDF_HEADER_WINDOW]:
        raise ValidationError(
            {"file": _("This file is not a PDF. Upload the signed PDF exactly as the signing software saved it.")}
        )
    found = _analyse(review, kind, data)
    filename = nfc(getattr(upload, "name", "") or "signed.pdf").rsplit("/", 1)[-1][:200] or "signed.pdf"
    document = ReviewSignedDocument(
        review=review,
        kind=kind,
        filename=filename,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=recorded_user(user),
        **found,
    )
    document.file.save("signed.pdf", ContentFile(data), save=False)
    try:
        with audit.acting_as(user), transaction.atomic():
            locked = ManagementReview.objects.select_for_update().get(pk=review.pk)
            _check_state(locked, kind)
            document.full_clean(exclude=["uploaded_by", "file"])
            if recorded_user(user) is not None:
                document._history_user = user
            document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _check_state(review: ManagementReview, kind: str) -> None:
    if kind == SignedKind.MINUTES and review.is_draft:
        raise ValidationError({"file": _("The minutes can be attached once the meeting has been held.")})
    if kind == SignedKind.INPUTS and not review.input_snapshots.exists():
        raise ValidationError({"file": _("Compile the inputs before attaching the signed input report.")})
