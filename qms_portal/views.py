"""Project-wide pages: home and a health check for load balancers."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from agencies.permissions import memberships_of


def _today():
    return timezone.localdate()


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from reports.inbox.selectors import inbox_for

    return render(
        request,
        "home.html",
        {
            "memberships": memberships_of(request.user),
            "inbox": inbox_for(request.user, today=_today()),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
