"""Benchmark of the reports pages on a province-sized data set (see docs/performance.md).

    DATABASE_URL=sqlite:////tmp/qms-bench.sqlite3 .venv/bin/python bench/bench_reports.py --seed --units 500

--seed (re)builds the data set with `seed_scale` first (on a fresh database run `manage.py migrate` before).
Times are server time: the whole request through Django's middleware and the view, measured with the
test client in-process (no network, no browser). Each page is requested once to warm up, then --runs rounds of every page in turn.

The log-in page (GET, anonymous) is measured in the same run as the reference: on a shared machine compare
the "x log-in" column (median CPU time of the page / that of the log-in page), not the milliseconds. --small N also builds (once) an N-unit province (prefix
SMALL) and measures its dashboard, for the 500-unit / 50-unit ratio.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_portal.settings_test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from agencies.models import Agency  # noqa: E402
from reports.scale import build  # noqa: E402

GOALS_MS = {"grid": 300, "dashboard": 300, "year-end Excel": 5000}
# Goals as multiples of the log-in page's median time in the same run (issue 16).
GOALS_X = {"grid": 15, "dashboard": 15, "decision page": 2.5, "report form": 4}


def measure_all(pages: dict, runs: int) -> dict[str, tuple[list[float], list[float], int, int]]:
    """Every page once per round, `runs` rounds (interleaved: a burst of load from other processes on a shared
    machine then slows every page of a round alike, the log-in page included, instead of one page's runs).
    The garbage collector runs before each request, outside the timing."""
    results = {name: ([], [], 0, 0) for name in pages}
    for url, client in pages.values():
        response = client.get(url)  # warm-up (templates, caches)
        assert response.status_code == 200, (url, response.status_code)
    for _ in range(runs):
        for name, (url, client) in pages.items():
            times, cpu, _queries, _size = results[name]
            gc.collect()  # not timed: each page pays for its own garbage, not for the year-end Excel's before it
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            results[name] = (times, cpu, len(captured), len(response.content))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", action="store_true", help="rebuild the data set first")
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--prefix", default="SCALE")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--small", type=int, default=50, help="units of the small province (0: none)")
    args = parser.parse_args()

    setup_test_environment(debug=False)
    if args.seed or not Agency.objects.filter(code=args.prefix).exists():
        started = time.perf_counter()
        result = build(units=args.units, year=args.year, prefix=args.prefix)
        print(
            f"seed_scale: {result.units} units, {result.targets} targets, {result.reports} reports, "
            f"{result.lines} lines in {time.perf_counter() - started:.1f} s"
        )
    root = Agency.objects.get(code=args.prefix)
    units = Agency.objects.filter(path__startswith=root.path, kind="unit").count()
    user = get_user_model().objects.get(username=f"{args.prefix.lower()}-secretariat")
    client = Client()
    client.force_login(user)

    small_root = None
    if args.small:
        small_prefix = "SMALL"
        if args.seed or not Agency.objects.filter(code=small_prefix).exists():
            build(units=args.small, year=args.year, prefix=small_prefix)
        small_root = Agency.objects.get(code=small_prefix)

    from objectives.models import Decision
    from reports.models import Report

    unit_report = (
        Report.objects.filter(
            agency__path__startswith=root.path, year=args.year, period="Q4", status="draft", agency__kind="unit"
        )
        .order_by("pk")
        .first()
    )
    from agencies.models import Membership, Role

    head, _created = get_user_model().objects.get_or_create(username=f"{args.prefix.lower()}-bench-unithead")
    Membership.objects.get_or_create(user=head, agency_id=unit_report.agency_id, role=Role.UNIT_HEAD)
    head_client = Client()
    head_client.force_login(head)
    decision = Decision.objects.filter(agency=root, year=args.year).order_by("pk").first()
    pages = {
        "log-in page": (reverse("login"), Client()),
        "grid": (reverse("reports:status-grid", args=[root.pk, args.year]), client),
        "dashboard": (reverse("reports:dashboard", args=[root.pk, args.year]), client),
        "year-end Excel": (reverse("reports:year-end", args=[root.pk, args.year]) + "?format=xlsx", client),
        "decision page": (reverse("objectives:decision-detail", args=[decision.pk]), client),
        "report form": (
            reverse("reports:report", args=[unit_report.agency_id, args.year, unit_report.period]),
            head_client,
        ),
    }
    if small_root is not None:
        small_client = Client()
        small_client.force_login(get_user_model().objects.get(username="small-secretariat"))
        pages[f"dashboard, {args.small} units"] = (
            reverse("reports:dashboard", args=[small_root.pk, args.year]),
            small_client,
        )
    print(f"database: {connection.vendor}; units: {units}; runs: {args.runs}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| page | median CPU ms | median wall ms | max wall ms | x log-in (CPU) | queries | size KB | goal |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    failed = False
    reference = None
    medians = {}
    measured = measure_all(pages, args.runs)
    for name in pages:
        times, cpu, queries, size = measured[name]
        median = statistics.median(cpu)  # CPU time: wall time on a shared machine measures the others
        medians[name] = median
        reference = reference or median
        ratio = median / reference
        goal = ""
        if name in GOALS_X:
            goal = f"<= {GOALS_X[name]}x"
            failed |= ratio > GOALS_X[name]
        elif name in GOALS_MS:
            goal = f"< {GOALS_MS[name]} ms"
        print(
            f"| {name} | {median:.1f} | {statistics.median(times):.0f} | {max(times):.0f} | "
            f"{ratio:.1f} | {queries} | {size / 1024:.0f} | {goal} |"
        )
    if small_root is not None:
        ratio = medians["dashboard"] / medians[f"dashboard, {args.small} units"]
        failed |= ratio > 3
        print(f"dashboard {units} units / {args.small} units: {ratio:.1f}x (goal <= 3x)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
