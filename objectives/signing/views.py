"""Pages of signed originals: attach one to an issued decision, its validation and comparison details, the file;
exports with empty signature fields and server-signed copies. Every view checks agencies.permissions."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.permissions import Action, can, check, get_for_user
from objectives.models import Decision, DecisionStatus
from objectives.printing import content_disposition, decision_filename, decisions_for_print
from objectives.signing.forms import SignedOriginalForm
from objectives.signing.models import SignedOriginal
from objectives.signing.selectors import FIELD_STATUSES
from objectives.signing.statuses import TIME_SOURCE_TEXT, UPDATE_TEXT, SignatureState, item_label, problem_text

# pyHanko, pdfplumber and the signing code load on first use, not when the URLconf loads (worker start-up).

PDF = "application/pdf"
PARTS = ("decision", "appendix")


def _when(iso: str, *, time: bool = True) -> str:
    """A stored ISO 8601 instant in Vietnam time, as clerks write it: "30/11/2026 20:38:24"."""
    if not iso:
        return ""
    try:
        moment = timezone.localtime(datetime.fromisoformat(iso))
    except ValueError:
        return iso
    return moment.strftime("%d/%m/%Y %H:%M:%S" if time else "%d/%m/%Y")


def _state_label(state: str) -> str:
    return str(SignatureState(state).label) if state in SignatureState.values else state


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def original_upload(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_for_user(request.user, Decision.objects.select_related("agency"), pk, Action.SIGN)
    from objectives.signing.services import signed_original_attach

    form = SignedOriginalForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the signed PDF file to upload."))
        return redirect("objectives:decision-detail", decision.pk)
    try:
        original = signed_original_attach(decision=decision, upload=form.cleaned_data["file"], user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("objectives:decision-detail", decision.pk)
    level = messages.success if original.is_valid and original.matches_record else messages.warning
    level(request, _("The signed original was attached: %(status)s.") % {"status": original.get_state_display()})
    return redirect("signing:original", original.pk)


def _original(request: HttpRequest, pk: int) -> SignedOriginal:
    try:
        original = SignedOriginal.objects.select_related("decision__agency", "uploaded_by").get(pk=pk)
    except SignedOriginal.DoesNotExist:
        raise Http404 from None
    check(request.user, Action.VIEW, original.decision)
    return original


@login_required
@require_GET
def original_detail(request: HttpRequest, pk: int) -> HttpResponse:
    original = _original(request, pk)
    signatures = []
    for report in original.signatures:
        signatures.append(
            {
                **report,
                "problem_texts": [problem_text(code) for code in report.get("problems", [])],
                "update_texts": [str(UPDATE_TEXT[u]) for u in report.get("later_updates", []) if u in UPDATE_TEXT],
                "later_revisions": next(
                    (int(u.split(":")[1]) for u in report.get("later_updates", []) if u.startswith("revisions:")), 0
                ),
                "time_source_text": str(TIME_SOURCE_TEXT.get(report.get("time_source", ""), "")),
                "state_label": _state_label(report.get("state", "")),
                "signing_time_text": _when(report.get("signing_time", "")),
                "timestamp_time_text": _when(report.get("timestamp_time", "")),
                "valid_from_text": _when(report.get("not_before", ""), time=False),
                "valid_until_text": _when(report.get("not_after", ""), time=False),
                "revoked_on_text": _when(report.get("revoked_on", ""), time=False),
            }
        )
    differences = [{**d, "label": item_label(d.get("kind", ""), d.get("ref", ""))} for d in original.differences]
    history = (
        SignedOriginal.objects.filter(decision=original.decision).exclude(pk=original.pk).order_by("-uploaded_at")[:20]
    )
    return render(
        request,
        "signing/original_detail.html",
        {
            "original": original,
            "decision": original.decision,
            "signatures": signatures,
            "differences": differences,
            "history": history,
            "can_recheck": can(request.user, Action.SIGN, original.decision),
        },
    )


@login_required
@require_GET
def original_file(request: HttpRequest, pk: int) -> FileResponse:
    original = _original(request, pk)
    try:
        handle = original.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=original.filename, content_type=PDF)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def original_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    from objectives.signing.services import signed_original_recheck

    original = _original(request, pk)
    check(request.user, Action.SIGN, original.decision)
    try:
        original = signed_original_recheck(original=original, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Checked again: %(status)s.") % {"status": original.get_state_display()})
    return redirect("signing:original", original.pk)


def _decision_for_export(request: HttpRequest, pk: int, *, appendix: bool, statuses) -> Decision:
    decision = get_for_user(request.user, decisions_for_print(), pk, Action.PRINT)
    if decision.status not in statuses:
        raise Http404(_("Only a decision approved for issue can be exported for signing."))
    if appendix and not decision.appendix_title.strip():
        raise Http404(_("This decision lists its objectives in Article 1 and has no appendix."))
    return decision


@login_required
@require_GET
def fields_pdf(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """The PDF with empty signature fields for the agency's signing plugin (decision, or appendix alone)."""
    from objectives.signing.fields import export_with_fields

    if part not in PARTS:
        raise Http404
    appendix = part == "appendix"
    decision = _decision_for_export(request, pk, appendix=appendix, statuses=FIELD_STATUSES)
    pdf = export_with_fields(decision, appendix_only=appendix)
    name = decision_filename(decision, appendix_only=appendix).replace(".pdf", "_de-ky.pdf")
    return _download(pdf, name)


@login_required
@require_GET
def signed_copy_pdf(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """The issued decision (or its appendix alone) signed on the server with the agency's certificate."""
    from objectives.signing.server_sign import SigningError, signed_copy

    if part not in PARTS:
        raise Http404
    appendix = part == "appendix"
    decision = _decision_for_export(
        request, pk, appendix=appendix, statuses=(DecisionStatus.ISSUED, DecisionStatus.SUPERSEDED)
    )
    try:
        pdf = signed_copy(decision, appendix_only=appendix)
    except SigningError as exc:
        messages.error(request, exc.message)
        return redirect("objectives:decision-detail", decision.pk)
    name = decision_filename(decision, appendix_only=appendix).replace(".pdf", "_ban-sao-ky-so.pdf")
    return _download(pdf, name)
