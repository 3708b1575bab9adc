"""Objectives in every numbering style, chosen from the structure of the list, and the targets of issue 11's
phrasings, each with the comparator and unit a person would write by hand."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from objectives.importer import parse_decision, parse_targets
from objectives.importer.lines import Line
from objectives.importer.markers import marker, plan
from objectives.importer.textutil import fold

ROOT = Path(__file__).resolve().parents[1]
HEAD = (
    "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 12/QĐ-UBND\nAn Bình, ngày 05 tháng 01 năm 2026\nQUYẾT ĐỊNH\n"
    "Về việc ban hành Mục tiêu chất lượng năm 2026\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2026.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n"
    "CHỦ TỊCH\nNguyễn Văn An\n\nMỤC TIÊU CHẤT LƯỢNG NĂM 2026\n"
)


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def line(text: str) -> Line:
    return Line(1, text, fold(text))


def objectives(appendix: str) -> list[tuple]:
    result = parse_decision(HEAD + appendix)
    return [(o["number"], o["section"], o["content"]) for o in result.objectives]


# --- markers --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("1. Nội dung", "decimal", 1),
        ("2/ Nội dung", "decimal", 2),
        ("12) Nội dung", "decimal", 12),
        ("(3) Nội dung", "paren", 3),
        ("1.2. Nội dung", "multi", 2),
        ("2.3 Nội dung", "multi", 3),
        ("a) Nội dung", "lower", 1),
        ("đ) Nội dung", "lower", 5),
        ("e) Nội dung", "lower", 6),
        ("g) Nội dung", "lower", 7),
        ("h) Nội dung", "lower", 8),
        ("IV. Nội dung", "roman", 4),
        ("B. Nội dung", "upper", 2),
        ("Mục tiêu 3: Nội dung", "label", 3),
        ("Muc tieu so 2. Noi dung", "label", 2),
        ("- Nội dung", "bullet:-", None),
        ("– Nội dung", "bullet:–", None),
        ("• Nội dung", "bullet:•", None),
        ("❖ Nội dung", "bullet:❖", None),
        ("\uf0d8 Nội dung", "bullet:\uf0d8", None),
        ("+ Nội dung", "bullet:+", None),
        ("* Nội dung", "bullet:*", None),
    ],
)
def test_it_reads_each_marker_kind_and_its_value(text, kind, number):
    found = marker(line(text))
    assert (found.kind, found.number, text[found.end :]) == (kind, number, "Noi dung" if text.isascii() else "Nội dung")


@pytest.mark.parametrize("text", ["- Biện pháp: họp giao ban", "Hồ sơ đúng hạn", "100% hồ sơ", "2024 là năm"])
def test_labelled_fields_and_plain_lines_have_no_marker(text):
    assert marker(line(text)) is None


def test_the_repeated_kind_is_the_objectives_and_the_heads_above_it_are_sections():
    lines = [
        line(t)
        for t in (
            "1. Lĩnh vực đường bộ:",
            "– Hồ sơ đúng hạn đạt 99%;",
            "– Rút ngắn 15% thời gian;",
            "2. Lĩnh vực vận tải:",
            "– Giảm còn 5 ngày.",
        )
    ]
    assert (plan(lines).item_kind, plan(lines).section_kinds) == ("bullet:–", ("decimal",))
    lines = [
        line(t)
        for t in ("1. Tỷ lệ đúng hạn đạt 98%;", "a) hồ sơ đất đai;", "b) hồ sơ hộ tịch;", "2. Mức độ hài lòng đạt 95%.")
    ]
    assert plan(lines).item_kind == "decimal"  # numbered objectives with lettered sub-points
    lines = [
        line(t)
        for t in (
            "1. Nâng cao chất lượng giải quyết hồ sơ:",
            "- Hồ sơ đúng hạn đạt 98%;",
            "- Hồ sơ trực tuyến đạt 40%.",
            "2. Đảm bảo kỷ cương hành chính:",
            "- 100% công chức ...",
        )
    ]
    assert plan(lines).item_kind == "decimal"  # an aim, not a field: its bullets are its targets


@pytest.mark.parametrize(
    ("appendix", "expected"),
    [
        (
            "a) Hồ sơ đúng hạn đạt 98%;\nb) Hồ sơ trực tuyến đạt 50%;\nc) Đánh giá nội bộ 01 lần/năm.\n",
            [
                (1, None, "Hồ sơ đúng hạn đạt 98%"),
                (2, None, "Hồ sơ trực tuyến đạt 50%"),
                (3, None, "Đánh giá nội bộ 01 lần/năm."),
            ],
        ),
        (
            "I. KHỐI XÃ\n+ Hồ sơ đúng hạn đạt 98%;\n+ Hồ sơ trực tuyến đạt 50%;\nII. KHỐI THÔN\n+ Họp thôn 01 lần/quý.\n",
            [
                (1, "I. KHỐI XÃ", "Hồ sơ đúng hạn đạt 98%"),
                (2, "I. KHỐI XÃ", "Hồ sơ trực tuyến đạt 50%"),
                (3, "II. KHỐI THÔN", "Họp thôn 01 lần/quý."),
            ],
        ),
        (
            "1. Cải cách hành chính\n1.1. Hồ sơ đúng hạn đạt 98%;\n1.2. Hồ sơ trực tuyến đạt 50%;\n2. Nội bộ\n2.1. Họp giao ban 01 lần/tháng.\n",
            [
                (1, "1. Cải cách hành chính", "Hồ sơ đúng hạn đạt 98%"),
                (2, "1. Cải cách hành chính", "Hồ sơ trực tuyến đạt 50%"),
                (1, "2. Nội bộ", "Họp giao ban 01 lần/tháng."),
            ],
        ),
        (
            "(1) Hồ sơ đúng hạn đạt 98%;\n(2) Hồ sơ trực tuyến đạt 50%.\n",
            [(1, None, "Hồ sơ đúng hạn đạt 98%"), (2, None, "Hồ sơ trực tuyến đạt 50%.")],
        ),
        (
            "1. Hồ sơ đúng hạn đạt 98%, gồm:\na) hồ sơ đất đai;\nb) hồ sơ hộ tịch;\n2. Hồ sơ trực tuyến đạt 50%.\n",
            [
                (1, None, "Hồ sơ đúng hạn đạt 98%, gồm: a) hồ sơ đất đai; b) hồ sơ hộ tịch"),
                (2, None, "Hồ sơ trực tuyến đạt 50%."),
            ],
        ),
    ],
)
def test_it_finds_the_objectives_in_each_layout(appendix, expected):
    assert objectives(appendix) == expected


# --- targets --------------------------------------------------------------------------------------
def target(comparator, value=None, unit=None, upper=None):
    return (comparator, value, upper, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99% (năm 2024 đạt 96,8%)", [target(">=", 99, "%")]),
        ("Hồ sơ trực tuyến toàn trình đạt tối thiểu 70% (năm 2024: 52%)", [target(">=", 70, "%")]),
        ("Thời gian cấp phép không quá 08 ngày làm việc (trước đây là 10 ngày)", [target("<=", 8, "ngày làm việc")]),
        ("Năm 2024 đạt 85% doanh nghiệp hài lòng, năm 2025 phấn đấu đạt 90%", [target(">=", 90, "%")]),
        ("Tỷ lệ hồ sơ năm 2026 đạt 98%", [target(">=", 98, "%")]),  # the only figure: the target itself
        ("Hồ sơ trễ hạn 0%", [target("<=", 0, "%")]),
        ("Tỷ lệ hồ sơ trễ hạn không quá 2%", [target("<=", 2, "%")]),
        ("Thời gian chờ tối đa 20 phút", [target("<=", 20, "phút")]),
        ("Hồ sơ bị khiếu nại dưới 1%", [target("<", 1, "%")]),
        ("Rút ngắn 15% thời gian cấp giấy phép so với quy định", [target("reduce_by", 15, "%")]),
        ("Thời gian cấp phù hiệu giảm còn 5 ngày làm việc", [target("<=", 5, "ngày làm việc")]),
        ("Số hồ sơ trả lại giảm ít nhất 10% so với năm 2024", [target("reduce_by", 10, "%")]),
        ("Tăng 10% số hồ sơ nộp trực tuyến so với năm 2024", [target("increase_by", 10, "%")]),
        ("Tổ chức đối thoại 2 lần/quý", [target("=", 2, "lần/quý")]),
        ("Tập huấn cho tuyến xã mỗi quý 01 lần", [target("=", 1, "lần/quý")]),
        ("Báo cáo thống kê gửi đúng hạn 4/4 quý", [target("=", 4, "quý")]),
        ("Kiểm tra công vụ 12/12 xã", [target("=", 12, "xã")]),
        ("Trong 02 ngày làm việc", [target("<=", 2, "ngày làm việc")]),
        ("Trả lời kiến nghị trong vòng 30 ngày", [target("<=", 30, "ngày")]),
        ("Hoàn thành rà soát thủ tục hành chính trước ngày 30/6", [target("done")]),
        ("Tổ chức 04 cuộc kiểm tra công tác văn thư", [target(">=", 4, "cuộc kiểm tra")]),
        ("Trẻ em dưới 1 tuổi được tiêm chủng đạt trên 95%", [target(">", 95, "%")]),
        ("Tỷ lệ hồ sơ đúng hạn đạt 100%", [target("=", 100, "%")]),
        ("Ty le ho so dung han dat l00%", [target("=", 100, "%")]),  # an OCR "l" for 1
    ],
)
def test_it_reads_the_comparator_and_unit_a_person_would_write(text, expected):
    assert [(t["comparator"], t["value"], t["upper"], t["unit"]) for t in parse_targets(text)] == expected


def test_a_past_figure_stays_in_the_text_of_the_objective():
    text = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99% (năm 2024 đạt 96,8%)"
    result = parse_decision(HEAD + f"1. {text}.\n")
    assert result.objectives[0]["content"] == text + "."
    assert [t["source"] for t in result.objectives[0]["targets"]] == ["đạt 99%"]


# --- the parser reads one way ---------------------------------------------------------------------
def test_assemble_does_not_import_the_parser():
    tree = ast.parse((ROOT / "objectives" / "importer" / "assemble.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "parser" not in imported and "objectives.importer.parser" not in imported


@pytest.mark.parametrize("footer", ["Trang 1/2", "- Trang 1 -", "- 1 -", "Trang 1"])
def test_page_footers_are_left_out_of_the_objective_they_interrupt(footer):
    result = parse_decision(
        HEAD + f"1. Mức độ hài lòng của người dân đạt từ 90%\n{footer}\ntrở lên;\n"
        f"2. Hồ sơ đúng hạn đạt 98%.\n{footer.replace('1', '2')}\n"
    )
    assert [o["content"] for o in result.objectives] == [
        "Mức độ hài lòng của người dân đạt từ 90% trở lên",
        "Hồ sơ đúng hạn đạt 98%.",
    ]
    assert result.spans["page_furniture"]


@pytest.mark.parametrize(
    "text",
    [
        "9,8/7 hồ sơ",
        "1.200/3",
        "4/4",
        "l00% l00%",
        "(năm 2024:",
        "giảm còn",
        "mỗi quý",
        "- Trang 1 -\n- Trang 1 -",
        "1/\n2/\n3/",
        "đ)\nđ)",
        "Mục tiêu 1:\nMục tiêu 1:",
    ],
)
def test_odd_fragments_never_raise(text):
    parse_targets(text)
    assert parse_decision(HEAD + text).to_dict()["doc_type"] == "QUYẾT ĐỊNH"


# --- OCR landmarks --------------------------------------------------------------------------------
def test_ocr_landmarks_are_found_approximately_and_named_in_a_warning():
    text = (Path(__file__).parent / "import_corpus" / "unseen" / "u13_ocr_garbled_2023.txt").read_text(encoding="utf-8")
    result = parse_decision(text)
    assert result.doc_type == "QUYẾT ĐỊNH" and [a["number"] for a in result.articles] == [1, 2, 3]
    assert result.appendix_title == "UC TIEU CHAT LUQGNG NAM 2023" and len(result.objectives) == 4
    assert (
        "Một số mốc văn bản được nhận ra gần đúng (văn bản giống bản quét nhận dạng ký tự): “QUYET PINH” = "
        "QUYẾT ĐỊNH; “Pidu 1.” = Điều; “UC TIEU CHAT LUQGNG” = MỤC TIÊU CHẤT LƯỢNG. Hãy đối chiếu với bản gốc."
    ) in result.warnings


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("QUYET PINH", "QUYET DINH"),
        ("QUYET DlNH", "QUYET DINH"),
        ("Pidu 2. Noi dung", "DIEU 2. NOI DUNG"),
        ("Noi nhau:", "NOI NHAN:"),
        ("S6: 2l/QD-UBND", "SO: 2L/QD-UBND"),
        ("QUYET TOAN", None),  # four letters off: more than the two a 10-letter landmark allows
        ("Mua 1. Noi dung", None),
        ("Quyết định", None),
    ],
)
def test_the_edit_distance_fits_the_landmark(text, repaired):
    from objectives.importer import ocr

    subject = line(text)
    found = ocr.repair(subject) if text.isascii() else None
    assert (subject.key if found else None) == repaired
