"""Pages of the reports app: thin views that check permissions, call a selector or service, render."""

from datetime import date
from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.models import Agency, Role
from agencies.permissions import Action, allowed_steps, can, check, check_step, get_for_user, has_role_anywhere
from qms_portal.lazy import lazy_module
from qms_portal.refusals import WorkflowError, show_error
from qms_portal.uploads import download_name
from reports import pending_uploads, periods, results, selectors, services, steps
from reports.actions import selectors as action_selectors
from reports.actions import summary as action_summary
from reports.forms import DueDatesForm, LineForm, PickerForm, ReportForm, ReviewForm
from reports.models import DueDateOverride, Evidence, Period, ReportStatus

excel = lazy_module("reports.excel")  # openpyxl on the first export, not at start-up

# The secretariat's review steps, each with its own comment form (reports/steps.py).
REVIEW_LABELS = {
    steps.ACCEPT.name: gettext_lazy("Comment (optional)"),
    steps.RETURN.name: gettext_lazy("What should the unit correct?"),
    steps.REOPEN.name: gettext_lazy("Reason for reopening"),
}
COMMENT_REQUIRED = (steps.RETURN.name, steps.REOPEN.name)


def _today() -> date:
    return timezone.localdate()


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _agency(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Agency:
    return get_for_user(request.user, Agency.objects.all(), pk, action)


# --- the unit head's side ------------------------------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    year = _year(_int(request.GET.get("year"), _today().year))
    mine = selectors.my_reports(request.user, year, _today())
    if request.GET.get("format") == "xlsx":
        return excel.response(excel.my_reports_workbook(mine), f"bao-cao-cua-toi-{year}.xlsx")
    return render(
        request,
        "reports/my_reports.html",
        {
            "mine": mine,
            "year": year,
            "years": _years(year),
            "is_unit_head": bool(selectors.unit_head_agencies(request.user)),
        },
    )


def _int(value, default: int) -> int:
    """A key or a year from the query string: a whole number from 0 to 2**63 - 1, else the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < 2**63 else default


def _years(year: int) -> list[int]:
    this = _today().year
    return sorted({this - 2, this - 1, this, this + 1, year})


def _line_forms(rows, data=None) -> list[LineForm]:
    return [LineForm(data=data, target=row.target, line=row.line) for row in rows]


def _report_context(
    request,
    agency,
    year,
    period,
    *,
    report=None,
    rows=None,
    forms=None,
    report_form=None,
    review_forms=None,
    error: str = "",
) -> dict:
    user = request.user
    today = _today()
    if rows is None:
        rows = selectors.report_rows(agency, year, period, report)
    evidence = list(selectors.report_evidence(report)) if report else []
    can_report = can(user, Action.REPORT, agency)
    can_review = can(user, Action.REVIEW, agency)
    editable = can_report and (report is None or report.is_editable) and periods.has_started(year, period, today)
    if editable and forms is None:
        forms = _line_forms(rows)
    if editable and report_form is None:
        report_form = ReportForm(
            initial={"note": report.note if report else "", "lock_version": report.lock_version if report else 0},
            evidence=evidence,
        )
    lock = report.lock_version if report else 0
    review_forms = review_forms or {}
    review_steps = []
    for step in allowed_steps(user, report) if report is not None else []:
        if step.name not in REVIEW_LABELS:
            continue  # the unit head's save/submit is the report form above
        form = review_forms.get(step.name) or ReviewForm(
            initial={"lock_version": lock},
            prefix=step.name,
            required=step.name in COMMENT_REQUIRED,
            label=REVIEW_LABELS[step.name],
        )
        review_steps.append((step, form))
    due = selectors.due_date(agency, year, period)
    return {
        "agency": agency,
        "year": year,
        "period": period,
        "period_label": periods.label(period),
        "report": report,
        "due": due,
        "badge": selectors.badge(report.status if report else None, due, today),
        "rows": list(zip(rows, forms)) if editable else [(row, None) for row in rows],
        "editable": editable,
        "can_report": can_report,
        "can_review": can_review,
        "report_form": report_form,
        "review_steps": review_steps,
        "evidence": evidence,
        "events": list(selectors.report_events(report)) if report else [],
        "error": error,
        "is_final": periods.is_final(period),
        "not_started": not periods.has_started(year, period, today),
        # The unit head sees the unit's corrective actions still to be worked on (reports/actions/).
        "open_actions": action_selectors.open_for_unit(agency) if can_report else [],
    }


def _distribute(error: ValidationError, forms: list[LineForm], report_form: ReportForm) -> str:
    """Put a service's errors ("t12-cause", "files", "note") next to the fields they concern."""
    by_prefix = {form.prefix: form for form in forms}
    general = []
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    for key, errors in error.message_dict.items():
        prefix, _sep, name = key.partition("-")
        form = by_prefix.get(prefix)
        if form is not None and name in form.fields:
            for message in errors:
                form.add_error(name, message)
        elif key in report_form.fields:
            for message in errors:
                report_form.add_error(key, message)
        else:
            general.extend(errors)
    return " ".join(general)


@login_required
def report(request: HttpRequest, agency_pk: int, year: int, period: str) -> HttpResponse:
    """The report of one agency for one period: the unit head's form, or a read-only view with the
    secretariat's review actions."""
    agency = _agency(request, agency_pk)
    year = _year(year)
    if period not in Period.values:
        raise Http404
    existing = selectors.report_for(agency, year, period)
    rows = selectors.report_rows(agency, year, period, existing)
    if not rows and existing is None:
        raise Http404
    if request.method != "POST":
        return render(
            request, "reports/report.html", _report_context(request, agency, year, period, report=existing, rows=rows)
        )

    check(request.user, Action.REPORT, agency)
    if existing is not None and not existing.is_editable:
        messages.error(
            request,
            _("This report is %(status)s and can no longer be changed.")
            % {"status": existing.get_status_display().lower()},
        )
        return redirect(request.path)
    evidence = list(selectors.report_evidence(existing)) if existing else []
    forms = _line_forms(rows, data=request.POST)
    report_form = ReportForm(data=request.POST, files=request.FILES, evidence=evidence)
    error = ""
    pending_key = f"{agency.pk}/{year}/{period}"
    still = request.POST.getlist("keep")
    if all(form.is_valid() for form in forms) and report_form.is_valid():
        submit = report_form.cleaned_data.get("action") == "submit"
        try:
            saved = services.report_save(
                agency=agency,
                year=year,
                period=period,
                user=request.user,
                lines={form.target.pk: form.to_input() for form in forms},
                note=report_form.cleaned_data["note"],
                lock_version=report_form.cleaned_data["lock_version"],
                submit=submit,
                files=list(report_form.cleaned_data["files"]) + pending_uploads.opened(request, pending_key, still),
                remove_files=report_form.cleaned_data["remove_files"],
                today=_today(),
            )
        except services.StaleReportError as stale:
            error = stale.message
        except WorkflowError as refused:
            error = refused.message
        except ValidationError as invalid:
            error = _distribute(invalid, forms, report_form) or _(
                "Some rows need attention; nothing was saved. The messages are next to each row."
            )
        else:
            pending_uploads.clear(request, pending_key)
            if saved.status == ReportStatus.SUBMITTED:
                messages.success(request, _("The report was submitted to the secretariat."))
            else:
                messages.success(request, _("The draft was saved."))
            return redirect(request.path)
    else:
        error = _("Some rows need attention; nothing was saved. The messages are next to each row.")
    # Files that were fine are kept for the next try (the browser cannot fill the file input again).
    good_uploads = (getattr(report_form, "cleaned_data", None) or {}).get("files") or []
    pending_uploads.keep(request, pending_key, good_uploads, still=still)
    context = _report_context(
        request, agency, year, period, report=existing, rows=rows, forms=forms, report_form=report_form, error=error
    )
    context["pending"] = pending_uploads.kept(request, pending_key)
    return render(request, "reports/report.html", context, status=200)


def _review(request: HttpRequest, agency_pk: int, year: int, period: str, kind: str) -> HttpResponse:
    agency = _agency(request, agency_pk)
    check(request.user, Action.REVIEW, agency)
    existing = selectors.report_for(agency, _year(year), period)
    if existing is None:
        raise Http404
    check_step(request.user, existing, steps.BY_NAME[kind])
    form = ReviewForm(data=request.POST, prefix=kind, required=kind in COMMENT_REQUIRED, label=REVIEW_LABELS[kind])
    if form.is_valid():
        lock = form.cleaned_data["lock_version"]
        comment = form.cleaned_data["comment"]
        try:
            if kind == "accept":
                services.report_accept(report=existing, user=request.user, lock_version=lock, comment=comment)
                messages.success(request, _("The report was accepted."))
            elif kind == "return":
                services.report_return(report=existing, user=request.user, lock_version=lock, comment=comment)
                messages.success(request, _("The report was returned to the unit head with your comment."))
            else:
                services.report_reopen(report=existing, user=request.user, lock_version=lock, reason=comment)
                messages.success(request, _("The report was reopened; the unit head can correct and resubmit it."))
            return redirect("reports:report", agency.pk, year, period)
        except services.StaleReportError as stale:
            messages.error(request, stale.message)
            return redirect("reports:report", agency.pk, year, period)
        except (ValidationError, WorkflowError) as invalid:
            show_error(request, invalid, form, field_aliases={"reason": "comment"})
    context = _report_context(request, agency, year, period, report=existing, review_forms={kind: form})
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def report_accept(request: HttpRequest, agency_pk: int, year: int, period: str) -> HttpResponse:
    return _review(request, agency_pk, year, period, "accept")


@login_required
@require_POST
def report_return(request: HttpRequest, agency_pk: int, year: int, period: str) -> HttpResponse:
    return _review(request, agency_pk, year, period, "return")


@login_required
@require_POST
def report_reopen(request: HttpRequest, agency_pk: int, year: int, period: str) -> HttpResponse:
    return _review(request, agency_pk, year, period, "reopen")


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        evidence = Evidence.objects.select_related("report__agency").get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None
    check(request.user, Action.VIEW, evidence.report.agency)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )
    return response


# --- the secretariat's side ----------------------------------------------------------------------------------


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


# --- dashboards and the year-end report ----------------------------------------------------------------------


@login_required
def dashboard_home(request: HttpRequest) -> HttpResponse:
    agency_pk = _int(request.GET.get("agency"), 0)
    year = _int(request.GET.get("year"), _today().year)
    if not agency_pk:
        own = selectors.unit_head_agencies(request.user)
        agency = (own[0] if own else None) or selectors.default_root(request.user, Action.VIEW)
        if agency is None:
            raise PermissionDenied
        agency_pk = agency.pk
    return redirect("reports:dashboard", agency_pk, _year(year))


@login_required
def dashboard(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk)
    data = results.agency_results(agency, _year(year))
    if request.GET.get("format") == "xlsx":
        return excel.response(excel.dashboard_workbook(data), f"ket-qua-muc-tieu-{year}.xlsx")
    picker = PickerForm(
        initial={"agency": agency.pk, "year": year}, agencies=results.dashboard_agencies(request.user, year, agency)
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "data": data,
            "agency": agency,
            "year": year,
            "picker": picker,
            "charts": data.charts(),
            "dashboard_root": reverse("reports:dashboard-home"),  # + "<agency>/<year>/", see urls.py
            "can_review": can(request.user, Action.REVIEW, agency),
            "action_summary": action_summary.counts_by_unit(agency, _today()),
        },
    )


@login_required
def year_end(request: HttpRequest, agency_pk: int, year: int) -> HttpResponse:
    agency = _agency(request, agency_pk, Action.PRINT)
    data = results.agency_results(agency, _year(year), with_causes=True)
    fmt = request.GET.get("format")
    if fmt == "xlsx":
        return excel.response(excel.year_end_workbook(data), f"bao-cao-ket-qua-muc-tieu-{year}.xlsx")
    if fmt == "pdf" or request.method == "POST":
        from reports.printing import year_end_pdf

        # The conclusion the secretariat edited on the page (POST: it can be long); not stored.
        conclusion = request.POST.get("conclusion") if request.method == "POST" else None
        response = HttpResponse(year_end_pdf(data, conclusion=conclusion), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="bao-cao-ket-qua-muc-tieu-{year}.pdf"'
        return response
    from reports.year_end_report import CONCLUSION_MAX, default_conclusion

    return render(
        request,
        "reports/year_end.html",
        {
            "data": data,
            "agency": agency,
            "year": year,
            "today": _today(),
            "conclusion": default_conclusion(data),
            "conclusion_max": CONCLUSION_MAX,
        },
    )
