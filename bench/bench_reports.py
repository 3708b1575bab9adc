"""Benchmark of the reports pages on a province-sized data set (see docs/performance.md).

    DATABASE_URL=sqlite:////tmp/qms-bench.sqlite3 .venv/bin/python bench/bench_reports.py --seed --units 500

--seed (re)builds the data set with `seed_scale` first (on a fresh database run `manage.py migrate` before).
Times are server time: the whole request through Django's middleware and the view, measured with the
test client in-process (no network, no browser). Each page is requested once to warm up, then --runs times.
"""

import argparse
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


def measure(client: Client, url: str, runs: int) -> tuple[list[float], list[float], int, int]:
    response = client.get(url)  # warm-up (templates, caches)
    assert response.status_code == 200, (url, response.status_code)
    times, cpu = [], []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return times, cpu, queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", action="store_true", help="rebuild the data set first")
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--prefix", default="SCALE")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    setup_test_environment(debug=False)
    if args.seed or not Agency.objects.filter(code=args.prefix).exists():
        started = time.perf_counter()
        result = build(units=args.units, year=args.year, prefix=args.prefix)
        print(f"seed_scale: {result.units} units, {result.targets} targets, {result.reports} reports, "
              f"{result.lines} lines in {time.perf_counter() - started:.1f} s")
    root = Agency.objects.get(code=args.prefix)
    units = Agency.objects.filter(path__startswith=root.path, kind="unit").count()
    user = get_user_model().objects.get(username=f"{args.prefix.lower()}-secretariat")
    client = Client()
    client.force_login(user)

    pages = {
        "grid": reverse("reports:status-grid", args=[root.pk, args.year]),
        "dashboard": reverse("reports:dashboard", args=[root.pk, args.year]),
        "year-end Excel": reverse("reports:year-end", args=[root.pk, args.year]) + "?format=xlsx",
    }
    print(f"database: {connection.vendor}; units: {units}; runs: {args.runs}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("| page | median ms | min ms | max ms | median CPU ms | queries | size KB | goal ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    failed = False
    for name, url in pages.items():
        times, cpu, queries, size = measure(client, url, args.runs)
        median = statistics.median(times)
        failed |= median > GOALS_MS[name]
        print(f"| {name} | {median:.0f} | {min(times):.0f} | {max(times):.0f} | {statistics.median(cpu):.0f} | "
              f"{queries} | {size / 1024:.0f} | {GOALS_MS[name]} |")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
