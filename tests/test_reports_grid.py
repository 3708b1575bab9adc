"""The secretariat's status grid: every status with its colour, icon and text, due dates set for a
subtree, and reminders sent from the grid."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from reports_factories import RATE, commune_and_unit, issue_decision

from agencies import services as agency_services
from agencies.permissions import SYSTEM
from reports import selectors, services, views
from reports.models import ProgressStatus, Reminder

# Only reminder e-mails reach the outbox (conftest.reminder_mail_only).
pytestmark = pytest.mark.usefixtures("reminder_mail_only")

TODAY = date(2026, 11, 22)
li = services.LineInput


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: TODAY)


@pytest.fixture
def units(tree, personas):
    """PKT (the unit head's unit) and three more units of the commune, each with a linked decision."""
    targets = commune_and_unit(tree["commune"], tree["unit"])
    made = {"PKT": (tree["unit"], targets["Đúng hạn PKT"], targets)}
    for number, code in enumerate(["VP", "VHXH", "TTHCC"], start=31):
        unit = agency_services.agency_create(
            code=f"PA-{code}", name=f"Đơn vị {code}", kind="unit", parent=tree["commune"]
        )
        target = issue_decision(
            unit,
            2026,
            [
                RATE
                | {
                    "label": f"Đúng hạn {code}",
                    "comparator": ">=",
                    "value": Decimal(98),
                    "parent_target": targets["Đúng hạn"],
                }
            ],
            number=number,
        )
        made[code] = (unit, target.objectives.get().targets.get(), None)
    return made


def save(unit, target, period, *, submit=True, extra=None):
    lines = {target.pk: li(numerator=Decimal(99), denominator=Decimal(100))} | (extra or {})
    return services.report_save(
        agency=unit, year=2026, period=period, user=SYSTEM, lines=lines, submit=submit, today=date(2026, 12, 31)
    )


def pkt_lines(targets):
    return {
        targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
        targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
    }


def test_it_shows_each_status_in_the_grid(tree, units):
    pkt, vp, vhxh, tthcc = units["PKT"], units["VP"], units["VHXH"], units["TTHCC"]
    services.report_accept(report=save(pkt[0], pkt[1], "Q3", extra=pkt_lines(pkt[2])), user=SYSTEM)
    save(vp[0], vp[1], "Q3")
    services.report_return(report=save(vhxh[0], vhxh[1], "Q4"), user=SYSTEM, comment="Sửa")
    save(tthcc[0], tthcc[1], "Q4", submit=False)
    grid = selectors.status_grid(tree["commune"], 2026, TODAY)
    cells = {(row.name, cell.period): cell.badge for row in grid.rows for cell in row.cells if cell}
    assert cells[("Phòng Kinh tế xã Phước An", "Q3")].status == ProgressStatus.ACCEPTED
    assert cells[("Đơn vị VP", "Q3")].status == ProgressStatus.SUBMITTED
    assert cells[("Đơn vị VHXH", "Q3")].status == ProgressStatus.LATE  # due 10/10, nothing submitted
    assert cells[("Đơn vị VHXH", "Q4")].status == ProgressStatus.RETURNED
    assert cells[("Đơn vị TTHCC", "Q4")].status == ProgressStatus.DRAFT
    assert cells[("Đơn vị VP", "Q4")].status == ProgressStatus.NOT_STARTED
    assert grid.columns == ["Q1", "Q2", "Q3", "Q4", "Y"]  # the commune reports its own yearly target
    # A late returned report says so, and every badge has an icon and a text, not only a colour.
    services.report_return(report=save(vp[0], vp[1], "Q2"), user=SYSTEM, comment="Sửa")
    late = selectors.status_grid(tree["commune"], 2026, TODAY)
    badge = next(c.badge for r in late.rows if r.name == "Đơn vị VP" for c in r.cells if c and c.period == "Q2")
    assert badge.status == ProgressStatus.LATE and badge.underlying == "returned"
    assert all(b.icon.startswith("bi-") and b.label for b in late.legend)


def test_it_renders_the_grid_with_text_and_icons_and_exports_it(client_for, tree, units):
    url = reverse("reports:status-grid", args=[tree["commune"].pk, 2026])
    page = client_for("secretariat").get(url).content.decode()
    assert "bi-exclamation-triangle-fill" in page and "Đơn vị TTHCC" in page
    assert f'value="{units["VP"][0].pk}:Q3"' in page  # a late cell can be picked for a reminder
    export = client_for("secretariat").get(url + "?format=xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_it_applies_a_due_date_to_the_whole_subtree_and_the_nearest_one_wins(tree, units, personas):
    secretariat = personas["secretariat"]
    services.due_date_set(agency=tree["commune"], year=2026, period="Q3", due_on=date(2026, 10, 25), user=secretariat)
    assert selectors.due_date(units["VP"][0], 2026, "Q3") == date(2026, 10, 25)
    services.due_date_set(agency=units["VP"][0], year=2026, period="Q3", due_on=date(2026, 11, 30), user=SYSTEM)
    assert selectors.due_date(units["VP"][0], 2026, "Q3") == date(2026, 11, 30)
    assert selectors.due_date(units["VHXH"][0], 2026, "Q3") == date(2026, 10, 25)
    assert selectors.due_date(tree["province"], 2026, "Q3") == date(2026, 10, 10)
    grid = selectors.status_grid(tree["commune"], 2026, TODAY)
    vp = next(r for r in grid.rows if r.name == "Đơn vị VP")
    assert next(c for c in vp.cells if c and c.period == "Q3").badge.status == ProgressStatus.NOT_STARTED


def test_it_saves_due_dates_from_the_form(client_for, tree, units):
    url = reverse("reports:due-dates", args=[tree["commune"].pk, 2026])
    response = client_for("secretariat").post(url, {"Q4": "15/01/2027"})
    assert response.status_code == 302
    assert selectors.due_date(units["VP"][0], 2026, "Q4") == date(2027, 1, 15)
    response = client_for("secretariat").post(url, {"Q4": "2020-01-01"})
    assert response.status_code == 200
    assert selectors.due_date(units["VP"][0], 2026, "Q4") == date(2027, 1, 15)


@pytest.mark.django_db(transaction=True)  # the e-mail leaves after commit
def test_it_sends_reminders_from_the_grid_to_unit_heads_once_a_day(client_for, tree, units, personas, mailoutbox):
    url = reverse("reports:grid-remind", args=[tree["commune"].pk, 2026])
    secretariat = client_for("secretariat")
    response = secretariat.post(url, {"all_late": "1"})
    assert response.status_code == 302
    # Only PKT has a unit head (the other late units are named in a warning instead); its three late
    # quarters go in one e-mail.
    assert [m.to for m in mailoutbox] == [["unit_head@example.invalid"]]
    assert "Phòng Kinh tế" in mailoutbox[0].subject
    for period in ("Q1", "Q2", "Q3"):
        assert reverse("reports:report", args=[tree["unit"].pk, 2026, period]) in mailoutbox[0].body
    secretariat.post(url, {"all_late": "1"})
    assert len(mailoutbox) == 1
    assert {r.sent_by for r in Reminder.objects.all()} == {personas["secretariat"]}
    assert Reminder.objects.count() == 3
    # Nothing is sent for reports already submitted.
    pkt = units["PKT"]
    save(pkt[0], pkt[1], "Q4", extra=pkt_lines(pkt[2]))
    secretariat.post(url, {"cell": f"{tree['unit'].pk}:Q4"})
    assert len(mailoutbox) == 1


def test_the_grid_is_compact_and_its_short_links_lead_to_the_reports(client_for, tree, units):
    """Issue 16: a cell is a link whose text is its status (no per-cell badge markup, icon or title);
    the due date is written once per column; the short link redirects to the report's page."""
    url = reverse("reports:status-grid", args=[tree["commune"].pk, 2026])
    client = client_for("secretariat")
    page = client.get(url).content.decode()
    vp = units["VP"][0].pk
    assert f'<td class="gl"><a href="{vp}/Q3/">' in page  # late: the class draws the red badge and icon
    assert 'class="badge' not in page.split("<tbody>")[1].split("</tbody>")[0]
    assert page.count("10/10/2026") == 1  # Q3's due date, in its column header only
    response = client.get(url + f"{vp}/Q3/")
    assert response.status_code == 302 and response["Location"] == reverse("reports:report", args=[vp, 2026, "Q3"])
    assert client.get(url + f"{vp}/Q9/").status_code == 404
