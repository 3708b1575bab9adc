"""Project-wide guarantees: migrations match the models, translations are complete and compiled."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PO = {lang: ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in ("vi", "en")}


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts with msgid, msgstr (joined plural forms) and flags."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and entry.get("msgid") is not None:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"flags": set(), "msgstr": [], "obsolete": False}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid_plural"):
            key = "msgid_plural"
            entry[key] = _unquote(line[len("msgid_plural") :])
        elif line.startswith("msgid"):
            key = "msgid"
            entry[key] = _unquote(line[len("msgid") :])
        elif line.startswith("msgstr"):
            key = "msgstr"
            entry["msgstr"].append(_unquote(line.split(" ", 1)[1]))
        elif line.startswith('"') and key:
            if key == "msgstr":
                entry["msgstr"][-1] += _unquote(line)
            else:
                entry[key] += _unquote(line)
    return entries


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(text: str) -> str:
    """The content of a quoted .po string, with its C escapes resolved."""
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), body)


def test_it_has_a_migration_for_every_model_change(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_it_translates_every_message_into_vietnamese():
    entries = [e for e in parse_po(PO["vi"]) if e["msgid"] and not e["obsolete"]]
    assert len(entries) > 100
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_it_ships_compiled_catalogues_that_match_the_sources():
    for lang, po in PO.items():
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run make messages"
        catalog = gettext.GNUTranslations(mo.open("rb"))._catalog
        for entry in parse_po(po):
            if entry["obsolete"] or not entry["msgid"] or "fuzzy" in entry["flags"] or not all(entry["msgstr"]):
                continue
            key = (entry["msgid"], 0) if "msgid_plural" in entry else entry["msgid"]
            assert catalog.get(key) == entry["msgstr"][0], f"{lang}: {entry['msgid']!r} not compiled; run make messages"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_it_has_every_source_string_in_the_catalogue(tmp_path):
    """makemessages into a scratch copy must not find any msgid the committed catalogue lacks."""
    scratch = tmp_path / "src"
    shutil.copytree(
        ROOT,
        scratch,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "node_modules",
            "*.sqlite3*",
            "media",
            ".test-media",
            "test-artifacts",
            "staticfiles",
            "mutants",  # mutmut's mutated copies (make mutation)
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-obsolete",
            "-i",
            "bench/*",
            "-i",
            "tests/*",
            "-i",
            ".venv/*",
        ],
        cwd=scratch,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
    )
    committed = {e["msgid"] for e in parse_po(PO["vi"]) if not e["obsolete"]}
    fresh = {e["msgid"] for e in parse_po(scratch / "locale" / "vi" / "LC_MESSAGES" / "django.po") if not e["obsolete"]}
    missing = sorted(fresh - committed)
    assert not missing, f"{len(missing)} strings not in the catalogue (run make messages), e.g. {missing[:5]}"
