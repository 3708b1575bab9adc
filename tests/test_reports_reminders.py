"""The daily reminder job (`manage.py send_reminders`): before and after the due date, to the unit heads
of units that have not submitted, and never the same reminder twice."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation
from reports_factories import RATE, commune_and_unit, issue_decision

from agencies import services as agency_services
from agencies.models import Role
from agencies.permissions import SYSTEM
from reports import services
from reports.models import Reminder


@pytest.fixture
def targets(tree, personas):
    return commune_and_unit(tree["commune"], tree["unit"])


# The e-mails go out after the reminders' transaction commits (on_commit), as in production: these tests
# run in autocommit (a transactional test case) so that they see what a real run sends.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("reminder_mail_only")]


def run(day: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", day, stdout=out)
    return out.getvalue()


def test_it_reminds_the_unit_head_three_days_before_the_due_date_once(targets, mailoutbox):
    run("2026-10-06")
    assert mailoutbox == []  # four days before: not yet
    run("2026-10-07")
    assert [m.to for m in mailoutbox] == [["unit_head@example.invalid"]]
    assert "10/10/2026" in mailoutbox[0].subject
    run("2026-10-07")
    run("2026-10-08")
    assert len(mailoutbox) == 1
    assert Reminder.objects.get().kind == Reminder.Kind.BEFORE


def test_it_reminds_once_more_after_the_due_date(targets, mailoutbox):
    run("2026-10-07")
    run("2026-10-11")
    run("2026-10-12")
    assert len(mailoutbox) == 2
    assert "Overdue" in mailoutbox[1].subject or "Quá hạn" in mailoutbox[1].subject
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["before", "overdue"]


def test_it_does_not_remind_units_that_have_submitted(tree, targets, mailoutbox):
    li = services.LineInput
    services.report_save(
        agency=tree["unit"],
        year=2026,
        period="Q3",
        user=SYSTEM,
        submit=True,
        today=date(2026, 10, 1),
        lines={
            targets["Đúng hạn PKT"].pk: li(numerator=Decimal(9), denominator=Decimal(9)),
            targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
            targets["Văn bản điện tử"].pk: li(numerator=Decimal(1), denominator=Decimal(1)),
        },
    )
    run("2026-10-07")
    run("2026-10-11")
    assert mailoutbox == []


def test_it_writes_to_every_unit_head_of_the_late_unit_and_nobody_else(tree, targets, personas, mailoutbox):
    deputy = agency_services.user_create(username="deputy", password="secret-pass-123", email="deputy@example.invalid")
    agency_services.membership_add(user=deputy, agency=tree["unit"], role=Role.UNIT_HEAD)
    silent = agency_services.user_create(username="silent", password="secret-pass-123", email="")
    agency_services.membership_add(user=silent, agency=tree["unit"], role=Role.UNIT_HEAD)
    run("2026-10-11")
    assert sorted(m.to[0] for m in mailoutbox) == ["deputy@example.invalid", "unit_head@example.invalid"]


def test_it_names_late_units_without_a_unit_head(tree, targets, mailoutbox):
    unit = agency_services.agency_create(code="PA-VP", name="Văn phòng", kind="unit", parent=tree["commune"])
    issue_decision(
        unit,
        2026,
        [
            RATE
            | {"label": "Đúng hạn VP", "comparator": ">=", "value": Decimal(98), "parent_target": targets["Đúng hạn"]}
        ],
        number=40,
    )
    output = run("2026-10-11")
    assert "PA-VP" in output
    assert len(mailoutbox) == 1


def test_it_skips_dissolved_units(tree, targets, mailoutbox):
    agency_services.agency_dissolve(agency=tree["unit"], dissolved_on=date(2026, 9, 1))
    run("2026-10-11")
    assert mailoutbox == []


def test_it_records_nothing_when_sending_fails_so_the_next_run_retries(targets, mailoutbox, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(services.reminders, "send_mail", broken)
    with pytest.raises(CommandError):
        run("2026-10-11")
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    run("2026-10-12")
    assert len(mailoutbox) == 1


def test_it_sends_only_once_the_reminders_are_committed_and_nothing_if_they_roll_back(targets, mailoutbox):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        services.reminders_send_due(today=date(2026, 10, 11))
        assert Reminder.objects.count() == 1 and mailoutbox == []  # recorded, not yet sent
        raise Abandoned
    assert mailoutbox == [] and not Reminder.objects.exists()  # rolled back: nothing went out
    with transaction.atomic():
        run_ = services.reminders_send_due(today=date(2026, 10, 11))
        assert mailoutbox == []
    assert [m.to for m in mailoutbox] == [["unit_head@example.invalid"]]
    assert len(run_.sent) == 1 and run_.failed == 0


def test_it_writes_the_reminder_wholly_in_the_recipients_language_whatever_the_job_runs_in(targets, mailoutbox):
    with translation.override("en"):
        services.reminders_send_due(today=date(2026, 10, 11))
    mail = mailoutbox[0]
    assert mail.subject == "Quá hạn nộp báo cáo kết quả thực hiện Quý III 2026 của Phòng Kinh tế xã Phước An"
    assert "- Quý III 2026: hạn nộp ngày 10/10/2026, đã quá hạn (Quá hạn)\n" in mail.body
    for english in ("Quarter", "Late", "Overdue", "Dear", "due on", "progress report"):
        assert english not in mail.subject + mail.body, english
