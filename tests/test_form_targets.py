"""The report form's target list is kept in the cache until a decision of the year is issued or superseded
(reports/form_targets.py): a second view reads no targets; a decision issued below (whose targets roll up) or an
amendment in force changes the list at once."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from reports_factories import COUNT, RATE, issue_decision, targets_of

from agencies.permissions import SYSTEM
from objectives import services as objective_services
from reports import selectors
from reports.form_targets import form_targets, issued_stamp


def _labels(targets) -> list[str]:
    return [t.label for t in targets]


def _target_reads(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return sum('FROM "objectives_target"' in q["sql"] for q in captured.captured_queries)


def test_the_list_is_read_once_then_kept_and_equals_a_fresh_read(tree):
    commune = tree["commune"]
    issue_decision(
        commune,
        2026,
        [
            RATE | {"label": "Đúng hạn", "comparator": ">=", "value": Decimal(98)},
            COUNT | {"label": "Sáng kiến", "comparator": ">=", "value": Decimal(3), "frequency": "quarterly"},
        ],
    )
    assert _target_reads(lambda: form_targets(commune, 2026, "Q3")) == 1
    assert _target_reads(lambda: form_targets(commune, 2026, "Q3")) == 0
    kept = form_targets(commune, 2026, "Q3")
    fresh = selectors.reporting_targets(commune, 2026, "Q3")
    assert [(t.pk, t.label, t.value, t.objective.content, t.since) for t in kept] == [
        (t.pk, t.label, t.value, t.objective.content, t.since) for t in fresh
    ]
    assert _labels(kept) == ["Đúng hạn", "Sáng kiến"]
    assert form_targets(commune, 2026, "Y") == []  # no yearly target: another key, read on its own


def test_a_decision_issued_below_rolls_the_linked_target_up_at_once(tree):
    commune, unit = tree["commune"], tree["unit"]
    parent = targets_of(
        issue_decision(
            commune,
            2026,
            [
                RATE | {"label": "Đúng hạn", "comparator": ">=", "value": Decimal(98)},
                RATE | {"label": "Trực tuyến", "comparator": ">=", "value": Decimal(60)},
            ],
            number=10,
        )
    )
    assert _labels(form_targets(commune, 2026, "Q3")) == ["Đúng hạn", "Trực tuyến"]
    before = issued_stamp(2026)
    issue_decision(
        unit,
        2026,
        [
            RATE
            | {"label": "Đúng hạn PKT", "comparator": ">=", "value": Decimal(98), "parent_target": parent["Đúng hạn"]}
        ],
        number=11,
    )
    assert issued_stamp(2026) != before
    # The units below report "Đúng hạn": the commune no longer reports it itself.
    assert _labels(form_targets(commune, 2026, "Q3")) == ["Trực tuyến"]
    assert _labels(form_targets(unit, 2026, "Q3")) == ["Đúng hạn PKT"]


def test_an_amendment_in_force_replaces_the_list(tree):
    commune = tree["commune"]
    decision = issue_decision(
        commune, 2026, [RATE | {"label": "Đúng hạn", "comparator": ">=", "value": Decimal(98)}], number=10
    )
    assert [t.value for t in form_targets(commune, 2026, "Q3")] == [Decimal(98)]
    amendment = objective_services.decision_amend(decision=decision, user=SYSTEM)
    target = targets_of(amendment)["Đúng hạn"]
    objective_services.target_update(target=target, user=SYSTEM, value=Decimal(95))
    assert [t.value for t in form_targets(commune, 2026, "Q3")] == [Decimal(98)]  # a draft amendment: not in force
    objective_services.decision_submit(decision=amendment, user=SYSTEM)
    objective_services.decision_approve(decision=amendment, user=SYSTEM)
    objective_services.decision_issue(decision=amendment, user=SYSTEM, number=11, issued_on=date(2026, 8, 1))
    assert [(t.pk, t.value) for t in form_targets(commune, 2026, "Q3")] == [(target.pk, Decimal(95))]
