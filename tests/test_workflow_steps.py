"""Workflow steps as actions: which steps each persona is offered in each state (agencies.permissions
.allowed_steps), services that need an acting user (SYSTEM for jobs), refusals with codes shown one way,
and a number taken by a concurrent issue shown on its field instead of a 500."""

from pathlib import Path

import pytest
from conftest import fresh
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation
from test_decisions import build, issue

from agencies.permissions import SYSTEM, allowed_steps, may_take
from objectives import services, steps
from objectives.models import Decision, DecisionStatus
from objectives.services import workflow
from qms_portal.refusals import WorkflowError, save_or_field_error

MESSAGE_NUMBER_07 = "Số 07/QĐ-UBND đã được dùng cho một quyết định khác của cơ quan, đơn vị này."


def offered(user, decision) -> list[str]:
    return [step.name for step in allowed_steps(fresh(user), Decision.objects.get(pk=decision.pk))]


def test_it_offers_each_persona_the_steps_of_a_draft(tree, personas):
    draft = build(tree)
    assert offered(personas["editor"], draft) == ["edit", "copy-previous", "submit"]
    for persona in ("secretariat", "leader", "viewer", "unit_head"):
        assert offered(personas[persona], draft) == [], persona


def test_it_offers_review_return_and_approve_of_a_submitted_decision_by_role(tree, personas):
    decision = build(tree)
    services.decision_submit(decision=decision, user=SYSTEM)
    assert offered(personas["secretariat"], decision) == ["review", "return"]
    assert offered(personas["leader"], decision) == ["approve", "return"]
    assert offered(personas["editor"], decision) == []
    assert offered(personas["viewer"], decision) == []
    # Once reviewed, the secretariat is no longer offered the review, and the leader's approval no
    # longer warns that nobody has reviewed it.
    services.decision_review(decision=decision, user=fresh(personas["secretariat"]))
    assert offered(personas["secretariat"], decision) == ["return"]
    leader_steps = allowed_steps(fresh(personas["leader"]), Decision.objects.get(pk=decision.pk))
    with translation.override("vi"):
        assert [(s.name, str(s.confirm)) for s in leader_steps][0] == ("approve", "Phê duyệt quyết định này?")


def test_it_lets_only_the_leader_issue_or_return_an_approved_decision(tree, personas):
    decision = build(tree)
    services.decision_submit(decision=decision, user=SYSTEM)
    services.decision_approve(decision=decision, user=SYSTEM)
    assert offered(personas["leader"], decision) == ["issue", "return"]
    assert offered(personas["secretariat"], decision) == []
    approved = Decision.objects.get(pk=decision.pk)
    assert not may_take(fresh(personas["secretariat"]), approved, steps.RETURN)
    assert may_take(fresh(personas["leader"]), approved, steps.RETURN)
    with pytest.raises(PermissionDenied):
        services.decision_return(decision=decision, user=fresh(personas["secretariat"]), comment="Xem lại")
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED


def test_it_offers_amend_to_editors_and_the_scan_to_the_secretariat_and_leader_once_issued(tree, personas):
    decision = issue(build(tree))
    assert offered(personas["editor"], decision) == ["amend"]
    assert offered(personas["secretariat"], decision) == ["attach-scan"]
    assert offered(personas["leader"], decision) == ["attach-scan"]
    assert offered(personas["viewer"], decision) == []


def test_it_shows_the_buttons_of_the_allowed_steps_only(tree, personas, client_for):
    decision = build(tree)
    services.decision_submit(decision=decision, user=SYSTEM)
    url = reverse("objectives:decision-detail", args=[decision.pk])
    leader_page = client_for("leader").get(url).content.decode()
    assert 'data-step="approve"' in leader_page and 'data-step="return"' in leader_page
    assert 'data-step="review"' not in leader_page
    assert reverse("objectives:decision-step", args=[decision.pk, "approve"]) in leader_page
    viewer_page = client_for("viewer").get(url).content.decode()
    assert "data-step=" not in viewer_page


def test_templates_compare_no_bare_status_strings():
    templates = Path(settings.BASE_DIR) / "templates"
    offending = [
        f"{path.relative_to(templates)}:{number}"
        for path in templates.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "status ==" in line or "status !=" in line
    ]
    assert offending == []


# --- the acting user -------------------------------------------------------------------------------------


def test_it_refuses_a_service_call_that_forgets_the_user(tree):
    decision = build(tree)
    with pytest.raises(TypeError):
        services.decision_submit(decision=decision)  # no user at all
    with pytest.raises(TypeError, match=r"^a service needs user=: the person acting, or agencies\.permissions\.SYSTEM"):
        services.decision_submit(decision=decision, user=None)  # None no longer means "the system"
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DRAFT
    services.decision_submit(decision=decision, user=SYSTEM)
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.SUBMITTED
    assert decision.events.order_by("-id").first().user is None  # the system is recorded as nobody


# --- refusals and how views show them -------------------------------------------------------------------------


def test_it_refuses_a_wrong_state_with_a_code_and_shows_it_as_a_message(tree, personas, client_for):
    draft = build(tree)
    with pytest.raises(WorkflowError) as refused:
        services.decision_approve(decision=draft, user=fresh(personas["leader"]))
    assert refused.value.code == "wrong-state"
    # A stale page: the leader posts "return" on a draft. Allowed role, wrong state: a message, no change.
    response = client_for("leader").post(
        reverse("objectives:decision-step", args=[draft.pk, "return"]), {"comment": "Sai"}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT
    assert draft.events.count() == 1  # only its creation


def test_it_shows_a_number_taken_at_the_same_moment_on_the_number_field(tree, personas, client_for, monkeypatch):
    in_force = issue(build(tree), number=7)
    amendment = services.decision_amend(decision=in_force, user=SYSTEM)
    services.decision_submit(decision=amendment, user=SYSTEM)
    services.decision_approve(decision=amendment, user=SYSTEM)
    # The service's own check passes (as when another request takes the number and commits just after
    # the check): the database's unique constraint is then what refuses it.
    monkeypatch.setattr(workflow, "_number_taken", lambda decision, number: False)
    response = client_for("leader").post(
        reverse("objectives:decision-issue", args=[amendment.pk]), {"number": "7", "issued_on": "2026-01-09"}
    )
    assert response.status_code == 400
    assert response.context["issue_form"].errors["number"] == [MESSAGE_NUMBER_07]
    # Nothing changed: the amendment is still approved, the decision it amends still in force.
    assert Decision.objects.get(pk=amendment.pk).status == DecisionStatus.APPROVED
    assert Decision.objects.get(pk=in_force.pk).status == DecisionStatus.ISSUED


def test_it_maps_only_the_named_constraint_to_a_field(tree):
    in_force = issue(build(tree), number=3)
    amendment = services.decision_amend(decision=in_force, user=SYSTEM)
    amendment.number = 3
    with pytest.raises(ValidationError) as refused:
        save_or_field_error(amendment, constraints={workflow.NUMBER_TAKEN: ("number", "taken")})
    assert refused.value.message_dict == {"number": ["taken"]}
    # A constraint that is not the one named is not disguised as a field error.
    with pytest.raises(IntegrityError):
        save_or_field_error(amendment, constraints={"decision_year_in_range": ("year", "bad year")})
    assert Decision.objects.get(pk=amendment.pk).number is None


def test_it_keeps_a_system_job_distinct_from_a_forgotten_user(tree):
    decision = build(tree)
    with pytest.raises(TypeError):
        services.section_create(decision=decision, title="Phần I")
    section = services.section_create(decision=decision, title="Phần I", user=SYSTEM)
    assert section.title == "Phần I"
