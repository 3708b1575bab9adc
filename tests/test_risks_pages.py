"""The risk register's pages (bounded queries, bad input refused in Vietnamese, copy forward with its
confirmation, the action button) and its print: the PDF read back with pdftotext (title per Nghị định 30, header
row on every page, page numbers from page 2, the scale), the Excel file read back with openpyxl."""

import io
import os
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pdf_layout import overflowing_words, table_faults

from agencies.permissions import SYSTEM
from objectives import services as decision_services
from objectives.risks import printing
from objectives.risks import services as risks
from objectives.risks.models import RiskItem
from reports.actions.models import CorrectiveAction
from reports.actions.risks import action_from_risk


def add(agency, year=2026, **fields):
    values = {
        "kind": "risk",
        "description": "Hồ sơ trễ hạn do thiếu nhân sự",
        "likelihood": 3,
        "impact": 4,
        "treatment": "reduce",
        "owner_unit": agency,
    }
    values.update(fields)
    return risks.risk_create(agency=agency, year=year, user=SYSTEM, **values)


def register_url(agency, year=2026, name="objectives:risk-register"):
    return reverse(name, kwargs={"agency_pk": agency.pk, "year": year})


def pdftotext(pdf: bytes, *pages: int, layout: bool = False) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "risks.pdf")
        path.write_bytes(pdf)
        args = ["pdftotext", *(["-layout"] if layout else [])]
        if pages:
            args += ["-f", str(pages[0]), "-l", str(pages[-1])]
        return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


@pytest.fixture
def register(tree, personas):
    objective = (
        decision_services.decision_build(
            user=SYSTEM,
            agency=tree["commune"],
            year=2026,
            data={
                "objectives": [
                    {
                        "content": "Tỷ lệ hồ sơ giải quyết đúng hạn",
                        "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}],
                    }
                ]
            },
        )
        .objectives.select_related("decision")
        .get()
    )
    first = add(
        tree["commune"],
        objectives=[objective],
        likelihood=4,
        impact=5,
        residual_likelihood=2,
        residual_impact=2,
        review_on=date(2026, 6, 30),
        actions_text="Bố trí cán bộ dự phòng",
        owner_unit=tree["unit"],
    )
    add(
        tree["commune"],
        kind="opportunity",
        treatment="pursue",
        description="Ứng dụng phần mềm một cửa mới",
        likelihood=3,
        impact=3,
        owner_user=personas["editor"],
        owner_unit=None,
    )
    action_from_risk(item=first, user=SYSTEM, today=date(2026, 3, 1))
    return tree["commune"]


# --- pages ---------------------------------------------------------------------------------------------------------


def test_the_register_shows_levels_scale_and_linked_actions(register, client_for):
    response = client_for("secretariat").get(register_url(register))
    page = response.content.decode()
    assert response.status_code == 200
    assert "20 · " in page and "4 × 5" in page  # level and scores of the first item
    assert "10-16" in page and "20-25" in page  # the scale
    assert "Bố trí cán bộ dự phòng" in page  # the linked action from the register
    assert reverse("reports:action-from-risk", args=[RiskItem.objects.first().pk]) in page


def test_the_register_page_has_bounded_queries(register, client_for, tree):
    client = client_for("secretariat")
    client.get(register_url(register))
    with CaptureQueriesContext(connection) as few:
        client.get(register_url(register))
    for n in range(10):
        add(tree["commune"], description=f"Rủi ro {n}", owner_unit=tree["unit"])
    with CaptureQueriesContext(connection) as many:
        client.get(register_url(register))
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 16


def test_the_viewer_sees_no_edit_or_action_buttons(register, client_for):
    page = client_for("viewer").get(register_url(register)).content.decode()
    assert reverse("objectives:risk-new", kwargs={"agency_pk": register.pk, "year": 2026}) not in page
    assert "from-risk" not in page


def test_bad_input_comes_back_in_vietnamese_and_nothing_is_saved(register, client_for):
    client = client_for("editor")
    client.cookies["django_language"] = "vi"
    data = {
        "kind": "opportunity",
        "description": "Cơ hội mới",
        "likelihood": "7",
        "impact": "2",
        "treatment": "reduce",
        "owner_unit": register.pk,
        "review_on": "31/02/2026",
    }
    response = client.post(register_url(register, name="objectives:risk-new"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nhập ngày theo dạng" in page or "dd/mm/yyyy" in page
    assert RiskItem.objects.count() == 2
    data.update(likelihood="2", review_on="30/06/2026")
    response = client.post(register_url(register, name="objectives:risk-new"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert "cơ hội" in response.content.decode()  # the treatment does not suit an opportunity
    assert RiskItem.objects.count() == 2


def test_a_stale_form_is_refused_and_keeps_the_users_text(register, client_for):
    item = RiskItem.objects.get(kind="opportunity")
    url = reverse("objectives:risk-edit", args=[item.pk])
    data = {
        "kind": "opportunity",
        "description": "Sửa của tôi",
        "likelihood": "2",
        "impact": "2",
        "treatment": "pursue",
        "owner_user": item.owner_user_id,
        "lock_version": item.lock_version,
    }
    risks.risk_update(item=item, user=SYSTEM, lock_version=item.lock_version, likelihood=5)
    response = client_for("editor").post(url, data)
    assert response.status_code == 400 and "Sửa của tôi" in response.content.decode()
    item.refresh_from_db()
    assert (item.description, item.likelihood) == ("Ứng dụng phần mềm một cửa mới", 5)


def test_copy_forward_asks_then_merges_only_when_confirmed(register, client_for, tree):
    add(tree["commune"], year=2027, description="Đã có")
    client = client_for("secretariat")
    url = register_url(register, 2027, "objectives:risk-copy-forward")
    assert "2 " in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 400
    assert RiskItem.objects.filter(year=2027).count() == 1
    assert client.post(url, {"merge": "on"}).status_code == 302
    assert RiskItem.objects.filter(year=2027).count() == 3


def test_the_button_creates_a_pre_filled_action(register, client_for):
    item = RiskItem.objects.get(kind="opportunity")
    response = client_for("secretariat").post(reverse("reports:action-from-risk", args=[item.pk]))
    created = CorrectiveAction.objects.get(risk=item)
    assert response.status_code == 302 and response["Location"] == reverse("reports:action-edit", args=[created.pk])
    assert created.title.startswith("Pursue the opportunity") or created.title.startswith("Tận dụng cơ hội")


# --- print -----------------------------------------------------------------------------------------------------------


def test_the_pdf_is_the_table_agencies_keep(register):
    pdf = printing.register_pdf(printing.build(register, 2026, today=date(2026, 3, 5)))
    if os.environ.get("LAYOUT_DUMP"):
        Path(os.environ["LAYOUT_DUMP"], "risks.pdf").write_bytes(pdf)
    text = pdftotext(pdf)
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat and "Độc lập - Tự do - Hạnh phúc" in flat
    assert "ỦY BAN NHÂN DÂN" in flat and "XÃ PHƯỚC AN" in flat
    assert "Phước An, ngày 05 tháng 3 năm 2026" in flat
    assert "BẢNG NHẬN DIỆN, ĐÁNH GIÁ, GIẢI QUYẾT RỦI RO VÀ CƠ HỘI" in flat and "Năm 2026" in flat
    assert "I. RỦI RO" in flat and "II. CƠ HỘI" in flat
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in flat
    assert "2×2=4(thấp)" in flat.replace(" ", "")  # the level after treatment, hand-computed (a narrow cell)
    assert "30/06/2026" in flat and "Phòng Kinh tế" in flat
    assert "1-4 thấp; 5-9 trung bình; 10-16 cao; 20-25 rất cao" in flat
    assert "Lê Văn Minh" in flat  # the head signs
    # The action opened from the planned line adds its status to that line instead of repeating it.
    assert flat.count("Bố trí cán bộ dự phòng") == 1 and "Bố trí cán bộ dự phòng (mới mở)" in flat
    assert overflowing_words(pdf) == []
    assert [f for f in table_faults(pdf) if f[1] == "no bottom border"] == []


def test_a_long_register_repeats_its_header_row_and_numbers_its_pages(register, tree):
    for n in range(30):
        add(tree["commune"], description=f"Rủi ro số {n + 1} về tiếp nhận hồ sơ trực tuyến ngoài giờ hành chính")
    pdf = printing.register_pdf(printing.build(register, 2026, today=date(2026, 3, 5)))
    if os.environ.get("LAYOUT_DUMP"):
        Path(os.environ["LAYOUT_DUMP"], "risks_long.pdf").write_bytes(pdf)
    pages = page_count(pdf)
    assert pages >= 2
    first, second = pdftotext(pdf, 1, layout=True), pdftotext(pdf, 2, layout=True)
    assert "Rủi ro / cơ hội" in second and "Trách nhiệm" in second  # the header row again
    assert not re.match(r"\s*\d+\s*\n", first)  # no number on page 1
    assert re.match(r"\s*2\s*\n", second)  # "2" centred in the top margin of page 2
    last = " ".join(pdftotext(pdf, pages).split())
    # The signers are never alone on the last page: the legend and the last row (the opportunity) go with them.
    assert "NGƯỜI LẬP BẢNG" in last and "Thang đánh giá" in last and "Ứng dụng phần mềm một cửa mới" in last


def test_the_excel_file_reads_back(register):
    from openpyxl import load_workbook

    from objectives.risks import excel

    data = excel.to_bytes(excel.register_workbook(printing.build(register, 2026, today=date(2026, 3, 5))))
    sheet = load_workbook(io.BytesIO(data)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[1][0] == printing.TITLE
    header = next(row for row in values if row[0] == "TT")
    assert header[6] == "Mức độ (K × A)"
    first = next(row for row in values if row[0] == 1)
    assert (first[4], first[5], first[6], first[7]) == (4, 5, 20, "rất cao")
    assert first[12] == "2 × 2 = 4 (thấp)"
    assert any(row[1] == "20-25: rất cao" for row in values)


def test_the_download_views_answer_with_files(register, client_for):
    client = client_for("viewer")
    pdf = client.get(register_url(register, name="objectives:risk-pdf"))
    xlsx = client.get(register_url(register, name="objectives:risk-xlsx"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "rui-ro-co-hoi-pa-2026.xlsx" in xlsx["Content-Disposition"]


GOOD = {"kind": "risk", "description": "Mất dữ liệu", "likelihood": "2", "impact": "3", "treatment": "reduce"}


@pytest.mark.parametrize(
    "field, value",
    [
        ("description", "Rủi ro " * 400),  # over 2,000 characters
        ("description", '<script>alert("x")</script>Hồ sơ'),
        ("cause", "Nguyên nhân\x07"),
        ("likelihood", "0"),
        ("impact", "abc"),
        ("kind", "threat"),
        ("treatment", "pursue"),
        ("residual_likelihood", "3"),  # without the residual impact
        ("review_on", "2026-13-45"),
        ("owner_unit", "999999"),
        ("objectives", "999999"),
    ],
)
def test_each_bad_value_is_refused_with_a_message_and_nothing_changes(register, client_for, field, value):
    client = client_for("editor")
    before = list(RiskItem.objects.order_by("pk").values())
    data = {**GOOD, "owner_unit": register.pk, field: value}
    response = client.post(register_url(register, name="objectives:risk-new"), data, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode() or "alert-danger" in response.content.decode()
    assert list(RiskItem.objects.order_by("pk").values()) == before


def test_a_good_form_saves_nfc_text(register, client_for):
    import unicodedata

    data = {**GOOD, "owner_unit": register.pk, "description": unicodedata.normalize("NFD", "Mất dữ liệu số hóa")}
    response = client_for("editor").post(register_url(register, name="objectives:risk-new"), data)
    assert response.status_code == 302
    assert RiskItem.objects.filter(description=unicodedata.normalize("NFC", "Mất dữ liệu số hóa")).exists()


def test_editing_keeps_links_to_objectives_an_amendment_replaced(register, client_for):
    decision = RiskItem.objects.get(kind="risk").objectives.get().decision
    for step in (decision_services.decision_submit, decision_services.decision_approve):
        step(user=SYSTEM, decision=decision)
    decision_services.decision_issue(user=SYSTEM, decision=decision, number=5, issued_on=date(2026, 1, 5))
    amendment = decision_services.decision_amend(decision=decision, user=SYSTEM)
    decision_services.decision_submit(user=SYSTEM, decision=amendment)
    decision_services.decision_approve(user=SYSTEM, decision=amendment)
    decision_services.decision_issue(user=SYSTEM, decision=amendment, number=9, issued_on=date(2026, 4, 1))
    item = RiskItem.objects.get(kind="risk")
    old = item.objectives.get()
    client = client_for("secretariat")
    url = reverse("objectives:risk-edit", args=[item.pk])
    page = client.get(url).content.decode()
    assert f'value="{old.pk}"' in page and "checked" in page
    data = {
        "kind": "risk",
        "description": item.description,
        "likelihood": "4",
        "impact": "5",
        "treatment": "reduce",
        "owner_unit": item.owner_unit_id,
        "objectives": [old.pk],
        "lock_version": item.lock_version,
    }
    assert client.post(url, data).status_code == 302
    assert list(item.objectives.all()) == [old]


def test_the_action_page_links_back_to_the_register(register, client_for):
    action = CorrectiveAction.objects.get()
    page = client_for("secretariat").get(reverse("reports:action-detail", args=[action.pk])).content.decode()
    assert register_url(register) in page and "Hồ sơ trễ hạn do thiếu nhân sự" in page
