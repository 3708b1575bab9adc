"""The permission module for every persona: what each may see and do, 404 versus 403."""

import pytest
from conftest import fresh
from django.core.exceptions import PermissionDenied
from django.http import Http404

from agencies.models import Agency, Role
from agencies.permissions import (
    Action,
    actions_for,
    agencies_where,
    agency_of,
    can,
    check,
    get_for_user,
    has_role_anywhere,
    memberships_of,
    roles_for,
    visible_agencies,
)

A = Action
# persona -> agency key -> actions allowed there
EXPECTED = {
    "outsider": {"other_commune": {A.VIEW, A.EDIT, A.SUBMIT, A.PRINT, A.BATCH_PRINT, A.RISKS}},
    "editor": {"commune": {A.VIEW, A.EDIT, A.SUBMIT, A.PRINT, A.BATCH_PRINT, A.RISKS}},
    "unit_head": {"unit": {A.VIEW, A.REPORT, A.PRINT, A.RISKS}},
    "secretariat": {
        "commune": {A.VIEW, A.REVIEW, A.RETURN, A.SIGN_OFF, A.SIGN, A.PRINT, A.BATCH_PRINT, A.MANAGE, A.RISKS},
        "unit": {A.VIEW, A.REVIEW, A.RETURN, A.SIGN_OFF, A.SIGN, A.PRINT, A.BATCH_PRINT, A.MANAGE, A.RISKS},
    },
    "leader": {
        "commune": {A.VIEW, A.APPROVE, A.RETURN, A.SIGN_OFF, A.PRINT, A.BATCH_PRINT},
        "unit": {A.VIEW, A.APPROVE, A.RETURN, A.SIGN_OFF, A.PRINT, A.BATCH_PRINT},
    },
    "viewer": {key: {A.VIEW, A.PRINT} for key in ("province", "commune", "unit", "district")},
}


@pytest.mark.parametrize("persona", ["anonymous", *EXPECTED])
def test_it_grants_exactly_the_expected_actions(persona, personas, tree):
    user = personas[persona]
    for key, agency in tree.items():
        allowed = EXPECTED.get(persona, {}).get(key, set())
        for action in Action:
            assert can(user, action, agency) == (action in allowed), (persona, key, action)


def test_it_keeps_editor_rights_in_the_agency_itself(personas, tree):
    assert can(personas["editor"], A.EDIT, tree["commune"])
    assert not can(personas["editor"], A.VIEW, tree["unit"])


def test_it_answers_404_outside_reach_and_403_when_visible_but_not_allowed(personas, tree):
    with pytest.raises(Http404):
        check(personas["outsider"], A.VIEW, tree["commune"])
    with pytest.raises(PermissionDenied):
        check(personas["viewer"], A.EDIT, tree["commune"])
    check(personas["editor"], A.EDIT, tree["commune"])


def test_it_treats_a_missing_object_like_a_hidden_one(personas):
    with pytest.raises(Http404):
        get_for_user(personas["viewer"], Agency.objects.all(), 999999)
    with pytest.raises(Http404):
        get_for_user(personas["viewer"], Agency.objects.all(), "not-a-number")


def test_it_loads_memberships_once_per_request(personas, tree, django_assert_num_queries):
    user = fresh(personas["secretariat"])
    with django_assert_num_queries(1):
        for agency in tree.values():
            can(user, A.REVIEW, agency)


def test_it_lists_visible_agencies_in_one_query(personas, tree, django_assert_num_queries):
    user = fresh(personas["viewer"])
    with django_assert_num_queries(2):
        codes = set(visible_agencies(user).values_list("code", flat=True))
    assert codes == {"DNI", "PA", "PA-PKT", "NT"}
    assert set(agencies_where(fresh(personas["secretariat"]), A.REVIEW).values_list("code", flat=True)) == {
        "PA",
        "PA-PKT",
    }


def test_it_gives_a_superuser_every_action(db, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    assert all(can(admin, action, tree["other"]) for action in Action)


def test_it_denies_an_inactive_superuser(db, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    admin.is_active = False
    assert not can(admin, A.VIEW, tree["other"])


def test_it_gives_nothing_to_an_anonymous_visitor(tree):
    from django.contrib.auth.models import AnonymousUser

    assert memberships_of(AnonymousUser()) == []
    assert memberships_of(None) == []
    assert roles_for(AnonymousUser(), tree["commune"]) == set()
    assert not has_role_anywhere(AnonymousUser(), ["viewer"])
    assert list(agencies_where(AnonymousUser(), A.VIEW)) == []


def test_it_keeps_the_memberships_for_the_rest_of_the_request(personas, django_assert_num_queries):
    user = fresh(personas["editor"])
    first = memberships_of(user)
    with django_assert_num_queries(0):
        assert memberships_of(user) is first
    assert [(m.role, m.agency.code) for m in first] == [("editor", "PA")]


def test_it_reaches_down_the_tree_only_for_subtree_roles(personas, tree, django_user_model):
    from agencies import services as agency_services

    both = agency_services.user_create(username="both", password="secret-pass-123", email="both@example.invalid")
    agency_services.membership_add(user=both, agency=tree["commune"], role=Role.EDITOR)
    agency_services.membership_add(user=both, agency=tree["commune"], role=Role.LEADER)
    assert roles_for(both, tree["commune"]) == {"editor", "leader"}
    assert roles_for(both, tree["unit"]) == {"leader"}  # an editor's rights stay in the agency itself
    assert roles_for(both, tree["province"]) == set()  # nothing reaches up the tree
    assert actions_for(both, tree["unit"]) == {A.VIEW, A.APPROVE, A.RETURN, A.SIGN_OFF, A.PRINT, A.BATCH_PRINT}
    assert roles_for(personas["viewer"], tree["unit"]) == {"viewer"}
    assert roles_for(personas["secretariat"], tree["province"]) == set()


def test_it_checks_permissions_against_the_objects_agency(tree):
    class Report:
        agency = tree["commune"]

    class Orphan:
        agency = None

    assert agency_of(tree["unit"]) == tree["unit"]
    assert agency_of(Report()) == tree["commune"]
    with pytest.raises(TypeError, match="^Orphan has no agency to check permissions against$"):
        agency_of(Orphan())
    with pytest.raises(TypeError, match="^object has no agency"):
        agency_of(object())


def test_it_finds_roles_anywhere(personas, django_user_model, db):
    assert has_role_anywhere(personas["editor"], ["editor", "viewer"])
    assert not has_role_anywhere(personas["editor"], ["leader"])
    assert has_role_anywhere(personas["unit_head"], {"unit_head"})
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    assert has_role_anywhere(admin, ["leader"])


@pytest.mark.parametrize(
    "persona, action, codes",
    [
        ("editor", A.EDIT, {"PA"}),
        ("editor", A.VIEW, {"PA"}),
        ("unit_head", A.REPORT, {"PA-PKT"}),
        ("leader", A.APPROVE, {"PA", "PA-PKT"}),
        ("secretariat", A.MANAGE, {"PA", "PA-PKT"}),
        ("viewer", A.VIEW, {"DNI", "PA", "PA-PKT", "NT"}),
        ("viewer", A.EDIT, set()),
        ("secretariat", A.EDIT, set()),
        ("outsider", A.SUBMIT, {"KG-X"}),
    ],
)
def test_it_lists_where_each_persona_may_act(personas, tree, persona, action, codes):
    assert set(agencies_where(fresh(personas[persona]), action).values_list("code", flat=True)) == codes


def test_it_lists_every_agency_for_a_superuser(tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    assert agencies_where(admin, A.MANAGE).count() == 6
    assert actions_for(admin, tree["other"]) == set(Action)


def test_it_fetches_an_allowed_object_and_refuses_the_rest(personas, tree):
    viewer, editor = personas["viewer"], personas["editor"]
    assert get_for_user(viewer, Agency.objects.all(), tree["unit"].pk) == tree["unit"]
    assert get_for_user(editor, Agency.objects.all(), str(tree["commune"].pk), A.EDIT) == tree["commune"]
    with pytest.raises(PermissionDenied):
        get_for_user(viewer, Agency.objects.all(), tree["unit"].pk, A.EDIT)
    with pytest.raises(Http404):
        get_for_user(viewer, Agency.objects.all(), tree["other"].pk)
    with pytest.raises(Http404):
        get_for_user(viewer, Agency.objects.all(), {"pk": 1})
    check(viewer, A.VIEW, tree["district"])
    with pytest.raises(Http404):
        check(editor, A.EDIT, tree["unit"])


def test_it_adds_up_the_rights_of_several_memberships(tree):
    from agencies import services as agency_services

    def member(username, *roles):
        user = agency_services.user_create(
            username=username, password="secret-pass-123", email=f"{username}@example.invalid"
        )
        for role, key in roles:
            agency_services.membership_add(user=user, agency=tree[key], role=role)
        return fresh(user)

    codes = lambda user, action: set(agencies_where(user, action).values_list("code", flat=True))  # noqa: E731
    # A membership without the action comes first: the ones after it still count.
    mixed = member("mixed", (Role.VIEWER, "province"), (Role.EDITOR, "commune"), (Role.EDITOR, "other_commune"))
    assert codes(mixed, A.EDIT) == {"PA", "KG-X"}
    assert codes(mixed, A.VIEW) == {"DNI", "PA", "PA-PKT", "NT", "KG-X"}
    leader = member("two-leaders", (Role.LEADER, "commune"), (Role.LEADER, "other"))
    assert codes(leader, A.APPROVE) == {"PA", "PA-PKT", "KG", "KG-X"}
    both = member("editor-and-leader", (Role.EDITOR, "commune"), (Role.LEADER, "commune"))
    assert actions_for(both, tree["commune"]) == {
        A.VIEW,
        A.EDIT,
        A.SUBMIT,
        A.PRINT,
        A.BATCH_PRINT,
        A.APPROVE,
        A.RETURN,
        A.SIGN_OFF,
        A.RISKS,
    }


def test_it_grants_nothing_to_no_user(tree):
    assert memberships_of(None) == []
    assert not has_role_anywhere(None, ["viewer"])
    assert list(agencies_where(None, A.VIEW)) == []
    assert actions_for(None, tree["commune"]) == set()


# --- print batches, who is told, the system actor (values by hand, for mutation testing) ----------------------


def test_it_lets_the_requester_who_may_still_print_and_the_secretariat_or_a_leader_control_a_batch(tree, personas):
    from agencies.permissions import may_control_batch
    from objectives.models import PrintBatch

    users = {name: fresh(user) if user else None for name, user in personas.items()}

    def controls(requester: str, agency: str = "commune") -> dict[str, bool]:
        batch = PrintBatch(agency=tree[agency], year=2026, requested_by=personas[requester])
        return {name: may_control_batch(user, batch) for name, user in users.items()}

    assert controls("editor") == {
        "anonymous": False,
        "outsider": False,
        "editor": True,  # its requester, who may print there
        "unit_head": False,
        "secretariat": True,
        "leader": True,
        "viewer": False,  # may print there, but did not ask for it
    }
    assert controls("viewer")["viewer"] is True
    assert controls("outsider")["outsider"] is False  # asked for it, but may not print there (any more)
    assert controls("unit_head", agency="unit") == {
        "anonymous": False,
        "outsider": False,
        "editor": False,
        "unit_head": True,
        "secretariat": True,  # from above
        "leader": True,
        "viewer": False,
    }


def test_it_lists_the_active_members_who_may_act_once_each(tree, personas):
    from agencies import services as agency_services
    from agencies.permissions import users_who_can

    p = personas
    assert users_who_can(A.REVIEW, tree["unit"]) == [p["secretariat"]]  # from above
    assert users_who_can(A.REPORT, tree["unit"]) == [p["unit_head"]]
    assert users_who_can(A.EDIT, tree["unit"]) == []  # an editor's role does not reach down
    assert users_who_can(A.PRINT, tree["commune"]) == [p["editor"], p["secretariat"], p["leader"], p["viewer"]]
    assert users_who_can(A.PRINT, tree["province"]) == [p["viewer"]]
    assert users_who_can(A.PRINT, tree["commune"], exclude=p["editor"]) == [p["secretariat"], p["leader"], p["viewer"]]
    agency_services.membership_add(user=p["secretariat"], agency=tree["province"], role=Role.VIEWER)
    assert users_who_can(A.PRINT, tree["commune"]) == [p["editor"], p["secretariat"], p["leader"], p["viewer"]]
    type(p["leader"]).objects.filter(pk=p["leader"].pk).update(is_active=False)
    assert users_who_can(A.APPROVE, tree["commune"]) == []
    assert users_who_can(A.MANAGE, tree["commune"]) == [p["secretariat"]]


def test_it_names_the_system_actor_and_compares_steps_by_name_and_url():
    from agencies.permissions import SYSTEM, Step

    assert repr(SYSTEM) == "SYSTEM"
    one = Step("return", "Trả lại", "objectives:decision-step", frozenset({A.RETURN}))
    same = Step("return", "Trả lại (đã phê duyệt)", "objectives:decision-step", frozenset({A.APPROVE}))
    other = Step("return", "Trả lại", "reports:report-return", frozenset({A.RETURN}))
    assert one == same and hash(one) == hash(same) == hash(("return", "objectives:decision-step"))
    assert one != other and len({one, same, other}) == 2


def test_a_forgotten_user_is_a_programming_error_with_a_message_that_says_so(tree):
    """`user=None` is never "the system": both checks raise TypeError naming the fix (SYSTEM for a job)."""
    from agencies.permissions import SYSTEM, require, require_step
    from objectives import steps

    expected = r"^a service needs user=: the person acting, or agencies\.permissions\.SYSTEM for a job$"
    with pytest.raises(TypeError, match=expected):
        require(None, Action.EDIT, tree["commune"])
    with pytest.raises(TypeError, match=expected):
        require_step(None, tree["commune"], steps.SUBMIT)
    require(SYSTEM, Action.EDIT, tree["commune"])
    require_step(SYSTEM, tree["commune"], steps.SUBMIT)


def test_the_system_is_offered_every_step_the_state_allows_with_its_url(tree):
    from test_decisions import build

    from agencies.permissions import SYSTEM, allowed_steps

    draft = build(tree)
    assert [(step.name, step.url) for step in allowed_steps(SYSTEM, draft)] == [
        ("edit", f"/decisions/{draft.pk}/editor/"),
        ("copy-previous", f"/decisions/{draft.pk}/copy-previous/"),
        ("submit", f"/decisions/{draft.pk}/step/submit/"),
    ]
