"""Reads for corrective actions: the register a user may see, one action with its evidence, the open actions
of a unit (shown on its report form) and the next period's result of the action's target."""

from datetime import date

from django.db.models import QuerySet

from agencies.models import Agency
from agencies.permissions import visible_agencies
from reports import periods
from reports.actions.models import ActionEvidence, CorrectiveAction
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
            "risk",
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
    """Open actions past their due date that the user owns or may work on (unit head of the unit, secretariat
    above it); earliest due first."""
    from django.db.models import Q

    from agencies.permissions import Action, agencies_where

    reach = agencies_where(user, Action.REPORT) | agencies_where(user, Action.REVIEW)
    mine = Q(agency__in=reach)
    if getattr(user, "pk", None) is not None:
        mine |= Q(owner=user)
    return list(CorrectiveAction.objects.overdue(today).filter(mine).select_related("agency").order_by("due_on", "id"))


def to_verify_for(user) -> list[CorrectiveAction]:
    """Actions marked done that wait for the effectiveness check of a secretariat the user belongs to."""
    from agencies.permissions import Action, agencies_where

    return list(
        CorrectiveAction.objects.filter(status="done", agency__in=agencies_where(user, Action.REVIEW))
        .select_related("agency")
        .order_by("due_on", "id")
    )
