"""Print batches as leased jobs, in one process: a batch whose worker's lease ran out is resumed, or failed with a
clear message after too many attempts; a second SIGTERM hands the batch back; cancel stops a running batch and
writes no files; retry and cancel are offered to, and allowed for, the requester, the secretariat and leaders only.
(The real processes killed with SIGKILL: test_jobs_worker_kill.py.)"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from test_print_batch import issued, start  # noqa: F401 (fixture)
from test_print_pdf import private_media  # noqa: F401 (autouse fixture)

from agencies.permissions import SYSTEM
from objectives.models import PrintBatch
from objectives.printing import batch as batch_module
from objectives.printing.batch_services import batch_cancel
from qms_portal import jobs

pytestmark = pytest.mark.django_db


def stale_batch(tree, *, attempts: int, owner: str = "dead-host:4242:abc") -> PrintBatch:
    """A batch as a SIGKILLed worker leaves it: running, 1 of 3 done, lease expired a second ago."""
    return PrintBatch.objects.create(
        agency=tree["commune"],
        year=2026,
        status="running",
        total=3,
        done=1,
        attempts=attempts,
        lease_owner=owner,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )


@pytest.mark.usefixtures("issued")
def test_the_reaper_resumes_a_batch_whose_lease_ran_out(tree):
    batch = stale_batch(tree, attempts=1)
    assert jobs.reap() == {"queued": 1, "failed": 0}
    batch.refresh_from_db()  # the test backend runs the requeued task at once
    assert (batch.status, batch.done, batch.total, batch.attempts, batch.stop_reason, batch.lease_owner) == (
        "done",
        3,
        3,
        2,
        "resumed",
        "",
    )
    assert batch.pdf and batch.zip


@pytest.mark.usefixtures("issued")
def test_the_reaper_leaves_a_batch_with_a_live_lease_alone(tree):
    batch = stale_batch(tree, attempts=1)
    PrintBatch.objects.filter(pk=batch.pk).update(lease_expires_at=timezone.now() + timedelta(seconds=30))
    assert jobs.reap() == {"queued": 0, "failed": 0}
    batch.refresh_from_db()
    assert (batch.status, batch.lease_owner) == ("running", "dead-host:4242:abc")


@pytest.mark.usefixtures("issued")
def test_the_reaper_fails_a_batch_after_the_last_attempt_with_a_clear_message(client_for, tree):
    batch = stale_batch(tree, attempts=settings.JOB_MAX_ATTEMPTS)
    assert jobs.reap() == {"queued": 0, "failed": 1}
    batch.refresh_from_db()
    assert (batch.status, batch.stop_reason, batch.lease_owner, batch.finished_at is not None) == (
        "failed",
        "worker_died",
        "",
        True,
    )
    page = client_for("secretariat").get(reverse("print:batch", args=[batch.pk])).content.decode()
    assert "Tiến trình chạy nền đã dừng đột ngột" in page
    assert reverse("print:batch-control", args=[batch.pk, "retry"]) in page


@pytest.mark.usefixtures("issued")
def test_a_second_sigterm_hands_the_batch_back_to_the_queue(tree, monkeypatch):
    """db_worker raises SystemExit inside the task on a second SIGTERM: the batch must not stay "running"."""
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026)
    real, calls = batch_module.render_decision_pdf, []

    def interrupted(decision, **options):
        calls.append(decision.pk)
        if len(calls) == 2:
            raise SystemExit(1)
        return real(decision, **options)

    monkeypatch.setattr(batch_module, "render_decision_pdf", interrupted)
    with pytest.raises(SystemExit):
        batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    # Handed back and (test backend) run again at once by the "next worker": done, on the second attempt.
    assert (batch.status, batch.done, batch.attempts, batch.stop_reason, batch.failures) == (
        "done",
        3,
        2,
        "worker_stopped",
        [],
    )


@pytest.mark.usefixtures("issued")
def test_an_error_outside_any_document_fails_the_batch_and_releases_it(tree, monkeypatch):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026)

    def broken(batch):
        raise OSError("disk full")

    monkeypatch.setattr(batch_module, "batch_decisions", broken)
    with pytest.raises(OSError):
        batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.stop_reason, batch.lease_owner) == ("failed", "error", "")
    assert batch.failures == [{"decision": None, "document": "", "reason": "OSError: disk full"}]


@pytest.mark.usefixtures("issued")
def test_cancelling_a_running_batch_stops_it_and_writes_no_file(tree, monkeypatch):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026)
    real = batch_module.render_decision_pdf

    def cancel_on_first(decision, **options):
        if not PrintBatch.objects.get(pk=batch.pk).done:
            batch_cancel(batch=batch, user=SYSTEM)
        return real(decision, **options)

    monkeypatch.setattr(batch_module, "render_decision_pdf", cancel_on_first)
    batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.done, batch.stop_reason, batch.pdf.name, batch.zip.name) == (
        "cancelled",
        0,
        "cancelled",
        "",
        "",
    )
    # A worker picking up the cancelled batch's task later leaves it alone.
    assert batch_module.run_batch(batch.pk).status == "cancelled"


@pytest.mark.usefixtures("issued")
def test_a_lost_lease_stops_the_worker_without_overwriting(tree, monkeypatch):
    """Another worker took the batch over (this one stalled past its lease): this one writes nothing more."""
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026)
    real = batch_module.render_decision_pdf

    def taken_over(decision, **options):
        PrintBatch.objects.filter(pk=batch.pk).update(lease_owner="other:1:x", done=0)
        return real(decision, **options)

    monkeypatch.setattr(batch_module, "render_decision_pdf", taken_over)
    batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.lease_owner, batch.done, batch.pdf.name) == ("running", "other:1:x", 0, "")


CONTROL = {
    "anonymous": 302,
    "outsider": 404,
    "unit_head": 404,
    "editor": 403,
    "viewer": 403,
    "secretariat": 302,
    "leader": 302,
}


@pytest.mark.parametrize("persona", list(CONTROL))
@pytest.mark.usefixtures("issued")
def test_only_the_requester_the_secretariat_and_leaders_may_retry(client_for, personas, tree, persona):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026, status="failed", stop_reason="worker_died")
    response = client_for(persona).post(reverse("print:batch-control", args=[batch.pk, "retry"]))
    assert response.status_code == CONTROL[persona]
    batch.refresh_from_db()
    assert batch.status == ("done" if CONTROL[persona] == 302 and persona != "anonymous" else "failed")
    if batch.status == "done":
        assert (batch.done, batch.attempts, batch.stop_reason) == (3, 1, "")


def test_the_requester_may_cancel_their_own_batch_and_sees_the_buttons(client_for, personas, tree):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026, requested_by=personas["viewer"])
    client = client_for("viewer")
    page = client.get(reverse("print:batch", args=[batch.pk])).content.decode()
    assert reverse("print:batch-control", args=[batch.pk, "cancel"]) in page
    assert reverse("print:batch-control", args=[batch.pk, "retry"]) not in page
    response = client.post(reverse("print:batch-control", args=[batch.pk, "cancel"]), follow=True)
    batch.refresh_from_db()
    assert batch.status == "cancelled" and batch.finished_at is not None
    assert "Đã hủy lô in." in response.content.decode()
    # Cancelling twice is refused with a message, not an error page.
    again = client.post(reverse("print:batch-control", args=[batch.pk, "cancel"]), follow=True)
    assert again.status_code == 200 and "Chỉ có thể hủy lô in đang chờ hoặc đang chạy." in again.content.decode()


def test_someone_who_may_only_view_sees_no_buttons(client_for, personas, tree):
    batch = PrintBatch.objects.create(
        agency=tree["commune"], year=2026, requested_by=personas["leader"], status="failed"
    )
    page = client_for("viewer").get(reverse("print:batch", args=[batch.pk])).content.decode()
    assert "batch-control" not in page and "/retry/" not in page
    assert client_for("viewer").post(reverse("print:batch-control", args=[batch.pk, "retry"])).status_code == 403


def test_an_unknown_step_is_a_404(client_for, tree):
    batch = PrintBatch.objects.create(agency=tree["commune"], year=2026, status="failed")
    assert client_for("secretariat").post(reverse("print:batch-control", args=[batch.pk, "explode"])).status_code == 404
