"""Demo progress reports for xã Phước An (2025 and 2026), idempotent; `manage.py demo_data` runs it.

The units of xã Phước An get their own issued decisions with targets linked to the commune's, and
reports: mostly accepted, some late, one returned with a comment, one with a missed target and its
corrective action (which opens an action in the register; reports/actions/demo.py adds open, overdue,
done and verified ones). The demo unit head (Phòng Kinh tế) has the third quarter of 2026 still to submit:
it is late, so a newcomer can walk the whole flow (submit, return, resubmit, accept).
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from agencies.permissions import SYSTEM
from objectives import services as objective_services
from objectives.models import Decision, DecisionStatus, Target
from qms_portal import audit
from reports import periods, selectors, services
from reports.actions import demo as actions_demo
from reports.models import Report, ReportEvent
from reports.services import LineInput

COMMUNE = "DNI-PA"
UNITS = ["DNI-PA-VP", "DNI-PA-PKT", "DNI-PA-VHXH", "DNI-PA-TTHCC"]

# The 2025 objectives of xã Phước An, formed on 01/7/2025 (our own demo text: no sample exists).
COMMUNE_2025 = {
    "summary": "Về việc ban hành Mục tiêu chất lượng 6 tháng cuối năm 2025 của Ủy ban nhân dân xã Phước An",
    "signer_prefix": "KT.",
    "signer_authority": "CHỦ TỊCH",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Lê Văn Minh",
    "objectives": [
        {
            "content": "Hồ sơ thủ tục hành chính được giải quyết đúng hạn và trước hạn.",
            "targets": [
                {
                    "label": "Hồ sơ giải quyết đúng hạn",
                    "comparator": ">=",
                    "value": "97",
                    "unit": "percent",
                    "measurement": "ratio",
                    "aggregation": "ratio_of_sums",
                    "frequency": "quarterly",
                    "source_phrase": "Tối thiểu 97%",
                }
            ],
        },
        {
            "content": "Mức độ hài lòng của người dân, doanh nghiệp.",
            "targets": [
                {
                    "label": "Mức độ hài lòng của người dân, doanh nghiệp",
                    "comparator": ">=",
                    "value": "90",
                    "unit": "percent",
                    "measurement": "ratio",
                    "aggregation": "ratio_of_sums",
                    "frequency": "half_yearly",
                    "source_phrase": "Đạt ít nhất 90%",
                }
            ],
        },
        {
            "content": "Văn bản đi, đến được xử lý trên môi trường điện tử.",
            "targets": [
                {
                    "label": "Văn bản xử lý trên môi trường điện tử, có chữ ký số",
                    "comparator": "=",
                    "value": "100",
                    "unit": "percent",
                    "measurement": "ratio",
                    "aggregation": "ratio_of_sums",
                    "frequency": "quarterly",
                    "source_phrase": "100%",
                }
            ],
        },
        {
            "content": "Sáng kiến cải tiến được công nhận.",
            "targets": [
                {
                    "label": "Sáng kiến cải tiến được công nhận",
                    "comparator": ">=",
                    "value": "2",
                    "unit": "count",
                    "unit_label": "sáng kiến",
                    "measurement": "value",
                    "aggregation": "sum",
                    "frequency": "yearly",
                    "source_phrase": "Ít nhất 02 sáng kiến",
                }
            ],
        },
    ],
}

# Each unit's objectives: (objective text, parent target label or None, target fields).
UNIT_TARGETS = {
    "DNI-PA-VP": [
        (
            "Văn bản đi, đến của xã được xử lý trên môi trường điện tử, có chữ ký số.",
            "Văn bản xử lý trên môi trường điện tử, có chữ ký số",
            {"comparator": "=", "value": "100"},
        ),
        (
            "Phản ánh, kiến nghị được xử lý dứt điểm trong thời gian quy định.",
            "Phản ánh, kiến nghị được xử lý đúng thời gian",
            {"comparator": ">", "value": "97"},
        ),
        (
            "Tổ chức đánh giá nội bộ và xem xét của lãnh đạo.",
            "Đánh giá nội bộ và xem xét của lãnh đạo",
            {
                "comparator": "between",
                "value": "1",
                "upper": "2",
                "unit": "times_per_year",
                "measurement": "value",
                "aggregation": "sum",
                "frequency": "half_yearly",
            },
        ),
    ],
    "DNI-PA-PKT": [
        (
            "Hồ sơ thủ tục hành chính lĩnh vực kinh tế được giải quyết đúng hạn.",
            "Hồ sơ giải quyết đúng hạn",
            {"comparator": ">=", "value": "98"},
        ),
        (
            "Văn bản của phòng được xử lý trên môi trường điện tử.",
            "Văn bản xử lý trên môi trường điện tử, có chữ ký số",
            {"comparator": "=", "value": "100"},
        ),
        ("Hồ sơ đất đai được thẩm định, trình ký đúng thời hạn.", None, {"comparator": ">=", "value": "95"}),
        (
            "Sáng kiến cải tiến được công nhận.",
            "Sáng kiến cải tiến được công nhận",
            {
                "comparator": ">=",
                "value": "1",
                "unit": "count",
                "unit_label": "sáng kiến",
                "measurement": "value",
                "aggregation": "sum",
                "frequency": "yearly",
            },
        ),
    ],
    "DNI-PA-VHXH": [
        (
            "Hồ sơ thủ tục hành chính lĩnh vực văn hóa - xã hội được giải quyết đúng hạn.",
            "Hồ sơ giải quyết đúng hạn",
            {"comparator": ">=", "value": "98"},
        ),
        (
            "Văn bản của phòng được xử lý trên môi trường điện tử.",
            "Văn bản xử lý trên môi trường điện tử, có chữ ký số",
            {"comparator": "=", "value": "100"},
        ),
        (
            "Sáng kiến cải tiến được công nhận.",
            "Sáng kiến cải tiến được công nhận",
            {
                "comparator": ">=",
                "value": "1",
                "unit": "count",
                "unit_label": "sáng kiến",
                "measurement": "value",
                "aggregation": "sum",
                "frequency": "yearly",
            },
        ),
    ],
    "DNI-PA-TTHCC": [
        (
            "Hồ sơ tiếp nhận tại Trung tâm được giải quyết đúng hạn.",
            "Hồ sơ giải quyết đúng hạn",
            {"comparator": ">=", "value": "98"},
        ),
        (
            "Hồ sơ được tiếp nhận và giải quyết trực tuyến toàn trình.",
            "Hồ sơ trực tuyến toàn trình",
            {"comparator": ">=", "value": "60"},
        ),
        (
            "Người dân, doanh nghiệp hài lòng với việc giải quyết thủ tục hành chính.",
            "Mức độ hài lòng của người dân, doanh nghiệp",
            {"comparator": ">=", "value": "95", "frequency": "half_yearly"},
        ),
        (
            "Kết quả giải quyết thủ tục hành chính được số hóa.",
            "Kết quả giải quyết được số hóa",
            {"comparator": ">=", "value": "80"},
        ),
    ],
}
RATE = {"unit": "percent", "measurement": "ratio", "aggregation": "ratio_of_sums", "frequency": "quarterly"}

# (unit, year, period): what happens to the report. Missing combinations are simply accepted on time.
SCENARIO = {
    ("DNI-PA-VHXH", 2025, "Q4"): "late_accepted",
    ("DNI-PA-PKT", 2026, "Q2"): "missed_accepted",
    ("DNI-PA-VP", 2026, "Q3"): "late_submitted",
    ("DNI-PA-VHXH", 2026, "Q3"): "returned",
    ("DNI-PA-PKT", 2026, "Q3"): "skip",  # late: the demo unit head's to-do
    ("DNI-PA-TTHCC", 2026, "Q4"): "skip",
}
RETURN_COMMENT = (
    "Số văn bản xử lý trên môi trường điện tử chưa khớp với số liệu trên Hệ thống quản lý văn bản và điều hành "
    "(quý III: 212 văn bản). Đề nghị phòng kiểm tra, cập nhật lại và gửi lại báo cáo."
)
MISSED_CAUSE = (
    "Có 06 hồ sơ đăng ký kinh doanh hộ cá thể trễ hạn do hệ thống một cửa điện tử tỉnh gián đoạn từ ngày "
    "12/5 đến 15/5/2026 và công chức phụ trách nghỉ phép chưa bố trí người thay."
)
MISSED_ACTION = (
    "Phân công công chức dự phòng xử lý hồ sơ khi người phụ trách vắng mặt; theo dõi hồ sơ sắp đến hạn hằng "
    "ngày trên hệ thống; xin lỗi công dân có hồ sơ trễ hạn theo quy định."
)


def _issue(agency: Agency, year: int, data: dict, number: int, issued_on: date) -> Decision:
    decision = objective_services.decision_build(agency=agency, year=year, data=data, user=SYSTEM)
    decision = objective_services.decision_submit(decision=decision, user=SYSTEM)
    decision = objective_services.decision_approve(decision=decision, user=SYSTEM)
    return objective_services.decision_issue(decision=decision, number=number, issued_on=issued_on, user=SYSTEM)


def _commune_decision(commune: Agency, year: int) -> Decision | None:
    found = Decision.objects.in_force().filter(agency=commune, year=year).first()
    if found or Decision.objects.filter(agency=commune, year=year).exists():
        return found
    if year == 2026:
        try:
            from objectives.samples import load_sample

            return load_sample("2026_phuoc_an_table")
        except (ImportError, KeyError):
            return None
    if year == 2025:
        data = objective_services.decision_defaults(agency=commune, year=year) | COMMUNE_2025
        return _issue(commune, year, data, 12, date(2025, 7, 15))
    return None


def _unit_decision(
    unit: Agency, year: int, parents: dict[str, Target], number: int, issued_on: date
) -> Decision | None:
    found = Decision.objects.in_force().filter(agency=unit, year=year).first()
    if found or Decision.objects.filter(agency=unit, year=year).exists():
        return found
    objectives = []
    for content, parent_label, fields in UNIT_TARGETS[unit.code]:
        parent = parents.get(parent_label) if parent_label else None
        if parent_label and parent is None:
            continue  # the commune has no such target this year
        target = RATE | fields | {"label": content[:200], "parent_target": parent}
        if year == 2025 and target["frequency"] == "quarterly" and target["comparator"] == ">=" and parent:
            target["value"] = str(max(Decimal(target["value"]), parent.value or 0))
        objectives.append({"content": content, "targets": [target]})
    if not objectives:
        return None
    # The unit's head signs in person: title, name and authority come from the agency's own wording
    # ("CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG", "GIÁM ĐỐC"; "của Trưởng phòng Kinh tế xã Phước An").
    data = objective_services.decision_defaults(agency=unit, year=year) | {
        "summary": f"Về việc ban hành Mục tiêu chất lượng năm {year} của {unit.name}",
        "objectives": objectives,
    }
    return _issue(unit, year, data, number, issued_on)


def _figures(target: Target, year: int, period: str, seed: int, *, miss: bool = False) -> LineInput:
    """Plausible figures, the same on every run."""
    base = 40 + (seed * 37 + target.pk * 11 + year) % 160
    if target.measurement == "ratio":
        if miss:
            return LineInput(
                numerator=Decimal(119), denominator=Decimal(125), evidence="Trích xuất Hệ thống một cửa điện tử."
            )
        need = (target.value or Decimal(95)) / 100
        den = Decimal(base)
        if target.comparator in ("=",) or need >= Decimal("0.995"):
            num = den
        else:
            num = min(den, (den * need).to_integral_value() + 1 + (seed % 3))
        return LineInput(numerator=num, denominator=den, evidence="Số liệu từ Hệ thống thông tin giải quyết TTHC tỉnh.")
    if target.measurement == "yes_no":
        return LineInput(done=True, evidence="Biên bản kèm theo.")
    if target.comparator == "between":
        return LineInput(value=Decimal(1), evidence="Kế hoạch và báo cáo đánh giá nội bộ.")
    if target.aggregation == "sum":
        return LineInput(value=Decimal(1 + seed % 2), evidence="Quyết định công nhận sáng kiến.")
    return LineInput(value=target.value or Decimal(1))


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdate(report: Report, submitted: date, reviewed: date | None) -> None:
    """Demo history as if it had happened on those days (the services stamp "now")."""
    audit.update(  # recorded in the history too, like any other write
        Report.objects.filter(pk=report.pk),
        submitted_at=_at(submitted),
        reviewed_at=_at(reviewed, 15) if reviewed else None,
    )
    events = list(report.events.order_by("id"))
    for event in events:
        day = (
            reviewed
            if event.action in (ReportEvent.Action.ACCEPT, ReportEvent.Action.RETURN) and reviewed
            else submitted
        )
        ReportEvent.objects.filter(pk=event.pk).update(created_at=_at(day, 15 if day == reviewed else 9))


def _report(unit: Agency, year: int, period: str, unit_head, seed: int, today: date) -> None:
    if Report.objects.filter(agency=unit, year=year, period=period).exists():
        return
    scenario = SCENARIO.get((unit.code, year, period), "accepted")
    due = periods.default_due(year, period)
    if scenario == "skip" or periods.end(year, period) >= today:
        return
    targets = selectors.reporting_targets(unit, year, period)
    if not targets:
        return
    user = unit_head if unit_head and unit.code == "DNI-PA-PKT" else SYSTEM
    lines = {}
    for index, target in enumerate(targets):
        miss = scenario == "missed_accepted" and index == 0
        line = _figures(target, year, period, seed + index, miss=miss)
        if miss:
            line.cause, line.action = MISSED_CAUSE, MISSED_ACTION
        lines[target.pk] = line
    submitted_on = {"late_accepted": due + timedelta(days=10), "late_submitted": due + timedelta(days=5)}.get(
        scenario, due - timedelta(days=2)
    )
    submitted_on = min(submitted_on, today)
    report = services.report_save(
        agency=unit,
        year=year,
        period=period,
        user=user,
        lines=lines,
        submit=True,
        today=submitted_on,
        note="Báo cáo kèm số liệu trích xuất từ các hệ thống thông tin của xã.",
    )
    reviewed_on = min(submitted_on + timedelta(days=3), today)
    if scenario == "late_submitted":
        _backdate(report, submitted_on, None)
        return
    if scenario == "returned":
        services.report_return(report=report, user=SYSTEM, comment=RETURN_COMMENT)
    else:
        services.report_accept(report=report, user=SYSTEM)
    _backdate(report, submitted_on, reviewed_on)


@transaction.atomic
def load(today: date | None = None) -> int:
    """Create whatever is missing; returns how many reports exist for the demo units afterwards."""
    today = today or timezone.localdate()
    commune = Agency.objects.filter(code=COMMUNE).first()
    units = list(Agency.objects.filter(code__in=UNITS).order_by("code"))
    if commune is None or not units:
        return 0
    unit_head = get_user_model().objects.filter(username="unithead").first()
    for year, issued_on in ((2025, date(2025, 7, 25)), (2026, date(2026, 1, 20))):
        parent = _commune_decision(commune, year)
        if parent is None or parent.status != DecisionStatus.ISSUED:
            continue
        parents = {t.label: t for t in Target.objects.filter(objective__decision=parent)}
        for number, unit in enumerate(units, start=21):
            if _unit_decision(unit, year, parents, number, issued_on) is None:
                continue
            for seed, period in enumerate(periods.ORDER):
                _report(unit, year, period, unit_head, seed + number, today)
    actions_demo.load(today)
    return Report.objects.filter(agency__in=units).count()
