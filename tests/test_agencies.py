"""The agency tree: paths, moves, search without diacritics, dissolved agencies, pages and CSV import."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from agencies import services
from agencies.models import Agency, AgencyKind


def test_it_finds_a_subtree_in_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = {a.code for a in Agency.objects.subtree_of(tree["province"])}
    assert codes == {"DNI", "PA", "PA-PKT", "NT"}


def test_it_moves_a_whole_subtree_when_the_parent_changes(tree):
    services.agency_update(agency=tree["commune"], parent=tree["other"])
    unit = Agency.objects.get(code="PA-PKT")
    assert unit.path.startswith(Agency.objects.get(code="KG").path)
    assert unit.depth == 2
    assert "PA-PKT" not in {a.code for a in Agency.objects.subtree_of(tree["province"])}


def test_it_refuses_to_put_an_agency_under_its_own_unit(tree):
    with pytest.raises(ValidationError):
        services.agency_update(agency=tree["commune"], parent=tree["unit"])
    assert Agency.objects.get(code="PA").parent_id == tree["province"].pk


def test_it_keeps_levels_as_data_with_any_depth(tree):
    parent = tree["unit"]
    for level in range(6):
        parent = services.agency_create(code=f"DEEP{level}", name=f"Tổ {level}", parent=parent)
    assert parent.depth == 8
    assert Agency.objects.subtree_of(tree["province"]).filter(code="DEEP5").exists()


def test_it_searches_without_diacritics(tree):
    assert list(Agency.objects.search("nhon trach").values_list("code", flat=True)) == ["NT"]
    assert list(Agency.objects.search("PHUOC AN").values_list("code", flat=True)) == ["PA", "PA-PKT"]


def test_it_stores_names_as_nfc(tree):
    agency = services.agency_create(code="NFD", name="Ủy ban nhân dân xã Phước Thiền".replace("ư", "u\u031b"))
    assert agency.name == "Ủy ban nhân dân xã Phước Thiền"


def test_it_refuses_html_in_names(tree):
    with pytest.raises(ValidationError):
        services.agency_create(code="BAD", name="<script>alert(1)</script>")
    assert not Agency.objects.filter(code="BAD").exists()


def test_it_shows_the_tree_collapsed_with_dissolved_agencies_greyed(client_for):
    response = client_for("viewer").get(reverse("agencies:tree"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ủy ban nhân dân huyện Nhơn Trạch" in html
    assert 'class="node dissolved"' in html
    assert "<details open" not in html
    assert "Kiên Giang" not in html


def test_it_opens_the_branches_that_lead_to_a_search_match(client_for):
    html = client_for("viewer").get(reverse("agencies:tree"), {"q": "kinh te"}).content.decode()
    assert "Phòng Kinh tế xã Phước An" in html
    assert "<details open" in html
    assert "Nhơn Trạch" not in html


def test_it_shows_successors_of_a_dissolved_agency(client_for, tree):
    html = client_for("viewer").get(reverse("agencies:detail", args=[tree["district"].pk])).content.decode()
    assert "Ủy ban nhân dân xã Phước An" in html or "UBND xã Phước An" in html


def test_it_renders_the_tree_with_a_fixed_number_of_queries(client_for, tree, django_assert_max_num_queries):
    client = client_for("viewer")
    client.get(reverse("agencies:tree"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("agencies:tree"))
    for i in range(40):
        services.agency_create(code=f"X{i}", name=f"Xã {i}", parent=tree["province"], kind=AgencyKind.COMMUNE_COMMITTEE)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("agencies:tree"))


def test_it_hides_other_provinces_from_an_outsider(client_for, tree):
    assert client_for("outsider").get(reverse("agencies:detail", args=[tree["commune"].pk])).status_code == 404
    assert client_for("anonymous").get(reverse("agencies:detail", args=[tree["commune"].pk])).status_code == 302


def test_it_lists_members_on_the_agency_page(client_for, tree):
    html = client_for("secretariat").get(reverse("agencies:detail", args=[tree["commune"].pk])).content.decode()
    assert "editor@example.invalid" in html


CSV_HEADER = "code,name,short_name,kind,parent_code,symbol,place,header_parent,header_own,dissolved_on\n"


def test_it_imports_agencies_from_csv_in_any_order(db, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        CSV_HEADER
        + "AG-1,Phòng Kinh tế,PKT,unit,AG,PKT,Long Xuyên,UBND TỈNH AN GIANG,PHÒNG KINH TẾ,\n"
        + "AG,Ủy ban nhân dân tỉnh An Giang,UBND tỉnh,province_committee,,UBND,An Giang,,ỦY BAN NHÂN DÂN TỈNH AN GIANG,\n"
        + "KG,Ủy ban nhân dân tỉnh Kiên Giang,,province_committee,,UBND,Kiên Giang,,,01/07/2025\n",
        encoding="utf-8",
    )
    call_command("import_agencies", str(path))
    assert Agency.objects.get(code="AG-1").parent.code == "AG"
    assert Agency.objects.get(code="KG").dissolved_on == date(2025, 7, 1)


def test_it_lists_every_bad_row_and_imports_nothing(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        CSV_HEADER
        + "OK,Cơ quan tốt,,other,,,,,,\n"
        + "B1,Thiếu cha,,other,NOPE,,,,,\n"
        + ",Không mã,,other,,,,,,\n"
        + "B3,Loại sai,,ministry,,,,,,\n"
        + "B4,Ngày sai,,other,,,,,,31/02/2025\n"
        + "OK,Trùng mã,,other,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="5"):
        call_command("import_agencies", str(path))
    err = capsys.readouterr().err
    for line in (3, 4, 5, 6, 7):
        assert f"{line}:" in err
    assert Agency.objects.count() == 0


def test_it_refuses_a_csv_that_is_not_utf8(db, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes((CSV_HEADER + "A,Ph\xf2ng,,other,,,,,,\n").encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_agencies", str(path))
    assert Agency.objects.count() == 0


def test_it_loads_demo_data_idempotently(db):
    call_command("demo_data")
    count = Agency.objects.count()
    call_command("demo_data")
    assert Agency.objects.count() == count
    nt = Agency.objects.get(code="DNI-NT")
    assert nt.dissolved_on == date(2025, 7, 1)
    assert {a.code for a in nt.split_into.all()} == {"DNI-PA", "DNI-NTR"}


def test_it_moves_every_level_below_a_moved_agency(tree):
    grandchild = services.agency_create(code="PA-PKT-T1", name="Tổ một cửa", parent=tree["unit"])
    great = services.agency_create(code="PA-PKT-T1-A", name="Nhóm A", parent=grandchild)
    services.agency_update(agency=tree["commune"], parent=tree["other"])
    other = Agency.objects.get(code="KG")
    for code, depth in (("PA", 1), ("PA-PKT", 2), ("PA-PKT-T1", 3), ("PA-PKT-T1-A", 4)):
        moved = Agency.objects.get(code=code)
        assert moved.path.startswith(other.path) and moved.depth == depth, (code, moved.path)
    assert set(Agency.objects.subtree_of(other).values_list("code", flat=True)) >= {"PA-PKT-T1-A"}
    assert great.pk in {a.pk for a in Agency.objects.subtree_of(Agency.objects.get(code="PA"))}


def test_it_refuses_a_cycle_in_the_admin_with_a_message(tree, client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    client.force_login(admin_user)
    commune = tree["commune"]
    data = {
        "code": commune.code,
        "name": commune.name,
        "short_name": commune.short_name,
        "kind": commune.kind,
        "parent": tree["unit"].pk,
        "header_parent": "",
        "header_own": commune.header_own,
        "symbol": "UBND",
        "place": "Phước An",
        "dissolved_on": "",
        "merged_into": "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    response = client.post(f"/admin/agencies/agency/{commune.pk}/change/", data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert Agency.objects.get(pk=commune.pk).parent_id == tree["province"].pk


def test_it_shows_decisions_in_the_admin_without_letting_anyone_change_them(db, client, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", "root@example.invalid", "x-very-long-pass")
    client.force_login(admin_user)
    assert client.get("/admin/objectives/decision/").status_code == 200
    assert client.get("/admin/objectives/decision/add/").status_code == 403
    assert client.get("/admin/reports/report/add/").status_code == 403


def test_the_demo_command_counts_every_demo_decision_it_loaded(db):
    out = StringIO()
    with translation.override("vi"):
        call_command("demo_data", stdout=out)
    # The 4 samples, the commune's 2025 decision and 2026 amendment draft, and its 4 units' of 2025 and 2026.
    assert "14 quyết định mẫu" in out.getvalue()
