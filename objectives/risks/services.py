"""Writes of the risk and opportunity register: add, change, delete an item, copy last year's register forward.

Keyword-only, `user` required (a person or agencies.permissions.SYSTEM), re-checking `Action.RISKS` on the
agency, validated with full_clean (NFC, plain text, scores 1-5, a treatment that suits the kind, both residual
scores or neither), in one transaction with history rows credited to the user (links to objectives included).
A change based on an older version is refused with objectives.services.ConcurrentEditError."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Max, ProtectedError
from django.utils.translation import gettext as _

from agencies.models import Agency, Membership
from agencies.permissions import Action, recorded_user, require, roles_for
from objectives.models import Objective
from objectives.risks import selectors
from objectives.risks.models import RiskItem, RiskObjective
from objectives.services.base import _check_version
from qms_portal import audit
from qms_portal.refusals import WorkflowError
from qms_portal.text import fold
from qms_portal.validation import clean_and_validate

ITEM_FIELDS = (
    "kind",
    "description",
    "cause",
    "likelihood",
    "impact",
    "treatment",
    "actions_text",
    "owner_user",
    "owner_unit",
    "review_on",
    "residual_likelihood",
    "residual_impact",
)
# Copied forward as they stand; the review date and the level after treatment belong to last year's review
# and start empty (the confirmation page says so).
COPIED_FIELDS = (
    "kind",
    "description",
    "cause",
    "likelihood",
    "impact",
    "treatment",
    "actions_text",
    "owner_user",
    "owner_unit",
)
MAX_ITEMS = 300


def _assign(item: RiskItem, fields: dict) -> None:
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise TypeError(f"unexpected risk item field {name!r}")
        setattr(item, name, value)


def _check_owner(item: RiskItem) -> None:
    agency = item.agency
    if item.owner_user_id is None and item.owner_unit_id is None:
        raise ValidationError({"owner_unit": _("Name the owner: a person, a unit, or both.")})
    if item.owner_unit_id and not item.owner_unit.is_in_subtree_of(agency):
        raise ValidationError({"owner_unit": _("The owner unit must be this agency or one of its units.")})
    if item.owner_user_id:
        member_below = Membership.objects.filter(user_id=item.owner_user_id, agency__path__startswith=agency.path)
        if not roles_for(item.owner_user, agency) and not member_below.exists():
            raise ValidationError(
                {"owner_user": _("The owner must be a member of this agency, of one of its units or above it.")}
            )


def _check_objectives(agency: Agency, year: int, objectives) -> list[Objective]:
    chosen = list(objectives or ())
    wrong = [
        o for o in chosen if o.decision.agency_id != agency.pk or o.decision.year != year
    ]  # callers pass objectives with their decision (select_related); the form's choices do
    if wrong:
        raise ValidationError(
            {"objectives": _("Link only objectives of this agency's decision for %(year)s.") % {"year": year}}
        )
    return chosen


def _set_links(item: RiskItem, objectives: list[Objective]) -> None:
    wanted = {o.pk for o in objectives}
    current = dict(RiskObjective.objects.filter(item=item).values_list("objective_id", "pk"))
    for objective_id, link_pk in current.items():
        if objective_id not in wanted:
            RiskObjective.objects.get(pk=link_pk).delete()  # one history row per removed link
    audit.bulk_create(
        RiskObjective, [RiskObjective(item=item, objective_id=pk) for pk in sorted(wanted - set(current))]
    )


def _save(item: RiskItem) -> None:
    clean_and_validate(item, exclude=["lock_version"])
    _check_owner(item)
    item.save()
    item.refresh_from_db(fields=["lock_version"])


@audit.service
def risk_create(*, agency: Agency, year: int, user, objectives=(), **fields) -> RiskItem:
    """Add an item at the end of the agency's register for `year`."""
    require(user, Action.RISKS, agency)
    existing = RiskItem.objects.filter(agency=agency, year=year)
    if existing.count() >= MAX_ITEMS:
        raise WorkflowError(_("A register holds at most %(n)d items.") % {"n": MAX_ITEMS}, "too-many")
    item = RiskItem(agency=agency, year=year, created_by=recorded_user(user))
    _assign(item, fields)
    item.order = (existing.aggregate(m=Max("order"))["m"] or 0) + 1
    chosen = _check_objectives(agency, year, objectives)
    _save(item)
    _set_links(item, chosen)
    return item


@audit.service
def risk_update(*, item: RiskItem, user, lock_version: int | None = None, objectives=None, **fields) -> RiskItem:
    """Change an item (`objectives=None` keeps its links); refused when someone saved it since `lock_version`."""
    item = RiskItem.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(user, Action.RISKS, item)
    _check_version(item, lock_version)
    _assign(item, fields)
    chosen = None if objectives is None else _check_objectives(item.agency, item.year, objectives)
    item.lock_version = F("lock_version") + 1
    _save(item)
    if chosen is not None:
        _set_links(item, chosen)
    return item


@audit.service
def risk_delete(*, item: RiskItem, user) -> None:
    """Remove an item and its links; refused while corrective actions point at it."""
    item = RiskItem.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(user, Action.RISKS, item)
    try:
        for link in RiskObjective.objects.filter(item=item):
            link.delete()
        item.delete()
    except ProtectedError:
        raise WorkflowError(
            _("Actions in the corrective action register treat this item; it cannot be deleted."), "has-actions"
        ) from None


@dataclass
class CopyResult:
    copied: list[RiskItem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # descriptions already in this year's register (merge)
    unmatched: list[str] = field(default_factory=list)  # last year's linked objectives not found this year


def _same(text: str) -> str:
    return " ".join(fold(text).split()).rstrip(" .;:")


@audit.service
def risk_copy_forward(*, agency: Agency, year: int, user, merge: bool = False) -> CopyResult:
    """Copy the agency's register of `year - 1` into `year`, linking each item to this year's objective that
    was copied from the linked one, else to one with the same text. If `year` already has items the copy is
    refused unless `merge`: then items of the same kind and description are kept as they are and listed in
    `skipped`. Links that cannot be matched are listed in `unmatched`; nothing is dropped without saying so."""
    require(user, Action.RISKS, agency)
    source = list(selectors.items(agency, year - 1))
    if not source:
        raise WorkflowError(
            _("There is no register for %(year)s to copy from.") % {"year": year - 1}, "nothing-to-copy"
        )
    existing = list(RiskItem.objects.select_for_update().filter(agency=agency, year=year))
    if existing and not merge:
        raise WorkflowError(
            _("The register for %(year)s already has %(n)d items. Confirm merging to add last year's items to them.")
            % {"year": year, "n": len(existing)},
            "has-items",
        )
    if len(existing) + len(source) > MAX_ITEMS:
        raise WorkflowError(_("A register holds at most %(n)d items.") % {"n": MAX_ITEMS}, "too-many")
    present = {(i.kind, _same(i.description)) for i in existing}
    targets = list(selectors.linkable_objectives(agency, year))
    by_source = {o.copied_from_id: o for o in targets if o.copied_from_id}
    by_text: dict[str, Objective] = {}
    for objective in targets:
        by_text.setdefault(_same(objective.content), objective)
    result = CopyResult()
    order = max((i.order for i in existing), default=0)
    links: list[RiskObjective] = []
    for old in source:
        if (old.kind, _same(old.description)) in present:
            result.skipped.append(old.description)
            continue
        order += 1
        item = RiskItem(
            agency=agency,
            year=year,
            order=order,
            copied_from=old,
            created_by=recorded_user(user),
            **{name: getattr(old, name) for name in COPIED_FIELDS},
        )
        clean_and_validate(item, exclude=["lock_version"])
        item.save()
        result.copied.append(item)
        for objective in old.objectives.all():
            match = by_source.get(objective.pk) or by_text.get(_same(objective.content))
            if match is None:
                result.unmatched.append(objective.content)
            elif not any(link.item is item and link.objective_id == match.pk for link in links):
                links.append(RiskObjective(item=item, objective=match))
    audit.bulk_create(RiskObjective, links)
    return result
