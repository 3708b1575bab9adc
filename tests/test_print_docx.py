"""The Word export read back with python-docx: A4 and the decree's margins, Times New Roman, the header table,
bold and italic where the PDF has them, page numbers from page 2, and the appendix table."""

import io

import pytest
from docx import Document
from docx.shared import Mm
from test_print_pdf import build, issue, private_media  # noqa: F401 (autouse fixture)

from objectives import samples
from objectives.printing.docx import render_decision_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
pytestmark = pytest.mark.django_db


def read(decision, **options) -> Document:
    return Document(io.BytesIO(render_decision_docx(decision, **options)))


def paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.text.strip()]


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_it_sets_a4_and_the_decree_margins():
    document = read(samples.load_sample("2026_phuoc_an_table"))
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
        assert abs(section.left_margin - Mm(30)) < Mm(0.5) and abs(section.right_margin - Mm(15)) < Mm(0.5)
        assert abs(section.top_margin - Mm(20)) < Mm(0.5) and abs(section.bottom_margin - Mm(20)) < Mm(0.5)


def test_it_uses_times_new_roman_everywhere():
    document = read(samples.load_sample("2026_phuoc_an_table"))
    assert document.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                fonts |= {run.font.name for p in cell.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}


def test_it_lays_out_the_header_table_like_the_pdf():
    document = read(samples.load_sample("2026_phuoc_an_table"))
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC AN"]
    assert all(run.bold for p in left.paragraphs for run in p.runs if run.text)
    assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = right.paragraphs[1].runs[0]
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.underline
    number, date = header.rows[1].cells
    assert number.text == "Số: 15/QĐ-UBND"
    assert date.text == "Phước An, ngày 09 tháng 01 năm 2026" and date.paragraphs[0].runs[0].italic


def test_it_sets_articles_bases_and_recipients_in_the_right_type():
    decision = samples.load_sample("2026_phuoc_an_table")
    document = read(decision)
    body = paragraphs(document)
    basis = next(p for p in body if p.text.startswith("Căn cứ"))
    assert basis.runs[-1].italic and basis.paragraph_format.first_line_indent == Mm(12.7)
    article = next(p for p in body if p.text.startswith("Điều 1."))
    assert article.runs[0].text == "Điều 1. " and article.runs[0].bold and not article.runs[1].bold
    assert article.alignment == 3  # justified
    assert next(p for p in body if p.text == "QUYẾT ĐỊNH:").runs[0].bold
    signing = document.tables[1]
    recipients, signer = signing.rows[0].cells
    title = recipients.paragraphs[0].runs[0]
    assert title.text == "Nơi nhận:" and title.bold and title.italic and title.font.size.pt == 12
    assert [p.text for p in recipients.paragraphs[1:]] == [f"- {r}" for r in decision.recipients]
    assert recipients.paragraphs[1].runs[0].font.size.pt == 11
    assert [p.text for p in signer.paragraphs if p.text] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Minh"]


def test_it_numbers_pages_from_the_second_and_restarts_in_the_appendix():
    document = read(samples.load_sample("2026_phuoc_an_table"))
    main, appendix = document.sections
    for section in (main, appendix):
        assert section.different_first_page_header_footer  # no number on the first page
        assert 'instr="PAGE"' in section.header._element.xml.replace("w:instr", "instr")
    assert appendix._sectPr.find(f"{W}pgNumType").get(f"{W}start") == "1"


def test_it_writes_the_table_appendix_with_a_repeated_header_and_sections():
    decision = samples.load_sample("2026_phuoc_an_table")
    document = read(decision)
    table = document.tables[-1]
    head = table.rows[0]
    assert [c.text for c in head.cells] == [
        "TT",
        "Nội dung mục tiêu",
        "Chỉ tiêu thực hiện",
        "Biện pháp và trách nhiệm",
        "Thời gian",
    ]
    assert head._tr.trPr.find(f"{W}tblHeader") is not None
    assert table.rows[1].cells[0].text == "I. Đối với Ủy ban nhân dân xã:"
    assert [c.text for c in table.rows[2].cells][:3] == [
        "1",
        "Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.",
        "Tối thiểu 98%",
    ]
    text = all_text(document)
    assert (
        "(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)" in text
    )
    assert all(o.content in text for o in decision.objectives.all())


def test_it_keeps_list_objectives_in_article_1_and_marks_drafts():
    decision = samples.load_sample("2022_ubnd_tinh_muc_tieu")
    document = read(decision)
    texts = [p.text for p in paragraphs(document)]
    # The mark is in the page header of every page (the first page's too), not on the motto line of page 1.
    assert "DỰ THẢO" not in texts
    for section in document.sections:
        assert [p.text for p in section.first_page_header.paragraphs if p.text] == ["DỰ THẢO"]
        assert [p.text for p in section.header.paragraphs if p.text] == ["DỰ THẢO"]
    first = texts.index(next(t for t in texts if t.startswith("Điều 1.")))
    assert texts[first + 1].startswith("1. Tiếp tục duy trì")
    assert len(document.sections) == 1
    assert document.tables[0].rows[1].cells[0].text.replace("\xa0", " ").split() == ["Số:", "/QĐ-UBND"]


def test_it_exports_the_appendix_alone_and_turns_it_to_landscape(tree):
    decision = issue(build(tree["commune"], objectives=3, form="table", landscape=True))
    document = read(decision, appendix_only=True)
    assert len(document.sections) == 1
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert "Nơi nhận:" not in all_text(document)
    full = read(decision)
    assert full.sections[0].page_width < full.sections[0].page_height
    assert full.sections[1].page_width > full.sections[1].page_height
