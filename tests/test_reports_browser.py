"""The issue's "done when" journey in a real browser: the unit head submits a quarter with a missed target
(seeing "not met" as they type), the secretariat returns it, the unit head fixes and resubmits, the
secretariat accepts it and the dashboard changes. Screenshots go to test-artifacts/."""

from datetime import date

import pytest
from browser import journey, needs_chromium
from reports_factories import commune_and_unit

from reports import views
from reports.models import Report, ReportStatus

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_it_walks_a_missed_target_from_submission_to_the_dashboard(live_server, personas, tree, monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 22))
    targets = commune_and_unit(tree["commune"], tree["unit"])
    unit, commune = tree["unit"].pk, tree["commune"].pk
    on_time, docs = targets["Đúng hạn PKT"].pk, targets["Văn bản điện tử"].pk
    with journey(live_server, "reports") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("unit_head")
        j.go("/reports/")
        page.click(f"a[href='/reports/{unit}/2026/Q3/']")
        page.fill(f"#id_t{on_time}-numerator", "1.140")
        page.fill(f"#id_t{on_time}-denominator", "1.200")
        row = page.locator(".report-row").first
        assert "95" in row.locator("[data-role=result]").inner_text()
        assert row.locator("[data-role=met] .text-bg-danger").count() == 1  # "not met", computed as typed
        assert row.locator("[data-role=needed-hint]").first.is_visible()
        page.fill(f"#id_t{docs}-numerator", "12")
        page.fill(f"#id_t{docs}-denominator", "12")
        page.fill(f"#id_t{targets['Sáng kiến PKT'].pk}-value", "1")
        j.shot("typed")
        page.click("button[value=submit]")
        page.wait_for_load_state()
        assert page.locator(f"#id_t{on_time}-numerator").input_value() == "1.140"  # kept, nothing saved
        assert not Report.objects.exists()
        page.fill(f"#id_t{on_time}-cause", "Hệ thống một cửa gián đoạn ba ngày.")
        page.fill(f"#id_t{on_time}-action", "Bố trí cán bộ dự phòng, theo dõi hồ sơ hằng ngày.")
        page.click("button[value=submit]")
        page.wait_for_load_state()
        j.shot("submitted")
        assert Report.objects.get().status == ReportStatus.SUBMITTED

        j.login("secretariat")
        j.go("/reports/review/")
        page.click(f"a[href='/reports/{unit}/2026/Q3/']")
        page.fill("textarea[name=return-comment]", "Bổ sung minh chứng số liệu hồ sơ trễ hạn.")
        page.click("form[action$='/return/'] button")
        page.wait_for_load_state()
        assert Report.objects.get().status == ReportStatus.RETURNED

        j.login("unit_head")
        j.go("/reports/")
        assert page.locator("text=Bổ sung minh chứng số liệu hồ sơ trễ hạn.").count() == 1
        j.go(f"/reports/{unit}/2026/Q3/")
        page.fill(f"#id_t{on_time}-evidence", "Trích xuất Hệ thống một cửa ngày 05/10/2026.")
        page.click("button[value=submit]")
        page.wait_for_load_state()

        j.login("secretariat")
        j.go(f"/reports/dashboard/{commune}/2026/")
        assert page.locator("text=95,0%").count() == 0
        j.go(f"/reports/{unit}/2026/Q3/")
        page.click("form[action$='/accept/'] button")
        page.wait_for_load_state()
        j.go(f"/reports/dashboard/{commune}/2026/")
        page.wait_for_selector(f"#chart-target-{targets['Đúng hạn'].pk}")
        assert page.locator("text=95,0%").count() >= 1
        j.shot("dashboard")
        j.assert_no_console_errors()
    assert Report.objects.get().status == ReportStatus.ACCEPTED
