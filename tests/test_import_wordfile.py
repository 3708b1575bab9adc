"""Word files as Word shows them (automatic numbering, tables on their grid, layout tables as columns), and
hostile or damaged files refused with a message, quickly and in bounded memory."""

import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from objectives.importer import messages as msg
from objectives.importer import wordfile
from objectives.importer.wordfile import Numbering, WordFileError, docx_text

sys.path.insert(0, str(Path(__file__).parent / "import_corpus"))
import docx_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def lines(data: bytes) -> list[str]:
    return docx_text(data).split("\n")


# --- numbering ------------------------------------------------------------------------------------
def test_it_writes_the_automatic_numbers_word_shows():
    text = lines(docx_corpus.d01_so_khcn_word_numbering())
    assert text[12:16] == [
        "1. Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt tối thiểu 98%;",
        "2. Tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 50% trở lên;",
        "3. Tổ chức đánh giá nội bộ 01 lần/năm;",
        "4. Không có khiếu nại về thái độ phục vụ của công chức.",
    ]


def test_it_restarts_a_lower_level_under_each_higher_item():
    text = lines(docx_corpus.d02_ubnd_xa_word_letters())
    assert text[-6:] == [
        "I. Giải quyết thủ tục hành chính",
        "a) Hồ sơ giải quyết đúng hạn đạt 100%;",
        "b) Hồ sơ trực tuyến đạt tối thiểu 55%;",
        "II. Công tác nội bộ",
        "a) Họp giao ban 01 lần/tháng;",
        "b) Cán bộ, công chức không vi phạm kỷ luật.",
    ]


def test_it_numbers_paragraphs_whose_style_carries_the_numbering():
    document = docx.Document()
    document.add_paragraph("Điều 1. Mục tiêu như sau:")
    for text in ("Hồ sơ đúng hạn đạt 98%;", "Hồ sơ trực tuyến đạt 50%."):
        document.add_paragraph(text, style="List Number")  # numbered through styles.xml, not the paragraph
    out = io.BytesIO()
    document.save(out)
    assert lines(out.getvalue()) == [
        "Điều 1. Mục tiêu như sau:",
        "1. Hồ sơ đúng hạn đạt 98%;",
        "2. Hồ sơ trực tuyến đạt 50%.",
    ]


@pytest.mark.parametrize(
    ("fmt", "text", "values"),
    [
        ("decimal", "%1.", ["1.", "2.", "3."]),
        ("decimalZero", "%1.", ["01.", "02.", "03."]),
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
        ("lowerRoman", "(%1)", ["(i)", "(ii)", "(iii)"]),
        ("bullet", "-", ["-", "-", "-"]),
        ("bullet", "\uf0b7", ["•", "•", "•"]),  # the Symbol-font bullet Word writes
    ],
)
def test_it_formats_each_numbering_style(fmt, text, values):
    numbering = Numbering()
    numbering.abstract["5"] = {0: {"fmt": fmt, "text": text, "start": 1}}
    numbering.nums["7"] = ("5", {})
    assert [numbering.label("7", 0) for _ in range(3)] == values


def test_it_honours_start_values_overrides_and_multilevel_text():
    numbering = Numbering()
    numbering.abstract["1"] = {
        0: {"fmt": "decimal", "text": "%1.", "start": 3},
        1: {"fmt": "decimal", "text": "%1.%2.", "start": 1},
    }
    numbering.nums["1"] = ("1", {})
    numbering.nums["2"] = ("1", {0: 1})  # the same list restarted at 1
    assert [
        numbering.label("1", 0),
        numbering.label("1", 1),
        numbering.label("1", 1),
        numbering.label("1", 0),
        numbering.label("1", 1),
    ] == ["3.", "3.1.", "3.2.", "4.", "4.1."]
    assert numbering.label("2", 0) == "1."
    assert numbering.label("99", 0) == "" and numbering.label("0", 0) == ""


# --- tables ---------------------------------------------------------------------------------------
def test_it_reads_a_borderless_two_column_header_and_signature_as_columns():
    text = lines(docx_corpus.d01_so_khcn_word_numbering())
    assert text[:6] == [
        "UBND TỈNH QUẢNG NINH",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Số: 15/QĐ-SKHCN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ninh, ngày 08 tháng 01 năm 2024",
    ]
    assert text[-7:] == [
        "Nơi nhận:",
        "- Như Điều 3;",
        "- UBND tỉnh (b/c);",
        "- Lưu: VT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Vũ Thị Lan",
    ]


def test_it_reads_a_data_table_row_by_row_with_merged_cells_in_place():
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ("TT", "Nội dung mục tiêu", "Chỉ tiêu", "Thời gian"),
            ("1", "Hồ sơ đúng hạn", "100%", "Hằng quý"),
            ("2", "Hồ sơ trực tuyến", "", ""),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(2, 2).merge(table.cell(2, 3)).text = "Tối thiểu 50%"  # one cell across two columns
    out = io.BytesIO()
    document.save(out)
    assert lines(out.getvalue()) == [
        "TT\tNội dung mục tiêu\tChỉ tiêu\tThời gian",
        "1\tHồ sơ đúng hạn\t100%\tHằng quý",
        "2\tHồ sơ trực tuyến\tTối thiểu 50%\t",
    ]


# --- hostile and damaged files --------------------------------------------------------------------
def test_it_refuses_a_zip_bomb_from_its_declared_size_in_well_under_a_second():
    data = docx_corpus.zip_bomb(40)
    assert len(data) < 400_000
    start = time.perf_counter()
    with pytest.raises(WordFileError) as error:
        docx_text(data)
    assert time.perf_counter() - start < 0.5
    assert str(error.value) == msg.render(msg.DOCX_TOO_LARGE)


def test_it_stops_reading_a_part_that_unpacks_beyond_its_declared_size(monkeypatch):
    # a member whose header lies is still read through the counter: the limit holds while streaming
    monkeypatch.setattr(wordfile, "MAX_PART_BYTES", 10**9)
    data = docx_corpus.zip_bomb(2)
    archive = zipfile.ZipFile(io.BytesIO(data))
    stream = wordfile._LimitedStream(archive.open("word/document.xml"), 1024 * 1024)
    with pytest.raises(WordFileError):
        while stream.read(65536):
            pass


def test_it_refuses_a_text_bomb_at_the_text_limit_in_bounded_memory():
    code = (
        "import resource, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'tests' / 'import_corpus')!r})\n"
        "import docx_corpus\n"
        "from objectives.importer.wordfile import WordFileError, docx_text\n"
        "data = docx_corpus.zip_bomb(15)\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "try:\n    docx_text(data)\nexcept WordFileError as exc:\n    print('refused', exc)\n"
        "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    refused, grown = done.stdout.strip().split("\n")
    assert refused.startswith("refused") and "400000" in refused
    assert int(grown) < 40  # MB: the 15 MB document is streamed, never held whole


@pytest.mark.parametrize(
    "xml",
    [
        # billion laughs: entities nested in a DTD
        (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r>'
            "</w:p></w:body></w:document>"
        ),
        # an external entity that would read a local file
        (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r>'
            "</w:p></w:body></w:document>"
        ),
    ],
)
def test_it_refuses_doctypes_and_entities_with_a_message(xml):
    with pytest.raises(WordFileError) as error:
        docx_text(docx_corpus.raw_docx(xml))
    assert str(error.value) == msg.render(msg.DOCX_DOCTYPE)


def test_it_reads_past_comments_and_processing_instructions():
    xml = docx_corpus.paragraphs_xml(["Điều 1. Ban hành", "1. Tỷ lệ đạt 98%"]).replace(
        "<w:body>", "<w:body><!-- a comment --><?mso-application progid='Word.Document'?>"
    )
    xml = xml.replace("<w:t>1. Tỷ", "<w:t><!-- inside -->1. Tỷ")
    assert lines(docx_corpus.raw_docx(xml)) == ["Điều 1. Ban hành", "1. Tỷ lệ đạt 98%"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", msg.DOCX_DAMAGED),
        (docx_corpus.raw_docx("<w:document><w:body><w:p>"), msg.DOCX_DAMAGED),  # truncated, unbound prefix
        (docx_corpus.raw_docx(docx_corpus.paragraphs_xml(["a"])[:-30]), msg.DOCX_DAMAGED),
    ],
)
def test_it_refuses_damaged_files_with_a_message(data, message):
    with pytest.raises(WordFileError) as error:
        docx_text(data)
    assert str(error.value) == msg.render(message)


def test_it_refuses_a_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(WordFileError) as error:
        docx_text(out.getvalue())
    assert str(error.value) == msg.render(msg.DOCX_NOT_WORD)
