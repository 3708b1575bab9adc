"""The decision services' own rules, pinned with values written by hand (they kill the mutants of
objectives/services/decisions.py and workflow.py; see docs/testing.md): the pre-filled text of a new
decision, the refusals of create, update and issue with their messages and codes, and what each step writes."""

from datetime import date

import pytest
from conftest import fresh
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from test_decisions import build, issue

from agencies.models import Agency, AgencyKind
from agencies.permissions import SYSTEM
from objectives import services
from objectives.models import Decision, DecisionStatus, Target
from objectives.services import workflow
from qms_portal.refusals import WorkflowError

LEGAL_BASES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;",
    (
        "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống "
        "quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống "
        "hành chính nhà nước;"
    ),
    (
        "Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21 tháng 01 năm 2019 của Bộ Khoa học và Công nghệ về việc công bố mô hình "
        "khung hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 cho các loại hình cơ quan hành "
        "chính nhà nước tại địa phương;"
    ),
]


def test_it_prefills_every_line_of_a_new_decision_from_the_agency(tree):
    assert services.decision_defaults(agency=tree["commune"], year=2026) == {
        "header_parent": "",
        "header_own": "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        "symbol": "QĐ-UBND",
        "place": "Phước An",
        "doc_type": "QUYẾT ĐỊNH",
        "summary": "Về việc ban hành Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An",
        "authority": "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        "issuer": "Chủ tịch Ủy ban nhân dân xã Phước An",
        "legal_bases": LEGAL_BASES,
        "proposal": "Theo đề nghị của Chánh Văn phòng HĐND và UBND.",
        "articles": [
            (
                "Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2026 của Ủy ban nhân dân xã Phước An theo Tiêu "
                "chuẩn quốc gia TCVN ISO 9001:2015."
            ),
            (
                "Thủ trưởng các cơ quan, đơn vị căn cứ Mục tiêu chất lượng năm 2026 xây dựng mục tiêu chất lượng của đơn vị, "
                "không thấp hơn mục tiêu chung, và báo cáo kết quả thực hiện hằng quý về Tổ thư ký ISO."
            ),
            "Quyết định này có hiệu lực kể từ ngày ký.",
            (
                "Chánh Văn phòng, Thủ trưởng các cơ quan, đơn vị và các cá nhân có liên quan chịu trách nhiệm thi hành "
                "Quyết định này./."
            ),
        ],
        "recipients": ["Như Điều 4;", "Sở Khoa học và Công nghệ;", "Lưu: VT, VP."],
        "signer_prefix": "",
        "signer_authority": "",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Lê Văn Minh",
        "appendix_title": "MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
        "appendix_form": "table",
    }


def test_it_prefills_a_bare_agency_from_its_name():
    # No header line, symbol, wording or head of its own (an unsaved agency: the defaults only read it).
    agency = Agency(name="Ủy ban nhân dân xã Tân Hiệp", kind=AgencyKind.COMMUNE_COMMITTEE, place="Tân Hiệp")
    defaults = services.decision_defaults(agency=agency, year=2027)
    assert defaults["header_own"] == "ỦY BAN NHÂN DÂN XÃ TÂN HIỆP"
    assert defaults["symbol"] == "QĐ"
    assert defaults["issuer"] == "Chủ tịch Ủy ban nhân dân xã Tân Hiệp"
    assert defaults["authority"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN HIỆP"
    assert defaults["signer_title"] == "CHỦ TỊCH"
    assert defaults["appendix_title"] == "MỤC TIÊU CHẤT LƯỢNG NĂM 2027"


# --- create, update, attach the scan --------------------------------------------------------------------------


def test_it_refuses_a_second_decision_while_one_is_open_or_in_force(tree, personas):
    editor = fresh(personas["editor"])
    draft = build(tree)
    with pytest.raises(ValidationError) as refused:
        services.decision_create(agency=tree["commune"], year=2026, user=editor)
    assert refused.value.messages == [
        "UBND xã Phước An đã có quyết định năm 2026 đang soạn thảo; vui lòng tiếp tục hoàn thiện quyết định đó."
    ]
    issue(draft)
    with pytest.raises(ValidationError) as refused:
        services.decision_create(agency=tree["commune"], year=2026, user=editor)
    assert refused.value.messages == [
        (
            "UBND xã Phước An đã có quyết định ban hành cho năm 2026; muốn thay đổi, hãy mở quyết định đó và lập "
            "quyết định sửa đổi, bổ sung."
        )
    ]
    # Another year of the same agency is free; what the caller gives replaces the defaults.
    created = services.decision_create(agency=tree["commune"], year=2027, user=editor, summary="Về việc thử")
    assert (created.summary, created.created_by, created.status) == ("Về việc thử", editor, DecisionStatus.DRAFT)
    event = created.events.get()
    assert (event.action, event.from_status, event.to_status, event.user) == ("create", "", "draft", editor)
    assert Decision.objects.filter(agency=tree["commune"]).count() == 2


def test_it_cleans_list_fields_and_refuses_unknown_fields_on_create(tree):
    decision = services.decision_create(
        agency=tree["commune"], year=2026, user=SYSTEM, recipients="  Như Điều 3;\n\nLưu: VT.  "
    )
    assert decision.recipients == ["Như Điều 3;", "Lưu: VT."]
    assert decision.created_by is None  # the system is no user
    # name, short name, summary, symbol and year, without diacritics or case
    assert decision.search_key == (
        "uy ban nhan dan xa phuoc an ubnd xa phuoc an ve viec ban hanh muc tieu chat luong nam 2026 "
        "cua uy ban nhan dan xa phuoc an qd-ubnd 2026"
    )
    with pytest.raises(TypeError, match="^unexpected decision field 'colour'$"):
        services.decision_create(agency=tree["commune"], year=2027, user=SYSTEM, colour="đỏ")
    assert not Decision.objects.filter(year=2027).exists()


def test_it_updates_a_draft_only_from_its_current_version(tree, personas):
    draft = build(tree)
    version = draft.lock_version
    with pytest.raises(PermissionDenied):
        services.decision_update(decision=draft, user=fresh(personas["viewer"]), summary="Về việc khác")
    updated = services.decision_update(
        decision=draft, user=fresh(personas["editor"]), lock_version=version, summary="Về việc mục tiêu mới"
    )
    assert updated.lock_version == version + 1
    assert Decision.objects.get(pk=draft.pk).summary == "Về việc mục tiêu mới"
    assert updated.search_key == "uy ban nhan dan xa phuoc an ubnd xa phuoc an ve viec muc tieu moi qd-ubnd 2026"
    with pytest.raises(services.ConcurrentEditError):
        services.decision_update(decision=draft, user=SYSTEM, lock_version=version, summary="Về việc cũ")
    assert Decision.objects.get(pk=draft.pk).summary == "Về việc mục tiêu mới"
    services.decision_submit(decision=draft, user=SYSTEM)
    with pytest.raises(WorkflowError) as refused:
        services.decision_update(decision=draft, user=SYSTEM, summary="Về việc cũ")
    assert refused.value.code == "not-draft"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_it_attaches_a_scan_to_an_issued_decision_only(tree, personas, django_capture_on_commit_callbacks):
    decision = build(tree)
    with pytest.raises(WorkflowError) as refused:
        services.decision_attach_scan(decision=decision, user=SYSTEM, scan=SimpleUploadedFile("a.pdf", PDF))
    assert refused.value.code == "not-issued"
    assert refused.value.message == "Chỉ có thể đính kèm bản quét cho quyết định đã ban hành."
    issue(decision)
    with pytest.raises(PermissionDenied):
        services.decision_attach_scan(
            decision=decision, user=fresh(personas["editor"]), scan=SimpleUploadedFile("a.pdf", PDF)
        )
    with pytest.raises(ValidationError) as refused:
        services.decision_attach_scan(
            decision=decision, user=SYSTEM, scan=SimpleUploadedFile("a.pdf", b"%PDF 1.4 not quite")
        )
    assert refused.value.message_dict == {"scan": ["Bản quét phải là tệp PDF."]}
    leader = fresh(personas["leader"])
    rows_before = decision.history.count()
    with django_capture_on_commit_callbacks(execute=True) as first_callbacks:
        first = services.decision_attach_scan(decision=decision, user=leader, scan=SimpleUploadedFile("a.pdf", PDF))
    assert first_callbacks == []  # nothing to delete yet
    first_name = first.scan.name
    assert first.scan.storage.exists(first_name)
    assert first.history.latest().history_user == leader
    assert first.history.count() == rows_before + 1  # one row for the scan, not one per save
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = services.decision_attach_scan(
            decision=decision, user=SYSTEM, scan=SimpleUploadedFile("b.pdf", PDF + b"%2")
        )
    assert len(callbacks) == 1
    assert not second.scan.storage.exists(first_name)
    assert second.scan.storage.exists(second.scan.name)
    with second.scan.open("rb") as stored:
        assert stored.read() == PDF + b"%2"


# --- the workflow ---------------------------------------------------------------------------------------------


def events(decision) -> list[tuple]:
    return list(decision.events.order_by("id").values_list("action", "from_status", "to_status", "comment"))


def test_it_records_each_step_with_its_states_and_comment(tree, personas):
    draft = build(tree)
    before = draft.lock_version
    submitted = services.decision_submit(decision=draft, user=fresh(personas["editor"]), comment="Kính trình")
    assert (submitted.status, submitted.lock_version) == (DecisionStatus.SUBMITTED, before + 1)
    reviewed = services.decision_review(decision=submitted, user=fresh(personas["secretariat"]), comment="Đã xem")
    assert reviewed.status == DecisionStatus.SUBMITTED
    with pytest.raises(WorkflowError) as refused:
        services.decision_review(decision=submitted, user=SYSTEM)
    assert refused.value.code == "already-reviewed"
    assert refused.value.message == "Quyết định này đã được thẩm định."
    approved = services.decision_approve(decision=submitted, user=fresh(personas["leader"]), comment="Đồng ý")
    assert (approved.status, approved.lock_version) == (DecisionStatus.APPROVED, before + 2)
    returned = services.decision_return(decision=approved, user=fresh(personas["leader"]), comment="Sửa số liệu")
    assert (returned.status, returned.lock_version) == (DecisionStatus.DRAFT, before + 3)
    assert events(draft)[1:] == [
        ("submit", "draft", "submitted", "Kính trình"),
        ("review", "submitted", "submitted", "Đã xem"),
        ("approve", "submitted", "approved", "Đồng ý"),
        ("return", "approved", "draft", "Sửa số liệu"),
    ]
    assert [e.user for e in draft.events.order_by("id")][1:] == [
        personas["editor"],
        personas["secretariat"],
        personas["leader"],
        personas["leader"],
    ]


def test_it_refuses_steps_out_of_order_naming_the_state(tree):
    draft = build(tree)
    with pytest.raises(WorkflowError) as refused:
        services.decision_approve(decision=draft, user=SYSTEM)
    assert (refused.value.code, refused.value.message) == (
        "wrong-state",
        'Không thể thực hiện bước này khi quyết định đang ở trạng thái "Dự thảo".',
    )
    with pytest.raises(WorkflowError) as refused:
        services.decision_review(decision=draft, user=SYSTEM)
    assert (refused.value.code, refused.value.message) == (
        "not-submitted",
        "Chỉ có thể thẩm định quyết định đã trình thẩm định.",
    )
    with pytest.raises(WorkflowError) as refused:
        services.decision_return(decision=draft, user=SYSTEM, comment="Trả lại")
    assert refused.value.code == "wrong-state"
    with pytest.raises(WorkflowError) as refused:
        services.decision_issue(decision=draft, user=SYSTEM, number=3, issued_on=date(2026, 1, 9))
    assert (refused.value.code, refused.value.message) == (
        "not-approved",
        "Chỉ có thể ban hành quyết định đã được phê duyệt.",
    )
    submitted = services.decision_submit(decision=draft, user=SYSTEM)
    with pytest.raises(WorkflowError) as refused:
        services.decision_submit(decision=submitted, user=SYSTEM)
    assert (refused.value.code, refused.value.message) == (
        "wrong-state",
        'Không thể thực hiện bước này khi quyết định đang ở trạng thái "Chờ thẩm định".',
    )
    assert events(draft)[1:] == [("submit", "draft", "submitted", "")]
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.SUBMITTED


def test_it_refuses_to_submit_an_incomplete_draft_naming_the_problem(tree):
    draft = build(tree, objectives=0)
    with pytest.raises(WorkflowError) as refused:
        services.decision_submit(decision=draft, user=SYSTEM)
    assert (refused.value.code, refused.value.message) == (
        "incomplete",
        "Quyết định chưa đủ để trình: Quyết định chưa có mục tiêu nào.",
    )
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.DRAFT


@pytest.mark.parametrize("comment", ["", "   ", None])
def test_it_refuses_a_return_without_a_reason(tree, comment):
    submitted = services.decision_submit(decision=build(tree), user=SYSTEM)
    with pytest.raises(ValidationError) as refused:
        services.decision_return(decision=submitted, user=SYSTEM, comment=comment)
    assert refused.value.message_dict == {"comment": ["Vui lòng nêu lý do trả lại quyết định."]}
    assert Decision.objects.get(pk=submitted.pk).status == DecisionStatus.SUBMITTED


def approved(tree, **kwargs):
    decision = services.decision_submit(decision=build(tree, **kwargs), user=SYSTEM)
    return services.decision_approve(decision=decision, user=SYSTEM)


@pytest.mark.parametrize(
    ("number", "issued_on", "errors"),
    [
        (0, date(2026, 1, 9), {"number": ["Nhập số quyết định (từ 1 trở lên)."]}),
        (None, date(2026, 1, 9), {"number": ["Nhập số quyết định (từ 1 trở lên)."]}),
        ("-2", date(2026, 1, 9), {"number": ["Nhập số quyết định (từ 1 trở lên)."]}),
        (3, None, {"issued_on": ["Nhập ngày ban hành."]}),
        (3, date(2024, 12, 31), {"issued_on": ["Ngày ban hành phải thuộc năm 2026 hoặc cuối năm trước đó."]}),
        (3, date(2027, 1, 1), {"issued_on": ["Ngày ban hành phải thuộc năm 2026 hoặc cuối năm trước đó."]}),
    ],
)
def test_it_refuses_a_missing_number_or_a_date_outside_the_year(tree, number, issued_on, errors):
    decision = approved(tree)
    with pytest.raises(ValidationError) as refused:
        services.decision_issue(decision=decision, user=SYSTEM, number=number, issued_on=issued_on)
    assert refused.value.message_dict == errors
    decision = Decision.objects.get(pk=decision.pk)
    assert (decision.status, decision.number, decision.issued_on) == (DecisionStatus.APPROVED, None, None)


@pytest.mark.parametrize("issued_on", [date(2025, 1, 1), date(2025, 12, 20), date(2026, 12, 31)])
def test_it_issues_number_one_dated_in_the_year_or_the_year_before(tree, issued_on):
    decision = approved(tree)
    issued = services.decision_issue(decision=decision, user=SYSTEM, number="1", issued_on=issued_on)
    stored = Decision.objects.get(pk=decision.pk)
    assert (stored.status, stored.number, stored.issued_on) == (DecisionStatus.ISSUED, 1, issued_on)
    assert issued.lock_version == stored.lock_version == decision.lock_version + 1
    assert stored.search_key.endswith(" qd-ubnd 2026 1 01/qd-ubnd")
    assert events(stored)[-1] == ("issue", "approved", "issued", "")


def test_the_issue_event_records_who_issued(tree, personas):
    decision = approved(tree)
    leader = fresh(personas["leader"])
    services.decision_issue(decision=decision, user=leader, number=4, issued_on=date(2026, 1, 9))
    event = decision.events.order_by("id").last()
    assert (event.action, event.user) == ("issue", personas["leader"])


def test_it_names_the_number_taken_and_the_decision_in_force(tree):
    issue(build(tree), number=7)
    other = Decision.objects.create(
        agency=tree["commune"],
        year=2026,
        status=DecisionStatus.APPROVED,
        header_own="ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        symbol="QĐ-UBND",
        summary="Về việc khác",
        authority="CHỦ TỊCH",
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_issue(decision=other, user=SYSTEM, number=7, issued_on=date(2026, 2, 1))
    assert refused.value.message_dict == {
        "number": ["Số 07/QĐ-UBND đã được dùng cho một quyết định khác của cơ quan, đơn vị này."]
    }
    with pytest.raises(WorkflowError) as refused:
        services.decision_issue(decision=other, user=SYSTEM, number=8, issued_on=date(2026, 2, 1))
    assert (refused.value.code, refused.value.message) == (
        "other-in-force",
        (
            "Cơ quan, đơn vị này đã có một quyết định năm 2026 đang có hiệu lực; hãy ban hành quyết định này dưới "
            "dạng sửa đổi, bổ sung quyết định đó."
        ),
    )


def test_it_refuses_to_issue_a_decision_the_document_check_blocks_unless_recorded_as_issued(tree):
    decision = approved(tree)
    Decision.objects.filter(pk=decision.pk).update(signer_name="")  # the check wants the signer's name
    with pytest.raises(ValidationError) as refused:
        services.decision_issue(decision=decision, user=SYSTEM, number=4, issued_on=date(2026, 1, 9))
    assert "signer_name" in refused.value.message_dict
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED
    issued = services.decision_issue(
        decision=decision, user=SYSTEM, number=4, issued_on=date(2026, 1, 9), record_as_issued=True
    )
    assert issued.status == DecisionStatus.ISSUED


def test_it_supersedes_the_amended_decision_and_moves_the_links_to_the_amendment(tree, monkeypatch):
    calls = []
    monkeypatch.setattr(workflow, "TARGET_REMAP_HOOKS", [calls.append])
    original = issue(build(tree, objectives=1), number=5)
    unit = build(tree, agency="unit", objectives=1)
    old_target = Target.objects.get(objective__decision=original)
    old_objective = old_target.objective
    unit_target = Target.objects.get(objective__decision=unit)
    services.target_update(user=SYSTEM, target=unit_target, parent_target=old_target)
    services.objective_update(user=SYSTEM, objective=unit_target.objective, parent_objective=old_objective)
    assert calls == []  # issuing a first decision remaps nothing
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    new_target = Target.objects.get(objective__decision=amendment)
    version = Decision.objects.get(pk=original.pk).lock_version
    issue(amendment, number=6)
    original = Decision.objects.get(pk=original.pk)
    assert (original.status, original.lock_version) == (DecisionStatus.SUPERSEDED, version + 1)
    assert events(original)[-1] == ("supersede", "issued", "superseded", "")
    assert calls == [{old_target.pk: new_target.pk}]
    unit_target = Target.objects.get(pk=unit_target.pk)
    assert unit_target.parent_target_id == new_target.pk
    assert unit_target.objective.parent_objective_id == new_target.objective_id


def test_it_names_every_problem_of_an_incomplete_draft(tree):
    draft = build(tree, objectives=2, targets_each=0)
    with pytest.raises(WorkflowError) as refused:
        services.decision_submit(decision=draft, user=SYSTEM)
    assert refused.value.message == (
        "Quyết định chưa đủ để trình: "
        "Mục tiêu 1 (Mục tiêu số 0) chưa có chỉ tiêu đo được; hãy thêm chỉ tiêu, hoặc đánh dấu là mục tiêu định tính. "
        "Mục tiêu 2 (Mục tiêu số 1) chưa có chỉ tiêu đo được; hãy thêm chỉ tiêu, hoặc đánh dấu là mục tiêu định tính."
    )


def test_it_lets_only_the_step_s_role_take_it(tree, personas):
    draft = build(tree)
    with pytest.raises(PermissionDenied):
        services.decision_submit(decision=draft, user=fresh(personas["secretariat"]))
    submitted = services.decision_submit(decision=draft, user=SYSTEM)
    with pytest.raises(PermissionDenied):
        services.decision_approve(decision=submitted, user=fresh(personas["editor"]))
    assert Decision.objects.get(pk=draft.pk).status == DecisionStatus.SUBMITTED


def test_it_keys_a_bad_list_item_by_its_field(tree):
    with pytest.raises(ValidationError) as refused:
        services.decision_create(agency=tree["commune"], year=2026, user=SYSTEM, legal_bases=["<b>Căn cứ</b>"])
    assert refused.value.message_dict == {
        "legal_bases": ["Không được dùng thẻ HTML tại đây; vui lòng nhập văn bản thuần."]
    }


def test_it_allows_the_same_number_with_another_symbol(tree):
    issue(build(tree), number=7)
    other = Decision.objects.create(
        agency=tree["commune"],
        year=2026,
        status=DecisionStatus.APPROVED,
        header_own="ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        symbol="QĐ-CT",
        summary="Về việc khác",
        authority="CHỦ TỊCH",
    )
    assert not workflow._number_taken(other, 7)
    assert workflow._number_taken(Decision(agency=tree["commune"], year=2026, symbol="QĐ-UBND"), 7)
    assert not workflow._number_taken(Decision(agency=tree["commune"], year=2027, symbol="QĐ-UBND"), 7)
    assert not workflow._number_taken(Decision(agency=tree["unit"], year=2026, symbol="QĐ-UBND"), 7)
    assert not workflow._number_taken(Decision(agency=tree["commune"], year=2026, symbol="QĐ-UBND"), 8)


def test_it_does_not_count_a_decision_s_own_number_as_taken(tree):
    own = Decision.objects.create(
        agency=tree["commune"],
        year=2026,
        status=DecisionStatus.APPROVED,
        number=9,
        header_own="ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        symbol="QĐ-UBND",
        summary="Về việc khác",
        authority="CHỦ TỊCH",
    )
    assert not workflow._number_taken(own, 9)


def test_it_takes_a_unit_head_s_title_from_the_unit_s_name():
    unit = Agency(name="Phòng Kinh tế xã Phước An", kind=AgencyKind.UNIT, place="Phước An", symbol="PKT")
    defaults = services.decision_defaults(agency=unit, year=2027)
    assert (defaults["signer_title"], defaults["authority"], defaults["issuer"]) == (
        "TRƯỞNG PHÒNG",
        "TRƯỞNG PHÒNG KINH TẾ XÃ PHƯỚC AN",
        "Trưởng phòng Kinh tế xã Phước An",
    )


@pytest.mark.parametrize("store_at_issue", [True, False])
def test_issuing_queues_the_stored_renders_only_when_asked(
    tree, settings, monkeypatch, django_capture_on_commit_callbacks, store_at_issue
):
    """Print once: with PRINT_STORE_AT_ISSUE the issue queues the rendering of the decision's downloads after
    the commit; without it, nothing is queued (a download renders and stores them)."""
    import objectives.tasks

    queued = []
    monkeypatch.setattr(objectives.tasks, "enqueue_store_renders", queued.append)
    settings.PRINT_STORE_AT_ISSUE = store_at_issue
    decision = build(tree)
    with django_capture_on_commit_callbacks(execute=True):
        issue(decision)
    assert queued == ([decision.pk] if store_at_issue else [])


# --- amending and copying (objectives/services/amendments.py) ------------------------------------------------


def test_an_amendment_carries_over_every_objective_s_order_and_every_target_s_unit_name_and_scope(tree):
    original = services.decision_build(
        user=SYSTEM,
        agency=tree["commune"],
        year=2026,
        data={
            "objectives": [
                {"content": "Mục tiêu A", "targets": [{"comparator": ">=", "value": "97", "unit": "percent"}]},
                {
                    "content": "Mục tiêu B",
                    "targets": [
                        {
                            "comparator": ">=",
                            "value": "5",
                            "unit": "count",
                            "unit_label": "sáng kiến",
                            "scope": "cấp xã",
                            "measurement": "value",
                            "aggregation": "sum",
                        }
                    ],
                },
            ]
        },
    )
    services.objective_move(user=SYSTEM, objective=original.objectives.get(content="Mục tiêu B"), direction="up")
    issue(original)
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    # The objectives keep their numbers (a unit's choice of parent target reads "1. ...", "2. ...").
    assert list(amendment.objectives.values_list("content", "order")) == [("Mục tiêu B", 1), ("Mục tiêu A", 2)]
    assert list(
        Target.objects.filter(objective__decision=amendment)
        .order_by("objective__order")
        .values_list("objective__content", "unit_label", "scope")
    ) == [("Mục tiêu B", "sáng kiến", "cấp xã"), ("Mục tiêu A", "", "")]


def test_it_amends_only_the_decision_in_force_with_the_reason_s_code(tree):
    draft = build(tree)
    with pytest.raises(WorkflowError) as refused:
        services.decision_amend(user=SYSTEM, decision=draft)
    assert refused.value.code == "not-in-force"
    assert refused.value.messages == ["Chỉ có thể sửa đổi, bổ sung quyết định đã ban hành đang có hiệu lực."]
    assert Decision.objects.count() == 1


def test_it_refuses_to_copy_a_decision_into_itself_or_onto_objectives_already_there(tree):
    draft = build(tree, objectives=2)
    with pytest.raises(ValidationError) as refused:
        services.decision_copy_objectives(user=SYSTEM, source=draft, decision=draft)
    assert refused.value.messages == ["Không thể sao chép một quyết định vào chính nó."]
    last_year = issue(build(tree, year=2025, objectives=1))
    with pytest.raises(ValidationError) as refused:
        services.decision_copy_objectives(user=SYSTEM, source=last_year, decision=draft)
    assert refused.value.messages == [
        (
            "Dự thảo này đã có 2 mục tiêu. Sao chép sẽ thêm chúng lần nữa: hãy xác nhận thay thế nội dung hiện có, "
            "hoặc xóa các mục tiêu trước."
        )
    ]
    assert draft.objectives.count() == 2


def test_it_deletes_objectives_only_when_some_are_chosen_and_all_still_there(tree):
    draft = build(tree, objectives=2)
    first, second = draft.objectives.all()
    with pytest.raises(ValidationError) as refused:
        services.objectives_delete(user=SYSTEM, decision=draft, ids=[])
    assert refused.value.messages == ["Hãy chọn các mục tiêu cần xóa trước."]
    other = build(tree, year=2027, objectives=1).objectives.get()
    with pytest.raises(ValidationError) as refused:
        services.objectives_delete(user=SYSTEM, decision=draft, ids=[first.pk, other.pk])
    assert refused.value.messages == ["Một số mục tiêu đã chọn không còn trong quyết định này; hãy tải lại trang."]
    assert draft.objectives.count() == 2
    assert services.objectives_delete(user=SYSTEM, decision=draft, ids=[str(second.pk)]) == 1
    assert list(draft.objectives.values_list("content", flat=True)) == ["Mục tiêu số 0"]


def test_an_amendment_copies_the_measures_credits_its_author_and_is_the_only_one_open(tree, personas):
    original = build(tree, objectives=1)
    services.objective_update(
        user=SYSTEM,
        objective=original.objectives.get(),
        measures="Rà soát hằng tháng",
        timeframe="Quý II/2026",
        evaluation="Đối chiếu sổ theo dõi",
    )
    original = issue(original)
    editor = fresh(personas["editor"])
    amendment = services.decision_amend(decision=original, user=editor)
    assert list(amendment.objectives.values_list("measures", "timeframe", "evaluation")) == [
        ("Rà soát hằng tháng", "Quý II/2026", "Đối chiếu sổ theo dõi")
    ]
    assert Decision.objects.get(pk=amendment.pk).created_by == personas["editor"]
    event = amendment.events.get()
    assert (event.action, event.user) == ("amend", editor)
    with pytest.raises(WorkflowError) as refused:
        services.decision_amend(decision=original, user=editor)
    assert (refused.value.code, refused.value.message) == (
        "amendment-open",
        "Quyết định sửa đổi, bổ sung quyết định này đang được soạn thảo.",
    )
    assert Decision.objects.filter(amends=original).count() == 1
    with pytest.raises(ValidationError) as refused:
        services.decision_copy_objectives(user=SYSTEM, source=issue(build(tree, year=2025)), decision=amendment)
    assert refused.value.messages == [
        "Quyết định sửa đổi đã là bản sao của quyết định được sửa đổi; không cần sao chép."
    ]


def test_a_review_without_a_comment_records_an_empty_one(tree):
    submitted = services.decision_submit(decision=build(tree), user=SYSTEM)
    services.decision_review(decision=submitted, user=SYSTEM)
    assert events(submitted)[-1] == ("review", "submitted", "submitted", "")
