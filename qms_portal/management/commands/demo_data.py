"""Load the demo agencies, users, decisions and reports (safe to run again)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import demo as agencies_demo
from objectives import demo as objectives_demo
from objectives.models import Decision
from objectives.risks import demo as risks_demo
from objectives.signing import demo as signing_demo
from reports import demo as reports_demo
from reports.actions import demo as actions_demo
from reports.review import demo as review_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        rows = agencies_demo.load()
        objectives_demo.load()
        reports_demo.load()  # also the units' own decisions
        risks_demo.load()  # after the reports: the 2025 decision its register links to is theirs
        actions_demo.load_risk_actions(timezone.localdate())
        review_demo.load()  # last: its inputs are compiled from the reports, actions and risk register
        signing_demo.load()
        # Counted once everything is loaded: the samples, the amendment draft and the units' decisions (a demo
        # database holds nothing else; `make run` never points at production).
        self.stdout.write(_("%(count)d demo decisions are loaded.") % {"count": Decision.objects.count()})
        self.stdout.write(self.style.SUCCESS(_("Demo data is ready.")))
        self.stdout.write(
            _("Demo logins (password for all: %(password)s):") % {"password": agencies_demo.DEMO_PASSWORD}
        )
        for username, role, agency in rows:
            self.stdout.write(f"  {username:<12} {role:<22} {agency}")
