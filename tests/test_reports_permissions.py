"""Who may do what in the reports app, per persona and page: 404 outside one's reach, 403 for what one
may see but not do, and anonymous visitors go to the log-in page."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from reports import services, views
from reports.models import Report, ReportStatus

# Only reminder e-mails reach the outbox (conftest.reminder_mail_only).
pytestmark = pytest.mark.usefixtures("reminder_mail_only")

PERSONAS = ["anonymous", "outsider", "editor", "unit_head", "secretariat", "leader", "viewer"]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 22))


@pytest.fixture
def setup(tree):
    targets = commune_and_unit(tree["commune"], tree["unit"])
    li = services.LineInput
    report = services.report_save(
        agency=tree["unit"],
        year=2026,
        period="Q2",
        user=SYSTEM,
        submit=True,
        today=date(2026, 7, 5),
        lines={
            targets["Đúng hạn PKT"].pk: li(numerator=Decimal(99), denominator=Decimal(100)),
            targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
            targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
        },
    )
    return {"targets": targets, "report": report, "unit": tree["unit"].pk, "commune": tree["commune"].pk}


def expect(persona: str, table: dict[str, int]) -> int:
    return table.get(persona, table.get("*"))


GET_PAGES = {
    # name: (url builder, {persona: status}); "*" is everyone else who is logged in.
    "my reports": (lambda s: reverse("reports:my-reports"), {"anonymous": 302, "*": 200}),
    "report": (
        lambda s: reverse("reports:report", args=[s["unit"], 2026, "Q3"]),
        {"anonymous": 302, "outsider": 404, "editor": 404, "*": 200},
    ),
    "review queue": (lambda s: reverse("reports:review-queue"), {"anonymous": 302, "secretariat": 200, "*": 403}),
    "status grid": (
        lambda s: reverse("reports:status-grid", args=[s["commune"], 2026]),
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "secretariat": 200, "*": 403},
    ),
    "status grid excel": (
        lambda s: reverse("reports:status-grid", args=[s["commune"], 2026]) + "?format=xlsx",
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "secretariat": 200, "*": 403},
    ),
    "status grid home": (
        lambda s: reverse("reports:status-grid-home"),
        {"anonymous": 302, "secretariat": 302, "*": 403},
    ),
    "due dates": (
        lambda s: reverse("reports:due-dates", args=[s["commune"], 2026]),
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "secretariat": 200, "*": 403},
    ),
    "dashboard of the commune": (
        lambda s: reverse("reports:dashboard", args=[s["commune"], 2026]),
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "*": 200},
    ),
    "dashboard of the unit": (
        lambda s: reverse("reports:dashboard", args=[s["unit"], 2026]),
        {"anonymous": 302, "outsider": 404, "editor": 404, "*": 200},
    ),
    "dashboard home": (lambda s: reverse("reports:dashboard-home"), {"anonymous": 302, "*": 302}),
    "year-end report": (
        lambda s: reverse("reports:year-end", args=[s["commune"], 2026]),
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "*": 200},
    ),
    "year-end excel": (
        lambda s: reverse("reports:year-end", args=[s["commune"], 2026]) + "?format=xlsx",
        {"anonymous": 302, "outsider": 404, "unit_head": 404, "*": 200},
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", list(GET_PAGES))
def test_it_shows_each_page_only_to_those_who_may_see_it(client_for, setup, persona, page):
    url, table = GET_PAGES[page]
    response = client_for(persona).get(url(setup))
    assert response.status_code == expect(persona, table), (page, persona)
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("editor", 404),
        ("unit_head", 302),
        ("secretariat", 403),
        ("leader", 403),
        ("viewer", 403),
    ],
)
def test_it_lets_only_the_unit_head_write_the_report(client_for, setup, persona, status):
    t = setup["targets"]["Đúng hạn PKT"].pk
    response = client_for(persona).post(
        reverse("reports:report", args=[setup["unit"], 2026, "Q3"]),
        {
            "lock_version": "0",
            "action": "save",
            f"t{t}-numerator": "1",
            f"t{t}-denominator": "2",
        },
    )
    assert response.status_code == status
    assert Report.objects.filter(period="Q3").exists() == (persona == "unit_head")


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("editor", 404),
        ("unit_head", 403),
        ("secretariat", 302),
        ("leader", 403),
        ("viewer", 403),
    ],
)
def test_it_lets_only_the_secretariat_accept_return_and_reopen(client_for, setup, persona, status):
    report = setup["report"]
    args = [setup["unit"], 2026, "Q2"]
    response = client_for(persona).post(
        reverse("reports:report-accept", args=args), {"accept-comment": "", "accept-lock_version": report.lock_version}
    )
    assert response.status_code == status
    report.refresh_from_db()
    assert (report.status == ReportStatus.ACCEPTED) == (persona == "secretariat")
    response = client_for(persona).post(
        reverse("reports:report-reopen", args=args),
        {"reopen-comment": "Sai số", "reopen-lock_version": report.lock_version},
    )
    assert response.status_code == status
    report.refresh_from_db()
    # Reopening sends the accepted report back to the unit; for anyone else it stays submitted.
    assert report.status == (ReportStatus.RETURNED if persona == "secretariat" else ReportStatus.SUBMITTED)


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("editor", 404),
        ("unit_head", 403),
        ("secretariat", 302),
        ("leader", 403),
        ("viewer", 403),
    ],
)
def test_it_lets_only_the_secretariat_return_a_submitted_report(client_for, setup, persona, status):
    report = setup["report"]
    response = client_for(persona).post(
        reverse("reports:report-return", args=[setup["unit"], 2026, "Q2"]),
        {"return-comment": "Sai số", "return-lock_version": report.lock_version},
    )
    assert response.status_code == status
    report.refresh_from_db()
    assert report.status == (ReportStatus.RETURNED if persona == "secretariat" else ReportStatus.SUBMITTED)


@pytest.mark.parametrize(
    "persona,status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("editor", 403),
        ("unit_head", 404),
        ("secretariat", 302),
        ("leader", 403),
        ("viewer", 403),
    ],
)
@pytest.mark.django_db(transaction=True)  # the e-mail leaves after commit
def test_it_lets_only_the_secretariat_send_reminders_and_set_due_dates(client_for, setup, persona, status, mailoutbox):
    remind = reverse("reports:grid-remind", args=[setup["commune"], 2026])
    assert client_for(persona).post(remind, {"cell": f"{setup['unit']}:Q3"}).status_code == status
    assert len(mailoutbox) == (1 if persona == "secretariat" else 0)
    due = reverse("reports:due-dates", args=[setup["commune"], 2026])
    response = client_for(persona).post(due, {"Q4": "2027-01-15"})
    assert response.status_code == status


def test_it_shows_the_review_actions_only_to_the_secretariat(client_for, setup):
    url = reverse("reports:report", args=[setup["unit"], 2026, "Q2"])
    assert "reports/%d/2026/Q2/accept/" % setup["unit"] in client_for("secretariat").get(url).content.decode()
    for persona in ("unit_head", "leader", "viewer"):
        assert "/accept/" not in client_for(persona).get(url).content.decode()
