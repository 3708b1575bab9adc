"""The content services of a draft decision (objectives/services/content.py): sections, objectives and targets
created, edited, moved and deleted, with the expected values written by hand (they kill the mutants of that
module; see docs/testing.md)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from test_decisions import build, issue

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, Objective, Section, Target
from qms_portal.refusals import WorkflowError


def _version(decision: Decision) -> int:
    return Decision.objects.values_list("lock_version", flat=True).get(pk=decision.pk)


def _orders(queryset) -> list[tuple[str, int]]:
    return list(
        queryset.order_by("order", "id").values_list("title" if queryset.model is Section else "content", "order")
    )


def test_sections_are_numbered_in_the_order_they_are_added(tree):
    decision = build(tree, objectives=0)
    services.section_create(decision=decision, user=SYSTEM, title="Về chuyên môn")
    services.section_create(decision=decision, user=SYSTEM, title="Về cải cách hành chính")
    assert _orders(decision.sections.all()) == [("Về chuyên môn", 1), ("Về cải cách hành chính", 2)]


def test_a_section_is_renamed_and_deleted_with_the_decisions_version_moving_on(tree):
    decision = build(tree, objectives=1)
    section = services.section_create(decision=decision, user=SYSTEM, title="Về chuyên môn")
    objective = decision.objectives.get()
    services.objective_update(objective=objective, user=SYSTEM, section=section)
    before = _version(decision)
    renamed = services.section_update(
        section=section, user=SYSTEM, lock_version=section.lock_version, title="Về nghiệp vụ"
    )
    assert Section.objects.get(pk=section.pk).title == "Về nghiệp vụ"
    assert renamed.lock_version == section.lock_version
    assert Section.objects.get(pk=section.pk).lock_version == 2
    assert _version(decision) == before + 1
    with pytest.raises(services.ConcurrentEditError) as stale:  # an edit based on the first version is refused
        services.section_update(section=Section.objects.get(pk=section.pk), user=SYSTEM, lock_version=1, title="Cũ")
    assert [(c.old, c.new) for c in stale.value.changes] == [("Về chuyên môn", "Về nghiệp vụ")]
    assert Section.objects.get(pk=section.pk).title == "Về nghiệp vụ"
    services.section_delete(section=Section.objects.get(pk=section.pk), user=SYSTEM)
    assert not Section.objects.filter(pk=section.pk).exists()
    assert Objective.objects.get(pk=objective.pk).section_id is None  # the objective stays, outside any section
    assert _version(decision) == before + 2


def test_an_issued_decisions_sections_and_targets_cannot_be_changed(tree):
    decision = build(tree, objectives=1)
    section = services.section_create(decision=decision, user=SYSTEM, title="Về chuyên môn")
    target = Target.objects.get(objective__decision=decision)
    issue(decision)
    for attempt in (
        lambda: services.section_update(section=section, user=SYSTEM, title="Khác"),
        lambda: services.section_delete(section=section, user=SYSTEM),
        lambda: services.target_delete(target=target, user=SYSTEM),
    ):
        with pytest.raises(WorkflowError) as refused:
            attempt()
        assert refused.value.code == "issued"
    assert Section.objects.get(pk=section.pk).title == "Về chuyên môn"
    assert Target.objects.filter(pk=target.pk).exists()


def test_a_target_is_deleted_and_the_decisions_version_moves_on(tree):
    decision = build(tree, objectives=1, targets_each=2)
    first, second = Target.objects.filter(objective__decision=decision).order_by("order", "id")
    before = _version(decision)
    services.target_delete(target=first, user=SYSTEM)
    assert list(Target.objects.filter(objective__decision=decision).values_list("pk", flat=True)) == [second.pk]
    assert _version(decision) == before + 1


def test_a_target_edit_based_on_an_older_version_is_refused(tree):
    decision = build(tree, objectives=1)
    target = Target.objects.get(objective__decision=decision)
    old = target.lock_version
    services.target_update(target=target, user=SYSTEM, lock_version=old, value=Decimal("98"))
    with pytest.raises(services.ConcurrentEditError) as stale:
        services.target_update(
            target=Target.objects.get(pk=target.pk), user=SYSTEM, lock_version=old, value=Decimal("90")
        )
    assert [(c.old, c.new) for c in stale.value.changes] == [("97", "98")]  # Vietnamese numbers, not "97.0000"
    assert Target.objects.get(pk=target.pk).value == Decimal("98")


def test_an_objective_cannot_join_a_section_of_another_decision(tree):
    decision = build(tree, objectives=1)
    other = build(tree, agency="other_commune", objectives=0)
    foreign = services.section_create(decision=other, user=SYSTEM, title="Của quyết định khác")
    with pytest.raises(ValidationError) as refused:
        services.objective_update(objective=decision.objectives.get(), user=SYSTEM, section=foreign)
    assert refused.value.message_dict == {"section": ["Phần này thuộc một quyết định khác."]}
    assert decision.objectives.get().section_id is None


def test_objectives_move_up_and_down_and_stop_at_the_ends(tree):
    decision = build(tree, objectives=3)  # "Mục tiêu số 0", "1", "2", in that order
    a, b, c = decision.objectives.order_by("order", "id")
    services.objective_move(objective=c, user=SYSTEM, direction="up")
    assert _orders(decision.objectives.all()) == [("Mục tiêu số 0", 1), ("Mục tiêu số 2", 2), ("Mục tiêu số 1", 3)]
    services.objective_move(objective=a, user=SYSTEM, direction="down")
    assert _orders(decision.objectives.all()) == [("Mục tiêu số 2", 1), ("Mục tiêu số 0", 2), ("Mục tiêu số 1", 3)]
    before = _version(decision)
    services.objective_move(objective=b, user=SYSTEM, direction="down")  # already last: nothing moves
    services.objective_move(objective=c, user=SYSTEM, direction="up")  # already first
    assert _orders(decision.objectives.all()) == [("Mục tiêu số 2", 1), ("Mục tiêu số 0", 2), ("Mục tiêu số 1", 3)]
    assert _version(decision) == before + 2
    with pytest.raises(ValidationError) as refused:
        services.objective_move(objective=b, user=SYSTEM, direction="sideways")
    assert refused.value.messages == ["Hướng di chuyển không hợp lệ."]


def test_sections_move_like_objectives(tree):
    decision = build(tree, objectives=0)
    first = services.section_create(decision=decision, user=SYSTEM, title="Một")
    services.section_create(decision=decision, user=SYSTEM, title="Hai")
    services.section_move(section=first, user=SYSTEM, direction="down")
    assert _orders(decision.sections.all()) == [("Hai", 1), ("Một", 2)]


def test_a_target_links_only_to_a_target_of_the_parent_agency_for_the_same_year(tree):
    unit_target = Target.objects.get(objective__decision=build(tree, agency="unit", objectives=1))
    last_year = Target.objects.get(objective__decision=build(tree, year=2025, objectives=1))
    not_parent = Target.objects.get(objective__decision=build(tree, agency="other_commune", objectives=1))
    for wrong in (last_year, not_parent):  # the right agency a year early; the right year, another commune
        with pytest.raises(ValidationError) as refused:
            services.target_update(user=SYSTEM, target=unit_target, parent_target=wrong)
        assert refused.value.message_dict == {
            "parent_target": ["Chỉ được liên kết với chỉ tiêu trong quyết định cùng năm của cơ quan cấp trên."]
        }
    assert Target.objects.get(pk=unit_target.pk).parent_target is None
    this_year = Target.objects.get(objective__decision=build(tree, objectives=1))
    services.target_update(user=SYSTEM, target=unit_target, parent_target=this_year)
    assert Target.objects.get(pk=unit_target.pk).parent_target == this_year
