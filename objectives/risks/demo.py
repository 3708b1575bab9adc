"""Demo risk and opportunity registers of xã Phước An (idempotent; the project's demo_data command calls it after
the reports' demo, which loads the 2025 decision): six items of 2026 with mixed levels, risks and opportunities,
linked to the 2026 objectives; four items of 2025, three of them the same, so that "copy forward" shows both
the merge and the skipped items. reports.actions.demo.load_risk_actions opens actions on some of them."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from agencies.models import Agency
from agencies.permissions import SYSTEM
from objectives.risks import selectors, services
from objectives.risks.models import RiskItem
from qms_portal.text import fold

AGENCY = "DNI-PA"

# description, kind, cause, objective keyword, L, I, treatment, actions, owner unit code, owner username,
# review date, residual (L, I) or None
ITEMS_2026 = [
    (
        "Hồ sơ đất đai trễ hạn do lượng hồ sơ tăng cao vào cuối năm",
        "risk",
        "Số hồ sơ quý IV tăng gấp đôi; bộ phận một cửa chỉ có 02 công chức tiếp nhận lĩnh vực đất đai.",
        "đúng hạn",
        4,
        4,
        "reduce",
        "Bố trí thêm công chức hỗ trợ bộ phận một cửa trong quý IV\nTheo dõi hồ sơ sắp đến hạn hằng tuần",
        "DNI-PA-PKT",
        "unithead",
        date(2026, 9, 30),
        (2, 4),
    ),
    (
        "Người dân chưa quen nộp hồ sơ trực tuyến toàn trình",
        "risk",
        "Người cao tuổi và lao động tự do ít dùng điện thoại thông minh.",
        "trực tuyến",
        4,
        5,
        "reduce",
        "Tổ công nghệ số cộng đồng hướng dẫn tại bộ phận một cửa và tại các ấp",
        "DNI-PA-VP",
        None,
        date(2026, 6, 30),
        (3, 4),
    ),
    (
        "Mất dữ liệu số hóa do sự cố máy chủ hoặc mã độc",
        "risk",
        "Dữ liệu số hóa lưu trên một máy chủ tại trụ sở, chưa có bản sao lưu ngoài.",
        "số hóa",
        2,
        5,
        "transfer",
        "Thuê dịch vụ lưu trữ, sao lưu dữ liệu của nhà cung cấp được cấp phép",
        "DNI-PA-VP",
        None,
        date(2026, 12, 15),
        (1, 5),
    ),
    (
        "Thủ tục hành chính thay đổi sau khi sắp xếp đơn vị hành chính",
        "risk",
        "Các văn bản hướng dẫn mô hình chính quyền hai cấp ban hành liên tục.",
        "",
        2,
        2,
        "accept",
        "Theo dõi văn bản mới và cập nhật quy trình nội bộ khi có thay đổi",
        None,
        "secretariat",
        date(2026, 12, 31),
        None,
    ),
    (
        "Tỉnh triển khai nền tảng số hóa dùng chung không thu phí",
        "opportunity",
        "",
        "số hóa",
        4,
        4,
        "pursue",
        "Đăng ký tham gia đợt đầu; chuyển dữ liệu số hóa sang nền tảng của tỉnh",
        "DNI-PA-VP",
        None,
        date(2026, 8, 31),
        (5, 4),
    ),
    (
        "Người dân sử dụng tài khoản định danh điện tử VNeID ngày càng nhiều",
        "opportunity",
        "",
        "hài lòng",
        3,
        3,
        "pursue",
        "Hướng dẫn đăng nhập Cổng dịch vụ công bằng VNeID khi tiếp nhận hồ sơ",
        "DNI-PA-VP",
        None,
        None,
        None,
    ),
]
# 2025: the first, second and fourth items again (same text), and one that was closed out in 2025.
ITEMS_2025 = [ITEMS_2026[0], ITEMS_2026[1], ITEMS_2026[3]] + [
    (
        "Thiếu công chức có chứng nhận đánh giá viên nội bộ",
        "risk",
        "Hai đánh giá viên nội bộ chuyển công tác.",
        "",
        3,
        3,
        "reduce",
        "Cử 02 công chức tham gia lớp đánh giá viên nội bộ của Sở Khoa học và Công nghệ",
        None,
        "secretariat",
        date(2025, 10, 31),
        (1, 3),
    ),
]


def _objective(objectives, keyword: str):
    if not keyword:
        return []
    wanted = fold(keyword)
    return [o for o in objectives if wanted in fold(o.content)][:1]


def _load_year(agency: Agency, year: int, rows) -> None:
    present = set(RiskItem.objects.filter(agency=agency, year=year).values_list("description", flat=True))
    objectives = list(selectors.linkable_objectives(agency, year))
    units = {a.code: a for a in Agency.objects.filter(code__startswith=AGENCY)}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["unithead", "secretariat"])}
    for description, kind, cause, keyword, lik, imp, treatment, actions, unit, username, review, residual in rows:
        if description in present:
            continue
        owner_unit = units.get(unit) if unit else None
        owner_user = users.get(username) if username else None
        if owner_unit is None and owner_user is None:
            owner_unit = agency
        services.risk_create(
            agency=agency,
            year=year,
            user=SYSTEM,
            objectives=_objective(objectives, keyword),
            kind=kind,
            description=description,
            cause=cause,
            likelihood=lik,
            impact=imp,
            treatment=treatment,
            actions_text=actions,
            owner_unit=owner_unit,
            owner_user=owner_user,
            review_on=review.replace(year=year) if review else None,
            residual_likelihood=residual[0] if residual else None,
            residual_impact=residual[1] if residual else None,
        )


@transaction.atomic
def load() -> int:
    """Create the missing demo items; returns how many items the 2026 register holds afterwards."""
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None:
        return 0
    _load_year(agency, 2025, ITEMS_2025)
    _load_year(agency, 2026, ITEMS_2026)
    return RiskItem.objects.filter(agency=agency, year=2026).count()
