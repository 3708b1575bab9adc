"""Decision pages (objectives/urls.py): views parse the request, check permissions, call a selector or service,
render. By concern: pages (list, new, detail, history, cascade check), editor, workflow, importer (a decision read
from a Word, PDF or pasted text); shared helpers in common."""

from objectives.views.editor import (
    child_delete,
    child_move,
    decision_copy_previous,
    decision_edit,
    decision_editor,
    objective_form,
    objectives_bulk_delete,
    section_form,
    target_form,
)
from objectives.views.importer import decision_import
from objectives.views.pages import (
    cascade_check,
    decision_detail,
    decision_history,
    decision_list,
    decision_new,
)
from objectives.views.workflow import (
    decision_amend,
    decision_issue,
    decision_scan,
    decision_scan_upload,
    decision_transition,
)

__all__ = [
    "decision_import",
    "decision_list",
    "decision_new",
    "decision_detail",
    "decision_history",
    "cascade_check",
    "decision_editor",
    "decision_edit",
    "decision_copy_previous",
    "section_form",
    "objective_form",
    "target_form",
    "objectives_bulk_delete",
    "child_delete",
    "child_move",
    "decision_transition",
    "decision_issue",
    "decision_amend",
    "decision_scan_upload",
    "decision_scan",
]
