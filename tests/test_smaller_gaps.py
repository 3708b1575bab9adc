"""The smaller gaps the attack found: uploads typed by content (HTML behind a PDF or GIF header refused; stored
and served under the detected type's extension), print batches checked at every download, optimistic locking
that cannot be skipped, and refused requests logged as one line."""

import io
import logging
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from test_reports_workflow import PDF, client_for, form, targets, today, url  # noqa: F401 (fixtures)

from agencies import services as agency_services
from agencies.models import Membership
from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision
from objectives.printing.batch_services import batch_start
from reports.models import Evidence, Report

HTML_BEHIND_PDF = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
HTML_BEHIND_GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;<!DOCTYPE html><body onload=alert(1)>"


@pytest.mark.parametrize("name, content", [("bao-cao.pdf", HTML_BEHIND_PDF), ("anh.gif", HTML_BEHIND_GIF), ("x.html", HTML_BEHIND_PDF)])
def test_it_refuses_evidence_that_holds_html_behind_a_harmless_header(client_for, targets, url, name, content):  # noqa: F811
    data = form(targets, on_time=("90", "100")) | {"files": SimpleUploadedFile(name, content, "application/pdf")}
    response = client_for("unit_head").post(url, data)
    assert response.status_code == 200
    assert "contains web page code (HTML)" in response.content.decode()
    assert not Report.objects.exists() and not Evidence.objects.exists()


def test_it_stores_and_serves_evidence_under_the_detected_types_extension(client_for, targets, url):  # noqa: F811
    data = form(targets, on_time=("90", "100")) | {"files": SimpleUploadedFile("bien-ban.html", PDF, "text/html")}
    assert client_for("unit_head").post(url, data).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.file.name.endswith(".pdf")
    download = client_for("secretariat").get(reverse("reports:evidence", args=[evidence.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bien-ban.pdf"'
    assert "no-store" in download["Cache-Control"]


@pytest.fixture
def issued(tree):
    decision = services.decision_build(user=SYSTEM, agency=tree["commune"], year=2025, data={
        "objectives": [{"content": "Hồ sơ đúng hạn", "targets": [{"comparator": ">=", "value": Decimal("95"), "unit": "percent"}]}],
    })
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    services.decision_issue(user=SYSTEM, decision=decision, number=3, issued_on=date(2025, 1, 6))
    return decision


def test_it_stores_a_scan_as_pdf_whatever_the_uploaders_file_name(client_for, issued):  # noqa: F811
    response = client_for("secretariat").post(
        reverse("objectives:decision-scan-upload", args=[issued.pk]), {"scan": SimpleUploadedFile("trang.html", PDF, "text/html")},
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    stored = issued.scan.name.rsplit("/", 1)[-1]
    assert stored.startswith(f"scan-2025-{issued.pk}") and stored.endswith(".pdf")  # the storage may add a suffix


def test_it_refuses_a_scan_that_holds_html(client_for, issued):  # noqa: F811
    client = client_for("secretariat")
    client.post(reverse("objectives:decision-scan-upload", args=[issued.pk]), {"scan": SimpleUploadedFile("s.pdf", HTML_BEHIND_PDF)})
    assert not Decision.objects.get(pk=issued.pk).scan
    page = client.get(reverse("objectives:decision-detail", args=[issued.pk])).content.decode()
    assert "contains web page code (HTML)" in page


def test_it_stops_a_user_whose_role_was_removed_from_downloading_their_own_batch(client_for, personas, issued, tree):  # noqa: F811
    leader = personas["leader"]
    batch = batch_start(agency=tree["commune"], year=2025, user=leader)
    batch.refresh_from_db()
    client = client_for("leader")
    assert client.get(reverse("print:batch-file", args=[batch.pk, "zip"])).status_code == 200
    assert reverse("print:batch", args=[batch.pk]) in client.get(reverse("print:batches")).content.decode()
    agency_services.membership_remove(membership=Membership.objects.get(user=leader))
    for name, kwargs in (("print:batch-file", {"kind": "zip"}), ("print:batch-file", {"kind": "pdf"}), ("print:batch", {}),
                         ("print:batch-progress", {})):
        assert client.get(reverse(name, kwargs={"pk": batch.pk, **kwargs})).status_code == 404, name
    assert reverse("print:batch", args=[batch.pk]) not in client.get(reverse("print:batches")).content.decode()


@pytest.fixture
def draft(tree):
    return services.decision_build(user=SYSTEM, agency=tree["commune"], year=2026, data={
        "sections": [{"title": "Đối với Ủy ban nhân dân xã", "objectives": [
            {"content": "Hồ sơ đúng hạn", "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}]}]}],
    })


def test_it_refuses_an_edit_without_lock_version_and_changes_nothing(client_for, draft):  # noqa: F811
    objective = draft.objectives.get()
    target = objective.targets.get()
    section = draft.sections.get()
    editor = client_for("editor")
    cases = [
        (reverse("objectives:section-edit", args=[draft.pk, section.pk]), {"title": "Mục đã sửa"}),
        (reverse("objectives:objective-edit", args=[draft.pk, objective.pk]), {"content": "Nội dung đã sửa", "section": section.pk}),
        (reverse("objectives:target-edit", args=[draft.pk, objective.pk, target.pk]), {
            "comparator": ">=", "value": "50", "unit": "percent", "measurement": "ratio", "aggregation": "ratio_of_sums",
            "frequency": "quarterly", "label": "Đã sửa"}),
    ]
    for url_, data in cases:
        response = editor.post(url_, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, url_
        assert "This form is incomplete or out of date" in response.content.decode(), url_
    section.refresh_from_db(), objective.refresh_from_db(), target.refresh_from_db()
    assert (section.title, objective.content, target.value) == ("Đối với Ủy ban nhân dân xã", "Hồ sơ đúng hạn", 97)
    # Adding a new one needs no version.
    response = editor.post(reverse("objectives:section-new", args=[draft.pk]), {"title": "Mục mới"})
    assert response.status_code == 302 and draft.sections.count() == 2


@pytest.fixture
def log_stream():
    """What the console handler (with the project's filter) writes, captured."""
    handler = next(h for h in logging.getLogger().handlers if any(type(f).__name__ == "OneLineClientErrors" for f in h.filters))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.parametrize("persona, url_name, status", [("editor", "objectives:cascade-check", 403), ("editor", "agencies:detail", 404)])
def test_it_logs_a_refused_request_as_one_line(client_for, log_stream, tree, persona, url_name, status):  # noqa: F811
    url_ = reverse(url_name, kwargs={"pk": tree["other"].pk} if url_name == "agencies:detail" else {})
    assert client_for(persona).get(url_).status_code == status
    lines = [line for line in log_stream.getvalue().splitlines() if line.strip()]
    assert len(lines) == 1 and url_ in lines[0], lines
    assert "Traceback" not in log_stream.getvalue()


def test_it_keeps_the_traceback_of_a_server_error():
    from qms_portal.logfilters import OneLineClientErrors

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x", (), info)
    record.status_code = 500
    assert OneLineClientErrors().filter(record) and record.exc_info is not None
    record.status_code = 403
    assert OneLineClientErrors().filter(record) and record.exc_info is None
