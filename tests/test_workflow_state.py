"""The state of a decision is always visible: a returned draft shows why on every page until it is
submitted again, a reviewed one says "Đã thẩm định" with who and when, and the buttons match the state."""

from datetime import date
from decimal import Decimal

import pytest
from conftest import fresh
from django.urls import reverse
from reports_factories import RATE

from agencies.permissions import allowed_steps
from objectives import services
from objectives import steps as decision_steps
from qms_portal.refusals import WorkflowError


@pytest.fixture
def decision(tree, personas):
    return services.decision_build(
        agency=tree["commune"],
        year=2027,
        user=personas["editor"],
        data={
            "signer_title": "CHỦ TỊCH",
            "objectives": [
                {"content": "Hồ sơ đúng hạn", "targets": [RATE | {"comparator": ">=", "value": Decimal(98)}]}
            ],
        },
    )


def pages(decision):
    return [
        reverse("objectives:decision-detail", args=[decision.pk]),
        reverse("objectives:decision-editor", args=[decision.pk]),
        reverse("objectives:decision-edit", args=[decision.pk]),
        reverse("objectives:decision-history", args=[decision.pk]),
        reverse("objectives:objective-new", args=[decision.pk]),
        reverse("print:decision", args=[decision.pk]),
    ]


def test_a_returned_decision_shows_the_reason_on_every_page_until_resubmitted(decision, personas, client_for):
    services.decision_submit(decision=decision, user=personas["editor"])
    services.decision_return(decision=decision, user=personas["secretariat"], comment="Bổ sung chỉ tiêu số hóa")
    editor = client_for("editor")
    for url in pages(decision):
        page = editor.get(url).content.decode()
        assert 'id="returned-banner"' in page, url
        assert "Lý do: Bổ sung chỉ tiêu số hóa" in page, url
        assert "Người secretariat" in page, url
    services.decision_submit(decision=decision, user=personas["editor"])
    page = editor.get(reverse("objectives:decision-detail", args=[decision.pk])).content.decode()
    assert 'id="returned-banner"' not in page
    assert "Bổ sung chỉ tiêu số hóa" in page  # still in the workflow log


def test_a_reviewed_decision_says_so_with_who_and_the_buttons_follow(decision, personas, client_for):
    services.decision_submit(decision=decision, user=personas["editor"])
    url = reverse("objectives:decision-detail", args=[decision.pk])
    before = client_for("secretariat").get(url).content.decode()
    assert 'data-step="review"' in before and 'data-step="return"' in before
    assert "Chờ thẩm định" in before
    services.decision_review(decision=decision, user=personas["secretariat"], comment="Đạt yêu cầu")
    after = client_for("secretariat").get(url).content.decode()
    assert 'data-state="reviewed"' in after and "Đã thẩm định" in after
    assert 'id="reviewed-banner"' in after and "Người secretariat" in after
    assert 'data-step="review"' not in after
    assert 'data-step="return"' in after
    leader = client_for("leader").get(url).content.decode()
    assert 'data-step="approve"' in leader and 'data-step="return"' in leader and 'data-step="issue"' not in leader
    with pytest.raises(WorkflowError) as refused:
        services.decision_review(decision=decision, user=personas["secretariat"])
    assert refused.value.code == "already-reviewed"


def test_allowed_steps_per_role_and_state(decision, personas):
    def steps(persona):
        return allowed_steps(fresh(personas[persona]), type(decision).objects.get(pk=decision.pk))

    assert steps("editor") == [decision_steps.EDIT, decision_steps.COPY_PREVIOUS, decision_steps.SUBMIT]
    assert steps("secretariat") == [] and steps("leader") == [] and steps("viewer") == []
    services.decision_submit(decision=decision, user=personas["editor"])
    assert steps("editor") == []
    assert steps("secretariat") == [decision_steps.REVIEW, decision_steps.RETURN]
    assert steps("leader") == [decision_steps.APPROVE, decision_steps.RETURN]
    services.decision_approve(decision=decision, user=personas["leader"])
    assert steps("secretariat") == []
    assert steps("leader") == [decision_steps.ISSUE, decision_steps.RETURN_APPROVED]
    services.decision_issue(decision=decision, user=personas["leader"], number=4, issued_on=date(2027, 1, 4))
    assert steps("editor") == [decision_steps.AMEND] and steps("viewer") == []
    assert steps("leader") == [decision_steps.ATTACH_SCAN]


def test_a_step_no_role_allows_is_forbidden(decision, client_for):
    response = client_for("viewer").post(
        reverse("objectives:decision-step", args=[decision.pk, "return"]), {"comment": "x"}
    )
    assert response.status_code == 403
    response = client_for("secretariat").post(reverse("objectives:decision-step", args=[decision.pk, "approve"]))
    assert response.status_code == 403


def test_the_issue_form_takes_dd_mm_yyyy_and_shows_errors_beside_the_fields(decision, personas, client_for):
    services.decision_submit(decision=decision, user=personas["editor"])
    services.decision_approve(decision=decision, user=personas["leader"])
    client = client_for("leader")
    url = reverse("objectives:decision-issue", args=[decision.pk])
    page = client.get(reverse("objectives:decision-detail", args=[decision.pk])).content.decode()
    assert 'placeholder="dd/mm/yyyy"' in page and 'type="date"' not in page
    response = client.post(url, {"number": "", "issued_on": "01/13/2027"})  # month first: refused
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/01/2027." in html
    assert 'value="01/13/2027"' in html  # what was typed stays
    assert html.index("Nhập ngày theo dạng") > html.index('id="id_issued_on"')  # beside the field, not above the form
    assert "Trường này là bắt buộc." in html
    response = client.post(url, {"number": "7", "issued_on": "05/01/2027"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.issued_on == date(2027, 1, 5) and decision.number == 7
