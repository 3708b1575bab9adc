"""The year-end report as a signed PDF Báo cáo, in the same print style as the decisions (objectives.printing.pdf)."""

from django.utils import timezone

from reports.results import Results
from reports.year_end_report import build


def year_end_pdf(results: Results, *, conclusion: str | None = None) -> bytes:
    """`conclusion` is the secretariat's edited text; None prints the draft composed from the figures."""
    from objectives.printing.pdf import render_html_pdf

    report = build(results, today=timezone.localdate(), conclusion=conclusion)
    return render_html_pdf("reports/print_year_end.html", {"doc": report})
