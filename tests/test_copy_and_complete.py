"""Copying cannot duplicate (from the decision in force, only into an empty draft or replacing what is
there, never into an amendment), objectives can be deleted in bulk, and "Trình" lists what is missing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, DecisionStatus, Objective, Target
from qms_portal.refusals import WorkflowError


def build(tree, *, year=2026, objectives=2):
    return services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=year,
        data={
            "objectives": [
                {"content": f"Mục tiêu số {i}", "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}]}
                for i in range(objectives)
            ]
        },
    )


def issue(decision, number=15):
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    return services.decision_issue(user=SYSTEM, decision=decision, number=number, issued_on=date(decision.year, 1, 9))


def test_copying_twice_cannot_duplicate(tree, personas, client_for):
    last_year = issue(build(tree, year=2025, objectives=3))
    draft = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    url = reverse("objectives:decision-copy-previous", args=[draft.pk])
    client = client_for("editor")
    client.post(url)
    assert draft.objectives.count() == 3
    client.post(url)  # a second click: refused, nothing added
    assert draft.objectives.count() == 3
    assert Target.objects.filter(objective__decision=draft).count() == 3
    page = client.get(reverse("objectives:decision-editor", args=[draft.pk])).content.decode()
    assert "Thay thế nội dung hiện có" in page or 'name="replace"' in page
    services.objective_create(user=SYSTEM, decision=draft, content="Mục tiêu thêm")
    client.post(url, {"replace": "1"})  # explicit replace: exactly the source again
    assert sorted(draft.objectives.values_list("content", flat=True)) == sorted(
        last_year.objectives.values_list("content", flat=True)
    )
    with pytest.raises(ValidationError):
        services.decision_copy_objectives(user=SYSTEM, source=last_year, decision=draft)


def test_it_copies_from_the_amendment_in_force_and_never_into_an_amendment(tree, client_for):
    original = issue(build(tree, year=2025, objectives=2))
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    services.objective_create(user=SYSTEM, decision=amendment, content="Mục tiêu bổ sung", qualitative=True)
    amendment = issue(amendment, number=16)
    assert Decision.objects.get(pk=original.pk).status == DecisionStatus.SUPERSEDED
    draft = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    client = client_for("editor")
    page = client.get(reverse("objectives:decision-editor", args=[draft.pk])).content.decode()
    assert "16/QĐ-UBND" in page
    client.post(reverse("objectives:decision-copy-previous", args=[draft.pk]))
    assert draft.objectives.count() == 3
    assert draft.objectives.filter(content="Mục tiêu bổ sung").exists()
    # An amendment never offers the copy and the service refuses it.
    services.decision_submit(user=SYSTEM, decision=draft)
    services.decision_approve(user=SYSTEM, decision=draft)
    issued_2026 = services.decision_issue(user=SYSTEM, decision=draft, number=3, issued_on=date(2026, 1, 9))
    amending = services.decision_amend(user=SYSTEM, decision=issued_2026)
    page = client.get(reverse("objectives:decision-editor", args=[amending.pk])).content.decode()
    assert 'id="copy-previous"' not in page
    with pytest.raises(ValidationError):
        services.decision_copy_objectives(user=SYSTEM, source=amendment, decision=amending, replace=True)


def test_it_deletes_the_selected_objectives_at_once(tree, client_for):
    draft = build(tree, objectives=3)
    other = build(tree, year=2027, objectives=1)
    first, second, third = draft.objectives.order_by("order")
    client = client_for("editor")
    page = client.get(reverse("objectives:decision-editor", args=[draft.pk])).content.decode()
    assert 'form="bulk-delete-form"' in page and "data-confirm" in page
    url = reverse("objectives:objectives-delete", args=[draft.pk])
    client.post(url, {"objective": [first.pk, third.pk]})
    assert list(draft.objectives.values_list("pk", flat=True)) == [second.pk]
    assert not Target.objects.filter(objective_id__in=[first.pk, third.pk]).exists()
    client.post(url, {"objective": [second.pk, other.objectives.get().pk]})  # another decision's: nothing deleted
    assert draft.objectives.count() == 1 and other.objectives.count() == 1


def test_submit_lists_what_is_missing_with_links(tree, personas, client_for):
    draft = build(tree, objectives=1)
    bare = services.objective_create(user=SYSTEM, decision=draft, content="Nâng cao chất lượng phục vụ")
    client = client_for("editor")
    response = client.post(reverse("objectives:decision-step", args=[draft.pk, "submit"]))
    assert response["Location"] == reverse("objectives:decision-editor", args=[draft.pk])
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT
    page = client.get(response["Location"]).content.decode()
    assert f'href="{reverse("objectives:decision-editor", args=[draft.pk])}#objective-{bare.pk}"' in page
    assert "Mục tiêu 2 (Nâng cao chất lượng phục vụ) chưa có chỉ tiêu đo được" in page
    services.objective_update(user=SYSTEM, objective=Objective.objects.get(pk=bare.pk), qualitative=True)
    client.post(reverse("objectives:decision-step", args=[draft.pk, "submit"]))
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.SUBMITTED


def test_an_inconsistent_target_blocks_submission(tree):
    draft = build(tree, objectives=1)
    target = Target.objects.get(objective__decision=draft)
    Target.objects.filter(pk=target.pk).update(unit="count", measurement="ratio", unit_label="sáng kiến")
    with pytest.raises(WorkflowError) as error:
        services.decision_submit(user=SYSTEM, decision=draft)
    assert error.value.code == "incomplete"
    assert "tử số / mẫu số" in " ".join(error.value.messages)
