"""Demo decisions: the four real sample decisions, and a 2026 draft amendment for xã Phước An."""

from django.db import transaction

from agencies.permissions import SYSTEM
from objectives import samples, services
from objectives.models import Decision, DecisionStatus


@transaction.atomic
def load() -> list[Decision]:
    decisions = samples.load_all()
    in_force = Decision.objects.filter(agency__code="DNI-PA", year=2026, status=DecisionStatus.ISSUED).first()
    draft = Decision.objects.filter(agency__code="DNI-PA", year=2026).open().first()
    if in_force and draft is None:
        draft = services.decision_amend(decision=in_force, user=SYSTEM)
    return decisions + ([draft] if draft else [])
