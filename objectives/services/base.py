"""Shared pieces of the decision services: field lists, the concurrent-edit check, permission and
draft guards, history events and the save helper."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import F, Max, Model
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user, require
from objectives.models import Decision, DecisionEvent, DecisionStatus
from qms_portal import audit
from qms_portal.refusals import WorkflowError
from qms_portal.text import contains_html, fold, nfc
from qms_portal.validation import clean_and_validate
from qms_portal.vnformat import format_decimal

# Other apps register here to follow their links when an amendment replaces a decision's targets:
# each hook receives {old_target_id: new_target_id}.
TARGET_REMAP_HOOKS: list[Callable[[dict[int, int]], None]] = []
# ... and here to act on every workflow event inside its transaction (reports.inbox notifies people).
DECISION_EVENT_HOOKS: list[Callable[[DecisionEvent], object]] = []

DECISION_FIELDS = (
    "header_parent",
    "header_own",
    "symbol",
    "place",
    "doc_type",
    "summary",
    "authority",
    "issuer",
    "legal_bases",
    "proposal",
    "articles",
    "recipients",
    "signer_prefix",
    "signer_authority",
    "signer_title",
    "signer_name",
    "appendix_title",
    "appendix_intro",
    "appendix_reference",
    "appendix_form",
    "appendix_landscape",
)
SECTION_FIELDS = ("title",)
OBJECTIVE_FIELDS = (
    "section",
    "content",
    "measures",
    "responsibility",
    "resources",
    "timeframe",
    "evaluation",
    "parent_objective",
    "qualitative",
)
TARGET_FIELDS = (
    "label",
    "comparator",
    "value",
    "upper",
    "unit",
    "unit_label",
    "scope",
    "measurement",
    "aggregation",
    "frequency",
    "source_phrase",
    "parent_target",
)
LIST_FIELDS = ("legal_bases", "articles", "recipients")
LIST_ITEM_MAX = 3000


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


class ConcurrentEditError(Exception):
    """Someone saved the record after the user loaded it; nothing was written."""

    def __init__(self, instance: Model, changes: list[FieldChange], by: str, at):
        super().__init__(f"{type(instance).__name__} {instance.pk} changed by {by}")
        self.instance = instance
        self.changes = changes
        self.by = by
        self.at = at


# --- helpers -------------------------------------------------------------------------------------------------


def _require(user, action: Action, obj) -> None:
    """Services re-check permissions (views check too); jobs pass agencies.permissions.SYSTEM."""
    require(user, action, obj)


def _require_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        if decision.is_issued:
            raise WorkflowError(
                _("This decision has been issued and can no longer be changed. Start an amending decision instead."),
                "issued",
            )
        raise WorkflowError(_("Only a draft can be changed. Return the decision to draft first."), "not-draft")


def _display(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "—"
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, Decimal):
        return format_decimal(value)  # as the user typed it: "97", "96,5" (not "97.0000")
    return str(value) if value != "" else "—"


def _check_version(instance: Model, lock_version: int | None) -> None:
    """Refuse a save based on an older version, naming who changed what since."""
    if lock_version is None:
        return
    current = type(instance).objects.filter(pk=instance.pk).values_list("lock_version", flat=True).first()
    if current is None:
        raise ValidationError(_("This record was deleted by someone else in the meantime."))
    if int(lock_version) == current:
        return
    history = instance.history.model.objects.filter(id=instance.pk)
    seen = history.filter(lock_version=lock_version).order_by("-history_date").first()
    latest = history.order_by("-history_date").first()
    changes: list[FieldChange] = []
    if seen and latest:
        delta = latest.diff_against(seen, excluded_fields=["lock_version", "updated_at", "search_key"])
        for change in delta.changes:
            field = type(instance)._meta.get_field(change.field)
            changes.append(FieldChange(str(field.verbose_name), _display(change.old), _display(change.new)))
    by = (latest.history_author if latest else "") or _("another user")
    raise ConcurrentEditError(instance, changes, by, latest.history_date if latest else None)


def _clean_list(values, *, name: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    cleaned = []
    for item in values:
        text = nfc(str(item)).strip()
        if not text:
            continue
        if len(text) > LIST_ITEM_MAX:
            raise ValidationError(
                {name: _("Each item may be at most %(max)d characters long.") % {"max": LIST_ITEM_MAX}}
            )
        if contains_html(text):
            raise ValidationError({name: _("HTML tags are not allowed here; please enter plain text.")})
        cleaned.append(text)
    return cleaned


def _assign(instance: Model, fields: dict, allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unexpected {type(instance).__name__} field {name!r}")
        setattr(instance, name, value)


def _touch(instance: Model) -> None:
    instance.lock_version = F("lock_version") + 1


def _save(instance: Model, *, exclude: list[str] | None = None) -> None:
    clean_and_validate(instance, exclude=exclude)
    instance.save()
    instance.refresh_from_db(fields=["lock_version"])


def _decision_search_key(decision: Decision) -> str:
    parts = [decision.agency.name, decision.agency.short_name, decision.summary, decision.symbol, str(decision.year)]
    if decision.number:
        parts += [str(decision.number), f"{decision.number:02d}/{decision.symbol}"]
    return fold(" ".join(p for p in parts if p))


def _event(decision: Decision, action: str, user, *, from_status: str = "", comment: str = "") -> None:
    event = DecisionEvent(
        decision=decision,
        action=action,
        from_status=from_status,
        to_status=decision.status,
        comment=comment or "",
        user=recorded_user(user),
    )
    try:
        clean_and_validate(event, exclude=["decision", "user"])
    except ValidationError as exc:
        raise ValidationError({"comment": exc.message_dict.get("comment", exc.messages)}) from None
    event.save()
    for hook in DECISION_EVENT_HOOKS:
        hook(event)


def _bump(decision: Decision) -> None:
    """A child of the decision changed: the decision's version moves on (and says so in its history)."""
    audit.update(Decision.objects.filter(pk=decision.pk), lock_version=F("lock_version") + 1)


def _next_order(queryset) -> int:
    return (queryset.aggregate(m=Max("order"))["m"] or 0) + 1


def _apply_decision_fields(decision: Decision, fields: dict) -> None:
    for name, value in fields.items():
        if name not in DECISION_FIELDS:
            raise TypeError(f"unexpected decision field {name!r}")
        if name in LIST_FIELDS:
            value = _clean_list(value, name=name)
        setattr(decision, name, value)
