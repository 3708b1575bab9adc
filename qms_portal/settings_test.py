"""Settings for the test suite: production settings with a test key and fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Issuing would render every download at once under the immediate backend: tests of print once turn it on.
PRINT_STORE_AT_ISSUE = False
PRINT_BATCH_PROCESSES = 1  # batches render in the test's process; tests/test_print_once.py runs them on 2
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
# Live-server threads must not keep connections open past a test, or the test database cannot be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Two-factor log-in is tested on its own (tests/test_two_factor.py turns it on); other tests log in with a password.
TWO_FACTOR_ROLES: list[str] = []
# SQLite: the test database is a file, not the shared-cache in-memory one. In shared-cache memory, SQLite locks
# whole tables and does not wait ("database table is locked"), so the browser tests' live server, which
# answers the page and its htmx requests (the navigation's to-do count) on parallel threads, failed at random.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
