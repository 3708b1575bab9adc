"""The risk and opportunity register (objectives/risks): validation, the level and its scale (hand-computed),
optimistic locking, permissions, copy forward, the action created from an item and the management review rows."""

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agencies.permissions import SYSTEM
from objectives import services as decision_services
from objectives.risks import scale, selectors
from objectives.risks import services as risks
from objectives.risks.models import RiskItem, RiskObjective
from objectives.services import ConcurrentEditError
from qms_portal.refusals import WorkflowError
from reports.actions import services as action_services
from reports.actions.models import ActionSource, CorrectiveAction
from reports.actions.risks import action_from_risk

pytestmark = pytest.mark.usefixtures("complete_history")


def decision(agency, year, contents):
    built = decision_services.decision_build(
        user=SYSTEM,
        agency=agency,
        year=year,
        data={
            "objectives": [
                {"content": c, "targets": [{"comparator": ">=", "value": "95", "unit": "percent"}]} for c in contents
            ]
        },
    )
    return built


def add(agency, year=2026, user=SYSTEM, **fields):
    values = {
        "kind": "risk",
        "description": "Hồ sơ trễ hạn do thiếu nhân sự",
        "likelihood": 3,
        "impact": 4,
        "treatment": "reduce",
        "owner_unit": agency,
    }
    values.update(fields)
    return risks.risk_create(agency=agency, year=year, user=user, **values)


# --- the scale -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "likelihood, impact, level, band",
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "very-high"),
        (5, 5, 25, "very-high"),
    ],
)
def test_the_level_is_likelihood_times_impact_in_its_band(likelihood, impact, level, band):
    assert scale.level(likelihood, impact) == level
    assert scale.band(level).name == band


def test_the_legend_is_the_documented_scale():
    assert [r for r, _ in scale.legend()] == ["1-4", "5-9", "10-16", "20-25"]


def test_an_item_stores_scores_and_computes_levels(tree):
    item = add(tree["commune"], likelihood=4, impact=3, residual_likelihood=2, residual_impact=3)
    item.refresh_from_db()
    assert (item.level, item.band.name) == (12, "high")
    assert (item.residual_level, item.residual_band.name) == (6, "medium")
    assert item.history.count() == 1


# --- validation ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"likelihood": 0}, "likelihood"),
        ({"impact": 6}, "impact"),
        ({"kind": "risk", "treatment": "pursue"}, "treatment"),
        ({"kind": "opportunity", "treatment": "reduce"}, "treatment"),
        ({"residual_likelihood": 2}, "residual_impact"),
        ({"description": "   "}, "description"),
        ({"description": "<script>alert(1)</script>"}, "description"),
        ({"owner_unit": None}, "owner_unit"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(tree, fields, field):
    with pytest.raises(ValidationError) as refused:
        add(tree["commune"], **fields)
    assert field in refused.value.message_dict
    assert not RiskItem.objects.exists()


def test_the_treatment_message_is_vietnamese(tree):
    from django.utils import translation

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        add(tree["commune"], kind="opportunity", treatment="avoid")
    assert "cơ hội" in refused.value.message_dict["treatment"][0]


def test_an_opportunity_may_be_pursued_or_accepted(tree):
    assert add(tree["commune"], kind="opportunity", treatment="pursue").is_opportunity
    assert add(tree["commune"], kind="opportunity", treatment="accept", description="Khác").treatment == "accept"


def test_text_is_stored_nfc(tree):
    decomposed = unicodedata.normalize("NFD", "Rủi ro mất dữ liệu")
    item = add(tree["commune"], description=decomposed)
    item.refresh_from_db()
    assert item.description == unicodedata.normalize("NFC", "Rủi ro mất dữ liệu")


def test_the_owner_unit_must_be_in_the_agency(tree):
    with pytest.raises(ValidationError) as refused:
        add(tree["commune"], owner_unit=tree["other_commune"])
    assert "owner_unit" in refused.value.message_dict


def test_the_owner_person_must_belong_to_the_agency(tree, personas):
    assert add(tree["commune"], owner_unit=None, owner_user=personas["unit_head"]).owner_label == "Người unit_head"
    with pytest.raises(ValidationError) as refused:
        add(tree["commune"], owner_unit=None, owner_user=personas["outsider"])
    assert "owner_user" in refused.value.message_dict


def test_linked_objectives_must_be_of_the_agencys_decision_of_that_year(tree):
    own = decision(tree["commune"], 2026, ["Hồ sơ đúng hạn"]).objectives.select_related("decision").get()
    other_year = decision(tree["commune"], 2025, ["Hồ sơ đúng hạn"]).objectives.select_related("decision").get()
    item = add(tree["commune"], objectives=[own])
    assert list(item.objectives.all()) == [own]
    assert RiskObjective.history.count() == 1
    with pytest.raises(ValidationError) as refused:
        add(tree["commune"], objectives=[other_year], description="Khác")
    assert "objectives" in refused.value.message_dict


# --- locking, permissions, delete --------------------------------------------------------------------------------


def test_a_stale_version_is_refused_naming_the_change(tree, personas):
    item = add(tree["commune"])
    seen = item.lock_version
    risks.risk_update(item=item, user=personas["editor"], lock_version=seen, likelihood=5)
    with pytest.raises(ConcurrentEditError) as conflict:
        risks.risk_update(item=item, user=personas["secretariat"], lock_version=seen, impact=1)
    assert any(c.old == "3" and c.new == "5" for c in conflict.value.changes)
    item.refresh_from_db()
    assert (item.likelihood, item.impact, item.lock_version) == (5, 4, seen + 1)
    assert item.history.count() == 2


def test_update_changes_links_with_history(tree):
    objectives = list(
        decision(tree["commune"], 2026, ["A", "B"]).objectives.select_related("decision").order_by("order")
    )
    item = add(tree["commune"], objectives=[objectives[0]])
    risks.risk_update(item=item, user=SYSTEM, objectives=[objectives[1]])
    assert list(item.objectives.all()) == [objectives[1]]
    assert RiskObjective.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("persona", ["leader", "viewer", "outsider"])
def test_only_those_who_keep_the_register_may_write(tree, personas, persona):
    with pytest.raises(PermissionDenied):
        add(tree["commune"], user=personas[persona])
    item = add(tree["commune"])
    with pytest.raises(PermissionDenied):
        risks.risk_update(item=item, user=personas[persona], likelihood=1)
    with pytest.raises(PermissionDenied):
        risks.risk_delete(item=item, user=personas[persona])


def test_the_unit_head_keeps_the_register_of_the_unit_only(tree, personas):
    assert add(tree["unit"], user=personas["unit_head"]).agency == tree["unit"]
    with pytest.raises(PermissionDenied):
        add(tree["commune"], user=personas["unit_head"])


def test_a_service_without_user_fails_loudly(tree):
    with pytest.raises(TypeError):
        add(tree["commune"], user=None)


def test_an_item_with_actions_cannot_be_deleted(tree, personas):
    item = add(tree["commune"])
    action_from_risk(item=item, user=personas["secretariat"], today=date(2026, 3, 1))
    with pytest.raises(WorkflowError):
        risks.risk_delete(item=item, user=personas["secretariat"])
    assert RiskItem.objects.filter(pk=item.pk).exists()


def test_delete_removes_item_and_links_with_history(tree):
    objective = decision(tree["commune"], 2026, ["A"]).objectives.select_related("decision").get()
    item = add(tree["commune"], objectives=[objective])
    risks.risk_delete(item=item, user=SYSTEM)
    assert not RiskItem.objects.exists() and not RiskObjective.objects.exists()
    assert RiskItem.history.filter(history_type="-").count() == 1


# --- copy forward ------------------------------------------------------------------------------------------------


def test_copy_forward_links_this_years_objectives_and_lists_the_unmatched(tree, personas):
    last = decision(tree["commune"], 2025, ["Hồ sơ đúng hạn", "Sáng kiến cải tiến"])
    old_a, old_b = last.objectives.select_related("decision").order_by("order")
    this = decision(tree["commune"], 2026, ["Hồ sơ đúng hạn.", "Chuyển đổi số"])  # same text but the final stop
    new_a = this.objectives.order_by("order").first()
    add(
        tree["commune"],
        year=2025,
        objectives=[old_a, old_b],
        residual_likelihood=1,
        residual_impact=1,
        review_on=date(2025, 6, 30),
    )
    add(tree["commune"], year=2025, kind="opportunity", treatment="pursue", description="Phần mềm mới")
    result = risks.risk_copy_forward(agency=tree["commune"], year=2026, user=personas["secretariat"])
    assert len(result.copied) == 2 and result.skipped == []
    assert result.unmatched == ["Sáng kiến cải tiến"]
    first = RiskItem.objects.get(year=2026, kind="risk")
    assert list(first.objectives.all()) == [new_a]
    assert (first.likelihood, first.impact, first.residual_level, first.review_on) == (3, 4, None, None)
    assert first.copied_from.year == 2025
    assert first.history.get().history_user_id == personas["secretariat"].pk


def test_copy_forward_refuses_when_this_year_has_items_unless_merging(tree):
    add(tree["commune"], year=2025)
    add(tree["commune"], year=2025, description="Mất dữ liệu")
    add(tree["commune"], year=2026, description="hồ sơ trễ hạn do thiếu nhân sự ")  # the same item, typed again
    with pytest.raises(WorkflowError) as refused:
        risks.risk_copy_forward(agency=tree["commune"], year=2026, user=SYSTEM)
    assert refused.value.code == "has-items"
    assert RiskItem.objects.filter(year=2026).count() == 1
    result = risks.risk_copy_forward(agency=tree["commune"], year=2026, user=SYSTEM, merge=True)
    assert [i.description for i in result.copied] == ["Mất dữ liệu"]
    assert result.skipped == ["Hồ sơ trễ hạn do thiếu nhân sự"]
    assert list(RiskItem.objects.filter(year=2026).values_list("order", flat=True)) == [1, 2]


def test_copy_forward_without_last_year_is_refused(tree):
    with pytest.raises(WorkflowError) as refused:
        risks.risk_copy_forward(agency=tree["commune"], year=2026, user=SYSTEM)
    assert refused.value.code == "nothing-to-copy"


def test_copy_forward_needs_the_register_permission(tree, personas):
    add(tree["commune"], year=2025)
    with pytest.raises(PermissionDenied):
        risks.risk_copy_forward(agency=tree["commune"], year=2026, user=personas["leader"])


# --- actions from an item, review rows --------------------------------------------------------------------------


def test_an_action_is_created_pre_filled_from_the_item(tree, personas):
    item = add(
        tree["commune"],
        owner_unit=tree["unit"],
        owner_user=personas["unit_head"],
        cause="Thiếu người trực",
        actions_text="- Bố trí cán bộ dự phòng\n- Theo dõi hằng tuần",
        review_on=date(2026, 6, 30),
    )
    action = action_from_risk(item=item, user=personas["secretariat"], today=date(2026, 3, 1))
    assert (action.source, action.risk, action.agency) == (ActionSource.RISK, item, tree["unit"])
    assert action.title == "Bố trí cán bộ dự phòng"
    assert action.cause_analysis == "Thiếu người trực"
    assert action.owner == personas["unit_head"] and action.due_on == date(2026, 6, 30)
    assert action.history.get().history_user_id == personas["secretariat"].pk


def test_only_the_secretariat_creates_actions(tree, personas):
    item = add(tree["commune"])
    for persona in ("editor", "leader", "unit_head"):
        with pytest.raises(PermissionDenied):
            action_from_risk(item=item, user=personas[persona])
    assert not CorrectiveAction.objects.exists()


def test_review_rows_give_levels_treatment_owner_and_action_effectiveness(tree, personas):
    item = add(
        tree["commune"], likelihood=4, impact=5, residual_likelihood=2, residual_impact=3, review_on=date(2026, 9, 30)
    )
    add(
        tree["commune"],
        kind="opportunity",
        treatment="pursue",
        description="Cơ hội",
        likelihood=2,
        impact=2,
        owner_unit=None,
        owner_user=personas["editor"],
    )
    action = action_from_risk(item=item, user=SYSTEM, today=date(2026, 3, 1))
    for step, note in [("start", ""), ("done", "Đã làm"), ("effective", "Hiệu quả")]:
        action = action_services.action_step(action=action, user=SYSTEM, step=step, note=note)
    action_services.action_step(action=action, user=SYSTEM, step="close")
    rows = selectors.review_rows(tree["commune"], 2026)
    first, second = rows
    assert (first["level_before"], first["level_after"], first["improved"]) == (20, 6, True)
    assert first["treatment"] == "reduce" and first["review_date"] == date(2026, 9, 30)
    assert first["owner_label"] == "UBND xã Phước An"
    assert (first["actions_total"], first["actions_closed"], first["actions_effective"]) == (1, 1, 1)
    assert first["actions"][0]["is_effective"] is True
    assert (second["kind"], second["level_before"], second["level_after"], second["improved"]) == (
        "opportunity",
        4,
        None,
        None,
    )
    assert second["owner_label"] == "Người editor"
    assert {
        "kind_label",
        "description",
        "level_before",
        "level_after",
        "treatment_label",
        "owner_label",
        "review_date",
    } <= set(first)
