"""Error pages in the product's layout and language."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    # Standalone page: the request may have been refused before the session and user were loaded.
    return HttpResponse(render_to_string("400.html"), status=400)


def forbidden(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    return HttpResponse(render_to_string("500.html"), status=500)
