"""The database itself refuses to change history and issued decisions (raw SQL included), on whichever database
the suite runs (CI runs it on SQLite and on PostgreSQL); the application's own transitions still pass; the
admin offers no way to rewrite history."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from test_print_pdf import build, issue, private_media  # noqa: F401 (autouse fixture)

from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, Objective, Section, Target
from qms_portal import dbguards

pytestmark = pytest.mark.django_db


def raw(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def refused(sql: str, params=()) -> bool:
    try:
        raw(sql, params)
    except IntegrityError as exc:
        assert "qms:" in str(exc)
        return True
    return False


def build_into(decision: Decision) -> Decision:
    """One objective with one target, enough to be submitted."""
    objective = services.objective_create(user=SYSTEM, decision=decision, content="Tỷ lệ hồ sơ đúng hạn tối thiểu 98%")
    services.target_create(user=SYSTEM, objective=objective, comparator=">=", value=98)
    return decision


@pytest.fixture
def issued(tree):
    return issue(build(tree["commune"], sections=1, objectives=2), number=15)


def test_the_guards_in_the_database_match_the_models():
    assert dbguards.problems() == []


def test_a_raw_update_or_delete_of_a_history_row_is_refused(issued):
    table = Decision.history.model._meta.db_table
    first = Decision.history.model.objects.filter(id=issued.pk).earliest("history_date")
    assert refused(f'UPDATE "{table}" SET summary = %s WHERE history_id = %s', ["tampered", first.history_id])
    assert refused(f'DELETE FROM "{table}" WHERE history_id = %s', [first.history_id])
    for model in (Section, Objective, Target):
        history = model.history.model._meta.db_table
        assert refused(f'DELETE FROM "{history}"')
    first.refresh_from_db()
    assert first.summary == issued.summary and Decision.history.filter(id=issued.pk).count() >= 4


def test_a_raw_update_of_an_issued_decision_and_its_content_is_refused(issued):
    section = issued.sections.get()
    objective = issued.objectives.first()
    target = Target.objects.filter(objective=objective).first()
    assert refused('UPDATE "objectives_decision" SET summary = %s WHERE id = %s', ["Đã sửa", issued.pk])
    assert refused('UPDATE "objectives_decision" SET number = 99 WHERE id = %s', [issued.pk])
    assert refused('UPDATE "objectives_decision" SET status = %s WHERE id = %s', ["draft", issued.pk])
    assert refused('DELETE FROM "objectives_decision" WHERE id = %s', [issued.pk])
    assert refused('UPDATE "objectives_section" SET title = %s WHERE id = %s', ["Khác", section.pk])
    assert refused('DELETE FROM "objectives_section" WHERE id = %s', [section.pk])
    assert refused('UPDATE "objectives_objective" SET content = %s WHERE id = %s', ["Khác", objective.pk])
    assert refused('UPDATE "objectives_objective" SET decision_id = NULL WHERE id = %s', [objective.pk])
    assert refused('DELETE FROM "objectives_objective" WHERE id = %s', [objective.pk])
    assert refused('UPDATE "objectives_target" SET value = 50 WHERE id = %s', [target.pk])
    assert refused('DELETE FROM "objectives_target" WHERE id = %s', [target.pk])
    issued.refresh_from_db()
    target.refresh_from_db()
    assert (issued.status, issued.number, str(target.value)) == ("issued", 15, "91.0000")


def test_a_draft_is_not_frozen(tree):
    draft = build(tree["commune"])
    raw('UPDATE "objectives_decision" SET summary = %s WHERE id = %s', ["Sửa khi còn dự thảo", draft.pk])
    raw('DELETE FROM "objectives_target" WHERE objective_id IN (SELECT id FROM "objectives_objective" WHERE decision_id = %s)', [draft.pk])
    draft.refresh_from_db()
    assert draft.summary == "Sửa khi còn dự thảo" and not Target.objects.filter(objective__decision=draft).exists()


def test_the_transitions_the_application_needs_still_pass(tree, issued):
    # A scan attached to an issued decision.
    services.decision_attach_scan(user=SYSTEM, decision=issued, scan=ContentFile(b"%PDF-1.4 scan", name="scan.pdf"))
    # A unit's issued decision linked to the commune's target, then the commune amends: the unit's target follows.
    unit = build(tree["unit"])
    parent_target = Target.objects.filter(objective__decision=issued).first()
    unit_target = Target.objects.filter(objective__decision=unit).first()
    services.target_update(user=SYSTEM, target=unit_target, parent_target=parent_target)
    unit = issue(unit, number=3)
    amendment = services.decision_amend(user=SYSTEM, decision=issued)
    services.decision_submit(user=SYSTEM, decision=amendment)
    services.decision_approve(user=SYSTEM, decision=amendment)
    services.decision_issue(user=SYSTEM, decision=amendment, number=16, issued_on=date(2026, 3, 2))
    issued.refresh_from_db()
    assert issued.status == "superseded" and issued.scan
    copy = Target.objects.get(objective__decision=amendment, copied_from=parent_target)
    unit_target.refresh_from_db()
    assert unit_target.parent_target_id == copy.pk
    # Superseded is final: it cannot go back to issued.
    assert refused('UPDATE "objectives_decision" SET status = %s WHERE id = %s', ["issued", issued.pk])


def test_deleting_the_author_of_an_issued_decision_is_allowed_and_changes_no_history(personas, tree):
    editor = personas["editor"]
    decision = services.decision_create(agency=tree["commune"], year=2026, user=editor)
    decision = issue(build_into(decision), number=4)
    columns = ("history_id", "history_user_id", "history_username", "created_by_id")
    before = list(Decision.history.filter(id=decision.pk).order_by("history_id").values_list(*columns))
    assert before[0] == (before[0][0], editor.pk, "editor", editor.pk)
    editor.delete()
    decision.refresh_from_db()
    assert decision.created_by_id is None
    after = list(Decision.history.filter(id=decision.pk).order_by("history_id").values_list(*columns))
    # Every recorded row is as it was; one more records the cleared link (by the system: no one logged in here).
    assert after[:-1] == before and after[-1][1:] == (None, "", None)


@pytest.mark.django_db(transaction=True)
def test_flush_lifts_the_guards_and_puts_them_back(tree, issued):
    """The test runner flushes the database after each transactional test (as after this one) through it too."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert not Decision.objects.exists() and not Decision.history.exists()
    assert dbguards.problems() == []


def test_the_admin_offers_no_revert_and_refuses_a_posted_one(admin_client, issued):
    record = Decision.history.filter(id=issued.pk).earliest("history_date")
    url = reverse("admin:objectives_decision_simple_history", args=[issued.pk, record.history_id])
    page = admin_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin_client.post(url, {"summary": "Đã sửa"}).status_code == 403
    issued.refresh_from_db()
    assert issued.summary != "Đã sửa"


def test_every_migrate_puts_missing_or_outdated_guards_back():
    """A later migration that rebuilds a table on SQLite drops its triggers; `migrate` reinstalls them at its end."""
    from django.core.management import call_command

    dbguards.uninstall(names=["frozen:objectives"])
    assert any("frozen:objectives" in problem for problem in dbguards.problems())
    call_command("migrate", verbosity=0)
    assert dbguards.problems() == []


def test_check_audit_reports_a_record_changed_behind_the_applications_back(issued):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("check_audit", stdout=out)
    assert "Audit trail intact" in out.getvalue()
    with dbguards.suspended():  # someone with the power to drop the triggers edits an issued decision
        raw('UPDATE "objectives_decision" SET summary = %s WHERE id = %s', ["Sửa lén", issued.pk])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_audit", stdout=io.StringIO(), stderr=err)
    assert f"Decision {issued.pk}: history differs in summary" in err.getvalue()
