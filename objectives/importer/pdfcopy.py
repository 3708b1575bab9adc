"""Text copied out of a PDF, put back into the lines of the document before the parser walks them.

A PDF viewer copies what is on the page, not the document: page footers ("Trang 2/3", "- 2 -", a lone
page number) and running headers (the agency or the title repeated on every page) land in the middle of
objectives; a table comes out one cell per line; the two columns of the signature block are joined on
one line ("- Như Điều 3; PHÓ CHỦ TỊCH"). Lines broken in the middle of a sentence need no help here: the
parser joins a line to the field it continues. Every line taken out is reported, so none is lost.
"""

from __future__ import annotations

import re

from .lines import ROLE_WORDS, SIGNER_PREFIX, TABLE_NUMBER_HEAD, Line
from .tables import column_role, is_header_row
from .textutil import fold

_PAGE_MARK = re.compile(r"^(?:-\s*)?(?:TRANG\s+\d{1,3}(?:\s*(?:/|TREN)\s*\d{1,3})?|-\s*\d{1,3})(?:\s*-)?$")
_LONE_NUMBER = re.compile(r"^\d{1,3}$")
_RUN_NEAR = 2  # a running header sits this close to a page mark
# The signer's column joined after a recipient: "- Như Điều 3; PHÓ CHỦ TỊCH", "Nơi nhận: KT. CHỦ TỊCH"
_BREAK = re.compile(r"[;:,.]\s+")


def is_page_mark(line: Line) -> bool:
    return bool(_PAGE_MARK.match(line.key.strip()))


def page_furniture(lines: list[Line]) -> set[int]:
    """Indexes (in lines) of page footers and of running headers/footers repeated next to them."""
    marks = {index for index, line in enumerate(lines) if not line.cells and is_page_mark(line)}
    if not marks:
        return set()
    near: dict[str, list[int]] = {}
    for mark in marks:
        for index in range(max(0, mark - _RUN_NEAR), min(len(lines), mark + _RUN_NEAR + 1)):
            if index not in marks and len(lines[index].text.split()) >= 2:
                near.setdefault(lines[index].text, []).append(index)
    furniture = set(marks)
    for indexes in near.values():
        if len(set(indexes)) >= 2:  # the same line beside two page marks: a running header or footer
            furniture.update(indexes)
    return furniture


def split_signer_column(lines: list[Line]) -> list[Line]:
    """After "Nơi nhận", a recipient line that ends with the signer's column is made two lines."""
    out: list[Line] = []
    in_recipients = False
    for line in lines:
        if line.key.startswith("NOI NHAN"):
            in_recipients = True
        elif in_recipients and not line.text.startswith(("-", "+", "•")):
            in_recipients = False
        split = _signer_split(line.text) if in_recipients and not line.cells else None
        if split is not None:
            head, tail = line.text[:split].rstrip(), line.text[split:]
            out.append(Line(line.no, head, fold(head), raw=line.raw))
            out.append(Line(line.no, tail, fold(tail), raw=line.raw))
        else:
            out.append(line)
    return out


def _signer_split(text: str) -> int | None:
    """Where a signer's position in capitals ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") starts after a recipient."""
    for m in _BREAK.finditer(text):
        tail = text[m.end() :]
        key = fold(tail)
        if (
            len(tail.split()) >= 2
            and Line(0, tail, key).is_upper
            and (SIGNER_PREFIX.match(key) or ROLE_WORDS.match(key))
        ):
            return m.end()
    return None


def rebuild_cell_tables(lines: list[Line]) -> list[Line]:
    """A table copied one cell per line: "STT", "Mục tiêu", "Chỉ tiêu", ... then each row's cells, one a
    line, each row starting with its number. The rows are put back together as table rows."""
    out: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        width = _header_width(lines, index)
        if not width:
            out.append(line)
            index += 1
            continue
        header = lines[index : index + width]
        out.append(_row(header))
        index += width
        while (
            index + width <= len(lines)
            and _LONE_NUMBER.match(lines[index].text)
            and not any(_LONE_NUMBER.match(cell.text) for cell in lines[index + 1 : index + width])
        ):
            out.append(_row(lines[index : index + width]))
            index += width
    return out


def _header_width(lines: list[Line], index: int) -> int:
    if not TABLE_NUMBER_HEAD.match(lines[index].key.strip(" .:")) or lines[index].cells:
        return 0
    width = 1
    while (
        index + width < len(lines)
        and not lines[index + width].cells
        and column_role(lines[index + width].text)
        and len(lines[index + width].text.split()) <= 6
    ):
        width += 1
    cells = [line.text for line in lines[index : index + width]]
    return width if width >= 3 and is_header_row(cells) else 0


def _row(cells: list[Line]) -> Line:
    texts = [cell.text for cell in cells]
    joined = " ".join(texts)
    row = Line(cells[0].no, joined, fold(joined), cells=texts, raw=cells[0].raw)
    row.extra["also"] = [cell.no for cell in cells[1:]]
    return row
