"""Background jobs that recover: a job row holds a lease that its worker renews by a heartbeat.

A worker claims a queued job with one conditional UPDATE (status queued -> running, its own lease owner, an
expiry LEASE seconds ahead). While it works, a heartbeat thread pushes the expiry forward every LEASE/4
seconds; every write of the job is conditional on still holding the lease, so a worker that lost it (the
job was cancelled, or taken over after it stalled) stops without overwriting anything. When a worker dies
(SIGKILL, power loss) its lease runs out: the reaper that every `manage.py worker` runs (at start, then
every REAP seconds) puts the job back in the queue, or marks it failed after JOB_MAX_ATTEMPTS tries. So a
dead worker's job is resumed or failed at most LEASE + REAP seconds after a worker runs again.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def lease_seconds() -> int:
    return max(1, int(getattr(settings, "JOB_LEASE_SECONDS", 60)))


def reap_seconds() -> float:
    return max(0.5, lease_seconds() / 4)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "JOB_MAX_ATTEMPTS", 3)))


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)
ENDED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)


class StopReason(models.TextChoices):
    NONE = "", ""
    ERROR = "error", _("The job stopped because of an error in the program.")
    WORKER_DIED = (
        "worker_died",
        _("The background worker stopped unexpectedly while running this job, too many times; the job was stopped."),
    )
    WORKER_STOPPED = (
        "worker_stopped",
        _("The background worker was stopped while running this job; it will start again."),
    )
    RESUMED = "resumed", _("The background worker stopped unexpectedly; the job was started again.")
    CANCELLED = "cancelled", _("Cancelled by a user.")


class LeasedJob(models.Model):
    """Fields every recoverable job carries (a concrete job adds what it works on and what it produces)."""

    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_owner = models.CharField(max_length=100, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True, default="")

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def stop_message(self) -> str:
        return str(StopReason(self.stop_reason).label) if self.stop_reason else ""


def new_owner() -> str:
    """A lease owner id unique across processes and hosts."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def claim(model: type[LeasedJob], pk: int, owner: str) -> bool:
    """Take a queued job for this worker (one conditional UPDATE: two workers never both win)."""
    now = timezone.now()
    return bool(
        model.objects.filter(pk=pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            lease_owner=owner,
            lease_expires_at=now + timedelta(seconds=lease_seconds()),
            heartbeat_at=now,
            attempts=models.F("attempts") + 1,
        )
    )


def held(model: type[LeasedJob], pk: int, owner: str):
    """The job's row while this worker still holds its lease (for conditional writes)."""
    return model.objects.filter(pk=pk, status=JobStatus.RUNNING, lease_owner=owner)


class Heartbeat:
    """Renews a lease from a thread while the work runs; `lost` turns true when the lease is gone."""

    def __init__(self, model: type[LeasedJob], pk: int, owner: str):
        self.model, self.pk, self.owner = model, pk, owner
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=lease_seconds())

    def beat(self) -> bool:
        now = timezone.now()
        renewed = held(self.model, self.pk, self.owner).update(
            lease_expires_at=now + timedelta(seconds=lease_seconds()), heartbeat_at=now
        )
        if not renewed:
            self.lost.set()
        return bool(renewed)

    def _run(self) -> None:
        try:
            while not self._stop.wait(lease_seconds() / 4):
                try:
                    if not self.beat():
                        return
                except Exception:  # a database hiccup: try again at the next beat, the lease has slack
                    logger.warning("Heartbeat of %s %s failed", self.model.__name__, self.pk, exc_info=True)
        finally:
            connection.close()


# --- recovery --------------------------------------------------------------------------------------------------

# Each recoverable job model registers how to hand a job to the task queue again.
REGISTRY: dict[type[LeasedJob], Callable[[LeasedJob], str]] = {}


def register(model: type[LeasedJob], enqueue: Callable[[LeasedJob], str]) -> None:
    REGISTRY[model] = enqueue


def requeue_or_fail(model: type[LeasedJob], pk: int, *, expected_owner: str, reason: str) -> str | None:
    """Give a job whose worker is gone back to the queue, or fail it after too many attempts.
    Only acts while the job still belongs to `expected_owner` (nobody else moved it meanwhile)."""
    enqueue = REGISTRY[model]
    with transaction.atomic():
        job = (
            model.objects.select_for_update()
            .filter(pk=pk, status=JobStatus.RUNNING, lease_owner=expected_owner)
            .first()
        )
        if job is None:
            return None
        if reason == StopReason.RESUMED:
            _abandon_task(job.task_id)
        if job.attempts >= max_attempts():
            model.objects.filter(pk=pk).update(
                status=JobStatus.FAILED,
                lease_owner="",
                lease_expires_at=None,
                stop_reason=StopReason.WORKER_DIED,
                **_finished_fields(model),
            )
            return JobStatus.FAILED
        model.objects.filter(pk=pk).update(
            status=JobStatus.QUEUED, lease_owner="", lease_expires_at=None, stop_reason=reason
        )
    job.refresh_from_db()
    task_id = enqueue(job)
    model.objects.filter(pk=pk, status=JobStatus.QUEUED).update(task_id=task_id)
    return JobStatus.QUEUED


class WorkerDied(Exception):
    """Recorded on a task result whose worker stopped without finishing it."""


def _abandon_task(task_id: str) -> None:
    """The dead worker's task result stays "running" in django-tasks-db's table: close it as failed."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing to close
        return
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="qms_portal.jobs.WorkerDied",
        traceback="The worker running this task stopped without finishing it (its lease ran out).",
    )


def _finished_fields(model) -> dict:
    return {"finished_at": timezone.now()} if any(f.name == "finished_at" for f in model._meta.fields) else {}


def reap() -> dict[str, int]:
    """Recover every job whose lease has run out; returns how many were requeued and failed."""
    counts = {JobStatus.QUEUED: 0, JobStatus.FAILED: 0}
    now = timezone.now()
    for model in REGISTRY:
        stale = model.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now).values_list(
            "pk", "lease_owner"
        )
        for pk, owner in list(stale):
            outcome = requeue_or_fail(model, pk, expected_owner=owner, reason=StopReason.RESUMED)
            if outcome:
                counts[outcome] += 1
                logger.warning("%s %s: its worker's lease ran out; %s", model.__name__, pk, outcome)
    return {str(k): v for k, v in counts.items()}


class Reaper:
    """Runs `reap()` at once and then every REAP seconds in a daemon thread of the worker process."""

    def __init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="job-reaper", daemon=True)

    def start(self) -> Reaper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            while True:
                try:
                    reap()
                except Exception:
                    logger.exception("Recovering stale jobs failed; trying again")
                if self._stop.wait(reap_seconds()):
                    return
        finally:
            connection.close()
