"""Writes on print batches: start (or join the one already under way), retry, cancel. Each hands the batch to
the task queue through objectives.tasks; the rendering itself is in objectives.printing.batch."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.permissions import SYSTEM, Action, may_control_batch, recorded_user, require
from objectives.models import PrintBatch
from objectives.tasks import enqueue_print_batch
from qms_portal import jobs
from qms_portal.refusals import WorkflowError


def _enqueue(batch: PrintBatch) -> None:
    """Queue the task, after the batch row is committed (a worker must be able to see it)."""
    task_id = enqueue_print_batch(batch)
    PrintBatch.objects.filter(pk=batch.pk, status=PrintBatch.Status.QUEUED).update(task_id=task_id)


@transaction.atomic
def batch_create(*, agency: Agency, year: int, user) -> tuple[PrintBatch, bool]:
    """A new queued batch, or the one already waiting or running for this agency and year (and user)."""
    require(user, Action.PRINT, agency)
    user = recorded_user(user)
    existing = (
        PrintBatch.objects.select_for_update()
        .filter(agency=agency, year=year, status__in=jobs.ACTIVE, requested_by=user)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing, False
    return PrintBatch.objects.create(agency=agency, year=year, requested_by=user), True


def batch_start(*, agency: Agency, year: int, user) -> PrintBatch:
    """Create the batch and hand it to the task worker (runs at once under the test backend)."""
    batch, created = batch_create(agency=agency, year=year, user=user)
    if created:
        _enqueue(batch)
    batch.refresh_from_db()
    return batch


def _locked(batch: PrintBatch, user) -> PrintBatch:
    batch = PrintBatch.objects.select_for_update().select_related("agency").get(pk=batch.pk)
    if user is None:
        raise TypeError("a service needs user=: the person acting, or agencies.permissions.SYSTEM for a job")
    if user is not SYSTEM and not may_control_batch(user, batch):
        raise PermissionDenied
    return batch


def batch_retry(*, batch: PrintBatch, user) -> PrintBatch:
    """Run a failed or cancelled batch again, from the start, with a fresh count of attempts."""
    with transaction.atomic():
        batch = _locked(batch, user)
        if batch.status not in (PrintBatch.Status.FAILED, PrintBatch.Status.CANCELLED):
            raise WorkflowError(_("Only a failed or cancelled batch can be run again."), "not-stopped")
        PrintBatch.objects.filter(pk=batch.pk).update(
            status=PrintBatch.Status.QUEUED,
            attempts=0,
            stop_reason="",
            done=0,
            total=0,
            failures=[],
            finished_at=None,
            lease_owner="",
            lease_expires_at=None,
        )
    _enqueue(batch)
    batch.refresh_from_db()
    return batch


def batch_cancel(*, batch: PrintBatch, user) -> PrintBatch:
    """Stop a waiting or running batch: its worker notices at the next document and writes nothing more."""
    with transaction.atomic():
        batch = _locked(batch, user)
        if batch.status not in jobs.ACTIVE:
            raise WorkflowError(_("Only a waiting or running batch can be cancelled."), "not-active")
        PrintBatch.objects.filter(pk=batch.pk).update(
            status=PrintBatch.Status.CANCELLED,
            stop_reason=jobs.StopReason.CANCELLED,
            finished_at=timezone.now(),
            lease_owner="",
            lease_expires_at=None,
        )
    batch.refresh_from_db()
    return batch
