"""Dashboards and the year-end report (page, PDF, Excel)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from agencies.permissions import Action, can
from reports import results, selectors
from reports.actions import summary as action_summary
from reports.forms import PickerForm
from reports.views.common import _agency, _int, _today, _year, excel


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
