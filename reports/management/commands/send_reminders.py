"""Daily job: e-mail unit heads about reports due soon or overdue, and the owners of corrective actions due
soon or overdue (`manage.py send_reminders`, from cron).

Each reminder is recorded before it is sent, under a unique constraint, so running the job twice a
day, or from two machines, never sends the same reminder twice.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reports.actions.reminders import action_reminders_send_due
from reports.services import reminders_send_due


class Command(BaseCommand):
    help = "Send the reminders that are due today (before and after due dates); safe to run more than once a day."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD), e.g. to catch up.")

    def handle(self, *args, today: str | None = None, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(_("--today must be a date written YYYY-MM-DD.")) from None
        run = reminders_send_due(today=day)
        self.stdout.write(
            _("sent: %(sent)d; already sent before: %(already)d; failed: %(failed)d")
            % {"sent": len(run.sent), "already": run.already, "failed": run.failed}
        )
        actions = action_reminders_send_due(today=day)
        self.stdout.write(
            _("corrective actions: sent: %(sent)d; already sent before: %(already)d; failed: %(failed)d")
            % {"sent": len(actions.sent), "already": actions.already, "failed": actions.failed}
        )
        for action in actions.no_recipient:
            self.stdout.write(_("no owner or unit head with an e-mail address for action %(pk)d") % {"pk": action.pk})
        for agency in sorted({a.code: a for a in run.no_recipient}.values(), key=lambda a: a.code):
            self.stdout.write(
                _("no unit head with an e-mail address: %(agency)s") % {"agency": f"{agency.code} {agency.name}"}
            )
        if run.failed or actions.failed:
            raise CommandError(
                _("%(count)d reminder(s) could not be sent; they will be tried again next run.")
                % {"count": run.failed + actions.failed}
            )
