"""Vietnamese-correct text: tone-mark variants ("hoà"/"hòa", "Uỷ"/"Ủy") are equal in search and in
duplicate checks, and names sort in Vietnamese order (Đ after D, not after Z)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from agencies import services as agency_services
from agencies.models import Agency, AgencyKind
from qms_portal.text import tone_key, vn_sort_key


@pytest.mark.parametrize(
    "old, new",
    [
        ("Văn hoá", "Văn hóa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuý", "thúy"),
        ("KHOẺ", "khỏe"),
        ("Hoà  Bình", "hòa bình"),
    ],
)
def test_old_and_new_tone_placement_give_the_same_key(old, new):
    assert tone_key(old) == tone_key(new)


def test_different_tones_stay_different():
    assert tone_key("hòa") != tone_key("hóa") and tone_key("Đông") != tone_key("Dong")


def test_names_sort_in_vietnamese_order():
    names = [
        "Đồng Nai",
        "Yên Bái",
        "Điện Biên",
        "Dương",
        "An Giang",
        "Ăn",
        "Âu",
        "Bình Dương",
        "Bạc Liêu",
        "Ơn",
        "Ô",
        "Ư",
        "Uông",
    ]
    assert sorted(names, key=vn_sort_key) == [
        "An Giang",
        "Ăn",
        "Âu",
        "Bạc Liêu",
        "Bình Dương",
        "Dương",
        "Điện Biên",
        "Đồng Nai",
        "Ô",
        "Ơn",
        "Uông",
        "Ư",
        "Yên Bái",
    ]
    # Python's own order puts Đ after Z:
    assert sorted(["Đồng Nai", "Yên Bái", "Dương"]) == ["Dương", "Yên Bái", "Đồng Nai"]


def test_search_finds_both_spellings(tree, client_for):
    agency_services.agency_create(
        code="PA-VH", name="Phòng Văn hoá - Xã hội xã Phước An", kind=AgencyKind.UNIT, parent=tree["commune"]
    )
    for query in ("văn hóa", "văn hoá", "van hoa"):
        assert Agency.objects.search(query).filter(code="PA-VH").exists(), query
    assert client_for("secretariat").get(reverse("agencies:tree"), {"q": "Văn hóa"}).status_code == 200


def test_a_sibling_with_the_same_name_in_another_tone_style_is_refused(tree):
    agency_services.agency_create(
        code="PA-VH", name="Phòng Văn hoá - Xã hội", kind=AgencyKind.UNIT, parent=tree["commune"]
    )
    with pytest.raises(ValidationError) as error:
        agency_services.agency_create(
            code="PA-VH2", name="Phòng Văn hóa - Xã hội", kind=AgencyKind.UNIT, parent=tree["commune"]
        )
    assert "name" in error.value.message_dict
    # The same name under another parent is fine.
    agency_services.agency_create(
        code="KG-VH", name="Phòng Văn hóa - Xã hội", kind=AgencyKind.UNIT, parent=tree["other_commune"]
    )
