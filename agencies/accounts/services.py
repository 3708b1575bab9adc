"""Writes for accounts: throttle counts, two-factor enrolment, recovery codes."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.accounts.models import ThrottleEvent

RECOVERY_CODE_COUNT = 10


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


@transaction.atomic
def throttle_hit(*, scope: str, value: str, limit: int, window: timedelta) -> bool:
    """Record one attempt for (scope, value); False (and nothing recorded) when `limit` attempts were already
    made within `window`."""
    key = _digest(value.strip().lower())
    since = timezone.now() - window
    ThrottleEvent.objects.filter(scope=scope, created_at__lt=since).delete()
    if ThrottleEvent.objects.filter(scope=scope, key=key, created_at__gte=since).count() >= limit:
        return False
    ThrottleEvent.objects.create(scope=scope, key=key)
    return True


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator (one at a time), created with a fresh secret if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=_("Authenticator app"), confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; replaces any earlier authenticator and returns a new set
    of recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(token.strip().replace(" ", "")):
        raise ValidationError({"code": _("This code is not right. Enter the 6-digit code your app shows now.")}, code="bad_code")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_generate(user=user)


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """A new set of one-time recovery codes; the earlier ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes
