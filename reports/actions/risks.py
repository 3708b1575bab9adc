"""Corrective actions that treat a risk or opportunity (objectives.risks): the action side holds the link
(`CorrectiveAction.risk`, source "risk"), because objectives may not import reports.

- `action_from_risk`: the service behind "Tạo hành động khắc phục/xử lý" on a register item, pre-filled
  from the item (its planned actions, description and cause, owner, review date);
- `actions_for_risks`: the hook (objectives.risks.hooks.LINKED_ACTIONS, registered in reports.apps) that
  tells the register which actions treat its items, in one query."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.permissions import Action, recorded_user, require, roles_for
from objectives.risks.hooks import LinkedAction
from objectives.risks.models import RiskItem
from qms_portal import audit
from qms_portal.validation import clean_and_validate
from reports.actions.models import ActionSource, ActionStatus, CorrectiveAction
from reports.actions.services import DEFAULT_DUE_DAYS


def _title(item: RiskItem) -> str:
    planned = next((line.strip(" -•\t") for line in item.actions_text.splitlines() if line.strip(" -•\t")), "")
    if planned:
        return planned[:300]
    if item.is_opportunity:
        return (_("Pursue the opportunity: %(text)s") % {"text": item.description})[:300]
    return (_("Treat the risk: %(text)s") % {"text": item.description})[:300]


@audit.service
def action_from_risk(*, item: RiskItem, user, today: date | None = None) -> CorrectiveAction:
    """Open an action in the register of the item's owner unit (else the item's agency), pre-filled from the
    item; the secretariat (Action.REVIEW there) then edits it like any other action."""
    item = RiskItem.objects.select_related("agency", "owner_unit", "owner_user").get(pk=item.pk)
    agency = item.owner_unit or item.agency
    require(user, Action.REVIEW, agency)
    today = today or timezone.localdate()
    owner = item.owner_user if item.owner_user_id and roles_for(item.owner_user, agency) else None
    due_on = item.review_on if item.review_on and item.review_on > today else today + timedelta(days=DEFAULT_DUE_DAYS)
    lines = [f"{item.get_kind_display()} ({item.year}): {item.description}"]
    if item.actions_text:
        lines.append(
            _("Planned treatment (%(treatment)s): %(actions)s")
            % {
                "treatment": item.get_treatment_display().lower(),
                "actions": item.actions_text,
            }
        )
    action = CorrectiveAction(
        agency=agency,
        source=ActionSource.RISK,
        risk=item,
        title=_title(item),
        description="\n".join(lines)[:3000],
        cause_analysis=item.cause[:3000],
        owner=owner,
        due_on=due_on,
        created_by=recorded_user(user),
    )
    clean_and_validate(action)
    if recorded_user(user) is not None:
        action._history_user = user
    action.save()
    return action


def actions_for_risks(item_ids: Iterable[int]) -> dict[int, list[LinkedAction]]:
    """{risk item id: [LinkedAction]} for the register page and the management review (one query)."""
    actions = list(CorrectiveAction.objects.filter(risk_id__in=list(item_ids)).order_by("due_on", "id"))
    checked = {ActionStatus.EFFECTIVE: True, ActionStatus.NOT_EFFECTIVE: False}
    # A closed action keeps what its last effectiveness check found (its history says; one query).
    closed_after = {}
    closed = [a.pk for a in actions if a.is_closed and a.verified_at]
    if closed:
        for pk, status in (
            CorrectiveAction.history.filter(id__in=closed, status__in=list(checked))
            .order_by("history_date", "history_id")
            .values_list("id", "status")
        ):
            closed_after[pk] = checked[status]
    found: dict[int, list[LinkedAction]] = {}
    for action in actions:
        found.setdefault(action.risk_id, []).append(
            LinkedAction(
                pk=action.pk,
                title=action.title,
                status_label=action.get_status_display(),
                due_on=action.due_on,
                is_closed=action.is_closed,
                is_effective=checked.get(action.status, closed_after.get(action.pk)),
                url=reverse("reports:action-detail", args=[action.pk]),
            )
        )
    return found
