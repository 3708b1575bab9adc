"""The year-end report as a signed Báo cáo, read back from the PDF: header, number line, "BÁO CÁO", the parts a
management review needs, "Nơi nhận" and the signer; no text overflows a cell; the edited conclusion prints."""

import io
import os
import tempfile
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from pdf_layout import MM, body_lines, overflowing_words, table_faults

from agencies import demo as agencies_demo
from agencies.models import Agency
from objectives import demo as objectives_demo
from reports import demo as reports_demo
from reports import results
from reports.printing import year_end_pdf


@pytest.fixture
def commune(db):
    agencies_demo.load()
    objectives_demo.load()
    reports_demo.load(today=date(2026, 11, 22))
    return Agency.objects.get(code="DNI-PA")


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_it_prints_a_signed_report_for_the_management_review(commune):
    pdf = year_end_pdf(
        results.agency_results(commune, 2026, with_causes=True), conclusion="Kết luận do Tổ thư ký ISO viết."
    )
    text = text_of(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        first = [line.text for line in body_lines(document.pages[0])]
    # The header breaks after the collective body's name, never inside the commune's name.
    assert "ỦY BAN NHÂN DÂN" in first[0] and "XÃ PHƯỚC AN" in first[1]
    assert "/BC-UBND" in text and "BÁO CÁO" in text and "Kết quả thực hiện mục tiêu chất lượng năm 2026" in text
    for part in (
        "I. Phạm vi và số liệu",
        "II. Kết quả thực hiện từng chỉ tiêu, so với năm 2025",
        "III. Kết quả theo đơn vị",
        "IV. Chỉ tiêu không đạt",
        "V. Kết luận",
    ):
        assert part in text
    assert "Số liệu tính đến ngày" in text and "Quý I" in text
    assert "Phòng Kinh tế" in text  # the per-unit breakdown
    assert "Kết luận do Tổ thư ký ISO viết." in text
    assert "Nơi nhận:" in text and "- Lưu: VT, TKISO." in text
    assert "CHỦ TỊCH" in text and "Đặng Minh Quân" in text
    assert overflowing_words(pdf) == []
    assert [fault for fault in table_faults(pdf) if fault[1] == "no bottom border"] == []
    if os.environ.get("LAYOUT_DUMP"):
        Path(os.environ["LAYOUT_DUMP"], "year_end.pdf").write_bytes(pdf)


def test_the_overflow_check_catches_a_word_wider_than_its_cell(db):
    from objectives.printing.pdf import html_to_pdf

    html = (
        '<html><body><table class="grid"><colgroup><col><col></colgroup><tr><td class="narrow">Chưa đánh giá</td>'
        "<td>x</td></tr></table></body></html>"
    )
    css = "table.grid { table-layout: fixed; width: 60mm; } table.grid td.narrow { width: 8mm; white-space: nowrap; }"
    from objectives.printing.pdf import STATIC_DIR

    with tempfile.NamedTemporaryFile("w", suffix=".css", dir=STATIC_DIR / "print") as sheet:
        sheet.write(css)
        sheet.flush()
        pdf = html_to_pdf(html, stylesheets=[Path(sheet.name)])
    assert overflowing_words(pdf)
    assert MM > 2  # the helpers share the page geometry


def test_the_year_end_page_offers_the_conclusion_to_edit_and_prints_it(commune, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="secretariat"))
    url = f"/reports/year-end/{commune.pk}/2026/"
    page = client.get(url).content.decode()
    assert 'name="conclusion"' in page and "Năm 2026, Ủy ban nhân dân xã Phước An thực hiện 8 chỉ tiêu" in page
    response = client.post(url, {"conclusion": "Đề nghị duy trì các chỉ tiêu năm 2027."})
    assert response["Content-Type"] == "application/pdf"
    assert "Đề nghị duy trì các chỉ tiêu năm 2027." in text_of(response.content)
