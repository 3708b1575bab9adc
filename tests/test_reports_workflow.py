"""The report workflow as people use it: the unit head fills in and submits, the secretariat returns or
accepts, nothing typed is lost, and bad input is refused with a clear message and no change."""

import re
import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from objectives import services as objective_services
from qms_portal.refusals import WorkflowError
from reports import services, views
from reports.models import Evidence, Report, ReportEvent, ReportLine, ReportStatus

# Every write these tests make through the services must leave matching history rows.
pytestmark = pytest.mark.usefixtures("complete_history")


TODAY = date(2026, 11, 22)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def client_for(client_for, settings):
    """The personas' clients, in English (the messages asserted are the English msgids)."""

    def make(persona: str):
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def targets(tree):
    return commune_and_unit(tree["commune"], tree["unit"])


@pytest.fixture
def url(tree, targets):
    return reverse("reports:report", args=[tree["unit"].pk, 2026, "Q3"])


def form(targets, *, lock=0, action="save", on_time=("", ""), docs=("", ""), initiatives="", **extra):
    t1, t2, t3 = targets["Đúng hạn PKT"].pk, targets["Sáng kiến PKT"].pk, targets["Văn bản điện tử"].pk
    data = {
        "lock_version": str(lock),
        "action": action,
        "note": "",
        f"t{t1}-numerator": on_time[0],
        f"t{t1}-denominator": on_time[1],
        f"t{t1}-cause": "",
        f"t{t1}-action": "",
        f"t{t1}-evidence": "",
        f"t{t2}-value": initiatives,
        f"t{t2}-cause": "",
        f"t{t2}-action": "",
        f"t{t2}-evidence": "",
        f"t{t3}-numerator": docs[0],
        f"t{t3}-denominator": docs[1],
        f"t{t3}-cause": "",
        f"t{t3}-action": "",
        f"t{t3}-evidence": "",
    }
    for key, value in extra.items():
        name, _sep, field = key.partition("__")
        data[
            f"t{targets[{'on_time': 'Đúng hạn PKT', 'docs': 'Văn bản điện tử', 'initiatives': 'Sáng kiến PKT'}[name]].pk}-{field}"
        ] = value
    return data


def test_it_saves_a_draft_reading_vietnamese_numbers(client_for, targets, url):
    response = client_for("unit_head").post(
        url, form(targets, on_time=("1.164", "1.200"), docs=("5", "5"), initiatives="1")
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT
    line = report.lines.get(target=targets["Đúng hạn PKT"])
    assert (line.numerator, line.denominator, line.met) == (Decimal(1164), Decimal(1200), False)
    page = client_for("unit_head").get(url).content.decode()
    assert 'value="1.164"' in page and "97,0%" in page


def test_it_refuses_to_submit_a_missed_target_without_cause_and_action(client_for, targets, url):
    data = form(targets, action="submit", on_time=("95", "100"), docs=("5", "5"), initiatives="1")
    response = client_for("unit_head").post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "write the cause (nguyên nhân)" in page and "write the corrective action" in page
    assert 'value="95"' in page  # what was typed is still there
    assert not Report.objects.exists()


def test_it_walks_submit_return_resubmit_accept_and_the_dashboard_changes(client_for, tree, targets, url):
    head, secretariat = client_for("unit_head"), client_for("secretariat")
    dashboard = reverse("reports:dashboard", args=[tree["commune"].pk, 2026])
    assert "95,0%" not in secretariat.get(dashboard).content.decode()

    data = form(
        targets,
        action="submit",
        on_time=("95", "100"),
        docs=("5", "5"),
        initiatives="1",
        on_time__cause="Hệ thống một cửa gián đoạn",
        on_time__action="Bố trí người dự phòng",
    )
    assert head.post(url, data).status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    assert "Phòng Kinh tế" in secretariat.get(reverse("reports:review-queue")).content.decode()

    response = secretariat.post(
        reverse("reports:report-return", args=[tree["unit"].pk, 2026, "Q3"]),
        {"return-comment": "Số liệu quý III chưa khớp hệ thống.", "return-lock_version": report.lock_version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert "Số liệu quý III chưa khớp hệ thống." in head.get(reverse("reports:my-reports")).content.decode()

    data = form(
        targets, lock=report.lock_version, action="submit", on_time=("99", "100"), docs=("5", "5"), initiatives="1"
    )
    assert head.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    response = secretariat.post(
        reverse("reports:report-accept", args=[tree["unit"].pk, 2026, "Q3"]),
        {"accept-comment": "", "accept-lock_version": report.lock_version},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert "99,0%" in secretariat.get(dashboard).content.decode()
    assert list(report.events.values_list("action", flat=True)) == ["create", "submit", "return", "submit", "accept"]
    # Every save is in the history, with who made it.
    assert report.history.count() == 4
    assert {h.history_user.username for h in report.history.all()} == {"unit_head", "secretariat"}


def test_it_needs_a_comment_to_return_and_a_reason_to_reopen(client_for, tree, targets, url):
    report = _submitted(tree, targets)
    secretariat = client_for("secretariat")
    response = secretariat.post(
        reverse("reports:report-return", args=[tree["unit"].pk, 2026, "Q3"]),
        {"return-comment": "  ", "return-lock_version": report.lock_version},
    )
    assert response.status_code == 200 and "it is recorded and shown to the unit head" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    services.report_accept(report=report, user=SYSTEM)
    report.refresh_from_db()
    reopen = reverse("reports:report-reopen", args=[tree["unit"].pk, 2026, "Q3"])
    assert (
        secretariat.post(reopen, {"reopen-comment": "", "reopen-lock_version": report.lock_version}).status_code == 200
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    secretariat.post(reopen, {"reopen-comment": "Sai số liệu quý III", "reopen-lock_version": report.lock_version})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.events.filter(action=ReportEvent.Action.REOPEN, comment="Sai số liệu quý III").exists()


def _submitted(tree, targets) -> Report:
    li = services.LineInput
    return services.report_save(
        agency=tree["unit"],
        year=2026,
        period="Q3",
        user=SYSTEM,
        submit=True,
        today=TODAY,
        lines={
            targets["Đúng hạn PKT"].pk: li(numerator=Decimal(99), denominator=Decimal(100)),
            targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
            targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
        },
    )


def test_it_keeps_an_accepted_report_read_only(client_for, tree, targets, url):
    report = services.report_accept(report=_submitted(tree, targets), user=SYSTEM)
    page = client_for("unit_head").get(url).content.decode()
    assert "read-only" in page and 'name="action"' not in page
    response = client_for("unit_head").post(url, form(targets, lock=report.lock_version, on_time=("1", "100")))
    assert response.status_code == 302
    assert ReportLine.objects.get(target=targets["Đúng hạn PKT"]).numerator == 99
    with pytest.raises(WorkflowError) as refused, translation.override("vi"):
        services.report_save(agency=tree["unit"], year=2026, period="Q3", user=SYSTEM, lines={}, today=TODAY)
    assert refused.value.code == "not-editable"
    assert refused.value.messages == [
        (
            'Báo cáo này ở trạng thái "đã chấp nhận" nên không thể thay đổi; '
            "vui lòng đề nghị Tổ thư ký ISO trả lại hoặc mở lại báo cáo."
        )
    ]
    assert ReportLine.objects.get(target=targets["Đúng hạn PKT"]).numerator == 99


def test_it_refuses_the_second_of_two_saves_from_the_same_version(client_for, targets, url):
    head = client_for("unit_head")
    head.post(url, form(targets, on_time=("90", "100")))
    version = Report.objects.get().lock_version
    assert head.post(url, form(targets, lock=version, on_time=("91", "100"))).status_code == 302
    response = head.post(url, form(targets, lock=version, on_time=("92", "100")))
    page = response.content.decode()
    assert response.status_code == 200 and "after you opened it" in page and 'value="92"' in page
    assert ReportLine.objects.get(target=targets["Đúng hạn PKT"]).numerator == 91


def test_it_stores_text_in_nfc(client_for, targets, url):
    decomposed = unicodedata.normalize("NFD", "Hồ sơ tồn đọng do thiếu người")
    client_for("unit_head").post(url, form(targets, on_time=("90", "100"), on_time__cause=decomposed))
    cause = ReportLine.objects.get(target=targets["Đúng hạn PKT"]).cause
    assert cause == unicodedata.normalize("NFC", decomposed) and cause != decomposed


def test_it_refuses_html_and_changes_nothing(client_for, targets, url):
    response = client_for("unit_head").post(
        url, form(targets, on_time=("90", "100"), on_time__cause="<script>alert(1)</script>")
    )
    assert "HTML tags are not allowed" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "numerator,denominator,message",
    [
        ("9,5,5", "100", "is not a number"),
        ("abc", "100", "is not a number"),
        ("0.500", "100", "is not a number"),
        ("101", "100", "cannot be greater than the denominator"),
        ("-1", "100", "cannot be negative"),
        ("5", "0", "cannot be 0"),
    ],
)
def test_it_refuses_malformed_numbers_with_a_clear_message(client_for, targets, url, numerator, denominator, message):
    response = client_for("unit_head").post(url, form(targets, on_time=(numerator, denominator)))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_it_accepts_a_pdf_checked_by_content_and_serves_it_to_the_secretariat(
    client_for, targets, url, django_capture_on_commit_callbacks
):
    data = form(targets, on_time=("90", "100")) | {"files": SimpleUploadedFile("bien-ban.pdf", PDF, "application/pdf")}
    assert client_for("unit_head").post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.original_name == "bien-ban.pdf"
    download = client_for("secretariat").get(reverse("reports:evidence", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client_for("outsider").get(reverse("reports:evidence", args=[evidence.pk])).status_code == 404
    # Removed when the unit head ticks it and saves.
    lock = Report.objects.get().lock_version
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=False) as pending:
        client_for("unit_head").post(
            url, form(targets, lock=lock, on_time=("90", "100")) | {"remove_files": [evidence.pk]}
        )
    assert not Evidence.objects.exists()
    # The file itself goes only once the removal is committed, so a rollback cannot leave a row without its file.
    assert storage.exists(name)
    for callback in pending:
        callback()
    assert not storage.exists(name)


def _docx() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Biên bản kiểm tra")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,content,mime",
    [
        ("bien-ban.docx", _docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("anh-chup", _png(), "image/png"),  # no extension: the content decides
    ],
)
def test_it_accepts_office_documents_and_images_by_content(client_for, targets, url, name, content, mime):
    data = form(targets, on_time=("90", "100")) | {
        "files": SimpleUploadedFile(name, content, "application/octet-stream")
    }
    assert client_for("unit_head").post(url, data).status_code == 302
    assert Evidence.objects.get().content_type == mime


@pytest.mark.parametrize(
    "name,content",
    [
        ("bao-cao.pdf", b"just text pretending to be a PDF"),
        ("anh.png", b"MZ\x90\x00\x03" + b"\x00" * 200),
    ],
)
def test_it_refuses_files_whose_content_is_not_allowed(client_for, targets, url, name, content):
    data = form(targets, on_time=("90", "100")) | {"files": SimpleUploadedFile(name, content, "application/pdf")}
    response = client_for("unit_head").post(url, data)
    assert "the content was checked, not the name" in response.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_it_refuses_files_over_the_size_limit(client_for, targets, url, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    data = form(targets, on_time=("90", "100")) | {"files": SimpleUploadedFile("lon.pdf", big, "application/pdf")}
    response = client_for("unit_head").post(url, data)
    assert "is too large" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_moves_report_lines_to_the_new_targets_when_an_amendment_is_issued(tree, targets):
    _submitted(tree, targets)
    decision = targets["Đúng hạn PKT"].objective.decision
    amendment = objective_services.decision_amend(user=SYSTEM, decision=decision)
    amendment = objective_services.decision_submit(user=SYSTEM, decision=amendment)
    amendment = objective_services.decision_approve(user=SYSTEM, decision=amendment)
    objective_services.decision_issue(user=SYSTEM, decision=amendment, number=21, issued_on=date(2026, 9, 1))
    line = ReportLine.objects.get(numerator=99)
    assert line.target.objective.decision_id == amendment.pk
    # Q1 and Q2 are still expected: the amendment counts from the original decision's date.
    from reports import selectors

    assert "Q1" in selectors.expected_periods(2026, agency_ids=[tree["unit"].pk])[tree["unit"].pk]


def test_it_lists_due_overdue_returned_and_done_for_the_unit_head(client_for, tree, targets):
    report = _submitted(tree, targets)
    services.report_return(report=report, user=SYSTEM, comment="Bổ sung minh chứng")
    page = client_for("unit_head").get(reverse("reports:my-reports") + "?year=2026").content.decode()
    assert "Returned to you for correction" in page and "Bổ sung minh chứng" in page
    assert "Overdue" in page  # Q1 and Q2 2026 were due in April and July
    assert "Due" in page  # Q4 has started and is due in January


def test_it_shows_the_form_with_what_the_live_check_needs(client_for, targets, url):
    page = client_for("unit_head").get(url).content.decode()
    assert 'data-comparator="&gt;="' in page and 'data-measurement="ratio"' in page
    assert "reports/report_form.js" in page and "<script>" not in page.replace("<script src", "")


def test_a_file_chosen_before_a_failed_submit_is_kept_and_attached_on_the_next_save(client_for, targets, url):
    head = client_for("unit_head")
    data = form(targets, action="submit", on_time=("95", "100"), docs=("5", "5"), initiatives="1")
    data["files"] = SimpleUploadedFile("minh-chung.pdf", PDF, "application/pdf")
    response = head.post(url, data)  # refused: the missed target has no cause
    page = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists() and not Evidence.objects.exists()
    assert 'id="kept-files"' in page and "minh-chung.pdf" in page
    keep = re.search(r'name="keep" value="([0-9a-f]+)"', page).group(1)
    data = form(
        targets,
        action="submit",
        on_time=("95", "100"),
        docs=("5", "5"),
        initiatives="1",
        on_time__cause="Mạng gián đoạn",
        on_time__action="Dự phòng đường truyền",
    ) | {"keep": keep}
    assert head.post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "minh-chung.pdf" and evidence.size == len(PDF)
    assert evidence.file.read() == PDF
    assert 'id="kept-files"' not in head.get(url).content.decode()


def test_an_unticked_kept_file_is_left_out(client_for, targets, url):
    head = client_for("unit_head")
    data = form(targets, action="submit", on_time=("95", "100"), docs=("5", "5"), initiatives="1")
    data["files"] = SimpleUploadedFile("bo-qua.pdf", PDF, "application/pdf")
    assert "bo-qua.pdf" in head.post(url, data).content.decode()
    assert head.post(url, form(targets, on_time=("99", "100"))).status_code == 302  # no "keep": not attached
    assert not Evidence.objects.exists()
