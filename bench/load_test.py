"""Load test: N unit heads submit their quarterly report at once while the secretariat watches.

What it does (loopback only, bounded in requests and time, always cleans up):
  1. creates a scratch PostgreSQL database, migrates it and builds, in-process with the project's bulk
     helper `reports.scale.build` (what `manage.py seed_scale` runs): a province with N units under
     communes of 20, every agency with an issued decision of twenty linked targets (twelve of them rates),
     and the reports of the periods already over (accepted), so that dashboards have a year to show.
     The reports of the current quarter (and of the half-year and year not over yet) are removed: that
     quarter is the one the unit heads submit now. Each unit gets its own unit head (known password);
     one secretariat user sees the whole province;
  2. collects static files into a temporary STATIC_ROOT and starts gunicorn in production mode (DEBUG=0,
     manifest static files) with docs/deploy/gunicorn.conf.py (2 x cores + 1 sync workers);
  3. warms the workers up (the pages below, read-only), then runs N unit-head threads and M secretariat
     threads, each with its own cookie jar (urllib + http.cookiejar), like browsers:
       unit head:   log-in page, log in, home, "my reports", the report form, save a draft (half the rows),
                    the form again, [a third of them miss one target: submit without cause and action,
                    which the form refuses], submit with cause and corrective action for every missed
                    target, the submitted report;
       secretariat: log in, then the status grid and the dashboard of the whole province, again and
                    again, until every unit head is done;
  4. prints throughput, p50/p95/p99 latency per kind of request (as the client saw it, and the server
     time from gunicorn's access log) and errors by status;
  5. checks in the database that every unit's report of the quarter is there exactly once, submitted by
     its unit head, with one complete line per target, its workflow events consistent with its version,
     nothing else changed; and that every submission the server accepted is among them.

Exit status 0 when there was no error and nothing is missing or duplicated, 1 otherwise, 2 on bad usage.

Run from the repository root:
    .venv/bin/python bench/load_test.py                          # 100 unit heads, 5 secretariat, all at once
    .venv/bin/python bench/load_test.py --think 2-8 --ramp 30 --secretariat-think 5-10   # paced (docs/performance.md)

bench/fault_test.py reuses this machinery and restarts PostgreSQL in the middle of the load.
"""

from __future__ import annotations

import argparse
import html
import http.cookiejar
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

sys.dont_write_bytecode = True  # the checkout is shared: leave no __pycache__ behind
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import check_two_servers as two  # (Database, Server, server_env, _NoRedirect: the same approach)

ROOT = two.ROOT
GUNICORN_CONF = two.GUNICORN_CONF
PREFIX = "LOAD"
PASSWORD = "tai-khoan-tai-2026"  # every load-test user's password (scratch database only)
UNAVAILABLE_PHRASE = "Hệ thống tạm thời gián đoạn"  # the title of templates/503.html in Vietnamese
USER_AGENT = "qms-load"  # + " <kind>": the kind of request also shows in gunicorn's access log
CAUSE = "Số hồ sơ tăng đột biến vào cuối quý, thiếu cán bộ tiếp nhận."
ACTION = "Bổ sung cán bộ một cửa, theo dõi tiến độ hằng tuần, nhắc hồ sơ sắp đến hạn."
KINDS = [
    "login page",
    "log in",
    "home",
    "my reports",
    "form",
    "save draft",
    "submit refused",
    "submit",
    "submitted view",
    "status grid",
    "dashboard",
]


ALL_BUT_LOG_IN = "all but log-in"


class Deadline(BaseException):
    """The whole run took too long (SIGALRM); a BaseException so that nothing swallows it."""


class OutOfBudget(Exception):
    """The request budget or the load's wall-clock limit is used up: the client stops."""


class Unavailable(Exception):
    """A request failed in a way a user would retry after a moment (503 page, connection trouble)."""


# --- The data ------------------------------------------------------------------------------------------------


@dataclass
class Unit:
    agency_id: int
    username: str
    expected_lines: int
    index: int


@dataclass
class Plan:
    root_id: int
    year: int
    period: str
    units: list[Unit]
    secretariat: str
    targets_per_unit: int
    other_reports: int  # reports of other periods and agencies, which the load must not change
    other_lines: int
    seconds: float


def current_quarter(today) -> str:
    return f"Q{(today.month - 1) // 3 + 1}"


def build_data(env: dict[str, str], units: int) -> Plan:
    """Migrate the scratch database and build the load's data, in this process (settings from `env`)."""
    started = time.perf_counter()
    for key in two.SETTINGS_VARIABLES:
        os.environ.pop(key, None)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "qms_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connections, transaction
    from django.utils import timezone

    from agencies.models import Agency, AgencyKind, Membership, Role
    from reports import periods, selectors
    from reports.models import Report, ReportEvent, ReportLine
    from reports.scale import _analyze, build

    call_command("migrate", interactive=False, verbosity=0)
    today = timezone.localdate()
    year, period = today.year, current_quarter(today)
    result = build(units=units, year=year, prefix=PREFIX, statuses=False)
    User = get_user_model()
    with transaction.atomic():
        # Periods not over yet have no reports on the deadline day of this quarter.
        open_periods = [p for p in periods.ORDER if periods.end(year, p) >= today]
        subtree = Agency.objects.filter(path__startswith=result.root.path)
        reports = Report.objects.filter(agency__in=subtree, year=year, period__in=open_periods)
        ReportLine.objects.filter(report__in=reports)._raw_delete("default")
        ReportEvent.objects.filter(report__in=reports)._raw_delete("default")
        reports._raw_delete("default")
        # One unit head per unit (seed_scale's single demo unit head is not used), one secretariat.
        password = make_password(PASSWORD)  # hashed once: the same password for everyone
        Membership.objects.filter(user__username=f"{PREFIX.lower()}-unithead").delete()
        User.objects.filter(username=f"{PREFIX.lower()}-unithead").delete()
        secretariat = User.objects.get(username=f"{PREFIX.lower()}-secretariat")
        secretariat.password = password
        secretariat.first_name, secretariat.last_name = "Thư ký", "ISO Tỉnh"
        secretariat.save()
        unit_agencies = list(subtree.filter(kind=AgencyKind.UNIT).order_by("path"))
        heads = User.objects.bulk_create(
            [
                User(
                    username=f"load-head-{i:03d}",
                    password=password,
                    first_name="Trưởng phòng",
                    last_name=f"{i:03d}",
                    email=f"load-head-{i:03d}@example.invalid",
                )
                for i in range(1, len(unit_agencies) + 1)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(user=head, agency=agency, role=Role.UNIT_HEAD) for head, agency in zip(heads, unit_agencies)]
        )
        plan_units = [
            Unit(agency.pk, head.username, len(selectors.reporting_targets(agency, year, period)), i)
            for i, (head, agency) in enumerate(zip(heads, unit_agencies))
        ]
        other_reports = Report.objects.count()
        other_lines = ReportLine.objects.count()
    _analyze()
    connections.close_all()
    return Plan(
        result.root.pk,
        year,
        period,
        plan_units,
        secretariat.username,
        result.targets // (1 + result.communes + result.units),
        other_reports,
        other_lines,
        time.perf_counter() - started,
    )


# --- HTTP: one client per simulated user -----------------------------------------------------------------------


@dataclass
class Sample:
    start: float  # seconds since the load started
    end: float
    kind: str
    status: int  # 0: no HTTP answer (timeout, refused, reset)
    outcome: str  # "ok", "503" (the Vietnamese page), "error"
    detail: str = ""


class Recorder:
    def __init__(self, origin: float) -> None:
        self.origin = origin
        self.samples: list[Sample] = []
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def now(self) -> float:
        return time.monotonic() - self.origin

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)
            if sample.outcome == "error" and len(self.errors) < 40:
                self.errors.append(f"{sample.end:7.2f}s {sample.kind}: {sample.status} {sample.detail}")


class Budget:
    """At most `max_requests` requests, and none after `deadline` (time.monotonic())."""

    def __init__(self, max_requests: int, deadline: float) -> None:
        self.max_requests = max_requests
        self.deadline = deadline
        self.used = 0
        self.exhausted = ""
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def take(self) -> None:
        with self.lock:
            if self.stop.is_set():
                raise OutOfBudget("stopped")
            if self.used >= self.max_requests:
                self.exhausted = self.exhausted or f"the request budget ({self.max_requests}) is used up"
                raise OutOfBudget(self.exhausted)
            if time.monotonic() > self.deadline:
                self.exhausted = self.exhausted or "the load's wall-clock limit was reached"
                raise OutOfBudget(self.exhausted)
            self.used += 1


@dataclass
class Reply:
    status: int
    body: str
    location: str
    outcome: str


def _multipart(fields: list[tuple[str, str]]) -> tuple[bytes, str]:
    """multipart/form-data as a browser sends the report form (with its empty file input)."""
    boundary = "----qmsload" + secrets.token_hex(12)
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n\r\n".encode()
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """One browser: its own cookie jar, redirects shown to the caller (as in a network panel)."""

    def __init__(
        self, base_url: str, recorder: Recorder, budget: Budget, *, timeout: float, tolerate_503: bool
    ) -> None:
        self.base = base_url
        self.recorder = recorder
        self.budget = budget
        self.timeout = timeout
        self.tolerate_503 = tolerate_503  # fault test: a 503 page is expected while PostgreSQL is down
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), two._NoRedirect()
        )

    def call(
        self,
        kind: str,
        path: str,
        *,
        form: list[tuple[str, str]] | None = None,
        multipart: bool = False,
        expect: tuple[int, ...] = (200,),
        must_contain: str = "",
    ) -> Reply:
        self.budget.take()
        url = self.base + path
        headers = {"User-Agent": f"{USER_AGENT} {kind.replace(' ', '-')}", "Accept-Language": "vi"}
        data = None
        if form is not None:
            if multipart:
                data, headers["Content-Type"] = _multipart(form)
            else:
                data = urllib.parse.urlencode(form).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers |= {"Origin": self.base, "Referer": url}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST" if form is not None else "GET")
        start = self.recorder.now()
        status, body, location, detail = 0, "", "", ""
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
                location = response.headers.get("Location", "")
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            with error:
                status, body = error.code, error.read().decode("utf-8", "replace")
                location = error.headers.get("Location", "")
        except (OSError, urllib.error.URLError) as error:  # timeout, refused, reset
            detail = f"{type(error).__name__}: {error}"
        end = self.recorder.now()
        if status in expect and (not must_contain or must_contain in body):
            outcome = "ok"
        elif status == 503 and UNAVAILABLE_PHRASE in body:
            outcome = "503" if self.tolerate_503 else "error"
            detail = detail or "the Vietnamese 503 page"
        else:
            outcome = "error"
            if status and not detail:
                detail = f"{path} -> {location or _snippet(body)}"
                if status in expect:
                    detail = f"{path}: {must_contain!r} missing: {_snippet(body)}"
        self.recorder.add(Sample(start, end, kind, status, outcome, detail))
        reply = Reply(status, body, location, outcome)
        if outcome != "ok" and (status in (0, 502, 503, 504)):
            raise Unavailable(f"{kind}: {status or detail}")
        return reply


def _snippet(body: str) -> str:
    alert = re.search(r'class="alert alert-danger[^"]*"[^>]*>(.*?)</div>', body, re.DOTALL)
    feedback = re.findall(r'class="invalid-feedback[^"]*"[^>]*>(.*?)</div>', body, re.DOTALL)
    text = " ".join(filter(None, [alert.group(1) if alert else "", *feedback[:3]])) or body[:300]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(text))).strip()[:300]


def csrf_token(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not match:
        raise Unavailable("no CSRF token on the page")
    return match.group(1)


# --- Filling in the report form, as a unit head would -----------------------------------------------------------


@dataclass
class Row:
    prefix: str
    fields: list[str]
    attrs: dict[str, str]

    def number(self, name: str) -> Decimal | None:
        value = self.attrs.get(name, "")
        return Decimal(value) if value not in ("", "None") else None


def parse_rows(body: str) -> list[Row]:
    rows = []
    for match in re.finditer(r'<fieldset class="card mb-3 report-row"([^>]*)>(.*?)</fieldset>', body, re.DOTALL):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', match.group(1))}
        names = re.findall(r'name="(t\d+)-(\w+)"', match.group(2))
        if names:
            fields = list(dict.fromkeys(name for _prefix, name in names))
            rows.append(Row(names[0][0], fields, attrs))
    return rows


def judge(row: Row, result) -> bool | None:
    """Mirror of reports.aggregation.judge for the comparators the data uses (what the page's script shows)."""
    comparator, value, upper = row.attrs.get("comparator"), row.number("value"), row.number("upper")
    if comparator == "done":
        return bool(result)
    met = {
        ">=": lambda: result >= value,
        ">": lambda: result > value,
        "<=": lambda: result <= value,
        "<": lambda: result < value,
        "=": lambda: result == value,
        "between": lambda: value <= result <= upper,
    }[comparator]()
    if (
        not met
        and row.attrs.get("final") != "1"
        and row.attrs.get("aggregation") == "sum"
        and row.attrs.get("measurement") == "value"
        and comparator in (">=", ">", "=", "between")
        and result < value
    ):
        return None
    return met


def fill_row(row: Row, rng: random.Random, want_met: bool) -> tuple[dict[str, str], bool]:
    """Figures for one row (as typed, Vietnamese style) and whether they miss the target."""
    measurement = row.attrs.get("measurement")
    if measurement == "yes_no":
        done = want_met or rng.random() < 0.5
        return {"done": "yes" if done else "no"}, not done
    if measurement == "ratio":
        den = rng.choice([40, 85, 120, 264, 1200, 2315])
        target = row.number("value") or Decimal(0)
        near = int(den * target / 100)
        candidates = (den, near + 1, near, max(0, near - den // 10), 0)
        tries = [(n, judge(row, Decimal(n) * 100 / den)) for n in dict.fromkeys(c for c in candidates if 0 <= c <= den)]
    else:  # a value; counts summed over the year are judged on the year to date
        ytd = Decimal(row.attrs.get("ytd-before") or 0) if row.attrs.get("aggregation") == "sum" else Decimal(0)
        target = row.number("value") or Decimal(0)
        candidates = [0, 1, 2, int(target), int(target) + 1, max(0, int(target - ytd)), int(row.number("upper") or 0)]
        if row.attrs.get("unit") == "percent":
            candidates = [c for c in candidates if c <= 100]
        tries = [(n, judge(row, ytd + n)) for n in dict.fromkeys(c for c in candidates if c >= 0)]
    wanted = bool(want_met)
    chosen = next(((n, met) for n, met in tries if met is wanted), None) or next(
        ((n, met) for n, met in tries if met is not False), tries[0]
    )
    if measurement == "ratio":
        figures = {"numerator": _typed(Decimal(chosen[0])), "denominator": _typed(Decimal(den))}
    else:
        figures = {"value": _typed(Decimal(chosen[0]))}
    if "previous_value" in row.fields:
        figures["previous_value"] = _typed(Decimal(chosen[0] + 5))
    return figures, chosen[1] is False


def _typed(number: Decimal) -> str:
    """As people type it here: 1.200 for twelve hundred, 96,5 for a decimal."""
    whole = int(number)
    text = f"{whole:,}".replace(",", ".")
    if number != whole:
        text += "," + str(number).split(".")[1]
    return text


# --- The simulated users -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    username: str
    agency_id: int
    submitted: bool = False  # the server answered the submit with its redirect
    confirmed_on_reopen: bool = False  # a submit failed, the re-opened form showed it submitted
    retries: int = 0
    errors: int = 0
    note: str = ""
    began: float | None = None  # seconds since the load started: first request sent, last answer received
    ended: float | None = None


class UserBase(threading.Thread):
    def __init__(
        self,
        client: Client,
        username: str,
        *,
        think: tuple[float, float],
        rng: random.Random,
        start_delay: float,
        retry: bool,
    ) -> None:
        super().__init__(daemon=True, name=username)
        self.client = client
        self.username = username
        self.think_range = think
        self.rng = rng
        self.start_delay = start_delay
        self.retry = retry  # fault test: retry after a 503 as a person would; otherwise give up on errors
        self.logged_in = False

    def think(self) -> None:
        low, high = self.think_range
        if high > 0:
            self._sleep(self.rng.uniform(low, high))

    def _sleep(self, seconds: float) -> None:
        if self.client.budget.stop.wait(seconds):
            raise OutOfBudget("stopped")

    def back_off(self) -> None:
        """After the "try again in a moment" page: wait a moment (1-2 s), like a person."""
        self._sleep(self.rng.uniform(1.0, 2.0))

    def log_in(self) -> None:
        page = self.client.call("login page", "/accounts/login/")
        self.think()
        reply = self.client.call(
            "log in",
            "/accounts/login/",
            form=[
                ("csrfmiddlewaretoken", csrf_token(page.body)),
                ("username", self.username),
                ("password", PASSWORD),
                ("next", ""),
            ],
            expect=(302,),
        )
        if reply.outcome != "ok":
            raise Unavailable(f"log-in refused: {reply.status}")
        self.logged_in = True


class UnitHead(UserBase):
    """Logs in, opens the quarter's report, saves a draft, submits (after one refusal for a third of them)."""

    def __init__(self, client: Client, unit: Unit, plan: Plan, **kwargs) -> None:
        super().__init__(client, unit.username, **kwargs)
        self.unit = unit
        self.path = f"/reports/{unit.agency_id}/{plan.year}/{plan.period}/"
        self.year = plan.year
        self.outcome = Outcome(unit.username, unit.agency_id)
        self.misses = unit.index % 3 == 0  # a third of the units miss one target this quarter
        self.saved = self.refused = False
        self.figures: dict[str, dict[str, str]] | None = None
        self.missed: set[str] = set()

    def run(self) -> None:
        try:
            self._sleep(self.start_delay)
            self.outcome.began = self.client.recorder.now()
            attempts = 0
            while not (self.outcome.submitted or self.outcome.confirmed_on_reopen):
                attempts += 1
                if attempts > 40:
                    self.outcome.note = "gave up after 40 attempts"
                    return
                try:
                    self.step()
                except Unavailable as problem:
                    self.outcome.retries += 1
                    if not self.retry:
                        self.outcome.note = str(problem)
                        return
                    self.back_off()
        except OutOfBudget as stop:
            self.outcome.note = self.outcome.note or f"stopped: {stop}"
        except Exception as exc:  # noqa: BLE001 - a bug in this script must show, not hang the run
            self.outcome.note = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
        finally:
            self.outcome.ended = self.client.recorder.now()

    def step(self) -> None:
        """One pass, from wherever the user is: what a person does after reloading the page."""
        if not self.logged_in:
            self.log_in()
            self.think()
            self.client.call("home", "/")
            self.think()
            self.client.call("my reports", f"/reports/?year={self.year}", must_contain=self.path)
            self.think()
        page = self.client.call("form", self.path)
        if page.outcome != "ok":
            raise Unavailable(f"form: {page.status}")
        if 'id="report-form"' not in page.body:
            if "bi-hourglass-split" in page.body:  # already submitted: an earlier submit went through
                self.outcome.confirmed_on_reopen = True
                return
            if 'name="username"' in page.body:  # sent to the log-in page: the session is gone
                self.logged_in = False
                raise Unavailable("session lost")
            raise Unavailable(f"the form is not editable: {_snippet(page.body)}")
        rows = parse_rows(page.body)
        if self.figures is None:
            self.figures = {}
            for i, row in enumerate(rows):
                figures, missed = fill_row(row, self.rng, want_met=not (self.misses and i == 0))
                self.figures[row.prefix] = figures
                if missed:
                    self.missed.add(row.prefix)
        self.think()
        if not self.saved:
            self.post(page, rows, "save", "save draft", upto=len(rows) // 2)
            self.saved = True
            return  # the redirect brings the form back: next pass
        if self.missed and not self.refused:
            refusal = self.post(
                page, rows, "submit", "submit refused", with_causes=False, expect=(200,), must_contain="is-invalid"
            )
            if refusal.outcome == "ok":
                self.refused = True
                page = refusal  # the form is shown again with the messages next to the rows
                self.think()
        reply = self.post(page, rows, "submit", "submit", expect=(302,))
        if reply.outcome == "ok":
            self.outcome.submitted = True
            self.client.call("submitted view", self.path, must_contain="bi-hourglass-split")
        else:
            self.outcome.errors += 1
            raise Unavailable(f"submit: {reply.status}")

    def post(
        self,
        page: Reply,
        rows: list[Row],
        action: str,
        kind: str,
        *,
        upto: int | None = None,
        with_causes: bool = True,
        expect=(302,),
        must_contain: str = "",
    ) -> Reply:
        lock = re.search(r'name="lock_version" value="(\d+)"', page.body)
        form = [("csrfmiddlewaretoken", csrf_token(page.body)), ("lock_version", lock.group(1) if lock else "0")]
        for i, row in enumerate(rows):
            typed = self.figures.get(row.prefix, {}) if upto is None or i < upto else {}
            for name in row.fields:
                if name == "done":
                    if name in typed:
                        form.append((f"{row.prefix}-done", typed[name]))
                    continue
                value = typed.get(name, "")
                if name == "evidence" and typed:
                    value = "Sổ theo dõi hồ sơ một cửa, phần mềm iGate."
                if name in ("cause", "action") and with_causes and row.prefix in self.missed:
                    value = CAUSE if name == "cause" else ACTION
                form.append((f"{row.prefix}-{name}", value))
        form += [("note", f"Báo cáo {self.unit.username}"), ("action", action)]
        return self.client.call(kind, self.path, form=form, multipart=True, expect=expect, must_contain=must_contain)


class Secretariat(UserBase):
    """Logs in once, then opens the province's status grid and dashboard until the unit heads are done."""

    def __init__(self, client: Client, username: str, plan: Plan, done: threading.Event, **kwargs) -> None:
        super().__init__(client, username, **kwargs)
        self.grid = f"/reports/grid/{plan.root_id}/{plan.year}/"
        self.dashboard = f"/reports/dashboard/{plan.root_id}/{plan.year}/"
        self.done = done
        self.note = ""

    def run(self) -> None:
        try:
            self._sleep(self.start_delay)
            while not self.done.is_set():
                try:
                    if not self.logged_in:
                        self.log_in()
                        self.think()
                    for kind, path in (("status grid", self.grid), ("dashboard", self.dashboard)):
                        if self.done.is_set():
                            break
                        reply = self.client.call(kind, path, must_contain="</html>")
                        if reply.status == 302:
                            self.logged_in = False
                        self.think()
                except Unavailable as problem:
                    if not self.retry:
                        self.note = str(problem)
                    self.back_off()
        except OutOfBudget as stop:
            self.note = f"stopped: {stop}"
        except Exception as exc:  # noqa: BLE001
            self.note = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()


# --- The server ------------------------------------------------------------------------------------------------


@dataclass
class LoadServer(two.Server):
    workers: int | None = None  # None: what docs/deploy/gunicorn.conf.py says (2 x cores + 1)

    def start(self) -> None:
        if two._port_open(self.port):
            raise two.CheckFailed(f"127.0.0.1:{self.port} is already in use; stop whatever listens there first")
        command = [
            str(two.VENV_BIN / "gunicorn"),
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--chdir",
            str(self.app_dir),
            "--name",
            f"qms-load-{self.name}",
            "--access-logfile",
            str(self.log_dir / f"{self.name}-access.log"),
            "--error-logfile",
            str(self.log_dir / f"{self.name}-error.log"),
        ]
        if self.workers:
            command += ["--workers", str(self.workers)]
        command.append("qms_portal.wsgi:application")
        with open(self.log_dir / f"{self.name}-stdout.log", "wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=self.app_dir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def worker_pids(self) -> list[int]:
        try:
            out = subprocess.run(
                ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return [int(pid) for pid in out.split()]

    def worker_count(self) -> int:
        return len(self.worker_pids())


def server_time_by_kind(access_log: Path, since_line: int) -> dict[str, list[float]]:
    """Server time (ms, gunicorn's %(M)s) per kind of request, from the access log's user agent."""
    times: dict[str, list[float]] = defaultdict(list)
    pattern = re.compile(r'" (\d{3}) \S+ (\d+)ms "[^"]*" "' + USER_AGENT + r' ([\w-]+)"')
    try:
        lines = access_log.read_text(errors="replace").splitlines()[since_line:]
    except OSError:
        return times
    for line in lines:
        match = pattern.search(line)
        if match:
            times[match.group(3).replace("-", " ")].append(float(match.group(2)))
    return times


def log_lines(path: Path) -> int:
    try:
        return len(path.read_text(errors="replace").splitlines())
    except OSError:
        return 0


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15 of stat)
    except (OSError, IndexError, ValueError):
        return 0


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


class CpuMeter:
    """CPU seconds used during the load: the whole machine, gunicorn (master and workers), PostgreSQL (the
    whole cluster: other users' databases included) and this load generator (every thread)."""

    def __init__(self, server: LoadServer) -> None:
        self.server = server
        self.hz = os.sysconf("SC_CLK_TCK")
        self.start = self._snapshot()

    def _snapshot(self) -> dict[str, float]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:9]]
        busy = sum(values) - values[3] - values[4]  # minus idle and iowait
        pids = [self.server.process.pid, *self.server.worker_pids()] if self.server.process else []
        return {
            "machine": busy / self.hz,
            "wall": time.monotonic(),
            "gunicorn": sum(_ticks(pid) for pid in pids) / self.hz,
            "postgres": {pid: _ticks(pid) for pid in _postgres_pids()},
            "load generator": time.process_time(),
        }

    def used(self) -> dict[str, float]:
        end = self._snapshot()
        # PostgreSQL per process: a backend or a restarted server that began during the load counts from 0.
        postgres = sum(max(0, ticks - self.start["postgres"].get(pid, 0)) for pid, ticks in end["postgres"].items())
        used = {key: max(0.0, end[key] - self.start[key]) for key in end if key != "postgres"}
        used["postgres"] = postgres / self.hz
        used["other processes"] = max(
            0.0, used["machine"] - used["gunicorn"] - used["postgres"] - used["load generator"]
        )
        used["cores"] = os.cpu_count() or 1
        return used


# --- Statistics ----------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(samples: list[Sample], wall: float, server_ms: dict[str, list[float]]) -> dict:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    table = []
    log_ins = ("login page", "log in")
    for kind in [k for k in KINDS if k in by_kind] + sorted(set(by_kind) - set(KINDS)) + ["all", ALL_BUT_LOG_IN]:
        if kind == "all":
            group, server = samples, [ms for values in server_ms.values() for ms in values]
        elif kind == ALL_BUT_LOG_IN:  # users already logged in: what the log-ins' queue costs the others
            group = [s for s in samples if s.kind not in log_ins]
            server = [ms for k, values in server_ms.items() if k not in log_ins for ms in values]
        else:
            group, server = by_kind[kind], server_ms.get(kind, [])
        ok = [(s.end - s.start) * 1000 for s in group if s.outcome == "ok"]
        table.append(
            {
                "kind": kind,
                "requests": len(group),
                "ok": len(ok),
                "p50": percentile(ok, 0.50),
                "p95": percentile(ok, 0.95),
                "p99": percentile(ok, 0.99),
                "max": max(ok) if ok else float("nan"),
                "server_p50": percentile(server, 0.50),
                "server_p95": percentile(server, 0.95),
                "503": sum(1 for s in group if s.outcome == "503"),
                "errors": sum(1 for s in group if s.outcome == "error"),
            }
        )
    statuses = Counter(s.status for s in samples if s.outcome != "ok")
    return {
        "requests": len(samples),
        "wall_s": wall,
        "throughput": len(samples) / wall if wall else 0.0,
        "table": table,
        "non_ok_by_status": {str(k): v for k, v in sorted(statuses.items())},
        "errors": sum(1 for s in samples if s.outcome == "error"),
        "unavailable_503": sum(1 for s in samples if s.outcome == "503"),
    }


def print_summary(summary: dict) -> None:
    print(f"\n{summary['requests']} requests in {summary['wall_s']:.1f} s: {summary['throughput']:.1f} req/s")
    header = (
        f"{'kind':<16}{'requests':>9}{'ok':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        f"{'srv p50':>9}{'srv p95':>9}{'503':>6}{'errors':>8}"
    )
    print(header)
    print("-" * len(header))
    for row in summary["table"]:
        if row["kind"] == "all":
            print("-" * len(header))
        print(
            f"{row['kind']:<16}{row['requests']:>9}{row['ok']:>7}{row['p50']:>9.0f}{row['p95']:>9.0f}{row['p99']:>9.0f}"
            f"{row['max']:>9.0f}{row['server_p50']:>9.0f}{row['server_p95']:>9.0f}{row['503']:>6}{row['errors']:>8}"
        )
    print(f"answers other than the expected one, by status (0 = no answer): {summary['non_ok_by_status'] or 'none'}")


# --- Checking the database -----------------------------------------------------------------------------------


def verify(db: two.Database, plan: Plan, outcomes: list[Outcome]) -> list[str]:
    """Every unit's report of the quarter exactly once, submitted, complete and consistent; nothing else changed."""
    problems = []
    heads = {u.agency_id: u for u in plan.units}
    rows = db.rows(
        """
        SELECT r.agency_id, count(*) OVER (PARTITION BY r.agency_id), r.id, r.status, r.submitted_at IS NOT NULL,
               u.username, r.lock_version,
               (SELECT count(*) FROM reports_reportline l WHERE l.report_id = r.id),
               (SELECT count(DISTINCT l.target_id) FROM reports_reportline l WHERE l.report_id = r.id),
               (SELECT count(*) FROM reports_reportevent e WHERE e.report_id = r.id AND e.action = 'submit'),
               (SELECT count(*) FROM reports_reportevent e WHERE e.report_id = r.id AND e.action IN ('save', 'submit')),
               (SELECT count(*) FROM reports_reportevent e WHERE e.report_id = r.id AND e.action = 'create')
        FROM reports_report r LEFT JOIN auth_user u ON u.id = r.submitted_by_id
        WHERE r.year = %s AND r.period = %s
    """,
        (plan.year, plan.period),
    )
    seen: dict[int, int] = {}
    for (
        agency_id,
        copies,
        report_id,
        status,
        has_date,
        submitter,
        lock,
        lines,
        distinct_targets,
        submits,
        writes,
        creates,
    ) in rows:
        seen[agency_id] = copies
        unit = heads.get(agency_id)
        where = f"report {report_id} (agency {agency_id})"
        if unit is None:
            problems.append(f"{where}: not one of the load's units")
            continue
        if copies != 1:
            problems.append(f"{where}: {copies} reports for the same unit and period")
        if status != "submitted" or not has_date:
            problems.append(f"{where}: status {status!r}, submitted_at {'set' if has_date else 'missing'}")
        if submitter != unit.username:
            problems.append(f"{where}: submitted by {submitter!r}, not {unit.username}")
        if lines != unit.expected_lines or distinct_targets != lines:
            problems.append(f"{where}: {lines} lines ({distinct_targets} targets), expected {unit.expected_lines}")
        if submits != 1 or creates != 1 or writes != lock:
            problems.append(
                f"{where}: {creates} create, {submits} submit events; {writes} save/submit events "
                f"for version {lock} (a half-applied write?)"
            )
    missing = [u.username for u in plan.units if u.agency_id not in seen]
    if missing:
        problems.append(
            f"{len(missing)} unit(s) without a report: {', '.join(missing[:10])}{' …' if len(missing) > 10 else ''}"
        )
    # Lines must belong to their unit's decision and be complete for a submitted report.
    bad_lines = db.rows(
        """
        SELECT l.id, r.id, t.measurement, l.numerator, l.denominator, l.value, l.done, l.met, l.cause, l.action,
               d.agency_id = r.agency_id, t.frequency
        FROM reports_reportline l JOIN reports_report r ON r.id = l.report_id
             JOIN objectives_target t ON t.id = l.target_id JOIN objectives_objective o ON o.id = t.objective_id
             JOIN objectives_decision d ON d.id = o.decision_id
        WHERE r.year = %s AND r.period = %s AND (
              d.agency_id <> r.agency_id OR t.frequency <> 'quarterly'
           OR (t.measurement = 'ratio' AND (l.numerator IS NULL OR l.denominator IS NULL))
           OR (t.measurement = 'value' AND l.value IS NULL) OR (t.measurement = 'yes_no' AND l.done IS NULL)
           OR (l.met IS FALSE AND (l.cause = '' OR l.action = '')))
        LIMIT 10
    """,
        (plan.year, plan.period),
    )
    for line in bad_lines:
        problems.append(f"line {line[0]} of report {line[1]}: incomplete or foreign {line[2:]}")
    orphans = db.value(
        "SELECT count(*) FROM reports_reportline l LEFT JOIN reports_report r ON r.id = l.report_id WHERE r.id IS NULL"
    )
    if orphans:
        problems.append(f"{orphans} report lines without their report")
    others = db.rows(
        "SELECT count(*) FROM reports_report WHERE NOT (year = %s AND period = %s)", (plan.year, plan.period)
    )
    other_lines = db.value(
        "SELECT count(*) FROM reports_reportline l JOIN reports_report r ON r.id = l.report_id "
        "WHERE NOT (r.year = %s AND r.period = %s)",
        (plan.year, plan.period),
    )
    if others[0][0] != plan.other_reports or other_lines != plan.other_lines:
        problems.append(
            f"other periods changed: {others[0][0]} reports / {other_lines} lines, "
            f"expected {plan.other_reports} / {plan.other_lines}"
        )
    # Every submission the server accepted (302) is in the database; every unit's client saw its outcome.
    accepted = {o.agency_id for o in outcomes if o.submitted}
    lost = sorted(heads[a].username for a in accepted if a not in seen)
    if lost:
        problems.append(f"accepted submissions missing from the database: {', '.join(lost[:10])}")
    unfinished = [o for o in outcomes if not (o.submitted or o.confirmed_on_reopen)]
    for o in unfinished[:10]:
        problems.append(f"{o.username} did not finish: {o.note or 'unknown'}")
    if len(unfinished) > 10:
        problems.append(f"… and {len(unfinished) - 10} more unit heads did not finish")
    return problems


# --- Running it -------------------------------------------------------------------------------------------------


def think_range(text: str) -> tuple[float, float]:
    low, _sep, high = text.partition("-")
    low_f = float(low)
    high_f = float(high) if high else low_f
    if low_f < 0 or high_f < low_f:
        raise argparse.ArgumentTypeError(f"expected seconds as A or A-B with 0 <= A <= B, got {text!r}")
    return low_f, high_f


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--users", type=int, default=100, help="unit heads, one unit each (default: %(default)s)")
    parser.add_argument(
        "--secretariat",
        type=int,
        default=5,
        help="secretariat clients opening the grid and dashboard (default: %(default)s)",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=300,
        help="wall-clock limit of the load itself, in seconds (default: %(default)s)",
    )
    parser.add_argument("--max-requests", type=int, default=20000, help="request budget (default: %(default)s)")
    parser.add_argument(
        "--think",
        type=think_range,
        default=(0.0, 0.0),
        metavar="A[-B]",
        help="seconds a unit head pauses between steps, uniform in A-B (default: 0, all out)",
    )
    parser.add_argument(
        "--secretariat-think",
        type=think_range,
        default=(0.0, 0.0),
        metavar="A[-B]",
        help="seconds a secretariat client pauses between pages (default: 0, all out)",
    )
    parser.add_argument(
        "--ramp",
        type=float,
        default=0.0,
        help="start the unit heads evenly over this many seconds (default: 0, all at once)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers (default: docs/deploy/gunicorn.conf.py, 2 x cores + 1)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="threads per worker (GUNICORN_THREADS; > 1 means gthread workers; default: the conf's 1)",
    )
    parser.add_argument("--no-warmup", action="store_true", help="skip the read-only warm-up of the workers")
    parser.add_argument(
        "--http-timeout", type=float, default=30, help="client timeout per request (default: %(default)s s)"
    )
    parser.add_argument("--port", type=int, default=8111, help="gunicorn's port on 127.0.0.1 (default: %(default)s)")
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL role that may create databases (default: %(default)s)",
    )
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="STATIC_MANIFEST=0 instead of collecting static files (faster to start)",
    )
    parser.add_argument("--keep-db", action="store_true", help="keep the scratch database (its name is printed)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--timeout",
        type=int,
        default=900,
        help="give up after this many seconds, setup included (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the simulated users")


class LoadTest:
    """Set-up, load, verification and clean-up; bench/fault_test.py drives the same steps."""

    retry = False  # fault test: users retry after 503 pages

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="qms-load-"))
        self.logs = self.work / "logs"
        self.logs.mkdir()
        self.db = two.Database(args.admin_url)
        self.db.name = f"qms_load_{os.getpid()}_{int(time.time())}"
        self.db.url = f"{args.admin_url.rsplit('/', 1)[0]}/{self.db.name}"
        self.server: LoadServer | None = None
        self.plan: Plan | None = None
        self.recorder: Recorder | None = None
        self.budget: Budget | None = None
        self.heads: list[UnitHead] = []
        self.secretaries: list[Secretariat] = []
        self.results: dict = {}

    def env(self) -> dict[str, str]:
        port = self.args.port
        env = two.server_env(
            self.db.url, self.work / "media", secrets.token_urlsafe(50), not self.args.no_collectstatic, (port, port)
        )
        env |= {"STATIC_ROOT": str(self.work / "static"), "AXES_FAILURE_LIMIT": "5", "LOG_LEVEL": "WARNING"}
        # Production asks the secretariat for a second factor once per browser (remembered for 30 days); the
        # simulated secretariat stands for browsers that passed it already. Unit heads never need it.
        env["TWO_FACTOR_ROLES"] = ""
        if self.args.threads:
            env["GUNICORN_THREADS"] = str(self.args.threads)
        return env

    def setup(self) -> None:
        args = self.args
        print(f"== scratch database {self.db.name}, work folder {self.work}")
        self.db.create()
        (self.work / "media").mkdir()
        env = self.env()
        print(f"== migrate and build {args.users} units (reports.scale.build, in-process)")
        self.plan = build_data(env, args.users)
        plan = self.plan
        print(
            f"   {len(plan.units)} units with a unit head each, {plan.targets_per_unit} targets per decision "
            f"({plan.units[0].expected_lines} reported in {plan.period} {plan.year}); secretariat {plan.secretariat} "
            f"over the province (agency {plan.root_id}); {plan.other_reports} earlier reports; {plan.seconds:.1f} s"
        )
        if not args.no_collectstatic:
            print("== collectstatic into a temporary STATIC_ROOT (manifest, compressed)")
            two.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                log=self.logs / "collectstatic.log",
            )
        self.server = LoadServer("app", args.port, ROOT, env, self.logs, workers=args.workers)
        self.server.start()
        self.server.wait_ready()
        print(
            f"== gunicorn on 127.0.0.1:{args.port}: {self.server.worker_count()} workers ({GUNICORN_CONF.relative_to(ROOT)}"
            f"{', --workers ' + str(args.workers) if args.workers else ''}"
            f"{', GUNICORN_THREADS=' + str(args.threads) if args.threads else ''}), DEBUG=0"
        )
        if not args.no_warmup:
            self.warm_up()

    def warm_up(self) -> None:
        """Read-only requests so that every worker has imported its views and compiled its templates."""
        started = time.monotonic()
        recorder = Recorder(time.monotonic())
        budget = Budget(10_000, time.monotonic() + 120)
        plan = self.plan
        workers = self.server.worker_count() or 5
        for username in (plan.secretariat, plan.units[-1].username):
            client = Client(
                f"http://127.0.0.1:{self.args.port}",
                recorder,
                budget,
                timeout=self.args.http_timeout,
                tolerate_503=False,
            )
            user = UserBase(client, username, think=(0, 0), rng=random.Random(0), start_delay=0, retry=False)
            user.log_in()
            if username == plan.secretariat:
                paths = [
                    f"/reports/grid/{plan.root_id}/{plan.year}/",
                    f"/reports/dashboard/{plan.root_id}/{plan.year}/",
                ]
            else:
                paths = [
                    "/",
                    f"/reports/?year={plan.year}",
                    f"/reports/{plan.units[-1].agency_id}/{plan.year}/{plan.period}/",
                ]
            threads = [
                threading.Thread(target=lambda p=p, c=client: [c.call("warm-up", p) for _ in range(workers)])
                for p in paths
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
        bad = [s for s in recorder.samples if s.outcome != "ok"]
        if bad:
            raise two.CheckFailed(f"warm-up failed: {bad[:3]}")
        print(f"== warm-up: {len(recorder.samples)} read-only requests in {time.monotonic() - started:.1f} s")

    def start_load(self) -> None:
        args, plan = self.args, self.plan
        base = f"http://127.0.0.1:{args.port}"
        origin = time.monotonic()
        self.recorder = Recorder(origin)
        self.budget = Budget(args.max_requests, origin + args.duration)
        self.access_from = log_lines(self.logs / "app-access.log")
        self.heads_done = threading.Event()
        rng = random.Random(args.seed)
        for unit in plan.units:
            client = Client(base, self.recorder, self.budget, timeout=args.http_timeout, tolerate_503=self.retry)
            delay = args.ramp * unit.index / max(1, len(plan.units))
            self.heads.append(
                UnitHead(
                    client,
                    unit,
                    plan,
                    think=args.think,
                    rng=random.Random(rng.random()),
                    start_delay=delay,
                    retry=self.retry,
                )
            )
        for i in range(args.secretariat):
            client = Client(base, self.recorder, self.budget, timeout=args.http_timeout, tolerate_503=self.retry)
            self.secretaries.append(
                Secretariat(
                    client,
                    plan.secretariat,
                    plan,
                    self.heads_done,
                    think=args.secretariat_think,
                    rng=random.Random(rng.random()),
                    start_delay=0.2 * i,
                    retry=self.retry,
                )
            )
        print(
            f"== load: {len(self.heads)} unit heads (think {args.think[0]:g}-{args.think[1]:g} s, ramp {args.ramp:g} s), "
            f"{len(self.secretaries)} secretariat clients (think {args.secretariat_think[0]:g}-{args.secretariat_think[1]:g} s); "
            f"limits {args.max_requests} requests, {args.duration:g} s"
        )
        self.load_average = [os.getloadavg()[0]]  # 1-minute load of the machine, shared with other work
        self.cpu = CpuMeter(self.server)
        for thread in self.heads + self.secretaries:
            thread.start()

    def wait_load(self) -> None:
        last_report = time.monotonic()
        for head in self.heads:
            while head.is_alive():
                head.join(1)
                if time.monotonic() - last_report >= 10:
                    last_report = time.monotonic()
                    finished = sum(1 for h in self.heads if not h.is_alive())
                    print(
                        f"   {self.recorder.now():6.1f} s: {len(self.recorder.samples)} requests, "
                        f"{finished}/{len(self.heads)} unit heads done"
                    )
        self.load_wall = self.recorder.now()
        self.cpu_used = self.cpu.used()
        self.heads_done.set()
        for secretary in self.secretaries:
            secretary.join(self.args.http_timeout + 5)
        self.budget.stop.set()

    def report(self) -> list[str]:
        """Figures, then the database check; returns the problems."""
        server_ms = server_time_by_kind(self.logs / "app-access.log", self.access_from)
        summary = summarize(self.recorder.samples, self.load_wall, server_ms)
        print_summary(summary)
        outcomes = [h.outcome for h in self.heads]
        retries = sum(o.retries for o in outcomes)
        reopened = sum(1 for o in outcomes if o.confirmed_on_reopen)
        spans = [(o.began, o.ended) for o in outcomes if o.began is not None and o.ended is not None]
        peak = max((sum(1 for b, e in spans if b <= t < e) for t, _e in spans), default=0)
        durations = [e - b for b, e in spans]
        print(
            f"unit-head sessions (first request to last answer): {peak} at the same time at the peak; "
            f"median {percentile(durations, 0.5):.0f} s, longest {max(durations, default=0):.0f} s"
        )
        print(
            f"unit heads: {sum(1 for o in outcomes if o.submitted)} submits answered with the redirect, "
            f"{reopened} found submitted when they re-opened the form, {retries} retries"
            f"{'; budget: ' + self.budget.exhausted if self.budget.exhausted else ''}"
        )
        cpu = self.cpu_used
        available = cpu["wall"] * cpu["cores"]
        print(
            f"CPU during the load ({cpu['cores']} cores x {cpu['wall']:.1f} s = {available:.0f} CPU s): machine busy "
            f"{cpu['machine']:.1f} s ({100 * cpu['machine'] / available:.0f}%): gunicorn {cpu['gunicorn']:.1f} s, "
            f"PostgreSQL {cpu['postgres']:.1f} s, load generator {cpu['load generator']:.1f} s, "
            f"other processes {cpu['other processes']:.1f} s"
        )
        self.load_average.append(os.getloadavg()[0])
        print(
            f"load average (1 min) on {os.cpu_count()} CPUs: {self.load_average[0]:.1f} when the load started, "
            f"{self.load_average[1]:.1f} when it ended"
        )
        for note in sorted({s.note for s in self.secretaries if s.note}):
            print(f"secretariat: {note}")
        if self.recorder.errors:
            print("first errors:")
            for line in self.recorder.errors[:15]:
                print(f"   {line}")
        print("== database check")
        problems = verify(self.db, self.plan, outcomes)
        counts = self.db.rows(
            "SELECT count(*), count(*) FILTER (WHERE status = 'submitted'), "
            "(SELECT count(*) FROM reports_reportline l JOIN reports_report r2 ON r2.id = l.report_id "
            " WHERE r2.year = %s AND r2.period = %s) FROM reports_report WHERE year = %s AND period = %s",
            (self.plan.year, self.plan.period, self.plan.year, self.plan.period),
        )[0]
        print(
            f"   {self.plan.period} {self.plan.year}: {counts[0]} reports ({counts[1]} submitted) for "
            f"{len(self.plan.units)} units, {counts[2]} lines (expected {sum(u.expected_lines for u in self.plan.units)})"
        )
        for problem in problems:
            print(f"   PROBLEM: {problem}")
        if not problems:
            print(
                "   every unit's report is there exactly once, submitted by its unit head, with all its lines; "
                "events match versions; nothing else changed"
            )
        self.results = {
            "users": len(self.plan.units),
            "secretariat": len(self.secretaries),
            "period": f"{self.plan.period} {self.plan.year}",
            "think": self.args.think,
            "secretariat_think": self.args.secretariat_think,
            "ramp": self.args.ramp,
            "workers": self.server.worker_count() if self.server else None,
            "threads": self.args.threads,
            "load_average": getattr(self, "load_average", None),
            "summary": summary,
            "cpu": cpu,
            "peak_sessions": peak,
            "session_median_s": percentile(durations, 0.5),
            "retries": retries,
            "confirmed_on_reopen": reopened,
            "db_counts": counts,
            "problems": problems,
            "budget": self.budget.exhausted,
        }
        return problems

    def cleanup(self) -> list[str]:
        failures = []
        if self.budget:
            self.budget.stop.set()
        if self.server:
            if self.server.process and self.server.process.poll() is not None:
                failures.append(f"gunicorn exited early with status {self.server.process.returncode}")
            self.server.stop()
            if self.server.process and self.server.process.poll() is None:
                failures.append("gunicorn is still running")
        if self.args.keep_db and self.db.created:
            print(
                f"== kept the database {self.db.name} ({self.db.url}); drop it with: "
                f"psql {self.args.admin_url} -c 'DROP DATABASE \"{self.db.name}\" WITH (FORCE)'"
            )
        else:
            try:
                self.db.drop()
            except Exception as exc:  # noqa: BLE001 - report, never hide the result
                failures.append(f"could not drop the scratch database {self.db.name}: {exc}")
        if self.args.keep:
            print(f"== kept {self.work}")
        else:
            shutil.rmtree(self.work, ignore_errors=True)
        return failures


def install_deadline(seconds: int) -> None:
    def on_alarm(signum, frame):
        raise Deadline(f"the whole run took longer than {seconds} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    signal.alarm(seconds)


def check_usage(args: argparse.Namespace) -> str:
    if not 1 <= args.users <= 1000:
        return "--users must be between 1 and 1000"
    if not 0 <= args.secretariat <= 50:
        return "--secretariat must be between 0 and 50"
    if args.duration <= 0 or args.max_requests <= 0:
        return "--duration and --max-requests must be positive"
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        return "psycopg2 is missing: run this with the project's venv, .venv/bin/python bench/load_test.py"
    return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    args = parser.parse_args()
    usage = check_usage(args)
    if usage:
        print(usage, file=sys.stderr)
        return 2
    install_deadline(args.timeout)
    test = LoadTest(args)
    problems: list[str] = []
    started = time.monotonic()
    try:
        test.setup()
        test.start_load()
        test.wait_load()
        problems = test.report()
        errors = test.results["summary"]["errors"] + test.results["summary"]["unavailable_503"]
        if errors:
            problems.append(f"{errors} request(s) failed")
    except BaseException as exc:  # noqa: BLE001 - setup failed, timed out or was interrupted: clean up below
        problems.append(f"{type(exc).__name__}: {exc}")
        if not isinstance(exc, (two.CheckFailed, Deadline, KeyboardInterrupt, SystemExit)):
            traceback.print_exc()
        if test.server:
            print(test.server.log_tail())
    finally:
        signal.alarm(0)
        problems += test.cleanup()
    if args.json and test.results:
        test.results["problems"] = problems
        args.json.write_text(json.dumps(test.results, indent=2, ensure_ascii=False, default=str))
    print(
        f"== done in {time.monotonic() - started:.0f} s; server stopped, "
        f"{'database kept' if args.keep_db else 'scratch database dropped'}"
    )
    print("FAILED: " + "; ".join(problems[-5:]) if problems else "PASSED: no errors, nothing missing or duplicated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
