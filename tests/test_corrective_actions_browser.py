"""Issue 13's corrective action journey in a real browser, one quarter after another:

1. the unit head submits the third quarter with a missed target (its cause and action);
2. the secretariat accepts it: one corrective action opens, pre-filled from what the unit head wrote;
3. a month later the action is overdue: it is in the register and in its owner's (the unit head's) inbox;
4. the owner attaches an evidence file and marks it done: it waits in the secretariat's inbox;
5. the fourth quarter's report meets the target; the secretariat sees that result beside its effectiveness
   check, verifies the action effective, and the dashboard counts it as closed;
6. the secretariat opens the management review of the year and compiles its inputs: the action is counted as
   verified effective.

The test is one function whose steps are separate functions over one `Story`. The clock moves between the steps (every
"today" of the app comes from django.utils.timezone.localdate). Screenshots go to test-artifacts/."""

from dataclasses import dataclass
from datetime import date

import pytest
from browser import Journey, journey, needs_chromium
from reports_factories import commune_and_unit

from reports.actions.inbox import ACTION_OVERDUE, ACTION_TO_VERIFY
from reports.actions.models import ActionEvidence, ActionSource, ActionStatus, CorrectiveAction
from reports.models import Report, ReportStatus

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CAUSE = "Hệ thống một cửa gián đoạn ba ngày."
ACTION = "Bố trí cán bộ dự phòng, theo dõi hồ sơ hằng ngày."
DONE_NOTE = "Đã phân công 02 cán bộ dự phòng từ tháng 11."
CHECK_NOTE = "Quý IV đạt 99,0%: hành động có hiệu lực."


@dataclass
class Story:
    j: Journey
    clock: "Clock"
    tree: dict
    targets: dict
    evidence_path: str
    action: CorrectiveAction | None = None

    @property
    def page(self):
        return self.j.page

    @property
    def unit(self) -> int:
        return self.tree["unit"].pk

    def target(self, label: str) -> int:
        return self.targets[label].pk


class Clock:
    """The app's date (timezone.localdate() without an argument), moved by the story."""

    def __init__(self, monkeypatch, today: date):
        from django.utils import timezone

        self.today = today
        real = timezone.localdate

        def localdate(value=None, timezone=None):
            return self.today if value is None else real(value, timezone)

        monkeypatch.setattr(timezone, "localdate", localdate)


def _fill_report(story: Story, on_time: tuple[str, str], *, missed: bool) -> None:
    page = story.page
    on_time_pk = story.target("Đúng hạn PKT")
    page.fill(f"#id_t{on_time_pk}-numerator", on_time[0])
    page.fill(f"#id_t{on_time_pk}-denominator", on_time[1])
    page.fill(f"#id_t{story.target('Sáng kiến PKT')}-value", "1")
    docs = story.target("Văn bản điện tử")
    page.fill(f"#id_t{docs}-numerator", "12")
    page.fill(f"#id_t{docs}-denominator", "12")
    if missed:
        page.fill(f"#id_t{on_time_pk}-cause", CAUSE)
        page.fill(f"#id_t{on_time_pk}-action", ACTION)


def _accept(story: Story, period: str) -> None:
    story.j.login("secretariat")
    story.j.go(f"/reports/{story.unit}/2026/{period}/")
    story.page.click("form[action$='/accept/'] button")
    story.page.wait_for_load_state()
    assert Report.objects.get(agency=story.tree["unit"], period=period).status == ReportStatus.ACCEPTED


def step_1_the_unit_head_submits_a_missed_target(story: Story) -> None:
    story.clock.today = date(2026, 10, 8)
    j, page = story.j, story.page
    j.login("unit_head")
    j.go(f"/reports/{story.unit}/2026/Q3/")
    _fill_report(story, ("1.140", "1.200"), missed=True)  # 95% against ">= 98%"
    row = page.locator(".report-row").first
    assert row.locator("[data-role=met] .text-bg-danger").count() == 1
    page.click("button[value=submit]")
    page.wait_for_load_state()
    j.shot("q3-submitted")
    assert Report.objects.get(period="Q3").status == ReportStatus.SUBMITTED
    assert not CorrectiveAction.objects.exists()  # only an accepted report opens actions


def step_2_the_secretariat_accepts_it_and_an_action_opens(story: Story) -> None:
    story.clock.today = date(2026, 10, 9)
    _accept(story, "Q3")
    action = CorrectiveAction.objects.get()
    assert (action.source, action.target_id, action.agency_id) == (
        ActionSource.MISSED_TARGET,
        story.target("Đúng hạn PKT"),
        story.unit,
    )
    assert (action.title, action.cause_analysis, action.owner) == (ACTION, CAUSE, None)
    assert action.due_on == date(2026, 11, 8)  # a month after the acceptance
    story.action = action


def step_3_overdue_it_is_in_the_register_and_the_owners_inbox(story: Story) -> None:
    story.clock.today = date(2026, 11, 12)
    j, page, pk = story.j, story.page, story.action.pk
    j.go("/reports/actions/")  # still the secretariat
    row = page.locator("tbody tr", has=page.locator(f"a[href='/reports/actions/{pk}/']"))
    assert row.count() == 1 and "quá hạn" in row.inner_text()
    j.shot("register")

    j.login("unit_head")
    j.go("/")
    group = page.locator(f"[data-inbox-group={ACTION_OVERDUE}]")
    assert "Hành động khắc phục quá hạn" in group.inner_text()
    page.wait_for_selector("[data-nav-inbox]")  # the navigation count, loaded by htmx
    assert int(page.locator("[data-nav-inbox]").first.get_attribute("data-nav-inbox")) >= 1
    j.shot("owner-inbox")
    group.locator(f"a[href='/reports/actions/{pk}/']").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/reports/actions/{pk}/")


def step_4_the_owner_marks_it_done_with_evidence(story: Story) -> None:
    page = story.page  # the unit head, on the action's page
    page.set_input_files("input[name=files]", story.evidence_path)
    page.click("form[action$='/evidence/'] button")
    page.wait_for_load_state()
    assert ActionEvidence.objects.filter(action=story.action).count() == 1
    assert page.locator("a[href^='/reports/actions/evidence/']", has_text="bien-ban-phan-cong.pdf").count() == 1
    page.fill("#note-done", DONE_NOTE)
    page.click("form[action$='/step/done/'] button")
    page.wait_for_load_state()
    story.j.shot("done")
    story.action.refresh_from_db()
    assert (story.action.status, story.action.result_note) == (ActionStatus.DONE, DONE_NOTE)
    story.j.go("/")
    assert page.locator(f"[data-inbox-group={ACTION_OVERDUE}]").count() == 0  # no longer overdue: done

    story.j.login("secretariat")
    story.j.go("/")
    assert page.locator(f"[data-inbox-group={ACTION_TO_VERIFY}] a[href='/reports/actions/{story.action.pk}/']").count()


def step_5_after_the_next_quarter_the_secretariat_verifies_it(story: Story) -> None:
    j, page, pk = story.j, story.page, story.action.pk
    story.clock.today = date(2027, 1, 6)
    j.login("unit_head")
    j.go(f"/reports/{story.unit}/2026/Q4/")
    assert page.locator("#open-actions-title").count() == 0  # the unit's open actions: none, it is done
    _fill_report(story, ("1.188", "1.200"), missed=False)  # 99%
    page.click("button[value=submit]")
    page.wait_for_load_state()
    assert Report.objects.get(period="Q4").status == ReportStatus.SUBMITTED
    story.clock.today = date(2027, 1, 7)
    _accept(story, "Q4")
    assert CorrectiveAction.objects.count() == 1  # a met target opens nothing

    j.go(f"/reports/actions/{pk}/")
    main = page.locator("main").inner_text()
    assert "Quý IV 2026" in main and "99,0%" in main  # the next result, beside the check
    j.shot("secretariat-check")
    page.fill("#note-effective", CHECK_NOTE)
    page.click("form[action$='/step/effective/'] button")
    page.wait_for_load_state()
    j.shot("verified")
    story.action.refresh_from_db()
    assert (story.action.status, story.action.verification_note) == (ActionStatus.EFFECTIVE, CHECK_NOTE)

    j.go(f"/reports/dashboard/{story.tree['commune'].pk}/2026/")
    row = page.locator(f"[data-action-unit='{story.unit}']")
    cells = {name: row.locator(f"[data-count={name}]").inner_text() for name in ("open", "to_verify", "closed")}
    assert cells == {"open": "0", "to_verify": "0", "closed": "1"}
    j.shot("dashboard")
    row.locator("[data-count=closed] a").click()
    page.wait_for_load_state()
    assert page.locator(f"tbody a[href='/reports/actions/{pk}/']").count() == 1


def step_6_the_management_review_of_the_year_shows_it(story: Story) -> None:
    j, page = story.j, story.page
    story.clock.today = date(2027, 1, 12)
    commune = story.tree["commune"].pk
    j.go(f"/reports/reviews/new/{commune}/")
    page.fill("input[name=year]", "2026")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    page.click("form[action$='/compile/'] button")
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "Tổng số hành động khắc phục: 1 (Có hiệu lực: 1)." in main
    assert "Quá hạn chưa hoàn thành: 0. Đã đánh giá có hiệu lực: 1; không có hiệu lực: 0." in main
    j.shot("management-review")


def test_a_missed_target_is_tracked_to_a_verified_action(live_server, personas, tree, monkeypatch, tmp_path):
    evidence = tmp_path / "bien-ban-phan-cong.pdf"
    evidence.write_bytes(PDF)
    targets = commune_and_unit(tree["commune"], tree["unit"])
    with journey(live_server, "actions") as j:
        j.page.on("dialog", lambda dialog: dialog.accept())
        story = Story(j, Clock(monkeypatch, date(2026, 10, 8)), tree, targets, str(evidence))
        step_1_the_unit_head_submits_a_missed_target(story)
        step_2_the_secretariat_accepts_it_and_an_action_opens(story)
        step_3_overdue_it_is_in_the_register_and_the_owners_inbox(story)
        step_4_the_owner_marks_it_done_with_evidence(story)
        step_5_after_the_next_quarter_the_secretariat_verifies_it(story)
        step_6_the_management_review_of_the_year_shows_it(story)
        j.assert_no_console_errors()
