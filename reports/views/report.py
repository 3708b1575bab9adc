"""The progress report: the unit head's list and form, the secretariat's review of one report, evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import Action, allowed_steps, can, check, check_step
from qms_portal.refusals import WorkflowError, show_error
from qms_portal.uploads import download_name
from reports import pending_uploads, periods, selectors, services, steps
from reports.actions import selectors as action_selectors
from reports.forms import LineForm, ReportForm, ReviewForm
from reports.models import Evidence, Period, ReportStatus
from reports.views.common import COMMENT_REQUIRED, REVIEW_LABELS, _agency, _int, _today, _year, _years, excel


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
    year = _year(year)
    if period not in Period.values:
        raise Http404
    # The report and its agency in one query; the agency alone when there is no report yet. The same check either way.
    existing = selectors.report_with_agency(agency_pk, year, period)
    if existing is not None:
        agency = existing.agency
        check(request.user, Action.VIEW, agency)
    else:
        agency = _agency(request, agency_pk)
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
