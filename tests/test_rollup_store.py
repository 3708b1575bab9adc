"""The roll-up table (reports/rollup_store.py): what the dashboard, year-end page and Excel read from it is
exactly what a computation from scratch gives, after a report is accepted, reopened, and after an
amendment is issued; the services drop the stale rows; the rebuild command fills the table."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from reports_factories import commune_and_unit

from agencies.permissions import SYSTEM
from objectives import services as objective_services
from reports import results, rollup_store, services
from reports.models import ResultSnapshot

TODAY = date(2026, 11, 22)


def _flat(data: results.Results) -> list:
    """Every figure and list a page or workbook shows, as plain values."""
    out = [data.decision.pk if data.decision else None, data.pending, data.summary]
    for t in data.targets:
        out.append(
            (
                t.target.pk,
                t.text,
                t.year,
                t.met,
                t.rolled_up,
                t.not_comparable,
                [(c.period, c.figure, c.ytd, c.met, c.text, c.ytd_text, c.sums_text) for c in t.cells],
                [(u.agency_id, u.name, tuple(u.target), u.figure, u.met, u.text) for u in t.units],
                [(u.agency_id, u.text) for u in t.units_met],
                [(u.agency_id, u.text) for u in t.units_missed],
                [(u.agency_id, u.text) for u in t.units_missed_shown],
                t.units_missed_hidden,
                len(t.units_pending),
                len(t.units_without_data),
                [tuple(vars(c).values()) for c in t.causes],
                [tuple(vars(c).values()) for c in t.causes_shown],
                t.causes_hidden,
                t.chart() if t.chartable else None,
            )
        )
    out.append(data.charts())
    return out


def _save(tree, targets, period: str, on_time: tuple[int, int], initiatives: int):
    li = services.LineInput
    return services.report_save(
        agency=tree["unit"],
        year=2026,
        period=period,
        user=SYSTEM,
        submit=True,
        today=TODAY,
        lines={
            targets["Đúng hạn PKT"].pk: li(
                numerator=Decimal(on_time[0]),
                denominator=Decimal(on_time[1]),
                cause="Thiếu người" if on_time[0] * 100 < 98 * on_time[1] else "",
                action="Bổ sung" if on_time[0] * 100 < 98 * on_time[1] else "",
            ),
            targets["Sáng kiến PKT"].pk: li(value=Decimal(initiatives)),
            targets["Văn bản điện tử"].pk: li(numerator=Decimal(5), denominator=Decimal(5)),
        },
    )


def _check(agency, *, expect_stored: bool | None = None):
    """Read twice through the table (the second read comes from it) and compare with a fresh computation."""
    for with_causes in (False, True):
        results.agency_results(agency, 2026, with_causes=with_causes)
        stored = results.agency_results(agency, 2026, with_causes=with_causes)
        assert isinstance(stored.targets[0], rollup_store.StoredTargetResult)
        assert _flat(stored) == _flat(results.compute_results(agency, 2026, with_causes=with_causes))
    return stored


@pytest.fixture
def targets(tree):
    return commune_and_unit(tree["commune"], tree["unit"])


def test_the_table_equals_a_computation_from_scratch_through_accept_reopen_and_amendment(tree, targets):
    commune = tree["commune"]
    q1 = services.report_accept(report=_save(tree, targets, "Q1", (99, 100), 1), user=SYSTEM)
    q2 = _save(tree, targets, "Q2", (1, 10), 2)
    stored = _check(commune)
    # Hand-computed: only Q1 is accepted, so the commune's on-time rate is 99/100.
    on_time = stored.targets[0]
    assert (on_time.year.numerator, on_time.year.denominator, on_time.year.result) == (99, 100, Decimal(99))
    assert ResultSnapshot.objects.filter(agency=commune, year=2026).count() == 2

    q2 = services.report_accept(report=q2, user=SYSTEM)
    # The accept dropped the stored rows of the unit and of every agency above it.
    assert not ResultSnapshot.objects.filter(agency__in=[commune, tree["unit"], tree["province"]]).exists()
    stored = _check(commune)
    # Ratio of the sums: (99 + 1) / (100 + 10) = 90.909...%, not the mean of 99% and 10%.
    year = stored.targets[0].year
    assert (year.numerator, year.denominator) == (100, 110)
    assert year.result.quantize(Decimal("0.001")) == Decimal("90.909")
    assert stored.targets[0].met is False and len(stored.targets[0].units_missed) == 1
    assert stored.targets[0].causes[0].cause == "Thiếu người"

    services.report_reopen(report=q2, user=SYSTEM, reason="Số liệu sai")
    # The reopening dropped them too (they had been stored again by the check above).
    assert not ResultSnapshot.objects.filter(agency__in=[commune, tree["unit"], tree["province"]]).exists()
    stored = _check(commune)
    assert stored.targets[0].year.denominator == 100

    decision = targets["Đúng hạn PKT"].objective.decision
    amendment = objective_services.decision_amend(user=SYSTEM, decision=decision)
    amendment = objective_services.decision_submit(user=SYSTEM, decision=amendment)
    amendment = objective_services.decision_approve(user=SYSTEM, decision=amendment)
    objective_services.decision_issue(user=SYSTEM, decision=amendment, number=21, issued_on=date(2026, 9, 1))
    stored = _check(commune)
    assert stored.targets[0].year.denominator == 100  # Q1's lines moved to the amendment's targets
    _check(tree["unit"])
    assert q1.pk


def test_a_stale_row_is_recomputed_when_its_inputs_change_without_the_services(tree, targets):
    """The stamp covers changes that do not go through accept/reopen (an agency renamed, a report
    changed by hand): the row is not trusted, the page shows the new figures."""
    services.report_accept(report=_save(tree, targets, "Q1", (99, 100), 1), user=SYSTEM)
    _check(tree["commune"])
    unit = tree["unit"]
    unit.name = "Phòng Kinh tế (đổi tên)"
    unit.save()
    fresh = results.agency_results(tree["commune"], 2026)
    assert fresh.targets[0].units[0].name in {"Phòng Kinh tế (đổi tên)", unit.short_name}
    assert _flat(fresh) == _flat(results.compute_results(tree["commune"], 2026))


def test_the_rebuild_command_fills_the_table_from_scratch(tree, targets):
    services.report_accept(report=_save(tree, targets, "Q1", (99, 100), 1), user=SYSTEM)
    ResultSnapshot.objects.all().delete()
    call_command("rebuild_rollups", "--year", "2026", verbosity=0)
    # the commune and the unit have a decision in force, each with and without causes
    assert ResultSnapshot.objects.filter(year=2026).count() == 4
    stamp = rollup_store.stamp(tree["commune"], 2026)
    assert ResultSnapshot.objects.get(agency=tree["commune"], with_causes=False).stamp == stamp
    _check(tree["commune"])
