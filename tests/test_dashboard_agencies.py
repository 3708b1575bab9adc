"""The dashboard's agency picker (reports.results.dashboard_agencies): the agency shown, its ancestors and its
children that the user may see and that have a decision in force for the year, in tree order, read in one
query with every field the picker prints."""

from datetime import date

import pytest

from agencies import services as agency_services
from agencies.models import AgencyKind
from objectives.models import Decision, DecisionStatus
from reports.results import dashboard_agencies


def _decision(agency, year, status):
    issued = status == DecisionStatus.ISSUED
    return Decision.objects.create(
        agency=agency,
        year=year,
        status=status,
        number=1 if issued else None,
        issued_on=date(year, 1, 9) if issued else None,
        header_own=agency.name.upper(),
        symbol="QĐ-UBND",
        summary="Về việc ban hành mục tiêu chất lượng",
        authority="ỦY BAN NHÂN DÂN",
    )


@pytest.fixture
def decisions(tree):
    """province DNI (issued 2026) ─┬─ commune PA (no decision) ─┬─ unit PKT (issued 2026)
                                │                            ├─ unit VHXH (a 2026 draft only)
                                │                            └─ unit PNV (issued 2025 only)
                                └─ commune LT (issued 2026: PA's sibling, not near it)
    province KG (issued 2026: another province)"""
    commune = tree["commune"]
    culture = agency_services.agency_create(
        code="PA-VHXH", name="Phòng Văn hóa - Xã hội xã Phước An", kind=AgencyKind.UNIT, parent=commune
    )
    home = agency_services.agency_create(
        code="PA-PNV", name="Phòng Nội vụ xã Phước An", kind=AgencyKind.UNIT, parent=commune
    )
    sibling = agency_services.agency_create(
        code="LT", name="Ủy ban nhân dân xã Long Thọ", kind=AgencyKind.COMMUNE_COMMITTEE, parent=tree["province"]
    )
    _decision(tree["province"], 2026, DecisionStatus.ISSUED)
    _decision(tree["unit"], 2026, DecisionStatus.ISSUED)
    _decision(culture, 2026, DecisionStatus.DRAFT)
    _decision(home, 2025, DecisionStatus.ISSUED)
    _decision(sibling, 2026, DecisionStatus.ISSUED)
    _decision(tree["other"], 2026, DecisionStatus.ISSUED)
    return tree


def test_it_offers_the_agency_its_ancestors_and_children_with_a_decision_in_force(decisions, personas):
    commune = decisions["commune"]
    # The commune itself has no decision but is always offered: the picker names the agency of the heading.
    assert [a.code for a in dashboard_agencies(personas["viewer"], 2026, commune)] == ["DNI", "PA", "PA-PKT"]
    # In 2025 only the unit with that year's decision is added.
    assert [a.code for a in dashboard_agencies(personas["viewer"], 2025, commune)] == ["PA", "PA-PNV"]
    # Below the province: the province's decision is out of the secretariat's sight.
    assert [a.code for a in dashboard_agencies(personas["secretariat"], 2026, commune)] == ["PA", "PA-PKT"]


def test_it_reads_the_choices_in_one_query_with_the_fields_the_picker_prints(
    decisions, personas, django_assert_num_queries
):
    from agencies.permissions import memberships_of

    viewer = personas["viewer"]
    memberships_of(viewer)  # the viewer's memberships are read once per request, before this
    with django_assert_num_queries(1):
        choices = list(dashboard_agencies(viewer, 2026, decisions["commune"]))
    with django_assert_num_queries(0):
        shown = [(a.id, a.name, a.short_name, a.depth, a.path) for a in choices]
    province, commune, unit = decisions["province"], decisions["commune"], decisions["unit"]
    assert shown == [
        (province.pk, "Ủy ban nhân dân tỉnh Đồng Nai", "", 0, f"/{province.pk}/"),
        (commune.pk, "Ủy ban nhân dân xã Phước An", "UBND xã Phước An", 1, f"/{province.pk}/{commune.pk}/"),
        (unit.pk, "Phòng Kinh tế xã Phước An", "", 2, f"/{province.pk}/{commune.pk}/{unit.pk}/"),
    ]
