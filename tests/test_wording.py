"""Wording from data: the head's title and the authority as written, pre-filled from the agency's kind, and the
lines of a decision composed from them in the case each position needs (never by lower-casing)."""

import pytest

from agencies import services as agency_services
from agencies.models import AgencyKind
from objectives.documents import appendix_reference


@pytest.mark.parametrize(
    ("kind", "name", "title", "authority"),
    [
        (
            AgencyKind.COMMUNE_COMMITTEE,
            "Ủy ban nhân dân xã Phước An",
            "Chủ tịch",
            "Chủ tịch Ủy ban nhân dân xã Phước An",
        ),
        (
            AgencyKind.UNIT,
            "Văn phòng HĐND và UBND xã Phước An",
            "Chánh Văn phòng",
            "Chánh Văn phòng HĐND và UBND xã Phước An",
        ),
        (AgencyKind.UNIT, "Phòng Kinh tế xã Phước An", "Trưởng phòng", "Trưởng phòng Kinh tế xã Phước An"),
        (
            AgencyKind.SERVICE_CENTRE,
            "Trung tâm Phục vụ hành chính công xã Phước An",
            "Giám đốc",
            "Giám đốc Trung tâm Phục vụ hành chính công xã Phước An",
        ),
        (
            AgencyKind.DEPARTMENT,
            "Sở Khoa học và Công nghệ tỉnh Đồng Nai",
            "Giám đốc",
            "Giám đốc Sở Khoa học và Công nghệ tỉnh Đồng Nai",
        ),
        (
            AgencyKind.PROVINCE_OFFICE,
            "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
            "Chánh Văn phòng",
            "Chánh Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
        ),
        (AgencyKind.OTHER, "Ban Quản lý dự án xã Phước An", "Trưởng ban", "Trưởng Ban Quản lý dự án xã Phước An"),
    ],
)
def test_it_prefills_the_heads_title_and_authority_from_the_kind(db, kind, name, title, authority):
    agency = agency_services.agency_create(code="X", name=name, kind=kind)
    assert (agency.head_title, agency.authority_text) == (title, authority)


def test_it_keeps_what_the_user_wrote(db):
    agency = agency_services.agency_create(
        code="X",
        name="Phòng Kinh tế xã Phước An",
        kind=AgencyKind.UNIT,
        head_title="Trưởng phòng",
        authority_text="Trưởng phòng Kinh tế",
    )
    agency = agency_services.agency_update(agency=agency, name="Phòng Kinh tế, Hạ tầng và Đô thị phường Phước An")
    assert agency.authority_text == "Trưởng phòng Kinh tế"


def test_the_reference_line_keeps_capitals_and_abbreviations_of_a_legacy_decision(tree):
    """A decision stored before the issuer field (and with the old "THỦ TRƯỞNG ..." authority) is referred to by
    its agency's authority as written, never by a lower-cased authority line."""
    from objectives.models import Decision

    office = agency_services.agency_create(
        code="PA-VP",
        name="Văn phòng HĐND và UBND xã Phước An",
        kind=AgencyKind.UNIT,
        parent=tree["commune"],
        symbol="VP",
        place="Phước An",
        header_parent="UBND XÃ PHƯỚC AN",
        header_own="VĂN PHÒNG HĐND VÀ UBND",
    )
    decision = Decision(
        agency=office,
        year=2026,
        header_own="VĂN PHÒNG HĐND VÀ UBND",
        symbol="QĐ-VP",
        authority="THỦ TRƯỞNG VĂN PHÒNG HĐND VÀ UBND",
        appendix_title="MỤC TIÊU CHẤT LƯỢNG NĂM 2026",
    )
    line = appendix_reference(decision)
    assert line.endswith("của Chánh Văn phòng HĐND và UBND xã Phước An)")
    assert "hđnd" not in line and "Thủ trưởng" not in line


def test_a_target_without_an_original_phrase_keeps_its_name_in_print():
    from decimal import Decimal

    from django.utils import translation

    from objectives.models import Target
    from objectives.printing.layout import target_phrase

    named = Target(label="Tỷ lệ văn bản có chữ ký số", comparator="=", value=Decimal(100), unit="percent")
    at_least = Target(label="Hồ sơ giải quyết đúng hạn.", comparator=">=", value=Decimal(98), unit="percent")
    phrased = Target(
        label="Hồ sơ đúng hạn", comparator=">=", value=Decimal(98), unit="percent", source_phrase="tối thiểu 98%"
    )
    with translation.override("vi"):
        assert target_phrase(named, objective_text="Văn bản đi, đến.") == "Tỷ lệ văn bản có chữ ký số: 100%"
        assert target_phrase(at_least) == "Hồ sơ giải quyết đúng hạn: tối thiểu 98%"
        assert target_phrase(phrased) == "Tối thiểu 98%"  # the decision's own words win
        # A label that only repeats the objective adds nothing beside it in the table.
        assert target_phrase(at_least, objective_text="Hồ sơ giải quyết đúng hạn") == "Tối thiểu 98%"


def test_the_trich_yeu_never_ends_on_a_single_word():
    from objectives.printing.layout import keep_last_words

    assert keep_last_words(["Về việc ban hành Mục tiêu chất lượng năm 2026"]) == [
        "Về việc ban hành Mục tiêu chất lượng năm\u00a02026"
    ]
    assert keep_last_words(["Về việc"]) == ["Về việc"]
