"""Demo management review (idempotent; reports/demo.py calls it after the reports and actions): the 2025 review of
xã Phước An, held on 15/01/2026, with its inputs compiled from the 2025 reports, the narrative inputs, the
conclusions and three decisions, one of which became a corrective action of the Phòng Kinh tế (done and verified effective)."""

from datetime import date

from django.contrib.auth import get_user_model

from agencies.models import Agency
from agencies.permissions import SYSTEM
from reports.actions import services as action_services
from reports.review import services
from reports.review.models import ManagementReview

AGENCY, UNIT, YEAR = "DNI-PA", "DNI-PA-PKT", 2025
COMPILED_ON, MEETING = date(2026, 1, 10), date(2026, 1, 15)

NARRATIVE = {
    "place": "Hội trường Ủy ban nhân dân xã Phước An",
    "guests": "Đại diện Sở Khoa học và Công nghệ tỉnh Đồng Nai",
    "report_number": 5,
    "minutes_number": 2,
    "audit_results": (
        "Đánh giá nội bộ tháng 11/2025 tại 04 đơn vị: 03 điểm không phù hợp nhẹ về kiểm soát hồ sơ, "
        "đã được khắc phục trong tháng 12/2025."
    ),
    "issues_changes": (
        "Từ ngày 01/7/2025 chính quyền địa phương hai cấp: xã Phước An tiếp nhận thêm thủ tục hành chính "
        "từ cấp huyện; quy trình nội bộ cần cập nhật."
    ),
    "resources": "Bộ phận một cửa thiếu 01 công chức trong quý III; máy quét hồ sơ đã cũ.",
    "feedback": "Nhận 04 phản ánh về thời gian chờ tại bộ phận một cửa; đã trả lời đúng hạn.",
    "improvements": "Mở rộng tiếp nhận hồ sơ trực tuyến toàn trình; số hóa kết quả giải quyết thủ tục.",
    "conclusions": (
        "Hệ thống quản lý chất lượng được duy trì phù hợp và có hiệu lực. "
        "Các chỉ tiêu không đạt đã có biện pháp khắc phục; yêu cầu các đơn vị hoàn thành đúng hạn."
    ),
}
DECISIONS = [
    ("Bổ sung 01 công chức cho bộ phận một cửa trong quý I năm 2026.", "Văn phòng HĐND và UBND", date(2026, 3, 31)),
    ("Cập nhật quy trình nội bộ theo thủ tục tiếp nhận từ cấp huyện.", "Phòng Kinh tế", date(2026, 2, 28)),
    ("Thay máy quét hồ sơ tại bộ phận một cửa.", "Văn phòng HĐND và UBND", date(2026, 6, 30)),
]
ACTION_TITLE = "Cập nhật quy trình nội bộ theo thủ tục tiếp nhận từ cấp huyện"
ACTION_STEPS = [
    ("start", ""),
    ("done", "Đã ban hành quy trình nội bộ cập nhật ngày 20/02/2026."),
    ("effective", "Quý I năm 2026 không còn hồ sơ tiếp nhận từ cấp huyện bị trễ hạn."),
]


def load() -> ManagementReview | None:
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None:
        return None
    review = ManagementReview.objects.filter(agency=agency, year=YEAR).first()
    if review is not None:
        return review
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["leader", "secretariat", "editor"])}
    review = services.review_create(agency=agency, user=SYSTEM, year=YEAR)
    review = services.review_update(
        review=review,
        user=SYSTEM,
        meeting_date=MEETING,
        chair=users.get("leader"),
        chair_title="Chủ tịch Ủy ban nhân dân xã",
        secretary=users.get("secretariat"),
        attendees=[u for u in (users.get("editor"),) if u is not None],
        **NARRATIVE,
    )
    services.review_compile(review=review, user=SYSTEM, today=COMPILED_ON)
    decisions = [
        services.decision_add(review=review, user=SYSTEM, text=text, responsible=who, due_on=due)
        for text, who, due in DECISIONS
    ]
    if review.chair_id and review.secretary_id:
        review = services.review_step(review=review, user=SYSTEM, step="hold")
        unit = Agency.objects.filter(code=UNIT).first() or agency
        owner = get_user_model().objects.filter(username="unithead").first()
        action = services.decision_to_action(
            decision=decisions[1], user=SYSTEM, agency=unit, title=ACTION_TITLE, due_on=date(2026, 2, 28), owner=owner
        )
        # Done in February and found effective: the register shows the review's action carried through.
        for step, note in ACTION_STEPS:
            action = action_services.action_step(action=action, user=SYSTEM, step=step, note=note)
    return review
