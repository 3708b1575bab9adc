"""Reads for signed originals: the current original of a decision, an agency's active signing certificate, and
what the decision page shows about signing."""

from __future__ import annotations

from agencies.models import Agency
from agencies.permissions import Action, can
from objectives.models import Decision, DecisionStatus
from objectives.signing import UNREAD
from objectives.signing.forms import SignedOriginalForm
from objectives.signing.models import AgencySigningCertificate, SignedOriginal

FIELD_STATUSES = (DecisionStatus.APPROVED, DecisionStatus.ISSUED, DecisionStatus.SUPERSEDED)


def current_original(decision: Decision) -> SignedOriginal | None:
    return (
        SignedOriginal.objects.filter(decision=decision)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
        .first()
    )


def active_certificate(agency: Agency) -> AgencySigningCertificate | None:
    return AgencySigningCertificate.objects.filter(agency=agency, active=True).first()


def signing_context(user, decision: Decision, original=UNREAD) -> dict:
    """What the decision page shows about signing (at most two queries): the current original (pass it when
    read already: `current_original(decision)` or None) and the actions."""
    issued = decision.is_issued
    may_print = can(user, Action.PRINT, decision)
    if original is UNREAD:
        original = current_original(decision) if issued else None
    return {
        "signed_original": original if issued else None,
        "can_attach_original": issued and can(user, Action.SIGN, decision),
        "can_export_fields": decision.status in FIELD_STATUSES and may_print,
        "has_appendix": bool(decision.appendix_title.strip()),
        "can_signed_copy": issued and may_print and active_certificate(decision.agency) is not None,
        "original_form": SignedOriginalForm(),
    }
