"""Browser journeys of the inbox and notifications: a returned decision as its editor sees it, the inbox
of each role after each step, a notification e-mail's link opening the right page, and automated
accessibility checks (axe-core, bundled in axe-playwright-python, run in the page) on the main pages."""

import re
from decimal import Decimal

import pytest
from browser import journey, needs_chromium
from django.core import mail
from reports_factories import RATE

from objectives import services
from objectives.models import Decision, DecisionStatus

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def draft(tree, personas):
    return services.decision_build(
        agency=tree["commune"],
        year=2027,
        user=personas["editor"],
        data={
            "signer_title": "CHỦ TỊCH",
            "objectives": [
                {"content": "Hồ sơ giải quyết đúng hạn", "targets": [RATE | {"comparator": ">=", "value": Decimal(98)}]}
            ],
        },
    )


def nav_count(page) -> int:
    badge = page.wait_for_selector("#nav-inbox [data-nav-inbox]")
    return int(badge.get_attribute("data-nav-inbox"))


def inbox_groups(page) -> dict[str, int]:
    page.wait_for_selector("#inbox")
    groups = {}
    for group in page.query_selector_all("#inbox [data-inbox-group]"):
        groups[group.get_attribute("data-inbox-group")] = len(group.query_selector_all("li"))
    return groups


def test_each_role_sees_its_work_move_and_the_returned_editor_sees_why(live_server, personas, tree):
    decision = draft(tree, personas)
    with journey(live_server, "inbox") as j:
        page = j.page
        page.on("dialog", lambda dialog: dialog.accept())
        j.login("editor")
        j.go("/")
        assert inbox_groups(page) == {} and nav_count(page) == 0
        j.go(f"/decisions/{decision.pk}/editor/")
        page.click("text=/Trình thẩm định/")
        page.wait_for_url(f"**/decisions/{decision.pk}/")

        j.login("secretariat")
        j.go("/")
        assert inbox_groups(page) == {"decision_to_review": 1} and nav_count(page) == 1
        j.shot("secretariat-inbox")
        page.click("#inbox a[href$='/decisions/%d/']" % decision.pk)
        page.fill("textarea[name=comment]", "Bổ sung chỉ tiêu số hóa hồ sơ")
        page.click("button[data-step=return]")
        page.wait_for_selector("#returned-banner")
        j.go("/")
        assert inbox_groups(page) == {} and nav_count(page) == 0

        j.login("editor")
        j.go("/")
        assert inbox_groups(page) == {"decision_returned": 1} and nav_count(page) == 1
        assert "Bổ sung chỉ tiêu số hóa hồ sơ" in page.inner_text("#inbox")
        j.shot("editor-inbox-returned")
        page.click("#inbox a[href$='/decisions/%d/']" % decision.pk)
        assert "Bổ sung chỉ tiêu số hóa hồ sơ" in page.inner_text("#returned-banner")
        j.go(f"/decisions/{decision.pk}/editor/")
        assert "Bổ sung chỉ tiêu số hóa hồ sơ" in page.inner_text("#returned-banner")
        j.shot("editor-returned-banner")
        page.click("text=/Trình thẩm định/")
        page.wait_for_url(f"**/decisions/{decision.pk}/")
        assert page.query_selector("#returned-banner") is None

        j.login("secretariat")
        j.go(f"/decisions/{decision.pk}/")
        page.click("button[data-step=review]")
        page.wait_for_selector("#reviewed-banner")
        assert "Đã thẩm định" in page.inner_text("main")
        assert page.query_selector("button[data-step=review]") is None
        j.shot("reviewed")

        j.login("leader")
        j.go("/")
        assert inbox_groups(page) == {"decision_to_approve": 1}
        j.go(f"/decisions/{decision.pk}/")
        page.click("button[data-step=approve]")
        page.wait_for_selector("#issue-form")
        j.go("/")
        assert inbox_groups(page) == {"decision_to_issue": 1}
        j.go(f"/decisions/{decision.pk}/")
        page.fill("input[name=number]", "7")
        page.fill("input[name=issued_on]", "05/01/2027")
        page.click("#issue-form button[type=submit]")
        page.wait_for_selector("text=Số: 07/QĐ-UBND")
        j.go("/")
        assert inbox_groups(page) == {} and nav_count(page) == 0
        j.assert_no_console_errors()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED


def test_a_notification_e_mail_link_opens_the_decision(live_server, personas, tree, settings):
    settings.SITE_URL = live_server.url
    decision = draft(tree, personas)
    mail.outbox.clear()
    services.decision_submit(decision=decision, user=personas["editor"])  # autocommit: the e-mail goes at once
    message = next(m for m in mail.outbox if m.to == ["secretariat@example.invalid"])
    link = re.search(re.escape(live_server.url) + r"/\S+", message.body).group(0)
    with journey(live_server, "notification-link") as j:
        j.login("secretariat")
        j.page.goto(link)
        j.page.wait_for_url(f"**/decisions/{decision.pk}/")
        assert "Hồ sơ giải quyết đúng hạn" in j.page.inner_text("main")
        j.go("/inbox/notifications/")
        assert j.page.query_selector("[data-notification=decision_submitted][data-unread]") is None
        j.shot("notification-read")
        j.assert_no_console_errors()


def test_the_main_pages_pass_automated_accessibility_checks(live_server, personas, tree):
    from axe_playwright_python.sync_playwright import Axe

    decision = draft(tree, personas)
    services.decision_submit(decision=decision, user=personas["editor"])
    services.decision_return(decision=decision, user=personas["secretariat"], comment="Bổ sung")
    objective = decision.objectives.get()
    from reports_factories import commune_and_unit

    commune_and_unit(tree["commune"], tree["unit"], 2026)
    commune, unit = tree["commune"].pk, tree["unit"].pk
    pages = {
        "editor": [
            "/",
            f"/decisions/{decision.pk}/",
            f"/decisions/{decision.pk}/editor/",
            "/decisions/",
            "/inbox/notifications/",
            "/inbox/settings/",
            f"/decisions/{decision.pk}/history/",
            f"/decisions/{decision.pk}/objectives/{objective.pk}/targets/new/",
            "/agencies/",
            f"/print/decision/{decision.pk}/",
        ],
        "secretariat": [
            "/",
            "/reports/review/",
            "/inbox/notifications/",
            f"/reports/grid/{commune}/2026/",
            f"/reports/dashboard/{commune}/2026/",
            f"/reports/year-end/{commune}/2026/",
            "/print/batches/",
        ],
        "unit_head": ["/", "/reports/?year=2026", f"/reports/{unit}/2026/Q1/"],
    }
    axe = Axe()
    problems = []
    with journey(live_server, "axe") as j:
        for persona, paths in pages.items():
            j.login(persona)
            for path in paths:
                j.go(path)
                j.page.wait_for_load_state("networkidle")
                results = axe.run(j.page, options=WCAG_AA)
                for violation in results.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{persona} {path}: {violation['id']} ({violation['impact']}) {targets}")
    assert not problems, "\n".join(problems)
    assert Decision.objects.filter(pk=decision.pk).exists()


@pytest.mark.parametrize("width", [1300, 390])
def test_charts_of_every_frequency_are_readable_on_desktop_and_phone(live_server, personas, tree, width):
    from reports_factories import COUNT, issue_decision

    issue_decision(
        tree["commune"],
        2026,
        [
            RATE | {"label": "Quý", "comparator": ">=", "value": Decimal(98)},
            RATE | {"label": "Sáu tháng", "comparator": ">=", "value": Decimal(90), "frequency": "half_yearly"},
            COUNT | {"label": "Năm", "comparator": ">=", "value": Decimal(3), "frequency": "yearly"},
        ],
    )
    with journey(live_server, f"charts-{width}") as j:
        j.page.set_viewport_size({"width": width, "height": 900})
        j.login("secretariat")
        j.go(f"/reports/dashboard/{tree['commune'].pk}/2026/")
        j.page.wait_for_selector(".chart-box canvas")
        sizes = j.page.eval_on_selector_all(
            ".chart-box canvas", "cs => cs.map(c => [c.id, c.clientWidth, c.clientHeight])"
        )
        j.shot("dashboard")
        j.assert_no_console_errors()
    assert len(sizes) == 3
    for chart_id, w, h in sizes:
        assert h >= 200 and w >= min(300, width - 60), (chart_id, w, h)


def focused(page, attribute: str) -> str:
    """The focused element's attribute, once htmx has settled (polled for up to 10 s, as a loaded machine needs:
    the CSP forbids wait_for_function)."""
    import time

    value = ""
    for _attempt in range(100):
        value = page.evaluate(f"() => document.activeElement ? document.activeElement.{attribute} : ''")
        if value:
            return value
        time.sleep(0.1)
    return value


def test_focus_follows_the_inline_editor(live_server, personas, tree):
    decision = draft(tree, personas)
    with journey(live_server, "focus") as j:
        j.login("editor")
        page = j.go(f"/decisions/{decision.pk}/editor/")
        page.click("#new-objective >> text=/Thêm mục tiêu/")
        page.wait_for_selector("form.objective-form textarea[name=content]")
        assert focused(page, "name") == "content"
        page.fill("form.objective-form textarea[name=content]", "Mục tiêu mới")
        page.click("form.objective-form button[type=submit]")
        page.wait_for_selector("article:has-text('Mục tiêu mới')")
        assert focused(page, "id") == "objectives"
        j.assert_no_console_errors()
