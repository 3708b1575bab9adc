"""Tell every page whether two-factor log-in is switched off (demo mode), so the log-in page can say so, and
whether this user still owes the second factor (the pages then load nothing behind the gate, such as the
navigation's to-do count, whose redirect would take the user away from the code form)."""

from django.conf import settings
from django.http import HttpRequest


def two_factor(request: HttpRequest) -> dict:
    from agencies.accounts.twofactor import second_factor_needed

    user = getattr(request, "user", None)
    pending = hasattr(user, "is_verified") and hasattr(request, "session") and second_factor_needed(request)
    return {"two_factor_off": not settings.TWO_FACTOR_ROLES, "two_factor_pending": pending}
