"""Start-up cost of one worker process (issue 16, item 4), in a fresh Python process:

    DATABASE_URL=sqlite:////tmp/qms-bench.sqlite3 .venv/bin/python bench/bench_startup.py [--project DIR]

Prints the CPU time and RSS to load Django and the URL configuration (what a worker without
`preload_app` pays on its first request; with it, the master pays it once), the first request's time,
then the RSS after warming every page type (home, decision list and page, report form, grid, dashboard,
Excel export, decision PDF and Word). --project runs another checkout's code (e.g. main, for "before").
Needs the data of `seed_scale` (bench_reports.py --seed builds it).
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import os, resource, sys, time, json
def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
out = {}
t0 = time.process_time()
import django
django.setup()
out["setup_cpu_ms"] = (time.process_time() - t0) * 1000
t1 = time.process_time()
from django.urls import get_resolver
get_resolver().url_patterns
out["urlconf_cpu_ms"] = (time.process_time() - t1) * 1000
out["rss_after_urlconf_mb"] = rss_mb()
out["heavy_loaded"] = [m for m in ("weasyprint", "openpyxl", "docx", "pypdf") if m in sys.modules]
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment(debug=False)
from django.contrib.auth import get_user_model
from agencies.models import Agency
from objectives.models import Decision
from reports.models import Report
root = Agency.objects.get(code="SCALE")
c = Client(); c.force_login(get_user_model().objects.get(username="scale-secretariat"))
t2 = time.process_time()
assert c.get("/").status_code == 200
out["first_request_cpu_ms"] = (time.process_time() - t2) * 1000
decision = Decision.objects.filter(agency=root, year=2026).first()
pages = ["/decisions/", f"/decisions/{decision.pk}/", f"/reports/grid/{root.pk}/2026/",
         f"/reports/dashboard/{root.pk}/2026/", f"/reports/dashboard/{root.pk}/2026/?format=xlsx"]
for url in pages:
    assert c.get(url).status_code == 200, url
out["rss_after_pages_mb"] = rss_mb()
for suffix in ("pdf/", "docx/"):
    from django.urls import reverse
    url = reverse("print:decision-" + suffix.rstrip("/"), args=[decision.pk])
    t3 = time.process_time()
    r = c.get(url)
    out["first_" + suffix.rstrip("/") + "_cpu_ms"] = (time.process_time() - t3) * 1000
    assert r.status_code == 200, (url, r.status_code)
out["rss_after_print_mb"] = rss_mb()
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qms_portal.settings_test"}
    results = []
    for _ in range(args.runs):
        done = subprocess.run(
            [sys.executable, "-c", CHILD], cwd=args.project, env=env, capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    for key in results[0]:
        values = [r[key] for r in results]
        if isinstance(values[0], float):
            values = sorted(values)
            print(f"{key}: median {values[len(values) // 2]:.0f} (runs: {', '.join(f'{v:.0f}' for v in values)})")
        else:
            print(f"{key}: {values[0]}")


if __name__ == "__main__":
    main()
