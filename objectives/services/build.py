"""A whole draft decision from structured data (samples, import, demo)."""

from decimal import Decimal

from agencies.models import Agency
from objectives.models import Decision, Objective, Section
from objectives.services.base import DECISION_FIELDS, OBJECTIVE_FIELDS, TARGET_FIELDS
from objectives.services.content import objective_create, section_create, target_create
from objectives.services.decisions import decision_create
from qms_portal.audit import service


@service
def decision_build(*, agency: Agency, year: int, user, data: dict) -> Decision:
    """Create a draft from a whole structure: decision fields plus
    sections: [{title, objectives: [...]}] and/or objectives: [{content, ..., targets: [{...}]}]."""
    fields = {k: v for k, v in data.items() if k in DECISION_FIELDS}
    decision = decision_create(agency=agency, year=year, user=user, **fields)
    for section_data in data.get("sections", []):
        section = section_create(decision=decision, user=user, title=section_data["title"])
        for objective_data in section_data.get("objectives", []):
            _build_objective(decision, user, objective_data, section)
    for objective_data in data.get("objectives", []):
        _build_objective(decision, user, objective_data, None)
    decision.refresh_from_db()
    return decision


def _build_objective(decision: Decision, user, data: dict, section: Section | None) -> Objective:
    fields = {k: v for k, v in data.items() if k in OBJECTIVE_FIELDS and k != "section"}
    objective = objective_create(decision=decision, user=user, section=section, **fields)
    for target_data in data.get("targets", []):
        values = {k: v for k, v in target_data.items() if k in TARGET_FIELDS}
        for key in ("value", "upper"):
            if values.get(key) is not None:
                values[key] = Decimal(str(values[key]))
        target_create(objective=objective, user=user, **values)
    return objective
