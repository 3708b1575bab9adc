"""Every reports page issues a fixed number of queries, whatever the number of units: the same count for
a province of 3 units as for one of 30 (the benchmark in bench/ measures time at 500)."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from reports import views
from reports.models import Report
from reports.scale import build

# Queries a logged-in page needs before the view's own work: session, user, memberships.
MAX_QUERIES = 16


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(views, "_today", lambda: date(2026, 11, 22))


@pytest.fixture
def provinces(db):
    built = {n: build(units=n, year=2026, prefix=f"S{n}") for n in (3, 30)}
    for result in built.values():
        # Something in every review queue (the data set draws statuses at random).
        Report.objects.filter(agency__path__startswith=result.root.path, period="Q3").update(status="submitted")
    return built


def client(username: str) -> Client:
    c = Client()
    c.force_login(get_user_model().objects.get(username=username))
    return c


def pages(result):
    root = result.root.pk
    unit = result.root.children.first().children.order_by("pk").first().pk
    commune = result.root.children.order_by("pk").first().pk
    prefix = result.root.code.lower()
    secretariat, head = f"{prefix}-secretariat", f"{prefix}-unithead"
    return {
        # name: (user, url)
        "status grid": (secretariat, reverse("reports:status-grid", args=[root, 2026])),
        "status grid excel": (secretariat, reverse("reports:status-grid", args=[root, 2026]) + "?format=xlsx"),
        "dashboard of the province": (secretariat, reverse("reports:dashboard", args=[root, 2026])),
        "dashboard of a commune": (secretariat, reverse("reports:dashboard", args=[commune, 2026])),
        "dashboard excel": (secretariat, reverse("reports:dashboard", args=[root, 2026]) + "?format=xlsx"),
        "year-end report": (secretariat, reverse("reports:year-end", args=[root, 2026])),
        "year-end excel": (secretariat, reverse("reports:year-end", args=[root, 2026]) + "?format=xlsx"),
        "review queue": (secretariat, reverse("reports:review-queue")),
        "review queue excel": (secretariat, reverse("reports:review-queue") + "?format=xlsx"),
        "my reports": (head, reverse("reports:my-reports") + "?year=2026"),
        "report form": (head, reverse("reports:report", args=[unit, 2026, "Q4"])),
        "report as the secretariat sees it": (secretariat, reverse("reports:report", args=[unit, 2026, "Q2"])),
        "due dates": (secretariat, reverse("reports:due-dates", args=[root, 2026])),
    }


PAGES = [
    "status grid",
    "status grid excel",
    "dashboard of the province",
    "dashboard of a commune",
    "dashboard excel",
    "year-end report",
    "year-end excel",
    "review queue",
    "review queue excel",
    "my reports",
    "report form",
    "report as the secretariat sees it",
    "due dates",
]


@pytest.mark.parametrize("page", PAGES)
def test_it_issues_the_same_number_of_queries_for_3_and_30_units(provinces, page, django_assert_max_num_queries):
    assert Report.objects.filter(agency__path__startswith=provinces[30].root.path).count() > 150
    counts = []
    for n in (3, 30):
        user, url = pages(provinces[n])[page]
        c = client(user)
        with django_assert_max_num_queries(MAX_QUERIES) as captured:
            response = c.get(url)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], (page, counts)
