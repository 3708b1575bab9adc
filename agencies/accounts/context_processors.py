"""Tell every page whether two-factor log-in is switched off (demo mode), so the log-in page can say so."""

from django.conf import settings
from django.http import HttpRequest


def two_factor(request: HttpRequest) -> dict:
    return {"two_factor_off": not settings.TWO_FACTOR_ROLES}
