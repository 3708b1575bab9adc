"""The report services' own rules, pinned with values written by hand (they kill the mutants of
reports/services/lines.py, reporting.py and uploads.py; see docs/testing.md)."""

import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from conftest import fresh
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from objectives import services as objective_services
from objectives.models import Target
from qms_portal.refusals import WorkflowError
from reports import services
from reports.actions.models import CorrectiveAction
from reports.models import DueDateOverride, Report, ReportLine
from reports.services import LineInput, StaleReportError, compute_line, reporting
from reports.services.lines import earlier_sums, number_errors
from reports.services.uploads import ALLOWED_UPLOADS, MAX_FILES_PER_REPORT, check_files, check_upload

D = Decimal


def target(**fields) -> Target:
    """An unsaved target: the line rules only read its fields."""
    base = {"comparator": ">=", "value": D(98), "unit": "percent", "measurement": "ratio"}
    return Target(**(base | fields))


COUNT = {"unit": "count", "measurement": "value", "aggregation": "sum", "frequency": "quarterly"}


def test_it_starts_a_line_empty():
    assert LineInput() == LineInput(None, None, None, None, None, "", "", "")


@pytest.mark.parametrize(
    ("spec", "line", "period", "ytd_before", "expected"),
    [
        # a rate: 49 of 50 is 98%, met; 48 of 50 is 96%, not met; nothing typed, nothing to say
        ({}, LineInput(numerator=D(49), denominator=D(50)), "Q2", None, (D(98), True)),
        ({}, LineInput(numerator=D(48), denominator=D(50)), "Q2", D(7), (D(96), False)),
        ({}, LineInput(), "Q2", None, (None, None)),
        # a count summed over the year is judged on the year to date: 2 before and 1 now make 3 of 3
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", D(2), (D(1), True)),
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", None, (D(1), False)),
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q4", D(1), (D(1), False)),
        # ... and before the last period, a count still short of the target is in progress, not missed
        (COUNT | {"value": D(3)}, LineInput(value=D(1)), "Q2", D(0), (D(1), None)),
        # "at most 3" read as the last value: the period's value alone (3), not 2 + 3
        (
            COUNT | {"comparator": "<=", "value": D(3), "aggregation": "last"},
            LineInput(value=D(3)),
            "Q4",
            D(2),
            (D(3), True),
        ),
        # "reduce by 10%" against last year's 10: 9 is a reduction of 10%; the earlier sums do not count
        (
            COUNT | {"comparator": "reduce_by", "value": D(10), "unit": "percent"},
            LineInput(value=D(9), previous_value=D(10)),
            "Q4",
            D(5),
            (D(9), True),
        ),
        # done / not done: nothing stored as the result, the answer judged
        (
            {"comparator": "done", "value": None, "unit": "text", "measurement": "yes_no", "aggregation": "last"},
            LineInput(done=False),
            "Q4",
            None,
            (None, False),
        ),
        (
            {"comparator": "done", "value": None, "unit": "text", "measurement": "yes_no", "aggregation": "last"},
            LineInput(done=True),
            "Q4",
            None,
            (None, True),
        ),
    ],
)
def test_it_computes_and_judges_one_line(spec, line, period, ytd_before, expected):
    assert compute_line(target(**spec), line, period, ytd_before) == expected


def test_it_judges_a_summed_rate_on_the_period_itself():
    # A rate with "sum" over the year is no count: the earlier sum is not added to its percentage.
    rate = target(aggregation="sum", comparator="<=", value=D(50))
    assert compute_line(rate, LineInput(numerator=D(1), denominator=D(2)), "Q4", D(40)) == (D(50), True)


NEGATIVE = "Số liệu không được âm."


@pytest.mark.parametrize(
    ("spec", "line", "submit", "errors"),
    [
        ({}, LineInput(numerator=D(-1), denominator=D(2)), False, {"t5-numerator": NEGATIVE}),
        ({}, LineInput(numerator=D(0), denominator=D(0)), False, {}),
        ({}, LineInput(numerator=D(2), denominator=D(2)), True, {}),
        (
            {},
            LineInput(numerator=D(-3), denominator=D(-4)),
            False,
            {"t5-numerator": NEGATIVE, "t5-denominator": NEGATIVE},
        ),
        (
            {},
            LineInput(numerator=D("3.5"), denominator=D(2)),
            False,
            {"t5-numerator": "Tử số (3,5) không được lớn hơn mẫu số (2)."},
        ),
        (
            {},
            LineInput(numerator=D(1), denominator=D(0)),
            False,
            {
                "t5-numerator": "Tử số (1) không được lớn hơn mẫu số (0).",
                "t5-denominator": "Mẫu số không được bằng 0 khi tử số khác 0.",
            },
        ),
        (
            {},
            LineInput(numerator=D(5)),
            True,
            {"t5-denominator": "Nhập mẫu số (ví dụ: tổng số hồ sơ đã giải quyết)."},
        ),
        (
            {},
            LineInput(denominator=D(5)),
            True,
            {"t5-numerator": "Nhập tử số (ví dụ: số hồ sơ giải quyết đúng hạn)."},
        ),
        ({}, LineInput(), False, {}),
        # a percentage typed as a value: 100 is the most; a count has no such limit
        (
            {"measurement": "value"},
            LineInput(value=D("100.1")),
            False,
            {"t5-value": "Tỷ lệ phần trăm không được lớn hơn 100."},
        ),
        ({"measurement": "value"}, LineInput(value=D(100)), True, {}),
        (COUNT, LineInput(value=D(250)), True, {}),
        ({"measurement": "value"}, LineInput(), True, {"t5-value": "Nhập kết quả."}),
        ({"measurement": "value"}, LineInput(value=D(-1)), False, {"t5-value": NEGATIVE}),
        # "reduce by X%" is reported as the count itself (e.g. 120 errors), and needs last year's figure
        (
            {"measurement": "value", "comparator": "reduce_by", "value": D(10)},
            LineInput(value=D(120)),
            True,
            {"t5-previous_value": "Nhập giá trị cùng kỳ năm trước để so sánh."},
        ),
        ({"measurement": "value", "comparator": "reduce_by", "value": D(10)}, LineInput(value=D(120)), False, {}),
        (
            {"measurement": "value", "comparator": "reduce_by", "value": D(10)},
            LineInput(value=D(120), previous_value=D(-130)),
            True,
            {"t5-previous_value": NEGATIVE},
        ),
        (
            {"comparator": "done", "value": None, "measurement": "yes_no"},
            LineInput(),
            True,
            {"t5-done": "Chọn hoàn thành hoặc không hoàn thành."},
        ),
        ({"comparator": "done", "value": None, "measurement": "yes_no"}, LineInput(), False, {}),
        ({"comparator": "done", "value": None, "measurement": "yes_no"}, LineInput(done=False), True, {}),
    ],
)
def test_it_names_each_wrong_number_on_its_field(spec, line, submit, errors):
    assert number_errors(target(**spec), line, "t5", submit) == errors


# --- saving, submitting and reviewing a report (database) -----------------------------------------------------

TODAY = date(2026, 11, 22)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def targets(tree):
    return commune_and_unit(tree["commune"], tree["unit"])


def save(tree, targets, *, period="Q3", user=SYSTEM, today=TODAY, **kwargs):
    kwargs.setdefault(
        "lines",
        {
            targets["Đúng hạn PKT"].pk: LineInput(numerator=D(99), denominator=D(100)),
            targets["Sáng kiến PKT"].pk: LineInput(value=D(2)),
            targets["Văn bản điện tử"].pk: LineInput(numerator=D(10), denominator=D(10)),
        },
    )
    return services.report_save(agency=tree["unit"], year=2026, period=period, user=user, today=today, **kwargs)


def report_events(report) -> list[tuple]:
    return list(report.events.order_by("id").values_list("action", "comment"))


def test_it_refuses_an_unknown_or_future_period_and_unknown_targets(tree, targets):
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, period="Q5")
    assert refused.value.messages == ["Kỳ báo cáo không hợp lệ."]
    with pytest.raises(WorkflowError) as refused:
        save(tree, targets, period="Q4", today=date(2026, 9, 30))
    assert (refused.value.code, refused.value.message) == (
        "not-started",
        "Kỳ báo cáo này chưa bắt đầu; có thể báo cáo từ ngày 01/10/2026.",
    )
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, lines={targets["Đúng hạn"].pk: LineInput(value=D(1))})
    assert refused.value.messages == ["Biểu mẫu có chỉ tiêu không thuộc báo cáo này; vui lòng tải lại trang."]
    with pytest.raises(ValidationError) as refused:
        services.report_save(agency=tree["other_commune"], year=2026, period="Q3", user=SYSTEM, lines={}, today=TODAY)
    assert refused.value.messages == ["Ủy ban nhân dân xã Giồng Riềng không có chỉ tiêu nào cần báo cáo trong kỳ này."]
    assert not Report.objects.exists()
    # From its first day, a period can be reported.
    assert save(tree, targets, period="Q4", today=date(2026, 10, 1)).period == "Q4"


def test_it_saves_then_submits_with_events_versions_and_only_the_fields_each_target_measures(tree, targets, personas):
    head = fresh(personas["unit_head"])
    lines = {
        # a rate given a value and an answer too: only numerator and denominator are kept
        targets["Đúng hạn PKT"].pk: LineInput(
            numerator=D(99), denominator=D(100), value=D(5), done=True, previous_value=D(3), evidence="Sổ theo dõi"
        ),
        # a count given a numerator: only the value is kept
        targets["Sáng kiến PKT"].pk: LineInput(numerator=D(1), denominator=D(1), value=D(2), done=False),
    }
    report = save(tree, targets, user=head, lines=lines, note="Ghi chú")
    assert (report.status, report.lock_version, report.note, report.submitted_by) == ("draft", 1, "Ghi chú", None)
    assert report_events(report) == [("create", ""), ("save", "")]
    stored = {line.target_id: line for line in report.lines.all()}
    rate, count = stored[targets["Đúng hạn PKT"].pk], stored[targets["Sáng kiến PKT"].pk]
    assert (rate.numerator, rate.denominator, rate.value, rate.done, rate.previous_value) == (
        D(99),
        D(100),
        None,
        None,
        None,
    )
    assert (rate.evidence, rate.result, rate.met) == ("Sổ theo dõi", D(99), True)
    assert (count.numerator, count.denominator, count.value, count.done) == (None, None, D(2), None)
    assert (count.result, count.met) == (D(2), True)
    # the third target, not typed, is kept as an empty line
    empty = stored[targets["Văn bản điện tử"].pk]
    assert (empty.numerator, empty.result, empty.met) == (None, None, None)
    assert report.history.latest().history_user == head

    with pytest.raises(StaleReportError):
        save(tree, targets, user=head, lines=lines, lock_version=0)
    submitted = save(
        tree,
        targets,
        user=head,
        lock_version=1,
        submit=True,
        lines=lines | {targets["Văn bản điện tử"].pk: LineInput(numerator=D(10), denominator=D(10))},
    )
    assert (submitted.status, submitted.lock_version, submitted.submitted_by) == ("submitted", 2, head)
    assert submitted.submitted_at is not None
    assert report_events(submitted)[2:] == [("submit", "")]
    assert [e.user for e in submitted.events.order_by("id")] == [head, head, head]


def test_it_refuses_a_new_report_from_a_stale_form(tree, targets):
    with pytest.raises(StaleReportError) as refused:
        save(tree, targets, lock_version=3)
    assert refused.value.report is None
    assert str(refused.value) == refused.value.message
    assert refused.value.message == (
        "Người dùng khác đã thay đổi báo cáo này sau khi trang được mở. Các thay đổi vừa nhập chưa được lưu; "
        "vui lòng tải lại trang rồi nhập lại."
    )
    assert save(tree, targets, lock_version=0).lock_version == 1


def test_it_names_who_changed_the_report_and_when(tree, targets, personas):
    head = fresh(personas["unit_head"])
    save(tree, targets)  # started by the system: the latest change is what counts
    report = save(tree, targets, user=head)
    with pytest.raises(StaleReportError) as refused:
        save(tree, targets, lock_version=7)
    assert (refused.value.report.pk, refused.value.report.lock_version) == (report.pk, 2)  # the current one
    when = timezone.localtime(Report.objects.get(pk=report.pk).updated_at).strftime("%H:%M %d/%m/%Y")
    assert refused.value.message == (
        f"Người unit_head đã thay đổi báo cáo này lúc {when}, sau khi trang được mở. Các thay đổi vừa nhập chưa "
        "được lưu; vui lòng sao chép nội dung đã nhập, tải lại trang rồi nhập lại."
    )


def test_it_asks_for_the_cause_and_the_action_of_a_missed_target_on_submit(tree, targets):
    missed = {targets["Đúng hạn PKT"].pk: LineInput(numerator=D(90), denominator=D(100))}
    assert save(tree, targets, lines=missed).lines.get(target=targets["Đúng hạn PKT"]).met is False
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, lines=missed, submit=True)
    pk = targets["Đúng hạn PKT"].pk
    assert {k: v for k, v in refused.value.message_dict.items() if k.startswith(f"t{pk}-")} == {
        f"t{pk}-cause": ["Chỉ tiêu không đạt: vui lòng nêu nguyên nhân."],
        f"t{pk}-action": ["Chỉ tiêu không đạt: vui lòng nêu biện pháp khắc phục."],
    }
    with pytest.raises(ValidationError) as refused:
        save(
            tree, targets, lines={pk: LineInput(numerator=D(90), denominator=D(100), cause="Thiếu người")}, submit=True
        )
    assert f"t{pk}-cause" not in refused.value.message_dict
    assert refused.value.message_dict[f"t{pk}-action"] == ["Chỉ tiêu không đạt: vui lòng nêu biện pháp khắc phục."]
    assert Report.objects.get().status == "draft"


def test_it_judges_a_count_on_the_sum_of_the_earlier_periods(tree, targets):
    # "Sáng kiến PKT" >= 1 a year, quarterly: 0 in Q1 and Q2 is in progress; Q1 1 then Q4 0 is met at Q4.
    count = targets["Sáng kiến PKT"].pk
    services.report_save(
        agency=tree["unit"], year=2026, period="Q1", user=SYSTEM, today=TODAY, lines={count: LineInput(value=D(1))}
    )
    q2 = services.report_save(
        agency=tree["unit"], year=2026, period="Q2", user=SYSTEM, today=TODAY, lines={count: LineInput(value=D(0))}
    )
    assert (q2.lines.get(target_id=count).result, q2.lines.get(target_id=count).met) == (D(0), True)
    q4 = services.report_save(
        agency=tree["unit"], year=2026, period="Q4", user=SYSTEM, today=TODAY, lines={count: LineInput(value=D(0))}
    )
    assert q4.lines.get(target_id=count).met is True
    assert earlier_sums(tree["unit"], 2026, "Q4", {count: targets["Sáng kiến PKT"]}) == {count: D(1)}
    assert earlier_sums(tree["unit"], 2026, "Q1", {count: targets["Sáng kiến PKT"]}) == {count: D(0)}
    rate = targets["Đúng hạn PKT"]
    assert earlier_sums(tree["unit"], 2026, "Q4", {rate.pk: rate}) == {}


def submitted_report(tree, targets, **kwargs):
    return save(tree, targets, submit=True, **kwargs)


def test_it_accepts_returns_and_reopens_with_the_reviewer_and_the_comment(tree, targets, personas):
    secretariat = fresh(personas["secretariat"])
    report = submitted_report(tree, targets)
    returned = services.report_return(report=report, user=secretariat, comment="  Bổ sung minh chứng\r\nquý 3  ")
    assert (returned.status, returned.review_comment, returned.reviewed_by) == (
        "returned",
        "Bổ sung minh chứng\nquý 3",
        secretariat,
    )
    assert returned.reviewed_at is not None and returned.lock_version == 2  # created and submitted at 1
    report = save(tree, targets, submit=True)
    with pytest.raises(StaleReportError):
        services.report_accept(report=report, user=secretariat, lock_version=2)  # now 3
    accepted = services.report_accept(report=report, user=secretariat, lock_version=3, comment="Đạt")
    assert (accepted.status, accepted.review_comment, accepted.lock_version) == ("accepted", "Đạt", 4)
    with pytest.raises(WorkflowError) as refused:
        services.report_accept(report=accepted, user=secretariat)
    assert (refused.value.code, refused.value.message) == ("not-submitted", "Chỉ có thể chấp nhận báo cáo đã nộp.")
    with pytest.raises(WorkflowError) as refused:
        services.report_return(report=accepted, user=secretariat, comment="Sửa")
    assert (refused.value.code, refused.value.message) == (
        "not-submitted",
        "Chỉ có thể trả lại báo cáo đã nộp; đối với báo cáo đã được chấp nhận, vui lòng mở lại báo cáo.",
    )
    reopened = services.report_reopen(report=accepted, user=secretariat, reason="Sai số liệu")
    assert (reopened.status, reopened.review_comment, reopened.reviewed_by, reopened.lock_version) == (
        "returned",
        "Sai số liệu",
        secretariat,
        5,
    )
    with pytest.raises(WorkflowError) as refused:
        services.report_reopen(report=reopened, user=secretariat, reason="Lần nữa")
    assert (refused.value.code, refused.value.message) == (
        "not-accepted",
        "Chỉ có thể mở lại báo cáo đã được chấp nhận.",
    )
    assert report_events(reopened) == [
        ("create", ""),
        ("submit", ""),
        ("return", "Bổ sung minh chứng\nquý 3"),
        ("submit", ""),
        ("accept", "Đạt"),
        ("reopen", "Sai số liệu"),
    ]
    assert reopened.events.order_by("id").last().user == secretariat


def test_it_asks_for_a_plain_comment_of_at_most_3000_characters(tree, targets):
    report = submitted_report(tree, targets)
    for comment, message in [
        ("   ", "Vui lòng nhập ý kiến; Trưởng đơn vị sẽ xem ý kiến này."),
        ("<b>Sửa</b>", "Không được dùng thẻ HTML tại đây; vui lòng nhập văn bản thuần."),
        ("a" * 3001, "Vui lòng nhập tối đa 3.000 ký tự."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.report_return(report=report, user=SYSTEM, comment=comment)
        assert refused.value.message_dict == {"comment": [message]}
    with pytest.raises(ValidationError) as refused:
        services.report_accept(report=report, user=SYSTEM, comment="<i>x</i>")
    assert refused.value.message_dict == {"comment": ["Không được dùng thẻ HTML tại đây; vui lòng nhập văn bản thuần."]}
    assert Report.objects.get(pk=report.pk).status == "submitted"
    assert services.report_return(report=report, user=SYSTEM, comment="a" * 3000).review_comment == "a" * 3000


def test_it_asks_for_the_reason_of_a_reopening(tree, targets):
    report = services.report_accept(report=submitted_report(tree, targets), user=SYSTEM)
    for reason, message in [
        ("", "Vui lòng nêu lý do mở lại báo cáo; lý do này sẽ được lưu lại."),
        ("  ", "Vui lòng nhập ý kiến; Trưởng đơn vị sẽ xem ý kiến này."),
        ("<p>x</p>", "Không được dùng thẻ HTML tại đây; vui lòng nhập văn bản thuần."),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.report_reopen(report=report, user=SYSTEM, reason=reason)
        assert refused.value.message_dict == {"reason": [message]}
    assert Report.objects.get(pk=report.pk).status == "accepted"


def test_it_refuses_a_review_step_to_the_unit_head(tree, targets, personas):
    report = submitted_report(tree, targets)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, user=fresh(personas["unit_head"]))
    with pytest.raises(PermissionDenied):
        services.report_return(report=report, user=fresh(personas["unit_head"]), comment="Sửa")
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_it_submits_a_saved_draft_as_it_stands(tree, targets, personas):
    draft = save(tree, targets)
    with pytest.raises(StaleReportError):
        services.report_submit(report=draft, user=SYSTEM, lock_version=0, today=TODAY)
    submitted = services.report_submit(report=draft, user=fresh(personas["unit_head"]), today=TODAY)
    assert (submitted.status, submitted.lock_version, submitted.note) == ("submitted", 2, "")
    assert submitted.lines.get(target=targets["Sáng kiến PKT"]).value == D(2)


# --- due dates ------------------------------------------------------------------------------------------------


def test_it_sets_a_due_date_within_bounds_and_clears_it(tree, personas):
    manager = SYSTEM
    with pytest.raises(ValidationError) as refused:
        services.due_date_set(agency=tree["commune"], year=2026, period="Q9", due_on=date(2026, 10, 5), user=manager)
    assert refused.value.messages == ["Kỳ báo cáo không hợp lệ."]
    out_of_bounds = {
        "due_on": ["Hạn nộp phải sau ngày bắt đầu kỳ báo cáo và không quá một năm kể từ ngày kết thúc kỳ."]
    }
    # Q3 runs 1/7 to 30/9: the due date may be from 1/7/2026 to 1/10/2027 (366 days after the end).
    for due_on in (date(2026, 6, 30), date(2027, 10, 2)):
        with pytest.raises(ValidationError) as refused:
            services.due_date_set(agency=tree["commune"], year=2026, period="Q3", due_on=due_on, user=manager)
        assert refused.value.message_dict == out_of_bounds
    for due_on in (date(2026, 7, 1), date(2027, 10, 1), date(2026, 10, 5)):
        override = services.due_date_set(agency=tree["commune"], year=2026, period="Q3", due_on=due_on, user=manager)
        assert (override.due_on, DueDateOverride.objects.get().due_on) == (due_on, due_on)
    assert DueDateOverride.objects.count() == 1
    # The default (10/10) below a parent is kept: it overrides the parent's own date.
    assert services.due_date_set(
        agency=tree["commune"], year=2026, period="Q3", due_on=date(2026, 10, 10), user=manager
    ).due_on == date(2026, 10, 10)
    assert services.due_date_set(agency=tree["commune"], year=2026, period="Q3", due_on=None, user=manager) is None
    assert not DueDateOverride.objects.exists()
    # At the root, the default date is no override.
    services.due_date_set(agency=tree["province"], year=2026, period="Q3", due_on=date(2026, 10, 20), user=manager)
    assert (
        services.due_date_set(agency=tree["province"], year=2026, period="Q3", due_on=date(2026, 10, 10), user=manager)
        is None
    )
    assert not DueDateOverride.objects.exists()
    with pytest.raises(PermissionDenied):
        services.due_date_set(
            agency=tree["commune"], year=2026, period="Q3", due_on=date(2026, 10, 5), user=fresh(personas["editor"])
        )


# --- evidence files -------------------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def test_it_checks_an_upload_by_its_content(settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1048576
    assert check_upload(SimpleUploadedFile("báo cáo.pdf", PDF)) == "application/pdf"
    png = SimpleUploadedFile("ảnh.bin", PNG)
    assert check_upload(png) == "image/png"
    assert png.read() == PNG  # read again from its start
    exact = SimpleUploadedFile("lớn.pdf", PDF + b"0" * (2 * 1048576 - len(PDF)))
    assert check_upload(exact) == "application/pdf"
    for upload, message in [
        (
            SimpleUploadedFile("thư mục/quá lớn.pdf", PDF + b"0" * (2 * 1048576 - len(PDF) + 1)),
            "Tệp “quá lớn.pdf” quá lớn (2,0 MB); mỗi tệp chỉ được tối đa 2 MB.",
        ),
        (SimpleUploadedFile("rỗng.pdf", b""), "Tệp “rỗng.pdf” không có nội dung."),
        (
            SimpleUploadedFile("a.pdf", b"just some text"),
            (
                "Tệp “a.pdf” không phải tệp PDF, hình ảnh hoặc tài liệu Office (hệ thống đã kiểm tra nội dung tệp, "
                "không dựa vào tên tệp)."
            ),
        ),
        (
            SimpleUploadedFile("trang.pdf", PDF + b"<script>alert(1)</script>"),
            "“trang.pdf” chứa mã trang web (HTML) nên bị từ chối. Hãy tải lên chính tài liệu, ví dụ dưới dạng PDF.",
        ),
    ]:
        with pytest.raises(ValidationError) as refused:
            check_upload(upload)
        assert refused.value.messages == [message]
    settings.UPLOAD_MAX_BYTES = 3 * 1048576 + 1
    big = SimpleUploadedFile("to.pdf", PDF + b"0" * (3 * 1048576 + 2 - len(PDF)))
    with pytest.raises(ValidationError) as refused:
        check_upload(big)
    assert refused.value.messages == ["Tệp “to.pdf” quá lớn (3,0 MB); mỗi tệp chỉ được tối đa 3 MB."]


def test_it_keeps_the_good_files_and_the_first_refusal():
    errors: dict[str, str] = {}
    good = SimpleUploadedFile("a.pdf", PDF)
    checked = check_files([SimpleUploadedFile("x.pdf", b""), good, SimpleUploadedFile("y.pdf", b"")], errors)
    assert checked == [(good, "application/pdf")]
    assert errors == {"files": "Tệp “x.pdf” không có nội dung."}


def test_it_stores_evidence_files_and_removes_them_after_commit(tree, targets, personas, monkeypatch):
    head = fresh(personas["unit_head"])
    report = save(tree, targets, user=head, files=[SimpleUploadedFile("Biên bản\u0301.pdf", PDF)])
    evidence = report.evidence_files.get()
    assert (evidence.original_name, evidence.content_type, evidence.size, evidence.uploaded_by) == (
        unicodedata.normalize("NFC", "Biên bản\u0301.pdf"),
        "application/pdf",
        len(PDF),
        head,
    )
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF
    monkeypatch.setattr(reporting, "MAX_FILES_PER_REPORT", 2)
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, files=[SimpleUploadedFile("b.pdf", PDF), SimpleUploadedFile("c.pdf", PDF)])
    assert refused.value.message_dict == {"files": ["Mỗi báo cáo chỉ được đính kèm tối đa 2 tệp."]}
    # removing one makes room for two: 1 - 1 + 2 = 2
    name = evidence.file.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = save(
            tree,
            targets,
            files=[SimpleUploadedFile("b.pdf", PDF), SimpleUploadedFile("c.pdf", PDF)],
            remove_files=[evidence.pk],
        )
    assert sorted(report.evidence_files.values_list("original_name", flat=True)) == ["b.pdf", "c.pdf"]
    assert not evidence.file.storage.exists(name)


def test_it_says_someone_else_changed_the_report_when_the_system_did(tree, targets):
    save(tree, targets)
    with pytest.raises(StaleReportError) as refused:
        save(tree, targets, lock_version=9)
    assert refused.value.message.startswith("người dùng khác đã thay đổi báo cáo này lúc ")


def test_it_submits_with_the_day_it_is_given(tree, targets):
    draft = save(tree, targets, period="Q4", today=date(2026, 10, 1), note="Đã rà soát")
    with pytest.raises(WorkflowError) as refused:
        services.report_submit(report=draft, user=SYSTEM, today=date(2026, 9, 30))
    assert refused.value.code == "not-started"
    submitted = services.report_submit(report=draft, user=SYSTEM, today=date(2026, 10, 1))
    assert (submitted.status, submitted.note) == ("submitted", "Đã rà soát")


def test_it_moves_report_lines_to_the_amended_targets_and_judges_them_again(tree, targets):
    # The unit reported 99 of 100 on time against ">= 98%"; its amendment asks ">= 99.5%".
    save(tree, targets)
    old = targets["Đúng hạn PKT"]
    unit_decision = old.objective.decision
    amendment = objective_services.decision_amend(user=SYSTEM, decision=unit_decision)
    new = Target.objects.get(objective__decision=amendment, copied_from=old)
    objective_services.target_update(user=SYSTEM, target=new, value=D("99.5"))
    objective_services.decision_submit(user=SYSTEM, decision=amendment)
    objective_services.decision_approve(user=SYSTEM, decision=amendment)
    objective_services.decision_issue(user=SYSTEM, decision=amendment, number=21, issued_on=date(2026, 6, 1))
    line = ReportLine.objects.get(target=new)
    assert (line.numerator, line.denominator, line.result, line.met) == (D(99), D(100), D(99), False)
    assert not ReportLine.objects.filter(target=old).exists()
    count = ReportLine.objects.get(target__objective__decision=amendment, target__label="Sáng kiến PKT")
    assert (count.value, count.met) == (D(2), True)
    # nothing left to move: nothing changes
    reporting.remap_targets({old.pk: new.pk})
    assert ReportLine.objects.get(target=new).met is False


def test_it_holds_twenty_files_and_no_more(tree, targets):
    assert MAX_FILES_PER_REPORT == 20
    report = save(tree, targets, files=[SimpleUploadedFile(f"{i}.pdf", PDF) for i in range(20)])
    assert report.evidence_files.count() == 20
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, files=[SimpleUploadedFile("21.pdf", PDF)])
    assert refused.value.message_dict == {"files": ["Mỗi báo cáo chỉ được đính kèm tối đa 20 tệp."]}


def test_it_refuses_a_known_type_that_is_no_document_and_reads_from_the_start(settings):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("nén.pdf", b"PK\x03\x04" + b"\x00" * 60))
    assert refused.value.messages == [
        (
            "Tệp “nén.pdf” không phải tệp PDF, hình ảnh hoặc tài liệu Office (hệ thống đã kiểm tra nội dung tệp, "
            "không dựa vào tên tệp)."
        )
    ]
    started = SimpleUploadedFile("a.pdf", PDF)
    started.read(7)  # a file already read from is still checked from its start
    assert check_upload(started) == "application/pdf"
    settings.UPLOAD_MAX_BYTES = 1048576
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("x.pdf", PDF + b"0" * (1310720 - len(PDF))))
    assert refused.value.messages == ["Tệp “x.pdf” quá lớn (1,3 MB); mỗi tệp chỉ được tối đa 1 MB."]


def test_it_allows_pdf_images_and_office_documents_only():
    assert ALLOWED_UPLOADS == {
        "application/pdf": "PDF",
        "image/png": "PNG",
        "image/jpeg": "JPEG",
        "image/gif": "GIF",
        "image/webp": "WebP",
        "application/msword": "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
        "application/vnd.ms-excel": "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
        "application/vnd.ms-powerpoint": "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
        "application/vnd.oasis.opendocument.text": "OpenDocument",
        "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument",
        "application/vnd.oasis.opendocument.presentation": "OpenDocument",
    }


def test_it_names_a_file_without_a_name_as_empty():
    nameless = SimpleUploadedFile("x.pdf", b"")
    nameless.name = None
    with pytest.raises(ValidationError) as refused:
        check_upload(nameless)
    assert refused.value.messages == ["Tệp “” không có nội dung."]


def test_it_submits_a_draft_with_what_it_says_of_a_missed_target(tree, targets):
    pk = targets["Đúng hạn PKT"].pk
    line = LineInput(
        numerator=D(90), denominator=D(100), evidence="Sổ theo dõi", cause="Thiếu người", action="Bổ sung cán bộ"
    )
    others = {
        targets["Sáng kiến PKT"].pk: LineInput(value=D(2)),
        targets["Văn bản điện tử"].pk: LineInput(numerator=D(10), denominator=D(10)),
    }
    draft = save(tree, targets, lines={pk: line} | others)
    submitted = services.report_submit(report=draft, user=SYSTEM, today=TODAY)
    stored = submitted.lines.get(target_id=pk)
    assert (stored.evidence, stored.cause, stored.action, stored.result, stored.met) == (
        "Sổ theo dõi",
        "Thiếu người",
        "Bổ sung cán bộ",
        D(90),
        False,
    )
    assert LineInput.from_line(stored) == LineInput(
        D(90), D(100), None, None, None, "Sổ theo dõi", "Thiếu người", "Bổ sung cán bộ"
    )


def test_it_submits_the_version_of_the_report_it_was_given(tree, targets):
    seen = save(tree, targets)
    save(tree, targets, note="Sửa sau")  # someone saves in between: version 2
    with pytest.raises(StaleReportError):
        services.report_submit(report=seen, user=SYSTEM, today=TODAY)
    assert Report.objects.get(pk=seen.pk).status == "draft"


def test_it_names_the_latest_change_in_vietnam_time_in_one_query(
    tree, targets, personas, monkeypatch, django_assert_num_queries
):
    # Two saves at the same instant (created_at ties): the later event still counts, by its id.
    instant = datetime(2026, 11, 20, 1, 5, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    save(tree, targets)
    report = save(tree, targets, user=fresh(personas["unit_head"]))
    # changed at 17:30 UTC on the 19th: 00:30 on the 20th in Vietnam (UTC+7)
    Report.objects.filter(pk=report.pk).update(updated_at=datetime(2026, 11, 19, 17, 30, tzinfo=UTC))
    report = Report.objects.get(pk=report.pk)
    with django_assert_num_queries(1):
        error = StaleReportError(report)
    assert error.message.startswith("Người unit_head đã thay đổi báo cáo này lúc 00:30 20/11/2026, ")


def test_it_keys_a_field_error_of_a_line_by_its_row(db):
    from reports.models import ReportLine as Line
    from reports.services.lines import clean_line

    assert clean_line(Line(target=target(), numerator=D("1.12345")), "t5") == {
        "t5-numerator": "Hãy chắc chắn rằng không có nhiều hơn 4 chữ số thập phân."
    }
    assert clean_line(Line(target=target(), numerator=D("1.1234"), evidence="Sổ"), "t5") == {}


def test_it_judges_moved_counts_again_on_the_year_to_date(tree, targets):
    # "Sáng kiến PKT" reported 1 in Q1, 0 in Q2 and 2 in Q4; the amendment asks for at least 3 a year.
    old = targets["Sáng kiến PKT"]
    for period, value in (("Q1", 1), ("Q2", 0), ("Q4", 2)):
        services.report_save(
            agency=tree["unit"],
            year=2026,
            period=period,
            user=SYSTEM,
            today=TODAY,
            lines={old.pk: LineInput(value=D(value))},
        )
    amendment = objective_services.decision_amend(user=SYSTEM, decision=old.objective.decision)
    new = Target.objects.get(objective__decision=amendment, copied_from=old)
    objective_services.target_update(user=SYSTEM, target=new, value=D(3))
    objective_services.decision_submit(user=SYSTEM, decision=amendment)
    objective_services.decision_approve(user=SYSTEM, decision=amendment)
    objective_services.decision_issue(user=SYSTEM, decision=amendment, number=21, issued_on=date(2026, 6, 1))
    met = dict(ReportLine.objects.filter(target=new).values_list("report__period", "met"))
    # Q1: 1 of 3, in progress; Q2: 1 + 0 = 1 of 3, in progress; Q4: 1 + 0 + 2 = 3 of 3, met
    assert met == {"Q1": None, "Q2": None, "Q4": True}


def test_it_reads_every_field_of_a_stored_line():
    from reports.models import ReportLine as Line

    stored = Line(
        numerator=D(1),
        denominator=D(2),
        value=D(3),
        done=True,
        previous_value=D(7),
        evidence="E",
        cause="C",
        action="A",
    )
    assert LineInput.from_line(stored) == LineInput(D(1), D(2), D(3), True, D(7), "E", "C", "A")


def test_it_sums_earlier_periods_of_summed_values_only(tree):
    # Only a value summed over the year is judged on the year to date: not a value read as the last one,
    # nor a rate summed (unsaved targets: only their kinds are read here).
    last_value = Target(pk=900001, measurement="value", aggregation="last")
    summed_rate = Target(pk=900002, measurement="ratio", aggregation="sum")
    summed_value = Target(pk=900003, measurement="value", aggregation="sum")
    targets = {t.pk: t for t in (last_value, summed_rate, summed_value)}
    assert earlier_sums(tree["unit"], 2026, "Q3", targets) == {900003: D(0)}


def test_it_sums_only_the_agencys_own_earlier_periods_of_the_year(tree, targets):
    count = targets["Sáng kiến PKT"]
    services.report_save(
        agency=tree["unit"], year=2026, period="Q1", user=SYSTEM, today=TODAY, lines={count.pk: LineInput(value=D(1))}
    )
    # Q2 saved with the count left empty: nothing to add
    services.report_save(agency=tree["unit"], year=2026, period="Q2", user=SYSTEM, today=TODAY, lines={})
    # Rows no service would write (another agency's report, last year's) on the same target must not count,
    # nor a value on another target in the unit's own report.
    for agency, year in ((tree["commune"], 2026), (tree["unit"], 2025)):
        other = Report.objects.create(agency=agency, year=year, period="Q2", status="draft")
        ReportLine.objects.create(report=other, target=count, value=D(40))
    q1 = Report.objects.get(agency=tree["unit"], year=2026, period="Q1")
    ReportLine.objects.create(report=q1, target=targets["Sáng kiến"], value=D(50))
    assert earlier_sums(tree["unit"], 2026, "Q4", {count.pk: count}) == {count.pk: D(1)}


def test_it_answers_a_negative_number_with_its_own_message_only(tree, targets):
    pk = targets["Đúng hạn PKT"].pk
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, lines={pk: LineInput(numerator=D(-1), denominator=D(10))})
    assert refused.value.message_dict == {f"t{pk}-numerator": ["Số liệu không được âm."]}
    # Submitted, the wrong row is not judged (-10% would be "not met" and ask for a cause and an action too).
    with pytest.raises(ValidationError) as refused:
        save(
            tree,
            targets,
            lines={
                pk: LineInput(numerator=D(-1), denominator=D(10)),
                targets["Sáng kiến PKT"].pk: LineInput(value=D(2)),
                targets["Văn bản điện tử"].pk: LineInput(numerator=D(10), denominator=D(10)),
            },
            submit=True,
        )
    assert refused.value.message_dict == {f"t{pk}-numerator": ["Số liệu không được âm."]}


def test_each_write_is_credited_in_history_to_the_person_who_made_it(tree, targets, personas):
    """Saving, removing a file, submitting, reviewing, reopening and setting or clearing a due date each leave
    history rows credited to the person acting (the @service decorator does it for every write)."""
    from reports.models import Evidence

    head, secretariat = fresh(personas["unit_head"]), fresh(personas["secretariat"])
    report = save(tree, targets, user=head, files=[SimpleUploadedFile("a.pdf", PDF)])
    assert report.history.latest().history_user == head
    assert {row.history_user for row in ReportLine.history.filter(report_id=report.pk)} == {head}
    evidence = report.evidence_files.get()
    report = save(tree, targets, user=head, remove_files=[evidence.pk], lock_version=report.lock_version, submit=True)
    assert Evidence.history.get(id=evidence.pk, history_type="-").history_user == head
    assert report.history.latest().history_user == head
    services.report_accept(report=report, user=secretariat)
    assert Report.history.filter(id=report.pk).latest().history_user == secretariat
    before = timezone.now()
    reopened = services.report_reopen(report=report, user=secretariat, reason="Sai số liệu")
    assert before <= reopened.reviewed_at <= timezone.now()  # the time of the reopening, not of the acceptance
    assert Report.objects.get(pk=report.pk).reviewed_at == reopened.reviewed_at
    assert Report.history.filter(id=report.pk).latest().history_user == secretariat
    override = services.due_date_set(
        agency=tree["commune"], year=2026, period="Q3", due_on=date(2026, 10, 5), user=secretariat
    )
    assert override.set_by == secretariat and override.history.latest().history_user == secretariat
    services.due_date_set(agency=tree["commune"], year=2026, period="Q3", due_on=None, user=secretariat)
    assert DueDateOverride.history.get(id=override.pk, history_type="-").history_user == secretariat


def test_a_due_date_of_one_period_leaves_the_other_periods_alone(tree):
    """Each period keeps its own override: changing or clearing Q2's does not touch Q1's."""
    commune = tree["commune"]
    services.due_date_set(agency=commune, year=2026, period="Q1", due_on=date(2026, 4, 5), user=SYSTEM)
    services.due_date_set(agency=commune, year=2026, period="Q2", due_on=date(2026, 7, 5), user=SYSTEM)
    services.due_date_set(agency=commune, year=2026, period="Q2", due_on=date(2026, 7, 8), user=SYSTEM)
    assert sorted(DueDateOverride.objects.values_list("period", "due_on")) == [
        ("Q1", date(2026, 4, 5)),
        ("Q2", date(2026, 7, 8)),
    ]
    services.due_date_set(agency=commune, year=2026, period="Q2", due_on=None, user=SYSTEM)
    assert list(DueDateOverride.objects.values_list("period", "due_on")) == [("Q1", date(2026, 4, 5))]


def test_a_submitted_or_accepted_report_cannot_be_saved_and_says_why(tree, targets):
    report = submitted_report(tree, targets)
    with pytest.raises(WorkflowError) as refused:
        save(tree, targets, lock_version=report.lock_version)
    assert (refused.value.code, refused.value.message) == (
        "not-editable",
        'Báo cáo này ở trạng thái "đã nộp" nên không thể thay đổi; vui lòng đề nghị Tổ thư ký ISO trả lại hoặc mở lại báo cáo.',
    )


def test_a_return_from_a_stale_page_is_refused(tree, targets):
    report = submitted_report(tree, targets)
    stale = report.lock_version - 1
    with pytest.raises(StaleReportError):
        services.report_return(report=report, user=SYSTEM, comment="Bổ sung", lock_version=stale)
    assert Report.objects.get(pk=report.pk).status == "submitted"


def test_a_submit_names_every_missing_number_and_a_bad_note_on_its_field(tree, targets):
    on_time, initiatives, electronic = (targets[n].pk for n in ("Đúng hạn PKT", "Sáng kiến PKT", "Văn bản điện tử"))
    with pytest.raises(ValidationError) as refused:
        save(tree, targets, lines={}, submit=True, note="<b>Ghi chú</b>")
    assert refused.value.message_dict == {
        f"t{on_time}-numerator": ["Nhập tử số (ví dụ: số hồ sơ giải quyết đúng hạn)."],
        f"t{on_time}-denominator": ["Nhập mẫu số (ví dụ: tổng số hồ sơ đã giải quyết)."],
        f"t{initiatives}-value": ["Nhập kết quả."],
        f"t{electronic}-numerator": ["Nhập tử số (ví dụ: số hồ sơ giải quyết đúng hạn)."],
        f"t{electronic}-denominator": ["Nhập mẫu số (ví dụ: tổng số hồ sơ đã giải quyết)."],
        "note": ["Không được dùng thẻ HTML tại đây; vui lòng nhập văn bản thuần."],
    }
    assert not Report.objects.exists()


def test_accepting_opens_a_corrective_action_for_each_missed_target(tree, targets):
    pk = targets["Đúng hạn PKT"].pk
    missed = LineInput(numerator=D(90), denominator=D(100), cause="Thiếu người", action="Bổ sung cán bộ")
    report = submitted_report(
        tree,
        targets,
        lines={pk: missed}
        | {
            targets["Sáng kiến PKT"].pk: LineInput(value=D(2)),
            targets["Văn bản điện tử"].pk: LineInput(numerator=D(10), denominator=D(10)),
        },
    )
    assert not CorrectiveAction.objects.exists()
    accepted = services.report_accept(report=report, user=SYSTEM)  # no comment given: none recorded
    assert (accepted.review_comment, report_events(accepted)[-1]) == ("", ("accept", ""))
    assert list(
        CorrectiveAction.objects.values_list(
            "agency", "source", "target", "report_line__report", "title", "cause_analysis"
        )
    ) == [(tree["unit"].pk, "missed_target", pk, report.pk, "Bổ sung cán bộ", "Thiếu người")]


def test_a_due_date_of_one_agency_leaves_the_other_agencies_alone(tree):
    """The province's override and the commune's are separate rows: setting or clearing one keeps the other."""
    province, commune = tree["province"], tree["commune"]
    services.due_date_set(agency=province, year=2026, period="Q3", due_on=date(2026, 10, 20), user=SYSTEM)
    services.due_date_set(agency=commune, year=2026, period="Q3", due_on=date(2026, 10, 5), user=SYSTEM)
    assert sorted(DueDateOverride.objects.values_list("agency", "due_on")) == sorted(
        [(province.pk, date(2026, 10, 20)), (commune.pk, date(2026, 10, 5))]
    )
    services.due_date_set(agency=commune, year=2026, period="Q3", due_on=None, user=SYSTEM)
    assert list(DueDateOverride.objects.values_list("agency", "due_on")) == [(province.pk, date(2026, 10, 20))]


def test_setting_a_due_date_reuses_only_the_override_of_the_same_year(tree):
    reporting.due_date_set(agency=tree["commune"], year=2025, period="Q1", due_on=date(2025, 4, 20), user=SYSTEM)
    reporting.due_date_set(agency=tree["commune"], year=2026, period="Q1", due_on=date(2026, 4, 22), user=SYSTEM)
    assert sorted(DueDateOverride.objects.filter(agency=tree["commune"]).values_list("year", "period", "due_on")) == [
        (2025, "Q1", date(2025, 4, 20)),
        (2026, "Q1", date(2026, 4, 22)),
    ]
