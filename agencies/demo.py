"""Demo agencies and one demo user per role (idempotent); `manage.py demo_data` runs it."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from agencies import services
from agencies.models import Agency, AgencyKind, Role

DEMO_PASSWORD = "demo-2026"

# code, name, short name, kind, parent code, symbol, place, header parent, header own, dissolved on
AGENCIES = [
    (
        "DNI",
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "UBND tỉnh Đồng Nai",
        AgencyKind.PROVINCE_COMMITTEE,
        None,
        "UBND",
        "Đồng Nai",
        "",
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        None,
    ),
    (
        "DNI-VP",
        "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
        "Văn phòng UBND tỉnh",
        AgencyKind.PROVINCE_OFFICE,
        "DNI",
        "VP",
        "Đồng Nai",
        "UBND TỈNH ĐỒNG NAI",
        "VĂN PHÒNG",
        None,
    ),
    (
        "DNI-SKHCN",
        "Sở Khoa học và Công nghệ tỉnh Đồng Nai",
        "Sở KH&CN",
        AgencyKind.DEPARTMENT,
        "DNI",
        "SKHCN",
        "Đồng Nai",
        "UBND TỈNH ĐỒNG NAI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        None,
    ),
    # Historical: the district level was abolished on 01/7/2025.
    (
        "DNI-NT",
        "Ủy ban nhân dân huyện Nhơn Trạch",
        "UBND huyện Nhơn Trạch",
        AgencyKind.DISTRICT_COMMITTEE,
        "DNI",
        "UBND",
        "Nhơn Trạch",
        "",
        "ỦY BAN NHÂN DÂN HUYỆN NHƠN TRẠCH",
        date(2025, 7, 1),
    ),
    (
        "DNI-NT-VP",
        "Văn phòng HĐND và UBND huyện Nhơn Trạch",
        "Văn phòng HĐND và UBND huyện",
        AgencyKind.UNIT,
        "DNI-NT",
        "VP",
        "Nhơn Trạch",
        "UBND HUYỆN NHƠN TRẠCH",
        "VĂN PHÒNG HĐND VÀ UBND",
        date(2025, 7, 1),
    ),
    (
        "DNI-NT-PKT",
        "Phòng Kinh tế huyện Nhơn Trạch",
        "Phòng Kinh tế",
        AgencyKind.UNIT,
        "DNI-NT",
        "PKT",
        "Nhơn Trạch",
        "UBND HUYỆN NHƠN TRẠCH",
        "PHÒNG KINH TẾ",
        date(2025, 7, 1),
    ),
    (
        "DNI-NT-PNV",
        "Phòng Nội vụ huyện Nhơn Trạch",
        "Phòng Nội vụ",
        AgencyKind.UNIT,
        "DNI-NT",
        "PNV",
        "Nhơn Trạch",
        "UBND HUYỆN NHƠN TRẠCH",
        "PHÒNG NỘI VỤ",
        date(2025, 7, 1),
    ),
    (
        "DNI-NT-PA",
        "Ủy ban nhân dân xã Phước An (huyện Nhơn Trạch)",
        "UBND xã Phước An (cũ)",
        AgencyKind.COMMUNE_COMMITTEE,
        "DNI-NT",
        "UBND",
        "Phước An",
        "UBND HUYỆN NHƠN TRẠCH",
        "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        date(2025, 7, 1),
    ),
    # Current two-tier structure.
    (
        "DNI-PA",
        "Ủy ban nhân dân xã Phước An",
        "UBND xã Phước An",
        AgencyKind.COMMUNE_COMMITTEE,
        "DNI",
        "UBND",
        "Phước An",
        "",
        "ỦY BAN NHÂN DÂN XÃ PHƯỚC AN",
        None,
    ),
    (
        "DNI-PA-VP",
        "Văn phòng HĐND và UBND xã Phước An",
        "Văn phòng HĐND và UBND",
        AgencyKind.UNIT,
        "DNI-PA",
        "VP",
        "Phước An",
        "UBND XÃ PHƯỚC AN",
        "VĂN PHÒNG HĐND VÀ UBND",
        None,
    ),
    (
        "DNI-PA-PKT",
        "Phòng Kinh tế xã Phước An",
        "Phòng Kinh tế",
        AgencyKind.UNIT,
        "DNI-PA",
        "PKT",
        "Phước An",
        "UBND XÃ PHƯỚC AN",
        "PHÒNG KINH TẾ",
        None,
    ),
    (
        "DNI-PA-VHXH",
        "Phòng Văn hóa - Xã hội xã Phước An",
        "Phòng Văn hóa - Xã hội",
        AgencyKind.UNIT,
        "DNI-PA",
        "VHXH",
        "Phước An",
        "UBND XÃ PHƯỚC AN",
        "PHÒNG VĂN HÓA - XÃ HỘI",
        None,
    ),
    (
        "DNI-PA-TTHCC",
        "Trung tâm Phục vụ hành chính công xã Phước An",
        "Trung tâm Phục vụ HCC",
        AgencyKind.SERVICE_CENTRE,
        "DNI-PA",
        "TTPVHCC",
        "Phước An",
        "UBND XÃ PHƯỚC AN",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        None,
    ),
    (
        "DNI-NTR",
        "Ủy ban nhân dân xã Nhơn Trạch",
        "UBND xã Nhơn Trạch",
        AgencyKind.COMMUNE_COMMITTEE,
        "DNI",
        "UBND",
        "Nhơn Trạch",
        "",
        "ỦY BAN NHÂN DÂN XÃ NHƠN TRẠCH",
        None,
    ),
]

# The head of each demo agency (fictitious names): pre-fills the signer of new decisions.
HEAD_NAMES = {
    "DNI": "Võ Tấn Đức",
    "DNI-VP": "Nguyễn Kim Long",
    "DNI-SKHCN": "Phạm Văn Trịnh",
    "DNI-NT": "Nguyễn Tấn Phát",
    "DNI-NT-VP": "Trần Thị Hà",
    "DNI-NT-PKT": "Đỗ Văn Lợi",
    "DNI-NT-PNV": "Lâm Thị Hoa",
    "DNI-NT-PA": "Huỳnh Văn Sang",
    "DNI-PA": "Đặng Minh Quân",
    "DNI-PA-VP": "Nguyễn Thị Lan",
    "DNI-PA-PKT": "Trần Văn Trưởng",
    "DNI-PA-VHXH": "Phan Thị Mai",
    "DNI-PA-TTHCC": "Võ Minh Tâm",
    "DNI-NTR": "Bùi Văn Thành",
}

# username, full name, role, agency code, e-mail
USERS = [
    ("editor", "Nguyễn Thị Biên", Role.EDITOR, "DNI-PA", "editor@example.invalid"),
    ("unithead", "Trần Văn Trưởng", Role.UNIT_HEAD, "DNI-PA-PKT", "unithead@example.invalid"),
    ("secretariat", "Lê Thị Thư", Role.SECRETARIAT, "DNI-PA", "secretariat@example.invalid"),
    ("leader", "Lê Văn Minh", Role.LEADER, "DNI-PA", "leader@example.invalid"),
    ("viewer", "Phạm Văn Xem", Role.VIEWER, "DNI", "viewer@example.invalid"),
]


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    """Create or refresh the demo agencies and users; returns (username, role label, agency) rows."""
    by_code: dict[str, Agency] = {}
    for code, name, short, kind, parent_code, symbol, place, header_parent, header_own, dissolved in AGENCIES:
        values = {
            "name": name,
            "short_name": short,
            "kind": kind,
            "symbol": symbol,
            "place": place,
            "header_parent": header_parent,
            "header_own": header_own,
            "dissolved_on": dissolved,
            "head_name": HEAD_NAMES[code],
        }
        parent = by_code.get(parent_code) if parent_code else None
        existing = Agency.objects.filter(code=code).first()
        if existing:
            by_code[code] = services.agency_update(agency=existing, parent=parent, **values)
        else:
            by_code[code] = services.agency_create(code=code, parent=parent, **values)

    old_pa = by_code["DNI-NT-PA"]
    services.agency_dissolve(agency=old_pa, dissolved_on=date(2025, 7, 1), merged_into=by_code["DNI-PA"])
    services.agency_dissolve(
        agency=by_code["DNI-NT"], dissolved_on=date(2025, 7, 1), split_into=[by_code["DNI-PA"], by_code["DNI-NTR"]]
    )
    for unit in ("DNI-NT-VP", "DNI-NT-PKT", "DNI-NT-PNV"):
        services.agency_dissolve(agency=by_code[unit], dissolved_on=date(2025, 7, 1))

    User = get_user_model()
    rows = []
    for username, full_name, role, agency_code, email in USERS:
        first, _sep, last = full_name.rpartition(" ")
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.user_create(
                username=username, password=DEMO_PASSWORD, email=email, first_name=first, last_name=last
            )
        else:
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        services.membership_add(user=user, agency=by_code[agency_code], role=role)
        rows.append((username, str(Role(role).label), by_code[agency_code].name))

    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = services.user_create(
            username="admin", password=DEMO_PASSWORD, email="admin@example.invalid", is_staff=True
        )
    admin.is_staff = admin.is_superuser = True
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    rows.append(("admin", "superuser", "—"))
    return rows
