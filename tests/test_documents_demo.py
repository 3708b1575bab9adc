"""What a records clerk checks on every demo document: the signer's name and correct titles, the issuer's
name as written in the reference line, the issued amendment citing what it amends, no stranded heading and
no table page without its header or bottom border; the document check passes on every issued demo decision."""

from datetime import date

import pytest
from pdf_layout import stranded_headings, table_faults

from agencies import demo as agencies_demo
from agencies.permissions import SYSTEM
from objectives import demo as objectives_demo
from objectives import services
from objectives.doccheck import check_document
from objectives.documents import appendix_reference
from objectives.models import Decision, DecisionStatus
from objectives.printing import decisions_for_print
from objectives.printing.pdf import render_decision_pdf
from reports import demo as reports_demo

# The units' own decisions: title and authority as each head is called (hand-written expectations).
UNIT_WORDING = {
    "DNI-PA-VP": (
        "CHÁNH VĂN PHÒNG",
        "Nguyễn Thị Lan",
        "CHÁNH VĂN PHÒNG HĐND VÀ UBND XÃ PHƯỚC AN",
        "của Chánh Văn phòng HĐND và UBND xã Phước An)",
    ),
    "DNI-PA-PKT": (
        "TRƯỞNG PHÒNG",
        "Trần Văn Trưởng",
        "TRƯỞNG PHÒNG KINH TẾ XÃ PHƯỚC AN",
        "của Trưởng phòng Kinh tế xã Phước An)",
    ),
    "DNI-PA-VHXH": (
        "TRƯỞNG PHÒNG",
        "Phan Thị Mai",
        "TRƯỞNG PHÒNG VĂN HÓA - XÃ HỘI XÃ PHƯỚC AN",
        "của Trưởng phòng Văn hóa - Xã hội xã Phước An)",
    ),
    "DNI-PA-TTHCC": (
        "GIÁM ĐỐC",
        "Võ Minh Tâm",
        "GIÁM ĐỐC TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ PHƯỚC AN",
        "của Giám đốc Trung tâm Phục vụ hành chính công xã Phước An)",
    ),
}


@pytest.fixture
def demo(db):
    agencies_demo.load()
    objectives_demo.load()
    reports_demo.load(today=date(2026, 11, 22))


def test_every_demo_decision_names_its_signer_with_the_right_title(demo):
    decisions = list(Decision.objects.select_related("agency"))
    assert len(decisions) == 14
    assert all(d.signer_name for d in decisions)
    units = [d for d in decisions if d.agency.code in UNIT_WORDING]
    assert len(units) == 8  # four units, 2025 and 2026
    for decision in units:
        title, name, authority, reference_end = UNIT_WORDING[decision.agency.code]
        assert (decision.signer_prefix, decision.signer_title, decision.signer_name) == ("", title, name)
        assert decision.authority == authority
        assert appendix_reference(decision).endswith(reference_end)


def test_the_document_check_passes_on_every_issued_demo_decision(demo):
    for decision in Decision.objects.filter(
        status__in=[DecisionStatus.ISSUED, DecisionStatus.SUPERSEDED]
    ).select_related("agency", "amends"):
        check = check_document(decision)
        assert check.passed, (str(decision), check.codes())
        if decision.agency.code.startswith("DNI-PA") and decision.year in (2025, 2026) and decision.number != 15:
            assert check.items == [], (str(decision), check.codes())  # written by the product: nothing to report
    # The 2024 sample is kept as issued; the check tells the user what a clerk would have sent back.
    sample = Decision.objects.get(number=420, year=2024)
    assert set(check_document(sample).codes()) == {"deputy_without_kt", "appendix_number_differs"}


def test_the_demo_amendment_issues_citing_what_it_amends_and_prints_clean(demo):
    draft = Decision.objects.get(agency__code="DNI-PA", year=2026, status=DecisionStatus.DRAFT)
    assert draft.amends.number == 15
    cited = "Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An"
    assert draft.summary.startswith("Về việc sửa đổi, bổ sung Mục tiêu chất lượng năm 2026")
    assert (
        draft.legal_bases[-1]
        == f"Căn cứ {cited} về việc ban hành Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An;"
    )
    assert draft.articles[0].startswith(
        f"Sửa đổi, bổ sung Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An ban hành kèm theo {cited}"
    )
    assert draft.appendix_reference == ""  # the original's stored line is not copied
    assert check_document(draft).items == []
    services.decision_submit(user=SYSTEM, decision=draft)
    services.decision_approve(user=SYSTEM, decision=draft)
    issued = services.decision_issue(user=SYSTEM, decision=draft, number=30, issued_on=date(2026, 3, 2))
    issued = decisions_for_print().get(pk=issued.pk)
    assert appendix_reference(issued) == (
        "(Kèm theo Quyết định số 30/QĐ-UBND ngày 02 tháng 3 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)"
    )
    pdf = render_decision_pdf(issued)
    assert stranded_headings(pdf) == [] and table_faults(pdf) == []


def test_every_demo_decision_prints_without_stranded_headings_or_open_tables(demo):
    for decision in decisions_for_print():
        pdf = render_decision_pdf(decision, with_images=False)
        assert stranded_headings(pdf) == [], str(decision)
        assert table_faults(pdf) == [], str(decision)
