"""Builders for the reports tests: issued decisions with linked targets, entered through the services
(moved from reports/testing.py: test code does not live in the app)."""

from datetime import date
from decimal import Decimal

from agencies.models import Agency
from agencies.permissions import SYSTEM
from objectives import services as objective_services
from objectives.models import Decision, Target

RATE = {"unit": "percent", "measurement": "ratio", "aggregation": "ratio_of_sums", "frequency": "quarterly"}
COUNT = {"unit": "count", "unit_label": "sáng kiến", "measurement": "value", "aggregation": "sum"}


def issue_decision(
    agency: Agency, year: int, targets: list[dict], *, number: int = 1, issued_on: date | None = None
) -> Decision:
    """One objective per target; `targets` are Target fields (value as str or Decimal, parent_target a Target)."""
    data = objective_services.decision_defaults(agency=agency, year=year) | {
        "signer_title": "CHỦ TỊCH",
        "signer_name": agency.head_name or "Nguyễn Văn An",  # the document check refuses to issue without a name
        "objectives": [
            {"content": spec.get("label") or f"Mục tiêu {i}", "targets": [dict(spec)]}
            for i, spec in enumerate(targets, start=1)
        ],
    }
    decision = objective_services.decision_build(user=SYSTEM, agency=agency, year=year, data=data)
    decision = objective_services.decision_submit(user=SYSTEM, decision=decision)
    decision = objective_services.decision_approve(user=SYSTEM, decision=decision)
    return objective_services.decision_issue(
        user=SYSTEM, decision=decision, number=number, issued_on=issued_on or date(year, 1, 9)
    )


def targets_of(decision: Decision) -> dict[str, Target]:
    return {t.label: t for t in Target.objects.filter(objective__decision=decision)}


def commune_and_unit(commune: Agency, unit: Agency, year: int = 2026) -> dict[str, Target]:
    """The commune's decision (on time >= 98%, initiatives >= 3 a year, audit done) and the unit's,
    linked to it (on time >= 98%, initiatives >= 1) plus an unlinked target (documents = 100%)."""
    parent = targets_of(
        issue_decision(
            commune,
            year,
            [
                RATE | {"label": "Đúng hạn", "comparator": ">=", "value": Decimal(98)},
                COUNT | {"label": "Sáng kiến", "comparator": ">=", "value": Decimal(3), "frequency": "quarterly"},
                {
                    "label": "Đánh giá nội bộ",
                    "comparator": "done",
                    "unit": "text",
                    "measurement": "yes_no",
                    "aggregation": "last",
                    "frequency": "yearly",
                },
            ],
            number=10,
        )
    )
    own = targets_of(
        issue_decision(
            unit,
            year,
            [
                RATE
                | {
                    "label": "Đúng hạn PKT",
                    "comparator": ">=",
                    "value": Decimal(98),
                    "parent_target": parent["Đúng hạn"],
                },
                COUNT
                | {
                    "label": "Sáng kiến PKT",
                    "comparator": ">=",
                    "value": Decimal(1),
                    "frequency": "quarterly",
                    "parent_target": parent["Sáng kiến"],
                },
                RATE | {"label": "Văn bản điện tử", "comparator": "=", "value": Decimal(100)},
            ],
            number=20,
        )
    )
    return parent | own
