"""The text of a Word (.docx) file as the parser reads it, read safely and as Word shows it.

- Safe: the zip's declared sizes are checked before anything is unpacked (a 1 MB file that unpacks to
  300 MB is refused at once), each part is read through a counter that stops at the limit even if the
  header lies, the XML is parsed by lxml's streaming iterparse with entities, DTDs and the network off
  (a DOCTYPE is refused outright: Word never writes one), and the text stops at MAX_TEXT_CHARS. Comments
  and processing instructions are skipped. Every failure is a WordFileError with a message for the user.
- As Word shows it: automatic numbering is rendered from numbering.xml ("1.", "a)", "I.", bullets; levels,
  formats, start values and restarts), set on the paragraph or by its style (styles.xml, "List Number"), each paragraph is a line (a manual line break too), a table is read
  cell by cell on its grid (merged cells keep the columns in place): a data table gives one tab-separated
  line per row, a borderless two-column layout table (parent agency | national motto, "Nơi nhận" | signer)
  gives the lines of its left column, then those of its right column.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from . import messages as msg
from .tables import is_header_row

MAX_PART_BYTES = 16 * 1024 * 1024  # document.xml of a 20-page decision is well under 1 MB
MAX_TEXT_CHARS = 400_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CHUNK = 64 * 1024


class WordFileError(ValueError):
    """The file cannot be read as a Word document; str(error) is the message for the user."""


class _LimitedStream(io.RawIOBase):
    """A zip member read through a byte counter that refuses a DOCTYPE and stops at the limit."""

    def __init__(self, member, limit: int) -> None:
        self.member, self.limit, self.read_bytes, self.tail = member, limit, 0, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.member.read(min(len(buffer), _CHUNK))
        self.read_bytes += len(data)
        if self.read_bytes > self.limit:
            raise WordFileError(msg.render(msg.DOCX_TOO_LARGE))
        window = self.tail + data
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise WordFileError(msg.render(msg.DOCX_DOCTYPE))
        self.tail = data[-16:]
        buffer[: len(data)] = data
        return len(data)


def _open_part(archive: zipfile.ZipFile, name: str):
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise WordFileError(msg.render(msg.DOCX_TOO_LARGE))
    return io.BufferedReader(_LimitedStream(archive.open(info), MAX_PART_BYTES), buffer_size=_CHUNK)


def _iterparse(stream, tag=None):
    return etree.iterparse(
        stream,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


# --- numbering -------------------------------------------------------------------------------------
def _roman(number: int) -> str:
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            out, number = out + letters, number - value
    return out


def _letter(number: int) -> str:
    return chr(ord("a") + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _format(number: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{number:02d}"
    if fmt == "lowerLetter":
        return _letter(number)
    if fmt == "upperLetter":
        return _letter(number).upper()
    if fmt == "lowerRoman":
        return _roman(number).lower()
    if fmt == "upperRoman":
        return _roman(number)
    if fmt == "none":
        return ""
    return str(number)


class Numbering:
    """Word's automatic numbering: numId -> levels (format, text, start), with counters as paragraphs go."""

    def __init__(self) -> None:
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, start overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple[str, int]] = {}  # paragraph style id -> (numId, level) of a "List Number"

    @classmethod
    def read(cls, archive: zipfile.ZipFile) -> Numbering:
        numbering = cls()
        if "word/numbering.xml" not in archive.namelist():
            return numbering
        with _open_part(archive, "word/numbering.xml") as stream:
            for _event, element in _iterparse(stream, tag=(f"{_W}abstractNum", f"{_W}num")):
                if element.tag == f"{_W}abstractNum":
                    levels = {}
                    for lvl in element.findall(f"{_W}lvl"):
                        levels[int(lvl.get(f"{_W}ilvl", "0"))] = {
                            "fmt": _val(lvl.find(f"{_W}numFmt"), "decimal"),
                            "text": _val(lvl.find(f"{_W}lvlText"), ""),
                            "start": int(_val(lvl.find(f"{_W}start"), "1") or 1),
                        }
                    numbering.abstract[element.get(f"{_W}abstractNumId", "")] = levels
                else:
                    overrides = {}
                    for override in element.findall(f"{_W}lvlOverride"):
                        start = override.find(f"{_W}startOverride")
                        if start is not None:
                            overrides[int(override.get(f"{_W}ilvl", "0"))] = int(_val(start, "1") or 1)
                    numbering.nums[element.get(f"{_W}numId", "")] = (
                        _val(element.find(f"{_W}abstractNumId"), ""),
                        overrides,
                    )
                element.clear()
        if "word/styles.xml" in archive.namelist():
            with _open_part(archive, "word/styles.xml") as stream:
                for _event, element in _iterparse(stream, tag=f"{_W}style"):
                    num = element.find(f"{_W}pPr/{_W}numPr")
                    if num is not None and num.find(f"{_W}numId") is not None:
                        numbering.styles[element.get(f"{_W}styleId", "")] = (
                            _val(num.find(f"{_W}numId"), ""),
                            int(_val(num.find(f"{_W}ilvl"), "0") or 0),
                        )
                    element.clear()
        return numbering

    def label(self, num_id: str, level: int) -> str:
        """The number Word shows for the next paragraph of list num_id at level ("2.", "b)", "II.", "•")."""
        if num_id not in self.nums or num_id == "0":
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        definition = levels.get(level)
        if definition is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = overrides.get(level, definition["start"])
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]  # a new item at this level restarts the levels under it
        if definition["fmt"] == "bullet":
            return "-" if definition["text"].strip() in ("-", "–", "") else "•"
        text = definition["text"]
        for index in range(9):
            placeholder = f"%{index + 1}"
            if placeholder in text:
                level_def = levels.get(index, {"fmt": "decimal", "start": 1})
                value = counters.get(index, overrides.get(index, level_def["start"]))
                text = text.replace(placeholder, _format(value, level_def["fmt"]))
        return text


def _val(element, default: str) -> str:
    return default if element is None else element.get(f"{_W}val", default)


# --- paragraphs and tables --------------------------------------------------------------------------
class _Reader:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.lines: list[str] = []
        self.chars = 0

    def add(self, line: str) -> None:
        self.chars += len(line) + 1
        if self.chars > MAX_TEXT_CHARS:
            raise WordFileError(msg.render(msg.DOCX_TEXT_TOO_LONG, n=MAX_TEXT_CHARS))
        self.lines.append(line)

    def paragraph(self, p) -> list[str]:
        """The lines of a paragraph: its numbering label, then its runs; a manual break starts a line."""
        parts = [""]
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr"):
            if node.tag == f"{_W}t":
                parts[-1] += node.text or ""
            elif node.tag == f"{_W}tab":
                parts[-1] += "\t"
            else:
                parts.append("")
        num = p.find(f"{_W}pPr/{_W}numPr")
        style = _val(p.find(f"{_W}pPr/{_W}pStyle"), "")
        numbered = None
        if num is not None and num.find(f"{_W}numId") is not None:
            numbered = (_val(num.find(f"{_W}numId"), ""), int(_val(num.find(f"{_W}ilvl"), "0") or 0))
        elif style in self.numbering.styles:  # numbering that comes with the paragraph style ("List Number")
            numbered = self.numbering.styles[style]
        if numbered is not None:
            label = self.numbering.label(*numbered)
            if label and parts[0].strip():
                parts[0] = f"{label} {parts[0].lstrip()}"
        return parts

    def table(self, tbl) -> None:
        rows: list[list[list[str]]] = []
        for tr in tbl.findall(f"{_W}tr"):
            cells: list[list[str]] = []
            for tc in tr.findall(f"{_W}tc"):
                merge = tc.find(f"{_W}tcPr/{_W}vMerge")
                continued = merge is not None and merge.get(f"{_W}val", "continue") == "continue"
                lines = [] if continued else [line for p in tc.iter(f"{_W}p") for line in self.paragraph(p)]
                cells.append(lines)
                span = int(_val(tc.find(f"{_W}tcPr/{_W}gridSpan"), "1") or 1)
                cells.extend([] for _ in range(span - 1))  # keep the following cells under their columns
            rows.append(cells)
        widths = {len(row) for row in rows}
        first = [" ".join(line.strip() for line in cell if line.strip()) for cell in rows[0]] if rows else []
        if widths and max(widths) <= 2 and not is_header_row(first):
            for column in range(max(widths)):  # a layout table: each column is a block of lines
                for row in rows:
                    if column < len(row):
                        for line in row[column]:
                            if line.strip():
                                self.add(line)
            return
        for row in rows:
            self.add("\t".join(" ".join(line.strip() for line in cell if line.strip()) for cell in row))


def docx_text(data: bytes) -> str:
    """The lines of a .docx (see the module docstring); WordFileError with a message when it cannot be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise WordFileError(msg.render(msg.DOCX_DAMAGED)) from None
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise WordFileError(msg.render(msg.DOCX_NOT_WORD))
        if sum(info.file_size for info in archive.infolist()) > 4 * MAX_PART_BYTES:
            raise WordFileError(msg.render(msg.DOCX_TOO_LARGE))
        try:
            reader = _Reader(Numbering.read(archive))
            body = f"{_W}body"
            with _open_part(archive, "word/document.xml") as stream:
                for _event, element in _iterparse(stream, tag=(f"{_W}p", f"{_W}tbl")):
                    parent = element.getparent()
                    if parent is None or parent.tag != body:
                        continue  # a paragraph of a table is read with its table
                    if element.tag == f"{_W}p":
                        for line in reader.paragraph(element):
                            reader.add(line)
                    else:
                        reader.table(element)
                    element.clear()
                    while element.getprevious() is not None:  # keep memory bounded
                        del parent[0]
        except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as exc:
            if isinstance(exc, WordFileError):
                raise
            raise WordFileError(msg.render(msg.DOCX_DAMAGED)) from None
    return "\n".join(reader.lines)
