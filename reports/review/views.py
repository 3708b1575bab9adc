"""Pages of the management review: thin views that check permissions on the server, call a selector or a service
and render. Printing loads WeasyPrint and python-docx on first use."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies.models import Agency
from agencies.permissions import Action, allowed_steps, can, check, check_step, get_for_user, visible_agencies
from qms_portal.refusals import WorkflowError, show_error
from reports.review import forms, selectors, services, steps
from reports.review.inputs import sections_of
from reports.review.models import ReviewDecision, ReviewSignedDocument, SignedKind

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_LIMIT = 300


def _review(request: HttpRequest, pk: int, action: Action = Action.VIEW):
    found = selectors.review_for(pk)
    if found is None:
        raise Http404
    check(request.user, action, found)
    return found


def _decision(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> ReviewDecision:
    try:
        found = ReviewDecision.objects.select_related("review__agency").get(pk=pk)
    except (ReviewDecision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    check(request.user, action, found.review)
    return found


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = list(selectors.reviews_for(request.user)[:LIST_LIMIT])
    may_open = [a for a in visible_agencies(request.user).order_by("path")[:200] if can(request.user, Action.REVIEW, a)]
    return render(request, "reports/review/list.html", {"reviews": reviews, "may_open": may_open})


@login_required
def review_new(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_for_user(request.user, Agency.objects.all(), agency_pk, Action.REVIEW)
    form = forms.ReviewNewForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(agency=agency, user=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The management review was opened."))
            return redirect("reports:review-detail", pk=review.pk)
    return render(
        request, "reports/review/new.html", {"form": form, "agency": agency}, status=400 if form.errors else 200
    )


@login_required
@require_GET
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    snapshots = selectors.snapshots_of(review)
    current = services.current_inputs(review) if snapshots else None
    may_prepare = can(request.user, Action.REVIEW, review)
    may_sign = can(request.user, Action.SIGN, review)
    return render(
        request,
        "reports/review/detail.html",
        {
            "review": review,
            "attendees": selectors.attendees_of(review),
            "sections": sections_of(current.data) if current else [],
            "current": current,
            "snapshots": snapshots,
            "decisions": selectors.decisions_of(review),
            "signed": selectors.signed_of(review),
            "steps": allowed_steps(request.user, review),
            "may_prepare": may_prepare and review.is_editable,
            "may_compile": may_prepare and review.is_draft,
            "may_act": may_prepare and not review.is_draft,
            "may_sign": may_sign,
            "has_certificate": may_sign and selectors.has_signing_certificate(review),
            "sign_kinds": SignedKind.choices,
            "may_print": can(request.user, Action.PRINT, review),
            "decision_form": forms.DecisionForm().compact(),
            "signed_form": forms.SignedForm().compact(),
            "narrative": [
                (_("Internal audit results"), review.audit_results),
                (_("Changes in external and internal issues"), review.issues_changes),
                (_("Adequacy of resources"), review.resources),
                (_("Feedback and complaints"), review.feedback),
                (_("Opportunities for improvement"), review.improvements),
            ],
        },
    )


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, Action.REVIEW)
    initial = {name: getattr(review, name) for name in services.EDITABLE_FIELDS}
    initial |= {"lock_version": review.lock_version, "attendees": selectors.attendees_of(review)}
    form = forms.ReviewForm(request.POST or None, initial=initial, agency=review.agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.review_update(
                review=review,
                user=request.user,
                lock_version=data.pop("lock_version"),
                attendees=list(data.pop("attendees")),
                **data,
            )
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The management review was saved."))
            return redirect("reports:review-detail", pk=review.pk)
    return render(
        request, "reports/review/form.html", {"form": form, "review": review}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def review_compile(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, Action.REVIEW)
    try:
        services.review_compile(review=review, user=request.user, confirm=request.POST.get("confirm") == "1")
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The inputs were compiled from the data."))
    return redirect("reports:review-detail", pk=review.pk)


@login_required
@require_POST
def review_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    review = _review(request, pk)
    chosen = steps.BY_NAME.get(step)
    if chosen is None:
        raise Http404
    check_step(request.user, review, chosen)
    try:
        review = services.review_step(
            review=review, user=request.user, step=step, lock_version=request.POST.get("lock_version") or None
        )
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The review is now: %(status)s.") % {"status": review.get_status_display().lower()})
    return redirect("reports:review-detail", pk=review.pk)


@login_required
@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, Action.REVIEW)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("reports:review-detail", pk=review.pk)
    data = dict(form.cleaned_data)
    data.pop("lock_version", None)
    try:
        services.decision_add(review=review, user=request.user, **data)
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The decision was added."))
    return redirect("reports:review-detail", pk=review.pk)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.REVIEW)
    initial = {"text": decision.text, "responsible": decision.responsible, "due_on": decision.due_on}
    form = forms.DecisionForm(request.POST or None, initial=initial | {"lock_version": decision.lock_version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.decision_update(
                decision=decision, user=request.user, lock_version=data.pop("lock_version"), **data
            )
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The decision was saved."))
            return redirect("reports:review-detail", pk=decision.review_id)
    return render(
        request,
        "reports/review/decision_form.html",
        {"form": form, "decision": decision, "review": decision.review},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def decision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.REVIEW)
    try:
        services.decision_delete(decision=decision, user=request.user)
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The decision was removed."))
    return redirect("reports:review-detail", pk=decision.review_id)


@login_required
def decision_action(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.REVIEW)
    review = decision.review
    units = selectors.action_units(request.user, review)
    initial = {"title": decision.text[:300], "due_on": decision.due_on, "agency": review.agency}
    form = forms.DecisionActionForm(request.POST or None, initial=initial, units=units, agency=review.agency)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.decision_to_action(decision=decision, user=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The decision is now a corrective action in the register."))
            return redirect("reports:action-detail", pk=action.pk)
    return render(
        request,
        "reports/review/action_form.html",
        {"form": form, "decision": decision, "review": review},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def review_print(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    review = _review(request, pk, Action.PRINT)
    if kind not in SignedKind.values or fmt not in ("pdf", "docx"):
        raise Http404
    from objectives.printing import content_disposition
    from reports.review.printing import filename

    if fmt == "pdf":
        from reports.review.printing import review_pdf

        response = HttpResponse(review_pdf(review, kind), content_type=PDF)
    else:
        from reports.review.docx import review_docx

        response = HttpResponse(review_docx(review, kind), content_type=DOCX)
    response["Content-Disposition"] = content_disposition(filename(review, kind, fmt))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def signed_upload(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk, Action.SIGN)
    form = forms.SignedForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the document and the signed PDF file to upload."))
        return redirect("reports:review-detail", pk=review.pk)
    from reports.review.signed import signed_attach

    try:
        document = signed_attach(
            review=review, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"], user=request.user
        )
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        level = messages.success if document.is_valid and document.matches_record else messages.warning
        level(request, _("The signed PDF was attached: %(status)s.") % {"status": document.get_state_display()})
    return redirect("reports:review-detail", pk=review.pk)


@login_required
@require_GET
def signed_file(request: HttpRequest, pk: int) -> FileResponse:
    try:
        document = ReviewSignedDocument.objects.select_related("review__agency").get(pk=pk)
    except ReviewSignedDocument.DoesNotExist:
        raise Http404 from None
    check(request.user, Action.VIEW, document.review)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=document.filename, content_type=PDF)
    response["Cache-Control"] = "private, no-store"
    return response
