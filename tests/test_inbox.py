"""The "Việc cần làm" inbox: each role sees exactly the work waiting for it, the counts move with the
work, and the page costs the same number of queries for 3 units as for 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from reports_factories import RATE, commune_and_unit

from agencies.models import Membership, Role
from objectives import services as objective_services
from objectives.models import Decision, DecisionEvent, DecisionStatus
from qms_portal import views as home_views
from reports import services as report_services
from reports.inbox.selectors import InboxKind, inbox_for
from reports.models import Report
from reports.scale import build

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(home_views, "_today", lambda: TODAY)


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def draft_2027(tree, editor):
    return objective_services.decision_build(
        agency=tree["commune"],
        year=2027,
        user=editor,
        data={
            "signer_title": "CHỦ TỊCH",
            "objectives": [
                {"content": "Hồ sơ đúng hạn", "targets": [RATE | {"comparator": ">=", "value": Decimal(98)}]}
            ],
        },
    )


def kinds(user) -> dict[str, int]:
    inbox = inbox_for(fresh(user), today=TODAY)
    return {kind: inbox.count_of(kind) for kind in InboxKind.ORDER if inbox.count_of(kind)}


def test_it_moves_a_decision_through_each_roles_inbox(tree, personas):
    editor, secretariat, leader = personas["editor"], personas["secretariat"], personas["leader"]
    decision = draft_2027(tree, editor)
    assert kinds(editor) == {} and kinds(secretariat) == {} and kinds(leader) == {}

    objective_services.decision_submit(decision=decision, user=editor)
    assert kinds(secretariat) == {InboxKind.DECISION_TO_REVIEW: 1}
    assert kinds(leader) == {}  # the secretariat reviews first
    assert kinds(editor) == {}

    objective_services.decision_review(decision=decision, user=secretariat, comment="Đủ hồ sơ")
    assert kinds(secretariat) == {}
    assert kinds(leader) == {InboxKind.DECISION_TO_APPROVE: 1}

    objective_services.decision_approve(decision=decision, user=leader)
    assert kinds(leader) == {InboxKind.DECISION_TO_ISSUE: 1}

    objective_services.decision_return(decision=decision, user=leader, comment="Sửa số liệu mục tiêu 1")
    assert kinds(leader) == {}
    inbox = inbox_for(fresh(editor), today=TODAY)
    assert inbox.count == 1
    item = inbox.groups[InboxKind.DECISION_RETURNED][0]
    assert item.reason == "Sửa số liệu mục tiêu 1"
    assert item.url == reverse("objectives:decision-detail", args=[decision.pk])
    # The viewer and the unit head never have decision work.
    assert kinds(personas["viewer"]) == {} and kinds(personas["unit_head"]) == {}

    objective_services.decision_submit(decision=decision, user=editor)
    assert kinds(editor) == {}
    assert kinds(secretariat) == {InboxKind.DECISION_TO_REVIEW: 1}


def test_it_lists_the_unit_heads_reports_and_the_secretariats_queue(tree, personas):
    targets = commune_and_unit(tree["commune"], tree["unit"], 2026)
    head, secretariat = personas["unit_head"], personas["secretariat"]
    # On 22/11/2026 the unit's quarters I-III are overdue (due 10 days after each quarter by default),
    # Q4 has not started its reporting... it has started (1/10), so it is due.
    before = kinds(head)
    assert before[InboxKind.REPORT_OVERDUE] == 3
    assert before[InboxKind.REPORT_DUE] == 1
    line = report_services.LineInput(numerator=Decimal(99), denominator=Decimal(100))
    lines = {
        targets["Đúng hạn PKT"].pk: line,
        targets["Sáng kiến PKT"].pk: report_services.LineInput(value=Decimal(1)),
        targets["Văn bản điện tử"].pk: report_services.LineInput(numerator=Decimal(5), denominator=Decimal(5)),
    }
    report_services.report_save(
        agency=tree["unit"], year=2026, period="Q1", user=head, lines=lines, submit=True, today=TODAY
    )
    assert kinds(head)[InboxKind.REPORT_OVERDUE] == 2
    assert kinds(secretariat) == {InboxKind.REPORT_TO_REVIEW: 1}
    report = Report.objects.get(agency=tree["unit"], period="Q1")
    report_services.report_return(report=report, user=secretariat, comment="Thiếu minh chứng")
    assert kinds(secretariat) == {}
    inbox = inbox_for(fresh(head), today=TODAY)
    assert [i.reason for i in inbox.groups[InboxKind.REPORT_RETURNED]] == ["Thiếu minh chứng"]


def test_the_home_page_shows_the_inbox_and_the_badge_counts_it(tree, personas, client_for):
    decision = draft_2027(tree, personas["editor"])
    objective_services.decision_submit(decision=decision, user=personas["editor"])
    client = client_for("secretariat")
    page = client.get(reverse("home")).content.decode()
    assert 'data-inbox-group="decision_to_review"' in page
    assert reverse("objectives:decision-detail", args=[decision.pk]) in page
    badge = client.get(reverse("inbox:badge")).content.decode()
    assert 'data-nav-inbox="1"' in badge
    assert 'data-nav-inbox="0"' in client_for("viewer").get(reverse("inbox:badge")).content.decode()


def _workload(result, year: int) -> None:
    """Work in every corner of the scale tree: a submitted 2027 decision per commune, a returned one per
    unit, an approved one for the province; an editor and a leader at the root."""
    User = get_user_model()
    root = result.root
    communes = list(root.children.all())
    units = list(type(root).objects.filter(parent__in=communes))
    leader = User.objects.create(username=f"{root.code.lower()}-leader")
    editor = User.objects.create(username=f"{root.code.lower()}-editor")
    Membership.objects.bulk_create(
        [Membership(user=leader, agency=root, role=Role.LEADER)]
        + [Membership(user=editor, agency=u, role=Role.EDITOR) for u in units[:50]]
    )

    def decision(agency, status):
        return Decision(
            agency=agency, year=year, status=status, header_own="X", summary="S", authority="A", symbol="QĐ"
        )

    made = Decision.objects.bulk_create(
        [decision(c, DecisionStatus.SUBMITTED) for c in communes]
        + [decision(u, DecisionStatus.DRAFT) for u in units[:50]]
        + [decision(root, DecisionStatus.APPROVED)]
    )
    DecisionEvent.objects.bulk_create(
        [
            DecisionEvent(decision=d, action=DecisionEvent.Action.REVIEW if i % 2 else DecisionEvent.Action.SUBMIT)
            for i, d in enumerate(made)
            if d.status == DecisionStatus.SUBMITTED
        ]
        + [
            DecisionEvent(decision=d, action=DecisionEvent.Action.RETURN, comment="Sửa")
            for d in made
            if d.status == DecisionStatus.DRAFT
        ]
    )


def test_the_home_page_costs_the_same_queries_for_3_and_500_units(db, django_assert_max_num_queries):
    counts = {}
    for units in (3, 500):
        result = build(units=units, year=2026, prefix=f"H{units}")
        Report.objects.filter(agency__path__startswith=result.root.path, period="Q3").update(status="submitted")
        head = Membership.objects.get(user__username=f"h{units}-unithead")
        Report.objects.filter(agency=head.agency, period="Q4").delete()  # so that the unit head has one due
        _workload(result, 2027)
        for persona in ("secretariat", "leader", "editor", "unithead"):
            client = Client()
            client.force_login(get_user_model().objects.get(username=f"h{units}-{persona}"))
            with django_assert_max_num_queries(16) as captured:
                response = client.get(reverse("home"))
            assert response.status_code == 200
            assert b"data-inbox-group" in response.content, persona
            counts[units, persona] = len(captured.captured_queries)
            with django_assert_max_num_queries(16):
                assert client.get(reverse("inbox:badge")).status_code == 200
    for persona in ("secretariat", "leader", "editor", "unithead"):
        assert counts[3, persona] == counts[500, persona], persona


def test_a_later_feature_can_add_its_own_group(tree, personas, monkeypatch):
    from reports.inbox import selectors

    def audits(inbox, user, today):
        if user.username == "secretariat":
            inbox.add("audit_due", selectors.InboxItem("Đánh giá nội bộ 2026", "/audits/1/", tree["commune"]))

    monkeypatch.setattr(selectors, "PROVIDERS", [*selectors.PROVIDERS, audits])
    monkeypatch.setattr(selectors.InboxKind, "ORDER", selectors.InboxKind.ORDER)
    monkeypatch.setattr(selectors.InboxKind, "LABELS", dict(selectors.InboxKind.LABELS))
    monkeypatch.setattr(selectors.InboxKind, "ICONS", dict(selectors.InboxKind.ICONS))
    selectors.register_kind("audit_due", "Đánh giá nội bộ đến hạn", before=selectors.InboxKind.REPORT_DUE)
    inbox = inbox_for(fresh(personas["secretariat"]), today=TODAY)
    assert [(g.kind, g.label) for g in inbox.ordered] == [("audit_due", "Đánh giá nội bộ đến hạn")]
    assert inbox.count == 1 and inbox_for(fresh(personas["editor"]), today=TODAY).count == 0
