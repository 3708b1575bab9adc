"""Writes for decisions, sections, objectives and targets: validated, transactional, permission-checked,
and refused when someone else changed the same record since the user loaded it.

One module per concern; callers use the names re-exported here (`from objectives import services`)."""

from objectives.services.amendments import decision_amend, decision_copy_objectives, objectives_delete
from objectives.services.base import (
    DECISION_EVENT_HOOKS,
    DECISION_FIELDS,
    LIST_FIELDS,
    LIST_ITEM_MAX,
    OBJECTIVE_FIELDS,
    SECTION_FIELDS,
    TARGET_FIELDS,
    TARGET_REMAP_HOOKS,
    ConcurrentEditError,
    FieldChange,
)
from objectives.services.build import decision_build
from objectives.services.content import (
    objective_create,
    objective_delete,
    objective_move,
    objective_update,
    section_create,
    section_delete,
    section_move,
    section_update,
    target_create,
    target_delete,
    target_move,
    target_update,
)
from objectives.services.decisions import decision_attach_scan, decision_create, decision_defaults, decision_update
from objectives.services.workflow import (
    decision_approve,
    decision_issue,
    decision_return,
    decision_review,
    decision_submit,
)

__all__ = [
    "DECISION_EVENT_HOOKS",
    "DECISION_FIELDS",
    "LIST_FIELDS",
    "LIST_ITEM_MAX",
    "OBJECTIVE_FIELDS",
    "SECTION_FIELDS",
    "TARGET_FIELDS",
    "TARGET_REMAP_HOOKS",
    "ConcurrentEditError",
    "FieldChange",
    "decision_amend",
    "decision_approve",
    "decision_attach_scan",
    "decision_build",
    "decision_copy_objectives",
    "decision_create",
    "decision_defaults",
    "decision_issue",
    "decision_return",
    "decision_review",
    "decision_submit",
    "decision_update",
    "objective_create",
    "objective_delete",
    "objective_move",
    "objective_update",
    "objectives_delete",
    "section_create",
    "section_delete",
    "section_move",
    "section_update",
    "target_create",
    "target_delete",
    "target_move",
    "target_update",
]
