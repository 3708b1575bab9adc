"""Importing an existing decision through the browser and the command line."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from objectives.models import Decision, DecisionStatus, Target

# Every write these tests make through the services must leave matching history rows.
pytestmark = pytest.mark.usefixtures("complete_history")


CORPUS = Path(__file__).parent / "import_corpus"
SAMPLE = (CORPUS / "2026_phuoc_an_table.txt").read_text(encoding="utf-8")


def preview(client, tree, **data):
    return client.post(reverse("objectives:decision-import"), {"agency": tree["commune"].pk, "step": "parse", **data})


def save_from_preview(client, response) -> object:
    form = response.context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data["step"] = "save"
    return client.post(reverse("objectives:decision-import"), data)


def test_it_shows_every_parsed_field_beside_the_source(client_for, tree):
    response = preview(client_for("editor"), tree, text=SAMPLE)
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    # Every source line is listed, the understood ones marked, and each parsed field is an editable input.
    assert html.count('<li id="src-') == len(SAMPLE.splitlines())
    assert 'class="parsed"' in html
    assert form["symbol"].value() == "QĐ-UBND" and form["place"].value() == "Phước An"
    assert form["signer_name"].value() == "Lê Văn Minh" and form["year"].value() == 2026
    assert form["obj-7-content"].value() == "Sáng kiến cải tiến được Hội đồng sáng kiến xã công nhận."
    assert "Sáng kiến cải tiến được Hội đồng sáng kiến xã công nhận." in html


def test_it_saves_a_pasted_sample_as_a_draft_that_matches_it(client_for, tree):
    client = client_for("editor")
    response = save_from_preview(client, preview(client, tree, text=SAMPLE))
    decision = Decision.objects.get()
    assert response["Location"] == reverse("objectives:decision-editor", args=[decision.pk])
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert decision.year == 2026 and decision.signer_prefix == "KT." and decision.signer_name == "Lê Văn Minh"
    assert decision.objectives.count() == 8
    assert list(decision.sections.values_list("title", flat=True)) == [
        "Đối với Ủy ban nhân dân xã",
        "Đối với các phòng chuyên môn",
    ]
    first = Target.objects.get(objective__decision=decision, objective__order=1)
    assert (first.comparator, first.value, first.unit) == (">=", 98, "percent")
    ranged = Target.objects.get(objective__decision=decision, comparator="between")
    assert (ranged.value, ranged.upper, ranged.unit) == (1, 2, "times_per_year")
    assert "15/QĐ-UBND" in decision.events.first().comment


def test_it_applies_corrections_made_in_the_preview(client_for, tree):
    client = client_for("editor")
    response = preview(client, tree, text=SAMPLE)
    form = response.context["form"]
    data = {n: form[n].value() for n in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data.update(
        {
            "step": "save",
            "summary": "Về việc ban hành Mục tiêu chất lượng năm 2026 (đã sửa)",
            "obj-0-targets": "Tối thiểu 99%",
        }
    )
    data.pop("obj-7-include")
    client.post(reverse("objectives:decision-import"), data)
    decision = Decision.objects.get()
    assert decision.summary.endswith("(đã sửa)")
    assert decision.objectives.count() == 7
    assert Target.objects.get(objective__decision=decision, objective__order=1).value == 99


def test_it_reads_an_uploaded_word_file(client_for, tree):
    import docx

    document = docx.Document()
    for line in SAMPLE.splitlines():
        if "\t" in line:
            continue
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=5)
    for line in SAMPLE.splitlines():
        if "\t" in line:
            cells = table.add_row().cells
            for cell, text in zip(cells, line.split("\t")):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("qd15.docx", buffer.getvalue())
    response = preview(client_for("editor"), tree, file=upload)
    assert response.status_code == 200
    assert len(response.context["groups"]) == 8


@pytest.mark.parametrize(
    "name, content",
    [
        ("scan.pdf", b"%PDF-1.4 fake"),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ],
)
def test_it_refuses_files_that_are_not_text_or_docx(client_for, tree, name, content):
    response = preview(client_for("editor"), tree, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Decision.objects.exists()


def test_it_refuses_an_oversized_file(client_for, tree, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    response = preview(client_for("editor"), tree, file=SimpleUploadedFile("big.txt", SAMPLE.encode()))
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize("persona, status", [("anonymous", 302), ("viewer", 403), ("unit_head", 403), ("editor", 200)])
def test_it_lets_only_editors_import(client_for, persona, status):
    assert client_for(persona).get(reverse("objectives:decision-import")).status_code == status


def test_it_refuses_an_agency_outside_the_editors_reach(client_for, tree):
    response = client_for("editor").post(
        reverse("objectives:decision-import"), {"agency": tree["other"].pk, "text": SAMPLE, "step": "parse"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Decision.objects.exists()


def test_it_prints_the_exact_json_structure(capsys, db):
    call_command("import_decision", str(CORPUS / "2026_phuoc_an_table.txt"), "--json")
    parsed = json.loads(capsys.readouterr().out)
    assert list(parsed) == [
        "agency_lines",
        "number",
        "symbol",
        "place",
        "date",
        "year",
        "doc_type",
        "summary",
        "authority",
        "legal_bases",
        "proposal",
        "articles",
        "recipients",
        "signer",
        "appendix_title",
        "objectives",
        "warnings",
        "unparsed",
    ]
    assert parsed["number"] == "15" and parsed["date"] == "2026-01-09"
    assert set(parsed["objectives"][0]["targets"][0]) == {"comparator", "value", "upper", "unit", "scope", "source"}


def test_it_saves_a_draft_from_the_command_line(tree, capsys):
    call_command("import_decision", str(CORPUS / "2019_giong_rieng_93.txt"), "--agency", "KG-X", "--save")
    decision = Decision.objects.get()
    assert decision.agency.code == "KG-X" and decision.year == 2019 and decision.objectives.count() == 6


def test_an_empty_issuing_authority_is_marked_required_and_named_beside_its_field(client_for, tree):
    client = client_for("editor")
    response = preview(client, tree, text=SAMPLE)
    html = response.content.decode()
    assert re.search(r'for="id_authority"[^>]*>[^<]*<span class="asteriskField">\*</span>', html) or re.search(
        r'Thẩm quyền ban hành\s*<span class="asteriskField">\*</span>', html
    )
    form = response.context["form"]
    data = {n: form[n].value() for n in form.fields}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (None, False)}
    data.update({"step": "save", "authority": ""})
    response = client.post(reverse("objectives:decision-import"), data)
    assert response.status_code == 200 and not Decision.objects.exists()
    assert "authority" in response.context["form"].errors
    page = response.content.decode()
    assert page.index("Trường này là bắt buộc.") > page.index('id="id_authority"')
