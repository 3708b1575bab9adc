"""Background tasks of the objectives app (Django's tasks framework; django_tasks_db runs them in
`manage.py worker`, the test settings run them at once). Print batches are leased jobs: see qms_portal.jobs."""

from django.tasks import task

from objectives.models import PrintBatch
from qms_portal import jobs


@task
def export_print_batch(batch_id: int) -> dict:
    """Render a print batch (objectives.printing.batch.run_batch) and report what happened."""
    from objectives.printing.batch import run_batch  # WeasyPrint: only in the worker that prints

    batch = run_batch(batch_id)
    return {"total": batch.total, "done": batch.done, "failed": len(batch.failures)}


@task
def store_renders(decision_id: int) -> dict:
    """Print once: render and store every download of an issued decision (objectives.printing.stored)."""
    from objectives.printing.stored import store_all  # WeasyPrint: only in the worker that prints

    return {"rendered": store_all(decision_id)}


def enqueue_store_renders(decision_id: int) -> str:
    return str(store_renders.enqueue(decision_id).id)


def enqueue_print_batch(batch: PrintBatch) -> str:
    """Queue the batch's task; returns the task's id (kept on the batch)."""
    return str(export_print_batch.enqueue(batch.pk).id)


jobs.register(PrintBatch, enqueue_print_batch)
