"""At log-in, note in the session whether the user has enrolled an authenticator (one query, not one a page)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import devices_for_user

from agencies.accounts.twofactor import ENROLLED_SESSION_KEY


@receiver(user_logged_in)
def note_enrolment(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = any(True for _ in devices_for_user(user, confirmed=True))
