"""The Word documents of the import corpus, built with python-docx as agencies' offices write them:
automatic numbering (numbering.xml, the numbers are not in the text runs), a borderless two-column
header table (parent agency | national motto) and signature table (Nơi nhận | signer). Each build
function returns the .docx bytes; the expected structure is written by hand next to it, in
unseen/<name>.expected.json."""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")


def _abstract(abstract_id: int, levels: list[tuple[str, str]]) -> str:
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels)
    )
    return f'<w:abstractNum {W} w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>'


def _add_numbering(
    document, abstract_id: int, num_id: int, levels: list[tuple[str, str]], restart_of: int | None = None
) -> None:
    numbering = document.part.numbering_part.element
    if abstract_id not in {int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))}:
        first_num = numbering.find(qn("w:num"))
        element = parse_xml(_abstract(abstract_id, levels))
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    override = (
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart_of is not None else ""
    )
    numbering.append(
        parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
    )


def _numbered(document, text: str, num_id: int, level: int = 0) -> None:
    paragraph = document.add_paragraph(text)
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _borderless(document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)  # the default style has no borders
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _preamble(document, agency: list[str], number: str, place_date: str, summary: str, authority: str) -> None:
    _borderless(
        document, [*agency, number], ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place_date]
    )
    for text in (
        "QUYẾT ĐỊNH",
        summary,
        authority,
        "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ;",
        "QUYẾT ĐỊNH:",
    ):
        document.add_paragraph(text)


def d01_so_khcn_word_numbering() -> bytes:
    """Objectives in Điều 1 numbered by Word (decimal "%1."), header and signature as borderless tables."""
    document = docx.Document()
    _add_numbering(document, 90, 91, [("decimal", "%1.")])
    _preamble(
        document,
        ["UBND TỈNH QUẢNG NINH", "SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        "Số: 15/QĐ-SKHCN",
        "Quảng Ninh, ngày 08 tháng 01 năm 2024",
        "Về việc ban hành Mục tiêu chất lượng năm 2024",
        "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    )
    document.add_paragraph("Điều 1. Ban hành Mục tiêu chất lượng năm 2024 của Sở Khoa học và Công nghệ như sau:")
    for text in (
        "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt tối thiểu 98%;",
        "Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 50% trở lên;",
        "Tổ chức đánh giá nội bộ 01 lần/năm;",
        "Không có khiếu nại về thái độ phục vụ của công chức.",
    ):
        _numbered(document, text, 91)
    document.add_paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    document.add_paragraph("Điều 3. Chánh Văn phòng Sở, Trưởng các phòng chịu trách nhiệm thi hành Quyết định này./.")
    _borderless(
        document,
        ["Nơi nhận:", "- Như Điều 3;", "- UBND tỉnh (b/c);", "- Lưu: VT."],
        ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Vũ Thị Lan"],
    )
    return _bytes(document)


def d02_ubnd_xa_word_letters() -> bytes:
    """An appendix whose sections are Word's upper-roman level 0 and objectives its lower-letter level 1,
    lettered again from a) in each section."""
    document = docx.Document()
    _add_numbering(document, 92, 93, [("upperRoman", "%1."), ("lowerLetter", "%2)")])
    _preamble(
        document,
        ["ỦY BAN NHÂN DÂN", "XÃ HÒA PHÚ"],
        "Số: 04/QĐ-UBND",
        "Hòa Phú, ngày 05 tháng 01 năm 2026",
        "Về việc ban hành Mục tiêu chất lượng năm 2026",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÒA PHÚ",
    )
    for text in (
        "Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2026 của UBND xã Hòa Phú.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.",
    ):
        document.add_paragraph(text)
    _borderless(document, ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT."], ["CHỦ TỊCH", "", "Trần Thị Bích"])
    document.add_paragraph("MỤC TIÊU CHẤT LƯỢNG NĂM 2026")
    document.add_paragraph("(Kèm theo Quyết định số 04/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND xã Hòa Phú)")
    _numbered(document, "Giải quyết thủ tục hành chính", 93, 0)
    _numbered(document, "Hồ sơ giải quyết đúng hạn đạt 100%;", 93, 1)
    _numbered(document, "Hồ sơ trực tuyến đạt tối thiểu 55%;", 93, 1)
    _numbered(document, "Công tác nội bộ", 93, 0)
    _numbered(document, "Họp giao ban 01 lần/tháng;", 93, 1)
    _numbered(document, "Cán bộ, công chức không vi phạm kỷ luật.", 93, 1)
    return _bytes(document)


def d03_trung_tam_word_table() -> bytes:
    """The objectives as a Word table with a header row; the header and signature as borderless tables."""
    document = docx.Document()
    _preamble(
        document,
        ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "TRUNG TÂM DỊCH VỤ VIỆC LÀM"],
        "Số: 09/QĐ-TTDVVL",
        "Vĩnh Long, ngày 12 tháng 01 năm 2025",
        "Ban hành Mục tiêu chất lượng năm 2025",
        "GIÁM ĐỐC TRUNG TÂM DỊCH VỤ VIỆC LÀM",
    )
    for text in (
        "Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2025 của Trung tâm.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.",
    ):
        document.add_paragraph(text)
    _borderless(document, ["Nơi nhận:", "- Như Điều 2;", "- Lưu: VT."], ["GIÁM ĐỐC", "(Đã ký)", "Lương Văn Đức"])
    document.add_paragraph("MỤC TIÊU CHẤT LƯỢNG NĂM 2025")
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    rows = [
        ("TT", "Nội dung mục tiêu", "Chỉ tiêu", "Đơn vị thực hiện"),
        ("1", "Hồ sơ trợ cấp thất nghiệp giải quyết đúng hạn", "100%", "Phòng Bảo hiểm thất nghiệp"),
        ("2", "Người lao động được tư vấn, giới thiệu việc làm", "Ít nhất 3.000 lượt", "Phòng Tư vấn"),
        ("3", "Tổ chức phiên giao dịch việc làm", "Mỗi tháng 02 phiên", "Phòng Giới thiệu việc làm"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    return _bytes(document)


DOCUMENTS = {
    "d01_so_khcn_word_numbering": d01_so_khcn_word_numbering,
    "d02_ubnd_xa_word_letters": d02_ubnd_xa_word_letters,
    "d03_trung_tam_word_table": d03_trung_tam_word_table,
}


# --- hostile files ----------------------------------------------------------------------------------
_MINIMAL_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        "</Types>"
    ),
}
_DOC_OPEN = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.'
    'openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_CLOSE = "</w:body></w:document>"


def raw_docx(document_xml: str | bytes) -> bytes:
    """A .docx whose word/document.xml is exactly the given XML (comments, PIs, DTDs as written)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _MINIMAL_PARTS.items():
            archive.writestr(name, text)
        archive.writestr("word/document.xml", document_xml)
    return out.getvalue()


def paragraphs_xml(lines: list[str]) -> str:
    return _DOC_OPEN + "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines) + _DOC_CLOSE


def zip_bomb(megabytes: int) -> bytes:
    """A small .docx whose document.xml unpacks to `megabytes` MB of paragraphs (streamed, never held)."""
    import zipfile

    paragraph = ("<w:p><w:r><w:t>" + "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98% " * 20 + "</w:t></w:r></w:p>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _MINIMAL_PARTS.items():
            archive.writestr(name, text)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(_DOC_OPEN.encode())
            block = paragraph * (1024 * 1024 // len(paragraph) + 1)
            for _ in range(megabytes):
                member.write(block[: 1024 * 1024])
            member.write(_DOC_CLOSE.encode())
    return out.getvalue()
