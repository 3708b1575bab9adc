"""Reminders about corrective actions (`manage.py send_reminders`): to the owner three days before the due
date and once after it, never twice (recorded under a unique constraint before sending), retried when the
send failed, none for an action that is done."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agencies.permissions import SYSTEM
from reports.actions import services
from reports.actions.models import ActionReminder

# E-mails go out after the records commit (on_commit): autocommit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def run(day: str) -> str:
    """The command's summary in Vietnamese, as cron runs it, whatever language an earlier test left active."""
    out = StringIO()
    with translation.override("vi"):
        call_command("send_reminders", "--today", day, stdout=out)
    return out.getvalue()


@pytest.fixture
def action(tree, personas):
    return services.action_create(
        agency=tree["unit"],
        user=SYSTEM,
        title="Rà soát quy trình một cửa",
        due_on=date(2026, 12, 10),
        owner=personas["unit_head"],
    )


def test_it_reminds_the_owner_before_and_after_the_due_date_once_each(action, mailoutbox):
    run("2026-12-06")
    assert mailoutbox == []  # four days before: not yet
    out = run("2026-12-07")
    assert [m.to for m in mailoutbox] == [["unit_head@example.invalid"]]
    assert "10/12/2026" in mailoutbox[0].subject and "Rà soát quy trình một cửa" in mailoutbox[0].body
    assert "hành động khắc phục: đã gửi: 1; đã gửi trước đó: 0; lỗi: 0" in out
    run("2026-12-07")
    run("2026-12-09")
    assert len(mailoutbox) == 1  # never twice
    run("2026-12-11")
    assert len(mailoutbox) == 2 and "11/12/2026" not in mailoutbox[1].subject
    run("2026-12-12")
    assert len(mailoutbox) == 2
    assert sorted(ActionReminder.objects.values_list("kind", flat=True)) == ["before", "overdue"]


def test_it_sends_nothing_once_the_action_is_done(action, mailoutbox):
    services.action_step(action=action, user=SYSTEM, step="done", note="Đã rà soát")
    run("2026-12-11")
    assert mailoutbox == []


def test_it_goes_to_the_unit_heads_without_an_owner(tree, personas, mailoutbox):
    services.action_create(
        agency=tree["unit"], user=SYSTEM, title="Không có người phụ trách", due_on=date(2026, 12, 10)
    )
    run("2026-12-08")
    assert [m.to for m in mailoutbox] == [["unit_head@example.invalid"]]


def test_a_failed_send_is_retried_next_run(action, mailoutbox, monkeypatch):
    from reports.actions import reminders

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(CommandError):
        run("2026-12-08")
    assert ActionReminder.objects.count() == 0
    monkeypatch.undo()
    run("2026-12-08")
    assert len(mailoutbox) == 1 and ActionReminder.objects.count() == 1
