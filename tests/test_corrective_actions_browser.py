"""The corrective action journey in a real browser: a missed target in an accepted report → the action in
the register and on the unit head's report form → the unit head marks it done with an evidence file → the
secretariat sees the next quarter's result beside its effectiveness check and verifies it. Screenshots go to
test-artifacts/."""

from datetime import date
from decimal import Decimal

import pytest
from browser import journey, needs_chromium
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from reports import services, views
from reports.actions.models import ActionEvidence, ActionStatus, CorrectiveAction
from reports.services import LineInput

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _accept(tree, targets, period, numerator):
    t = targets
    lines = {
        t["Đúng hạn PKT"].pk: LineInput(
            numerator=Decimal(numerator),
            denominator=Decimal(100),
            cause="Hệ thống một cửa gián đoạn",
            action="Bố trí cán bộ dự phòng",
        ),
        t["Sáng kiến PKT"].pk: LineInput(value=Decimal(1)),
        t["Văn bản điện tử"].pk: LineInput(numerator=Decimal(5), denominator=Decimal(5)),
    }
    report = services.report_save(
        agency=tree["unit"], year=2026, period=period, user=SYSTEM, lines=lines, submit=True, today=date(2026, 11, 22)
    )
    services.report_accept(report=report, user=SYSTEM)


def test_a_missed_target_is_tracked_to_a_verified_action(live_server, personas, tree, monkeypatch, tmp_path):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 22))
    targets = commune_and_unit(tree["commune"], tree["unit"])
    _accept(tree, targets, "Q3", 95)
    action = CorrectiveAction.objects.get()
    evidence = tmp_path / "bien-ban-phan-cong.pdf"
    evidence.write_bytes(PDF)
    with journey(live_server, "actions") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("unit_head")
        j.go(f"/reports/{tree['unit'].pk}/2026/Q4/")
        assert page.locator("#open-actions-title").count() == 1
        page.click(f"a[href='/reports/actions/{action.pk}/']")
        j.shot("unit-head-detail")
        page.fill("#note-done", "Đã phân công 02 cán bộ dự phòng.")
        page.set_input_files("input[name=files]", str(evidence))
        page.click("form[action$='/evidence/'] button")
        page.wait_for_load_state()
        assert ActionEvidence.objects.count() == 1
        page.fill("#note-done", "Đã phân công 02 cán bộ dự phòng.")
        page.click("form[action$='/step/done/'] button")
        page.wait_for_load_state()
        assert CorrectiveAction.objects.get().status == ActionStatus.DONE

        _accept(tree, targets, "Q4", 99)  # the next quarter meets the target
        j.login("secretariat")
        j.go("/reports/actions/")
        j.shot("register")
        page.click(f"a[href='/reports/actions/{action.pk}/']")
        assert "Quý IV 2026" in page.locator("main").inner_text()
        j.shot("secretariat-check")
        page.fill("#note-effective", "Quý IV đạt 99%: có hiệu lực.")
        page.click("form[action$='/step/effective/'] button")
        page.wait_for_load_state()
        j.shot("verified")
        j.assert_no_console_errors()
    action.refresh_from_db()
    assert (action.status, action.verification_note) == (ActionStatus.EFFECTIVE, "Quý IV đạt 99%: có hiệu lực.")
