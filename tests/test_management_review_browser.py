"""The management review in a real browser: the secretariat opens the review, compiles the inputs, compiles again
after confirming, fills in the meeting and a decision, records the meeting as held and turns the decision into a
corrective action; the leader approves the minutes. Screenshots go to test-artifacts/."""

from datetime import date
from decimal import Decimal

import pytest
from browser import journey, needs_chromium
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from reports import services as report_services
from reports.actions.models import ActionSource, CorrectiveAction
from reports.review.models import ManagementReview, ReviewInputs, ReviewStatus
from reports.services import LineInput

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_the_secretariat_prepares_and_the_leader_approves_the_review(live_server, personas, tree):
    targets = commune_and_unit(tree["commune"], tree["unit"])
    lines = {
        targets["Đúng hạn PKT"].pk: LineInput(
            numerator=Decimal(95), denominator=Decimal(100), cause="Gián đoạn", action="Bố trí dự phòng"
        ),
        targets["Sáng kiến PKT"].pk: LineInput(value=Decimal(1)),
        targets["Văn bản điện tử"].pk: LineInput(numerator=Decimal(5), denominator=Decimal(5)),
    }
    report = report_services.report_save(
        agency=tree["unit"], year=2026, period="Q3", user=SYSTEM, lines=lines, submit=True, today=date(2026, 11, 22)
    )
    report_services.report_accept(report=report, user=SYSTEM)
    with journey(live_server, "review") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("secretariat")
        j.go(f"/reports/reviews/new/{tree['commune'].pk}/")
        page.fill("input[name=year]", "2026")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        review = ManagementReview.objects.get()
        page.click("form[action$='/compile/'] button")
        page.wait_for_load_state()
        assert "95,0% (95/100)" in page.locator("main").inner_text()
        page.click("form[action$='/compile/'] button")  # again: the confirmation dialog is accepted
        page.wait_for_load_state()
        assert ReviewInputs.objects.count() == 2
        j.go(f"/reports/reviews/{review.pk}/edit/")
        page.fill("input[name=meeting_date]", "20/11/2026")
        page.select_option("select[name=chair]", str(personas["leader"].pk))
        page.select_option("select[name=secretary]", str(personas["secretariat"].pk))
        page.fill("textarea[name=conclusions]", "Hệ thống duy trì phù hợp.")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        page.fill("textarea[name=text]", "Cập nhật quy trình một cửa")
        page.fill("input[name=responsible]", "Phòng Kinh tế")
        page.click("form[action$='/decisions/'] button")
        page.wait_for_load_state()
        page.click("button[data-step=hold]")
        page.wait_for_load_state()
        assert ManagementReview.objects.get().status == ReviewStatus.HELD
        j.shot("held")
        page.click("a[href$='/action/']")
        page.select_option("select[name=agency]", str(tree["unit"].pk))
        page.fill("input[name=due_on]", "31/01/2027")
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        action = CorrectiveAction.objects.get(source=ActionSource.REVIEW)
        assert "/reports/actions/" in page.url
        j.shot("action")
        j.login("leader")
        j.go(f"/reports/reviews/{review.pk}/")
        assert f"#{action.pk}" in page.locator("main").inner_text()
        page.click("button[data-step=close]")
        page.wait_for_load_state()
        j.shot("closed")
        j.assert_no_console_errors()
    assert ManagementReview.objects.get().status == ReviewStatus.CLOSED
