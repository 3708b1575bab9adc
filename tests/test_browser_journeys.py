"""Journeys in a real browser: what officials do, click by click, with screenshots in test-artifacts/."""

from pathlib import Path

import pytest
from browser import journey, needs_chromium

from objectives.models import Decision, DecisionStatus, Target

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
SAMPLE = (Path(__file__).parent / "import_corpus" / "2026_phuoc_an_table.txt").read_text(encoding="utf-8")


def test_it_imports_a_pasted_decision_into_a_matching_draft(live_server, personas, tree):
    with journey(live_server, "import") as j:
        j.login("editor")
        page = j.go("/decisions/import/")
        page.select_option("select[name=agency]", str(tree["commune"].pk))
        page.fill("textarea[name=text]", SAMPLE)
        j.shot("pasted")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        j.shot("after-read")
        page.wait_for_selector("#src-1")
        j.shot("preview")
        assert page.locator("#src-1").count() == 1
        page.click("main form button[type=submit]")
        page.wait_for_url("**/editor/")
        j.shot("draft")
        j.assert_no_console_errors()
    decision = Decision.objects.get()
    assert decision.status == DecisionStatus.DRAFT and decision.year == 2026
    assert decision.objectives.count() == 8 and decision.sections.count() == 2
    assert Target.objects.filter(objective__decision=decision).count() == 8
    assert decision.signer_name == "Lê Văn Minh"


def add_objective(page, content: str) -> None:
    page.click("#new-objective >> text=/Thêm mục tiêu|Add an objective/")
    page.fill("form.objective-form textarea[name=content]", content)
    page.click("form.objective-form button[type=submit]")
    page.wait_for_selector(f"article:has-text('{content}')")


def add_target(page, objective: str, value: str, label: str) -> None:
    # htmx must have processed the card (added by the previous swap) before its link is clicked, else the
    # click is a plain navigation and the form never arrives in the card.
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    card = page.locator(f"article:has-text('{objective}')")
    card.locator("a[href*='/targets/new/']").click()
    # The form arrives by htmx; on a loaded machine the swap settles after the first lookup (seen on CI-like
    # runs as "element was detached"), so wait until nothing is in flight.
    page.wait_for_load_state("networkidle")
    # ... and until htmx has finished swapping and settling it (no element in a swapping or settling state).
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")
    form = page.locator("form.target-form")
    form.locator("input[name=label]").wait_for(state="visible")
    form.locator("input[name=label]").fill(label)
    form.locator("select[name=comparator]").select_option(">=")
    form.locator("input[name=value]").fill(value)
    page.wait_for_load_state("networkidle")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"li:has-text('{label}')")


def test_it_takes_a_new_decision_from_draft_to_a_printed_pdf(live_server, personas, tree, tmp_path):
    from pypdf import PdfReader

    with journey(live_server, "decision") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("editor")
        j.go("/decisions/new/")
        page.select_option("main select[name=agency]", str(tree["commune"].pk))
        page.fill("main input[name=year]", "2027")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/editor/")
        add_objective(page, "Hồ sơ thủ tục hành chính được giải quyết đúng hạn.")
        add_objective(page, "Mức độ hài lòng của người dân, doanh nghiệp.")
        add_objective(page, "Kết quả giải quyết thủ tục hành chính được số hóa.")
        add_target(page, "giải quyết đúng hạn", "98", "Hồ sơ đúng hạn")
        add_target(page, "giải quyết đúng hạn", "60", "Hồ sơ trực tuyến toàn trình")
        add_target(page, "hài lòng", "95,5", "Mức độ hài lòng")
        add_target(page, "số hóa", "80", "Kết quả được số hóa")
        j.shot("editor")
        page.click("text=/Trình thẩm định|Submit for review/")
        page.wait_for_url("**/decisions/*/")
        j.shot("submitted")

        j.login("leader")
        decision = Decision.objects.get(year=2027)
        j.go(f"/decisions/{decision.pk}/")
        page.click("main button:has-text('Phê duyệt'), main button:has-text('Approve')")
        page.wait_for_selector("input[name=number]")
        page.fill("input[name=number]", "7")
        page.fill("input[name=issued_on]", "05/01/2027")  # typed as dd/mm/yyyy whatever the browser locale
        j.shot("approved")
        page.click("main form button:has-text('Ban hành'), main form button:has-text('Issue')")
        page.wait_for_selector("text=Số: 07/QĐ-UBND")
        j.shot("issued")

        j.login("secretariat")
        j.go(f"/decisions/{decision.pk}/")
        page.click("main a[href*='/print/decision/']")
        with page.expect_download() as download:
            page.click("main a[href$='/pdf/']")
        path = tmp_path / "decision.pdf"
        download.value.save_as(path)
        j.shot("print-page")
        j.assert_no_console_errors()

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED and decision.number == 7
    assert decision.objectives.count() == 3 and Target.objects.filter(objective__decision=decision).count() == 4
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert "Số: 07/QĐ-UBND" in text and "ngày 05 tháng 01 năm 2027" in text
    assert "Mức độ hài lòng của người dân, doanh nghiệp." in text and "95,5%" in text


def test_it_enrols_a_leader_in_two_factor_log_in_and_logs_in_with_a_code_and_a_recovery_code(
    live_server, personas, settings
):
    """Production mode: the leader is sent to enrolment, scans the server-drawn QR code, keeps the recovery codes,
    then logs in again with a code from the app and once with a recovery code."""
    import base64

    from django_otp.plugins.otp_totp.models import TOTPDevice
    from test_two_factor import code_for

    settings.TWO_FACTOR_ROLES = ["leader", "secretariat", "admin"]
    with journey(live_server, "two-factor") as j:
        page = j.page
        j.login("leader")
        page.wait_for_url("**/accounts/two-factor/**")
        assert page.evaluate("document.getElementById('two-factor-qr').naturalWidth") > 100  # the SVG was drawn
        device = TOTPDevice.objects.get(user=personas["leader"], confirmed=False)
        shown = page.inner_text("#two-factor-secret").replace(" ", "")
        assert shown == base64.b32encode(device.bin_key).decode().rstrip("=")
        j.shot("enrol")
        page.fill("main input[name=code]", code_for(device))
        page.click("main form button[type=submit]")
        page.wait_for_selector("#recovery-codes")
        codes = [c.strip() for c in page.locator("#recovery-codes li").all_inner_texts()]
        assert len(codes) == 10
        j.shot("recovery-codes")
        page.click("main a.btn-primary")
        page.wait_for_selector("text=Đăng xuất", state="attached")

        page.click("nav a.dropdown-toggle:has(.bi-person-circle)")
        page.click("nav button:has-text('Đăng xuất')")
        page.wait_for_url("**/accounts/login/**")
        j.login("leader")
        page.wait_for_url("**/accounts/two-factor/verify/**")
        j.shot("asked-for-code")
        page.fill("main input[name=code]", code_for(device, 1))
        page.click("main form button[type=submit]")
        page.wait_for_selector("nav .dropdown-toggle")
        assert "/accounts/" not in page.url

        j.login("leader")
        page.wait_for_url("**/accounts/two-factor/verify/**")
        page.fill("main input[name=code]", codes[0])
        page.click("main form button[type=submit]")
        page.wait_for_selector("text=còn lại 9 mã")
        j.shot("recovery-code-used")
        j.assert_no_console_errors()
