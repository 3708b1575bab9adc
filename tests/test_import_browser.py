"""In a real browser: a pasted decision whose objectives cannot be found is flagged in a red box, saved with
what was found, and completed by hand in the editor (screenshots in test-artifacts/)."""

import pytest
from browser import journey, needs_chromium

from objectives.models import Decision

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]

NO_LIST = (
    "ỦY BAN NHÂN DÂN\nXÃ PHƯỚC AN\nSố: 12/QĐ-UBND\nPhước An, ngày 05 tháng 01 năm 2026\nQUYẾT ĐỊNH\n"
    "Về việc ban hành Mục tiêu chất lượng năm 2026\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2026.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n"
    "CHỦ TỊCH\nNguyễn Văn An\n"
)


def test_a_decision_without_objectives_is_flagged_saved_and_completed_by_hand(live_server, personas, tree):
    with journey(live_server, "import-no-objectives") as j:
        j.login("editor")
        page = j.go("/decisions/import/")
        page.select_option("select[name=agency]", str(tree["commune"].pk))
        page.fill("textarea[name=text]", NO_LIST)
        page.click("main button[type=submit]")
        page.wait_for_selector("#no-objectives")
        alarm = page.locator("#no-objectives")
        assert alarm.is_visible() and "Không tìm thấy mục tiêu" in alarm.inner_text()
        # it is the first thing on the page, above the warnings and the form
        assert alarm.bounding_box()["y"] < page.locator("main form").first.bounding_box()["y"]
        j.shot("flagged")
        page.click("main form button[type=submit]")
        page.wait_for_url("**/editor/")
        page.click("#new-objective >> text=/Thêm mục tiêu|Add an objective/")
        page.fill("form.objective-form textarea[name=content]", "Hồ sơ giải quyết đúng hạn đạt 98%.")
        page.click("form.objective-form button[type=submit]")
        page.wait_for_selector("article:has-text('Hồ sơ giải quyết đúng hạn đạt 98%.')")
        j.shot("completed-by-hand")
        j.assert_no_console_errors()
    decision = Decision.objects.get()
    assert decision.signer_name == "Nguyễn Văn An" and decision.year == 2026
    assert list(decision.objectives.values_list("content", flat=True)) == ["Hồ sơ giải quyết đúng hạn đạt 98%."]
