"""The permission module for every persona: what each may see and do, 404 versus 403."""

import pytest
from conftest import fresh
from django.core.exceptions import PermissionDenied
from django.http import Http404

from agencies.models import Agency
from agencies.permissions import Action, agencies_where, can, check, get_for_user, visible_agencies

A = Action
# persona -> agency key -> actions allowed there
EXPECTED = {
    "outsider": {"other_commune": {A.VIEW, A.EDIT, A.SUBMIT, A.PRINT, A.BATCH_PRINT}},
    "editor": {"commune": {A.VIEW, A.EDIT, A.SUBMIT, A.PRINT, A.BATCH_PRINT}},
    "unit_head": {"unit": {A.VIEW, A.REPORT, A.PRINT}},
    "secretariat": {
        "commune": {A.VIEW, A.REVIEW, A.PRINT, A.BATCH_PRINT, A.MANAGE},
        "unit": {A.VIEW, A.REVIEW, A.PRINT, A.BATCH_PRINT, A.MANAGE},
    },
    "leader": {"commune": {A.VIEW, A.APPROVE, A.PRINT, A.BATCH_PRINT}, "unit": {A.VIEW, A.APPROVE, A.PRINT, A.BATCH_PRINT}},
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
    assert set(agencies_where(fresh(personas["secretariat"]), A.REVIEW).values_list("code", flat=True)) == {"PA", "PA-PKT"}


def test_it_gives_a_superuser_every_action(db, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    assert all(can(admin, action, tree["other"]) for action in Action)


def test_it_denies_an_inactive_superuser(db, tree, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    admin.is_active = False
    assert not can(admin, A.VIEW, tree["other"])
