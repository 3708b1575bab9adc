"""`manage.py check_audit`: is the audit trail intact? Lists the database guards that are missing or out of
date, and every tracked record that does not match its latest history row (changed or created behind the
application's back, e.g. by someone who dropped the triggers). Exits non-zero when it finds anything, so it
can run from cron or a monitoring check."""

from django.core.management.base import BaseCommand, CommandError

from qms_portal import audit, dbguards


class Command(BaseCommand):
    help = "Check the audit trail: database guards in place, every tracked record matching its history"

    def handle(self, *args, **options):
        problems = dbguards.problems()
        for model in audit.tracked_models():
            problems += audit.history_gaps(model, limit=50)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the audit trail (listed above).")
        self.stdout.write(self.style.SUCCESS("Audit trail intact: guards in place, every record matches its history."))
