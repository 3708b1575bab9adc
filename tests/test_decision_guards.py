"""Who may move a decision back to draft, and what a refused step leaves behind (bugs that once went
unnoticed: any viewer returning a submitted decision, the secretariat returning an approved one, a
decision number taken by a concurrent request giving a 500)."""


import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import DecisionEvent, DecisionStatus


@pytest.fixture
def submitted(tree):
    decision = services.decision_build(user=SYSTEM, agency=tree["commune"], year=2026, data={
        "objectives": [{"content": "Hồ sơ đúng hạn", "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}]}],
    })
    return services.decision_submit(user=SYSTEM, decision=decision)


def test_it_refuses_a_viewer_returning_a_submitted_decision(submitted, personas):
    with pytest.raises(PermissionDenied):
        services.decision_return(decision=submitted, user=personas["viewer"], comment="Không đạt")
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.SUBMITTED
    assert not submitted.events.filter(action=DecisionEvent.Action.RETURN).exists()


def test_it_turns_a_viewer_away_at_the_view_before_any_other_check(submitted, client_for):
    # Without a comment the service would answer "say why" (302): the view must refuse first (403).
    response = client_for("viewer").post(reverse("objectives:decision-step", args=[submitted.pk, "return"]), {"comment": ""})
    assert response.status_code == 403
    response = client_for("editor").post(reverse("objectives:decision-step", args=[submitted.pk, "return"]), {"comment": ""})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == DecisionStatus.SUBMITTED


def test_it_refuses_the_secretariat_returning_an_approved_decision(submitted, personas):
    approved = services.decision_approve(decision=submitted, user=personas["leader"])
    with pytest.raises(PermissionDenied):
        services.decision_return(decision=approved, user=personas["secretariat"], comment="Sửa lại chỉ tiêu")
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.APPROVED
    returned = services.decision_return(decision=approved, user=personas["leader"], comment="Sửa lại chỉ tiêu")
    assert returned.status == DecisionStatus.DRAFT
    event = returned.events.get(action=DecisionEvent.Action.RETURN)
    assert (event.from_status, event.comment, event.user) == (DecisionStatus.APPROVED, "Sửa lại chỉ tiêu", personas["leader"])


def test_it_lets_the_secretariat_and_the_leader_return_a_submitted_decision(submitted, personas):
    returned = services.decision_return(decision=submitted, user=personas["secretariat"], comment="Thiếu chỉ tiêu")
    assert returned.status == DecisionStatus.DRAFT
    services.decision_submit(user=SYSTEM, decision=returned)
    assert services.decision_return(decision=returned, user=personas["leader"], comment="Thiếu").status == DecisionStatus.DRAFT
