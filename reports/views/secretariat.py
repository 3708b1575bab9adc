"""The secretariat's pages: review queue, status grid (and its reminders), due dates."""

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.models import Role
from agencies.permissions import Action, can, has_role_anywhere
from qms_portal.refusals import show_error
from reports import periods, selectors, services
from reports.forms import DueDatesForm, PickerForm
from reports.models import DueDateOverride, Period
from reports.views.common import _agency, _int, _today, _year, excel


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not has_role_anywhere(request.user, [Role.SECRETARIAT]):
        raise PermissionDenied
    rows = selectors.review_queue(request.user)
    if request.GET.get("format") == "xlsx":
        return excel.response(excel.review_queue_workbook(rows), "hang-doi-xem-xet.xlsx")
    return render(request, "reports/review_queue.html", {"rows": rows})


def _pick(request: HttpRequest, view_name: str, action: Action) -> HttpResponse:
    """/grid/ and friends: go to the chosen (or the user's own) agency and year."""
    agency_pk = _int(request.GET.get("agency"), 0)
    year = _int(request.GET.get("year"), _today().year)
    if not agency_pk:
        agency = selectors.default_root(request.user, action)
        if agency is None:
            raise PermissionDenied
        agency_pk = agency.pk
    return redirect(view_name, agency_pk, _year(year))


@login_required
def status_grid_home(request: HttpRequest) -> HttpResponse:
    return _pick(request, "reports:status-grid", Action.REVIEW)


@login_required
def status_grid(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    root = _agency(request, agency_pk, Action.REVIEW)
    grid = selectors.status_grid(root, _year(year), _today())
    if request.GET.get("format") == "xlsx":
        return excel.response(excel.grid_workbook(grid), f"tinh-hinh-bao-cao-{year}.xlsx")
    roots = selectors.reviewable_roots(request.user)
    picker = PickerForm(initial={"agency": root.pk, "year": year}, agencies=roots if root in roots else [root, *roots])
    return render(
        request,
        "reports/status_grid.html",
        {
            "grid": grid,
            "picker": picker,
            "can_manage": can(request.user, Action.MANAGE, root),
            "grid_texts": {
                key: escape(text)
                for key, text in {"due": _("Due"), "last": _("Last reminder"), "remind": _("Remind")}.items()
            },
        },
    )


@login_required
def grid_cell(request: HttpRequest, agency_pk: int, year: int, unit_pk: int, period: str) -> HttpResponse:
    """A grid cell's short link ("<unit>/<period>/" relative to the grid): to the report's own page (which
    checks the permissions on the unit's report too)."""
    _agency(request, agency_pk, Action.REVIEW)  # the same rule as the grid itself
    if period not in Period.values:
        raise Http404
    return redirect("reports:report", unit_pk, _year(year), period)


@login_required
@require_POST
def grid_remind(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    root = _agency(request, agency_pk, Action.REVIEW)
    cells = []
    for value in request.POST.getlist("cell"):
        agency_id, _sep, period = value.partition(":")
        if agency_id.isdigit() and period in Period.values:
            cells.append((int(agency_id), period))
    if request.POST.get("all_late"):
        grid = selectors.status_grid(root, _year(year), _today())
        cells = [
            (row.agency_id, cell.period)
            for row in grid.rows
            for cell in row.cells
            if cell is not None and cell.badge.status == "late"
        ]
    if not cells:
        messages.warning(request, _("Choose at least one unit and period to remind."))
        return redirect("reports:status-grid", root.pk, year)
    run = services.reminders_send_manual(root=root, year=_year(year), cells=cells, user=request.user, today=_today())
    if run.sent:
        messages.success(request, _("%(count)d reminder e-mail(s) sent.") % {"count": len(run.sent)})
    if run.already:
        messages.info(
            request,
            _("%(count)d reminder(s) had already been sent today and were not sent again.") % {"count": run.already},
        )
    if run.no_recipient:
        names = ", ".join(sorted({str(a) for a in run.no_recipient}))
        messages.warning(request, _("No unit head with an e-mail address for: %(names)s.") % {"names": names})
    if run.failed:
        messages.error(request, _("%(count)d e-mail(s) could not be sent; try again later.") % {"count": run.failed})
    return redirect("reports:status-grid", root.pk, year)


@login_required
def due_dates(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, Action.MANAGE)
    year = _year(year)
    current = {o.period: o.due_on for o in DueDateOverride.objects.filter(agency=agency, year=year)}
    form = DueDatesForm(data=request.POST or None, year=year, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                for period in periods.ORDER:
                    if form.cleaned_data.get(period) != current.get(period):
                        changing = period
                        services.due_date_set(
                            agency=agency, year=year, period=period, due_on=form.cleaned_data[period], user=request.user
                        )
        except ValidationError as invalid:
            show_error(request, invalid, form, field_aliases={"due_on": changing})
        else:
            messages.success(
                request,
                _("The due dates were saved; they apply to %(agency)s and every unit below it.") % {"agency": agency},
            )
            return redirect("reports:status-grid", agency.pk, year)
    inherited = selectors.DueDates.load(year)
    effective = [(periods.label(p), inherited.get(agency.path, p)) for p in periods.ORDER]
    return render(
        request, "reports/due_dates.html", {"agency": agency, "year": year, "form": form, "effective": effective}
    )
