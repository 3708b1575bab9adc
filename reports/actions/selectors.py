"""Reads for corrective actions: the register a user may see, one action with its evidence, the open actions
of a unit (shown on its report form) and the next period's result of the action's target."""

from datetime import date

from django.db.models import QuerySet

from agencies.models import Agency
from agencies.permissions import visible_agencies
from reports import periods
from reports.actions.models import ActionEvidence, ActionStatus, CorrectiveAction
from reports.models import ReportLine


def register(user) -> QuerySet[CorrectiveAction]:
    """Every action in an agency the user may see, with what the register shows (no query per row)."""
    return (
        CorrectiveAction.objects.filter(agency__in=visible_agencies(user))
        .select_related("agency", "owner", "target__objective", "report_line__report")
        .order_by("due_on", "id")
    )


def action_for(pk) -> CorrectiveAction | None:
    try:
        return CorrectiveAction.objects.select_related(
            "agency",
            "owner",
            "verified_by",
            "created_by",
            "target__objective",
            "report_line__report",
            "review_decision__review",
        ).get(pk=pk)
    except (CorrectiveAction.DoesNotExist, ValueError, TypeError):
        return None


def evidence_of(action: CorrectiveAction) -> list[ActionEvidence]:
    return list(action.evidence_files.select_related("uploaded_by"))


def open_for_unit(agency: Agency) -> list[CorrectiveAction]:
    """The unit's actions still to be worked on (open or in progress), earliest due first."""
    return list(CorrectiveAction.objects.filter(agency=agency).still_open().order_by("due_on", "id"))


def is_overdue(action: CorrectiveAction, today: date) -> bool:
    return action.status in ("open", "in_progress") and action.due_on < today


def next_result(action: CorrectiveAction) -> ReportLine | None:
    """The first result of the same target reported by the same unit after the period whose miss opened the
    action (what the secretariat looks at when checking effectiveness); None if not reported yet."""
    line = action.report_line
    if line is None or action.target_id is None:
        return None
    source = line.report
    later = [
        other
        for other in ReportLine.objects.filter(
            target_id=action.target_id,
            report__agency_id=source.agency_id,
            report__year__gte=source.year,
        )
        .exclude(report_id=source.pk)
        .select_related("report", "target")
        if (other.report.year, periods.RANK[other.report.period]) > (source.year, periods.RANK[source.period])
    ]
    return min(later, key=lambda o: (o.report.year, periods.RANK[o.report.period]), default=None)


# --- for the inbox (issue 12's `register_kind`: "overdue actions" and "actions to verify") --------------------


def overdue_for(user, today: date) -> list[CorrectiveAction]:
    """Open actions past their due date waiting for the user as their owner: the person named as owner, or,
    when no person is named, the head of the responsible unit. Earliest due first, in one query."""
    from django.db.models import Q

    from agencies.permissions import Action, agencies_where

    if getattr(user, "pk", None) is None:
        return []
    mine = Q(owner=user) | Q(owner__isnull=True, agency__in=agencies_where(user, Action.REPORT))
    return list(CorrectiveAction.objects.overdue(today).filter(mine).select_related("agency").order_by("due_on", "id"))


def to_verify_for(user) -> list[CorrectiveAction]:
    """Actions marked done that wait for the effectiveness check of a secretariat the user belongs to."""
    from agencies.permissions import Action, agencies_where

    return list(
        CorrectiveAction.objects.filter(status=ActionStatus.DONE, agency__in=agencies_where(user, Action.REVIEW))
        .select_related("agency")
        .order_by("due_on", "id")
    )


# --- for the management review (reports/review/inputs.py) -----------------------------------------------------


def review_scope(agency: Agency, year: int) -> QuerySet[CorrectiveAction]:
    """The actions a management review of `year` looks at: those of the agency and the units below it opened in
    the year or since (the last quarter's misses are accepted in January), and those opened earlier that are not
    closed."""
    from django.db.models import Q

    return CorrectiveAction.objects.in_subtree(agency).exclude(Q(created_at__year__lt=year) & Q(status="closed"))


def status_counts(actions: QuerySet[CorrectiveAction], today: date) -> tuple[dict[str, int], int]:
    """({status: count}, overdue count) of the actions (two queries)."""
    from django.db.models import Count

    counts = dict(actions.order_by().values_list("status").annotate(n=Count("id")))
    return counts, actions.overdue(today).count()
