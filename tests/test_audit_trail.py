"""Every write of every service leaves history rows that match the records, bulk writes included (amendment
copies, "copy last year", reordering, report lines following an amended target and judged again, imports, the
demo data and the samples loader), each crediting its author by the name they had then; renaming or deleting
the user changes nothing recorded. `audit.history_gaps` compares every tracked table with its history table:
a write that bypasses history makes these tests fail."""

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reports_factories import commune_and_unit

from agencies.models import Role
from agencies.permissions import SYSTEM
from agencies.services import membership_add
from objectives import services
from objectives.importer import service as importing
from objectives.models import Decision, Objective, Section, Target
from qms_portal import audit
from reports import services as report_services
from reports.models import ReportLine

pytestmark = pytest.mark.django_db


def all_gaps() -> list[str]:
    return [problem for model in audit.tracked_models() for problem in audit.history_gaps(model)]


def anonymous_since(moment) -> list[str]:
    return [
        f"{model.__name__} {row}"
        for model in audit.tracked_models()
        for row in model.history.filter(history_date__gte=moment, history_username="").values_list("id", "history_type")
    ]


def test_the_demo_data_and_the_samples_leave_complete_history(db):
    call_command("demo_data", stdout=io.StringIO())
    assert Decision.objects.filter(status="issued").count() >= 10
    assert all_gaps() == []


def test_a_bypassing_write_is_caught(tree):
    """The check itself: a queryset update or bulk_create without history is reported."""
    decision = services.decision_create(user=SYSTEM, agency=tree["commune"], year=2026)
    Decision.objects.filter(pk=decision.pk).update(summary="Đổi lén")
    Section.objects.bulk_create([Section(decision=decision, title="Phần lén")])
    assert sorted(p.split(":")[0] for p in all_gaps()) == [
        f"Decision {decision.pk}",
        f"Section {Section.objects.get().pk}",
    ]


def test_every_service_write_leaves_history_with_its_author(tree, personas):
    editor, leader, secretariat = personas["editor"], personas["leader"], personas["secretariat"]
    unit_head = personas["unit_head"]
    membership_add(user=editor, agency=tree["unit"], role=Role.EDITOR)
    targets = commune_and_unit(tree["commune"], tree["unit"])
    commune_decision = targets["Đúng hạn"].objective.decision
    unit_decision = targets["Đúng hạn PKT"].objective.decision
    start = timezone.now()

    # A unit's report, accepted: its lines point at the unit's targets.
    li = report_services.LineInput
    report = report_services.report_save(
        agency=tree["unit"],
        year=2026,
        period="Q3",
        user=unit_head,
        submit=True,
        today=date(2026, 10, 5),
        lines={
            targets["Đúng hạn PKT"].pk: li(
                numerator=Decimal(97), denominator=Decimal(100), cause="Thiếu người", action="Bổ sung"
            ),
            targets["Sáng kiến PKT"].pk: li(value=Decimal(1)),
            targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
        },
    )
    report_services.report_accept(report=report, user=secretariat)

    # The commune amends its decision (a bulk copy), reorders, and issues: the unit's targets follow.
    amendment = services.decision_amend(decision=commune_decision, user=editor)
    assert Objective.objects.filter(decision=amendment).count() == 3
    last = amendment.objectives.order_by("order").last()
    services.objective_move(objective=last, user=editor, direction="up")
    services.section_create(decision=amendment, user=editor, title="Đối với cơ quan")
    services.section_create(decision=amendment, user=editor, title="Đối với phòng")
    services.section_move(section=amendment.sections.order_by("order").last(), user=editor, direction="up")
    extra = services.target_create(
        objective=last,
        user=editor,
        comparator=">=",
        value=Decimal(2),
        unit="count",
        measurement="value",
        aggregation="sum",
        label="Thêm",
    )
    services.target_move(target=extra, user=editor, direction="up")
    services.decision_submit(decision=amendment, user=editor)
    services.decision_approve(decision=amendment, user=leader)
    services.decision_issue(decision=amendment, user=leader, number=11, issued_on=date(2026, 9, 1))
    moved = Target.objects.get(objective__decision=amendment, copied_from=targets["Đúng hạn"])
    assert Target.objects.get(pk=targets["Đúng hạn PKT"].pk).parent_target_id == moved.pk

    # The unit amends too: its report lines move to the new targets and are judged again.
    unit_amendment = services.decision_amend(decision=unit_decision, user=editor)
    on_time = Target.objects.get(objective__decision=unit_amendment, copied_from=targets["Đúng hạn PKT"])
    services.target_update(target=on_time, user=editor, value=Decimal(96))
    services.decision_submit(decision=unit_amendment, user=editor)
    services.decision_approve(decision=unit_amendment, user=leader)
    services.decision_issue(decision=unit_amendment, user=leader, number=21, issued_on=date(2026, 9, 2))
    line = ReportLine.objects.get(numerator=97)
    assert (line.target_id, line.met) == (on_time.pk, True)  # 97% missed 98% and meets the amended 96%
    line_history = list(line.history.order_by("history_date").values_list("target_id", "met", "history_username"))
    assert line_history[-2:] == [(on_time.pk, False, "leader"), (on_time.pk, True, "leader")]

    # Next year: copy last year's objectives into a new draft; an import; a deletion.
    draft = services.decision_create(agency=tree["commune"], year=2027, user=editor)
    services.decision_copy_objectives(source=amendment, decision=draft, user=editor)
    services.objective_delete(objective=draft.objectives.first(), user=editor)
    sample = (Path(__file__).parent / "import_corpus" / "2024_nhon_trach_420.txt").read_text(encoding="utf-8")
    parsed = importing.parse(sample)
    imported = importing.import_decision(
        agency=tree["unit"],
        user=editor,
        year=2027,
        data=importing.build_data(parsed.to_dict(), agency=tree["unit"], reference=parsed.appendix_reference),
    )
    assert Target.objects.filter(objective__decision=imported).count() > 3

    assert all_gaps() == []
    assert anonymous_since(start) == []
    # The history rows of the copy name the editor as they were named then.
    kept = list(Objective.objects.filter(decision=draft).values_list("pk", flat=True))
    rows = Target.history.filter(history_date__gte=start, history_type="+", objective_id__in=kept)
    assert rows.count() == Target.objects.filter(objective__decision=draft).count() > 0
    assert set(rows.values_list("history_username", "history_user_full_name")) == {("editor", "Người editor")}


def test_renaming_or_deleting_a_user_changes_nothing_recorded(client_for, tree, personas):
    editor = personas["editor"]
    decision = services.decision_create(agency=tree["commune"], year=2026, user=editor)
    services.decision_update(decision=decision, user=editor, summary="Về việc ban hành Mục tiêu chất lượng 2026")
    page = client_for("secretariat").get(reverse("objectives:decision-history", args=[decision.pk])).content.decode()
    assert page.count("Người editor") >= 2

    editor.first_name, editor.last_name, editor.username = "Tên", "Mới", "renamed"
    editor.save()
    page = client_for("secretariat").get(reverse("objectives:decision-history", args=[decision.pk])).content.decode()
    assert "Người editor" in page and "Tên Mới" not in page

    get_user_model().objects.filter(pk=editor.pk).delete()
    decision.refresh_from_db()
    assert decision.created_by_id is None and all_gaps() == []  # the cleared link has its own history row
    page = client_for("secretariat").get(reverse("objectives:decision-history", args=[decision.pk])).content.decode()
    assert page.count("Người editor") >= 2 and "hệ thống" not in page.split("<tbody>")[1]
    names = list(
        Decision.history.filter(id=decision.pk).order_by("history_id").values_list("history_username", flat=True)
    )
    assert names == ["editor", "editor", ""]  # as recorded, plus the system clearing the deleted creator
