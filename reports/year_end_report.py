"""The year-end report as a signed Báo cáo (Nghị định 30/2020/NĐ-CP) built for the management review (ISO 9001
clause 9.3.2 c): data cut-off date and periods covered, each target's result beside last year's, the per-unit
breakdown, the units that did not report, missed targets with cause and action, and a conclusion paragraph
that the secretariat edits before printing (it is not stored: the signed paper is the record)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agencies.wording import head_title_for, heading
from objectives.models import Decision
from objectives.printing.layout import header_lines
from qms_portal.text import nfc
from qms_portal.vnformat import format_doc_date, format_place_date
from reports import periods, results
from reports.models import Report, ReportStatus

CONCLUSION_MAX = 3000


@dataclass
class ReportRow:
    number: int | None  # the objective's number, on its first target only
    rowspan: int
    objective: str
    target: results.TargetResult
    last_year: str  # last year's result of the same target ("" when there was none)


@dataclass
class YearEndReport:
    data: results.Results
    header_parent: list[str]
    header_own: list[str]
    number_line: str
    place_date: str
    cut_off: str
    periods_covered: list[str]
    decision_line: str
    rows: list[ReportRow]
    units: list[tuple[str, list[tuple[str, str, str]]]]  # target name -> [(unit, result, met)]
    not_reported: list[str]
    missed: list[results.TargetResult]
    conclusion: list[str]
    recipients: list[str]
    signer_lines: list[str]
    signer_name: str
    images: None = None  # the signer block of print/_signing.html; a report carries no signature image


def _key(target: results.TargetResult) -> str:
    return " ".join((target.target.label or target.text).split()).casefold()


def default_conclusion(data: results.Results) -> str:
    """A first draft of the conclusion, from the figures; the secretariat rewrites it before printing."""
    summary = data.summary
    text = (
        f"Năm {data.year}, {data.agency.name} thực hiện {summary['total']} chỉ tiêu chất lượng: {summary['met']} chỉ tiêu "
        f"đạt, {summary['missed']} chỉ tiêu không đạt, {summary['open']} chỉ tiêu chưa đủ số liệu để đánh giá."
    )
    missed = [t.name for t in data.targets if t.met is False]
    if missed:
        text += " Các chỉ tiêu không đạt (" + "; ".join(missed) + ") đã có nguyên nhân và biện pháp khắc phục nêu trên."
    return text + " Đề nghị Ban Chỉ đạo ISO xem xét trong cuộc họp xem xét của lãnh đạo."


def build(data: results.Results, *, today: date, conclusion: str | None = None) -> YearEndReport:
    agency, decision = data.agency, data.decision
    last_year = {_key(t): t.year_text for t in results.agency_results(agency, data.year - 1).targets}
    rows: list[ReportRow] = []
    for number, objective in enumerate(data.objectives, start=1):
        for index, target in enumerate(objective.targets):
            rows.append(
                ReportRow(
                    number if index == 0 else None,
                    len(objective.targets),
                    objective.objective.content,
                    target,
                    last_year.get(_key(target), ""),
                )
            )
    covered = (
        Report.objects.filter(year=data.year, status=ReportStatus.ACCEPTED, agency__path__startswith=agency.path)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    periods_covered = [periods.VIETNAMESE.get(p, p) for p in sorted(set(covered), key=periods.sort_key)]
    units = [(target.name, [(u.name, u.text, u.met_text) for u in target.units]) for target in data.linked]
    # Units below with a decision in force for the year but no accepted report at all (two queries).
    reported = set(
        Report.objects.filter(year=data.year, status=ReportStatus.ACCEPTED, agency__path__startswith=agency.path)
        .order_by()
        .values_list("agency_id", flat=True)
        .distinct()
    )
    silent = {
        short or name
        for pk, name, short in Decision.objects.in_force()
        .filter(year=data.year, agency__path__startswith=agency.path)
        .exclude(agency=agency)
        .values_list("agency_id", "agency__name", "agency__short_name")
        if pk not in reported
    }
    text = nfc(conclusion if conclusion is not None else default_conclusion(data))[:CONCLUSION_MAX]
    title = heading(agency.head_title or head_title_for(agency.kind, agency.name))
    decision_line = ""
    if decision and decision.number and decision.issued_on:
        decision_line = f"Quyết định số {decision.number:02d}/{decision.symbol} {format_doc_date(decision.issued_on)}"
    return YearEndReport(
        data=data,
        header_parent=header_lines(decision.header_parent if decision else agency.header_parent),
        header_own=header_lines((decision.header_own if decision else agency.header_own) or agency.name.upper()),
        number_line=f"Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-{agency.symbol or 'UBND'}",
        place_date=format_place_date(agency.place or agency.name, today),
        cut_off=today.strftime("%d/%m/%Y"),
        periods_covered=periods_covered,
        decision_line=decision_line,
        rows=rows,
        units=units,
        not_reported=sorted(silent),
        missed=[t for t in data.targets if t.met is False],
        conclusion=[line.strip() for line in text.splitlines() if line.strip()],
        recipients=["- Ban Chỉ đạo ISO;", "- Sở Khoa học và Công nghệ;", "- Lưu: VT, TKISO."],
        signer_lines=[title] if title else [],
        signer_name=agency.head_name,
    )
