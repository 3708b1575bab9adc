"""The report form's target list, kept in the cache until a decision of the year is issued or superseded
(issue 16, lean pages). `selectors.reporting_targets` (with its "not rolled up" and "in force since" conditions)
was the costliest query of the form, and its answer only changes with the decisions in force: an issued
decision's content never changes (objectives.services refuse it; an amendment is a new decision)."""

import hashlib

from django.core.cache import cache
from django.db import connection

from agencies.models import Agency
from objectives.models import Decision, DecisionStatus, Target

TIMEOUT = 24 * 3600  # seconds; a missed entry is only read again


def issued_stamp(year: int) -> str:
    """Which decisions of the year are in force: their number and the sum of their ids. Issuing or superseding any
    decision of the year changes it (an amendment in force in place of the decision it amends changes the sum).
    One aggregate query on the (year, status) index, written in SQL: built through the ORM it cost half as much as
    the list it spares."""
    table = connection.ops.quote_name(Decision._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(id), SUM(id) FROM {table} WHERE year = %s AND status = %s",  # noqa: S608
            [year, DecisionStatus.ISSUED.value],
        )
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()[:16]


def form_targets(agency: Agency, year: int, period: str) -> list[Target]:
    """`selectors.reporting_targets(agency, year, period)`, from the cache while the decisions in force are the same."""
    from reports.selectors import reporting_targets

    key = f"qms:form-targets:{agency.pk}:{year}:{period}:{issued_stamp(year)}"
    targets = cache.get(key)
    if targets is None:
        targets = reporting_targets(agency, year, period)
        cache.set(key, targets, TIMEOUT)
    return targets
