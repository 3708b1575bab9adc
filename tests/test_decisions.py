"""Decisions end to end: creating, editing, the approval workflow per persona, amendments, no lost work."""

from datetime import date
from decimal import Decimal

import pytest
from conftest import fresh
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, DecisionStatus, Objective, Target
from qms_portal import audit
from qms_portal.refusals import WorkflowError

# Every write these tests make through the services must leave matching history rows.
pytestmark = pytest.mark.usefixtures("complete_history")


def build(tree, *, agency="commune", year=2026, objectives=2, targets_each=1) -> Decision:
    data = {
        "objectives": [
            {
                "content": f"Mục tiêu số {i}",
                "targets": [
                    {"comparator": ">=", "value": "97", "unit": "percent", "label": f"Chỉ tiêu {i}.{j}"}
                    for j in range(targets_each)
                ],
            }
            for i in range(objectives)
        ]
    }
    return services.decision_build(user=SYSTEM, agency=tree[agency], year=year, data=data)


def issue(decision: Decision, number: int = 15) -> Decision:
    services.decision_submit(user=SYSTEM, decision=decision)
    services.decision_approve(user=SYSTEM, decision=decision)
    return services.decision_issue(user=SYSTEM, decision=decision, number=number, issued_on=date(decision.year, 1, 9))


def test_it_prefills_a_new_decision_from_the_agency(tree, personas):
    decision = services.decision_create(agency=tree["commune"], year=2026, user=fresh(personas["editor"]))
    assert decision.header_own == "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN"
    assert decision.symbol == "QĐ-UBND"
    assert decision.place == "Phước An"
    assert decision.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN"
    assert decision.legal_bases[0].startswith("Căn cứ")
    assert "2026" in decision.summary and decision.status == DecisionStatus.DRAFT


def test_it_refuses_a_second_open_decision_for_the_same_year(tree):
    build(tree)
    with pytest.raises(ValidationError):
        build(tree)
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("persona", ["viewer", "unit_head", "secretariat", "leader", "outsider"])
def test_it_lets_only_editors_create_decisions(tree, personas, persona):
    with pytest.raises(PermissionDenied):
        services.decision_create(agency=tree["commune"], year=2026, user=fresh(personas[persona]))


def test_it_walks_the_whole_workflow_with_the_right_people(tree, personas):
    decision = build(tree)
    editor, secretariat, leader = (fresh(personas[p]) for p in ("editor", "secretariat", "leader"))
    services.decision_submit(decision=decision, user=editor)
    services.decision_review(decision=decision, user=secretariat, comment="Đạt")
    services.decision_approve(decision=decision, user=leader)
    decision = services.decision_issue(decision=decision, user=leader, number=5, issued_on=date(2026, 1, 9))
    assert decision.status == DecisionStatus.ISSUED and decision.number == 5
    assert list(decision.events.values_list("action", flat=True)) == ["create", "submit", "review", "approve", "issue"]


@pytest.mark.parametrize(
    "step, allowed, refused",
    [
        ("submit", ["editor"], ["secretariat", "leader", "viewer", "unit_head", "outsider"]),
        ("approve", ["leader"], ["editor", "secretariat", "viewer", "unit_head", "outsider"]),
    ],
)
def test_it_lets_only_the_right_role_take_each_step(tree, personas, step, allowed, refused):
    for persona in refused:
        decision = build(tree, year=2030 + refused.index(persona))
        if step == "approve":
            services.decision_submit(user=SYSTEM, decision=decision)
        with pytest.raises(PermissionDenied):
            getattr(services, f"decision_{step}")(decision=decision, user=fresh(personas[persona]))
        assert Decision.objects.get(pk=decision.pk).status == (
            DecisionStatus.DRAFT if step == "submit" else DecisionStatus.SUBMITTED
        )


def test_it_returns_a_decision_to_draft_only_with_a_comment(tree, personas):
    decision = build(tree)
    services.decision_submit(user=SYSTEM, decision=decision)
    with pytest.raises(ValidationError):
        services.decision_return(decision=decision, user=fresh(personas["secretariat"]), comment="  ")
    services.decision_return(decision=decision, user=fresh(personas["secretariat"]), comment="Thiếu chỉ tiêu số hóa")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert decision.events.last().comment == "Thiếu chỉ tiêu số hóa"


def test_it_refuses_to_submit_a_decision_without_targets(tree):
    decision = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    with translation.override("en"), pytest.raises(WorkflowError, match="objectives") as refused:
        services.decision_submit(user=SYSTEM, decision=decision)
    assert refused.value.code == "incomplete"


def test_it_freezes_an_issued_decision_for_everyone(tree, personas):
    decision = issue(build(tree))
    objective = decision.objectives.first()
    with pytest.raises(WorkflowError) as refused:
        services.objective_update(user=SYSTEM, objective=objective, content="Sửa lén")
    assert refused.value.code == "issued"
    with pytest.raises(WorkflowError) as refused:
        services.decision_update(user=SYSTEM, decision=decision, summary="Sửa lén")
    assert refused.value.code == "issued"
    assert Objective.objects.get(pk=objective.pk).content == "Mục tiêu số 0"


def test_it_supersedes_the_original_when_an_amendment_is_issued(tree, personas):
    original = issue(build(tree))
    amendment = services.decision_amend(decision=original, user=fresh(personas["editor"]))
    assert amendment.status == DecisionStatus.DRAFT and amendment.amends == original
    assert amendment.objectives.count() == 2 and Target.objects.filter(objective__decision=amendment).count() == 2
    assert "sửa đổi, bổ sung" in amendment.summary
    services.objective_update(user=SYSTEM, objective=amendment.objectives.first(), content="Mục tiêu đã sửa")
    issue(amendment, number=16)
    original.refresh_from_db()
    assert original.status == DecisionStatus.SUPERSEDED
    assert list(Decision.objects.in_force().filter(agency=tree["commune"], year=2026)) == [amendment]


def test_it_moves_unit_links_to_the_amendment(tree):
    parent = issue(build(tree))
    unit = build(tree, agency="unit")
    target = Target.objects.filter(objective__decision=unit).first()
    parent_target = Target.objects.filter(objective__decision=parent).first()
    services.target_update(user=SYSTEM, target=target, parent_target=parent_target)
    amendment = services.decision_amend(user=SYSTEM, decision=parent)
    issue(amendment, number=16)
    target.refresh_from_db()
    assert target.parent_target.objective.decision == amendment


def test_it_keeps_numbers_unique_per_agency_and_year(tree):
    original = issue(build(tree), number=15)
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    services.decision_submit(user=SYSTEM, decision=amendment)
    services.decision_approve(user=SYSTEM, decision=amendment)
    # The same agency may not use number 15 twice in 2026, not even for the amendment of decision 15.
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.decision_issue(user=SYSTEM, decision=amendment, number=15, issued_on=date(2026, 3, 2))
    assert refused.value.message_dict == {
        "number": ["Number 15/QĐ-UBND is already used by another decision of this agency."]
    }
    amendment.refresh_from_db()
    original.refresh_from_db()
    assert (amendment.status, amendment.number, original.status) == (
        DecisionStatus.APPROVED,
        None,
        DecisionStatus.ISSUED,
    )
    assert services.decision_issue(user=SYSTEM, decision=amendment, number=16, issued_on=date(2026, 3, 2)).number == 16
    # A different agency may use the same number with the same symbol.
    other = build(tree, agency="unit")
    Decision.objects.filter(pk=other.pk).update(symbol="QĐ-UBND")
    other.refresh_from_db()
    services.decision_submit(user=SYSTEM, decision=other)
    services.decision_approve(user=SYSTEM, decision=other)
    assert services.decision_issue(user=SYSTEM, decision=other, number=15, issued_on=date(2026, 1, 9)).number == 15


def test_it_refuses_a_second_save_from_the_same_version_and_says_what_changed(tree, personas):
    decision = build(tree)
    objective = decision.objectives.first()
    version = objective.lock_version
    services.objective_update(
        objective=objective, user=fresh(personas["editor"]), lock_version=version, content="Bản của chị Biên"
    )
    stale = Objective.objects.get(pk=objective.pk)
    with pytest.raises(services.ConcurrentEditError) as caught:
        services.objective_update(user=SYSTEM, objective=stale, lock_version=version, content="Bản của anh Minh")
    assert any("Bản của chị Biên" in c.new for c in caught.value.changes)
    assert Objective.objects.get(pk=objective.pk).content == "Bản của chị Biên"


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"comparator": ">=", "value": Decimal("120"), "unit": "percent"}, "between 0 and 100"),
        (
            {"comparator": "between", "value": Decimal("3"), "upper": Decimal("2"), "unit": "times_per_year"},
            "greater than",
        ),
        ({"comparator": ">=", "value": None, "unit": "percent"}, "target value"),
        ({"comparator": ">=", "value": Decimal("90"), "label": "<b>x</b>"}, "HTML"),
    ],
)
def test_it_refuses_impossible_targets_with_a_clear_message(tree, fields, message):
    decision = build(tree, targets_each=0)
    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.target_create(objective=decision.objectives.first(), user=SYSTEM, **fields)
    assert not Target.objects.exists()


def test_it_stores_decomposed_and_legacy_text_as_nfc(tree):
    decision = build(tree, targets_each=0)
    nfd = "Tỷ lệ hồ sơ giải quyết đúng hạn".encode().decode()
    import unicodedata

    objective = services.objective_create(user=SYSTEM, decision=decision, content=unicodedata.normalize("NFD", nfd))
    assert objective.content == unicodedata.normalize("NFC", nfd)


def test_it_copies_last_years_objectives(tree, personas):
    issue(build(tree, year=2025, objectives=3))
    draft = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    services.decision_copy_objectives(
        source=Decision.objects.get(year=2025), decision=draft, user=fresh(personas["editor"])
    )
    assert draft.objectives.count() == 3
    assert Target.objects.filter(objective__decision=draft, copied_from__isnull=False).count() == 0


# --- pages ---------------------------------------------------------------------------------------------------


def test_it_creates_a_draft_from_the_browser(client_for, tree):
    client = client_for("editor")
    response = client.post(reverse("objectives:decision-new"), {"agency": tree["commune"].pk, "year": 2026})
    decision = Decision.objects.get()
    assert response["Location"] == reverse("objectives:decision-editor", args=[decision.pk])


def test_it_adds_an_objective_and_a_target_with_htmx(client_for, tree):
    decision = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    client = client_for("editor")
    url = reverse("objectives:objective-new", args=[decision.pk])
    response = client.post(url, {"content": "Hồ sơ giải quyết đúng hạn"}, HTTP_HX_REQUEST="true")
    assert response["HX-Retarget"] == "#objectives"
    objective = decision.objectives.get()
    url = reverse("objectives:target-new", args=[decision.pk, objective.pk])
    response = client.post(
        url,
        {
            "comparator": ">=",
            "value": "96,5",
            "unit": "percent",
            "measurement": "ratio",
            "aggregation": "ratio_of_sums",
            "frequency": "quarterly",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert objective.targets.get().value == Decimal("96.5")


def test_it_keeps_what_the_user_typed_when_a_number_is_malformed(client_for, tree):
    decision = build(tree, targets_each=0)
    objective = decision.objectives.first()
    url = reverse("objectives:target-new", args=[decision.pk, objective.pk])
    response = client_for("editor").post(
        url,
        {
            "label": "Hài lòng của người dân",
            "comparator": ">=",
            "value": "9x,5",
            "unit": "percent",
            "measurement": "ratio",
            "aggregation": "ratio_of_sums",
            "frequency": "quarterly",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Hài lòng của người dân" in html and "9x,5" in html
    assert "is-invalid" in html
    assert not Target.objects.exists()


def test_it_shows_a_conflict_instead_of_overwriting(client_for, tree):
    decision = build(tree)
    objective = decision.objectives.first()
    url = reverse("objectives:objective-edit", args=[decision.pk, objective.pk])
    old_version = objective.lock_version
    services.objective_update(user=SYSTEM, objective=objective, content="Người khác đã sửa")
    response = client_for("editor").post(
        url, {"content": "Tôi sửa", "lock_version": old_version}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Người khác đã sửa" in html and "Tôi sửa" in html
    assert Objective.objects.get(pk=objective.pk).content == "Người khác đã sửa"


def test_it_asks_before_deleting_and_deletes_on_post(client_for, tree):
    decision = build(tree)
    objective = decision.objectives.first()
    editor_html = client_for("editor").get(reverse("objectives:decision-editor", args=[decision.pk])).content.decode()
    assert "hx-confirm" in editor_html
    client_for("editor").post(reverse("objectives:child-delete", args=[decision.pk, "objective", objective.pk]))
    assert not Objective.objects.filter(pk=objective.pk).exists()


def test_it_reorders_objectives(client_for, tree):
    decision = build(tree, objectives=3)
    first, second, _third = decision.objectives.order_by("order")
    client_for("editor").post(reverse("objectives:child-move", args=[decision.pk, "objective", second.pk, "up"]))
    assert list(decision.objectives.order_by("order").values_list("pk", flat=True))[:2] == [second.pk, first.pk]


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("viewer", 403),
        ("unit_head", 404),
        ("secretariat", 403),
        ("leader", 403),
        ("editor", 200),
    ],
)
def test_it_opens_the_editor_only_for_editors(client_for, tree, persona, status):
    decision = build(tree)
    assert client_for(persona).get(reverse("objectives:decision-editor", args=[decision.pk])).status_code == status


def test_it_finds_decisions_without_diacritics(client_for, tree):
    decision = build(tree)
    link = reverse("objectives:decision-detail", args=[decision.pk])
    html = client_for("viewer").get(reverse("objectives:decision-list"), {"q": "phuoc an 2026"}).content.decode()
    assert link in html
    html = client_for("viewer").get(reverse("objectives:decision-list"), {"q": "giong rieng"}).content.decode()
    assert link not in html


def test_it_filters_the_list_by_year_agency_and_status_and_ignores_bad_values(client_for, tree):
    commune = build(tree)
    unit = services.decision_submit(user=SYSTEM, decision=build(tree, agency="unit", year=2025))
    other = build(tree, agency="other_commune")
    url = reverse("objectives:decision-list")

    def shown(persona, **params):
        response = client_for(persona).get(url, params)
        assert response.status_code == 200
        return {d.pk for d in response.context["page"].object_list}

    assert shown("viewer") == {commune.pk, unit.pk}
    assert shown("viewer", year="2025") == {unit.pk}
    assert shown("viewer", status="submitted") == {unit.pk}
    assert shown("viewer", agency=str(tree["unit"].pk)) == {unit.pk}
    assert shown("viewer", agency=str(tree["commune"].pk), year="2026") == {commune.pk}  # the commune with its units
    for bad in (
        {"year": "abc"},
        {"year": "0"},
        {"year": "-2025"},
        {"status": "bogus"},
        {"agency": "x"},
        {"agency": str(tree["other_commune"].pk)},
        {"q": "x" * 5000},
    ):
        assert shown("viewer", **bad) == ({commune.pk, unit.pk} if "q" not in bad else set()), bad
    # An agency the user may not see is ignored, not used to widen the list.
    assert shown("outsider", agency=str(tree["commune"].pk)) == {other.pk}


def test_it_lets_the_leader_issue_from_the_browser(client_for, tree):
    decision = build(tree)
    services.decision_submit(user=SYSTEM, decision=decision)
    client = client_for("leader")
    client.post(reverse("objectives:decision-step", args=[decision.pk, "approve"]))
    client.post(reverse("objectives:decision-issue", args=[decision.pk]), {"number": "15", "issued_on": "2026-01-09"})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED and decision.number == 15
    html = client.get(reverse("objectives:decision-detail", args=[decision.pk])).content.decode()
    assert "Số: 15/QĐ-UBND" in html and "Phước An, ngày 09 tháng 01 năm 2026" in html
    assert "DỰ THẢO" not in html


def test_it_shows_history_of_changes(client_for, tree, personas):
    decision = build(tree)
    services.objective_update(
        objective=decision.objectives.first(), user=fresh(personas["editor"]), content="Nội dung mới"
    )
    html = client_for("viewer").get(reverse("objectives:decision-history", args=[decision.pk])).content.decode()
    assert "Nội dung mới" in html


def test_it_warns_about_a_unit_target_weaker_than_the_parent(client_for, tree, personas):
    from agencies import services as agency_services
    from agencies.models import Role

    parent = issue(build(tree))
    unit = build(tree, agency="unit")
    target = Target.objects.filter(objective__decision=unit).first()
    services.target_update(
        user=SYSTEM,
        target=target,
        value=Decimal("90"),
        parent_target=Target.objects.filter(objective__decision=parent).first(),
    )
    agency_services.membership_add(user=personas["editor"], agency=tree["unit"], role=Role.EDITOR)
    html = client_for("editor").get(reverse("objectives:decision-editor", args=[unit.pk])).content.decode()
    assert "90%" in html and "97%" in html and "bi-exclamation-triangle" in html
    html = (
        client_for("secretariat")
        .get(reverse("objectives:cascade-check"), {"agency": tree["commune"].pk, "year": 2026})
        .content.decode()
    )
    assert "Phòng Kinh tế" in html and "90%" in html


@pytest.mark.parametrize("name", ["objectives:decision-detail", "objectives:decision-editor"])
def test_it_renders_big_decisions_with_a_fixed_number_of_queries(client_for, tree, django_assert_max_num_queries, name):
    small = build(tree, year=2025, objectives=2, targets_each=1)
    big = build(tree, year=2026, objectives=40, targets_each=1)
    for objective in big.objectives.all()[:30]:
        for _ in range(2):
            services.target_create(
                user=SYSTEM, objective=objective, comparator=">=", value=Decimal("90"), unit="percent"
            )
    assert Target.objects.filter(objective__decision=big).count() == 100
    client = client_for("editor")
    client.get(reverse(name, args=[small.pk]))
    with django_assert_max_num_queries(20) as captured:
        client.get(reverse(name, args=[small.pk]))
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert client.get(reverse(name, args=[big.pk])).status_code == 200


def test_it_refuses_a_second_decision_for_a_year_that_has_one_in_force(tree):
    issue(build(tree))
    with pytest.raises(ValidationError):
        services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    assert Decision.objects.count() == 1


def test_it_refuses_to_issue_a_second_decision_in_force_instead_of_crashing(tree):
    first = build(tree)
    audit.update(
        Decision.objects.filter(pk=first.pk), status=DecisionStatus.ISSUED, number=1, issued_on=date(2026, 1, 2)
    )
    # The create path refuses; a decision that was already under way when the other was issued is caught here.
    draft = Decision.objects.create(
        agency=tree["commune"],
        year=2026,
        status=DecisionStatus.APPROVED,
        header_own="X",
        symbol="QĐ-UBND",
        summary="S",
        authority="A",
    )
    with pytest.raises(WorkflowError) as refused:
        services.decision_issue(user=SYSTEM, decision=draft, number=2, issued_on=date(2026, 2, 1))
    assert refused.value.code == "other-in-force"
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.APPROVED


def test_it_drops_links_to_last_years_parent_targets_when_copying(tree):
    parent_2025 = issue(build(tree, year=2025))
    unit_2025 = build(tree, agency="unit", year=2025)
    services.target_update(
        user=SYSTEM,
        target=Target.objects.filter(objective__decision=unit_2025).first(),
        parent_target=Target.objects.filter(objective__decision=parent_2025).first(),
    )
    issue(unit_2025, number=2)
    draft = services.decision_create(user=SYSTEM, agency=tree["unit"], year=2026)
    services.decision_copy_objectives(user=SYSTEM, source=unit_2025, decision=draft)
    assert not Target.objects.filter(objective__decision=draft, parent_target__isnull=False).exists()


def test_it_lets_only_the_secretariat_or_a_leader_attach_the_signed_scan(tree, personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    decision = issue(build(tree))
    for persona in ("viewer", "editor"):
        with pytest.raises(PermissionDenied):
            services.decision_attach_scan(
                decision=decision, user=fresh(personas[persona]), scan=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x")
            )
    services.decision_attach_scan(
        decision=decision, user=fresh(personas["secretariat"]), scan=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x")
    )
    decision.refresh_from_db()
    assert decision.scan and decision.history.first().scan == decision.scan.name


def test_it_refuses_html_in_a_workflow_comment(tree, personas):
    decision = build(tree)
    services.decision_submit(user=SYSTEM, decision=decision)
    with pytest.raises(ValidationError):
        services.decision_return(decision=decision, user=fresh(personas["secretariat"]), comment="<b>Sai</b>")
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.SUBMITTED
