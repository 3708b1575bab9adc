"""Background tasks of the objectives app (Django's tasks framework; django_tasks_db runs them in
`manage.py db_worker`, the test settings run them at once)."""

from django.tasks import task


@task
def export_print_batch(batch_id: int) -> dict:
    """Render a print batch (objectives.printing.batch.run_batch) and report what happened."""
    from objectives.printing.batch import run_batch

    batch = run_batch(batch_id)
    return {"total": batch.total, "done": batch.done, "failed": len(batch.failures)}
