"""The risk register in a real browser: the secretariat adds a risk with its scores and treatment, sees its level
and the scale, opens a pre-filled corrective action from it, and finds the action listed on the register.
Screenshots go to test-artifacts/."""

import pytest
from browser import journey, needs_chromium

from agencies.permissions import SYSTEM
from objectives import services as decision_services
from objectives.risks.models import RiskItem
from reports.actions.models import CorrectiveAction

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]


def test_a_risk_is_scored_and_treated_by_an_action(live_server, personas, tree):
    commune = tree["commune"]
    decision_services.decision_build(
        user=SYSTEM,
        agency=commune,
        year=2026,
        data={
            "objectives": [
                {
                    "content": "Hồ sơ giải quyết đúng hạn",
                    "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}],
                }
            ]
        },
    )
    with journey(live_server, "risks") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("secretariat")
        j.go(f"/decisions/risks/{commune.pk}/2026/")
        page.click(f"a[href='/decisions/risks/{commune.pk}/2026/new/']")
        page.select_option("select[name=kind]", "risk")
        page.fill("textarea[name=description]", "Hồ sơ trễ hạn do thiếu nhân sự cuối năm")
        page.check("input[name=objectives]")
        page.select_option("select[name=likelihood]", "4")
        page.select_option("select[name=impact]", "5")
        page.select_option("select[name=treatment]", "reduce")
        page.fill("textarea[name=actions_text]", "Bố trí cán bộ dự phòng")
        page.select_option("select[name=owner_unit]", str(tree["unit"].pk))
        page.fill("input[name=review_on]", "30/06/2026")
        page.select_option("select[name=residual_likelihood]", "2")
        page.select_option("select[name=residual_impact]", "4")
        j.shot("form")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        item = RiskItem.objects.get()
        assert (item.level, item.residual_level) == (20, 8)
        body = page.inner_text("main")
        assert "20 · rất cao" in body and "8 · trung bình" in body and "10-16 cao" in body
        j.shot("register")
        page.click(f"form[action='/reports/actions/from-risk/{item.pk}/'] button")
        page.wait_for_load_state()
        action = CorrectiveAction.objects.get()
        assert action.risk == item and page.url.endswith(f"/reports/actions/{action.pk}/edit/")
        j.go(f"/decisions/risks/{commune.pk}/2026/")
        assert "Bố trí cán bộ dự phòng (mới mở)" in page.inner_text(
            "main"
        ) or "Bố trí cán bộ dự phòng" in page.inner_text("main")
        j.shot("register-with-action")
        j.assert_no_console_errors()
