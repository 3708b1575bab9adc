"""The register printed as agencies keep it: "BẢNG NHẬN DIỆN, ĐÁNH GIÁ, GIẢI QUYẾT RỦI RO VÀ CƠ HỘI", laid out per
Nghị định 30/2020/NĐ-CP (agency header, national motto, place and date, title, an A4 landscape table whose
header row repeats on every page, page numbers from page 2, the scale under the table, the signer block), as
PDF (WeasyPrint, through objectives.printing.pdf, imported on first use) and Excel (risks.excel, openpyxl on
first use). The document text is legal Vietnamese and deliberately not translated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import translation

from agencies.models import Agency
from agencies.wording import head_title_for, heading
from objectives.printing.layout import header_lines
from objectives.risks import scale, selectors
from objectives.risks.models import RiskKind
from qms_portal.vnformat import format_place_date, roman

TITLE = "BẢNG NHẬN DIỆN, ĐÁNH GIÁ, GIẢI QUYẾT RỦI RO VÀ CƠ HỘI"
SECTIONS = {RiskKind.RISK: "RỦI RO", RiskKind.OPPORTUNITY: "CƠ HỘI"}


@dataclass
class PrintRow:
    number: int
    description: str
    cause: str
    objectives: list[str]
    likelihood: int
    impact: int
    level: int
    band: str
    treatment: str
    actions: list[str]  # the planned actions, one per line, then the register's actions with their status
    owner: str
    review: str
    residual: str  # "K × A = N (band)" or ""


@dataclass
class RiskTable:
    agency: Agency
    year: int
    header_parent: list[str]
    header_own: list[str]
    place_date: str
    sections: list[tuple[str, list[PrintRow]]]  # ("I. RỦI RO", rows), ("II. CƠ HỘI", rows), only those present
    legend: list[tuple[str, str]]
    signer_lines: list[str]
    signer_name: str

    @property
    def is_empty(self) -> bool:
        return not any(rows for _, rows in self.sections)


def _actions(planned_text: str, linked) -> list[str]:
    """The planned actions, one per line; an action of the register that carries a planned line's text adds
    its status to that line, the others follow with theirs."""
    planned = [line.strip(" -•\t") for line in planned_text.splitlines() if line.strip(" -•\t")]
    lines = list(planned)
    for action in linked:
        status = f"({action.status_label.lower()})"
        if action.title in planned:
            index = planned.index(action.title)
            lines[index] = f"{lines[index]} {status}"
        else:
            lines.append(f"{action.title} {status}")
    return lines


def _residual(item) -> str:
    if item.residual_level is None:
        return ""
    return f"{item.residual_likelihood} × {item.residual_impact} = {item.residual_level} ({item.residual_band.label})"


def build(agency: Agency, year: int, *, today: date) -> RiskTable:
    """The printed table's content (bounded queries: the register's rows and one decision)."""
    with translation.override("vi"):
        grouped: dict[str, list[PrintRow]] = {RiskKind.RISK: [], RiskKind.OPPORTUNITY: []}
        for row in selectors.rows(agency, year):
            item = row.item
            actions = _actions(item.actions_text, row.actions)
            grouped[item.kind].append(
                PrintRow(
                    number=row.number,
                    description=item.description,
                    cause=item.cause,
                    objectives=[" ".join(o.content.split()) for o in row.objectives],
                    likelihood=item.likelihood,
                    impact=item.impact,
                    level=item.level,
                    band=str(item.band.label),
                    treatment=item.get_treatment_display(),
                    actions=actions,
                    owner=item.owner_label,
                    review=item.review_on.strftime("%d/%m/%Y") if item.review_on else "",
                    residual=_residual(item),
                )
            )
        sections = []
        for kind in (RiskKind.RISK, RiskKind.OPPORTUNITY):
            if grouped[kind]:
                sections.append((f"{roman(len(sections) + 1)}. {SECTIONS[kind]}", grouped[kind]))
        decision = selectors.year_decision(agency, year)
        title = heading(agency.head_title or head_title_for(agency.kind, agency.name))
        return RiskTable(
            agency=agency,
            year=year,
            header_parent=header_lines(decision.header_parent if decision else agency.header_parent),
            header_own=header_lines((decision.header_own if decision else agency.header_own) or agency.name.upper()),
            place_date=format_place_date(agency.place or agency.name, today),
            sections=sections,
            legend=scale.legend(),
            signer_lines=[title] if title else [],
            signer_name=agency.head_name,
        )


def register_pdf(table: RiskTable) -> bytes:
    from objectives.printing.pdf import render_html_pdf  # WeasyPrint loads on the first print, not at start-up

    return render_html_pdf("objectives/risks/print_register.html", {"doc": table})
