"""The printed documents of a management review, laid out per Nghị định 30/2020/NĐ-CP in the print style of the
decisions (objectives.printing): the input report (BÁO CÁO, with Nơi nhận and the signer) and the minutes
(BIÊN BẢN, signed by the secretary and the chair). Both read the stored snapshot of the inputs, never the live
data, so a printout does not change after the inputs were compiled. `build` gives the strings on the paper;
`review_pdf` renders them with WeasyPrint, reports.review.docx with python-docx (both loaded on first use)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from agencies.wording import head_title_for, heading
from objectives.printing.layout import header_lines, paragraphs
from qms_portal.text import ascii_fold
from qms_portal.vnformat import format_doc_date, format_number_symbol, format_place_date, roman
from reports.review.inputs import Section, sections_of
from reports.review.models import ManagementReview, ReviewPeriod, SignedKind

NARRATIVE = (
    ("audit_results", "Kết quả đánh giá nội bộ"),
    ("issues_changes", "Những thay đổi của các vấn đề bên ngoài và nội bộ liên quan đến hệ thống quản lý chất lượng"),
    ("resources", "Sự thỏa đáng của các nguồn lực"),
    ("feedback", "Ý kiến phản hồi, khiếu nại của người dân, tổ chức"),
    ("improvements", "Các cơ hội cải tiến"),
)
NOTHING = "Không có."


@dataclass
class Part:
    heading: str  # "I. Mức độ đạt được ..."
    paragraphs: list[str] = field(default_factory=list)
    section: Section | None = None  # a compiled section with its table (the input report)


@dataclass
class Signer:
    lines: list[str]
    name: str


@dataclass
class ReviewDocument:
    kind: str
    header_parent: list[str]
    header_own: list[str]
    number_line: str
    place_date: str
    doc_type: str  # "BÁO CÁO" / "BIÊN BẢN"
    summary: str
    intro: list[str]
    parts: list[Part]
    decisions_heading: str  # the minutes: "IV. Các quyết định ..."; "" for the report
    decisions: list[list[str]]  # the minutes: TT, decision, responsible, due date
    recipients: list[str]  # the report only
    signer_lines: list[str]  # the report's signer (print/_signing.html)
    signer_name: str
    signers: list[Signer]  # the minutes: secretary (left) and chair (right)
    title: str
    author: str
    is_draft: bool
    images: None = None  # print/_signing.html: a review document carries no signature image


def period_text(review: ManagementReview) -> str:
    return f"6 tháng đầu năm {review.year}" if review.period == ReviewPeriod.H1 else f"năm {review.year}"


def document_title(review: ManagementReview, kind: str) -> str:
    """The summary line under BÁO CÁO / BIÊN BẢN (also looked for in the signed PDF)."""
    if kind == SignedKind.MINUTES:
        return f"Họp xem xét của lãnh đạo {period_text(review)}"
    return f"Kết quả tổng hợp thông tin đầu vào xem xét của lãnh đạo {period_text(review)}"


def _name(user) -> str:
    if user is None:
        return ""
    return (user.get_full_name() or user.get_username()).strip()


def signer_names(review: ManagementReview) -> tuple[str, str]:
    return _name(review.chair), _name(review.secretary)


def _text(value: str) -> list[str]:
    return paragraphs(value) or [NOTHING]


def filename(review: ManagementReview, kind: str, extension: str) -> str:
    stem = "bien-ban-xem-xet-lanh-dao" if kind == SignedKind.MINUTES else "bao-cao-dau-vao-xem-xet-lanh-dao"
    code = ascii_fold(review.agency.code or str(review.agency.pk))
    return f"{review.year}_{code}_{stem}.{extension}"


def build(review: ManagementReview, kind: str, *, snapshot=None) -> ReviewDocument:
    """What the input report or the minutes say, from the review and its stored inputs (`snapshot`: a
    ReviewInputs, else the current one)."""
    from reports.review.services import current_inputs

    agency = review.agency
    snapshot = snapshot if snapshot is not None else current_inputs(review)
    sections = sections_of(snapshot.data if snapshot else None)
    symbol = agency.symbol or "UBND"
    chair, secretary = signer_names(review)
    minutes = kind == SignedKind.MINUTES
    number = review.minutes_number if minutes else review.report_number
    if minutes:
        dated = review.meeting_date
    else:
        dated = snapshot.compiled_on if snapshot else None
    parts: list[Part] = []
    intro: list[str] = []
    decisions: list[list[str]] = []
    if minutes:
        attendees = [_name(a.user) for a in review.attendees.all()]
        when = f"Vào {format_doc_date(review.meeting_date)}" if review.meeting_date else "Vào ngày … tháng … năm …"
        intro.append(
            f"{when}, tại {review.place or '…'}, {agency.name} tổ chức họp xem xét của lãnh đạo đối với hệ thống "
            f"quản lý chất lượng theo TCVN ISO 9001:2015 {period_text(review)}."
        )
        members = [f"Chủ trì: {chair or '…'}{(' - ' + review.chair_title) if review.chair_title else ''}."]
        members.append(f"Thư ký: {secretary or '…'}.")
        if attendees:
            members.append("Thành phần tham dự: " + "; ".join(attendees) + ".")
        guests = paragraphs(review.guests)
        if guests:
            members.append("Khách mời: " + "; ".join(guests) + ".")
        parts.append(Part("I. Thành phần tham dự", members))
        inputs_part = Part("II. Các thông tin đầu vào đã xem xét")
        for index, section in enumerate(sections, start=1):
            inputs_part.paragraphs += [f"{index}. {section.title}: " + " ".join(section.paragraphs or [NOTHING])]
        for index, (name, title) in enumerate(NARRATIVE, start=len(sections) + 1):
            inputs_part.paragraphs.append(f"{index}. {title}: " + " ".join(_text(getattr(review, name))))
        parts.append(inputs_part)
        parts.append(Part("III. Kết luận", _text(review.conclusions)))
        for order, decision in enumerate(review.decisions.all(), start=1):
            due = decision.due_on.strftime("%d/%m/%Y") if decision.due_on else ""
            decisions.append([str(order), decision.text, decision.responsible, due])
    else:
        intro.append(
            f"Thực hiện Quyết định số 19/2014/QĐ-TTg của Thủ tướng Chính phủ và yêu cầu của TCVN ISO 9001:2015 "
            f"(mục 9.3.2), {agency.name} báo cáo các thông tin đầu vào cho cuộc họp xem xét của lãnh đạo "
            f"{period_text(review)} như sau:"
        )
        count = 0
        for count, section in enumerate(sections, start=1):
            parts.append(Part(f"{roman(count)}. {section.title}", list(section.paragraphs), section))
        if not sections:
            count = 1
            parts.append(Part(f"{roman(count)}. Số liệu", ["Chưa tổng hợp số liệu đầu vào."]))
        for index, (name, title) in enumerate(NARRATIVE, start=count + 1):
            parts.append(Part(f"{roman(index)}. {title}", _text(getattr(review, name))))
    title_head = heading(agency.head_title or head_title_for(agency.kind, agency.name))
    summary = document_title(review, kind)
    return ReviewDocument(
        kind=kind,
        header_parent=header_lines(agency.header_parent),
        header_own=header_lines(agency.header_own or agency.name.upper()),
        number_line=format_number_symbol(number, f"{'BB' if minutes else 'BC'}-{symbol}"),
        place_date=format_place_date(agency.place or agency.name, dated, year=None),
        doc_type="BIÊN BẢN" if minutes else "BÁO CÁO",
        summary=summary,
        intro=intro,
        parts=parts,
        decisions_heading="IV. Các quyết định của lãnh đạo" if minutes else "",
        decisions=decisions,
        recipients=[] if minutes else ["- Ban Chỉ đạo ISO;", "- Lãnh đạo cơ quan;", "- Lưu: VT, TKISO."],
        signer_lines=[title_head] if title_head else [],
        signer_name=agency.head_name,
        signers=[Signer(["THƯ KÝ"], secretary), Signer(["CHỦ TRÌ"], chair)] if minutes else [],
        title=f"{'Biên bản' if minutes else 'Báo cáo'} {summary[0].lower()}{summary[1:]}",
        author=agency.name,
        is_draft=False,
    )


def review_pdf(review: ManagementReview, kind: str) -> bytes:
    from objectives.printing.pdf import render_html_pdf

    doc = build(review, kind)
    return render_html_pdf("reports/review/print.html", {"doc": doc, "now": timezone.now()})
