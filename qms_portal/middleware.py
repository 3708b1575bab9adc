"""Project middleware: language from the user's choice (not the browser), a friendly page when the database
is unreachable, input no browser sends refused with a 400 page, and no caching of authenticated pages."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger(__name__)


class CookieLocaleMiddleware:
    """Vietnamese unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show English to
    officials whose browsers happen to be set to English; the product is Vietnamese-first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503 page in Vietnamese instead of a bare 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Database unavailable while serving %s: %s", request.path, exception)
            html = render_to_string("503.html", request=None)
            response = HttpResponse(html, status=503)
            response["Retry-After"] = "30"
            return response
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The visitor's address for log-in throttling: behind our own TLS proxy (BEHIND_TLS_PROXY=1) the proxy's
    X-Real-IP, otherwise the socket's address. Never trust these headers without a proxy that sets them."""
    if settings.BEHIND_TLS_PROXY:
        real = request.META.get("HTTP_X_REAL_IP", "").strip()
        if real:
            return real
    return request.META.get("REMOTE_ADDR")


MAX_QUERY_STRING = 8192  # above what gunicorn (4094) and nginx (8 KB) accept in a request line: never from our pages


class InputSanityMiddleware:
    """Refuse, with a 400 page, what no browser sends from our pages: a NUL byte in a query parameter or form
    field (PostgreSQL cannot store it and SQLite truncates at it) and an over-long query string. An integer too
    large for the database (SQLite raises OverflowError where PostgreSQL finds nothing) is a 400 too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            raise BadRequest("query string too long")
        data = [request.GET]
        if request.method == "POST" and request.content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            data.append(request.POST)
        for querydict in data:
            for key, values in querydict.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    raise BadRequest("NUL byte in a parameter")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            raise BadRequest("number out of range") from exception
        return None


class NoStoreForUsersMiddleware:
    """`Cache-Control: no-store` on every response to a logged-in user (pages, evidence, exports, PDFs), so
    that no shared or browser cache keeps an agency's data after the user logs out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
