"""The decision importer's parser and target reader: the whole corpus against its expected structures,
no line ever dropped, every target phrasing, and the warnings an official needs to see."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from objectives.importer import KEYS, label_for_target, parse_decision, parse_targets
from objectives.importer import messages as msg
from qms_portal.legacy import to_unicode_nfc

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "import_corpus"
SAMPLES = ["2019_giong_rieng_93", "2022_ubnd_tinh_muc_tieu", "2024_nhon_trach_420", "2026_phuoc_an_table"]
CASES = sorted(path.stem for path in CORPUS.glob("*.txt"))


@pytest.fixture(autouse=True)
def _vietnamese():
    # the expected structures hold the warnings in Vietnamese, the default language, whatever an
    # earlier test left active in this thread
    with translation.override("vi"):
        yield


def read(name: str) -> str:
    # newline="" keeps CR LF as written: the parser must cope with it
    with open(CORPUS / f"{name}.txt", encoding="utf-8", newline="") as handle:
        return handle.read()


def expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def target(comparator, value=None, upper=None, unit=None, scope=None, source=None):
    return {"comparator": comparator, "value": value, "upper": upper, "unit": unit, "scope": scope, "source": source}


# --- the corpus -----------------------------------------------------------------------------------
def test_it_has_the_four_samples_and_at_least_ten_variants():
    assert set(SAMPLES) <= set(CASES)
    variants = [name for name in CASES if name not in SAMPLES]
    assert len(variants) >= 10
    for name in CASES:
        assert (CORPUS / f"{name}.expected.json").exists(), name


@pytest.mark.parametrize("name", CASES)
def test_it_parses_each_corpus_file_to_its_expected_structure(name):
    assert parse_decision(read(name)).to_dict() == expected(name)


@pytest.mark.parametrize("name", CASES)
def test_it_never_drops_a_line(name):
    text = read(name)
    result = parse_decision(text)
    covered = {number for numbers in result.spans.values() for number in numbers}
    lines = text.replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if line.strip():
            assert number in covered or number in result.unparsed_lines, (number, line)
    assert len(result.unparsed) == len(result.unparsed_lines)
    assert all(0 < number <= len(lines) for numbers in result.spans.values() for number in numbers)


@pytest.mark.parametrize("name", CASES)
def test_it_takes_each_target_source_from_the_text_it_read(name):
    text = " ".join(to_unicode_nfc(read(name))[0].split())
    for objective in parse_decision(read(name)).objectives:
        for found in objective["targets"]:
            if found["comparator"] == "done":
                continue
            assert isinstance(found["value"], int | float) and not isinstance(found["value"], bool)
            # the source is a substring of the content, or of the "Chỉ tiêu" cell in a table
            assert found["source"] in objective["content"] or " ".join(found["source"].split()) in text


def test_it_returns_exactly_the_documented_keys_in_order():
    result = parse_decision(read("2026_phuoc_an_table")).to_dict()
    assert (
        tuple(result)
        == KEYS
        == (
            "agency_lines",
            "number",
            "symbol",
            "place",
            "date",
            "year",
            "doc_type",
            "summary",
            "authority",
            "legal_bases",
            "proposal",
            "articles",
            "recipients",
            "signer",
            "appendix_title",
            "objectives",
            "warnings",
            "unparsed",
        )
    )
    assert list(result["signer"]) == ["prefix", "authority", "title", "name"]
    assert list(result["articles"][0]) == ["number", "text"]
    assert list(result["objectives"][0]) == [
        "number",
        "section",
        "content",
        "measures",
        "responsibility",
        "timeframe",
        "targets",
    ]
    assert list(result["objectives"][0]["targets"][0]) == ["comparator", "value", "upper", "unit", "scope", "source"]
    json.dumps(result)  # JSON-ready as is


def test_it_maps_fields_to_their_source_lines():
    result = parse_decision(read("2026_phuoc_an_table"))
    spans = result.spans
    assert spans["agency_lines"] == [1, 2]
    assert spans["number"] == spans["symbol"] == [4]
    assert spans["place"] == spans["date"] == [6]
    assert spans["doc_type"] == [8]
    assert spans["summary"] == [9]
    assert spans["authority"] == [11]
    assert spans["legal_bases.2"] == [15]
    assert spans["proposal"] == [16]
    assert spans["articles.1"] == [22]
    assert spans["recipients.3"] == [32]
    assert spans["signer"] == [34, 35, 37, 55, 56, 58]  # the appendix is signed again, identically
    assert spans["appendix_title"] == [40]
    assert spans["appendix_reference"] == [41]
    assert spans["objectives.0"] == [45]
    assert spans["objectives.7"] == [53]
    assert spans["sections.1"] == [50]
    assert result.appendix_reference.startswith("(Kèm theo Quyết định số 15/QĐ-UBND")
    assert result.unparsed == [] and result.encoding_detected is None


def test_it_spans_an_objective_over_its_wrapped_lines():
    result = parse_decision(read("2019_giong_rieng_93_wrapped"))
    text = read("2019_giong_rieng_93_wrapped").split("\n")
    lines = result.spans["objectives.1"]
    assert len(lines) > 1 and text[lines[0] - 1].startswith("2. ")


# --- documents the corpus does not show -------------------------------------------------------------
def test_it_lists_lines_it_does_not_understand_verbatim():
    text = read("2026_phuoc_an_table").replace("Điều 3.", "Ghi chú nội bộ: bản nháp số 2\nĐiều 3.")
    result = parse_decision(text)
    assert "Ghi chú nội bộ: bản nháp số 2" in result.articles[1]["text"]  # it continues Điều 2
    junk = read("2026_phuoc_an_table").replace("QUYẾT ĐỊNH:\n", "QUYẾT ĐỊNH:\n@@ trang 1/3 @@\n")
    result = parse_decision(junk)
    assert result.unparsed == ["@@ trang 1/3 @@"]
    assert result.unparsed_lines == [19]


def test_it_survives_empty_and_foreign_input():
    for text in ("", "   \n\n", "Hello world.\nNothing to see here: 100%."):
        result = parse_decision(text)
        assert result.objectives == [] and result.articles == []
        assert msg.render(msg.MISSING_OBJECTIVES) in result.warnings
        assert result.unparsed == [line.strip() for line in text.split("\n") if line.strip()]


def test_it_keeps_the_2022_sample_without_header_fields():
    result = parse_decision(read("2022_ubnd_tinh_muc_tieu"))
    assert (result.number, result.symbol, result.place, result.date) == (None, None, None, None)
    assert result.year == 2022 and len(result.objectives) == 10
    assert msg.render(msg.MISSING_NUMBER) in result.warnings and msg.render(msg.MISSING_DATE) in result.warnings


def test_it_warns_when_the_header_number_differs_from_the_appendix():
    result = parse_decision(read("2024_nhon_trach_420"))
    assert "Số quyết định ở phần đầu (420) khác với số trong phụ lục (720)." in result.warnings
    assert result.number == "420"


def test_it_warns_when_a_deputy_signs_without_kt():
    result = parse_decision(read("2024_nhon_trach_420"))
    assert result.signer == {"prefix": None, "authority": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lương Hữu Ích"}
    assert any("thiếu “KT.”" in warning for warning in result.warnings)
    assert not any("KT." in warning for warning in parse_decision(read("2026_phuoc_an_table")).warnings)


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Phước An, ngày 09 tháng 01 năm 2026", "Phước An", "2026-01-09"),
        ("Giồng Riềng, ngày 2 tháng 01 năm 2019", "Giồng Riềng", "2019-01-02"),
        ("Nhơn Trạch, ngày 26 tháng 02 năm 2024", "Nhơn Trạch", "2024-02-26"),
        ("Đồng Nai, ngày 29 tháng 6 năm 2019", "Đồng Nai", "2019-06-29"),
        ("Biên Hòa, ngày 05/01/2020", "Biên Hòa", "2020-01-05"),
        ("Bien Hoa, ngay 05 thang 01 nam 2020", "Bien Hoa", "2020-01-05"),
    ],
)
def test_it_reads_the_place_and_date_line(line, place, date):
    result = parse_decision(f"Số: 05/QĐ-UBND\n{line}\nQUYẾT ĐỊNH\nV/v ban hành mục tiêu\n")
    assert (result.place, result.date, result.number, result.symbol) == (place, date, "05", "QĐ-UBND")


def test_it_warns_about_an_impossible_date():
    result = parse_decision("Phước An, ngày 31 tháng 02 năm 2026\nQUYẾT ĐỊNH\n")
    assert result.date is None and result.place == "Phước An"
    assert msg.render(msg.INVALID_DATE, text="Phước An, ngày 31 tháng 02 năm 2026") in result.warnings


def test_it_reads_a_two_column_header_pasted_on_single_lines():
    text = read("2026_phuoc_an_table").replace(
        "ỦY BAN NHÂN DÂN\nXÃ PHƯỚC AN\n\nSố: 15/QĐ-UBND\n\nPhước An, ngày 09 tháng 01 năm 2026",
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ PHƯỚC AN Độc lập - Tự do - Hạnh phúc\n"
        "Số: 15/QĐ-UBND Phước An, ngày 09 tháng 01 năm 2026",
    )
    assert parse_decision(text).to_dict() == expected("2026_phuoc_an_table")


@pytest.mark.parametrize("style", ["pipes", "html"])
def test_it_reads_tables_written_in_markdown_or_html(style):
    lines = read("2026_phuoc_an_table").split("\n")
    rows = range(42, 53)
    for index in rows:
        cells = lines[index].split("\t")
        if style == "pipes":
            lines[index] = "| " + " | ".join(cells) + " |"
        else:
            lines[index] = "<tr><td>" + "</td><td>".join(cells) + "</td></tr>"
    if style == "pipes":
        lines.insert(43, "|---|---|---|---|---|")
    assert parse_decision("\n".join(lines)).to_dict() == expected("2026_phuoc_an_table")


def test_it_reads_labelled_measures_in_a_list():
    text = (
        "MỤC TIÊU CHẤT LƯỢNG NĂM 2025\n1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 98%.\n"
        "- Biện pháp: theo dõi trên hệ thống, nhắc việc\nhằng tuần.\n- Trách nhiệm: Văn phòng UBND.\n"
        "- Thời gian: Cả năm.\n2. Không có khiếu nại vượt cấp.\n"
    )
    objectives = parse_decision(text).objectives
    assert objectives[0]["measures"] == "theo dõi trên hệ thống, nhắc việc hằng tuần."
    assert objectives[0]["responsibility"] == "Văn phòng UBND."
    assert objectives[0]["timeframe"] == "Cả năm."
    assert objectives[0]["targets"] == [target(">=", 98, None, "%", None, "đạt tối thiểu 98%")]
    assert objectives[1]["targets"] == [target("done", source="Không có khiếu nại vượt cấp.")]


def test_it_keeps_list_items_of_other_articles_in_their_text():
    text = (
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2025.\n"
        "Điều 2. Trách nhiệm thực hiện:\n1. Văn phòng theo dõi.\n2. Các phòng báo cáo.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    result = parse_decision(text)
    assert result.articles[1] == {
        "number": 2,
        "text": "Trách nhiệm thực hiện:\n1. Văn phòng theo dõi.\n2. Các phòng báo cáo.",
    }
    assert result.objectives == []


def test_it_reports_the_encoding_it_converted():
    result = parse_decision(read("2026_phuoc_an_table_vni"))
    assert result.encoding_detected == "vni"
    assert result.warnings[0] == msg.render(msg.LEGACY_ENCODING, encoding="VNI Windows")


def test_it_reads_ocr_digits_and_says_so():
    result = parse_decision(read("2019_giong_rieng_93_ocr"))
    assert [article["number"] for article in result.articles] == [1, 2, 3]
    assert [objective["number"] for objective in result.objectives] == [1, 2, 3, 4, 5, 6]
    assert msg.render(msg.OCR_DIGIT, line=27, found="l", fixed="1") in result.warnings


def test_it_parses_a_20_page_decision_completely():
    spec = importlib.util.spec_from_file_location("bench_import", ROOT / "bench" / "bench_import.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    text, kinds = bench.make_long_decision()
    assert len(text.split("\n")) > 1000
    result = parse_decision(text)
    assert [objective["number"] for objective in result.objectives] == list(range(1, 61))
    for objective, (comparator, unit) in zip(result.objectives, kinds, strict=True):
        assert (objective["targets"][0]["comparator"], objective["targets"][0]["unit"]) == (comparator, unit)
        assert objective["measures"] and objective["responsibility"] and objective["timeframe"]
        assert objective["section"].startswith(("I.", "II.", "III.", "IV.", "V.", "VI."))
    assert result.unparsed == [] and result.warnings == []
    assert len(result.legal_bases) == 12 and [a["number"] for a in result.articles] == [1, 2, 3, 4]


def test_it_imports_no_django():
    code = (
        "import sys, objectives.importer, qms_portal.legacy\n"
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


# --- targets --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("Tối thiểu 98%", [target(">=", 98, None, "%", None, "Tối thiểu 98%")]),
        ("đạt ít nhất 95%", [target(">=", 95, None, "%", None, "đạt ít nhất 95%")]),
        ("Đạt ít nhất 95%", [target(">=", 95, None, "%", None, "Đạt ít nhất 95%")]),
        ("từ 60% trở lên", [target(">=", 60, None, "%", None, "từ 60% trở lên")]),
        ("không thấp hơn 90%", [target(">=", 90, None, "%", None, "không thấp hơn 90%")]),
        ("đạt 97% trở lên", [target(">=", 97, None, "%", None, "đạt 97% trở lên")]),
        ("Trên 97%", [target(">", 97, None, "%", None, "Trên 97%")]),
        ("dưới 5 ngày", [target("<", 5, None, "ngày", None, "dưới 5 ngày")]),
        ("dưới 2%", [target("<", 2, None, "%", None, "dưới 2%")]),
        ("không quá 03 ngày làm việc", [target("<=", 3, None, "ngày làm việc", None, "không quá 03 ngày làm việc")]),
        ("100%", [target("=", 100, None, "%", None, "100%")]),
        ("tối thiểu là 95%", [target(">=", 95, None, "%", None, "tối thiểu là 95%")]),
        ("Tỷ lệ hài lòng ≥ 95%", [target(">=", 95, None, "%", None, "≥ 95%")]),
        ("Số ngày trễ hạn < 2 ngày", [target("<", 2, None, "ngày", None, "< 2 ngày")]),
        ("Từ 01 - 02 lần/năm", [target("between", 1, 2, "lần/năm", None, "Từ 01 - 02 lần/năm")]),
        ("từ 90 đến 95%", [target("between", 90, 95, "%", None, "từ 90 đến 95%")]),
        ("02 lần/năm", [target("=", 2, None, "lần/năm", None, "02 lần/năm")]),
        ("ít nhất 07 sáng kiến", [target(">=", 7, None, "sáng kiến", None, "ít nhất 07 sáng kiến")]),
        ("Ít nhất 03 sáng kiến", [target(">=", 3, None, "sáng kiến", None, "Ít nhất 03 sáng kiến")]),
        ("tối thiểu 1.200 hồ sơ", [target(">=", 1200, None, "hồ sơ", None, "tối thiểu 1.200 hồ sơ")]),
        ("Tỷ lệ đúng hạn đạt 96,5%", [target(">=", 96.5, None, "%", None, "đạt 96,5%")]),
        (
            "Giảm sai sót trong quá trình giải quyết các thủ tục hành chính 1% so với cùng kỳ năm trước.",
            [
                target(
                    "reduce_by",
                    1,
                    None,
                    "%",
                    None,
                    "Giảm sai sót trong quá trình giải quyết các thủ tục hành chính 1% so với cùng kỳ năm trước",
                )
            ],
        ),
        (
            "đạt tối thiểu 40% tại cấp huyện và 35% tại cấp xã",
            [
                target(">=", 40, None, "%", "cấp huyện", "đạt tối thiểu 40% tại cấp huyện"),
                target(">=", 35, None, "%", "cấp xã", "35% tại cấp xã"),
            ],
        ),
        (
            "40% cấp huyện và 35% cấp xã",
            [
                target(">=", 40, None, "%", "cấp huyện", "40% cấp huyện"),
                target(">=", 35, None, "%", "cấp xã", "35% cấp xã"),
            ],
        ),
        (
            "cấp huyện đạt tối thiểu 40%, cấp xã đạt tối thiểu 35%",
            [
                target(">=", 40, None, "%", "cấp huyện", "đạt tối thiểu 40%"),
                target(">=", 35, None, "%", "cấp xã", "đạt tối thiểu 35%"),
            ],
        ),
        (
            "đánh giá cán bộ cuối năm 98% hoàn thành nhiệm vụ trở lên",
            [target(">=", 98, None, "%", None, "98% hoàn thành nhiệm vụ trở lên")],
        ),
        (
            "100% ý kiến chỉ đạo được theo dõi, trong đó 90% ý kiến chỉ đạo hoàn thành đúng hạn",
            [target("=", 100, None, "%", None, "100%"), target(">=", 90, None, "%", None, "90%")],
        ),
        (
            "Tỷ lệ giải quyết hồ sơ đúng hạn đạt tối thiểu 97%, mức độ hài lòng đạt tối thiểu 94%",
            [
                target(">=", 97, None, "%", None, "đạt tối thiểu 97%"),
                target(">=", 94, None, "%", None, "đạt tối thiểu 94%"),
            ],
        ),
        ("trên 60% hồ sơ được giải quyết trực tuyến mức độ 3, 4", [target(">", 60, None, "%", None, "trên 60%")]),
        ("tu 01 - 02 lan/nam", [target("between", 1, 2, "lần/năm", None, "tu 01 - 02 lan/nam")]),
        ("it nhat 07 sang kien", [target(">=", 7, None, "sang kien", None, "it nhat 07 sang kien")]),
    ],
)
def test_it_reads_every_target_phrasing(text, targets):
    assert parse_targets(text) == targets


@pytest.mark.parametrize(
    "text",
    [
        "Tiếp tục duy trì, cải tiến và hoàn thiện Hệ thống quản lý chất lượng",
        "Áp dụng TCVN ISO 9001:2015 theo Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014",
        "Hoàn thành trong Quý IV năm 2025",
    ],
)
def test_it_gives_a_yes_no_objective_one_done_target(text):
    assert parse_targets(text) == [target("done", source=text)]


def test_it_writes_values_as_json_numbers():
    values = [found["value"] for found in parse_targets("đạt 96,5%; trên 1.200 hồ sơ; từ 01 - 02 lần/năm")]
    assert values == [96.5, 1200, 1]
    assert [type(value) for value in values] == [float, int, int]


@pytest.mark.parametrize(
    ("text", "source", "label"),
    [
        (
            "Tỷ lệ giải quyết hồ sơ đúng hạn đạt tối thiểu 97%, mức độ hài lòng đạt tối thiểu 94%.",
            "đạt tối thiểu 97%",
            "Tỷ lệ giải quyết hồ sơ đúng hạn",
        ),
        (
            "Tỷ lệ giải quyết hồ sơ đúng hạn đạt tối thiểu 97%, mức độ hài lòng đạt tối thiểu 94%.",
            "đạt tối thiểu 94%",
            "Mức độ hài lòng",
        ),
        (
            "Tỷ lệ số hóa hồ sơ đạt tối thiểu 40% tại cấp huyện, 35% tại cấp xã.",
            "35% tại cấp xã",
            "Tỷ lệ số hóa hồ sơ (cấp xã)",
        ),
        (
            "100% ý kiến chỉ đạo được theo dõi, trong đó 90% ý kiến chỉ đạo hoàn thành đúng hạn.",
            "90%",
            "Ý kiến chỉ đạo hoàn thành đúng hạn",
        ),
    ],
)
def test_it_labels_a_target_from_its_context(text, source, label):
    found = next(found for found in parse_targets(text) if found["source"] == source)
    assert label_for_target(text, found) == label


def test_it_labels_a_done_target_with_the_start_of_the_objective():
    text = "Tiếp tục duy trì, cải tiến và hoàn thiện Hệ thống quản lý chất lượng"
    assert label_for_target(text, parse_targets(text)[0]).startswith("Tiếp tục duy trì")
