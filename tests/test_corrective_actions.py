"""Corrective actions (reports/actions/): a missed target in an accepted report opens one action (never a
second while one is open), the status moves only along its transitions and only for the right roles, evidence
is checked by content, the secretariat sees the next period's result beside its effectiveness check, the
register filters and exports, and the unit head's report form lists the unit's open actions."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from qms_portal.refusals import WorkflowError
from reports import services
from reports.actions import selectors
from reports.actions import services as actions
from reports.actions.models import ActionEvidence, ActionSource, ActionStatus, CorrectiveAction
from reports.services import LineInput

pytestmark = pytest.mark.usefixtures("complete_history")

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = date(2026, 11, 22)


@pytest.fixture
def client_for(client_for, settings):
    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def targets(tree):
    return commune_and_unit(tree["commune"], tree["unit"])


def accepted(tree, targets, period="Q3", on_time=("95", "100"), docs=("5", "5")):
    """The unit's report for the period, submitted and accepted: on time 95% misses ">= 98%"."""
    t = targets
    lines = {
        t["Đúng hạn PKT"].pk: LineInput(
            numerator=Decimal(on_time[0]),
            denominator=Decimal(on_time[1]),
            cause="Hệ thống một cửa gián đoạn",
            action="Bố trí người trực dự phòng",
        ),
        t["Sáng kiến PKT"].pk: LineInput(value=Decimal(1)),
        t["Văn bản điện tử"].pk: LineInput(numerator=Decimal(docs[0]), denominator=Decimal(docs[1])),
    }
    report = services.report_save(
        agency=tree["unit"], year=2026, period=period, user=SYSTEM, lines=lines, submit=True, today=TODAY
    )
    return services.report_accept(report=report, user=SYSTEM)


def test_accepting_a_report_opens_one_action_per_missed_target_prefilled(tree, targets):
    accepted(tree, targets)
    action = CorrectiveAction.objects.get()
    assert action.source == ActionSource.MISSED_TARGET
    assert action.target == targets["Đúng hạn PKT"]
    assert action.agency == tree["unit"]
    assert action.title == "Bố trí người trực dự phòng"
    assert action.cause_analysis == "Hệ thống một cửa gián đoạn"
    assert action.status == ActionStatus.OPEN
    assert action.due_on == timezone.localdate() + timedelta(days=30)
    assert action.history.count() == 1


def test_a_second_miss_does_not_open_a_second_action_while_one_is_open(tree, targets):
    accepted(tree, targets, "Q3")
    accepted(tree, targets, "Q4", on_time=("90", "100"))
    assert CorrectiveAction.objects.count() == 1
    # The database holds it too, whatever the code path.
    first = CorrectiveAction.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectiveAction.objects.create(
            agency=tree["unit"], source=ActionSource.MISSED_TARGET, target=first.target, title="x", due_on=TODAY
        )


def test_once_closed_a_new_miss_opens_a_new_action(tree, targets):
    accepted(tree, targets, "Q3")
    action = CorrectiveAction.objects.get()
    for step, note in (("done", "Đã bố trí"), ("not-effective", "Quý IV vẫn chưa đạt"), ("close", "")):
        actions.action_step(action=action, user=SYSTEM, step=step, note=note)
    accepted(tree, targets, "Q4", on_time=("90", "100"))
    assert list(CorrectiveAction.objects.values_list("status", flat=True).order_by("id")) == ["closed", "open"]


def test_it_moves_only_along_the_transitions_and_records_notes(tree, targets, personas):
    accepted(tree, targets)
    action = CorrectiveAction.objects.get()
    with pytest.raises(WorkflowError) as refused:
        actions.action_step(action=action, user=SYSTEM, step="effective", note="ok")
    assert refused.value.code == "wrong-status"
    with pytest.raises(ValidationError) as invalid:
        actions.action_step(action=action, user=personas["unit_head"], step="done", note="  ")
    assert "note" in invalid.value.message_dict
    actions.action_step(action=action, user=personas["unit_head"], step="start")
    actions.action_step(action=action, user=personas["unit_head"], step="done", note="Đã bố trí 2 người trực")
    # The unit head may not judge the effectiveness of their own action.
    with pytest.raises(PermissionDenied):
        actions.action_step(action=action, user=personas["unit_head"], step="effective", note="tốt")
    actions.action_step(action=action, user=personas["secretariat"], step="effective", note="Quý IV đạt 99%")
    action.refresh_from_db()
    assert action.status == ActionStatus.EFFECTIVE
    assert (action.result_note, action.verification_note) == ("Đã bố trí 2 người trực", "Quý IV đạt 99%")
    assert action.verified_by == personas["secretariat"]
    authors = list(action.history.order_by("history_id").values_list("history_username", flat=True))
    assert authors == ["", "unit_head", "unit_head", "secretariat"]
    with pytest.raises(TypeError):
        actions.action_step(action=action, user=None, step="close")


def test_the_secretariat_sees_the_next_periods_result_of_the_same_target(tree, targets, client_for):
    accepted(tree, targets, "Q3")
    action = CorrectiveAction.objects.get()
    assert selectors.next_result(action) is None
    accepted(tree, targets, "Q4", on_time=("99", "100"))
    line = selectors.next_result(action)
    assert (line.report.period, line.met, line.result) == ("Q4", True, Decimal("99"))
    page = client_for("secretariat").get(reverse("reports:action-detail", args=[action.pk])).content.decode()
    assert "Quarter IV 2026" in page and ">met<" in page


def test_evidence_is_checked_by_content_and_stored(tree, targets, client_for):
    accepted(tree, targets)
    action = CorrectiveAction.objects.get()
    url = reverse("reports:action-evidence-upload", args=[action.pk])
    head = client_for("unit_head")
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert head.post(url, {"files": [fake]}).status_code == 302
    assert ActionEvidence.objects.count() == 0
    good = SimpleUploadedFile("biên bản.pdf", PDF, content_type="application/octet-stream")
    assert head.post(url, {"files": [good]}).status_code == 302
    evidence = ActionEvidence.objects.get()
    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "biên bản.pdf",
        "application/pdf",
        len(PDF),
    )
    download = head.get(reverse("reports:action-evidence", args=[evidence.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert client_for("outsider").get(reverse("reports:action-evidence", args=[evidence.pk])).status_code == 404


def test_the_register_filters_and_exports_with_formulas_neutralised(tree, targets, client_for, personas):
    accepted(tree, targets)
    actions.action_create(
        agency=tree["commune"],
        user=personas["secretariat"],
        title='=HYPERLINK("x")',
        due_on=date(2020, 1, 1),
        cause_analysis="Thiếu quy trình",
    )
    secretariat = client_for("secretariat")
    url = reverse("reports:action-register")
    page = secretariat.get(url).content.decode()
    assert "Bố trí người trực dự phòng" in page and "HYPERLINK" in page
    page = secretariat.get(url, {"overdue": "on"}).content.decode()
    assert "HYPERLINK" in page and "Bố trí người trực dự phòng" not in page
    page = secretariat.get(url, {"agency": tree["unit"].pk}).content.decode()
    assert "HYPERLINK" not in page and "Bố trí người trực dự phòng" in page
    page = secretariat.get(url, {"status": "nonsense", "agency": "x"}).content.decode()  # ignored, no 500
    assert "HYPERLINK" in page
    response = secretariat.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["No.", "Unit", "Source of the action", "Action"]
    titles = {row[3] for row in values[1:]}
    assert titles == {"Bố trí người trực dự phòng", '\'=HYPERLINK("x")'}
    overdue = {row[3]: row[8] for row in values[1:]}
    assert overdue['\'=HYPERLINK("x")'] == "yes"
    # The unit head sees only their unit's action; an outsider none.
    assert "HYPERLINK" not in client_for("unit_head").get(url).content.decode()
    assert "Bố trí" not in client_for("outsider").get(url).content.decode()


def test_only_the_secretariat_creates_and_bad_input_changes_nothing(tree, client_for, personas):
    url = reverse("reports:action-new", args=[tree["unit"].pk])
    assert client_for("unit_head").get(url).status_code == 403
    secretariat = client_for("secretariat")
    response = secretariat.post(url, {"title": "", "source": "manual", "due_on": "31/02/2026"})
    assert response.status_code == 400 and CorrectiveAction.objects.count() == 0
    response = secretariat.post(url, {"title": "<b>x</b>", "source": "manual", "due_on": "2026-12-31"})
    assert response.status_code == 400 and CorrectiveAction.objects.count() == 0
    response = secretariat.post(
        url,
        {
            "title": "Rà soát quy trình một cửa",
            "source": "review",
            "due_on": "2026-12-31",
            "owner": personas["unit_head"].pk,
        },
    )
    assert response.status_code == 302
    action = CorrectiveAction.objects.get()
    assert (action.source, action.owner, action.agency) == ("review", personas["unit_head"], tree["unit"])
    with pytest.raises(ValidationError):
        actions.action_create(agency=tree["unit"], user=SYSTEM, title="x", due_on=TODAY, owner=personas["outsider"])


def test_the_step_view_checks_role_and_state(tree, targets, client_for):
    accepted(tree, targets)
    action = CorrectiveAction.objects.get()
    step = lambda name: reverse("reports:action-step", args=[action.pk, name])  # noqa: E731
    assert client_for("viewer").post(step("start")).status_code == 403
    assert client_for("outsider").post(step("start")).status_code == 404
    assert client_for("unit_head").post(step("no-such")).status_code == 404
    assert client_for("unit_head").post(step("done"), {"note": "Đã làm"}).status_code == 302
    response = client_for("unit_head").post(step("start"), follow=True)  # stale page: refused with a message
    assert "not possible now" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE


def test_the_unit_heads_report_form_lists_the_units_open_actions(tree, targets, client_for):
    accepted(tree, targets, "Q3")
    page = client_for("unit_head").get(reverse("reports:report", args=[tree["unit"].pk, 2026, "Q4"])).content.decode()
    assert "open corrective actions" in page and "Bố trí người trực dự phòng" in page


def test_the_register_and_detail_pages_take_a_bounded_number_of_queries(
    tree, targets, client_for, personas, django_assert_max_num_queries
):
    accepted(tree, targets)
    for i in range(15):
        actions.action_create(
            agency=tree["unit"], user=SYSTEM, title=f"Hành động {i}", due_on=TODAY, owner=personas["unit_head"]
        )
    client = client_for("secretariat")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:action-register")).status_code == 200
    action = CorrectiveAction.objects.filter(source=ActionSource.MISSED_TARGET).get()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reports:action-detail", args=[action.pk])).status_code == 200


def test_the_inbox_selectors_find_overdue_actions_and_actions_to_verify(tree, personas):
    actions.action_create(agency=tree["unit"], user=SYSTEM, title="Quá hạn", due_on=date(2026, 11, 1))
    actions.action_create(agency=tree["unit"], user=SYSTEM, title="Còn hạn", due_on=date(2026, 12, 31))
    done = actions.action_create(agency=tree["unit"], user=SYSTEM, title="Đã xong", due_on=date(2026, 10, 1))
    actions.action_step(action=done, user=SYSTEM, step="done", note="Đã làm")
    assert [a.title for a in selectors.overdue_for(personas["unit_head"], TODAY)] == ["Quá hạn"]
    # the secretariat finds overdue actions on the dashboards and in the register, not in its to-do list
    assert selectors.overdue_for(personas["secretariat"], TODAY) == []
    assert selectors.overdue_for(personas["viewer"], TODAY) == []
    assert selectors.overdue_for(personas["outsider"], TODAY) == []
    assert [a.title for a in selectors.to_verify_for(personas["secretariat"])] == ["Đã xong"]
    assert selectors.to_verify_for(personas["unit_head"]) == []


def test_the_secretariat_edits_an_action_until_it_is_closed(tree, client_for, personas):
    action = actions.action_create(agency=tree["unit"], user=SYSTEM, title="Rà soát", due_on=date(2026, 12, 31))
    url = reverse("reports:action-edit", args=[action.pk])
    data = {
        "title": "Rà soát quy trình",
        "due_on": "2027-01-15",
        "description": "",
        "cause_analysis": "Thiếu người",
        "owner": personas["unit_head"].pk,
    }
    assert client_for("unit_head").post(url, data).status_code == 403
    assert client_for("secretariat").post(url, data).status_code == 302
    action.refresh_from_db()
    assert (action.title, action.due_on, action.owner) == (
        "Rà soát quy trình",
        date(2027, 1, 15),
        personas["unit_head"],
    )
    for step, note in (("done", "Đã làm"), ("effective", "Đạt"), ("close", "")):
        actions.action_step(action=action, user=SYSTEM, step=step, note=note)
    response = client_for("secretariat").post(url, data | {"title": "Đổi sau khi đóng"})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.title == "Rà soát quy trình"
    with pytest.raises(WorkflowError):
        actions.action_add_evidence(action=action, user=SYSTEM, files=[SimpleUploadedFile("a.pdf", PDF)])
