"""Passwords are hashed with Argon2id (m = 19 MiB, t = 2, p = 1); older PBKDF2 hashes upgrade at log-in."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import override_settings

from qms_portal import settings as production_settings

PRODUCTION_HASHERS = production_settings.PASSWORD_HASHERS


def test_it_puts_argon2id_first_in_production():
    assert PRODUCTION_HASHERS[0] == "qms_portal.hashers.QmsArgon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS


@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_it_hashes_new_passwords_with_owasp_parameters():
    encoded = make_password("mật khẩu đủ dài 123")
    # argon2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
    algorithm, variant, version, params, _salt, _hash = encoded.split("$")
    assert (algorithm, variant, version) == ("argon2", "argon2id", "v=19")
    assert params == "m=19456,t=2,p=1"


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS)
def test_it_upgrades_a_pbkdf2_hash_at_the_next_log_in(client):
    user = get_user_model().objects.create(username="cu_pbkdf2", is_active=True)
    user.password = make_password("Mat-khau-cu-2024", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")

    response = client.post("/accounts/login/", {"username": "cu_pbkdf2", "password": "Mat-khau-cu-2024"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("Mat-khau-cu-2024")
    assert not user.check_password("Mat-khau-cu-2025")
