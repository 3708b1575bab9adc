"""The decision editor: the decision's text, sections, objectives and targets (htmx forms), copy from last year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from agencies.permissions import Action, allowed_steps, get_for_user
from objectives import selectors, services
from objectives.doccheck import check_document
from objectives.forms import (
    DecisionForm,
    ObjectiveForm,
    SectionForm,
    TargetForm,
)
from objectives.models import Decision, Objective, Section, Target
from objectives.views.common import EDITOR, REFUSALS, _conflict, _decision, _editor_context, _render_objectives
from qms_portal.refusals import show_error


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
    context["doccheck"] = check_document(context["decision"])
    return render(request, EDITOR, context)


@login_required
def decision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    form = DecisionForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                decision=decision,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.service_fields(),
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
        count = services.decision_copy_objectives(
            source=source, decision=decision, user=request.user, replace=request.POST.get("replace") == "1"
        )
    except REFUSALS as exc:
        show_error(request, exc)
    else:
        messages.success(
            request, _("%(count)d objectives copied from %(source)s.") % {"count": count, "source": source}
        )
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
    return render(
        request, template if request.htmx else "objectives/editor_form_page.html", {**context, "partial": template}
    )


@login_required
def section_form(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    section = (
        get_for_user(
            request.user, Section.objects.filter(decision=decision).select_related("decision__agency"), section_pk
        )
        if section_pk
        else None
    )
    initial = {"title": section.title, "lock_version": section.lock_version} if section else None
    form = SectionForm(request.POST or None, initial=initial)

    def save(form):
        if section:
            services.section_update(
                section=section,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                title=form.cleaned_data["title"],
            )
        else:
            services.section_create(decision=decision, user=request.user, title=form.cleaned_data["title"])

    return _child_form_view(
        request,
        decision=decision,
        form=form,
        save=save,
        template="objectives/_section_form.html",
        context={"section": section},
    )


@login_required
def objective_form(request: HttpRequest, pk: int, objective_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    objective = (
        get_for_user(
            request.user, Objective.objects.filter(decision=decision).select_related("decision__agency"), objective_pk
        )
        if objective_pk
        else None
    )
    form = ObjectiveForm(
        request.POST or None,
        decision=decision,
        parent_objectives=selectors.linkable_parent_objectives(decision),
        initial=ObjectiveForm.initial_for(objective) if objective else {"section": request.GET.get("section")},
    )

    def save(form):
        if objective:
            services.objective_update(
                objective=objective,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.service_fields(),
            )
        else:
            services.objective_create(decision=decision, user=request.user, **form.service_fields())

    return _child_form_view(
        request,
        decision=decision,
        form=form,
        save=save,
        template="objectives/_objective_form.html",
        context={"objective": objective},
    )


@login_required
def target_form(request: HttpRequest, pk: int, objective_pk: int, target_pk: int | None = None) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    objective = get_for_user(
        request.user, Objective.objects.filter(decision=decision).select_related("decision__agency"), objective_pk
    )
    target = (
        get_for_user(
            request.user,
            Target.objects.filter(objective=objective).select_related("objective__decision__agency"),
            target_pk,
        )
        if target_pk
        else None
    )
    form = TargetForm(
        request.POST or None,
        parent_targets=selectors.linkable_parent_targets(decision),
        initial=TargetForm.initial_for(target)
        if target
        else {"frequency": "quarterly", "unit": "percent", "comparator": ">="},
    )

    def save(form):
        if target:
            services.target_update(
                target=target,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.service_fields(),
            )
        else:
            services.target_create(objective=objective, user=request.user, **form.service_fields())

    return _child_form_view(
        request,
        decision=decision,
        form=form,
        save=save,
        template="objectives/_target_form.html",
        context={"objective": objective, "target": target},
    )


@login_required
@require_POST
def objectives_bulk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    ids = [i for i in request.POST.getlist("objective") if i.isdigit()]
    try:
        count = services.objectives_delete(decision=decision, user=request.user, ids=ids)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)d objectives deleted.") % {"count": count})
    return redirect("objectives:decision-editor", decision.pk)


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
    delete = {
        "section": services.section_delete,
        "objective": services.objective_delete,
        "target": services.target_delete,
    }[kind]
    try:
        delete(**{kind: child, "user": request.user})
    except REFUSALS as exc:
        show_error(request, exc)
    return (
        _render_objectives(request, decision) if request.htmx else redirect("objectives:decision-editor", decision.pk)
    )


@login_required
@require_POST
def child_move(request: HttpRequest, pk: int, kind: str, child_pk: int, direction: str) -> HttpResponse:
    decision = _decision(request, pk, Action.EDIT)
    child = _child(request, decision, kind, child_pk)
    move = {"section": services.section_move, "objective": services.objective_move, "target": services.target_move}[
        kind
    ]
    try:
        move(**{kind: child, "user": request.user, "direction": direction})
    except REFUSALS as exc:
        show_error(request, exc)
    return (
        _render_objectives(request, decision) if request.htmx else redirect("objectives:decision-editor", decision.pk)
    )
