"""Signing the review's documents like decisions: the PDF with empty signature fields (who may print) and the
copy signed on the server with the agency's certificate, stored as the signed document (who may sign). The
signing code loads on first use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import Action
from qms_portal.refusals import WorkflowError, show_error
from reports.review.models import SignedKind
from reports.review.views import PDF, _review


@login_required
@require_GET
def fields_pdf(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    review = _review(request, pk, Action.PRINT)
    if kind not in SignedKind.values:
        raise Http404
    from objectives.printing import content_disposition
    from objectives.signing.server_sign import SigningError
    from reports.review.printing import filename
    from reports.review.signing import fields_pdf as export

    try:
        pdf = export(review, kind)
    except ValidationError as refused:
        show_error(request, refused)
        return redirect("reports:review-detail", pk=review.pk)
    except SigningError as exc:
        messages.error(request, exc.message)
        return redirect("reports:review-detail", pk=review.pk)
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename(review, kind, "pdf").replace(".pdf", "_de-ky.pdf"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def server_sign(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    review = _review(request, pk, Action.SIGN)
    if kind not in SignedKind.values:
        raise Http404
    from objectives.signing.server_sign import SigningError
    from reports.review.signing import review_server_sign

    try:
        document = review_server_sign(review=review, kind=kind, user=request.user)
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    except SigningError as exc:
        messages.error(request, exc.message)
    else:
        level = messages.success if document.is_valid and document.matches_record else messages.warning
        level(
            request,
            _("Signed with the agency's certificate: %(status)s.") % {"status": document.get_state_display()},
        )
    return redirect("reports:review-detail", pk=review.pk)
