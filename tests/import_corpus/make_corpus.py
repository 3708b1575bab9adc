"""Rebuild the import test corpus (python tests/import_corpus/make_corpus.py): each sample's expected structure,
written by hand from a line-by-line reading of the source, and the variants made from the samples."""

from __future__ import annotations

import copy
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from objectives.importer import messages as msg  # noqa: E402
from qms_portal.legacy import encode_legacy  # noqa: E402

S2019, S2022, S2024, S2026 = (
    "2019_giong_rieng_93",
    "2022_ubnd_tinh_muc_tieu",
    "2024_nhon_trach_420",
    "2026_phuoc_an_table",
)


def source(name: str) -> list[str]:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8").split("\n")


def line(lines: list[str], number: int) -> str:
    """Source line `number` (1-based) as the parser should give it back: no markdown bold, no edge spaces."""
    return lines[number - 1].replace("**", "").strip()


def after(text: str, prefix: str) -> str:
    assert text.startswith(prefix), (text, prefix)
    return text[len(prefix) :].strip()


def t(comparator, value, upper, unit, scope, src):
    return {"comparator": comparator, "value": value, "upper": upper, "unit": unit, "scope": scope, "source": src}


def done(text):
    return t("done", None, None, None, None, text)


def objective(number, content, targets, section=None, measures=None, responsibility=None, timeframe=None):
    for target in targets:
        assert target["source"] in content or target["comparator"] == "done", (target["source"], content)
    return {
        "number": number,
        "section": section,
        "content": content,
        "measures": measures,
        "responsibility": responsibility,
        "timeframe": timeframe,
        "targets": targets,
    }


def base(**fields) -> dict:
    result = {
        "agency_lines": [],
        "number": None,
        "symbol": None,
        "place": None,
        "date": None,
        "year": None,
        "doc_type": "QUYẾT ĐỊNH",
        "summary": None,
        "authority": None,
        "legal_bases": [],
        "proposal": None,
        "articles": [],
        "recipients": [],
        "signer": {"prefix": None, "authority": None, "title": None, "name": None},
        "appendix_title": None,
        "objectives": [],
        "warnings": [],
        "unparsed": [],
    }
    result.update(fields)
    return result


# --- the four real samples ------------------------------------------------------------------------
def expected_2019() -> dict:
    s = source(S2019)
    o = [after(line(s, n), f"{i}.") for i, n in enumerate((29, 31, 33, 35, 39, 41), start=1)]
    return base(
        number="93",
        symbol="QĐ-UBND",
        place="Giồng Riềng",
        date="2019-01-02",
        year=2019,
        summary=line(s, 9),
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN GIỒNG RIỀNG",
        legal_bases=[line(s, n) for n in (13, 15, 17, 19, 21)],
        proposal="Theo đề nghị của Chánh Văn phòng HĐND và UBND huyện,",
        articles=[
            {"number": 1, "text": after(line(s, 27), "Điều 1.")},
            {"number": 2, "text": after(line(s, 43), "Điều 2.")},
            {"number": 3, "text": after(line(s, 45), "Điều 3.") + "\n" + line(s, 47)},
        ],
        recipients=[
            "Sở khoa học và CN",
            "CT, các PCT. UBND huyện",
            "Phòng CM",
            "Chi nhánh VP.ĐKĐĐ huyện",
            "UBND xã, thị",
            "LĐVP, đ/c Thư",
            "Lưu: VT",
        ],
        signer={"prefix": "KT.", "authority": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Võ Tùng"},
        objectives=[
            objective(
                1,
                o[0],
                [
                    t(
                        "reduce_by",
                        1,
                        None,
                        "%",
                        None,
                        "Giảm sai sót trong quá trình giải quyết các thủ tục hành chính 1% so với cùng kỳ năm trước",
                    )
                ],
            ),
            objective(
                2,
                o[1],
                [
                    t(">=", 98, None, "%", None, "98% hoàn thành nhiệm vụ trở lên"),
                    t(">=", 50, None, "%", None, "ít nhất 50%"),
                ],
            ),
            objective(3, o[2], [t("between", 1, 2, "lần/năm", None, "từ 01 - 02 lần/năm")]),
            objective(4, o[3], [t("=", 100, None, "%", None, "100%")]),
            objective(5, o[4], [t(">=", 97, None, "%", None, "đạt từ 97% trở lên")]),
            objective(6, o[5], [t("=", 100, None, "%", None, "100%")]),
        ],
        warnings=[msg.render(msg.MISSING_AGENCY)],
    )


def expected_2022() -> dict:
    s = source(S2022)
    o = [after(line(s, n), f"{i}.").rstrip(";") for i, n in enumerate(range(10, 20), start=1)]
    return base(
        year=2022,
        summary="VỀ VIỆC PHÊ DUYỆT MỤC TIÊU CHẤT LƯỢNG NĂM 2022 ÁP DỤNG TẠI UBND TỈNH VÀ VĂN PHÒNG UBND TỈNH",
        authority="ỦY BAN NHÂN DÂN TỈNH",
        legal_bases=[line(s, n) for n in (4, 5, 6)],
        proposal="Theo đề nghị của Chánh Văn phòng Ủy ban nhân dân tỉnh.",
        articles=[
            {"number": n, "text": after(line(s, ln), f"Điều {n}.")} for n, ln in ((1, 9), (2, 20), (3, 21), (4, 22))
        ],
        recipients=["Như Điều 4", "CT, các PCT UBND tỉnh", "VP: LĐ và các CV", "Lưu: VT, TKISO"],
        signer={"prefix": "TM.", "authority": "ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Văn Phương"},
        objectives=[
            objective(1, o[0], [done(o[0])]),
            objective(2, o[1], [t("=", 100, None, "%", None, "100%")]),
            objective(3, o[2], [t("=", 100, None, "%", None, "100%"), t(">", 90, None, "%", None, "trên 90%")]),
            # "trong đó 90% ... hoàn thành đúng hạn": a share to reach, so at least 90%.
            objective(4, o[3], [t("=", 100, None, "%", None, "100%"), t(">=", 90, None, "%", None, "90%")]),
            objective(5, o[4], [t("=", 100, None, "%", None, "100%"), t(">=", 98, None, "%", None, "98%")]),
            objective(6, o[5], [t(">", 80, None, "%", None, "Trên 80%")]),
            objective(7, o[6], [t("=", 100, None, "%", None, "100%"), t(">", 60, None, "%", None, "trên 60%")]),
            objective(8, o[7], [t("=", 100, None, "%", None, "100%")]),
            objective(9, o[8], [t("=", 100, None, "%", None, "100%")]),
            objective(10, o[9], [t(">=", 7, None, "sáng kiến", None, "ít nhất 07 sáng kiến")]),
        ],
        warnings=[msg.render(msg.MISSING_AGENCY), msg.render(msg.MISSING_NUMBER), msg.render(msg.MISSING_DATE)],
    )


def objectives_2024(s: list[str]) -> list[dict]:
    o = [after(line(s, n), f"{i}.") for i, n in enumerate(range(61, 68), start=1)]
    o[6] = o[6].removesuffix("/.")  # the document's end mark
    return [
        objective(1, o[0], [done(o[0])]),
        objective(
            2,
            o[1],
            [
                t(">=", 97, None, "%", None, "đạt tối thiểu 97%"),
                t(">=", 94, None, "%", None, "đạt tối thiểu 94%"),
                t(">=", 40, None, "%", "cấp huyện", "đạt tối thiểu 40% tại cấp huyện"),
                t(">=", 35, None, "%", "cấp xã", "35% tại cấp xã"),
            ],
        ),
        objective(3, o[2], [t(">", 90, None, "%", None, "trên 90%"), t(">=", 30, None, "%", None, "ít nhất 30%")]),
        objective(4, o[3], [t(">=", 97, None, "%", None, "Tối thiểu 97%")]),
        objective(5, o[4], [t("=", 100, None, "%", None, "100%")]),
        objective(6, o[5], [t("=", 100, None, "%", None, "100%"), t("=", 100, None, "%", None, "100%")]),
        objective(
            7,
            o[6],
            [
                t(">=", 40, None, "%", "cấp huyện", "đạt tối thiểu 40% tại cấp huyện"),
                t(">=", 35, None, "%", "cấp xã", "35% tại cấp xã"),
                t(">=", 30, None, "%", "cấp huyện", "đạt tối thiểu 30% tại cấp huyện"),
                t(">=", 20, None, "%", "cấp xã", "20% tại cấp xã"),
            ],
        ),
    ]


def expected_2024() -> dict:
    s = source(S2024)
    return base(
        number="420",
        symbol="QĐ-UBND",
        place="Nhơn Trạch",
        date="2024-02-26",
        year=2024,
        summary="V/v ban hành Mục tiêu chất lượng năm 2024 của Ủy ban nhân dân huyện Nhơn Trạch",
        authority="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN NHƠN TRẠCH",
        legal_bases=[line(s, n) for n in (14, 16, 18, 20)],
        proposal=line(s, 22),
        articles=[
            {"number": 1, "text": after(line(s, 26), "Điều 1.")},
            # line 30 stops mid-sentence and line 32 goes on in lower case: one paragraph
            {
                "number": 2,
                "text": "\n".join([after(line(s, 28), "Điều 2."), line(s, 30) + " " + line(s, 32), line(s, 34)]),
            },
            {"number": 3, "text": after(line(s, 36), "Điều 3.") + "\n" + line(s, 38)},
        ],
        recipients=[
            "Như Điều 3",
            "Sở Khoa học và Công nghệ",
            "Chủ tịch, các Phó Chủ tịch UBND huyện",
            "Chánh, Phó CVP HĐND và UBND huyện",
            "Lưu: VT, TH (K)",
        ],
        signer={"prefix": None, "authority": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lương Hữu Ích"},
        appendix_title="MỤC TIÊU CHẤT LƯỢNG NĂM 2024",
        objectives=objectives_2024(s),
        warnings=[
            msg.render(msg.MISSING_AGENCY),
            msg.render(msg.NUMBER_MISMATCH, header="420", appendix="720"),
            msg.render(msg.SIGNER_MISSING_KT, title="PHÓ CHỦ TỊCH", authority="CHỦ TỊCH"),
        ],
    )


def expected_2026() -> dict:
    s = source(S2026)
    rows = [s[n - 1].split("\t") for n in (45, 46, 47, 48, 49, 51, 52, 53)]
    sec1, sec2 = "I. Đối với Ủy ban nhân dân xã", "II. Đối với các phòng chuyên môn"
    responsibility = [
        "Trung tâm Phục vụ hành chính công xã",
        "Cán bộ một cửa; Văn phòng HĐND và UBND xã",
        "Trung tâm Phục vụ hành chính công xã",
        "Cán bộ một cửa",
        "Tổ thư ký ISO; Chủ tịch UBND xã",
        "Trưởng các phòng",
        "Văn phòng HĐND và UBND xã",
        "Các phòng",
    ]
    targets = [
        [t(">=", 98, None, "%", None, "Tối thiểu 98%")],
        [t(">=", 60, None, "%", None, "Từ 60% trở lên")],
        [t(">=", 95, None, "%", None, "Đạt ít nhất 95%")],
        [t(">=", 80, None, "%", None, "Tối thiểu 80%")],
        [t("between", 1, 2, "lần/năm", None, "Từ 01 - 02 lần/năm")],
        [t("=", 100, None, "%", None, "100%")],
        [t(">", 97, None, "%", None, "Trên 97%")],
        [t(">=", 3, None, "sáng kiến", None, "Ít nhất 03 sáng kiến")],
    ]
    objectives = []
    for index, (row, who, goal) in enumerate(zip(rows, responsibility, targets)):
        number, content, target_cell, measures, timeframe = row
        assert all(target["source"] in target_cell for target in goal)
        objectives.append(
            {
                "number": int(number),
                "section": sec1 if index < 5 else sec2,
                "content": content,
                "measures": measures,
                "responsibility": who,
                "timeframe": timeframe,
                "targets": goal,
            }
        )
    return base(
        agency_lines=["ỦY BAN NHÂN DÂN", "XÃ PHƯỚC AN"],
        number="15",
        symbol="QĐ-UBND",
        place="Phước An",
        date="2026-01-09",
        year=2026,
        summary=line(s, 9),
        authority=line(s, 11),
        legal_bases=[line(s, n) for n in (13, 14, 15)],
        proposal=line(s, 16),
        articles=[
            {"number": n, "text": after(line(s, ln), f"Điều {n}.")} for n, ln in ((1, 20), (2, 22), (3, 24), (4, 26))
        ],
        recipients=["Như Điều 4", "Sở Khoa học và Công nghệ", "CT, các PCT UBND xã", "Lưu: VT, VP"],
        signer={"prefix": "KT.", "authority": "CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lê Văn Minh"},
        appendix_title="MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
        objectives=objectives,
        warnings=[],
    )


# --- variants -------------------------------------------------------------------------------------
_TCVN3_CAPITALS_WITH_CODES = set("ĂÂÊÔƠƯĐ")


def abc_font(text: str) -> str:
    """TCVN3 as ABC users type it: capitals with a tone mark in the ".VnTimeH" font, i.e. lower-case codes."""
    return "".join(
        encode_legacy(ch.lower(), "tcvn3")
        if ch.isupper() and not ch.isascii() and ch not in _TCVN3_CAPITALS_WITH_CODES
        else encode_legacy(ch, "tcvn3")
        for ch in text
    )


def strip_diacritics(text: str) -> str:
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def strip_expected(value, key=None):
    """The expected structure of a text that lost its diacritics; type codes stay as they are."""
    if isinstance(value, dict):
        return {
            k: (
                v
                if k in ("doc_type", "comparator", "warnings") or (k == "unit" and v == "lần/năm")
                else strip_expected(v, k)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [strip_expected(v, key) for v in value]
    if isinstance(value, str):
        return strip_diacritics(value)
    return value


def wrap_long_lines(text: str, width: int = 72) -> str:
    """Wrap prose the way a narrow text box does, never right after the end of a sentence."""
    out = []
    for raw in text.split("\n"):
        if len(raw) <= width or "\t" in raw:
            out.append(raw)
            continue
        words, current = raw.split(" "), []
        for word in words:
            candidate = " ".join(current + [word])
            breakable = current and not re.search(r"[.;:!?]\**$", current[-1]) and not re.match(r"[-\d]", word)
            if len(candidate) > width and breakable:
                out.append(" ".join(current))
                current = [word]
            else:
                current.append(word)
        out.append(" ".join(current))
    return "\n".join(out)


def replace_lines(text: str, replacements: dict[int, str | None]) -> str:
    lines = text.split("\n")
    for number, new in replacements.items():
        lines[number - 1] = new
    return "\n".join(line for line in lines if line is not None)


def html_2022(text: str) -> str:
    lines = text.split("\n")
    out = []
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            out.append('<p style="text-align:center"><b>QUYẾT ĐỊNH</b></p>')
        elif number in (8,):
            out.append("<p><strong>QUYẾT&nbsp;ĐỊNH:</strong></p>")
        elif raw.startswith("Điều"):
            head, rest = raw.split(".", 1)
            out.append(f"<p><b>{head.replace(' ', '&nbsp;')}.</b>{rest}</p>")
        elif number == 30:
            out.append("<p>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</p>")
        elif number == 31:
            continue
        elif raw.strip():
            out.append(f"<p>{raw.strip()}</p>")
        else:
            out.append(raw)
    return "\n".join(out)


def markdown_2026(text: str) -> str:
    lines = text.split("\n")
    for number in (1, 2, 8, 11, 18, 34, 35, 55, 56, 58):
        lines[number - 1] = f"**{lines[number - 1]}**"
    for number in (13, 14, 15):
        lines[number - 1] = f"*{lines[number - 1]}*"
    for number in (20, 22, 24, 26):
        head, rest = lines[number - 1].split(".", 1)
        lines[number - 1] = f"**{head}.**{rest}"
    lines[39] = "## " + lines[39]
    lines[40] = "*" + lines[40] + "*"
    lines[33] += "  "
    lines[54] += "  "
    lines[27] = "**Nơi nhận:**"
    return "\n".join(lines)


def table_2024(text: str) -> str:
    lines = text.split("\n")[:59]
    rows = [
        "TT\tNội dung mục tiêu\tChỉ tiêu thực hiện\tBiện pháp và trách nhiệm\tThời gian",
        (
            "1\tThực hiện duy trì và cải tiến Hệ thống quản lý chất lượng phù hợp với Tiêu chuẩn quốc gia TCVN ISO "
            "9001:2015 trên địa bàn huyện.\tDuy trì, cải tiến\tTổ thư ký ISO huyện tham mưu, theo dõi việc áp dụng."
            "\tCả năm"
        ),
        (
            "2\tTỷ lệ giải quyết hồ sơ đúng hạn; mức độ hài lòng của người dân, doanh nghiệp; tỷ lệ hồ sơ giải quyết "
            "trực tuyến trên tổng số hồ sơ.\tTối thiểu 97%; tối thiểu 94%; tối thiểu 40% tại cấp huyện và 35% tại cấp xã"
            "\tVăn phòng HĐND và UBND huyện theo dõi, tổng hợp; Phòng Kinh tế đôn đốc.\tBáo cáo hằng quý"
        ),
        (
            "3\tKết quả đánh giá cán bộ, công chức cuối năm hoàn thành tốt nhiệm vụ; cán bộ, công chức được bồi dưỡng "
            "thường xuyên về chuyên môn, nghiệp vụ.\tTrên 90%; ít nhất 30%\tPhòng Nội vụ tham mưu đánh giá, xếp loại "
            "và cử cán bộ đi bồi dưỡng.\tCuối năm"
        ),
        (
            "4\tPhản ánh, kiến nghị của người dân, tổ chức liên quan đến giải quyết thủ tục hành chính được xử lý dứt "
            "điểm trong thời gian quy định.\tTối thiểu 97%\tCác cơ quan chuyên môn xử lý; Văn phòng HĐND và UBND huyện "
            "theo dõi.\tBáo cáo hằng quý"
        ),
        (
            "5\tHồ sơ, thủ tục hành chính được kiểm soát, quản lý thông qua hệ thống phần mềm.\t100%\tBộ phận một cửa "
            "cập nhật hồ sơ lên hệ thống.\tThường xuyên"
        ),
        (
            "6\tHồ sơ công việc (trừ văn bản mật) được quản lý, xử lý trên môi trường điện tử; cơ quan, đơn vị sử dụng "
            "chữ ký số.\t100%; 100%\tThủ trưởng các cơ quan, đơn vị chỉ đạo thực hiện.\tThường xuyên"
        ),
        (
            "7\tTỷ lệ số hóa hồ sơ thủ tục hành chính; số hóa kết quả giải quyết thủ tục hành chính.\tTối thiểu 40% tại "
            "cấp huyện, 35% tại cấp xã; tối thiểu 30% tại cấp huyện, 20% tại cấp xã\tBộ phận một cửa cấp huyện và cấp "
            "xã số hóa khi tiếp nhận và trả kết quả.\tBáo cáo hằng quý"
        ),
    ]
    return "\n".join(lines + [""] + rows) + "\n"


def expected_table_2024(expected: dict) -> dict:
    rows = table_2024(source_text(S2024)).split("\n")[61:68]
    cells = [row.split("\t") for row in rows]
    targets = [
        [done("Duy trì, cải tiến")],
        [
            t(">=", 97, None, "%", None, "Tối thiểu 97%"),
            t(">=", 94, None, "%", None, "tối thiểu 94%"),
            t(">=", 40, None, "%", "cấp huyện", "tối thiểu 40% tại cấp huyện"),
            t(">=", 35, None, "%", "cấp xã", "35% tại cấp xã"),
        ],
        [t(">", 90, None, "%", None, "Trên 90%"), t(">=", 30, None, "%", None, "ít nhất 30%")],
        [t(">=", 97, None, "%", None, "Tối thiểu 97%")],
        [t("=", 100, None, "%", None, "100%")],
        [t("=", 100, None, "%", None, "100%"), t("=", 100, None, "%", None, "100%")],
        [
            t(">=", 40, None, "%", "cấp huyện", "Tối thiểu 40% tại cấp huyện"),
            t(">=", 35, None, "%", "cấp xã", "35% tại cấp xã"),
            t(">=", 30, None, "%", "cấp huyện", "tối thiểu 30% tại cấp huyện"),
            t(">=", 20, None, "%", "cấp xã", "20% tại cấp xã"),
        ],
    ]
    responsibility = [
        "Tổ thư ký ISO huyện",
        "Văn phòng HĐND và UBND huyện; Phòng Kinh tế",
        "Phòng Nội vụ",
        "Các cơ quan chuyên môn; Văn phòng HĐND và UBND huyện",
        "Bộ phận một cửa",
        "Thủ trưởng các cơ quan, đơn vị",
        "Bộ phận một cửa cấp huyện và cấp xã",
    ]
    result = copy.deepcopy(expected)
    result["objectives"] = [
        {
            "number": int(c[0]),
            "section": None,
            "content": c[1],
            "measures": c[3],
            "responsibility": who,
            "timeframe": c[4],
            "targets": goal,
        }
        for c, who, goal in zip(cells, responsibility, targets)
    ]
    return result


def source_text(name: str) -> str:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8")


def ocr_2019(text: str) -> str:
    lines = text.split("\n")
    lines[2] = "So: 93/QD-UBND"
    lines[12] = lines[12].replace("Căn cứ", "Can cu", 1)
    lines[24] = "QUYET DINH:"
    lines[26] = lines[26].replace("**Điều 1.**", "Dieu l.")
    lines[28] = "l." + lines[28][2:]
    lines[44] = lines[44].replace("**Điều 3.**", "Dieu 3.")
    lines[48] = "Noi nhan:"
    return "\n".join(lines)


def expected_ocr_2019(expected: dict) -> dict:
    result = copy.deepcopy(expected)
    result["symbol"] = "QD-UBND"
    result["legal_bases"][0] = result["legal_bases"][0].replace("Căn cứ", "Can cu", 1)
    result["warnings"] = [
        msg.render(msg.PARTIAL_DIACRITICS, lines="3, 13, 25, 27, 45, 49"),
        msg.render(msg.OCR_DIGIT, line=27, found="l", fixed="1"),
        msg.render(msg.OCR_DIGIT, line=29, found="l", fixed="1"),
        msg.render(msg.MISSING_AGENCY),
    ]
    return result


def two_columns_2026(text: str) -> str:
    lines = text.split("\n")
    lines[0] = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    lines[1] = "XÃ PHƯỚC AN\tĐộc lập - Tự do - Hạnh phúc"
    lines[3] = "Số: 15/QĐ-UBND\tPhước An, ngày 09 tháng 01 năm 2026"
    lines[5] = None
    tail = [
        "Nơi nhận:\tKT. CHỦ TỊCH",
        "- Như Điều 4;\tPHÓ CHỦ TỊCH",
        "- Sở Khoa học và Công nghệ;\t",
        "- CT, các PCT UBND xã;\t",
        "- Lưu: VT, VP.\tLê Văn Minh",
    ]
    lines[27:37] = tail
    return "\n".join(line for line in lines if line is not None)


def crlf_2026(text: str) -> str:
    text = text.replace("Điều 1.", "Điều\u200b 1.").replace("Quyết định này", "Quyết\u200c định này")
    return "\ufeff" + text.replace("\n", "\r\n")


def main() -> None:
    samples = {S2019: expected_2019(), S2022: expected_2022(), S2024: expected_2024(), S2026: expected_2026()}

    def legacy(encoding):
        return msg.render(msg.LEGACY_ENCODING, encoding={"tcvn3": "TCVN3 (ABC)", "vni": "VNI Windows"}[encoding])

    text = {name: source_text(name) for name in samples}
    e = samples
    variants = {
        f"{S2024}_nfd": (unicodedata.normalize("NFD", text[S2024]), e[S2024]),
        f"{S2019}_tcvn3": (abc_font(text[S2019]), {**e[S2019], "warnings": [legacy("tcvn3")] + e[S2019]["warnings"]}),
        f"{S2024}_tcvn3": (
            encode_legacy(text[S2024], "tcvn3"),
            {**e[S2024], "warnings": [legacy("tcvn3")] + e[S2024]["warnings"]},
        ),
        f"{S2026}_vni": (encode_legacy(text[S2026], "vni"), {**e[S2026], "warnings": [legacy("vni")]}),
        f"{S2022}_no_diacritics": (
            strip_diacritics(text[S2022]),
            {**strip_expected(e[S2022]), "warnings": [msg.render(msg.NO_DIACRITICS)] + e[S2022]["warnings"]},
        ),
        f"{S2026}_markdown": (markdown_2026(text[S2026]), e[S2026]),
        f"{S2022}_html": (html_2022(text[S2022]), e[S2022]),
        f"{S2019}_wrapped": (wrap_long_lines(text[S2019]), e[S2019]),
        f"{S2024}_table": (table_2024(text[S2024]), expected_table_2024(e[S2024])),
        f"{S2026}_no_signer": (
            replace_lines(text[S2026], dict.fromkeys((34, 35, 36, 37, 55, 56, 57, 58))),
            {**e[S2026], "signer": base()["signer"], "warnings": [msg.render(msg.MISSING_SIGNER)]},
        ),
        f"{S2019}_no_header": (
            replace_lines(text[S2019], {3: None, 5: None}),
            {
                **e[S2019],
                "number": None,
                "symbol": None,
                "place": None,
                "date": None,
                "warnings": [
                    msg.render(msg.MISSING_AGENCY),
                    msg.render(msg.MISSING_NUMBER),
                    msg.render(msg.MISSING_DATE),
                ],
            },
        ),
        f"{S2019}_ocr": (ocr_2019(text[S2019]), expected_ocr_2019(e[S2019])),
        f"{S2026}_two_columns": (two_columns_2026(text[S2026]), e[S2026]),
        f"{S2026}_crlf_zero_width": (crlf_2026(text[S2026]), e[S2026]),
    }
    for name, expected in samples.items():
        write_json(name, expected)
    for name, (variant_text, expected) in variants.items():
        (HERE / f"{name}.txt").write_text(variant_text, encoding="utf-8", newline="")
        write_json(name, expected)
    print(f"{len(samples)} samples, {len(variants)} variants written to {HERE}")


def write_json(name: str, expected: dict) -> None:
    path = HERE / f"{name}.expected.json"
    path.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
