"""Printed decisions read back from the PDF: A4, the margins, fonts and page numbers of Nghị định 30/2020,
the header, the articles and every objective of the four sample decisions, the appendix, drafts and
signature images."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from django.db import transaction
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from agencies.permissions import SYSTEM
from objectives import samples, services
from objectives.models import Decision, PrintImage
from objectives.printing import build_layout, decisions_for_print, print_image_save
from objectives.printing.pdf import FONT_DIR, html_to_pdf, render_decision_pdf, render_html_pdf

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, RIGHT, TOP, BOTTOM = 30, 15, 20, 20  # mm, as chosen in static/print/print.css
KEYS = ["2019_giong_rieng_93", "2022_ubnd_tinh_muc_tieu", "2024_nhon_trach_420", "2026_phuoc_an_table"]
SHIPPED = {
    TTFont(path)["name"].getDebugName(6): TTFont(path)["head"].fontRevision
    for path in sorted(FONT_DIR.glob("LiberationSerif-*.ttf"))
}


# --- helpers shared with the other print tests --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Uploaded images and batch files go to a folder of this test, not to the shared .test-media."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(location)}},
    }
    settings.MEDIA_ROOT = location
    return location


def flat(text: str) -> str:
    """Whitespace collapsed: a paragraph reads the same whether or not the PDF broke it into lines."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def body_text(pdf: bytes) -> str:
    """The text of every page below the top margin (no page numbers, no draft mark), whitespace collapsed."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return flat(
            " ".join(
                page.crop((0, TOP * MM - 1, page.width, page.height)).extract_text() or "" for page in document.pages
            )
        )


def table_cells(pdf: bytes) -> list[str]:
    """Every table cell's text, whitespace collapsed (cells read whole, not line by line across columns)."""
    cells = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for table in page.extract_tables():
                cells += [flat(cell) for row in table for cell in row if cell]
    return cells


def pdf_words(pdf: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_words(extra_attrs=["fontname", "size"]) for page in document.pages]


def top_margin_words(words: list[dict]) -> list[dict]:
    return [w for w in words if w["bottom"] < TOP * MM]


def png(
    width: int = 300, height: int = 160, colour=(20, 40, 200, 255), *, alpha: bool = True, dpi: int | None = None
) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA" if alpha else "RGB", (width, height), (0, 0, 0, 0) if alpha else (255, 255, 255))
    ImageDraw.Draw(image).ellipse((10, 10, width - 10, height - 10), outline=colour, width=6)
    buffer = io.BytesIO()
    options = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(buffer, format="PNG", **options)
    return buffer.getvalue()


def build(
    agency,
    *,
    year: int = 2026,
    objectives: int = 3,
    form: str = "list",
    sections: int = 0,
    landscape: bool = False,
    appendix: bool = True,
    **fields,
) -> Decision:
    def objective(i: int) -> dict:
        return {
            "content": f"Mục tiêu thứ {i}: tỷ lệ hồ sơ giải quyết đúng hạn đạt tối thiểu 9{i % 10}% trên tổng số hồ sơ tiếp nhận.",
            "measures": f"Biện pháp {i}: theo dõi trên Hệ thống thông tin giải quyết thủ tục hành chính.",
            "timeframe": "Báo cáo hằng quý",
            "targets": [
                {
                    "comparator": ">=",
                    "value": f"9{i % 10}",
                    "unit": "percent",
                    "label": f"Chỉ tiêu {i}",
                    "source_phrase": f"Tối thiểu 9{i % 10}%",
                }
            ],
        }

    data: dict = {"appendix_form": form, "appendix_landscape": landscape, **fields}
    if not appendix:
        data["appendix_title"] = ""
    if sections:
        per = max(1, objectives // sections)
        data["sections"] = [
            {"title": f"Đối với nhóm {s + 1}:", "objectives": [objective(s * per + i + 1) for i in range(per)]}
            for s in range(sections)
        ]
    else:
        data["objectives"] = [objective(i + 1) for i in range(objectives)]
    return services.decision_build(user=SYSTEM, agency=agency, year=year, data=data)


def issue(decision: Decision, *, number: int = 15, issued_on: date | None = None) -> Decision:
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    return services.decision_issue(
        user=SYSTEM, decision=decision, number=number, issued_on=issued_on or date(decision.year, 1, 9)
    )


# --- the four samples, rendered once for the module ---------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """Each sample decision as loaded, its PDF and (if it has one) its appendix-only PDF. Loaded and rendered
    once inside a transaction that is rolled back, so other tests see an empty database."""
    result = {}
    with django_db_blocker.unblock(), transaction.atomic():
        for key in KEYS:
            decision = decisions_for_print().get(pk=samples.load_sample(key).pk)
            layout = build_layout(decision)
            result[key] = {
                "decision": decision,
                "layout": layout,
                "objectives": [o.content for o in decision.objectives.all()],
                "pdf": render_decision_pdf(decision),
                "appendix": render_decision_pdf(decision, appendix_only=True) if layout.has_appendix else None,
            }
        transaction.set_rollback(True)
    return result


def test_it_prints_every_page_on_a4_portrait(rendered):
    for key in KEYS:
        version = rendered[key]["pdf"][5:8].decode()
        assert rendered[key]["pdf"].startswith(b"%PDF-") and float(version) >= 1.4  # the decree asks for PDF 1.4+
        for page in PdfReader(io.BytesIO(rendered[key]["pdf"])).pages:
            assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.5)
            assert float(page.mediabox.height) == pytest.approx(A4[1], abs=0.5)


def test_it_keeps_the_page_area_inside_the_decree_margins():
    # A box exactly as tall as the page area fills page 1 and nothing spills over: its edges are the margins.
    pdf = html_to_pdf('<div style="height: 257mm; border: 0.2pt solid #000"></div>')
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        edges = document.pages[0].rects or document.pages[0].lines
        x0 = min(e["x0"] for e in edges) / MM
        x1 = max(e["x1"] for e in edges) / MM
        top = min(e["top"] for e in edges) / MM
        bottom = max(e["bottom"] for e in edges) / MM
    assert x0 == pytest.approx(LEFT, abs=1)
    assert 210 - x1 == pytest.approx(RIGHT, abs=1)
    assert top == pytest.approx(TOP, abs=1)
    assert 297 - bottom == pytest.approx(BOTTOM, abs=1)
    assert 30 <= LEFT <= 35 and 15 <= RIGHT <= 20 and 20 <= TOP <= 25 and 20 <= BOTTOM <= 25


@pytest.mark.parametrize("key", ["2024_nhon_trach_420", "2026_phuoc_an_table"])
def test_it_sets_the_text_within_the_margins(rendered, key):
    with pdfplumber.open(io.BytesIO(rendered[key]["pdf"])) as document:
        first = [c for c in document.pages[0].chars if c["text"].strip()]
        assert min(c["x0"] for c in first) / MM == pytest.approx(LEFT, abs=1)  # justified body lines start here
        assert 210 - max(c["x1"] for c in first) / MM == pytest.approx(RIGHT, abs=1)  # ... and end here
        assert min(c["top"] for c in first) / MM == pytest.approx(TOP, abs=1)  # the header starts at the margin
        for page in document.pages:
            body = [c for c in page.chars if c["text"].strip() and c["top"] > TOP * MM - 1]
            assert min(c["x0"] for c in body) / MM >= LEFT - 1
            assert max(c["x1"] for c in body) / MM <= 210 - RIGHT + 1
            assert max(c["bottom"] for c in body) / MM <= 297 - BOTTOM + 0.5


def test_it_embeds_only_the_shipped_liberation_serif_fonts(rendered):
    for key in KEYS:
        reader = PdfReader(io.BytesIO(rendered[key]["pdf"]))
        for page in reader.pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert font["/Subtype"] == "/Type0"  # never a non-embedded base-14 font
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
                embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
                postscript = embedded["name"].getDebugName(6)
                assert postscript in SHIPPED, postscript
                assert embedded["head"].fontRevision == pytest.approx(SHIPPED[postscript])


def test_it_numbers_pages_from_the_second_page_centred_in_the_top_margin(rendered):
    words = pdf_words(rendered["2024_nhon_trach_420"]["pdf"])
    assert top_margin_words(words[0]) == []
    numbers = top_margin_words(words[1])
    assert [w["text"] for w in numbers] == ["2"]
    centre = (numbers[0]["x0"] + numbers[0]["x1"]) / 2 / MM
    assert centre == pytest.approx((LEFT + 210 - RIGHT) / 2, abs=1)
    assert numbers[0]["size"] == pytest.approx(13, abs=0.5)


@pytest.mark.django_db
def test_it_numbers_the_appendix_on_its_own(tree):
    pdf = render_decision_pdf(issue(build(tree["commune"], objectives=24, form="table")))
    pages = pdf_words(pdf)
    texts = pdf_text(pdf)
    start = next(i for i, text in enumerate(texts) if "Kèm theo Quyết định" in text)
    assert start >= 1 and len(pages) > start + 1
    assert top_margin_words(pages[start]) == []  # the appendix's first page carries no number
    assert [w["text"] for w in top_margin_words(pages[start + 1])] == ["2"]  # and restarts at 1


@pytest.mark.parametrize("key", KEYS)
def test_it_prints_each_sample_in_full(rendered, key):
    sample = rendered[key]
    decision, layout = sample["decision"], sample["layout"]
    text = body_text(sample["pdf"])
    if decision.appendix_form == "table" and layout.has_appendix:
        text += " " + " ".join(table_cells(sample["pdf"]))
    assert unicodedata.is_normalized("NFC", text)
    expected = [
        layout.number_line,
        layout.place_date,
        decision.authority,
        "QUYẾT ĐỊNH:",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Nơi nhận:",
        decision.signer_name,
        *layout.signer_lines,
    ]
    expected += decision.legal_bases + [f"- {item}" for item in decision.recipients]
    for number, article in enumerate(decision.articles, start=1):
        paragraphs = [p for p in article.split("\n") if p.strip()]
        expected.append(f"Điều {number}. {paragraphs[0]}")
        expected += paragraphs[1:]
    expected += sample["objectives"]
    missing = [item for item in expected if flat(unicodedata.normalize("NFC", item)) not in text]
    assert missing == []


def test_it_writes_the_number_with_zero_padding_and_the_date_words(rendered):
    first = flat(pdf_text(rendered["2026_phuoc_an_table"]["pdf"])[0])
    assert "Số: 15/QĐ-UBND" in first
    assert "Phước An, ngày 09 tháng 01 năm 2026" in first
    assert "Giồng Riềng, ngày 02 tháng 01 năm 2019" in flat(pdf_text(rendered["2019_giong_rieng_93"]["pdf"])[0])


def test_it_sets_number_and_date_on_one_line_and_the_header_in_the_right_type(rendered):
    with pdfplumber.open(io.BytesIO(rendered["2026_phuoc_an_table"]["pdf"])) as document:
        words = document.pages[0].extract_words(extra_attrs=["fontname", "size"])
    by_text = {}
    for word in words:  # the first occurrence of each word, in reading order
        by_text.setdefault(word["text"], word)
    assert by_text["Số:"]["size"] == pytest.approx(13, abs=0.2)
    assert by_text["ngày"]["size"] == pytest.approx(14, abs=0.2) and "Italic" in by_text["ngày"]["fontname"]
    assert by_text["Số:"]["bottom"] == pytest.approx(by_text["ngày"]["bottom"], abs=1.5)  # shared baseline
    assert "Bold" in by_text["CỘNG"]["fontname"] and "Bold" in by_text["Hạnh"]["fontname"]
    assert "Bold" in by_text["PHƯỚC"]["fontname"]
    assert "Bold" in by_text["Điều"]["fontname"]
    assert "Italic" in by_text["Căn"]["fontname"]
    assert by_text["Số:"]["x0"] < 105 * MM < by_text["ngày"]["x0"]  # left and right columns


def test_it_puts_recipients_and_signer_side_by_side(rendered):
    with pdfplumber.open(io.BytesIO(rendered["2026_phuoc_an_table"]["pdf"])) as document:
        page = next(p for p in document.pages if "Nơi nhận" in (p.extract_text() or ""))
        words = page.extract_words(extra_attrs=["fontname", "size"])
    title = next(w for w in words if w["text"] == "Nơi")
    signer = next(w for w in words if w["text"] == "KT.")
    name = next(w for w in words if w["text"] == "Minh")
    recipient = next(w for w in words if w["text"] == "Như")
    assert title["top"] == pytest.approx(signer["top"], abs=2 * MM)
    assert title["x0"] / MM == pytest.approx(LEFT, abs=1) and signer["x0"] > 105 * MM
    assert title["size"] == pytest.approx(12, abs=0.2) and "Bold-Italic" in title["fontname"]
    assert recipient["size"] == pytest.approx(11, abs=0.2)
    assert "Bold" in name["fontname"] and name["top"] - signer["top"] > 25 * MM  # room to sign and stamp


def test_it_names_the_right_decision_in_the_appendix_line(rendered):
    line = "(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)"
    for pdf in (rendered["2026_phuoc_an_table"]["pdf"], rendered["2026_phuoc_an_table"]["appendix"]):
        pages = pdf_text(pdf)
        appendix = next(flat(text) for text in pages if "Kèm theo" in text)
        assert line in appendix
        assert "Phụ lục" in appendix and "MỤC TIÊU CHẤT LƯỢNG NĂM 2026" in appendix
    # The 2024 decision keeps the line exactly as it was issued (typos included).
    assert rendered["2024_nhon_trach_420"]["layout"].appendix_reference in body_text(
        rendered["2024_nhon_trach_420"]["pdf"]
    )


def test_it_prints_the_appendix_alone_without_the_decision(rendered):
    text = body_text(rendered["2026_phuoc_an_table"]["appendix"])
    assert "Nơi nhận" not in text and "Điều 1." not in text and "QUYẾT ĐỊNH" not in text
    cells = table_cells(rendered["2026_phuoc_an_table"]["appendix"])
    assert all(objective in cells for objective in rendered["2026_phuoc_an_table"]["objectives"])


def test_it_prints_the_table_with_sections_and_the_phrases_of_the_decision(rendered):
    cells = table_cells(rendered["2026_phuoc_an_table"]["appendix"])
    assert cells[:5] == ["TT", "Nội dung mục tiêu", "Chỉ tiêu thực hiện", "Biện pháp và trách nhiệm", "Thời gian"]
    assert "I. Đối với Ủy ban nhân dân xã:" in cells and "II. Đối với các phòng chuyên môn:" in cells
    assert cells[cells.index("I. Đối với Ủy ban nhân dân xã:") + 1] == "1"
    row = cells.index("Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.")
    assert cells[row - 1 : row + 4] == [
        "1",
        "Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.",
        "Tối thiểu 98%",
        (
            "Trung tâm Phục vụ hành chính công xã theo dõi trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, "
            "nhắc việc hồ sơ sắp đến hạn."
        ),
        "Báo cáo hằng quý",
    ]
    assert "Ít nhất 03 sáng kiến" in cells and "Báo cáo 6 tháng/lần" in cells


def test_it_keeps_the_objectives_in_article_1_when_there_is_no_appendix(rendered):
    text = body_text(rendered["2019_giong_rieng_93"]["pdf"])
    first = rendered["2019_giong_rieng_93"]["objectives"][0]
    assert text.index("Điều 1.") < text.index("1. " + first) < text.index("Điều 2.")
    assert "Phụ lục" not in text and "Kèm theo Quyết định" not in text


def test_it_marks_only_drafts(rendered):
    draft = pdf_text(rendered["2022_ubnd_tinh_muc_tieu"]["pdf"])
    assert all("DỰ THẢO" in page for page in draft)
    assert "Số: /QĐ-UBND" in flat(draft[0])  # blank for the number
    assert re.search(r"ngày\s+tháng\s+năm 2022", draft[0])  # blanks for day and month
    for key in ("2019_giong_rieng_93", "2024_nhon_trach_420", "2026_phuoc_an_table"):
        assert not any("DỰ THẢO" in page for page in pdf_text(rendered[key]["pdf"]))


@pytest.mark.django_db
def test_it_marks_a_fresh_draft_and_leaves_number_and_date_blank(tree):
    decision = build(tree["commune"], year=2026)
    pages = pdf_text(render_decision_pdf(decision))
    assert all("DỰ THẢO" in page for page in pages)
    assert "Phước An, ngày tháng năm 2026" in flat(pages[0])
    assert "(Kèm theo Quyết định số /QĐ-UBND ngày tháng năm 2026" in flat(" ".join(pages))


@pytest.mark.django_db
def test_it_repeats_the_table_header_on_every_appendix_page(tree):
    decision = build(tree["commune"], objectives=24, form="table", sections=2)
    pages = pdf_text(render_decision_pdf(decision, appendix_only=True))
    assert len(pages) >= 2
    # Header cells wrap ("Chỉ tiêu / thực hiện"), so look for their lines.
    assert all("TT Nội dung mục tiêu Thời gian" in page and "Chỉ tiêu" in page for page in pages)
    cells = table_cells(render_decision_pdf(decision, appendix_only=True))
    assert "I. Đối với nhóm 1:" in cells and "II. Đối với nhóm 2:" in cells


@pytest.mark.django_db
def test_it_turns_a_wide_appendix_to_landscape(tree):
    decision = build(tree["commune"], objectives=4, form="table", landscape=True)
    reader = PdfReader(io.BytesIO(render_decision_pdf(decision)))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages]
    assert sizes[0] == (round(A4[0]), round(A4[1]))
    assert sizes[-1] == (round(A4[1]), round(A4[0]))


@pytest.mark.django_db
def test_it_places_signature_and_seal_on_an_issued_decision_only(tree):
    decision = issue(
        build(
            tree["commune"],
            signer_name="Lê Văn Minh",
            signer_prefix="KT.",
            signer_authority="CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
        )
    )
    print_image_save(
        user=SYSTEM, agency=tree["commune"], kind=PrintImage.Kind.SIGNATURE, signer_name="Lê Văn Minh", data=png()
    )
    print_image_save(
        user=SYSTEM,
        agency=tree["commune"],
        kind=PrintImage.Kind.SEAL,
        signer_name="",
        data=png(400, 400, (220, 0, 0, 255), dpi=283),
    )

    with pdfplumber.open(io.BytesIO(render_decision_pdf(decision))) as document:
        signed = [p for p in document.pages if p.images]
        assert len(signed) == 1 and "Nơi nhận" in signed[0].extract_text()  # the appendix is not signed again
        page = signed[0]
        images = sorted(page.images, key=lambda i: i["x1"] - i["x0"])
        name = next(w for w in page.extract_words() if w["text"] == "Minh")
        title = next(w for w in page.extract_words() if w["text"] == "PHÓ")
    signature, seal = sorted(images, key=lambda i: i["x0"], reverse=True)  # the seal starts further left
    assert (seal["x1"] - seal["x0"]) / MM == pytest.approx(400 / 283 * 25.4, abs=0.5)  # printed at actual size
    third = signature["x0"] + (signature["x1"] - signature["x0"]) / 3
    assert seal["x1"] == pytest.approx(third, abs=1 * MM)  # over the left third of the signature
    for image in (signature, seal):
        assert title["bottom"] - 2 * MM < image["top"] and image["bottom"] < name["top"] + 2 * MM
    assert not pdfplumber.open(io.BytesIO(render_decision_pdf(decision, with_images=False))).pages[0].images


@pytest.mark.django_db
def test_it_leaves_drafts_unsigned_even_with_images(tree):
    decision = build(tree["commune"], signer_name="Lê Văn Minh")
    print_image_save(
        user=SYSTEM, agency=tree["commune"], kind=PrintImage.Kind.SIGNATURE, signer_name="Lê Văn Minh", data=png()
    )
    with pdfplumber.open(io.BytesIO(render_decision_pdf(decision))) as document:
        assert not any(page.images for page in document.pages)


@pytest.mark.django_db
def test_it_refuses_an_appendix_only_print_without_appendix(tree):
    with pytest.raises(ValueError):
        render_decision_pdf(build(tree["commune"], appendix=False), appendix_only=True)


def test_the_base_renders_any_template_with_the_shared_page_and_fonts(tmp_path, settings):
    # What the year-end report does: its own template extending print/base.html.
    (tmp_path / "report.html").write_text(
        '{% extends "print/base.html" %}{% block title %}Báo cáo{% endblock %}{% block body %}'
        '<h1>BÁO CÁO KẾT QUẢ</h1>{% for i in rows %}<p class="para">Dòng {{ i }} — đạt 96,5%</p>{% endfor %}'
        "{% endblock %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    pdf = render_html_pdf("report.html", {"rows": range(80)})
    pages = pdf_text(pdf)
    assert len(pages) >= 2 and "BÁO CÁO KẾT QUẢ" in pages[0]
    assert [w["text"] for w in top_margin_words(pdf_words(pdf)[1])] == ["2"]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Báo cáo"


def test_it_never_fetches_anything_outside_static(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png())
    pdf = html_to_pdf(f'<p>x</p><img src="{secret.as_uri()}"><img src="http://example.invalid/a.png">')
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert document.pages[0].images == []


def test_the_font_folder_is_the_one_the_stylesheet_uses():
    css = (Path(FONT_DIR).parents[1] / "print" / "print.css").read_text(encoding="utf-8")
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"../fonts/liberation-serif/LiberationSerif-{face}.ttf" in css
