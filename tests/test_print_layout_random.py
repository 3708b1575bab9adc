"""A randomised layout test: many generated decisions (short and long texts, sections, list and table form,
portrait and landscape appendices, tall table rows) printed and read back; no heading may be left alone at
the foot of a page and every table page must start with the header row and end with a bottom border.

Seeded, so a failure names a variant that can be re-run: pytest -k "variant_7".
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from pdf_layout import stranded_headings, table_faults

from agencies.permissions import SYSTEM
from objectives import services
from objectives.printing.pdf import render_decision_pdf

VARIANTS = 24
WORDS = [
    "hồ",
    "sơ",
    "thủ",
    "tục",
    "hành",
    "chính",
    "được",
    "giải",
    "quyết",
    "đúng",
    "hạn",
    "trước",
    "hạn",
    "tiếp",
    "nhận",
    "trực",
    "tuyến",
    "toàn",
    "trình",
    "một",
    "phần",
    "người",
    "dân",
    "doanh",
    "nghiệp",
    "hài",
    "lòng",
    "số",
    "hóa",
    "kết",
    "quả",
    "văn",
    "bản",
    "đi",
    "đến",
    "xử",
    "lý",
    "trên",
    "môi",
    "trường",
    "điện",
    "tử",
    "chữ",
    "ký",
    "số",
    "cán",
    "bộ",
    "công",
    "chức",
    "viên",
    "chức",
    "đánh",
    "giá",
    "nội",
    "bộ",
    "xem",
    "xét",
    "của",
    "lãnh",
    "đạo",
    "Hệ",
    "thống",
    "quản",
    "lý",
    "chất",
    "lượng",
    "Tiêu",
    "chuẩn",
    "quốc",
    "gia",
    "TCVN",
    "ISO",
    "9001:2015",
    "phòng",
    "chuyên",
    "môn",
    "Trung",
    "tâm",
    "Phục",
    "vụ",
    "hành",
    "chính",
    "công",
    "theo",
    "dõi",
    "đôn",
    "đốc",
    "báo",
    "cáo",
    "hằng",
    "quý",
]


def words(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[:1].upper() + text[1:] + "."


def objective(rng: random.Random, tall: bool) -> dict:
    targets = []
    for _ in range(rng.randint(1, 3)):
        value = rng.choice([80, 90, 95, 97, 98, 100])
        target = {"label": words(rng, 2, 6)[:-1], "comparator": ">=", "value": str(value), "unit": "percent"}
        if rng.random() < 0.5:
            target["source_phrase"] = f"Tối thiểu {value}%"
        targets.append(target)
    return {
        "content": words(rng, 6, 70 if not tall else 160),
        "measures": words(rng, 0, 40) if not tall else words(rng, 200, 320),
        "timeframe": rng.choice(["Báo cáo hằng quý", "Cả năm", "Tháng 6 và tháng 11", ""]),
        "targets": targets,
    }


def variant(seed: int) -> dict:
    rng = random.Random(seed)
    table = rng.random() < 0.6
    in_article = not table and rng.random() < 0.3
    sections = []
    for _section in range(rng.choice([0, 0, 2, 3, 4])):
        sections.append(
            {
                "title": f"Đối với {words(rng, 2, 12)[:-1]}",
                "objectives": [objective(rng, tall=table and rng.random() < 0.08) for _ in range(rng.randint(1, 7))],
            }
        )
    loose = [] if sections else [objective(rng, tall=table and rng.random() < 0.08) for _ in range(rng.randint(3, 14))]
    return {
        "summary": "Về việc ban hành Mục tiêu chất lượng năm 2026 " + words(rng, 0, 25)[:-1],
        "legal_bases": [f"Căn cứ {words(rng, 10, 60)[:-1]};" for _ in range(rng.randint(2, 6))],
        "articles": [words(rng, 8, 90) for _ in range(rng.randint(3, 5))],
        "appendix_title": "" if in_article else "MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
        "appendix_form": "table" if table else "list",
        "appendix_landscape": table and rng.random() < 0.3,
        "sections": sections,
        "objectives": loose,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"variant_{seed}") for seed in range(VARIANTS)])
def test_no_stranded_heading_and_no_table_page_without_header_or_bottom_border(tree, seed):
    decision = services.decision_build(user=SYSTEM, agency=tree["commune"], year=2026, data=variant(seed))
    pdf = render_decision_pdf(decision)
    if os.environ.get("LAYOUT_DUMP"):  # to look at a variant: LAYOUT_DUMP=/tmp/dir pytest -k variant_7
        Path(os.environ["LAYOUT_DUMP"], f"variant_{seed}.pdf").write_bytes(pdf)
    assert stranded_headings(pdf) == []
    assert table_faults(pdf) == []


# --- the checks themselves must catch what they look for ------------------------------------------------------------


def test_the_check_catches_a_heading_left_at_the_foot_of_a_page():
    html = (
        '<html><body><div class="spacer"></div><p class="para section-heading">II. Đối với các phòng chuyên môn:</p>'
        '<p class="para">Nội dung mục tiêu.</p></body></html>'
    )
    css = ".spacer { height: 242mm; } .section-heading { break-after: auto !important; }"
    assert stranded_headings(_pdf(html, css)) == [(1, "II. Đối với các phòng chuyên môn:")]


def test_the_check_catches_a_split_table_page_without_its_bottom_border():
    tall = " ".join(["biện pháp"] * 700)
    html = (
        '<html><body><table class="grid objectives"><thead><tr><th>TT</th><th>Nội dung mục tiêu</th><th>Chỉ tiêu</th>'
        f'<th>Biện pháp</th><th>Thời gian</th></tr></thead><tbody><tr class="long-row"><td>1</td><td>Hồ sơ.</td>'
        f"<td>100%</td><td>{tall}</td><td>Cả năm</td></tr></tbody></table></body></html>"
    )
    assert table_faults(_pdf(html, "")) == []  # the shipped stylesheet closes every page of the table
    collapsed = (
        "table.grid { border-collapse: collapse !important; } table.grid td { border: 0.75pt solid #000 !important; }"
    )
    assert (1, "no bottom border") in table_faults(_pdf(html, collapsed))


def _pdf(html: str, css: str) -> bytes:
    import tempfile

    from objectives.printing.pdf import STATIC_DIR, html_to_pdf

    with tempfile.NamedTemporaryFile("w", suffix=".css", dir=STATIC_DIR / "print", delete=True) as sheet:
        sheet.write(css)
        sheet.flush()
        return html_to_pdf(html, stylesheets=[Path(sheet.name)])
