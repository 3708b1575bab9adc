"""Decision workflow: submit, review, return, approve, issue, amend; the signed scan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import check_step
from objectives import services, steps
from objectives.forms import (
    CommentForm,
    IssueForm,
    ScanForm,
)
from objectives.views.common import REFUSALS, _decision
from objectives.views.pages import _detail_context
from qms_portal.refusals import show_error
from qms_portal.uploads import holds_html

WORKFLOW = {
    "submit": (steps.SUBMIT, services.decision_submit, _("The decision was submitted for review.")),
    "review": (steps.REVIEW, services.decision_review, _("Your review was recorded.")),
    "return": (steps.RETURN, services.decision_return, _("The decision was returned to draft.")),
    "approve": (steps.APPROVE, services.decision_approve, _("The decision was approved.")),
}


@login_required
@require_POST
def decision_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in WORKFLOW:
        raise Http404
    step, service, done = WORKFLOW[step]
    decision = _decision(request, pk)
    check_step(request.user, decision, step)  # 403 for a role that may not take it; a stale state gets a message
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        service(decision=decision, user=request.user, comment=comment)
    except REFUSALS as exc:
        if getattr(exc, "code", None) == "incomplete":
            messages.error(
                request, _("The decision is not ready to submit; what is missing is listed below, with links.")
            )
            return redirect("objectives:decision-editor", decision.pk)
        show_error(request, exc)
    else:
        messages.success(request, done)
    return redirect("objectives:decision-detail", decision.pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    check_step(request.user, decision, steps.ISSUE)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.decision_issue(decision=decision, user=request.user, **form.cleaned_data)
        except REFUSALS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("The decision was issued."))
            return redirect("objectives:decision-detail", decision.pk)
    # Errors beside their fields, with what was typed; nothing was changed.
    return render(
        request, "objectives/decision_detail.html", _detail_context(request, decision, issue_form=form), status=400
    )


@login_required
@require_POST
def decision_amend(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    check_step(request.user, decision, steps.AMEND)
    try:
        amendment = services.decision_amend(decision=decision, user=request.user)
    except REFUSALS as exc:
        show_error(request, exc)
        return redirect("objectives:decision-detail", decision.pk)
    messages.success(request, _("An amending decision was started as a copy; edit it, then submit it as usual."))
    return redirect("objectives:decision-editor", amendment.pk)


@login_required
@require_POST
def decision_scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    check_step(request.user, decision, steps.ATTACH_SCAN)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        from django.conf import settings

        scan = form.cleaned_data["scan"]
        if scan.size > settings.UPLOAD_MAX_BYTES:
            messages.error(
                request, _("The file is too large (at most %(mb)d MB).") % {"mb": settings.UPLOAD_MAX_BYTES // 1048576}
            )
        elif holds_html(scan):
            messages.error(
                request, _("The file contains web page code (HTML) and was refused. Upload the scanned PDF itself.")
            )
        else:
            scan.name = (
                f"scan-{decision.year}-{decision.pk}.pdf"  # stored under the checked type, not the uploader's name
            )
            try:
                services.decision_attach_scan(decision=decision, user=request.user, scan=scan)
            except REFUSALS as exc:
                show_error(request, exc)
            else:
                messages.success(request, _("The scan was attached."))
    else:
        messages.error(request, _("Choose a PDF file to upload."))
    return redirect("objectives:decision-detail", decision.pk)


@login_required
def decision_scan(request: HttpRequest, pk: int) -> FileResponse:
    decision = _decision(request, pk)
    if not decision.scan:
        raise Http404
    try:
        handle = decision.scan.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=f"scan-{decision.year}-{decision.pk}.pdf")
