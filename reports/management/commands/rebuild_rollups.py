"""Recompute the stored roll-ups from scratch: `manage.py rebuild_rollups [--year 2026]`.

Safe at any time (the table is derived data); run it after restoring a backup or loading data with
bulk tools that bypass the report services."""

import time

from django.core.management.base import BaseCommand

from reports import rollup_store


class Command(BaseCommand):
    help = "Recompute the stored results (dashboards, year-end report) of every agency with a decision in force."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Only this year (default: every year).")

    def handle(self, *args, year: int | None, **options):
        started = time.perf_counter()
        count = rollup_store.rebuild(year=year)
        self.stdout.write(self.style.SUCCESS(f"{count} roll-ups rebuilt in {time.perf_counter() - started:.1f} s."))
