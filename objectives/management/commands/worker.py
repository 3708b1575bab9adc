"""`manage.py worker`: django-tasks-db's db_worker plus the recovery of leased jobs (qms_portal.jobs).

At start and then every JOB_LEASE_SECONDS/4 seconds it hands back to the queue (or fails, after
JOB_MAX_ATTEMPTS tries) every job whose worker's lease ran out, so a batch left "running" by a killed
worker is resumed or clearly failed at most JOB_LEASE_SECONDS * 1.25 seconds after this command starts."""

from django_tasks_db.management.commands import db_worker

import objectives.tasks  # noqa: F401 (registers the print batch job for recovery)
from qms_portal.jobs import Reaper


class Command(db_worker.Command):
    help = "Run the background worker: queued tasks, and recovery of jobs whose worker died"

    def handle(self, *args, **options):
        reaper = Reaper().start()
        try:
            super().handle(*args, **options)
        finally:
            reaper.stop()
