"""Pages of the corrective action register: thin views that check permissions on the server, call a
selector or service and render. The register exports to Excel with ?format=xlsx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from agencies.permissions import Action, allowed_steps, can, check, check_step, get_for_user, visible_agencies
from qms_portal.lazy import lazy_module
from qms_portal.refusals import WorkflowError, show_error
from qms_portal.uploads import download_name
from reports.actions import selectors, services, steps
from reports.actions.filters import ActionFilter
from reports.actions.forms import ActionForm, EvidenceForm, StepForm
from reports.actions.models import ActionEvidence

PAGE_LIMIT = 500

excel = lazy_module("reports.excel")  # openpyxl on the first export, not at start-up
action_excel = lazy_module("reports.actions.excel")


def _action(request: HttpRequest, pk: int, action: Action = Action.VIEW):
    found = selectors.action_for(pk)
    if found is None:
        raise Http404
    check(request.user, action, found)
    return found


@login_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = visible_agencies(request.user)
    flt = ActionFilter(request.GET or None, queryset=selectors.register(request.user), agencies=agencies)
    rows = list(flt.qs[:PAGE_LIMIT])
    today = timezone.localdate()
    if request.GET.get("format") == "xlsx":
        return excel.response(action_excel.actions_workbook(rows, today), "so-hanh-dong-khac-phuc.xlsx")
    may_add = [a for a in agencies.order_by("path")[:200] if can(request.user, Action.REVIEW, a)]
    return render(
        request,
        "reports/actions/register.html",
        {
            "filter": flt,
            "rows": [(row, selectors.is_overdue(row, today)) for row in rows],
            "may_add": may_add,
            "truncated": len(rows) == PAGE_LIMIT,
        },
    )


@login_required
def action_new(request: HttpRequest, agency_pk: int) -> HttpResponse:
    agency = get_for_user(request.user, Agency.objects.all(), agency_pk, Action.REVIEW)
    form = ActionForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.action_create(agency=agency, user=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The action was added to the register."))
            return redirect("reports:action-detail", pk=created.pk)
    return render(
        request, "reports/actions/form.html", {"form": form, "agency": agency}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def action_from_risk(request: HttpRequest, risk_pk: int) -> HttpResponse:
    """The "Tạo hành động khắc phục/xử lý" button of a risk register item: opens a pre-filled action in the
    register of the item's owner unit (else its agency) and goes to its form to be checked."""
    from objectives.risks.selectors import item_for
    from reports.actions.risks import action_from_risk as create

    item = item_for(risk_pk)
    if item is None:
        raise Http404
    check(request.user, Action.VIEW, item)
    if not can(request.user, Action.REVIEW, item.owner_unit or item.agency):
        raise PermissionDenied  # the item is visible; opening actions in that register is not allowed
    try:
        created = create(item=item, user=request.user)
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
        return redirect("objectives:risk-register", agency_pk=item.agency_id, year=item.year)
    messages.success(request, _("The action was added to the register, pre-filled from the item. Check it and save."))
    return redirect("reports:action-edit", pk=created.pk)


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _action(request, pk, Action.REVIEW)
    initial = {f: getattr(found, f) for f in services.EDITABLE_FIELDS}
    form = ActionForm(request.POST or None, initial=initial, agency=found.agency, with_source=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=found, user=request.user, **form.cleaned_data)
        except (ValidationError, WorkflowError) as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The action was saved."))
            return redirect("reports:action-detail", pk=found.pk)
    return render(
        request,
        "reports/actions/form.html",
        {"form": form, "agency": found.agency, "action": found},
        status=400 if form.errors else 200,
    )


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _action(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "reports/actions/detail.html",
        {
            "action": found,
            "evidence": selectors.evidence_of(found),
            "steps": allowed_steps(request.user, found),
            "step_form": StepForm(),
            "evidence_form": EvidenceForm(),
            "next_result": selectors.next_result(found),
            "overdue": selectors.is_overdue(found, today),
            "may_edit": can(request.user, Action.REVIEW, found),
            "may_upload": not found.is_closed
            and (can(request.user, Action.REPORT, found) or can(request.user, Action.REVIEW, found)),
        },
    )


@login_required
@require_POST
def action_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    found = _action(request, pk)
    chosen = steps.BY_NAME.get(step)
    if chosen is None:
        raise Http404
    check_step(request.user, found, chosen)
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.action_step(action=found, user=request.user, step=step, note=note)
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The action is now: %(status)s.") % {"status": _lower_status(found.pk)})
    return redirect("reports:action-detail", pk=found.pk)


def _lower_status(pk: int) -> str:
    found = selectors.action_for(pk)
    return found.get_status_display().lower() if found else ""


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    found = _action(request, pk)
    check_step(request.user, found, steps.DONE)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose at least one file."))
        return redirect("reports:action-detail", pk=found.pk)
    try:
        saved = services.action_add_evidence(action=found, user=request.user, files=form.cleaned_data["files"])
    except (ValidationError, WorkflowError) as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("%(n)d file(s) attached.") % {"n": len(saved)})
    return redirect("reports:action-detail", pk=found.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        evidence = ActionEvidence.objects.select_related("action__agency").get(pk=pk)
    except ActionEvidence.DoesNotExist:
        raise Http404 from None
    check(request.user, Action.VIEW, evidence.action.agency)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )
