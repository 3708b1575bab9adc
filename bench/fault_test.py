"""Fault test: PostgreSQL is restarted in the middle of the load test; nothing is lost, the app recovers.

bench/load_test.py's set-up and simulated users (scratch database, gunicorn in production mode, N unit
heads submitting their quarter while the secretariat opens the grid and dashboard), with two changes:
  - the users behave as people do with the "try again in a moment" page: after a 503 they wait 1-2 s and
    reload; a unit head whose save or submit failed re-opens the form and, unless it already shows the
    report as submitted, saves or submits again with what the form now holds;
  - once a share of the unit heads has saved a draft (--fault-at-saved), PostgreSQL is stopped
    (`pg_ctlcluster ... stop -m fast`, which cuts every connection), left down for --outage seconds, and
    started again. A probe asks /healthz (one query) every 0.2 s throughout.

It then asserts:
  - every request that failed got HTTP 503 with the Vietnamese page (templates/503.html: "Hệ thống tạm
    thời gián đoạn"): no 500, no other status, no request without an answer within the client timeout;
  - the outage did hit requests (else it proves nothing), and every 503 falls between the stop and
    --recovery-limit seconds after PostgreSQL accepts connections again;
  - the app serves again by itself (first /healthz 200) within --recovery-limit seconds of PostgreSQL being
    back, gunicorn untouched (same master, same worker count);
  - in the database (bench/load_test.py's check): every unit's report exactly once, submitted, with all
    its lines, events matching its version (no half-applied write), no line without its report, nothing
    else changed.
PostgreSQL is running when the script exits, also on failure or timeout. Exit status 0 when every
assertion holds, 1 otherwise.

Run from the repository root (it restarts the machine's PostgreSQL cluster: other users of it see a
few seconds of outage too):
    .venv/bin/python bench/fault_test.py                    # 100 unit heads, paced, 5 s outage
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_two_servers as two
import load_test as lt


def default_cluster() -> str:
    versions = sorted(Path("/etc/postgresql").glob("*/main"))
    return f"{versions[-1].parent.name}/main" if versions else "15/main"


class Postgres:
    """The local cluster, driven with Debian's pg_ctlcluster (as root: it switches to the postgres user)."""

    def __init__(self, cluster: str, admin_url: str) -> None:
        self.version, self.name = cluster.split("/", 1)
        self.admin_url = admin_url

    def ctl(self, *action: str, timeout: float = 90) -> str:
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, *action]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {output}")
        return output

    def accepting(self) -> bool:
        try:
            import psycopg2

            connection = psycopg2.connect(self.admin_url, connect_timeout=2)
            connection.close()
            return True
        except Exception:  # noqa: BLE001 - any failure means "not yet"
            return False

    def wait_accepting(self, seconds: float, poll: float = 0.1) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.accepting():
                return True
            time.sleep(poll)
        return False

    def ensure_running(self) -> str:
        """Start the cluster if it is down; never leave the machine without PostgreSQL."""
        if self.accepting():
            return "running"
        try:
            self.ctl("start")
        except Exception as exc:  # noqa: BLE001 - e.g. already starting: wait below
            print(f"   pg_ctlcluster start: {exc}")
        return "running" if self.wait_accepting(60) else "NOT RUNNING"


class Fault(threading.Thread):
    """Waits until the load is well under way, then stops PostgreSQL, waits, and starts it again."""

    def __init__(self, test: FaultTest) -> None:
        super().__init__(daemon=True, name="fault")
        self.test = test
        self.abort = threading.Event()
        self.times: dict[str, float] = {}
        self.error = ""

    def _start(self) -> None:
        try:
            self.test.postgres.ctl("start")
        except Exception as exc:  # noqa: BLE001
            self.error = f"{type(exc).__name__}: {exc}"

    def mark(self, name: str) -> None:
        self.times[name] = self.test.recorder.now()
        print(f"   {self.times[name]:6.1f} s: {name}")

    def run(self) -> None:
        args, test = self.test.args, self.test
        wanted = max(1, round(args.fault_at_saved * len(test.heads)))
        deadline = time.monotonic() + args.fault_after
        while time.monotonic() < deadline and not self.abort.is_set():
            saved = sum(1 for s in list(test.recorder.samples) if s.kind == "save draft" and s.outcome == "ok")
            if saved >= wanted or all(not h.is_alive() for h in test.heads):
                break
            time.sleep(0.2)
        if self.abort.is_set():
            return
        try:
            saved = sum(1 for s in list(test.recorder.samples) if s.kind == "save draft" and s.outcome == "ok")
            self.mark(f"PostgreSQL stop requested ({saved} drafts saved so far)")
            test.postgres.ctl("stop", "-m", "fast")
            self.mark("PostgreSQL stopped")
            if self.abort.wait(args.outage):
                return
            self.mark("PostgreSQL start requested")
            # pg_ctlcluster returns a while after the server is ready: watch for the first connection meanwhile.
            starting = threading.Thread(target=self._start, daemon=True)
            starting.start()
            if not test.postgres.wait_accepting(60, poll=0.05):
                self.error = self.error or "PostgreSQL did not accept connections within 60 s of starting"
                return
            self.mark("PostgreSQL accepts connections")
            starting.join(90)
            self.mark("pg_ctlcluster start returned")
        except Exception as exc:  # noqa: BLE001 - reported; the main thread makes sure PostgreSQL runs
            self.error = f"{type(exc).__name__}: {exc}"


class Probe(threading.Thread):
    """GET /healthz every 0.2 s from just before the fault until recovery (bounded)."""

    def __init__(self, test: FaultTest, fault: Fault) -> None:
        super().__init__(daemon=True, name="probe")
        self.fault = fault
        self.recorder = lt.Recorder(test.recorder.origin)
        budget = lt.Budget(5000, time.monotonic() + test.args.duration)
        self.client = lt.Client(
            f"http://127.0.0.1:{test.args.port}",
            self.recorder,
            budget,
            timeout=test.args.http_timeout,
            tolerate_503=True,
        )
        self.limit = test.args.recovery_limit
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set() and "PostgreSQL stop requested (" not in " ".join(self.fault.times):
            time.sleep(0.05)
        while not self.stop.is_set():
            try:
                reply = self.client.call("healthz", "/healthz", must_contain='"ok"')
            except lt.Unavailable:
                reply = None
            except lt.OutOfBudget:
                return
            back = next((t for name, t in self.fault.times.items() if name.startswith("PostgreSQL accepts")), None)
            if back is not None and reply is not None and reply.outcome == "ok":
                return  # served again
            if back is not None and self.recorder.now() > back + self.limit + 5:
                return
            if self.fault.error or not self.fault.is_alive() and back is None:
                return
            time.sleep(0.2)


class FaultTest(lt.LoadTest):
    retry = True

    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args)
        self.postgres = Postgres(args.cluster, args.admin_url)
        self.fault: Fault | None = None
        self.probe: Probe | None = None

    def run_with_fault(self) -> list[str]:
        master = self.server.process.pid
        workers_before = self.server.worker_count()
        self.start_load()
        self.fault = Fault(self)
        self.probe = Probe(self, self.fault)
        self.fault.start()
        self.probe.start()
        self.wait_load()
        self.fault.abort.set()
        self.fault.join(120)
        self.probe.stop.set()
        self.probe.join(self.args.http_timeout + 5)
        problems = self.report()
        problems += self.judge_fault(master, workers_before)
        return problems

    def judge_fault(self, master: int, workers_before: int) -> list[str]:
        args, fault = self.args, self.fault
        problems = []
        print("== the fault")
        if fault.error:
            problems.append(f"the restart did not go as planned: {fault.error}")
        times = fault.times
        stop = next((t for n, t in times.items() if n.startswith("PostgreSQL stop requested")), None)
        back = next((t for n, t in times.items() if n.startswith("PostgreSQL accepts")), None)
        if stop is None or back is None:
            problems.append("PostgreSQL was not restarted during the load (it ended first? lower --fault-at-saved)")
            return problems
        samples = self.recorder.samples
        probes = self.probe.recorder.samples
        unavailable = [s for s in samples if s.outcome == "503"]
        errors = [s for s in samples + probes if s.outcome == "error"]
        probe_503 = [s for s in probes if s.outcome == "503"]
        # The first answers after the stop; the app may answer a few ms before our own poll sees PostgreSQL back.
        recovered = next((s for s in probes if s.outcome == "ok" and s.start >= stop), None)
        first_ok_client = min(
            (
                s.end
                for s in samples
                if s.outcome == "ok" and s.start >= stop + 0.5 and not any(u.start >= s.end for u in unavailable)
            ),
            default=None,
        )
        print(
            f"   PostgreSQL down from {stop:.1f} s to {back:.1f} s ({back - stop:.1f} s, of which "
            f"{args.outage:g} s kept stopped on purpose)"
        )
        if unavailable:
            first, last = min(s.start for s in unavailable), max(s.end for s in unavailable)
            by_kind = {}
            for s in unavailable:
                by_kind[s.kind] = by_kind.get(s.kind, 0) + 1
            slowest = max((s.end - s.start) * 1000 for s in unavailable)
            print(
                f"   {len(unavailable)} requests of the users got the Vietnamese 503 page, from {first:.1f} s to "
                f"{last:.1f} s (slowest answer {slowest:.0f} ms): "
                + ", ".join(f"{kind} {n}" for kind, n in sorted(by_kind.items(), key=lambda kv: -kv[1]))
            )
            early = [s for s in unavailable if s.end < stop]
            late = [s for s in unavailable if s.start > back + args.recovery_limit]
            if early or late:
                problems.append(
                    f"503 outside the outage: {len(early)} before the stop, {len(late)} more than "
                    f"{args.recovery_limit:g} s after PostgreSQL was back"
                )
            tail = last - back
            print(
                f"   last 503 ended {abs(tail):.1f} s {'after' if tail >= 0 else 'before'} PostgreSQL accepted "
                f"connections again"
            )
        else:
            problems.append("no request hit the outage: the test proved nothing (raise --outage or move the fault)")
        print(f"   probe: {len(probes)} × /healthz, {len(probe_503)} × 503 with the Vietnamese page")
        if recovered is None:
            problems.append(f"/healthz did not answer 200 within {args.recovery_limit:g} s of PostgreSQL being back")
        else:
            delay = recovered.end - back
            print(
                f"   serving again: first /healthz 200 {delay:+.2f} s from PostgreSQL accepting connections (seen by a "
                f"0.05 s poll)"
                + (
                    f"; users' requests answered normally from {first_ok_client - back:+.2f} s on"
                    if first_ok_client is not None
                    else ""
                )
            )
            if delay > args.recovery_limit:
                problems.append(f"recovery took {delay:.1f} s (limit {args.recovery_limit:g} s)")
        if errors:
            statuses = sorted({s.status for s in errors})
            problems.append(
                f"{len(errors)} request(s) failed otherwise than with the 503 page (statuses {statuses}): "
                + "; ".join(f"{s.kind} {s.status} {s.detail[:120]}" for s in errors[:5])
            )
        if self.server.process.poll() is not None or self.server.process.pid != master:
            problems.append("gunicorn's master process did not survive")
        workers_after = self.server.worker_count()
        print(f"   gunicorn: same master (pid {master}), {workers_before} workers before, {workers_after} after")
        if workers_after != workers_before:
            problems.append(f"gunicorn has {workers_after} workers after the fault, {workers_before} before")
        unit_503 = sum(1 for s in unavailable if s.kind in ("save draft", "submit", "submit refused"))
        print(
            f"   writes that got the 503 page: {unit_503}; unit heads retried {sum(h.outcome.retries for h in self.heads)} "
            f"times; {sum(1 for h in self.heads if h.outcome.confirmed_on_reopen)} found their report already "
            f"submitted on re-opening the form"
        )
        self.results["fault"] = {
            "times": times,
            "outage_s": back - stop,
            "unavailable_503": len(unavailable),
            "by_kind": {k: sum(1 for s in unavailable if s.kind == k) for k in {s.kind for s in unavailable}},
            "probe_requests": len(probes),
            "probe_503": len(probe_503),
            "recovery_s": None if recovered is None else recovered.end - back,
            "first_client_ok_s": None if first_ok_client is None else first_ok_client - back,
            "last_503_after_back_s": None if not unavailable else max(s.end for s in unavailable) - back,
            "writes_503": unit_503,
            "errors": len(errors),
        }
        return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    lt.add_arguments(parser)
    parser.set_defaults(think=(2.0, 8.0), ramp=30.0, secretariat_think=(5.0, 10.0), port=8112)
    parser.add_argument(
        "--cluster", default=default_cluster(), help="PostgreSQL cluster to restart (default: %(default)s)"
    )
    parser.add_argument(
        "--outage", type=float, default=5.0, help="seconds PostgreSQL stays stopped (default: %(default)s)"
    )
    parser.add_argument(
        "--fault-at-saved",
        type=float,
        default=0.3,
        help="stop PostgreSQL once this share of unit heads has saved a draft (default: %(default)s)",
    )
    parser.add_argument(
        "--fault-after",
        type=float,
        default=120,
        help="... or after this many seconds of load at the latest (default: %(default)s)",
    )
    parser.add_argument(
        "--recovery-limit",
        type=float,
        default=10.0,
        help="seconds after PostgreSQL is back within which the app must serve again (default: %(default)s)",
    )
    args = parser.parse_args()
    usage = lt.check_usage(args)
    if usage:
        print(usage, file=sys.stderr)
        return 2
    if not 0 <= args.outage <= 60:
        print("--outage must be between 0 and 60 seconds", file=sys.stderr)
        return 2
    lt.install_deadline(args.timeout)
    test = FaultTest(args)
    problems: list[str] = []
    started = time.monotonic()
    try:
        if not test.postgres.accepting():
            raise two.CheckFailed(f"PostgreSQL does not accept connections at {args.admin_url}")
        test.setup()
        problems = test.run_with_fault()
    except BaseException as exc:  # noqa: BLE001 - setup failed, timed out or was interrupted: clean up below
        problems.append(f"{type(exc).__name__}: {exc}")
        if not isinstance(exc, (two.CheckFailed, lt.Deadline, KeyboardInterrupt, SystemExit)):
            traceback.print_exc()
        if test.server:
            print(test.server.log_tail())
    finally:
        lt.signal.alarm(0)
        if test.fault:
            test.fault.abort.set()
        if test.budget:
            test.budget.stop.set()
        state = test.postgres.ensure_running()  # before anything that needs the database
        if test.fault and test.fault.is_alive():
            test.fault.join(100)
            state = test.postgres.ensure_running()
        print(f"== PostgreSQL {state}")
        if state != "running":
            problems.append("PostgreSQL is not running")
        problems += test.cleanup()
    if args.json and test.results:
        test.results["problems"] = problems
        args.json.write_text(lt.json.dumps(test.results, indent=2, ensure_ascii=False, default=str))
    print(
        f"== done in {time.monotonic() - started:.0f} s; server stopped, "
        f"{'database kept' if args.keep_db else 'scratch database dropped'}, PostgreSQL {state}"
    )
    print(
        "FAILED: " + "; ".join(problems[-6:])
        if problems
        else "PASSED: outage answered with the Vietnamese 503 page, nothing lost or half-written, recovered by itself"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
