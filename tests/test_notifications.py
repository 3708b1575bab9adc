"""Notifications of every workflow step: the right people are told once, in the app and by e-mail sent
after the step commits, in their language, with a link built from SITE_URL; e-mail can be turned off."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from reports_factories import RATE, commune_and_unit

from objectives import services as objective_services
from reports import services as report_services
from reports.inbox import services as inbox_services
from reports.inbox.models import Notification, NotificationEmail, NotificationKind
from reports.models import Report

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://qms.example.gov.vn"


def draft(tree, editor):
    return objective_services.decision_build(
        agency=tree["commune"],
        year=2027,
        user=editor,
        data={
            "signer_title": "CHỦ TỊCH",
            "objectives": [
                {"content": "Hồ sơ đúng hạn", "targets": [RATE | {"comparator": ">=", "value": Decimal(98)}]}
            ],
        },
    )


def told(kind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_each_decision_step_tells_the_right_people_once(tree, personas, django_capture_on_commit_callbacks):
    editor, secretariat, leader = personas["editor"], personas["secretariat"], personas["leader"]
    decision = draft(tree, editor)
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=editor)
    assert told(NotificationKind.DECISION_SUBMITTED) == {"secretariat"}
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_review(decision=decision, user=secretariat, comment="Đạt")
    assert told(NotificationKind.DECISION_REVIEWED) == {"leader", "editor"}
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_return(decision=decision, user=leader, comment="Sửa mục tiêu 1")
    assert told(NotificationKind.DECISION_RETURNED) == {"editor"}
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=editor)
        objective_services.decision_approve(decision=decision, user=leader)
    assert told(NotificationKind.DECISION_APPROVED) == {"editor", "secretariat"}
    with django_capture_on_commit_callbacks(execute=True):
        issued = objective_services.decision_issue(decision=decision, user=leader, number=5, issued_on=date(2027, 1, 5))
    assert told(NotificationKind.DECISION_ISSUED) == {"editor", "secretariat"}
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_amend(decision=issued, user=editor)
    assert told(NotificationKind.DECISION_AMENDED) == {"secretariat", "leader"}
    # Two submissions, each told once; the viewer, the unit head and the outsider are never told.
    assert Notification.objects.filter(kind=NotificationKind.DECISION_SUBMITTED).count() == 2
    assert not Notification.objects.filter(recipient__username__in=["viewer", "unit_head", "outsider"]).exists()
    # One e-mail per notification, each to its recipient.
    assert len(mail.outbox) == Notification.objects.count() == 1 + 2 + 1 + 1 + 2 + 2 + 2
    assert NotificationEmail.objects.count() == 11


def test_each_report_step_tells_the_right_people(tree, personas, django_capture_on_commit_callbacks):
    targets = commune_and_unit(tree["commune"], tree["unit"], 2026)
    head, secretariat = personas["unit_head"], personas["secretariat"]
    lines = {
        t.pk: report_services.LineInput(numerator=Decimal(100), denominator=Decimal(100))
        if t.measurement == "ratio"
        else report_services.LineInput(value=Decimal(2))
        for t in targets.values()
        if t.objective.decision.agency_id == tree["unit"].pk
    }
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_save(agency=tree["unit"], year=2026, period="Q1", user=head, lines=lines, today=TODAY)
    assert Notification.objects.count() == 0  # a draft save tells nobody
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_save(
            agency=tree["unit"], year=2026, period="Q1", user=head, lines=lines, submit=True, today=TODAY
        )
    assert told(NotificationKind.REPORT_SUBMITTED) == {"secretariat"}
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_return(report=report, user=secretariat, comment="Thiếu minh chứng")
    assert told(NotificationKind.REPORT_RETURNED) == {"unit_head"}
    report = report_services.report_save(
        agency=tree["unit"], year=2026, period="Q1", user=head, lines=lines, submit=True, today=TODAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.report_accept(report=report, user=secretariat)
    assert told(NotificationKind.REPORT_ACCEPTED) == {"unit_head"}
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_reopen(report=Report.objects.get(pk=report.pk), user=secretariat, reason="Sai số liệu")
    assert told(NotificationKind.REPORT_REOPENED) == {"unit_head"}
    returned = Notification.objects.get(kind=NotificationKind.REPORT_RETURNED)
    assert returned.comment == "Thiếu minh chứng"


def test_the_e_mail_is_sent_only_after_the_step_commits(tree, personas, django_capture_on_commit_callbacks):
    decision = draft(tree, personas["editor"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        objective_services.decision_submit(decision=decision, user=personas["editor"])
    assert mail.outbox == []  # the step is done, the transaction has not committed: nothing sent
    assert Notification.objects.filter(recipient=personas["secretariat"]).count() == 1
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["secretariat@example.invalid"]]


def test_the_e_mail_is_vietnamese_links_to_site_url_and_opens_the_decision(
    tree, personas, client_for, django_capture_on_commit_callbacks
):
    decision = draft(tree, personas["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=personas["editor"])
    message = mail.outbox[0]
    assert message.subject == "Quyết định được trình thẩm định: quyết định năm 2027 của Ủy ban nhân dân xã Phước An"
    assert message.body.startswith("Kính gửi Ông/Bà Người secretariat,")
    assert "Người thực hiện: Người editor" in message.body
    assert "Mở tại đây:" in message.body
    link = re.search(r"https://qms\.example\.gov\.vn(/\S+)", message.body).group(1)
    notification = Notification.objects.get(recipient=personas["secretariat"])
    assert link == reverse("inbox:open", args=[notification.pk])
    response = client_for("secretariat").get(link)
    assert response.status_code == 302
    assert response["Location"] == reverse("objectives:decision-detail", args=[decision.pk])
    notification.refresh_from_db()
    assert notification.is_read
    # Someone else's notification is not found.
    assert client_for("leader").get(link).status_code == 404


def test_it_never_sends_the_same_notification_twice(tree, personas, django_capture_on_commit_callbacks):
    decision = draft(tree, personas["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=personas["editor"])
    ids = list(Notification.objects.values_list("pk", flat=True))
    assert inbox_services.send_emails(ids) == 0
    assert inbox_services.send_emails(ids) == 0
    assert len(mail.outbox) == 1


def test_a_user_can_turn_off_one_kind_of_e_mail_and_choose_english(
    tree, personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for("secretariat")
    on = [k for k in NotificationKind.values if k != NotificationKind.DECISION_SUBMITTED]
    response = client.post(reverse("inbox:settings"), {"language": "en", "email_on": on})
    assert response.status_code == 302
    decision = draft(tree, personas["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=personas["editor"])
    assert mail.outbox == []  # turned off ...
    assert Notification.objects.filter(recipient=personas["secretariat"]).count() == 1  # ... but shown in the app
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_approve(decision=decision, user=personas["leader"])
    assert sorted(m.to[0] for m in mail.outbox) == ["editor@example.invalid", "secretariat@example.invalid"]
    english = next(m for m in mail.outbox if m.to == ["secretariat@example.invalid"])
    assert english.subject.startswith("A decision was approved: decision 2027 of")
    assert "Open it here:" in english.body
    vietnamese = next(m for m in mail.outbox if m.to == ["editor@example.invalid"])
    assert vietnamese.subject.startswith("Quyết định đã được phê duyệt")


def test_the_list_shows_unread_first_and_marks_them_read(
    tree, personas, client_for, django_capture_on_commit_callbacks
):
    decision = draft(tree, personas["editor"])
    objective_services.decision_submit(decision=decision, user=personas["editor"])
    client = client_for("secretariat")
    page = client.get(reverse("inbox:notifications")).content.decode()
    assert 'data-notification="decision_submitted"' in page
    assert "1 thông báo chưa đọc." in page
    assert 'data-nav-unread="1"' in client.get(reverse("inbox:badge")).content.decode()
    client.post(reverse("inbox:read"))
    assert "0 thông báo chưa đọc." in client.get(reverse("inbox:notifications")).content.decode()
    assert "data-nav-unread" not in client.get(reverse("inbox:badge")).content.decode()


def test_the_settings_refuse_an_unknown_language(tree, personas, client_for):
    response = client_for("editor").post(reverse("inbox:settings"), {"language": "fr", "email_on": []})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_a_failed_send_is_retried_by_the_cron_job_and_then_never_again(
    tree, personas, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.management import call_command

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(inbox_services, "send_mail", broken)
    decision = draft(tree, personas["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        objective_services.decision_submit(decision=decision, user=personas["editor"])
    assert mail.outbox == [] and not NotificationEmail.objects.exists()  # nothing recorded: it will be retried
    monkeypatch.undo()
    call_command("send_notifications")
    assert [m.to for m in mail.outbox] == [["secretariat@example.invalid"]]
    call_command("send_notifications")
    assert len(mail.outbox) == 1
