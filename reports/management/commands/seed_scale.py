"""Build a province-sized data set for benchmarks: `manage.py seed_scale --units 500 --year 2026`."""

import time

from django.core.management.base import BaseCommand

from reports.scale import build


class Command(BaseCommand):
    help = (
        "Create a synthetic province (code SCALE by default) with N units under communes of 20, twenty linked "
        "targets per agency and a full year of reports. An earlier data set with the same prefix is replaced."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=500)
        parser.add_argument("--year", type=int, default=2026)
        parser.add_argument("--prefix", default="SCALE", help="Agency code of the synthetic province.")

    def handle(self, *args, units: int, year: int, prefix: str, **options):
        started = time.perf_counter()
        result = build(units=units, year=year, prefix=prefix)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.root.code} (id {result.root.pk}): {result.communes} communes, {result.units} units, "
                f"{result.targets} targets, {result.reports} reports, {result.lines} report lines "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
