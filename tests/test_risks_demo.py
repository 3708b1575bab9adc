"""The demo risk register of xã Phước An: six items of 2026 with mixed levels, linked to the objectives in force,
some treated by actions in the corrective action register; loading twice changes nothing."""

from datetime import date

import pytest

from agencies import demo as agencies_demo
from agencies.models import Agency
from objectives import demo as objectives_demo
from objectives.risks import demo as risks_demo
from objectives.risks import selectors
from objectives.risks.models import RiskItem
from reports import demo as reports_demo
from reports.actions import demo as actions_demo


@pytest.mark.django_db
def test_the_demo_register_shows_each_piece():
    agencies_demo.load()
    objectives_demo.load()
    reports_demo.load(today=date(2026, 11, 22))
    assert risks_demo.load() == 6
    assert actions_demo.load_risk_actions(date(2026, 11, 22)) == 3
    commune = Agency.objects.get(code="DNI-PA")
    rows = selectors.review_rows(commune, 2026)
    assert {r["kind"] for r in rows} == {"risk", "opportunity"}
    assert len({r["band_before"] for r in rows}) >= 3  # low, medium, high, very high: mixed levels
    assert sum(r["actions_total"] for r in rows) == 3 and sum(r["actions_effective"] for r in rows) == 1
    assert all(r["level_before"] == r["likelihood"] * r["impact"] for r in rows)
    linked = RiskItem.objects.filter(agency=commune, year=2026, objectives__isnull=False).distinct().count()
    assert linked >= 4
    assert RiskItem.objects.filter(agency=commune, year=2025).count() == 4
    # idempotent
    assert risks_demo.load() == 6 and actions_demo.load_risk_actions(date(2026, 11, 22)) == 3
