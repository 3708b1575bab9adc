"""The document check ("Kiểm tra thể thức"): one test per rule, each starting from a decision that passes."""

from datetime import date

import pytest

from agencies.permissions import SYSTEM
from objectives import services
from objectives.doccheck import check_document
from objectives.models import Decision, DecisionStatus

GOOD = {
    "signer_prefix": "KT.",
    "signer_authority": "CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Lê Văn Minh",
    "recipients": ["Như Điều 4;", "Sở Khoa học và Công nghệ;", "Lưu: VT, VP."],
    "objectives": [
        {"content": "Hồ sơ giải quyết đúng hạn.", "targets": [{"comparator": ">=", "value": "98", "unit": "percent"}]},
        {"content": "Xây dựng đội ngũ có trách nhiệm với Nhân dân.", "qualitative": True},
    ],
}


def build(tree, agency="commune", **changes) -> Decision:
    return services.decision_build(user=SYSTEM, agency=tree[agency], year=2026, data=GOOD | changes)


def codes(decision: Decision, **kwargs) -> dict[str, bool]:
    """{code: blocking} of every item found."""
    return {item.code: item.blocking for item in check_document(decision, **kwargs).items}


def test_a_complete_decision_passes_with_nothing_to_report(tree):
    check = check_document(build(tree))
    assert check.items == [] and check.passed


def test_a_missing_signer_name_blocks_and_names_the_field(tree):
    check = check_document(build(tree, signer_name=""))
    assert [(i.code, i.field, i.blocking) for i in check.items] == [("signer_name_missing", "signer_name", True)]
    assert not check.passed
    assert check.items[0].field_label == "họ tên người ký"


def test_a_missing_signer_title_blocks(tree):
    assert codes(build(tree, signer_prefix="", signer_authority="", signer_title="")) == {"signer_title_missing": True}


def test_a_deputy_without_kt_blocks(tree):
    found = check_document(build(tree, signer_prefix="", signer_authority="CHỦ TỊCH"))
    assert [(i.code, i.field, i.blocking) for i in found.items] == [("deputy_without_kt", "signer_prefix", True)]
    assert "KT. CHỦ TỊCH" in found.items[0].message


def test_kt_with_the_heads_own_title_is_a_warning(tree):
    assert codes(build(tree, signer_title="CHỦ TỊCH")) == {"kt_without_deputy": False}


@pytest.mark.parametrize("prefix", ["TM.", "KT.", "Q.", "TL.", "TUQ."])
def test_a_prefix_without_its_line_blocks(tree, prefix):
    title = "PHÓ CHỦ TỊCH" if prefix == "KT." else "CHỦ TỊCH"
    found = codes(build(tree, signer_prefix=prefix, signer_authority="", signer_title=title))
    assert found == {"prefix_without_authority": True}


def test_the_head_signing_in_person_under_the_wrong_title_is_a_warning(tree):
    # The unit's head is a Trưởng phòng (pre-filled from its kind); "CHÁNH VĂN PHÒNG" is someone else's title.
    decision = build(tree, agency="unit", signer_prefix="", signer_authority="", signer_title="CHÁNH VĂN PHÒNG")
    check = check_document(decision)
    assert [(i.code, i.field, i.blocking) for i in check.items] == [("head_title_differs", "signer_title", False)]
    assert "TRƯỞNG PHÒNG" in check.items[0].message and check.passed
    right = services.decision_update(user=SYSTEM, decision=decision, signer_title="TRƯỞNG PHÒNG")
    assert codes(right) == {}


def test_empty_recipients_block(tree):
    assert codes(build(tree, recipients=[])) == {"recipients_missing": True}


def test_recipients_without_the_records_copy_block(tree):
    assert codes(build(tree, recipients=["Như Điều 4;", "Sở Khoa học và Công nghệ."])) == {
        "recipients_without_storage": True
    }


def test_an_objective_without_a_target_blocks_unless_qualitative(tree):
    objectives = GOOD["objectives"] + [{"content": "Nâng cao chất lượng phục vụ."}]
    check = check_document(build(tree, objectives=objectives))
    assert [(i.code, i.blocking) for i in check.items] == [("objective_without_target", True)]
    assert "3" in check.items[0].message  # the third objective, numbered as printed


def test_a_stored_appendix_reference_must_state_the_number_and_date_given_at_issue(tree):
    stored = "(Kèm theo Quyết định số 720/QĐ-UBND ngày 26 tháng 02 năm 2024 của Chủ tịch Ủy ban nhân dân xã Phước An)"
    decision = build(tree, appendix_reference=stored)
    assert codes(decision) == {}  # nothing to compare with before a number and date are given
    assert codes(decision, number=420, issued_on=date(2024, 2, 26)) == {"appendix_number_differs": True}
    assert codes(decision, number=720, issued_on=date(2024, 2, 27)) == {"appendix_date_differs": True}
    assert codes(decision, number=720, issued_on=date(2024, 2, 26)) == {}


def test_a_decision_issued_with_faults_reports_them_as_warnings_kept_as_issued(tree):
    decision = build(tree, signer_name="")
    Decision.objects.filter(pk=decision.pk).update(status=DecisionStatus.ISSUED, number=5, issued_on=date(2026, 1, 9))
    check = check_document(Decision.objects.get(pk=decision.pk))
    assert check.as_issued and check.passed
    assert [(i.code, i.blocking) for i in check.items] == [("signer_name_missing", False)]


def test_it_needs_one_query_for_a_decision_loaded_with_its_agency(tree, django_assert_max_num_queries):
    decision = Decision.objects.select_related("agency", "amends").get(pk=build(tree).pk)
    with django_assert_max_num_queries(1):
        check_document(decision)


def _issue_ready(decision: Decision) -> Decision:
    services.decision_submit(user=SYSTEM, decision=decision)
    return services.decision_approve(user=SYSTEM, decision=decision)


def test_issuing_is_refused_while_a_blocking_item_remains_with_the_field_named(tree):
    from django.core.exceptions import ValidationError

    decision = _issue_ready(build(tree, signer_name=""))
    with pytest.raises(ValidationError) as refused:
        services.decision_issue(user=SYSTEM, decision=decision, number=15, issued_on=date(2026, 1, 9))
    assert list(refused.value.message_dict) == ["signer_name"]
    assert refused.value.message_dict["signer_name"][0].startswith("họ tên người ký: ")
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (DecisionStatus.APPROVED, None)


def test_the_issue_page_names_the_blocking_item_and_the_decision_page_lists_the_check(tree, client_for):
    decision = _issue_ready(build(tree, signer_name=""))
    leader = client_for("leader")
    page = leader.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-doccheck-item="signer_name_missing"' in page and "Kiểm tra thể thức" in page
    response = leader.post(f"/decisions/{decision.pk}/issue/", {"number": "15", "issued_on": "2026-01-09"}, follow=True)
    assert "Chưa có họ tên người ký" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.APPROVED


def test_an_amendment_must_cite_the_decision_it_amends(tree):
    original = _issue_ready(build(tree))
    services.decision_issue(user=SYSTEM, decision=original, number=15, issued_on=date(2026, 1, 9))
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    assert check_document(amendment).items == []  # the generated text cites it
    stripped = services.decision_update(
        user=SYSTEM, decision=amendment, legal_bases=amendment.legal_bases[:-1], articles=["Sửa đổi."]
    )
    found = check_document(stripped)
    assert [(i.code, i.field, i.blocking) for i in found.items] == [("amendment_without_citation", "legal_bases", True)]


def test_an_amendment_with_the_old_stored_reference_line_is_blocked(tree):
    original = _issue_ready(
        build(
            tree,
            appendix_reference="(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của "
            "Chủ tịch Ủy ban nhân dân xã Phước An)",
        )
    )
    services.decision_issue(user=SYSTEM, decision=original, number=15, issued_on=date(2026, 1, 9))
    amendment = services.decision_amend(user=SYSTEM, decision=original)
    assert amendment.appendix_reference == ""
    pasted = services.decision_update(user=SYSTEM, decision=amendment, appendix_reference=original.appendix_reference)
    assert codes(pasted) == {"appendix_cites_amended": True}


def test_the_editor_marks_an_objective_qualitative_and_the_check_stops_asking_for_a_target(tree, client_for):
    from django.urls import reverse

    decision = build(tree, objectives=GOOD["objectives"][:1])
    url = reverse("objectives:objective-new", args=[decision.pk])
    client_for("editor").post(
        url, {"content": "Nâng cao tinh thần phục vụ.", "qualitative": "on"}, HTTP_HX_REQUEST="true"
    )
    client_for("editor").post(url, {"content": "Giảm hồ sơ trễ hạn."}, HTTP_HX_REQUEST="true")
    assert list(decision.objectives.order_by("order").values_list("qualitative", flat=True)) == [False, True, False]
    found = check_document(decision)
    assert [i.code for i in found.items] == ["objective_without_target"] and "3" in found.items[0].message


def _confirm_of(html: str, marker: str) -> str:
    """The data-confirm text of the element whose opening tag contains `marker`, as the browser reads it."""
    import html as html_lib
    import re

    tag = next(t for t in re.findall(r"<(?:form|button)[^>]*>", html) if marker in t)
    return html_lib.unescape(re.search(r'data-confirm="([^"]*)"', tag).group(1))


def test_the_issue_and_approve_dialogs_list_blocking_items_and_warnings(tree, client_for):
    blocked = _issue_ready(build(tree, signer_name=""))
    text = _confirm_of(client_for("leader").get(f"/decisions/{blocked.pk}/").content.decode(), 'id="issue-form"')
    question, check = text.split("\n\n")
    assert question == "Ban hành quyết định với số và ngày này? Sau khi ban hành, quyết định không thể thay đổi."
    lines = check.split("\n")
    assert lines[0] == "Kiểm tra thể thức: 1 điểm phải sửa, 0 cảnh báo."
    assert lines[1].startswith("• [phải sửa] ") and "Chưa có họ tên người ký" in lines[1]

    # The unit's own head is a Trưởng phòng: a block signed "CHỦ TỊCH" is a warning, shown but allowed.
    warned = build(tree, agency="unit")
    services.decision_submit(user=SYSTEM, decision=warned)
    services.decision_review(user=SYSTEM, decision=warned)
    text = _confirm_of(client_for("leader").get(f"/decisions/{warned.pk}/").content.decode(), 'data-step="approve"')
    question, check = text.split("\n\n")
    assert question == "Phê duyệt quyết định này?"
    assert check.split("\n")[0] == "Kiểm tra thể thức: 0 điểm phải sửa, 1 cảnh báo."
    assert check.split("\n")[1].startswith("• [lưu ý] dòng thẩm quyền ký: ")
