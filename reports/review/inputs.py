"""The inputs of a management review compiled from the data (ISO 9001 clause 9.3.2), as a list of section
functions. Each takes a `Context` and returns a `Section` as plain strings (stored as JSON in ReviewInputs, so
the printed report and minutes do not change when the data does), or None to leave the section out.

To add a section (e.g. the effectiveness of actions on risks and opportunities, 9.3.2 e, from
`objectives.risks.selectors.review_rows`), write a function of the same shape and add it to SECTIONS.
The figures come from the engine (reports.results, reports.rollup_store through reports.year_end_report.build):
nothing is added up here. The texts are the document's legal Vietnamese, compiled in Vietnamese."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property

from django.db.models import Q
from django.utils import translation

from qms_portal.text import fold
from reports import results
from reports.actions import selectors as action_selectors
from reports.actions.models import OPEN_STATUSES, ActionStatus
from reports.year_end_report import YearEndReport, build

SATISFACTION = fold("hài lòng")
ACTIONS_LISTED = 20
MET_TEXT = {True: "Đạt", False: "Không đạt", None: "Chưa đánh giá"}
STATUS_TEXT = {
    ActionStatus.OPEN: "Chưa thực hiện",
    ActionStatus.IN_PROGRESS: "Đang thực hiện",
    ActionStatus.DONE: "Đã thực hiện, chờ đánh giá hiệu lực",
    ActionStatus.EFFECTIVE: "Có hiệu lực",
    ActionStatus.NOT_EFFECTIVE: "Không có hiệu lực",
    ActionStatus.CLOSED: "Đã đóng",
}


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the table's header; empty: no table
    widths: list[int] = field(default_factory=list)  # per cent of the text width
    centred: list[int] = field(default_factory=list)  # indexes of the columns printed centred
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Context:
    agency: object
    year: int
    today: date

    @cached_property
    def report(self) -> YearEndReport:
        data = results.agency_results(self.agency, self.year, with_causes=True)
        return build(data, today=self.today)


def _bare(text: str) -> str:
    """An objective's text without its closing punctuation, to be followed by ": <target>"."""
    return text.strip().rstrip(".;:,").rstrip()


def _met(value) -> str:
    return MET_TEXT.get(value, MET_TEXT[None])


def _year_text(target: results.TargetResult) -> str:
    return target.year_text + (f" ({target.year_sums})" if target.year_sums else "")


def objectives_section(ctx: Context) -> Section:
    """9.3.2 c: how far the quality objectives were met, each target beside last year's result."""
    doc, year = ctx.report, ctx.year
    section = Section("objectives", "Mức độ đạt được các mục tiêu chất lượng")
    if doc.data.decision is None:
        section.paragraphs.append(
            f"{ctx.agency.name} không có quyết định ban hành mục tiêu chất lượng năm {year} đang có hiệu lực."
        )
        return section
    summary = doc.data.summary
    if doc.decision_line:
        section.paragraphs.append(f"Mục tiêu chất lượng năm {year} ban hành theo {doc.decision_line}.")
    covered = ", ".join(doc.periods_covered) or "chưa có kỳ nào"
    section.paragraphs.append(
        f"Số liệu tính đến ngày {doc.cut_off}, theo các báo cáo đã được Tổ thư ký ISO chấp nhận (các kỳ: {covered}). "
        f"Tổng số chỉ tiêu: {summary['total']}; đạt: {summary['met']}; không đạt: {summary['missed']}; "
        f"chưa đánh giá được: {summary['open']}."
    )
    section.columns = ["TT", "Mục tiêu, chỉ tiêu", f"Năm {year - 1}", f"Năm {year}", "Đánh giá"]
    section.widths = [7, 47, 14, 17, 15]
    section.centred = [0, 2, 3, 4]
    for row in doc.rows:
        target = row.target
        label = f"{_bare(row.objective)}: {target.text}" if row.number else target.text
        section.rows.append([str(row.number or ""), label, row.last_year or "—", _year_text(target), _met(target.met)])
    return section


def units_section(ctx: Context) -> Section | None:
    """The breakdown by unit of the targets the units below implement, and the units that sent no report."""
    doc = ctx.report
    if doc.data.decision is None:
        return None
    section = Section("units", "Kết quả theo đơn vị")
    if doc.units:
        section.columns = ["Chỉ tiêu", "Đơn vị", "Kết quả", "Đánh giá"]
        section.widths = [34, 34, 16, 16]
        section.centred = [2, 3]
        for name, units in doc.units:
            for unit, result, met in units:
                section.rows.append([name, unit, result, met])
    else:
        section.paragraphs.append("Không có chỉ tiêu nào được các đơn vị trực thuộc cụ thể hóa.")
    silent = "; ".join(doc.not_reported) if doc.not_reported else "không có"
    section.paragraphs.append(f"Đơn vị chưa có báo cáo nào được chấp nhận trong năm: {silent}.")
    return section


def actions_section(ctx: Context) -> Section:
    """9.3.2 c: nonconformities and corrective actions: how many by status, overdue, verified effective or not
    (actions of the agency and the units below opened in the year or since, or opened earlier and not closed)."""
    actions = action_selectors.review_scope(ctx.agency, ctx.year)
    counts, overdue = action_selectors.status_counts(actions, ctx.today)
    total = sum(counts.values())
    section = Section("actions", "Tình trạng và hiệu lực của các hành động khắc phục")
    if not total:
        section.paragraphs.append("Trong kỳ không có hành động khắc phục nào.")
        return section
    parts = [f"{STATUS_TEXT[status]}: {counts[status]}" for status in ActionStatus.values if counts.get(status)]
    section.paragraphs.append(f"Tổng số hành động khắc phục: {total} ({'; '.join(parts)}).")
    section.paragraphs.append(
        f"Quá hạn chưa hoàn thành: {overdue}. Đã đánh giá có hiệu lực: {counts.get(ActionStatus.EFFECTIVE, 0)}; "
        f"không có hiệu lực: {counts.get(ActionStatus.NOT_EFFECTIVE, 0)}."
    )
    listed = list(
        actions.filter(Q(status=ActionStatus.NOT_EFFECTIVE) | Q(status__in=OPEN_STATUSES, due_on__lt=ctx.today))
        .select_related("agency")
        .order_by("due_on", "id")[:ACTIONS_LISTED]
    )
    if listed:
        section.paragraphs.append("Các hành động quá hạn hoặc không có hiệu lực:")
        section.columns = ["Hành động", "Đơn vị", "Hạn", "Tình trạng"]
        section.widths = [46, 24, 12, 18]
        section.centred = [2]
        for action in listed:
            state = STATUS_TEXT[action.status]
            if action.status in OPEN_STATUSES:
                state += " (quá hạn)"
            section.rows.append(
                [
                    action.title,
                    action.agency.short_name or action.agency.name,
                    action.due_on.strftime("%d/%m/%Y"),
                    state,
                ]
            )
    return section


def satisfaction_section(ctx: Context) -> Section:
    """9.3.2 c 1: customer satisfaction, read from the targets that measure it ("hài lòng")."""
    section = Section("satisfaction", "Sự hài lòng của người dân, tổ chức")
    rows = [
        row
        for row in ctx.report.rows
        if SATISFACTION in fold(f"{row.objective} {row.target.target.label} {row.target.text}")
    ]
    if not rows:
        section.paragraphs.append("Mục tiêu chất lượng trong kỳ không có chỉ tiêu về sự hài lòng.")
        return section
    section.columns = ["Chỉ tiêu", f"Năm {ctx.year - 1}", f"Năm {ctx.year}", "Đánh giá"]
    section.widths = [52, 15, 18, 15]
    section.centred = [1, 2, 3]
    met = sum(1 for row in rows if row.target.met is True)
    missed = sum(1 for row in rows if row.target.met is False)
    section.paragraphs.append(
        f"Số chỉ tiêu về sự hài lòng: {len(rows)}; đạt: {met}; không đạt: {missed}; chưa đánh giá được: "
        f"{len(rows) - met - missed}."
    )
    for row in rows:
        target = row.target
        name = target.target.label or _bare(row.objective)
        section.rows.append([f"{name}: {target.text}", row.last_year or "—", _year_text(target), _met(target.met)])
    return section


SECTIONS: list[Callable[[Context], Section | None]] = [
    objectives_section,
    units_section,
    actions_section,
    satisfaction_section,
]


def compile_inputs(agency, year: int, *, today: date) -> dict:
    """Every section, as JSON-ready data (the snapshot stored by services.review_compile)."""
    ctx = Context(agency, year, today)
    with translation.override("vi"):
        sections = [section for make in SECTIONS if (section := make(ctx)) is not None]
    return {"version": 1, "as_of": today.isoformat(), "sections": [asdict(s) for s in sections]}


def sections_of(data: dict | None) -> list[Section]:
    """The stored snapshot back as Sections (unknown keys ignored)."""
    names = set(Section.__dataclass_fields__)
    return [Section(**{k: v for k, v in item.items() if k in names}) for item in (data or {}).get("sections", [])]
