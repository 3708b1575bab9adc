"""Second-factor gate: a user who must pass the second factor reaches only the two-factor pages (and log-out)
until they have; everything else, the admin included, redirects there."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user
from django_otp import login as otp_login

from agencies.accounts.twofactor import remembered_device, second_factor_needed

OPEN_VIEWS = {
    "accounts:two-factor-verify", "accounts:two-factor-setup", "accounts:two-factor-qr", "logout", "set_language",
    "healthz", "login",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not second_factor_needed(request):
            return None
        device = remembered_device(request)
        if device is not None:
            otp_login(request, device)
            return None
        if request.resolver_match.view_name in OPEN_VIEWS:
            return None
        enrolled = any(True for _ in devices_for_user(request.user, confirmed=True))
        target = reverse("accounts:two-factor-verify" if enrolled else "accounts:two-factor-setup")
        url = f"{target}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else target
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)
