"""Gunicorn configuration for QMS Portal in production (see docs/deployment.md).

Copy to /etc/qms-portal/gunicorn.conf.py (qms-portal.service points there). Every value can be
overridden without editing this file through the GUNICORN_* variables below (put them in
/etc/qms-portal/env), and a command-line option always wins over this file.

Gunicorn listens on loopback only: nginx on the same machine terminates TLS and forwards to it.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Socket. Loopback only; never expose gunicorn directly to the network.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
backlog = 2048

# Workers. Sync workers behind nginx (nginx buffers slow clients, so a worker is busy only while
# Django works). Classic sizing: 2 x cores + 1. Every worker keeps one PostgreSQL connection open
# (DB_CONN_MAX_AGE), so workers x app servers + background workers must stay below PostgreSQL's
# max_connections (100 by default). GUNICORN_THREADS > 1 switches to the gthread worker, which
# also needs one connection per thread.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
# Load the application once in the master (qms_portal/wsgi.py also loads the URL configuration) and fork
# the workers from it: they share that memory and their first request is as fast as the next ones.
# Consequence: `systemctl reload` (HUP) does not pick up new code; deploy with a restart.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
# Recycle workers now and then, so that a slow leak (PDF rendering, fonts) never grows unbounded.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)

# Timeouts. A worker silent for `timeout` seconds is killed and restarted: long enough for the
# biggest synchronous PDF (large batches run in the background worker instead). nginx's
# proxy_read_timeout (75 s in nginx-qms-portal.conf) must be longer than this.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Heartbeat files in RAM, not on a disk that may stall: the service's runtime directory (tmpfs
# under /run, see qms-portal.service), else /dev/shm.
_runtime_dir = os.environ.get("RUNTIME_DIRECTORY", "").split(":")[0]
worker_tmp_dir = _runtime_dir or ("/dev/shm" if os.path.isdir("/dev/shm") else None)

# The proxy. Gunicorn sets wsgi.url_scheme from X-Forwarded-Proto only for requests from these
# addresses; Django itself trusts X-Forwarded-Proto when BEHIND_TLS_PROXY=1. nginx runs on the same
# machine, so loopback is the only front end.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stdout/stderr, which systemd sends to the journal (journalctl -u qms-portal).
# The access log shows the real client (X-Forwarded-For, set by nginx) and the time taken in ms.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# Gunicorn 25.1+ opens a control socket for `gunicornc`. Put it in the service's runtime directory
# (systemd's RuntimeDirectory= sets RUNTIME_DIRECTORY) instead of the service user's home, which the
# unit makes read-only; without a runtime directory, switch it off.
if _runtime_dir:
    control_socket = os.path.join(_runtime_dir, "gunicorn.ctl")
else:
    control_socket_disable = True

proc_name = "qms-portal"
