"""Shared by the reports pages: today's date, checked years and keys, the agency read for the user, the lazy
Excel module, the review steps' labels."""

from datetime import date

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy

from agencies.models import Agency
from agencies.permissions import Action, get_for_user
from qms_portal.lazy import lazy_module
from reports import steps

excel = lazy_module("reports.excel")  # openpyxl on the first export, not at start-up

# The secretariat's review steps, each with its own comment form (reports/steps.py).
REVIEW_LABELS = {
    steps.ACCEPT.name: gettext_lazy("Comment (optional)"),
    steps.RETURN.name: gettext_lazy("What should the unit correct?"),
    steps.REOPEN.name: gettext_lazy("Reason for reopening"),
}
COMMENT_REQUIRED = (steps.RETURN.name, steps.REOPEN.name)


def _today() -> date:
    """Today for the reports pages: the package's `reports.views._today` (tests replace it with a fixed date)."""
    from reports import views

    return views._today()


def _year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _agency(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Agency:
    return get_for_user(request.user, Agency.objects.all(), pk, action)


def _int(value, default: int) -> int:
    """A key or a year from the query string: a whole number from 0 to 2**63 - 1, else the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < 2**63 else default


def _years(year: int) -> list[int]:
    this = _today().year
    return sorted({this - 2, this - 1, this, this + 1, year})
