"""Checks on vendored front-end files and PDF fonts: checksums, docs, glyph coverage, no CDN."""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
VENDOR = STATIC / "vendor"
SERIF = STATIC / "fonts" / "liberation-serif"
MANIFEST_DIRS = [VENDOR, SERIF]
UNLISTED_NAMES = {"README.md", "SHA256SUMS"}

REQUIRED_VENDOR_FILES = [
    "bootstrap/bootstrap.min.css",
    "bootstrap/bootstrap.bundle.min.js",
    "bootstrap/LICENSE",
    "bootstrap-icons/bootstrap-icons.min.css",
    "bootstrap-icons/fonts/bootstrap-icons.woff2",
    "bootstrap-icons/fonts/bootstrap-icons.woff",
    "bootstrap-icons/LICENSE",
    "htmx/htmx.min.js",
    "htmx/LICENSE",
    "chartjs/chart.umd.min.js",
    "chartjs/LICENSE.md",
]
SERIF_FACES = ["Regular", "Bold", "Italic", "BoldItalic"]

TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđfghjklmnpqrstvwxz"
_LOWERCASE = {unicodedata.normalize("NFC", base + mark) for base in VOWELS for mark in TONE_MARKS} | set(CONSONANTS)
VIETNAMESE_LETTERS = sorted(_LOWERCASE | {c.upper() for c in _LOWERCASE})
VIETNAMESE_EXTRAS = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "₫"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(folder: Path) -> dict[str, str]:
    entries: dict[str, str] = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](\S.*)", line)
        assert match, f"bad SHA256SUMS line in {folder}: {line!r}"
        digest, name = match.groups()
        assert not name.startswith("/") and ".." not in Path(name).parts, name
        entries[name] = digest
    return entries


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name not in UNLISTED_NAMES}


@pytest.mark.parametrize("folder", MANIFEST_DIRS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_it_matches_every_checksum_in_the_manifest(folder: Path) -> None:
    entries = _manifest(folder)
    assert entries
    for name, digest in entries.items():
        path = folder / name
        assert path.is_file(), f"{path} is listed in SHA256SUMS but missing"
        assert _sha256(path) == digest, f"{path} does not match SHA256SUMS"


@pytest.mark.parametrize("folder", MANIFEST_DIRS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_it_lists_every_shipped_file_in_the_manifest(folder: Path) -> None:
    unlisted = sorted(_files_under(folder) - set(_manifest(folder)))
    assert not unlisted, f"add to {folder}/SHA256SUMS and README.md: {unlisted}"


@pytest.mark.parametrize("folder", MANIFEST_DIRS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_it_documents_every_listed_file_and_checksum_in_the_readme(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for name, digest in _manifest(folder).items():
        assert f"`{name}`" in readme, f"{name} is not in {folder}/README.md"
        assert digest in readme, f"checksum of {name} is not in {folder}/README.md"


def test_it_ships_the_required_vendor_files() -> None:
    assert set(REQUIRED_VENDOR_FILES) <= set(_manifest(VENDOR))


def test_it_ships_a_licence_with_each_vendored_package() -> None:
    for package in (p for p in VENDOR.iterdir() if p.is_dir()):
        assert list(package.glob("LICENSE*")), f"no LICENSE in {package}"


def _relative_references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    refs = re.findall(r"sourceMappingURL=(\S+?)\s*(?:\*/)?\s*$", text, re.MULTILINE)
    if path.suffix == ".css":
        refs += re.findall(r"""url\(\s*["']?([^"')\s]+)""", text)
    return [r for r in refs if not r.startswith(("data:", "#"))]


def test_it_resolves_every_relative_reference_in_vendored_css_and_js() -> None:
    checked = 0
    for path in sorted([*VENDOR.rglob("*.css"), *VENDOR.rglob("*.js")]):
        for ref in _relative_references(path):
            target = (path.parent / re.split(r"[?#]", ref)[0]).resolve()
            assert VENDOR.resolve() in target.parents, f"{path}: {ref} leaves static/vendor"
            assert target.is_file(), f"{path}: {ref} not found (collectstatic would fail)"
            checked += 1
    assert checked >= 5


REMOTE = r"""\s*=\s*["']?\s*(?:https?:)?//"""
REMOTE_ASSET_PATTERNS = [
    re.compile(r"\bsrc(?:set)?" + REMOTE, re.IGNORECASE),
    re.compile(r"<(?!a\b|area\b)[a-z][\w:-]*\b[^>]*?\bhref" + REMOTE, re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""@import\s+(?:url\(\s*)?["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""\b(?:from|import)\s*\(?\s*["'](?:https?:)?//""", re.IGNORECASE),
]
SCANNED_SUFFIXES = {".html", ".htm", ".txt", ".xml", ".svg", ".css", ".js", ".mjs"}


def _remote_asset_references(text: str) -> list[str]:
    return [m.group(0) for pattern in REMOTE_ASSET_PATTERNS for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("snippet", "flagged"),
    [
        ('<script src="https://cdn.jsdelivr.net/npm/htmx.org"></script>', True),
        ("<img src=http://example.com/logo.png>", True),
        ('<link rel="stylesheet" href="https://fonts.googleapis.com/css2">', True),
        ("<link href='//cdn.example.com/x.css' rel=stylesheet>", True),
        ('<LINK REL="stylesheet"\n      HREF="HTTPS://cdn.example.com/x.css">', True),
        ("@font-face { src: url(https://example.com/f.woff2) }", True),
        ('.x { background: url( "http://example.com/bg.png") }', True),
        ('@import "https://example.com/x.css";', True),
        ('import Chart from "https://esm.sh/chart.js";', True),
        ('<a href="https://vbpl.vn/">Văn bản pháp luật</a>', False),
        ("<script src=\"{% static 'vendor/htmx/htmx.min.js' %}\"></script>", False),
        ('<link rel="stylesheet" href="{% static \'vendor/bootstrap/bootstrap.min.css\' %}">', False),
        ('src: url("fonts/bootstrap-icons.woff2?abc") format("woff2")', False),
        ("url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e\")", False),
        ('<svg xmlns="http://www.w3.org/2000/svg"></svg>', False),
    ],
)
def test_it_detects_remote_asset_references(snippet: str, flagged: bool) -> None:
    assert bool(_remote_asset_references(snippet)) is flagged


def _scanned_files() -> list[Path]:
    roots = [ROOT / "templates", STATIC]
    roots += [p for p in ROOT.glob("*/*") if p.name in {"templates", "static"} and not p.parent.name.startswith(".")]
    files = {
        path
        for root in roots
        if root.is_dir()
        for path in root.rglob("*")
        if path.is_file() and path.suffix.lower() in SCANNED_SUFFIXES and VENDOR not in path.parents
    }
    return sorted(files)


def test_it_finds_no_remote_asset_references_in_templates_or_static() -> None:
    offenders = {
        path.relative_to(ROOT).as_posix(): hits
        for path in _scanned_files()
        if (hits := _remote_asset_references(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert not offenders, f"load assets from static/vendor, not a CDN: {offenders}"


def _cmap_codepoints(font: bytes) -> set[int]:
    """Code points that the Unicode subtables of a TrueType 'cmap' map to a real glyph."""
    (num_tables,) = struct.unpack_from(">H", font, 4)
    tables = {
        tag: offset
        for tag, _, offset, _ in (struct.unpack_from(">4sIII", font, 12 + 16 * i) for i in range(num_tables))
    }
    cmap = tables[b"cmap"]
    _, num_subtables = struct.unpack_from(">HH", font, cmap)
    covered: set[int] = set()
    for i in range(num_subtables):
        platform, encoding, offset = struct.unpack_from(">HHI", font, cmap + 4 + 8 * i)
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue
        sub = cmap + offset
        (fmt,) = struct.unpack_from(">H", font, sub)
        if fmt == 4:
            covered |= _cmap_format4(font, sub)
        elif fmt == 12:
            covered |= _cmap_format12(font, sub)
    return covered


def _cmap_format4(font: bytes, sub: int) -> set[int]:
    seg_count = struct.unpack_from(">H", font, sub + 6)[0] // 2
    ends = struct.unpack_from(f">{seg_count}H", font, sub + 14)
    starts = struct.unpack_from(f">{seg_count}H", font, sub + 16 + 2 * seg_count)
    deltas = struct.unpack_from(f">{seg_count}h", font, sub + 16 + 4 * seg_count)
    range_offsets_at = sub + 16 + 6 * seg_count
    range_offsets = struct.unpack_from(f">{seg_count}H", font, range_offsets_at)
    covered = set()
    for i, (start, end, delta, range_offset) in enumerate(zip(starts, ends, deltas, range_offsets)):
        for code in range(start, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = range_offsets_at + 2 * i + range_offset + 2 * (code - start)
                glyph = struct.unpack_from(">H", font, at)[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            if glyph:
                covered.add(code)
    return covered


def _cmap_format12(font: bytes, sub: int) -> set[int]:
    (num_groups,) = struct.unpack_from(">I", font, sub + 12)
    covered = set()
    for i in range(num_groups):
        start, end, first_glyph = struct.unpack_from(">III", font, sub + 16 + 12 * i)
        covered.update(c for c in range(start, end + 1) if first_glyph + c - start)
    return covered


@pytest.mark.parametrize("face", SERIF_FACES)
def test_it_ships_each_liberation_serif_face(face: str) -> None:
    path = SERIF / f"LiberationSerif-{face}.ttf"
    assert path.is_file()
    assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert path.name in _manifest(SERIF)


def test_it_ships_the_font_licence() -> None:
    licence = (SERIF / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Red Hat" in licence


def test_it_builds_the_full_vietnamese_alphabet() -> None:
    assert len(VIETNAMESE_LETTERS) == 2 * (len(VOWELS) * len(TONE_MARKS) + len(CONSONANTS))
    assert all(len(letter) == 1 for letter in VIETNAMESE_LETTERS)
    assert {"ạ", "ỹ", "Ự", "Đ", "ẵ", "Ầ"} <= set(VIETNAMESE_LETTERS)


@pytest.mark.parametrize("face", SERIF_FACES)
def test_it_has_glyphs_for_all_vietnamese_letters(face: str) -> None:
    covered = _cmap_codepoints((SERIF / f"LiberationSerif-{face}.ttf").read_bytes())
    missing = [c for c in [*VIETNAMESE_LETTERS, *VIETNAMESE_EXTRAS] if ord(c) not in covered]
    assert not missing, f"LiberationSerif-{face} lacks {missing}"
    assert ord("\u4e00") not in covered
