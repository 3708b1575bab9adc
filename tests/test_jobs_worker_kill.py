"""A real worker process is killed with SIGKILL in the middle of a print batch; a worker started again resumes
the batch within the documented bound (JOB_LEASE_SECONDS * 1.25) and finishes it.

Runs `manage.py migrate`, `demo_data` and two `manage.py worker` processes against a SQLite file of its own
(whatever DATABASE_URL the suite runs with: this is about processes, not about the database), with a
2-second lease. Takes about 40 s."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LEASE = 2
BOUND = LEASE * 1.25
SLACK = 5  # seconds of scheduling slack for a loaded machine (the reaper polls every LEASE/4 = 0.5 s)


def _env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp / "media"),
        JOB_LEASE_SECONDS=str(LEASE),
        JOB_MAX_ATTEMPTS="3",
        PYTHONUNBUFFERED="1",
        # The batch must render its decisions one after the other in the worker: copied from storage (print
        # once) or rendered together on the pool, the five were done before the test could see the batch
        # running, and there was nothing left to kill in the middle (on an idle machine).
        PRINT_STORE_AT_ISSUE="0",
        PRINT_BATCH_PROCESSES="1",
    )
    return env


def _manage(env, *args, timeout=180) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def _batch(db: Path, pk: int) -> dict:
    with sqlite3.connect(db, timeout=20) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute(
            "SELECT status, done, total, attempts, lease_owner, stop_reason, pdf, zip FROM objectives_printbatch WHERE id = ?",
            (pk,),
        ).fetchone()
    return dict(row)


def _wait(db: Path, pk: int, condition, timeout: float, what: str) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = _batch(db, pk)
        if condition(state):
            return state
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s; last state {state}")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_batch_whose_worker_was_killed_is_resumed_by_the_next_worker_within_the_bound(tmp_path):
    env = _env(tmp_path)
    db = tmp_path / "db.sqlite3"
    log = tmp_path / "worker.log"
    _manage(env, "migrate", "-v0")
    _manage(env, "demo_data")
    pk = int(
        _manage(
            env,
            "shell",
            "-c",
            (
                "from agencies.models import Agency; from agencies.permissions import SYSTEM; "
                "from objectives.printing.batch_services import batch_start; "
                "print(batch_start(agency=Agency.objects.get(code='DNI'), year=2026, user=SYSTEM).pk)"
            ),
        )
        .strip()
        .splitlines()[-1]
    )
    assert _batch(db, pk)["status"] == "queued"

    first = _worker(env, log)
    try:
        killed_at = _wait(db, pk, lambda s: s["status"] == "running" and s["done"] >= 1, 90, "first worker started")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    stuck = _batch(db, pk)
    assert stuck["status"] == "running" and stuck["done"] < stuck["total"] == 5, (killed_at, stuck)
    dead_owner = stuck["lease_owner"]
    assert dead_owner and stuck["attempts"] == 1

    second = _worker(env, log)
    try:
        # The bound counts from the worker's start (Python and Django take a few seconds to load first).
        deadline = time.monotonic() + 120
        while log.read_text(errors="replace").count("Starting worker") < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        _wait(db, pk, lambda s: s["lease_owner"] != dead_owner, BOUND + SLACK, "the dead worker's batch taken back")
        taken_back = time.monotonic() - started
        final = _wait(db, pk, lambda s: s["status"] in ("done", "failed"), 120, "the resumed batch finished")
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            second.kill()
    assert taken_back <= BOUND + SLACK, log.read_text()[-3000:]
    assert (final["status"], final["done"], final["total"], final["attempts"], final["stop_reason"]) == (
        "done",
        5,
        5,
        2,
        "resumed",
    ), log.read_text()[-3000:]
    assert final["lease_owner"] == ""
    with sqlite3.connect(db, timeout=20) as conn:
        # The print batch's tasks only (demo_data also queues notification e-mails).
        statuses = sorted(
            row[0]
            for row in conn.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
                ("objectives.tasks.export_print_batch",),
            )
        )
    assert statuses == ["FAILED", "SUCCESSFUL"]  # the killed worker's task is closed, not left "running"
    assert (tmp_path / "media" / final["pdf"]).stat().st_size > 10_000
    assert (tmp_path / "media" / final["zip"]).stat().st_size > 10_000
