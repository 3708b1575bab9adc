"""The input report and the minutes signed like decisions (objectives.signing): a PDF with empty signature fields
where the signers sign (the agency head and the agency's seal on the report, the secretary and the chair on the
minutes; the places read from the laid-out `.sign-space` boxes, never guessed), and a copy signed on the server
with the agency's stored certificate, validated and stored as the review's signed document (signed.py)."""

from __future__ import annotations

from datetime import datetime

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.permissions import Action, require
from reports.review.models import ManagementReview, ReviewSignedDocument, SignedKind

SECRETARY_FIELD = "ChuKyThuKy"  # the minutes: the secretary (left)
CHAIR_FIELD = "ChuKyChuTri"  # the minutes: the chair (right)


def _rendered(review: ManagementReview, kind: str):
    """The document's PDF and its signature boxes: [head] for the report, [secretary, chair] for the minutes."""
    from objectives.signing.fields import render_html_with_areas
    from reports.review.printing import build

    with translation.override("vi"):
        html = render_to_string("reports/review/print.html", {"doc": build(review, kind), "now": timezone.now()})
    pdf, areas = render_html_with_areas(html)
    expected = 2 if kind == SignedKind.MINUTES else 1
    if len(areas) != expected:
        from objectives.signing.server_sign import SigningError

        raise SigningError(_("The place of the signature was not found in the layout."), "no_position")
    return pdf, areas


def check_ready(review: ManagementReview, kind: str) -> None:
    """The report is signed once its inputs are compiled, the minutes once the meeting is held."""
    from django.core.exceptions import ValidationError

    if kind == SignedKind.MINUTES and review.is_draft:
        raise ValidationError(_("The minutes can be signed once the meeting has been held."))
    if kind == SignedKind.INPUTS and not review.input_snapshots.exists():
        raise ValidationError(_("Compile the inputs before signing the input report."))


def _agency_area(signer):
    from objectives.printing import DEFAULT_SEAL_MM
    from objectives.signing.fields import agency_area

    return agency_area(signer, seal_mm=DEFAULT_SEAL_MM)


def fields_pdf(review: ManagementReview, kind: str) -> bytes:
    """The PDF for the signing plugin: empty fields for the agency head and the agency (report), or for the
    secretary and the chair (minutes). The state is checked as for attaching the signed file."""
    from objectives.signing.fields import AGENCY_FIELD, SIGNER_FIELD, with_empty_fields

    check_ready(review, kind)
    pdf, areas = _rendered(review, kind)
    if kind == SignedKind.MINUTES:
        secretary, chair = areas
        return with_empty_fields(pdf, [(SECRETARY_FIELD, secretary), (CHAIR_FIELD, chair)])
    [head] = areas
    return with_empty_fields(pdf, [(SIGNER_FIELD, head), (AGENCY_FIELD, _agency_area(head))])


def server_signed_pdf(review: ManagementReview, kind: str, *, now: datetime | None = None) -> bytes:
    """The document signed with the agency's certificate: on the report over the left third of the head's
    signature (where the seal goes), on the minutes over the chair's. Raises SigningError."""
    from objectives.signing.fields import AGENCY_FIELD
    from objectives.signing.selectors import active_certificate
    from objectives.signing.server_sign import SigningError, load_signer, sign_pdf_bytes, signing_time_text

    record = active_certificate(review.agency)
    if record is None:
        raise SigningError(_("%(agency)s has no signing certificate.") % {"agency": review.agency}, "no_certificate")
    signer = load_signer(record)
    pdf, areas = _rendered(review, kind)
    place = areas[-1]  # the report's head, the minutes' chair
    area = _agency_area(place)
    area = type(area)(page=area.page, x1=area.x1, y1=area.y1, x2=place.x2, y2=area.y2)  # room for name and time
    moment = now or timezone.now()
    with translation.override("vi"):  # the document is Vietnamese whatever the user's language
        lines = [review.agency.name, _("Time of signing: %(time)s") % {"time": signing_time_text(moment)}]
        reason = _("Electronic copy issued by %(agency)s") % {"agency": review.agency.name}
    return sign_pdf_bytes(
        pdf,
        signer=signer,
        area=area,
        field_name=AGENCY_FIELD,
        lines=lines,
        location=review.place or review.agency.place or "",
        reason=reason,
    )


def review_server_sign(*, review: ManagementReview, kind: str, user, now: datetime | None = None):
    """Sign the input report or the minutes with the agency's certificate and attach the signed PDF as the
    review's signed document, validated and compared like an uploaded one (the secretariat). Refusals raise
    ValidationError (state, kind) or SigningError (no certificate, signing failed); nothing is stored then."""
    from django.core.exceptions import ValidationError

    from reports.review.printing import filename
    from reports.review.signed import signed_attach

    require(user, Action.SIGN, review)
    if kind not in SignedKind.values:
        raise ValidationError({"kind": _("Choose the input report or the minutes.")})
    check_ready(review, kind)
    data = server_signed_pdf(review, kind, now=now)
    name = filename(review, kind, "pdf").replace(".pdf", "_ky-so.pdf")
    document: ReviewSignedDocument = signed_attach(
        review=review, kind=kind, upload=ContentFile(data, name=name), user=user
    )
    return document
