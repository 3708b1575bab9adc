"""Pages of the risk and opportunity register: thin views that check permissions, call a selector or a service
and render. The "create a corrective action" button of an item posts to reports (reports:action-from-risk),
which holds the link; this app only names the URL in its template."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Agency
from agencies.permissions import Action, agencies_where, can, check, get_for_user, visible_agencies
from objectives.risks import printing, scale, selectors, services
from objectives.risks.forms import CopyForwardForm, PickerForm, RiskItemForm
from objectives.risks.models import RiskItem
from objectives.services import ConcurrentEditError
from qms_portal.lazy import lazy_module
from qms_portal.refusals import WorkflowError, show_error
from qms_portal.text import ascii_fold

REFUSALS = (ValidationError, WorkflowError)
excel = lazy_module("objectives.risks.excel")  # openpyxl on the first export, not at start-up


def _agency(request: HttpRequest, agency_pk: int, year: int, action: Action = Action.VIEW) -> Agency:
    if not 2000 <= year <= 2100:
        raise Http404
    return get_for_user(request.user, Agency.objects.all(), agency_pk, action)


def _item(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> RiskItem:
    item = selectors.item_for(pk)
    if item is None:
        raise Http404
    check(request.user, action, item)
    return item


def _back(agency_pk: int, year: int):
    return redirect("objectives:risk-register", agency_pk=agency_pk, year=year)


@login_required
def risk_home(request: HttpRequest) -> HttpResponse:
    """The register chosen in the picker (?agency=&year=), else this year's of the first agency the user keeps
    one for (else may see)."""
    picker = PickerForm(request.GET or None, agencies=visible_agencies(request.user))
    if picker.is_bound and picker.is_valid():
        return _back(picker.cleaned_data["agency"].pk, picker.cleaned_data["year"])
    agency = agencies_where(request.user, Action.RISKS).order_by("path").first()
    agency = agency or visible_agencies(request.user).order_by("path").first()
    if agency is None:
        messages.info(request, _("You are not a member of any agency yet."))
        return redirect("home")
    return _back(agency.pk, timezone.localdate().year)


@login_required
def register(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, year)
    rows = selectors.rows(agency, year)
    may_act = {a.pk for a in agencies_where(request.user, Action.REVIEW).filter(path__startswith=agency.path)}
    picker = PickerForm(initial={"agency": agency, "year": year}, agencies=visible_agencies(request.user))
    return render(
        request,
        "objectives/risks/register.html",
        {
            "agency": agency,
            "year": year,
            "rows": [(row, (row.item.owner_unit_id or agency.pk) in may_act) for row in rows],
            "summary": selectors.summary(rows),
            "legend": scale.legend(),
            "bands": scale.BANDS,
            "picker": picker,
            "may_edit": can(request.user, Action.RISKS, agency),
            "has_last_year": RiskItem.objects.filter(agency=agency, year=year - 1).exists(),
            "decision": selectors.year_decision(agency, year),
        },
    )


def _form_page(request, form, agency, year, item=None, status=200):
    return render(
        request,
        "objectives/risks/form.html",
        {"form": form, "agency": agency, "year": year, "item": item, "legend": scale.legend()},
        status=400 if form.errors else status,
    )


def _conflict(form, exc: ConcurrentEditError) -> None:
    lines = [f"{c.field}: «{c.old}» → «{c.new}»" for c in exc.changes] or [_("(details unavailable)")]
    form.add_error(
        None,
        _(
            "%(user)s saved this record after you opened it. Their changes: %(changes)s. Your text is kept below: "
            "check it and save again to replace their version, or reload the page to start from theirs."
        )
        % {"user": exc.by, "changes": "; ".join(lines)},
    )
    data = form.data.copy()
    data["lock_version"] = str(RiskItem.objects.values_list("lock_version", flat=True).get(pk=exc.instance.pk))
    form.data = data


@login_required
def item_new(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, year, Action.RISKS)
    form = RiskItemForm(request.POST or None, agency=agency, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_create(agency=agency, year=year, user=request.user, **form.service_fields())
        except REFUSALS as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The item was added to the register."))
            return _back(agency.pk, year)
    return _form_page(request, form, agency, year)


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, Action.RISKS)
    initial = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    initial.update(lock_version=item.lock_version, objectives=list(item.objectives.values_list("pk", flat=True)))
    form = RiskItemForm(
        request.POST or None, initial=initial, agency=item.agency, year=item.year, linked=initial["objectives"]
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_update(
                item=item,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                **form.service_fields(),
            )
        except ConcurrentEditError as exc:
            _conflict(form, exc)
        except REFUSALS as refused:
            show_error(request, refused, form)
        else:
            messages.success(request, _("The item was saved."))
            return _back(item.agency_id, item.year)
    return _form_page(request, form, item.agency, item.year, item)


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, Action.RISKS)
    try:
        services.risk_delete(item=item, user=request.user)
    except REFUSALS as refused:
        show_error(request, refused)
    else:
        messages.success(request, _("The item was deleted."))
    return _back(item.agency_id, item.year)


@login_required
def copy_forward(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    """GET: what will be copied, and a confirmation; POST: the copy (merging only when confirmed)."""
    agency = _agency(request, agency_pk, year, Action.RISKS)
    form = CopyForwardForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.risk_copy_forward(
                agency=agency, year=year, user=request.user, merge=form.cleaned_data["merge"]
            )
        except REFUSALS as refused:
            show_error(request, refused, form)
        else:
            messages.success(
                request, _("%(n)d items were copied from %(year)s.") % {"n": len(result.copied), "year": year - 1}
            )
            if result.skipped:
                messages.info(
                    request,
                    _("Already in this year's register, not copied again: %(items)s")
                    % {"items": "; ".join(result.skipped)},
                )
            if result.unmatched:
                messages.warning(
                    request,
                    _(
                        "No objective of this year matches these linked objectives of last year; link them by hand: %(items)s"
                    )
                    % {"items": "; ".join(dict.fromkeys(result.unmatched))},
                )
            return _back(agency.pk, year)
    return render(
        request,
        "objectives/risks/copy_forward.html",
        {
            "form": form,
            "agency": agency,
            "year": year,
            "source_count": RiskItem.objects.filter(agency=agency, year=year - 1).count(),
            "existing_count": RiskItem.objects.filter(agency=agency, year=year).count(),
            "decision": selectors.year_decision(agency, year),
        },
        status=400 if form.errors else 200,
    )


def _filename(agency: Agency, year: int, ext: str) -> str:
    return f"rui-ro-co-hoi-{slugify(ascii_fold(agency.code)) or agency.pk}-{year}.{ext}"


def _table(agency: Agency, year: int, today: date | None = None):
    return printing.build(agency, year, today=today or timezone.localdate())


@login_required
def register_pdf(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, year, Action.PRINT)
    response = HttpResponse(printing.register_pdf(_table(agency, year)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(agency, year, "pdf")}"'
    return response


@login_required
def register_xlsx(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, year, Action.PRINT)
    workbook = excel.register_workbook(_table(agency, year))
    response = HttpResponse(excel.to_bytes(workbook), content_type=excel.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(agency, year, "xlsx")}"'
    return response
