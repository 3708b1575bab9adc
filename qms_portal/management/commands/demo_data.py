"""Load the demo agencies, users, decisions and reports (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from agencies import demo as agencies_demo
from objectives import demo as objectives_demo
from objectives.signing import demo as signing_demo
from reports import demo as reports_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        rows = agencies_demo.load()
        decisions = objectives_demo.load()
        reports_demo.load()
        signing_demo.load()
        self.stdout.write(_("%(count)d demo decisions are loaded.") % {"count": len(decisions)})
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready.")))
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": agencies_demo.DEMO_PASSWORD}
        )
        for username, role, agency in rows:
            self.stdout.write(f"  {username:<12} {role:<22} {agency}")
