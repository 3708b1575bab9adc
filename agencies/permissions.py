"""The one place that answers "may this user do this to this object".

A role held in an agency grants actions there; secretariat, leader and viewer roles also reach the
whole subtree. Memberships are loaded once per request (cached on the user object).
Objects outside the user's reach are 404; visible but not changeable ones are 403.

Workflow steps (submit, review, return, approve, issue...) are `Step`s: the apps declare them
(objectives/steps.py, reports/steps.py), the object says which its state allows (`possible_steps()`),
and `allowed_steps` keeps those the user may take. Services get the acting user or, for jobs, `SYSTEM`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from agencies.models import Agency, Membership, Role


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # enter and change a draft decision and its objectives
    SUBMIT = "submit"  # send a draft decision for review
    REVIEW = "review"  # secretariat: review decisions and progress reports, chase units
    APPROVE = "approve"  # leader: approve and issue decisions
    RETURN = "return"  # secretariat or leader: send a decision back to draft (the service checks its state)
    SIGN_OFF = "sign-off"  # secretariat or leader: the agency's seal and signature images, the signed scan
    REPORT = "report"  # unit head: enter and submit progress reports
    PRINT = "print"
    BATCH_PRINT = "batch_print"  # start a background export of a subtree (not for viewers: it is heavy work)
    MANAGE = "manage"  # secretariat: reporting periods, reminders, agency members
    SIGN = "sign"  # secretariat: attach signed electronic originals, export server-signed copies
    RISKS = "risks"  # editor, unit head, secretariat: keep the register of risks and opportunities (ISO 9001 6.1)


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.EDITOR: frozenset({Action.VIEW, Action.EDIT, Action.SUBMIT, Action.PRINT, Action.BATCH_PRINT, Action.RISKS}),
    Role.UNIT_HEAD: frozenset({Action.VIEW, Action.REPORT, Action.PRINT, Action.RISKS}),
    Role.SECRETARIAT: frozenset(
        {
            Action.VIEW,
            Action.REVIEW,
            Action.RETURN,
            Action.SIGN_OFF,
            Action.SIGN,
            Action.PRINT,
            Action.BATCH_PRINT,
            Action.MANAGE,
            Action.RISKS,
        }
    ),
    Role.LEADER: frozenset(
        {Action.VIEW, Action.APPROVE, Action.RETURN, Action.SIGN_OFF, Action.PRINT, Action.BATCH_PRINT}
    ),
    Role.VIEWER: frozenset({Action.VIEW, Action.PRINT}),
}
SUBTREE_ROLES = frozenset({Role.SECRETARIAT, Role.LEADER, Role.VIEWER})


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their agencies, fetched once per user object (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_qms_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("agency"))
        user._qms_memberships = cached
    return cached


def _reaches(membership: Membership, agency: Agency) -> bool:
    if membership.agency_id == agency.pk:
        return True
    return membership.role in SUBTREE_ROLES and agency.is_in_subtree_of(membership.agency)


def roles_for(user, agency: Agency) -> set[str]:
    """The roles that apply to the user in this agency (directly or from above)."""
    return {m.role for m in memberships_of(user) if _reaches(m, agency)}


def actions_for(user, agency: Agency) -> set[Action]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return set(Action)
    actions: set[Action] = set()
    for role in roles_for(user, agency):
        actions |= ROLE_ACTIONS[role]
    return actions


def agency_of(obj) -> Agency:
    if isinstance(obj, Agency):
        return obj
    agency = getattr(obj, "agency", None)
    if agency is None:
        raise TypeError(f"{type(obj).__name__} has no agency to check permissions against")
    return agency


def can(user, action: Action, obj) -> bool:
    """May the user perform the action on the object (an Agency or anything with `.agency`)?"""
    return action in actions_for(user, agency_of(obj))


def has_role_anywhere(user, roles: Iterable[str]) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    wanted = set(roles)
    return any(m.role in wanted for m in memberships_of(user))


def agencies_where(user, action: Action) -> QuerySet[Agency]:
    """Every agency in which the user may perform the action (one query)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    condition = Q(pk__in=[])
    for m in memberships_of(user):
        if action not in ROLE_ACTIONS[m.role]:
            continue
        if m.role in SUBTREE_ROLES:
            condition |= Q(path__startswith=m.agency.path)
        else:
            condition |= Q(pk=m.agency_id)
    return Agency.objects.filter(condition)


def visible_agencies(user) -> QuerySet[Agency]:
    return agencies_where(user, Action.VIEW)


def check(user, action: Action, obj) -> None:
    """404 when the object is outside the user's reach, 403 when visible but the action is not allowed."""
    if not can(user, Action.VIEW, obj):
        raise Http404
    if action != Action.VIEW and not can(user, action, obj):
        raise PermissionDenied


def get_for_user(user, queryset: QuerySet, pk, action: Action = Action.VIEW) -> Model:
    """Fetch one object by primary key and apply `check`; a missing object is a 404 like a hidden one."""
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    check(user, action, obj)
    return obj


# --- the acting user of a service ------------------------------------------------------------------------------


class _System:
    """The actor of system jobs (demo and sample data, the importer's command, the daily reminder job).
    Passed explicitly as `user=SYSTEM`: services require `user`, so a forgotten one fails loudly instead
    of skipping every check."""

    is_authenticated = False
    is_superuser = False
    is_active = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


NO_USER = "a service needs user=: the person acting, or agencies.permissions.SYSTEM for a job"


def require(user, action: Action, obj) -> None:
    """The services' own check (views check too): SYSTEM may do anything; None is a programming error."""
    if user is SYSTEM:
        return
    if user is None:
        raise TypeError(NO_USER)
    if not can(user, action, obj):
        raise PermissionDenied


def recorded_user(user):
    """The user to store on history and event rows: nobody for SYSTEM."""
    return None if user is SYSTEM else user


# --- workflow steps --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One workflow step: its name (the URL argument of a step URL), the button's label, the URL name it
    posts to, the actions any one of which allows it, the question asked before it (empty: none) and
    the button style. `url` is filled in by `allowed_steps` for one object."""

    name: str
    label: str
    url_name: str
    actions: frozenset[Action]
    confirm: str = ""
    style: str = "btn-outline-primary"
    url: str = ""

    def __eq__(self, other) -> bool:
        return isinstance(other, Step) and other.name == self.name and other.url_name == self.url_name

    def __hash__(self) -> int:
        return hash((self.name, self.url_name))


def allowed_steps(user, obj) -> list[Step]:
    """The steps the object's state allows (`obj.possible_steps()`) that this user may take, in that
    order, each with its URL for this object (no query beyond the cached memberships). Templates loop
    over this instead of comparing statuses; views check the step they run with `check_step`."""
    if user is SYSTEM:
        return [replace(step, url=obj.step_url(step)) for step in obj.possible_steps()]
    actions = actions_for(user, agency_of(obj))
    return [replace(step, url=obj.step_url(step)) for step in obj.possible_steps() if step.actions & actions]


def current_step(obj, step: Step) -> Step | None:
    """The object's present variant of the step (e.g. "return" needs other actions once a decision is
    approved), or None when its state does not allow the step."""
    return next((s for s in obj.possible_steps() if s == step), None)


def may_take(user, obj, step: Step) -> bool:
    """May the user take this step on the object now (role and state)?"""
    current = current_step(obj, step)
    return current is not None and (user is SYSTEM or bool(current.actions & actions_for(user, agency_of(obj))))


def check_step(user, obj, step: Step) -> None:
    """The views' check before running a step: 404 when the object is hidden, 403 when no role of the user
    allows the step here. A step the state does not allow (a stale page) is left to the service, which
    refuses it with a `WorkflowError` that the view shows as a message."""
    if not can(user, Action.VIEW, obj):
        raise Http404
    require_step(user, obj, step)


def require_step(user, obj, step: Step) -> None:
    """The role check of a step, for views and services alike (the service checks the state with its own
    message): the object's present variant of the step decides, else the step as given."""
    if user is SYSTEM:
        return
    if user is None:
        raise TypeError(NO_USER)
    if not (current_step(obj, step) or step).actions & actions_for(user, agency_of(obj)):
        raise PermissionDenied


def may_control_batch(user, batch) -> bool:
    """Retry or cancel a print batch: its requester while they may still print there, and the secretariat and
    leaders of its agency (or above it)."""
    if getattr(user, "pk", None) is not None and batch.requested_by_id == user.pk and can(user, Action.PRINT, batch):
        return True
    return can(user, Action.MANAGE, batch) or can(user, Action.APPROVE, batch)


def users_who_can(action: Action, agency: Agency, *, exclude=None) -> list:
    """Active members who may perform the action on the agency (its own roles, and subtree roles held
    above it), e.g. the secretariat to notify of a submission (one query). Superusers are not listed:
    being able to do everything does not make them the ones who are told."""
    from django.contrib.auth import get_user_model

    roles = [role for role, actions in ROLE_ACTIONS.items() if action in actions]
    above = [role for role in roles if role in SUBTREE_ROLES]
    condition = Q(memberships__agency=agency, memberships__role__in=roles)
    if above and agency.ancestor_ids():
        condition |= Q(memberships__agency_id__in=agency.ancestor_ids(), memberships__role__in=above)
    users = get_user_model().objects.filter(condition, is_active=True).distinct().order_by("pk")
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return list(users)
