"""Never a silent zero: a text without objectives stops the command with a reason and is shown prominently
in the browser, where what was found can still be saved; files that cannot be read get a message, never a
500, and a Word file in the shapes agencies use imports whole."""

import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from objectives.models import Decision, Target

sys.path.insert(0, str(Path(__file__).parent / "import_corpus"))
import docx_corpus  # noqa: E402

NO_LIST = (
    "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH\nSố: 12/QĐ-UBND\nAn Bình, ngày 05 tháng 01 năm 2026\nQUYẾT ĐỊNH\n"
    "Về việc ban hành Mục tiêu chất lượng năm 2026\nCHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH\nQUYẾT ĐỊNH:\n"
    "Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng năm 2026.\n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký./.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n"
    "CHỦ TỊCH\nNguyễn Văn An\n"
)


def preview(client, tree, **data):
    return client.post(reverse("objectives:decision-import"), {"agency": tree["commune"].pk, "step": "parse", **data})


def save_from_preview(client, response):
    form = response.context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not None and v is not False}
    data["step"] = "save"
    return client.post(reverse("objectives:decision-import"), data)


def test_the_command_stops_with_a_reason_when_no_objective_is_found(tmp_path, db):
    path = tmp_path / "qd.txt"
    path.write_text(NO_LIST, encoding="utf-8")
    with translation.override("vi"), pytest.raises(CommandError) as error:
        call_command("import_decision", str(path))
    assert "Không tìm thấy mục tiêu chất lượng nào" in str(error.value) and "--allow-empty" in str(error.value)


def test_the_command_exits_non_zero_in_a_shell(tmp_path):
    import subprocess

    path = tmp_path / "qd.txt"
    path.write_text(NO_LIST, encoding="utf-8")
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "manage.py", "import_decision", str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    assert done.returncode == 1 and "--allow-empty" in done.stderr


def test_the_command_saves_an_empty_draft_only_when_asked(tmp_path, tree):
    path = tmp_path / "qd.txt"
    path.write_text(NO_LIST, encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_decision", str(path), "--agency", "KG-X", "--save")
    assert not Decision.objects.exists()
    call_command("import_decision", str(path), "--agency", "KG-X", "--save", "--allow-empty")
    decision = Decision.objects.get()
    assert decision.year == 2026 and decision.objectives.count() == 0 and decision.signer_name == "Nguyễn Văn An"


def test_the_browser_says_so_prominently_and_still_saves_what_was_found(client_for, tree):
    client = client_for("editor")
    with translation.override("vi"):
        response = preview(client, tree, text=NO_LIST)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["groups"] == []
    assert 'id="no-objectives"' in html and "alert-danger" in html.split('id="no-objectives"')[0][-80:]
    assert "Không tìm thấy mục tiêu chất lượng nào, nên sẽ không có gì để đo." in html
    assert "thêm từng mục tiêu trong trình soạn quyết định" in html
    saved = save_from_preview(client, response)
    assert saved.status_code == 302, saved.context["form"].errors
    decision = Decision.objects.get()
    assert saved["Location"] == reverse("objectives:decision-editor", args=[decision.pk])
    assert decision.objectives.count() == 0 and decision.year == 2026


def test_the_preview_of_a_sample_does_not_show_the_alarm(client_for, tree):
    text = (Path(__file__).parent / "import_corpus" / "2026_phuoc_an_table.txt").read_text(encoding="utf-8")
    assert 'id="no-objectives"' not in preview(client_for("editor"), tree, text=text).content.decode()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("decision.doc", b"{\\rtf1\\ansi Quyet dinh}", "RTF"),
        ("decision.rtf", b"  {\\rtf1 x}", "RTF"),
        ("decision.pdf", b"plain text saved with a .pdf name", ".docx"),
        ("bomb.docx", docx_corpus.zip_bomb(20), "16 MB"),
        ("dtd.docx", docx_corpus.raw_docx('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "b">]><w/>'), "DOCTYPE"),
        ("broken.docx", docx_corpus.raw_docx("<w:document><w:body><w:p>"), ".docx"),
    ],
)
def test_unreadable_files_get_a_message_and_change_nothing(client_for, tree, name, content, expected):
    with translation.override("en"):
        response = preview(client_for("editor"), tree, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert expected in errors
    assert not Decision.objects.exists()


def test_comments_and_processing_instructions_in_a_word_file_are_no_500(client_for, tree):
    xml = docx_corpus.paragraphs_xml(
        NO_LIST.split("\n") + ["MỤC TIÊU CHẤT LƯỢNG NĂM 2026", "1. Hồ sơ đúng hạn đạt 98%."]
    )
    xml = xml.replace("<w:body>", "<w:body><!-- c --><?pi x?>")
    response = preview(client_for("editor"), tree, file=SimpleUploadedFile("c.docx", docx_corpus.raw_docx(xml)))
    assert response.status_code == 200 and len(response.context["groups"]) == 1


def test_a_word_file_with_automatic_numbering_and_layout_tables_imports_whole(client_for, tree):
    client = client_for("editor")
    upload = SimpleUploadedFile("qd.docx", docx_corpus.d01_so_khcn_word_numbering())
    response = preview(client, tree, file=upload)
    form = response.context["form"]
    assert form["header_parent"].value() == "UBND TỈNH QUẢNG NINH"
    assert form["header_own"].value() == "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    assert (form["signer_prefix"].value(), form["signer_title"].value(), form["signer_name"].value()) == (
        "KT.",
        "PHÓ GIÁM ĐỐC",
        "Vũ Thị Lan",
    )
    save_from_preview(client, response)
    decision = Decision.objects.get()
    assert decision.objectives.count() == 4
    first = Target.objects.get(objective__decision=decision, objective__order=1)
    assert (first.comparator, first.value, first.unit) == (">=", 98, "percent")


def test_an_increase_is_kept_as_a_done_target_that_says_it(client_for, tree):
    client = client_for("editor")
    text = NO_LIST + "\nMỤC TIÊU CHẤT LƯỢNG NĂM 2026\n1. Tăng 10% số hồ sơ nộp trực tuyến so với năm 2025.\n"
    save_from_preview(client, preview(client, tree, text=text))
    target = Target.objects.get()
    assert (target.comparator, target.unit, target.source_phrase) == ("done", "text", "Tăng 10%")
    assert target.label == "Số hồ sơ nộp trực tuyến so với năm"
