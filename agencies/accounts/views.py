"""Two-factor pages (enrol with a QR code, verify with a code or a recovery code, new recovery codes) and the
throttled password reset."""

import base64
import io
from datetime import timedelta

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordResetView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import devices_for_user, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.accounts import services
from agencies.accounts.forms import BackgroundPasswordResetForm, CodeForm, EnrolForm
from agencies.accounts.twofactor import ENROLLED_SESSION_KEY, remember_browser, required_by_role
from qms_portal.middleware import client_ip
from qms_portal.views import locked_out


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _match(user, code: str):
    """The confirmed device that accepts the code: an authenticator for digits, the recovery codes otherwise."""
    kind = TOTPDevice if code.isdecimal() else StaticDevice
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, kind) and verify_token(user, device.persistent_id, code):
            return device
    return None


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("accounts:two-factor-setup"))
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request)
        if form.is_valid():
            device = _match(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                axes_reset(username=user.get_username())
                response = redirect(next_url)
                if isinstance(device, StaticDevice):
                    left = device.token_set.count()
                    messages.warning(request, ngettext(
                        "You used a recovery code; %(n)d is left. Make new ones under Two-factor log-in.",
                        "You used a recovery code; %(n)d are left. Make new ones under Two-factor log-in.", left,
                    ) % {"n": left})
                elif form.cleaned_data.get("remember"):
                    remember_browser(response, request, device)
                return response
            form.add_error("code", _("This code is not right. Enter the code your app shows now, or an unused recovery code."))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if enrolled and not user.is_verified():
        return redirect(reverse("accounts:two-factor-verify"))
    if enrolled:
        if request.method == "POST" and request.POST.get("action") == "recovery-codes":
            codes = services.recovery_codes_generate(user=user)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:two-factor-setup")})
        static = StaticDevice.objects.filter(user=user, name="recovery").first()
        return render(request, "accounts/setup.html", {
            "enrolled": True, "codes_left": static.token_set.count() if static else 0, "required": required_by_role(user),
        })
    device = services.totp_enrolment_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrolment_confirm(user=user, device=device, token=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc.message_dict.get("code", exc.messages))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[ENROLLED_SESSION_KEY] = True
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request), "first_time": True})
    return render(request, "accounts/setup.html", {
        "enrolled": False, "form": form, "secret": _b32(device.bin_key), "required": required_by_role(user),
        "next": _next_url(request),
    })


def _b32(key: bytes) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@login_required
@require_GET
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The enrolment QR code as SVG, drawn here (no third-party service ever sees the secret)."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").first()
    if device is None:
        raise Http404
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=6, border=2, dark="#000", light="#fff")
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


class ThrottledPasswordResetView(PasswordResetView):
    """Django's reset page, with the mail sent by the background worker and a limit per address and per client."""

    form_class = BackgroundPasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        window = timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
        allowed = services.throttle_hit(
            scope="password-reset-client", value=client_ip(self.request) or "", limit=settings.PASSWORD_RESET_LIMIT_PER_CLIENT, window=window,
        ) and services.throttle_hit(
            scope="password-reset-address", value=form.cleaned_data["email"], limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS, window=window,
        )
        if not allowed:
            form.add_error(None, _(
                "Too many password reset requests. Please wait %(minutes)d minutes and try again; if a reset e-mail "
                "already arrived, use the link in it."
            ) % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES})
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


password_reset = ThrottledPasswordResetView.as_view()
