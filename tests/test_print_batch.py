"""Batch printing: every issued decision of a subtree and year as one PDF and a ZIP, run as a task, with a
progress bar in the page, failures reported (not hidden) in the page and on the command line, and downloads
only for the people who may print the whole subtree or who asked for the batch."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader
from test_print_pdf import build, issue, private_media  # noqa: F401 (autouse fixture)

from agencies import services as agency_services
from agencies.models import AgencyKind
from objectives.models import PrintBatch
from objectives.printing import batch as batch_module
from objectives.tasks import export_print_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(tree):
    """Issued 2026 decisions of xã Phước An, its Phòng Kinh tế and a second unit; a draft that must not print;
    and an issued decision of another province that must not either."""
    second = agency_services.agency_create(
        code="PA-VP",
        name="Văn phòng HĐND và UBND xã Phước An",
        kind=AgencyKind.UNIT,
        parent=tree["commune"],
        symbol="VP",
        place="Phước An",
        header_parent="UBND XÃ PHƯỚC AN",
        header_own="VĂN PHÒNG HĐND VÀ UBND",
        head_name="Nguyễn Thị Lan",
    )
    decisions = [
        issue(build(tree["commune"]), number=15),
        issue(build(tree["unit"], form="table"), number=3),
        issue(build(second), number=7),
    ]
    build(tree["province"])  # a draft in the subtree of DNI
    issue(build(tree["other_commune"]), number=1)
    return decisions


def start(client, agency, year=2026):
    return client.post(reverse("print:batches"), {"agency": agency.pk, "year": year})


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_it_exports_every_issued_decision_of_the_subtree_as_one_pdf_and_a_zip(client_for, tree, issued):
    client = client_for("secretariat")
    response = start(client, tree["commune"])
    batch = PrintBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("print:batch", args=[batch.pk])
    assert (batch.status, batch.total, batch.done, batch.failures) == ("done", 3, 3, [])

    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("print:batch-file", args=[batch.pk, "zip"])).getvalue()))
    assert sorted(archive.namelist()) == [
        "2026_PA-PKT_03-QD-PKT.pdf",
        "2026_PA-VP_07-QD-VP.pdf",
        "2026_PA_15-QD-UBND.pdf",
    ]
    combined = PdfReader(io.BytesIO(client.get(reverse("print:batch-file", args=[batch.pk, "pdf"])).getvalue()))
    separate = sum(len(PdfReader(io.BytesIO(archive.read(n))).pages) for n in archive.namelist())
    assert len(combined.pages) == separate
    assert [item.title.split(" · ")[0] for item in combined.outline] == [
        "Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026",
        "Quyết định số 03/QĐ-PKT ngày 09 tháng 01 năm 2026",
        "Quyết định số 07/QĐ-VP ngày 09 tháng 01 năm 2026",
    ]
    assert not any("DỰ THẢO" in page.extract_text() for page in combined.pages)


def test_it_shows_a_progress_bar_polled_by_htmx_until_the_batch_ends(client_for, tree):
    batch = PrintBatch.objects.create(
        agency=tree["commune"], year=2026, requested_by=None, status="running", total=4, done=1
    )
    client = client_for("secretariat")
    page = client.get(reverse("print:batch", args=[batch.pk])).content.decode()
    assert f'hx-get="{reverse("print:batch-progress", args=[batch.pk])}"' in page and 'hx-trigger="every 1s"' in page
    assert '<progress class="w-100 batch-progress" max="100" value="25"' in page
    assert 'style="' not in page and "<script>" not in page
    PrintBatch.objects.filter(pk=batch.pk).update(status="done", done=4)
    partial = client.get(reverse("print:batch-progress", args=[batch.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and 'value="100"' in partial  # polling stops


def test_it_reports_a_failing_document_and_prints_the_others(client_for, tree, issued, monkeypatch):
    real = batch_module.render_decision_pdf

    def flaky(decision, **options):
        if decision.number == 3:
            raise RuntimeError("phông chữ hỏng")
        return real(decision, **options)

    monkeypatch.setattr(batch_module, "render_decision_pdf", flaky)
    client = english(client_for("leader"))
    start(client, tree["commune"])
    batch = PrintBatch.objects.get()
    assert (batch.status, batch.total, batch.done, len(batch.failures)) == ("done", 3, 3, 1)
    assert batch.failures[0]["decision"] == issued[1].pk
    assert batch.failures[0]["reason"] == "RuntimeError: phông chữ hỏng"
    page = client.get(reverse("print:batch", args=[batch.pk])).content.decode()
    assert "1 document could not be printed" in page and "phông chữ hỏng" in page
    assert "Quyết định số 03/QĐ-PKT" in page
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("print:batch-file", args=[batch.pk, "zip"])).getvalue()))
    assert sorted(archive.namelist()) == ["2026_PA-VP_07-QD-VP.pdf", "2026_PA_15-QD-UBND.pdf"]


def test_it_reports_the_failure_on_the_command_line_too(tree, issued, monkeypatch, tmp_path):
    real = batch_module.render_decision_pdf

    def flaky(decision, **options):
        if decision.number == 7:
            raise ValueError("hỏng")
        return real(decision, **options)

    monkeypatch.setattr(batch_module, "render_decision_pdf", flaky)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "out"
    with pytest.raises(CommandError, match="Không in được 1 trên tổng số 3 văn bản"):
        call_command("export_pdf", "--batch", "PA", "--year", "2026", "-o", str(target), stdout=out, stderr=err)
    assert "LỖI: Quyết định số 07/QĐ-VP" in err.getvalue() and "ValueError: hỏng" in err.getvalue()
    assert "Đã xử lý 3 trên tổng số 3 quyết định" in out.getvalue()
    assert sorted(p.suffix for p in target.iterdir()) == [".pdf", ".zip"]


def test_it_runs_a_clean_batch_from_the_command_line(tree, issued, tmp_path):
    out = io.StringIO()
    call_command("export_pdf", "--batch", "DNI", "--year", "2026", "-o", str(tmp_path / "out"), stdout=out)
    assert "Đã xử lý 3 trên tổng số 3 quyết định" in out.getvalue() and "Đã in xong toàn bộ văn bản." in out.getvalue()
    archive = zipfile.ZipFile(next((tmp_path / "out").glob("*.zip")))
    assert len(archive.namelist()) == 3


def test_it_exports_one_decision_from_the_command_line(tree, issued, tmp_path):
    target = tmp_path / "qd.pdf"
    call_command("export_pdf", str(issued[1].pk), "-o", str(target), stdout=io.StringIO())
    full = len(PdfReader(target).pages)
    call_command("export_pdf", str(issued[1].pk), "-o", str(target), "--appendix-only", stdout=io.StringIO())
    assert 0 < len(PdfReader(target).pages) < full
    assert "Kèm theo Quyết định số 03/QĐ-PKT" in PdfReader(target).pages[0].extract_text()
    call_command("export_pdf", str(issued[1].pk), "-o", str(tmp_path / "qd.docx"), stdout=io.StringIO())
    assert (tmp_path / "qd.docx").read_bytes().startswith(b"PK")
    with pytest.raises(CommandError):
        call_command("export_pdf", "999999", "-o", str(target))


def test_it_runs_as_a_django_task(tree, issued):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026)
    result = export_print_batch.enqueue(batch.pk)
    assert result.status == "SUCCESSFUL" and result.return_value == {"total": 3, "done": 3, "failed": 0}


BATCH_ACCESS = {
    "anonymous": 302,
    "outsider": 404,
    "unit_head": 404,
    "editor": 403,
    "secretariat": 200,
    "leader": 200,
    "viewer": 200,
}


@pytest.mark.parametrize("persona", list(BATCH_ACCESS))
def test_it_lets_only_people_who_may_print_the_whole_subtree_download(client_for, tree, issued, persona):
    start(client_for("leader"), tree["commune"])
    batch = PrintBatch.objects.get()
    for name, args in (("print:batch", [batch.pk]), ("print:batch-file", [batch.pk, "pdf"])):
        assert client_for(persona).get(reverse(name, args=args)).status_code == BATCH_ACCESS[persona]


def test_it_prints_only_what_the_requester_may_print(client_for, tree, issued):
    # The commune's editor may print the commune but not its units: the batch holds the commune's decision only.
    client = client_for("editor")
    start(client, tree["commune"])
    batch = PrintBatch.objects.get()
    assert batch.total == 1
    assert client.get(reverse("print:batch-file", args=[batch.pk, "zip"])).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "unit_head"])
def test_it_refuses_to_start_a_batch_outside_the_users_reach(client_for, tree, issued, persona):
    response = start(client_for(persona), tree["commune"])
    assert response.status_code == 200  # the agency is not among the choices
    assert not PrintBatch.objects.exists()


def test_it_does_not_start_the_same_batch_twice_while_it_runs(client_for, tree, personas):
    waiting = PrintBatch.objects.create(agency=tree["commune"], year=2026, requested_by=personas["leader"])
    response = start(client_for("leader"), tree["commune"])
    assert response["Location"] == reverse("print:batch", args=[waiting.pk])
    assert PrintBatch.objects.count() == 1


def test_it_says_so_when_there_is_nothing_to_print(client_for, tree):
    client = english(client_for("leader"))
    start(client, tree["commune"], year=2030)
    batch = PrintBatch.objects.get()
    assert (batch.status, batch.total, bool(batch.pdf)) == ("done", 0, False)
    assert "There is no issued decision" in client.get(reverse("print:batch", args=[batch.pk])).content.decode()


def test_it_lists_recent_batches_with_bounded_queries(client_for, tree, issued, django_assert_max_num_queries):
    client = client_for("secretariat")
    start(client, tree["commune"])
    with django_assert_max_num_queries(12) as captured:
        client.get(reverse("print:batches"))
    for year in range(2010, 2020):
        PrintBatch.objects.create(agency=tree["commune"], year=year)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        page = client.get(reverse("print:batches"))
    assert page.status_code == 200 and page.content.decode().count(reverse("print:batch", args=[1])[:-2]) >= 11


def test_a_viewer_cannot_start_a_province_wide_batch_even_by_url(client_for, tree, issued):
    client = client_for("viewer")
    page = client.get(reverse("print:batches")).content.decode()
    assert 'name="agency"' not in page
    response = start(client, tree["province"])
    assert response.status_code == 200  # the province is not among the choices: nothing started
    assert not PrintBatch.objects.exists()
