"""A province-sized data set for benchmarks and query-count tests: a province, its communes and their
units, each with an issued decision whose targets are linked up the tree, and a year of reports.

Everything is written with bulk_create (no services, no history rows): this is synthetic load, not
data anyone entered. Deterministic for a given size and year.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency, AgencyKind, Membership, Role
from objectives.models import Decision, DecisionStatus, Objective, Section, Target
from qms_portal import dbguards
from qms_portal.text import fold
from reports import periods, scale_documents
from reports.models import Report, ReportEvent, ReportLine, ReportStatus
from reports.services import LineInput, compute_line

UNITS_PER_COMMUNE = 20
BATCH = 2000

# (objective, label, comparator, value, upper, unit, unit label, measurement, aggregation, frequency):
# twenty targets in the proportions real decisions have (mostly rates reported every quarter).
TARGETS = [
    (
        "Hồ sơ TTHC giải quyết đúng hạn",
        "Đúng hạn",
        ">=",
        98,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    (
        "Hồ sơ TTHC giải quyết đúng hạn",
        "Trước hạn",
        ">=",
        30,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    ("Hồ sơ trực tuyến", "Trực tuyến toàn trình", ">=", 60, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    ("Hồ sơ trực tuyến", "Trực tuyến một phần", ">=", 30, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    (
        "Thanh toán trực tuyến",
        "Thanh toán trực tuyến",
        ">=",
        50,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    ("Số hóa hồ sơ", "Số hóa kết quả", ">=", 80, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    ("Số hóa hồ sơ", "Số hóa hồ sơ tiếp nhận", ">=", 90, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    ("Văn bản điện tử", "Văn bản có chữ ký số", "=", 100, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    (
        "Văn bản điện tử",
        "Văn bản xử lý trên môi trường mạng",
        ">=",
        95,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    ("Phản ánh, kiến nghị", "Xử lý đúng hạn", ">", 97, None, "percent", "", "ratio", "ratio_of_sums", "quarterly"),
    (
        "Khiếu nại, tố cáo",
        "Giải quyết trong thời hạn",
        ">=",
        90,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    (
        "Chỉ đạo của cấp trên",
        "Hoàn thành đúng hạn",
        ">=",
        95,
        None,
        "percent",
        "",
        "ratio",
        "ratio_of_sums",
        "quarterly",
    ),
    ("Cán bộ", "Cán bộ hoàn thành tốt nhiệm vụ", ">=", 90, None, "percent", "", "ratio", "last", "quarterly"),
    ("Cán bộ", "Cán bộ được bồi dưỡng", ">=", 70, None, "percent", "", "ratio", "last", "quarterly"),
    ("Sáng kiến", "Sáng kiến được công nhận", ">=", 3, None, "count", "sáng kiến", "value", "sum", "quarterly"),
    ("Sai sót", "Hồ sơ sai sót", "<=", 10, None, "count", "hồ sơ", "value", "sum", "quarterly"),
    ("Hài lòng", "Mức độ hài lòng", ">=", 95, None, "percent", "", "ratio", "ratio_of_sums", "half_yearly"),
    ("Hài lòng", "Điểm chỉ số hài lòng", ">=", 85, None, "points", "", "value", "average", "half_yearly"),
    ("Đánh giá nội bộ", "Đánh giá nội bộ", "between", 1, 2, "times_per_year", "", "value", "sum", "yearly"),
    (
        "Hệ thống quản lý chất lượng",
        "Duy trì, cải tiến hệ thống",
        "done",
        None,
        None,
        "text",
        "",
        "yes_no",
        "last",
        "yearly",
    ),
]


@dataclass
class ScaleResult:
    root: Agency
    communes: int
    units: int
    targets: int
    reports: int
    lines: int


def _agency(code: str, name: str, kind: str, parent: Agency | None, n: int) -> Agency:
    return Agency(
        code=code,
        name=name,
        short_name=name,
        kind=kind,
        parent=parent,
        symbol="UBND" if kind != "unit" else "P",
        place="Tỉnh mẫu",
        header_own=name.upper(),
        header_parent=parent.name.upper() if parent else "",
    )


def _set_paths(agencies: list[Agency], parent: Agency | None) -> None:
    for agency in agencies:
        parent_path = parent.path if parent else "/"
        agency.path = f"{parent_path}{agency.pk}/"
        agency.depth = parent_path.count("/") - 1
        agency.search_key = fold(f"{agency.code} {agency.name}")
    Agency.objects.bulk_update(agencies, ["path", "depth", "search_key"], batch_size=BATCH)


def _decision(agency: Agency, year: int, number: int, index: int) -> Decision:
    """An issued decision worded like the samples (reports.scale_documents), its number varying by agency.
    `index` (the agency's place in the data set: 1 for the province, then its communes and units) varies the
    appendix form and the signer the same way on every database (primary keys differ between runs)."""
    return Decision(
        **scale_documents.decision_fields(agency, year, index),
        agency=agency,
        year=year,
        status=DecisionStatus.ISSUED,
        header_own=agency.header_own,
        header_parent=agency.header_parent,
        number=number + (agency.pk or 0) % 40,
        symbol=f"QĐ-{agency.symbol}",
        issued_on=date(year, 1, 10),
        place=agency.place,
        summary=f"Về việc ban hành Mục tiêu chất lượng năm {year} của {agency.name}",
        authority=f"CHỦ TỊCH {agency.header_own}",
        search_key=fold(agency.name),
    )


def _targets_for(decisions: list[Decision], parents: dict[int, list[Target]] | None) -> list[Target]:
    """Fourteen objectives in two sections and twenty targets per decision, worded like the samples
    (reports.scale_documents); each target implements the parent's same one."""
    sections = []
    for decision in decisions:
        for order, title in enumerate(scale_documents.section_titles(decision.agency), start=1):
            sections.append(Section(decision=decision, order=order, title=title))
    Section.objects.bulk_create(sections, batch_size=BATCH)
    section_of = {(s.decision_id, s.order): s for s in sections}
    keys = list(dict.fromkeys(spec[0] for spec in TARGETS))
    frequency = {spec[0]: spec[9] for spec in reversed(TARGETS)}  # the first target's frequency
    stated = {key: [(spec[1], _phrase(spec)) for spec in TARGETS if spec[0] == key] for key in keys}
    objectives = []
    by_decision: dict[int, dict[str, Objective]] = {}
    for decision in decisions:
        for order, key in enumerate(keys, start=1):
            objective = Objective(
                decision=decision,
                section=section_of[(decision.pk, 1 if order <= len(keys) // 2 else 2)],
                order=order,
                **scale_documents.objective_fields(
                    key,
                    order + decision.pk,
                    frequency[key],
                    targets_in_text=stated[key] if decision.appendix_form == "list" else [],
                ),
            )
            objectives.append(objective)
            by_decision.setdefault(decision.pk, {})[key] = objective
    Objective.objects.bulk_create(objectives, batch_size=BATCH)
    targets = []
    for decision in decisions:
        parent_targets = parents.get(decision.agency.parent_id) if parents else None
        for index, (
            objective,
            label,
            comparator,
            value,
            upper,
            unit,
            unit_label,
            measurement,
            aggregation,
            frequency,
        ) in enumerate(TARGETS):
            targets.append(
                Target(
                    objective=by_decision[decision.pk][objective],
                    order=index + 1,
                    label=label,
                    comparator=comparator,
                    value=None if value is None else Decimal(value),
                    upper=None if upper is None else Decimal(upper),
                    unit=unit,
                    unit_label=unit_label,
                    measurement=measurement,
                    aggregation=aggregation,
                    frequency=frequency,
                    parent_target=parent_targets[index] if parent_targets else None,
                    source_phrase=_phrase(TARGETS[index]),
                )
            )
    Target.objects.bulk_create(targets, batch_size=BATCH)
    return targets


def _phrase(spec: tuple) -> str:
    _objective, _label, comparator, value, upper, unit, unit_label, *_rest = spec
    return scale_documents.target_phrase(comparator, value, upper, unit, unit_label)


def _figures(target: Target, rng: random.Random, *, miss: bool) -> LineInput:
    if target.measurement == "ratio":
        den = Decimal(rng.randint(20, 400))
        share = Decimal(rng.uniform(0.80, 0.95) if miss else rng.uniform(0.985, 1.0))
        if target.value is not None and not miss and target.value < 90:
            share = Decimal(rng.uniform(float(target.value) / 100 + 0.02, 1.0))
        num = min(den, (den * share).to_integral_value())
        return LineInput(numerator=num, denominator=den)
    if target.measurement == "yes_no":
        return LineInput(done=not miss)
    if target.unit == "points":
        return LineInput(value=Decimal(rng.randint(70, 84) if miss else rng.randint(85, 99)))
    if target.comparator == "between":
        return LineInput(value=Decimal(0 if miss else 1))
    if target.comparator == "<=":
        return LineInput(value=Decimal(rng.randint(3, 6) if miss else rng.randint(0, 2)))
    return LineInput(value=Decimal(rng.randint(0, 2)))


def _delete(prefix: str) -> None:
    """Remove an earlier data set with this prefix (raw deletes: no history rows for synthetic data)."""
    root = Agency.objects.filter(code=prefix).first()
    if root is None:
        return
    subtree = Agency.objects.filter(path__startswith=root.path)
    ReportLine.objects.filter(report__agency__in=subtree)._raw_delete(connection.alias)
    ReportEvent.objects.filter(report__agency__in=subtree)._raw_delete(connection.alias)
    Report.objects.filter(agency__in=subtree)._raw_delete(connection.alias)
    decisions = Decision.objects.filter(agency__in=subtree)
    Target.objects.filter(objective__decision__in=decisions).update(parent_target=None)
    Target.objects.filter(objective__decision__in=decisions)._raw_delete(connection.alias)
    Objective.objects.filter(decision__in=decisions)._raw_delete(connection.alias)
    from objectives.models import DecisionEvent

    DecisionEvent.objects.filter(decision__in=decisions)._raw_delete(connection.alias)
    Section.objects.filter(decision__in=decisions)._raw_delete(connection.alias)
    decisions._raw_delete(connection.alias)
    Membership.objects.filter(agency__in=subtree)._raw_delete(connection.alias)
    for depth in sorted(set(subtree.values_list("depth", flat=True)), reverse=True):
        Agency.objects.filter(path__startswith=root.path, depth=depth)._raw_delete(connection.alias)


@transaction.atomic
def build(*, units: int = 500, year: int = 2026, prefix: str = "SCALE", statuses: bool = True) -> ScaleResult:
    """Province `prefix` with ceil(units / 20) communes of up to 20 units each; every agency has an issued
    decision of twenty targets (units' linked to the commune's, the commune's to the province's); every
    unit reports the four quarters, both half-years and the year. With `statuses`, a few reports are
    left submitted, returned, draft or missing so that the grid has every colour."""
    with dbguards.suspended():  # synthetic data: its issued decisions may be removed (see qms_portal.dbguards)
        _delete(prefix)
    rng = random.Random(f"{prefix}-{units}-{year}")
    root = _agency(prefix, f"Ủy ban nhân dân tỉnh mẫu {prefix}", AgencyKind.PROVINCE_COMMITTEE, None, 0)
    root.save()
    _set_paths([root], None)
    commune_count = max(1, math.ceil(units / UNITS_PER_COMMUNE))
    communes = [
        _agency(f"{prefix}-X{c:03d}", f"Ủy ban nhân dân xã mẫu {c:03d}", AgencyKind.COMMUNE_COMMITTEE, root, c)
        for c in range(1, commune_count + 1)
    ]
    Agency.objects.bulk_create(communes, batch_size=BATCH)
    _set_paths(communes, root)
    unit_agencies = []
    for u in range(units):
        commune = communes[u % commune_count]
        unit_agencies.append(
            _agency(
                f"{commune.code}-P{u // commune_count + 1:02d}",
                f"Phòng {u // commune_count + 1:02d} xã mẫu {u % commune_count + 1:03d}",
                AgencyKind.UNIT,
                commune,
                u,
            )
        )
    Agency.objects.bulk_create(unit_agencies, batch_size=BATCH)
    by_commune: dict[int, list[Agency]] = {}
    for unit in unit_agencies:
        by_commune.setdefault(unit.parent_id, []).append(unit)
    for commune in communes:
        _set_paths(by_commune.get(commune.pk, []), commune)

    root_decision = [_decision(root, year, 1, 1)]
    Decision.objects.bulk_create(root_decision)
    root_targets = _targets_for(root_decision, None)
    commune_decisions = [_decision(c, year, 1, index) for index, c in enumerate(communes, start=2)]
    Decision.objects.bulk_create(commune_decisions, batch_size=BATCH)
    commune_targets = _targets_for(commune_decisions, {root.pk: root_targets})
    per_commune: dict[int, list[Target]] = {}
    for decision in commune_decisions:
        per_commune[decision.agency_id] = []
    for target, decision in zip(commune_targets, [d for d in commune_decisions for _t in TARGETS]):
        per_commune[decision.agency_id].append(target)
    unit_decisions = [_decision(u, year, 1, index) for index, u in enumerate(unit_agencies, start=2 + len(communes))]
    Decision.objects.bulk_create(unit_decisions, batch_size=BATCH)
    unit_targets = _targets_for(unit_decisions, per_commune)

    User = get_user_model()
    secretariat, _created = User.objects.get_or_create(
        username=f"{prefix.lower()}-secretariat", defaults={"email": "scale@example.invalid"}
    )
    head, _created = User.objects.get_or_create(
        username=f"{prefix.lower()}-unithead", defaults={"email": "scale-head@example.invalid"}
    )
    Membership.objects.bulk_create(
        [
            Membership(user=secretariat, agency=root, role=Role.SECRETARIAT),
            Membership(user=head, agency=unit_agencies[0], role=Role.UNIT_HEAD),
        ]
    )

    reports, lines, events = _reports(unit_agencies, unit_targets, year, rng, statuses)
    _analyze()
    return ScaleResult(
        root,
        len(communes),
        len(unit_agencies),
        len(root_targets) + len(commune_targets) + len(unit_targets),
        reports,
        lines,
    )


def _analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would some time later: with
    stale ones PostgreSQL picks nested loops over "1 row" tables and a dashboard query takes 10x longer."""
    tables = [m._meta.db_table for m in (Agency, Decision, Objective, Target, Report, ReportLine)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _reports(units: list[Agency], targets: list[Target], year: int, rng: random.Random, statuses: bool):
    per_unit = [targets[i : i + len(TARGETS)] for i in range(0, len(targets), len(TARGETS))]
    reports: list[Report] = []
    pending_lines: list[tuple[Report, Target, LineInput]] = []
    for unit, own in zip(units, per_unit):
        for period in periods.ORDER:
            frequency = periods.frequency_of(period)
            due = periods.default_due(year, period)
            roll = rng.random()
            status = ReportStatus.ACCEPTED
            if statuses and period == periods.Period.Q4:
                status = (
                    None
                    if roll < 0.04
                    else ReportStatus.DRAFT
                    if roll < 0.07
                    else ReportStatus.RETURNED
                    if roll < 0.09
                    else ReportStatus.SUBMITTED
                    if roll < 0.20
                    else ReportStatus.ACCEPTED
                )
            if status is None:
                continue
            submitted = (
                due - timedelta(days=rng.randint(0, 9))
                if rng.random() > 0.05
                else due + timedelta(days=rng.randint(1, 20))
            )
            at = timezone.make_aware(datetime.combine(submitted, time(9)))
            report = Report(
                agency=unit,
                year=year,
                period=period,
                status=status,
                lock_version=2,
                submitted_at=None if status == ReportStatus.DRAFT else at,
                reviewed_at=at + timedelta(days=2)
                if status in (ReportStatus.ACCEPTED, ReportStatus.RETURNED)
                else None,
            )
            reports.append(report)
            for target in own:
                if target.frequency == frequency:
                    pending_lines.append((report, target, _figures(target, rng, miss=rng.random() < 0.06)))
    Report.objects.bulk_create(reports, batch_size=BATCH)
    lines = []
    sums: dict[tuple[int, int], Decimal] = {}
    for report, target, data in pending_lines:
        key = (report.agency_id, target.pk)
        before = sums.get(key, Decimal(0))
        result, met = compute_line(target, data, report.period, before)
        if data.value is not None and target.aggregation == "sum":
            sums[key] = before + data.value
        cause = action = ""
        if met is False:
            cause, action = "Khối lượng hồ sơ tăng đột biến.", "Bố trí thêm nhân lực, theo dõi hằng tuần."
        lines.append(
            ReportLine(
                report=report,
                target=target,
                numerator=data.numerator,
                denominator=data.denominator,
                value=data.value,
                done=data.done,
                result=result,
                met=met,
                cause=cause,
                action=action,
            )
        )
    ReportLine.objects.bulk_create(lines, batch_size=BATCH)
    return len(reports), len(lines), 0
