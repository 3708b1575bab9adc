"""Who must pass the second factor, and the "remember this browser" cookie.

Required for the roles named in settings.TWO_FACTOR_ROLES ("admin" meaning staff and superusers), and for
anyone who enrolled an authenticator (known at log-in, kept in the session). The roles are checked on every
request, so a role granted during a session takes effect at once.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.permissions import has_role_anywhere

ENROLLED_SESSION_KEY = "qms_2fa_enrolled"
REMEMBER_COOKIE = "qms_2fa_remember"
REMEMBER_SALT = "accounts.two-factor.remember"


def required_by_role(user) -> bool:
    roles = set(settings.TWO_FACTOR_ROLES)
    if not roles or not user.is_authenticated:
        return False
    if "admin" in roles and (user.is_superuser or user.is_staff):
        return True
    member_roles = roles - {"admin"}
    return bool(member_roles) and has_role_anywhere(user, member_roles)


def second_factor_needed(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    return bool(request.session.get(ENROLLED_SESSION_KEY)) or required_by_role(user)


def remember_for() -> timedelta:
    return timedelta(days=settings.TWO_FACTOR_REMEMBER_DAYS)


def remember_browser(response: HttpResponse, request: HttpRequest, device: TOTPDevice) -> None:
    """A signed cookie tied to the user, the authenticator and the current password (a password change or a
    new authenticator ends it)."""
    if settings.TWO_FACTOR_REMEMBER_DAYS <= 0:
        return
    user = request.user
    value = f"{user.pk}:{device.persistent_id}:{user.get_session_auth_hash()}"
    response.set_signed_cookie(
        REMEMBER_COOKIE, value, salt=REMEMBER_SALT, max_age=int(remember_for().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
    )


def remembered_device(request: HttpRequest) -> TOTPDevice | None:
    if settings.TWO_FACTOR_REMEMBER_DAYS <= 0 or REMEMBER_COOKIE not in request.COOKIES:
        return None
    try:
        value = request.get_signed_cookie(REMEMBER_COOKIE, salt=REMEMBER_SALT, max_age=remember_for())
        user_pk, persistent_id, auth_hash = value.split(":", 2)
    except (signing.BadSignature, ValueError):
        return None
    user = request.user
    if user_pk != str(user.pk) or not constant_time_compare(auth_hash, user.get_session_auth_hash()):
        return None
    device = Device.from_persistent_id(persistent_id)
    if isinstance(device, TOTPDevice) and device.user_id == user.pk and device.confirmed:
        return device
    return None
