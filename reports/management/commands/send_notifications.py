"""Cron job: send the notification e-mails of the last days that were never sent (the worker sends them
right after each step; this catches those that failed, e.g. while the mail server was down).

Each e-mail is recorded before it is sent, under a unique constraint, so it is never sent twice.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.inbox.services import send_unsent


class Command(BaseCommand):
    help = "Send notification e-mails not sent yet (of the last 7 days by default); safe to run at any time."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="How many days back to look.")

    def handle(self, *args, days: int = 7, **options):
        sent, waiting = send_unsent(days=days)
        self.stdout.write(
            _("notification e-mails sent: %(sent)d; not sent (turned off or failed): %(waiting)d")
            % {"sent": sent, "waiting": waiting}
        )
