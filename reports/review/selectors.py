"""Reads of the management review: the reviews a user may see, one review with what its page shows (a fixed
number of queries), the units a decision's action may go to."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from agencies.models import Agency
from agencies.permissions import Action, agencies_where, visible_agencies
from reports.actions.models import CorrectiveAction
from reports.review.models import ManagementReview, ReviewDecision, ReviewInputs, ReviewSignedDocument

HISTORY_SHOWN = 20


def reviews_for(user) -> QuerySet[ManagementReview]:
    return (
        ManagementReview.objects.filter(agency__in=visible_agencies(user))
        .select_related("agency")
        .order_by("-year", "agency__path", "period")
    )


def review_for(pk) -> ManagementReview | None:
    try:
        return ManagementReview.objects.select_related("agency", "chair", "secretary").get(pk=pk)
    except (ManagementReview.DoesNotExist, ValueError, TypeError):
        return None


def decisions_of(review: ManagementReview) -> list[ReviewDecision]:
    """The decisions with their actions (two queries)."""
    actions = CorrectiveAction.objects.select_related("agency").order_by("id")
    return list(review.decisions.prefetch_related(Prefetch("actions", queryset=actions)).order_by("order", "id"))


def snapshots_of(review: ManagementReview) -> list[ReviewInputs]:
    """The compiled inputs, newest (current) first, without their data."""
    return list(
        review.input_snapshots.defer("data")
        .select_related("compiled_by")
        .order_by("-compiled_at", "-id")[:HISTORY_SHOWN]
    )


def signed_of(review: ManagementReview) -> list[ReviewSignedDocument]:
    return list(
        review.signed_documents.defer("signatures")
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")[:HISTORY_SHOWN]
    )


def attendees_of(review: ManagementReview) -> list:
    return [row.user for row in review.attendees.select_related("user").order_by("user__last_name", "user__first_name")]


def action_units(user, review: ManagementReview) -> QuerySet[Agency]:
    """The reviewing agency and the units below it where the user may open actions."""
    return (
        agencies_where(user, Action.REVIEW)
        .filter(path__startswith=review.agency.path, dissolved_on__isnull=True)
        .order_by("path")
    )


def review_of_action(action: CorrectiveAction) -> ManagementReview | None:
    """The review whose decision the action came from (the action page links back)."""
    if action.review_decision_id is None:
        return None
    return ManagementReview.objects.select_related("agency").filter(decisions__id=action.review_decision_id).first()


def has_signing_certificate(review: ManagementReview) -> bool:
    """Whether the agency has an active certificate to sign the review's documents on the server (one query)."""
    from objectives.signing.models import AgencySigningCertificate

    return AgencySigningCertificate.objects.filter(agency_id=review.agency_id, active=True).exists()
