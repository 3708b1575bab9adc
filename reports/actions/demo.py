"""Demo corrective actions for the units of xã Phước An (idempotent; reports/demo.py calls it after the
reports): besides the action opened by the accepted report with a missed target, one overdue action of the
demo unit head, one in progress, one done waiting for the secretariat and one verified effective, so the
register, its filters and the effectiveness check all have something to show."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from agencies.models import Agency
from agencies.permissions import SYSTEM
from reports.actions import services
from reports.actions.models import ActionSource, CorrectiveAction

UNIT = "DNI-PA-PKT"

# title, source, days from today to the due date, steps taken (with their notes), cause analysis
ACTIONS = [
    (
        "Cập nhật quy trình tiếp nhận hồ sơ trực tuyến theo quy định mới",
        ActionSource.MANUAL,
        -12,
        [],
        "Quy trình nội bộ chưa cập nhật theo Nghị định 107/2021/NĐ-CP.",
    ),
    (
        "Tập huấn sử dụng phần mềm một cửa cho công chức mới",
        ActionSource.REVIEW,
        20,
        [("start", "")],
        "Công chức mới chưa được hướng dẫn sử dụng phần mềm.",
    ),
    (
        "Bổ sung biểu mẫu theo dõi thời hạn giải quyết hồ sơ",
        ActionSource.RISK,
        -3,
        [("start", ""), ("done", "Đã ban hành biểu mẫu theo dõi và áp dụng từ tháng 10.")],
        "Không có công cụ cảnh báo hồ sơ sắp đến hạn.",
    ),
    (
        "Phân công cán bộ dự phòng tại bộ phận một cửa",
        ActionSource.MANUAL,
        -40,
        [
            ("start", ""),
            ("done", "Đã phân công 02 cán bộ dự phòng."),
            ("effective", "Quý tiếp theo tỷ lệ hồ sơ đúng hạn đạt 99%, chỉ tiêu đạt."),
        ],
        "Cán bộ nghỉ phép không có người thay thế.",
    ),
]


def load(today: date) -> int:
    """Create the demo actions that are missing; returns how many actions the demo unit has afterwards."""
    unit = Agency.objects.filter(code=UNIT).first()
    if unit is None:
        return 0
    owner = get_user_model().objects.filter(username="unithead").first()
    existing = set(CorrectiveAction.objects.filter(agency=unit).values_list("title", flat=True))
    for title, source, days, steps, cause in ACTIONS:
        if title in existing:
            continue
        action = services.action_create(
            agency=unit,
            user=SYSTEM,
            title=title,
            source=source,
            due_on=today + timedelta(days=days),
            cause_analysis=cause,
            owner=owner,
        )
        for step, note in steps:
            action = services.action_step(action=action, user=SYSTEM, step=step, note=note)
    return CorrectiveAction.objects.filter(agency=unit).count()


# Actions on the demo risk register of xã Phước An (objectives/risks/demo.py): description -> steps taken.
RISK_ACTIONS = {
    "Hồ sơ đất đai trễ hạn do lượng hồ sơ tăng cao vào cuối năm": [("start", "")],
    "Người dân chưa quen nộp hồ sơ trực tuyến toàn trình": [],
    "Tỉnh triển khai nền tảng số hóa dùng chung không thu phí": [
        ("start", ""),
        ("done", "Đã đăng ký và chuyển 1.250 hồ sơ số hóa sang nền tảng của tỉnh."),
        ("effective", "Tỷ lệ kết quả được số hóa quý tiếp theo đạt 100%, chỉ tiêu đạt."),
    ],
}


def load_risk_actions(today: date) -> int:
    """Open the demo actions on risk items that have none yet (after objectives.risks.demo); returns how many
    actions treat the 2026 register's items afterwards."""
    from objectives.risks.models import RiskItem
    from reports.actions.risks import action_from_risk

    items = RiskItem.objects.filter(agency__code="DNI-PA", year=2026, description__in=list(RISK_ACTIONS))
    for item in items:
        if CorrectiveAction.objects.filter(risk=item).exists():
            continue
        action = action_from_risk(item=item, user=SYSTEM, today=today)
        for step, note in RISK_ACTIONS[item.description]:
            action = services.action_step(action=action, user=SYSTEM, step=step, note=note)
    return CorrectiveAction.objects.filter(risk__agency__code="DNI-PA", risk__year=2026).count()
