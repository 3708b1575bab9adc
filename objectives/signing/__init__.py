"""Signed electronic originals (PAdES): validate the signed PDF of a decision, compare it with the record,
export with empty signature fields, sign exported copies with the agency's certificate (issue 14).

For other code (e.g. the document check): `signed_original_status(decision)`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignedOriginalStatus:
    state: str  # a SignatureState value
    label: str  # the Vietnamese status sentence
    css_class: str  # "success", "warning" or "danger"
    is_valid: bool
    differs: bool  # the text differs from the record
    unreadable: bool  # no text could be read (a scanned image): the comparison could not be made
    difference_count: int
    original_id: int


UNREAD = object()  # "not read yet": a caller that read the current original passes it (or None) instead


def signed_original_status(decision, original=UNREAD) -> SignedOriginalStatus | None:
    """The current signed original of a decision, summarised; None when none is attached (one query, none
    when the caller passes the current original it read already, as the decision page does)."""
    from objectives.signing.models import SignedOriginal

    if original is UNREAD:
        original = (
            SignedOriginal.objects.filter(decision_id=decision.pk)
            .only("id", "state", "differences", "text_found")
            .order_by("-uploaded_at", "-id")
            .first()
        )
    if original is None:
        return None
    return SignedOriginalStatus(
        state=original.state,
        label=str(original.get_state_display()),
        css_class=original.css_class,
        is_valid=original.is_valid,
        differs=bool(original.differences),
        unreadable=not original.text_found,
        difference_count=len(original.differences),
        original_id=original.pk,
    )
