"""The year-end report as a PDF, in the same print style as the decisions (objectives.printing.pdf)."""

from django.utils import timezone

from qms_portal.vnformat import format_doc_date, format_place_date
from reports.results import Results


def year_end_pdf(results: Results) -> bytes:
    from objectives.printing.pdf import render_html_pdf

    agency, decision = results.agency, results.decision
    context = {
        "data": results,
        "place_date": format_place_date(agency.place or agency.name, timezone.localdate()),
        # The header as the agency's decision prints it (a renamed agency keeps its issued header).
        "header_parent": decision.header_parent if decision else agency.header_parent,
        "header_own": (decision.header_own if decision else agency.header_own) or agency.name.upper(),
        "decision_date": format_doc_date(decision.issued_on) if decision and decision.issued_on else "",
    }
    return render_html_pdf("reports/print_year_end.html", context)
