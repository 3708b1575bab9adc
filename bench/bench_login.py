"""Cost of one log-in per password hasher, against the log-in page (see docs/performance.md).

    DATABASE_URL=sqlite:////tmp/qms-bench-login.sqlite3 .venv/bin/python bench/bench_login.py --runs 20

Each hasher is measured on the same database in one run, so the ratios hold on a shared machine:
a GET of the log-in page, then a POST of the right password (the full request through Django,
django-axes and the session), CPU time of this process.
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
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

HASHERS = {
    "PBKDF2 (Django default, 1,500,000 rounds)": "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "Argon2id, Django defaults (m=100 MiB, t=2, p=8)": "django.contrib.auth.hashers.Argon2PasswordHasher",
    "Argon2id, ours (m=19 MiB, t=2, p=1)": "qms_portal.hashers.QmsArgon2PasswordHasher",
}
PASSWORD = "Bench-mat-khau-2026"


def cpu_ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.process_time()
        action()
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    user, _ = get_user_model().objects.get_or_create(username="bench_login", defaults={"is_active": True})
    client = Client()

    def login_page():
        assert client.get("/accounts/login/").status_code == 200

    page = cpu_ms(login_page, args.runs)
    print(f"log-in page (GET): {page:.1f} ms CPU")
    for label, path in HASHERS.items():
        with override_settings(PASSWORD_HASHERS=[path]):
            user.password = make_password(PASSWORD)
            user.save(update_fields=["password"])

            def log_in():
                response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
                assert response.status_code == 302, response.status_code
                client.logout()

            cost = cpu_ms(log_in, args.runs)
        print(f"{label}: log-in (POST) {cost:.1f} ms CPU = {cost / page:.1f}x the log-in page")


if __name__ == "__main__":
    main()
