"""The importer's warnings: English msgids extracted by makemessages, shown in the active language under
Django, and in Vietnamese, exactly as the corpus expects, when the parser runs without Django."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from objectives.apps import translate_importer_message
from objectives.importer import messages as msg
from objectives.importer import parse_decision

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "import_corpus"
NAMES = sorted(name for name, value in vars(msg).items() if name.isupper() and isinstance(value, str))

ENGLISH_MISMATCH = "The decision number in the header (420) differs from the number in the appendix (720)."
VIETNAMESE_MISMATCH = "Số quyết định ở phần đầu (420) khác với số trong phụ lục (720)."


def nhon_trach() -> str:
    return (CORPUS / "2024_nhon_trach_420.txt").read_text(encoding="utf-8")


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


@pytest.fixture
def restore_translator():
    before = msg.get_translator()
    yield
    msg.set_translator(before)


def test_django_translates_the_warnings_in_the_active_language():
    assert msg.get_translator() is translate_importer_message  # installed by ObjectivesConfig.ready()
    with translation.override("en"):
        warnings = parse_decision(nhon_trach()).warnings
    assert ENGLISH_MISMATCH in warnings and VIETNAMESE_MISMATCH not in warnings
    assert warnings == [
        "No issuing agency name was found at the top of the text.",
        ENGLISH_MISMATCH,
        (
            "The signature block gives the deputy position “PHÓ CHỦ TỊCH” under “CHỦ TỊCH” but lacks “KT.”; "
            "a deputy signing on behalf of the head must write “KT. CHỦ TỊCH”."
        ),
    ]
    with translation.override("vi"):
        warnings = parse_decision(nhon_trach()).warnings
    assert VIETNAMESE_MISMATCH in warnings and ENGLISH_MISMATCH not in warnings


def test_vietnamese_falls_back_to_the_built_in_text_only_for_a_missing_translation(monkeypatch):
    monkeypatch.setattr(translation, "gettext", lambda message: message)  # a catalogue without the msgids
    with translation.override("vi"):
        assert translate_importer_message(msg.NUMBER_MISMATCH) == msg.VIETNAMESE[msg.NUMBER_MISMATCH]
    with translation.override("en"):
        assert translate_importer_message(msg.NUMBER_MISMATCH) == msg.NUMBER_MISMATCH
    monkeypatch.setattr(translation, "gettext", lambda message: "từ danh mục")
    with translation.override("vi"):
        assert translate_importer_message(msg.NUMBER_MISMATCH) == "từ danh mục"


@pytest.mark.parametrize("name", NAMES)
def test_the_vi_catalogue_and_the_built_in_dictionary_agree(name):
    message = getattr(msg, name)
    with translation.override("vi"):
        translated = translation.gettext(message)
    # until the catalogue is regenerated gettext hands back the msgid; once it has it, the same Vietnamese
    assert translated in (message, msg.VIETNAMESE[message])


@pytest.mark.parametrize("name", NAMES)
def test_each_msgid_is_english_with_a_vietnamese_translation_of_the_same_placeholders(name):
    message = getattr(msg, name)
    assert "{" not in message and "{" not in msg.VIETNAMESE[message]
    assert placeholders(message) == placeholders(msg.VIETNAMESE[message])
    assert message.count("%") == len(re.findall(r"%\(\w+\)s", message))  # no stray % for python-format


def test_every_msgid_has_a_vietnamese_translation():
    assert set(msg.VIETNAMESE) == {getattr(msg, name) for name in NAMES}


def test_render_translates_then_formats(restore_translator):
    msg.set_translator({"a %(x)s b": "á %(x)s bé"}.get)
    assert msg.render("a %(x)s b", x="y") == "á y bé"
    assert msg.render("a %(x)s b") == "á %(x)s bé"  # no params: the text is left as is
    msg.set_translator(None)
    assert msg.render(msg.NUMBER_MISMATCH, header="420", appendix="720") == VIETNAMESE_MISMATCH
    assert msg.render(msg.OCR_DIGIT, line=27, found="l", fixed="1") == (
        "Dòng 27: đã đọc “l” thành số “1” (lỗi nhận dạng ký tự); hãy kiểm tra lại."
    )


def test_without_django_the_parser_gives_the_vietnamese_warnings():
    code = (
        "import json, sys\n"
        "from objectives.importer import parse_decision\n"
        f"text = open({str(CORPUS / '2024_nhon_trach_420.txt')!r}, encoding='utf-8').read()\n"
        "print(json.dumps(parse_decision(text).warnings))\n"
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    warnings = json.loads(done.stdout)
    expected = json.loads((CORPUS / "2024_nhon_trach_420.expected.json").read_text(encoding="utf-8"))["warnings"]
    assert warnings == expected and VIETNAMESE_MISMATCH in warnings


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
def test_makemessages_extracts_every_msgid():
    # the same xgettext call as Django's makemessages makes for Python files (it passes gettext_noop)
    done = subprocess.run(
        [
            "xgettext",
            "--language=Python",
            "--keyword=gettext_noop",
            "--from-code=UTF-8",
            "--output=-",
            "objectives/importer/messages.py",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    entries = re.findall(r'^msgid ((?:".*"\n)+)', done.stdout, re.MULTILINE)
    extracted = {"".join(json.loads(part) for part in entry.split("\n") if part) for entry in entries} - {""}
    assert extracted == set(msg.VIETNAMESE)
