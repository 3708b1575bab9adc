"""Log-in, throttling, password reset, language switch, navigation by role, CSP and deployment checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_logs_in_with_the_right_password(client, personas):
    response = client.post(reverse("login"), {"username": "editor", "password": "secret-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_it_locks_the_account_after_repeated_wrong_passwords(client, personas):
    for _ in range(10):
        response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    assert response.status_code == 429
    assert reverse("password_reset") in response.content.decode()
    # The right password does not get through while locked, and nothing about the account changed.
    response = client.post(reverse("login"), {"username": "editor", "password": "secret-pass-123"})
    assert response.status_code == 429
    assert get_user_model().objects.get(username="editor").check_password("secret-pass-123")


def test_it_sends_a_password_reset_link(client, personas):
    client.post(reverse("password_reset"), {"email": "editor@example.invalid"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-brand-new-Passphrase", "new_password2": "a-brand-new-Passphrase"}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="editor").check_password("a-brand-new-Passphrase")


def test_it_refuses_a_weak_new_password(client_for):
    client = client_for("editor")
    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-pass-123", "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(username="editor").check_password("secret-pass-123")


def test_it_speaks_vietnamese_by_default_and_english_on_request(client_for):
    client = client_for("editor")
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US")
    assert response["Content-Language"] == "vi"
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("home"))["Content-Language"] == "en"


@pytest.mark.parametrize(
    "persona, shown, hidden",
    [
        ("editor", [], ["admin:index"]),
        ("viewer", ["agencies:tree"], ["admin:index"]),
    ],
)
def test_it_shows_navigation_by_role(client_for, persona, shown, hidden):
    html = client_for(persona).get(reverse("home")).content.decode()
    for name in shown:
        assert f'href="{reverse(name)}"' in html
    for name in hidden:
        assert f'href="{reverse(name)}"' not in html


def test_it_sends_a_strict_content_security_policy(client_for):
    response = client_for("editor").get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self' 'nonce-" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert f'nonce="{nonce}"' in tag and "src=" in tag, tag
    assert " style=" not in html and "<style" not in html


def _run(code: str, env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "STATIC_MANIFEST",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        )
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, *code.split()], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = _run("manage.py check", {"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_passes_the_deployment_checklist_with_production_settings(tmp_path):
    result = _run(
        "manage.py check --deploy --fail-level WARNING",
        {
            "DEBUG": "0",
            "SECRET_KEY": "k" * 20 + "-production-like-secret-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "qms.example.gov.vn",
            "SECURE_HSTS_PRELOAD": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_throttles_by_the_proxys_client_address_only_behind_the_proxy(rf, settings):
    from qms_portal.middleware import client_ip

    request = rf.get("/", HTTP_X_REAL_IP="203.0.113.7", REMOTE_ADDR="127.0.0.1")
    settings.BEHIND_TLS_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_TLS_PROXY = True
    assert client_ip(request) == "203.0.113.7"


def test_it_answers_the_health_check_over_plain_http(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
