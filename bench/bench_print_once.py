"""Benchmark of print once (issue 16, item 5; not a test): an issued decision's download rendered afresh (what
main did on every download) against served from storage, and a batch of N decisions rendered on one process,
on every core, and with everything already stored.

    .venv/bin/python bench/bench_print_once.py [--units 40] [--runs 7]

It builds its own data with seed_scale (decisions worded like the samples: 3-5 pages) in a throw-away SQLite
database and media folder. Downloads go through the whole middleware stack with the test client, logged in
as the synthetic province's secretariat; CPU time of this process and wall time, median of --runs after a
warm-up. Batches: wall time (the worker processes' CPU is not this process's), load average printed, because
the machine is shared: compare the ratios.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The render pool's workers import this file as their main module (Django is set up in them already): only the
# benchmark's own process makes the scratch folder.
MAIN = __name__ == "__main__"
SCRATCH = Path(tempfile.mkdtemp(prefix="qms-bench-print-once-")) if MAIN else Path(tempfile.gettempdir())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms_portal.settings_test")
if MAIN:
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(SCRATCH / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

if MAIN:
    settings.STORAGES["default"]["OPTIONS"]["location"] = str(SCRATCH / "media")
    settings.MEDIA_ROOT = SCRATCH / "media"
    settings.ALLOWED_HOSTS = ["*"]

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from objectives import render_pool  # noqa: E402
from objectives.models import Decision, PrintBatch, StoredRender  # noqa: E402
from objectives.printing.batch import run_batch  # noqa: E402
from objectives.printing.pdf import decision_html, html_to_pdf  # noqa: E402

PREFIX = "PRT"


def timed(call) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def download(client: Client, decision: Decision, name: str, *, stored: bool, runs: int) -> dict:
    url = reverse(name, args=[decision.pk])

    def get():
        if not stored:
            StoredRender.objects.filter(decision=decision).delete()  # as main: a render on every download
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    first = get()  # warm-up (fonts, stylesheet); with `stored`, this one renders and stores
    samples = [timed(get) for _ in range(runs)]
    return {
        "wall": statistics.median(s[0] for s in samples),
        "cpu": statistics.median(s[1] for s in samples),
        "bytes": len(first.content),
    }


def batch(root, *, processes: int, keep_stored: bool) -> tuple[float, PrintBatch]:
    settings.PRINT_BATCH_PROCESSES = processes
    if not keep_stored:
        StoredRender.objects.all().delete()
    job = PrintBatch.objects.create(agency=root, year=2026)
    start = time.perf_counter()
    job = run_batch(job.pk)
    return time.perf_counter() - start, job


def timed_job(html: str) -> tuple[int, float, bytes]:
    """A render on a pool worker, with the worker's pid and the CPU seconds it took."""
    start = time.process_time()
    pdf = render_pool.html_to_pdf_job(html)
    return os.getpid(), time.process_time() - start, pdf


def critical_path(htmls: list[str], workers: int) -> tuple[float, float, int]:
    """CPU seconds of rendering `htmls` in this process, and the most CPU seconds any one of `workers` pool
    processes spent on them: their ratio is the speed-up the pool gives on otherwise idle cores, whatever
    share of the CPU this session gets on a shared machine."""
    start = time.process_time()
    sequential = [html_to_pdf(html) for html in htmls]
    alone = time.process_time() - start
    pool = render_pool.pool(workers)
    try:
        list(pool.map(timed_job, htmls[:workers]))  # start the workers
        results = list(pool.map(timed_job, htmls))
    finally:
        pool.shutdown()
    per_process: dict[int, float] = {}
    for pid, seconds, _pdf in results:
        per_process[pid] = per_process.get(pid, 0) + seconds
    assert [pdf for _pid, _seconds, pdf in results] == sequential  # the same bytes from every process
    return alone, max(per_process.values()), len(per_process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_scale", "--units", str(args.units), "--prefix", PREFIX, stdout=io.StringIO())
    built = time.perf_counter() - started
    user = get_user_model().objects.get(username=f"{PREFIX.lower()}-secretariat")
    client = Client()
    client.force_login(user)
    root = Decision.objects.get(agency__code=PREFIX).agency
    table = Decision.objects.filter(agency__parent__isnull=False, appendix_form="table").order_by("pk").first()
    settings.PRINT_BATCH_PROCESSES = 0
    cores = render_pool.processes()

    print(f"# QMS Portal print-once benchmark · Python {platform.python_version()} · {cores} cores available")
    print(f"# {platform.platform()} · load average at start {os.getloadavg()[0]:.1f}")
    print(f"# data: seed_scale --units {args.units} ({Decision.objects.count()} issued decisions) in {built:.1f} s")
    print()
    print(f"{'download (median of ' + str(args.runs) + ')':<44} {'fresh ms':>9} {'stored ms':>10} {'ratio':>6}")
    for label, decision, name in (
        ("decision PDF, table appendix", table, "print:decision-pdf"),
        ("appendix PDF alone", table, "print:appendix-pdf"),
        ("Word file", table, "print:decision-docx"),
    ):
        fresh = download(client, decision, name, stored=False, runs=args.runs)
        kept = download(client, decision, name, stored=True, runs=args.runs)
        print(
            f"{label:<44} {fresh['wall'] * 1000:>9.1f} {kept['wall'] * 1000:>10.1f} "
            f"{fresh['wall'] / kept['wall']:>5.0f}x   (CPU {fresh['cpu'] * 1000:.1f} / {kept['cpu'] * 1000:.1f} ms)"
        )
    pages = len(PdfReader(io.BytesIO(client.get(reverse("print:decision-pdf", args=[table.pk])).content)).pages)
    print(f"(the table decision prints {pages} pages)")

    print()
    print(f"{'batch of the province (wall s)':<52} {'s':>9} {'vs 1 process':>13} {'load':>5}")
    one, job = batch(root, processes=1, keep_stored=False)
    assert job.status == "done" and not job.failures, job.failures
    rows = [("nothing stored, 1 process (as main)", one, job)]
    every, job = batch(root, processes=cores, keep_stored=False)
    assert job.status == "done" and not job.failures, job.failures
    rows.append((f"nothing stored, {cores} processes (forkserver starts)", every, job))
    again, job = batch(root, processes=cores, keep_stored=False)
    rows.append((f"nothing stored, {cores} processes (again)", again, job))
    kept, job = batch(root, processes=cores, keep_stored=True)
    rows.append(("everything stored (print once)", kept, job))
    for label, seconds, job in rows:
        print(
            f"{label:<52} {seconds:>9.1f} {one / seconds:>12.2f}x {os.getloadavg()[0]:>5.1f}   ({job.done} decisions)"
        )

    htmls = [decision_html(d) for d in Decision.objects.order_by("pk")[:12]]
    alone, busiest, used = critical_path(htmls, cores)
    print()
    print(
        f"CPU of {len(htmls)} renders: {alone:.1f} s in one process; the busiest of {used} pool processes "
        f"{busiest:.1f} s: {alone / busiest:.2f}x on idle cores"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(SCRATCH, ignore_errors=True)
