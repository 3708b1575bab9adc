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
    """The document's PDF and its signature spaces (between title and name): [head] for the report, [secretary,
    chair] for the minutes."""
    from objectives.signing.fields import render_html_with_areas
    from reports.review.printing import build

    with translation.override("vi"):
        html = render_to_string("reports/review/print.html", {"doc": build(review, kind), "now": timezone.now()})
    pdf, spaces = render_html_with_areas(html)
    expected = 2 if kind == SignedKind.MINUTES else 1
    if len(spaces) != expected:
        from objectives.signing.server_sign import SigningError

        raise SigningError(_("The place of the signature was not found in the layout."), "no_position")
    return pdf, spaces


def check_ready(review: ManagementReview, kind: str) -> None:
    """The report is signed once its inputs are compiled, the minutes once the meeting is held."""
    from django.core.exceptions import ValidationError

    if kind == SignedKind.MINUTES and review.is_draft:
        raise ValidationError(_("The minutes can be signed once the meeting has been held."))
    if kind == SignedKind.INPUTS and not review.input_snapshots.exists():
        raise ValidationError(_("Compile the inputs before signing the input report."))


def _agency_area(signer, seal_mm: float | None = None, text_right: float | None = None):
    from objectives.printing import DEFAULT_SEAL_MM
    from objectives.signing.fields import agency_area

    return agency_area(signer, seal_mm=seal_mm or DEFAULT_SEAL_MM, text_right=text_right)


def _seal(review: ManagementReview) -> tuple[bytes | None, float | None]:
    """The agency's uploaded seal image and its size (the report is sealed; the minutes are not)."""
    from types import SimpleNamespace

    from objectives.printing.images import sign_images

    images = sign_images(SimpleNamespace(agency_id=review.agency_id, signer_name=""))  # the seal alone
    return (images.seal_png, images.seal_mm) if images is not None else (None, None)


def fields_pdf(review: ManagementReview, kind: str) -> bytes:
    """The PDF for the signing plugin: empty fields for the agency head and the agency (report), or for the
    secretary and the chair (minutes). The state is checked as for attaching the signed file."""
    from objectives.signing.fields import AGENCY_FIELD, SIGNER_FIELD, signer_area, with_empty_fields

    check_ready(review, kind)
    pdf, spaces = _rendered(review, kind)
    areas = [signer_area(space) for space in spaces]
    if kind == SignedKind.MINUTES:
        secretary, chair = areas
        return with_empty_fields(pdf, [(SECRETARY_FIELD, secretary), (CHAIR_FIELD, chair)])
    [head] = areas
    return with_empty_fields(pdf, [(SIGNER_FIELD, head), (AGENCY_FIELD, _agency_area(head))])


def server_signed_pdf(review: ManagementReview, kind: str, *, now: datetime | None = None) -> bytes:
    """The document signed with the agency's certificate: on the report over the left third of the head's
    signature (where the seal goes; the appearance carries the agency's seal image when uploaded), on the
    minutes over the chair's (no seal). Raises SigningError."""
    from objectives.signing.fields import AGENCY_FIELD, signer_area
    from objectives.signing.selectors import active_certificate
    from objectives.signing.server_sign import SigningError, load_signer, sign_pdf_bytes, signing_time_text

    record = active_certificate(review.agency)
    if record is None:
        raise SigningError(_("%(agency)s has no signing certificate.") % {"agency": review.agency}, "no_certificate")
    signer = load_signer(record)
    pdf, spaces = _rendered(review, kind)
    space = spaces[-1]  # the report's head, the minutes' chair
    seal_png, seal_mm = _seal(review) if kind == SignedKind.INPUTS else (None, None)
    area = _agency_area(signer_area(space), seal_mm, text_right=space.x2)  # on to the column's edge: name, time
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
        seal_png=seal_png,
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
