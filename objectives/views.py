"""Decision pages: list, new, detail (reads like the document), editor with htmx, workflow, history,
cascade check. Views parse the request, check permissions, call a selector or service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from agencies.permissions import Action, agencies_where, allowed_steps, can, check, check_step, get_for_user
from objectives import selectors, services, steps
from objectives.filters import DecisionFilter
from objectives.forms import (
    CommentForm, DecisionForm, IssueForm, NewDecisionForm, ObjectiveForm, ScanForm, SectionForm, TargetForm,
)
from objectives.models import Decision, DecisionEvent, DecisionStatus, Objective, Section, Target
from objectives.signing.selectors import signing_context
from qms_portal.refusals import WorkflowError, show_error
from qms_portal.uploads import holds_html

EDITOR = "objectives/editor.html"


REFUSALS = (ValidationError, WorkflowError)  # what a service says no with; show_error shows either


def _conflict(form, exc: services.ConcurrentEditError) -> None:
    """Keep what the user typed, explain what the other person changed, and let a second save overwrite knowingly."""
    lines = [f"{c.field}: «{c.old}» → «{c.new}»" for c in exc.changes] or [_("(details unavailable)")]
    form.add_error(
        None,
        _("%(user)s saved this record after you opened it. Their changes: %(changes)s. Your text is kept below: "
          "check it and save again to replace their version, or reload the page to start from theirs.")
        % {"user": exc.by, "changes": "; ".join(lines)},
    )
    data = form.data.copy()
    data["lock_version"] = str(type(exc.instance).objects.values_list("lock_version", flat=True).get(pk=exc.instance.pk))
    form.data = data


def _decision(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Decision:
    return get_for_user(request.user, Decision.objects.select_related("agency", "amends"), pk, action)


def _editor_context(request: HttpRequest, decision: Decision) -> dict:
    decision = selectors.decision_with_content(Decision.objects.filter(pk=decision.pk)).get()
    return {
        "decision": decision,
        "blocks": selectors.objective_blocks(decision),
        "weaker": {t.pk: parent for t, parent in selectors.weaker_targets(decision)},
        "editable": decision.is_editable and can(request.user, Action.EDIT, decision),
    }


def _render_objectives(request: HttpRequest, decision: Decision) -> HttpResponse:
    return render(request, EDITOR + "#objectives", _editor_context(request, decision))


# --- list, new, detail --------------------------------------------------------------------------------------


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    visible = agencies_where(request.user, Action.VIEW).order_by("path")
    filters = DecisionFilter(request.GET, queryset=selectors.decision_list(request.user), agencies=visible)
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "agencies": visible, "statuses": DecisionStatus.choices, **filters.selected(),
        "can_create": agencies_where(request.user, Action.EDIT).exists(),
    }
    template = "objectives/decision_list.html#results" if request.htmx and not request.htmx.boosted else "objectives/decision_list.html"
    return render(request, template, context)


@login_required
def decision_new(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agency_choices_for_new_decision(request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = NewDecisionForm(request.POST or None, agencies=agencies, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
        existing = selectors.open_decision(agency, year)
        if existing:
            messages.info(request, _("A decision for %(year)d is already being prepared; here it is.") % {"year": year})
            return redirect("objectives:decision-editor", existing.pk)
        try:
            decision = services.decision_create(agency=agency, year=year, user=request.user)
        except REFUSALS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("Draft created with the usual legal bases and articles; adjust them as needed."))
            return redirect("objectives:decision-editor", decision.pk)
    return render(request, "objectives/decision_new.html", {"form": form})


def _detail_context(request: HttpRequest, decision: Decision, **forms) -> dict:
    context = _editor_context(request, decision)
    decision = context["decision"]
    allowed = allowed_steps(request.user, decision)
    by_url = {step.url_name: step for step in allowed}
    events = list(decision.events.select_related("user"))
    last = events[-1] if events else None
    context.update(
        events=events,
        # The reason a draft came back, until it is submitted again.
        returned=last if decision.is_editable and last and last.action == DecisionEvent.Action.RETURN else None,
        amendments=decision.amendments.all(),
        can_print=can(request.user, Action.PRINT, decision),
        # The comment form's buttons (review, approve, return), then the steps with forms of their own.
        comment_steps=[s for s in allowed if s.url_name == steps.STEP_URL and s != steps.SUBMIT],
        issue_step=by_url.get(steps.ISSUE.url_name),
        amend_step=by_url.get(steps.AMEND.url_name),
        scan_step=by_url.get(steps.ATTACH_SCAN.url_name),
        comment_form=CommentForm(),
        issue_form=IssueForm(),
        scan_form=ScanForm(),
    )
    context.update(signing_context(request.user, decision))
    context.update(forms)
    return context


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return render(request, "objectives/decision_detail.html", _detail_context(request, decision))


@login_required
def decision_history(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    return render(request, "objectives/decision_history.html", {"decision": decision, "rows": selectors.decision_history(decision)})


# --- editing -------------------------------------------------------------------------------------------------


@login_required
def decision_editor(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    if not decision.is_editable:
        messages.warning(request, _("This decision is no longer a draft, so it cannot be edited."))
        return redirect("objectives:decision-detail", decision.pk)
    context = _editor_context(request, decision)
    context["steps"] = {step.name.replace("-", "_"): step for step in allowed_steps(request.user, context["decision"])}
    context["previous"] = selectors.previous_decision(decision)
    context["parent"] = selectors.parent_in_force(decision)
    return render(request, EDITOR, context)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                decision=decision, user=request.user, lock_version=form.cleaned_data["lock_version"], **form.service_fields()
            )
        except services.ConcurrentEditError as exc:
            _conflict(form, exc)
        except REFUSALS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, _("The decision's text was saved."))
            return redirect("objectives:decision-editor", decision.pk)
    return render(request, "objectives/decision_edit.html", {"decision": decision, "form": form})


@login_required
@require_POST
def decision_copy_previous(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    source = selectors.previous_decision(decision)
    if source is None:
        raise Http404
    try:
        count = services.decision_copy_objectives(source=source, decision=decision, user=request.user)
    except REFUSALS as exc:
        show_error(request, exc)
    else:
        messages.success(request, _("%(count)d objectives copied from %(source)s.") % {"count": count, "source": source})
    return redirect("objectives:decision-editor", decision.pk)


def _child_form_view(request, *, decision, form, save, template, context=None):
    """The common shape of the editor's htmx forms: GET shows the form, a valid POST saves and returns the
    refreshed objective list, an invalid one returns the form with everything typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except services.ConcurrentEditError as exc:
            _conflict(form, exc)
        except REFUSALS as exc:
            show_error(request, exc, form)
        else:
            if request.htmx:
                return retarget(reswap(_render_objectives(request, decision), "outerHTML"), "#objectives")
            return redirect("objectives:decision-editor", decision.pk)
    context = {"form": form, "decision": decision, **(context or {})}
    return render(request, template if request.htmx else "objectives/editor_form_page.html", {**context, "partial": template})


@login_required
def section_form(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    section = get_for_user(request.user, Section.objects.filter(decision=decision).select_related("decision__agency"), section_pk) if section_pk else None
    initial = {"title": section.title, "lock_version": section.lock_version} if section else None
    form = SectionForm(request.POST or None, initial=initial)

    def save(form):
        if section:
            services.section_update(section=section, user=request.user, lock_version=form.cleaned_data["lock_version"], title=form.cleaned_data["title"])
        else:
            services.section_create(decision=decision, user=request.user, title=form.cleaned_data["title"])

    return _child_form_view(request, decision=decision, form=form, save=save, template="objectives/_section_form.html", context={"section": section})


@login_required
def objective_form(request: HttpRequest, pk: int, objective_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    objective = get_for_user(request.user, Objective.objects.filter(decision=decision).select_related("decision__agency"), objective_pk) if objective_pk else None
    form = ObjectiveForm(
        request.POST or None, decision=decision, parent_objectives=selectors.linkable_parent_objectives(decision),
        initial=ObjectiveForm.initial_for(objective) if objective else {"section": request.GET.get("section")},
    )

    def save(form):
        if objective:
            services.objective_update(objective=objective, user=request.user, lock_version=form.cleaned_data["lock_version"], **form.service_fields())
        else:
            services.objective_create(decision=decision, user=request.user, **form.service_fields())

    return _child_form_view(request, decision=decision, form=form, save=save, template="objectives/_objective_form.html", context={"objective": objective})


@login_required
def target_form(request: HttpRequest, pk: int, objective_pk: int, target_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    objective = get_for_user(request.user, Objective.objects.filter(decision=decision).select_related("decision__agency"), objective_pk)
    target = get_for_user(request.user, Target.objects.filter(objective=objective).select_related("objective__decision__agency"), target_pk) if target_pk else None
    form = TargetForm(
        request.POST or None, parent_targets=selectors.linkable_parent_targets(decision),
        initial=TargetForm.initial_for(target) if target else {"frequency": "quarterly", "unit": "percent", "comparator": ">="},
    )

    def save(form):
        if target:
            services.target_update(target=target, user=request.user, lock_version=form.cleaned_data["lock_version"], **form.service_fields())
        else:
            services.target_create(objective=objective, user=request.user, **form.service_fields())

    return _child_form_view(
        request, decision=decision, form=form, save=save, template="objectives/_target_form.html",
        context={"objective": objective, "target": target},
    )


CHILD_MODELS = {"section": Section, "objective": Objective, "target": Target}


def _child(request: HttpRequest, decision: Decision, kind: str, child_pk: int):
    model = CHILD_MODELS.get(kind)
    if model is None:
        raise Http404
    if model is Target:
        queryset = Target.objects.filter(objective__decision=decision).select_related("objective__decision__agency")
    else:
        queryset = model.objects.filter(decision=decision).select_related("decision__agency")
    return get_for_user(request.user, queryset, child_pk)


@login_required
@require_POST
def child_delete(request: HttpRequest, pk: int, kind: str, child_pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    child = _child(request, decision, kind, child_pk)
    delete = {"section": services.section_delete, "objective": services.objective_delete, "target": services.target_delete}[kind]
    try:
        delete(**{kind: child, "user": request.user})
    except REFUSALS as exc:
        show_error(request, exc)
    return _render_objectives(request, decision) if request.htmx else redirect("objectives:decision-editor", decision.pk)


@login_required
@require_POST
def child_move(request: HttpRequest, pk: int, kind: str, child_pk: int, direction: str) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    child = _child(request, decision, kind, child_pk)
    move = {"section": services.section_move, "objective": services.objective_move, "target": services.target_move}[kind]
    try:
        move(**{kind: child, "user": request.user, "direction": direction})
    except REFUSALS as exc:
        show_error(request, exc)
    return _render_objectives(request, decision) if request.htmx else redirect("objectives:decision-editor", decision.pk)


# --- workflow ------------------------------------------------------------------------------------------------

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
    return render(request, "objectives/decision_detail.html", _detail_context(request, decision, issue_form=form), status=400)


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
            messages.error(request, _("The file is too large (at most %(mb)d MB).") % {"mb": settings.UPLOAD_MAX_BYTES // 1048576})
        elif holds_html(scan):
            messages.error(request, _("The file contains web page code (HTML) and was refused. Upload the scanned PDF itself."))
        else:
            scan.name = f"scan-{decision.year}-{decision.pk}.pdf"  # stored under the checked type, not the uploader's name
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


# --- cascade check -------------------------------------------------------------------------------------------


@login_required
def cascade_check(request: HttpRequest) -> HttpResponse:
    reachable = agencies_where(request.user, Action.REVIEW).order_by("path")
    if not reachable.exists():
        raise PermissionDenied
    agency_id = request.GET.get("agency", "")
    agency = reachable.filter(pk=agency_id).first() if agency_id.isdecimal() else reachable.first()
    if agency is None:
        raise Http404
    check(request.user, Action.REVIEW, agency)
    year = int(request.GET["year"]) if request.GET.get("year", "").isdecimal() else _current_year()
    report = selectors.cascade_report(request.user, agency=agency, year=year)
    return render(request, "objectives/cascade.html", {"report": report, "agencies": reachable, "year": year})


def _current_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year

