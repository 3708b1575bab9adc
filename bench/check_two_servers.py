"""Two app servers, one PostgreSQL: do sessions, writes and the log-in throttle work across them?

What a load balancer in front of several app servers needs (docs/deployment.md, "Scaling out"):
  1. a scratch PostgreSQL database is created, migrated and loaded with the demo data;
  2. the project is copied to a temporary folder and `collectstatic` runs there (STATIC_ROOT is
     the checkout's staticfiles/, and the shared work tree must not be touched), so that the
     servers run exactly as in production: DEBUG=0, manifest static files served by WhiteNoise;
  3. two gunicorn servers start with docs/deploy/gunicorn.conf.py on 127.0.0.1:8101 (A) and
     127.0.0.1:8102 (B), sharing the database, the SECRET_KEY and a media folder;
  4. the checks in CHECKS run in order, one browser (one cookie jar) talking to both servers:
     - both servers are healthy and in production mode, static files come with long cache headers;
     - a session opened by logging in on A is valid on B;
     - a decision draft created on B is listed on A and exists exactly once in the database,
       also after the same form is posted again on A;
     - a unit head logs in on A, saves and submits a progress report on B; A shows it submitted (and
       lists it in the secretariat's review queue), a second submit on A is refused, and the report
       exists exactly once with all its lines;
     - failed log-ins on A and B add up to one lockout (django-axes keeps them in the database);
  5. the servers are stopped and the scratch database dropped, always (also on failure or timeout).

Loopback only; every request, subprocess and the whole run are bounded in time. Exit status 0
when every check passed, 1 otherwise.

Run from the repository root:  .venv/bin/python bench/check_two_servers.py [--no-collectstatic]

To add a check, write a function taking the Context and decorate it with @check("what it shows");
checks run in the order they are defined, and state can be shared through ctx.state. Fail with
`raise CheckFailed("...")` (or a plain assert).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = ROOT / "docs" / "deploy" / "gunicorn.conf.py"
VENV_BIN = Path(sys.executable).parent
HTTP_TIMEOUT = 20  # seconds per request
STEP_TIMEOUT = 300  # seconds per manage.py step
START_TIMEOUT = 60  # seconds for a server to answer /healthz
DEMO_PASSWORD = "demo-2026"
THROTTLE_LIMIT = 3  # AXES_FAILURE_LIMIT on the servers under test

# Settings variables the servers must not inherit from the caller's shell.
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SITE_URL",
    "MEDIA_ROOT",
    "STATIC_MANIFEST",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "BEHIND_TLS_PROXY",
    "EMAIL_BACKEND",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "AXES_PROXY_COUNT",
    "SESSION_COOKIE_AGE",
    "DB_CONN_MAX_AGE",
    "DB_CONNECT_TIMEOUT",
    "UPLOAD_MAX_BYTES",
    "LOG_LEVEL",
    "DJANGO_SETTINGS_MODULE",
    "RUNTIME_DIRECTORY",
    "GUNICORN_CMD_ARGS",
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "FORWARDED_ALLOW_IPS",
]
# What a copy of the project leaves out: anywhere, and at the top only (local data, not code).
_IGNORE_ANYWHERE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "node_modules"
)
_IGNORE_AT_TOP = shutil.ignore_patterns(
    "media", ".test-media", "staticfiles", "test-artifacts", "db.sqlite3*", ".worker.log"
)


def copy_ignore(directory: str, names: list[str]) -> set[str]:
    ignored = set(_IGNORE_ANYWHERE(directory, names))
    if Path(directory) == ROOT:
        ignored |= _IGNORE_AT_TOP(directory, names)
    if Path(directory) == ROOT / "bench":
        ignored |= {"results"} & set(names)
    return ignored


class CheckFailed(Exception):
    pass


class Deadline(BaseException):
    """The whole run took too long (SIGALRM). A BaseException, so that no check swallows it."""


# --- HTTP: one browser with one cookie jar, redirects not followed -----------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    url: str

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def csrf_token(self) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        if not match:
            raise CheckFailed(f"no CSRF token in the form at {self.url}")
        return match.group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # let the 3xx reach the caller, as a browser's network panel shows it


class Browser:
    """A cookie jar shared by every server it talks to, like a browser behind one load balancer."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, method: str, url: str, data: dict | None = None) -> Response:
        origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
        headers = {"User-Agent": "qms-check-two-servers", "Accept-Language": "vi"}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Referer": url}
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self.opener.open(request, timeout=HTTP_TIMEOUT) as response:
                return Response(
                    response.status, _headers(response.headers), response.read().decode("utf-8", "replace"), url
                )
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            with error:
                return Response(error.code, _headers(error.headers), error.read().decode("utf-8", "replace"), url)

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def post(self, url: str, data: dict) -> Response:
        return self.request("POST", url, data)


def _headers(message) -> dict[str, str]:
    return {key.lower(): value for key, value in message.items()}


# --- The database ----------------------------------------------------------------------------------


class Database:
    def __init__(self, admin_url: str) -> None:
        import psycopg2  # in requirements.txt; run this script with the project's venv

        self.psycopg2 = psycopg2
        self.admin_url = admin_url
        self.name = f"qms_two_servers_{os.getpid()}_{int(time.time())}"
        base = admin_url.rsplit("/", 1)[0]
        self.url = f"{base}/{self.name}"
        self.created = False

    def _admin(self, sql: str) -> None:
        connection = self.psycopg2.connect(self.admin_url, connect_timeout=10)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = '60s'")
                cursor.execute(sql)
        finally:
            connection.close()

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')
        self.created = True

    def drop(self) -> None:
        if self.created:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.created = False

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        connection = self.psycopg2.connect(self.url, connect_timeout=10)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = '30s'")
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()

    def value(self, sql: str, params: tuple = ()):
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None


# --- The app servers -------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    app_dir: Path
    env: dict[str, str]
    log_dir: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if _port_open(self.port):
            raise CheckFailed(f"127.0.0.1:{self.port} is already in use; stop whatever listens there first")
        command = [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            "2",
            "--chdir",
            str(self.app_dir),
            "--name",
            f"qms-check-{self.name}",
            "--access-logfile",
            str(self.log_dir / f"{self.name}-access.log"),
            "--error-logfile",
            str(self.log_dir / f"{self.name}-error.log"),
            "qms_portal.wsgi:application",
        ]
        with open(self.log_dir / f"{self.name}-stdout.log", "wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=self.app_dir,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() ends the master and its workers
            )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CheckFailed(f"server {self.name} exited with status {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.3)
        raise CheckFailed(f"server {self.name} did not answer /healthz within {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 25) -> str:
        text = []
        for path in sorted(self.log_dir.glob(f"{self.name}-*.log")):
            content = path.read_text(errors="replace").splitlines()[-lines:]
            text.append(f"--- {path.name} (last {len(content)} lines)\n" + "\n".join(content))
        return "\n".join(text)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# --- The checks ---------------------------------------------------------------------------------------


@dataclass
class Context:
    a: Server
    b: Server
    db: Database
    browser: Browser = field(default_factory=Browser)
    manifest: bool = True
    state: dict = field(default_factory=dict)


CHECKS: list[tuple[str, Callable[[Context], None]]] = []


def check(title: str):
    def register(function: Callable[[Context], None]):
        CHECKS.append((title, function))
        return function

    return register


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def log_in(browser: Browser, server: Server, username: str, password: str) -> Response:
    form = browser.get(f"{server.url}/accounts/login/")
    expect(form.status == 200, f"GET /accounts/login/ on {server.name}: {form.status}")
    return browser.post(
        f"{server.url}/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": form.csrf_token(), "next": ""},
    )


@check("both servers are up, in production mode, and serve static files")
def check_production_mode(ctx: Context) -> None:
    for server in (ctx.a, ctx.b):
        health = ctx.browser.get(f"{server.url}/healthz")
        expect(
            health.status == 200 and json.loads(health.body) == {"status": "ok"},
            f"/healthz on {server.name}: {health.status} {health.body[:200]}",
        )
        missing = ctx.browser.get(f"{server.url}/no-such-page/")
        expect(missing.status == 404, f"/no-such-page/ on {server.name}: {missing.status}")
        expect(
            "DEBUG = True" not in missing.body and "Traceback" not in missing.body,
            f"{server.name} shows Django's debug page",
        )
        login = ctx.browser.get(f"{server.url}/accounts/login/")
        expect(login.status == 200, f"/accounts/login/ on {server.name}: {login.status}")
        expect("content-security-policy" in login.headers, f"no Content-Security-Policy header on {server.name}")
        stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', login.body)
        expect(stylesheet is not None, f"no stylesheet link on the login page of {server.name}")
        if not ctx.manifest:  # --no-collectstatic: nothing collected, so WhiteNoise has nothing to serve
            print(
                f"    {server.name}: /healthz ok, 404 page is not the debug page, CSP sent (static files not checked)"
            )
            continue
        static = ctx.browser.get(server.url + stylesheet.group(1))
        expect(static.status == 200, f"{stylesheet.group(1)} on {server.name}: {static.status}")
        expect(
            re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)) is not None,
            f"static URL not hashed: {stylesheet.group(1)}",
        )
        expect(
            "max-age=315360000" in static.headers.get("cache-control", ""),
            f"static file cache headers: {static.headers.get('cache-control')}",
        )
        print(
            f"    {server.name}: /healthz ok, 404 page is not the debug page, CSP sent, {stylesheet.group(1)} -> {static.status} ({static.headers.get('cache-control', 'no cache-control')})"
        )


@check("a session opened on A is valid on B")
def check_session_across_servers(ctx: Context) -> None:
    response = log_in(ctx.browser, ctx.a, "editor", DEMO_PASSWORD)
    expect(
        response.status == 302 and response.location in ("/", f"{ctx.a.url}/"),
        f"log-in on A: {response.status} -> {response.location!r}",
    )
    session = ctx.browser.cookie("sessionid")
    expect(session is not None, "no session cookie after logging in on A")
    stored = ctx.db.value(
        "SELECT count(*) FROM django_session WHERE session_key = %s AND expire_date > now()", (session,)
    )
    expect(stored == 1, f"the session is not in the database (found {stored})")
    first, last = ctx.db.rows("SELECT first_name, last_name FROM auth_user WHERE username = 'editor'")[0]
    display = f"{first} {last}".strip() or "editor"
    for path in ("/", "/decisions/"):
        page = ctx.browser.get(f"{ctx.b.url}{path}")
        expect(
            page.status == 200,
            f"GET {path} on B with A's session: {page.status} -> {page.location!r} (302 to the log-in page means the session is not shared)",
        )
        expect(display in page.body, f"GET {path} on B does not show the logged-in user {display!r}")
    print(f"    logged in on A as editor; B shows {display!r} on / and /decisions/ (session in django_session)")


@check("a decision created on B is listed on A, exactly once in the database")
def check_write_on_b_read_on_a(ctx: Context) -> None:
    agency_pk = ctx.db.value("SELECT id FROM agencies_agency WHERE code = 'DNI-PA'")
    expect(agency_pk is not None, "agency DNI-PA is missing from the demo data")
    count_sql = "SELECT count(*) FROM objectives_decision WHERE agency_id = %s AND year = 2027"
    expect(ctx.db.value(count_sql, (agency_pk,)) == 0, "the demo data already has a 2027 decision for DNI-PA")

    form = ctx.browser.get(f"{ctx.b.url}/decisions/new/")
    expect(form.status == 200, f"GET /decisions/new/ on B: {form.status}")
    created = ctx.browser.post(
        f"{ctx.b.url}/decisions/new/", {"agency": agency_pk, "year": 2027, "csrfmiddlewaretoken": form.csrf_token()}
    )
    match = re.fullmatch(r"(?:https?://[^/]+)?/decisions/(\d+)/editor/", created.location)
    expect(
        created.status == 302 and match is not None,
        f"POST /decisions/new/ on B: {created.status} -> {created.location!r}",
    )
    decision_pk = int(match.group(1))

    listing = ctx.browser.get(f"{ctx.a.url}/decisions/?year=2027")
    expect(listing.status == 200, f"GET /decisions/?year=2027 on A: {listing.status}")
    expect(
        f'href="/decisions/{decision_pk}/"' in listing.body, f"decision {decision_pk} created on B is not listed on A"
    )
    editor = ctx.browser.get(f"{ctx.a.url}/decisions/{decision_pk}/editor/")
    expect(editor.status == 200, f"GET /decisions/{decision_pk}/editor/ on A: {editor.status}")

    # The same form posted again, now on A: the app must find the open draft, not make a second one.
    form = ctx.browser.get(f"{ctx.a.url}/decisions/new/")
    again = ctx.browser.post(
        f"{ctx.a.url}/decisions/new/", {"agency": agency_pk, "year": 2027, "csrfmiddlewaretoken": form.csrf_token()}
    )
    expect(
        again.status == 302 and again.location.endswith(f"/decisions/{decision_pk}/editor/"),
        f"second POST on A: {again.status} -> {again.location!r}",
    )

    rows = ctx.db.rows("SELECT id, status FROM objectives_decision WHERE agency_id = %s AND year = 2027", (agency_pk,))
    expect(
        rows == [(decision_pk, "draft")],
        f"expected exactly one 2027 draft ({decision_pk}) in the database, found {rows}",
    )
    ctx.state["decision_pk"] = decision_pk
    print(
        f"    created draft {decision_pk} on B; listed and opened on A; posted again on A -> same draft; 1 row in objectives_decision"
    )


def _report_form(page: Response) -> list[tuple[str, str]]:
    """The report form's fields filled in so that every target is met (a ratio of 120/120, a value at
    the target, "done"), as a unit head would type them."""
    form = [("csrfmiddlewaretoken", page.csrf_token())]
    lock = re.search(r'name="lock_version" value="(\d+)"', page.body)
    expect(lock is not None, f"no lock_version in the report form at {page.url}")
    form.append(("lock_version", lock.group(1)))
    rows = re.findall(r'<fieldset class="card mb-3 report-row"([^>]*)>(.*?)</fieldset>', page.body, re.DOTALL)
    expect(bool(rows), f"no target rows in the report form at {page.url}")
    for attrs, body in rows:
        data = dict(re.findall(r'data-([\w-]+)="([^"]*)"', attrs))
        names = list(dict.fromkeys(re.findall(r'name="(t\d+-\w+)"', body)))
        for name in names:
            field_name = name.split("-", 1)[1]
            value = {
                "numerator": "120",
                "denominator": "120",
                "done": "yes",
                "value": (data.get("value") or "1").replace(".", ","),
                "evidence": "Sổ theo dõi hồ sơ, kiểm tra qua hai máy chủ.",
            }.get(field_name, "")
            form.append((name, value))
    return form


@check("a unit head logs in on A, saves and submits a report on B; it exists exactly once, A shows it submitted")
def check_report_across_servers(ctx: Context) -> None:
    agency_pk = ctx.db.value("SELECT id FROM agencies_agency WHERE code = 'DNI-PA-PKT'")
    expect(agency_pk is not None, "agency DNI-PA-PKT (the demo unit head's) is missing from the demo data")
    year = 2026
    open_periods = [
        p
        for p in ("Q3", "Q4", "Q1", "Q2")
        if not ctx.db.value(
            "SELECT count(*) FROM reports_report WHERE agency_id = %s AND year = %s AND period = %s",
            (agency_pk, year, p),
        )
    ]
    expect(bool(open_periods), f"the demo data leaves DNI-PA-PKT no {year} quarter to report")
    head = Browser()  # the unit head's own browser (the editor's session above stays as it is)
    response = log_in(head, ctx.a, "unithead", DEMO_PASSWORD)
    expect(response.status == 302, f"unit head log-in on A: {response.status} -> {response.location!r}")

    page = period = None
    for candidate in open_periods:  # the demo's to-do is Q3; a later quarter if that one is gone
        path = f"/reports/{agency_pk}/{year}/{candidate}/"
        page = head.get(f"{ctx.b.url}{path}")
        if page.status == 200 and 'id="report-form"' in page.body:
            period = candidate
            break
    expect(
        period is not None,
        f"no editable {year} report form on B for DNI-PA-PKT (tried {open_periods}; "
        f"last answer {page.status if page else None})",
    )
    path = f"/reports/{agency_pk}/{year}/{period}/"
    count_sql = "SELECT count(*) FROM reports_report WHERE agency_id = %s AND year = %s AND period = %s"

    saved = head.post(
        f"{ctx.b.url}{path}", _report_form(page) + [("note", "Lưu nháp trên máy chủ B."), ("action", "save")]
    )
    expect(saved.status == 302 and saved.location.endswith(path), f"save on B: {saved.status} -> {saved.location!r}")
    expect(
        ctx.db.rows(
            "SELECT status, lock_version FROM reports_report WHERE agency_id = %s AND year = %s AND period = %s",
            (agency_pk, year, period),
        )
        == [("draft", 1)],
        "the draft saved on B is not in the database",
    )
    page = head.get(f"{ctx.b.url}{path}")
    expect(page.status == 200 and 'id="report-form"' in page.body, f"GET {path} on B after saving: {page.status}")
    submitted = head.post(
        f"{ctx.b.url}{path}", _report_form(page) + [("note", "Gửi trên máy chủ B."), ("action", "submit")]
    )
    expect(
        submitted.status == 302 and submitted.location.endswith(path),
        f"submit on B: {submitted.status} -> {submitted.location!r} (200 means the form refused it)",
    )

    # A shows it submitted, to the unit head and to the secretariat of the commune.
    on_a = head.get(f"{ctx.a.url}{path}")
    expect(
        on_a.status == 200 and 'id="report-form"' not in on_a.body and "bi-hourglass-split" in on_a.body,
        f"GET {path} on A does not show the report as submitted ({on_a.status})",
    )
    secretariat = Browser()
    response = log_in(secretariat, ctx.a, "secretariat", DEMO_PASSWORD)
    expect(response.status == 302, f"secretariat log-in on A: {response.status}")
    queue = secretariat.get(f"{ctx.a.url}/reports/review/")
    expect(
        queue.status == 200 and f'href="{path}"' in queue.body,
        f"the review queue on A does not list {path} ({queue.status})",
    )

    # The same submit posted again on A (a second tab): refused, still one report, submitted once.
    again = head.post(f"{ctx.a.url}{path}", _report_form(page) + [("action", "submit")])
    expect(
        again.status == 302 and again.location.endswith(path),
        f"second submit on A: {again.status} -> {again.location!r}",
    )
    expect(ctx.db.value(count_sql, (agency_pk, year, period)) == 1, "more than one report for the unit and period")
    row = ctx.db.rows(
        """
        SELECT r.status, u.username, r.lock_version,
               (SELECT count(*) FROM reports_reportline l WHERE l.report_id = r.id),
               (SELECT string_agg(e.action, ',' ORDER BY e.id) FROM reports_reportevent e WHERE e.report_id = r.id)
        FROM reports_report r LEFT JOIN auth_user u ON u.id = r.submitted_by_id
        WHERE r.agency_id = %s AND r.year = %s AND r.period = %s""",
        (agency_pk, year, period),
    )[0]
    rows_on_form = len(re.findall(r'<fieldset class="card mb-3 report-row"', page.body))
    expect(
        row == ("submitted", "unithead", 2, rows_on_form, "create,save,submit"),
        f"in the database: {row}, expected ('submitted', 'unithead', 2, {rows_on_form}, 'create,save,submit')",
    )
    print(
        f"    logged in on A as unithead; {period} {year} of DNI-PA-PKT saved and submitted on B; A shows it submitted "
        f"and lists it in the secretariat's review queue; a second submit on A is refused; 1 row in reports_report "
        f"with {rows_on_form} lines, events create, save, submit"
    )


@check("failed log-ins on A and B add up to one lockout")
def check_login_throttle_shared(ctx: Context) -> None:
    attacker = Browser()  # a second browser, so the editor's session above is untouched
    servers = [ctx.a, ctx.b]
    statuses = []
    for attempt in range(THROTTLE_LIMIT):
        server = servers[attempt % 2]
        statuses.append((server.name, log_in(attacker, server, "viewer", "wrong-password").status))
    expect(all(status == 200 for _, status in statuses[:-1]), f"failed log-ins before the limit: {statuses}")
    # The next attempt, on the server that saw fewer failures and with the RIGHT password, is refused.
    server = servers[THROTTLE_LIMIT % 2]
    final = log_in(attacker, server, "viewer", DEMO_PASSWORD)
    expect(
        final.status == 429,
        f"after {THROTTLE_LIMIT} failures spread over A and B, a log-in on {server.name} got {final.status}, not 429",
    )
    expect(attacker.cookie("sessionid") is None, "the locked-out log-in still got a session")
    failures = ctx.db.value(
        "SELECT coalesce(sum(failures_since_start), 0) FROM axes_accessattempt WHERE username = 'viewer'"
    )
    expect(failures >= THROTTLE_LIMIT, f"axes_accessattempt holds {failures} failures for viewer")
    print(
        f"    {statuses} then the right password on {server.name} -> 429; {failures} failures recorded in axes_accessattempt"
    )


# --- Running it -------------------------------------------------------------------------------------


def run(command: list[str], *, cwd: Path, env: dict[str, str], log: Path) -> None:
    with open(log, "wb") as output:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=STEP_TIMEOUT,
        )
    if result.returncode != 0:
        raise CheckFailed(
            f"{' '.join(command[1:])} failed ({result.returncode}):\n{log.read_text(errors='replace')[-3000:]}"
        )


def server_env(db_url: str, media: Path, secret_key: str, manifest: bool, ports: tuple[int, int]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    env.update(
        DEBUG="0",
        SECRET_KEY=secret_key,  # the same on every server: sessions and CSRF tokens are signed with it
        DATABASE_URL=db_url,
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=",".join(f"http://127.0.0.1:{port}" for port in ports),
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        MEDIA_ROOT=str(media),
        STATIC_MANIFEST="1" if manifest else "0",
        # Plain HTTP on loopback: production mode without the HTTPS-only parts.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        EMAIL_BACKEND="console",
        AXES_FAILURE_LIMIT=str(THROTTLE_LIMIT),
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL role that may create databases (default: %(default)s)",
    )
    parser.add_argument("--ports", default="8101,8102", help="ports of servers A and B (default: %(default)s)")
    parser.add_argument(
        "--no-collectstatic",
        action="store_true",
        help="run in the checkout with STATIC_MANIFEST=0 instead of collecting static files in a copy (faster)",
    )
    parser.add_argument(
        "--timeout", type=int, default=600, help="give up after this many seconds (default: %(default)s)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) for inspection")
    args = parser.parse_args()
    ports = tuple(int(port) for port in args.ports.split(","))
    manifest = not args.no_collectstatic

    try:
        import psycopg2  # noqa: F401
    except ImportError:
        print(
            "psycopg2 is missing: run this with the project's venv, .venv/bin/python bench/check_two_servers.py",
            file=sys.stderr,
        )
        return 2

    def on_alarm(signum, frame):
        raise Deadline(f"the whole check took longer than {args.timeout} s")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    signal.alarm(args.timeout)

    work = Path(tempfile.mkdtemp(prefix="qms-two-servers-"))
    logs = work / "logs"
    logs.mkdir()
    db = Database(args.admin_url)
    servers: list[Server] = []
    passed, failed = 0, 0
    started = time.monotonic()
    try:
        print(f"== scratch database {db.name}, work folder {work}")
        db.create()
        media = work / "media"
        media.mkdir()
        env = server_env(db.url, media, secrets.token_urlsafe(50), manifest, ports)

        if manifest:
            app_dir = work / "app"
            print("== copy the project and collect static files (production storage: hashed, compressed)")
            shutil.copytree(ROOT, app_dir, ignore=copy_ignore, symlinks=True)
            run(
                [sys.executable, "manage.py", "collectstatic", "--noinput"],
                cwd=app_dir,
                env=env,
                log=logs / "collectstatic.log",
            )
        else:
            app_dir = ROOT
            print("== run in the checkout with STATIC_MANIFEST=0")

        print("== migrate and load the demo data (DEBUG=0)")
        run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=app_dir, env=env, log=logs / "migrate.log")
        run([sys.executable, "manage.py", "demo_data"], cwd=app_dir, env=env, log=logs / "demo_data.log")

        print(
            f"== start gunicorn A on 127.0.0.1:{ports[0]} and B on 127.0.0.1:{ports[1]} ({GUNICORN_CONF.relative_to(ROOT)}, 2 workers each)"
        )
        servers = [Server("A", ports[0], app_dir, env, logs), Server("B", ports[1], app_dir, env, logs)]
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()

        ctx = Context(a=servers[0], b=servers[1], db=db, manifest=manifest)
        for title, function in CHECKS:
            print(f"-- {title}")
            try:
                function(ctx)
            except (CheckFailed, AssertionError, OSError, ValueError) as exc:
                failed += 1
                print(f"   FAIL: {exc}")
                if not isinstance(exc, (CheckFailed, AssertionError)):
                    traceback.print_exc()
            else:
                passed += 1
                print("   ok")
    except BaseException as exc:  # setup failed, timed out or was interrupted: still clean up below
        failed += 1
        print(f"FAIL: {type(exc).__name__}: {exc}")
        if not isinstance(exc, (CheckFailed, Deadline, KeyboardInterrupt, SystemExit)):
            traceback.print_exc()
    finally:
        signal.alarm(0)
        if failed:
            for server in servers:
                print(server.log_tail())
        for server in servers:
            server.stop()
        try:
            db.drop()
        except Exception as exc:  # noqa: BLE001 - report, never hide the checks' result
            failed += 1
            print(f"FAIL: could not drop the scratch database {db.name}: {exc}")
        if args.keep:
            print(f"== kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
        leftover = [s.name for s in servers if s.process and s.process.poll() is None]
        if leftover:
            failed += 1
            print(f"FAIL: servers still running: {leftover}")
    print(f"== done in {time.monotonic() - started:.0f} s; servers stopped, scratch database dropped")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed == len(CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())
