"""Source lines cleaned for parsing (markdown, HTML, table cells, spaces) and the patterns that recognise
each kind of line of a decision, matched on the folded (diacritics-free, upper-case) text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import cached_property

from .textutil import OCR_NUMBER_RE, collapse_spaces, fold


@dataclass
class Line:
    no: int  # 1-based source line
    text: str  # cleaned text
    key: str  # fold(text): same length, no diacritics, upper case
    cells: list[str] | None = None  # a table row
    heading: bool = False  # markdown "#" heading
    raw: str = ""  # the source line, for "unparsed"
    extra: dict = field(default_factory=dict)

    @cached_property
    def is_upper(self) -> bool:
        letters = [ch for ch in self.text if ch.isalpha()]
        return len(letters) >= 2 and all(ch.isupper() for ch in letters)


_BREAK_TAGS = re.compile(r"<\s*br\s*/?\s*>|<\s*/\s*(?:p|div|li|tr|h[1-6])\s*>", re.I)
_CELL_TAGS = re.compile(r"<\s*/\s*t[dh]\s*>\s*<\s*t[dh][^<>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,300}>|<!--.*?-->")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?")
_MD_ITALIC_LINE = re.compile(r"^[*_](?=\S)(.*?\S)[*_]$")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
_COLUMN_GAP = re.compile(r"(?<=\S)[ \u00a0]{4,}(?=\S)")


def _column_gaps(text: str) -> str:
    """A layout copy (a two-column table, pdftotext -layout) puts columns far apart: make the gaps tabs.
    A gap before a capital, "(" or a bullet only: "Số:      /QĐ-UBND" and "ngày    tháng" are blanks to fill."""
    if "    " not in text:
        return text
    return _COLUMN_GAP.sub(lambda m: "\t" if _starts_column(text[m.end() :]) else m.group(), text)


def _starts_column(rest: str) -> bool:
    return rest[:1].isupper() or rest[:1] in "(-–•+*"


SEPARATOR = re.compile(r"^[\s\-_=*~.·•—–]{3,}$")


def _strip_markup(text: str) -> tuple[str, bool]:
    heading = False
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = text.replace("**", "").replace("__", "")
    if text.lstrip().startswith("#"):
        stripped = _MD_HEADING.sub("", text)
        heading = stripped != text
        text = stripped
    if text.lstrip().startswith(">"):
        text = _MD_QUOTE.sub("", text)
    return text, heading


def _clean(text: str) -> str:
    text = collapse_spaces(text).strip()
    italic = _MD_ITALIC_LINE.match(text)
    if italic:
        text = italic.group(1).strip()
    return text


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def make_lines(physical: list[str]) -> list[Line]:
    """Physical lines -> logical lines: one per cleaned line, or one per cell of a two-column layout."""
    out: list[Line] = []
    for number, raw in enumerate(physical, start=1):
        if not raw.strip():
            continue
        pieces = [raw]
        if "<" in raw:
            pieces = _BREAK_TAGS.split(_CELL_TAGS.sub("\t", raw))
        for piece in pieces:
            piece, heading = _strip_markup(piece)
            if not piece.strip():
                continue
            if _PIPE_ROW.match(piece):
                if _PIPE_RULE.match(piece):
                    out.append(Line(number, piece.strip(), fold(piece.strip()), cells=[], raw=raw.strip()))
                    continue
                piece = "\t".join(cell for cell in piece.strip().strip("|").split("|"))
            piece = _column_gaps(piece.strip())
            if "\t" in piece:
                cells = [_clean(cell) for cell in piece.split("\t")]
                filled = [cell for cell in cells if cell]
                if len(filled) >= 3:
                    out.append(Line(number, " ".join(filled), fold(" ".join(filled)), cells=cells, raw=raw.strip()))
                    continue
                for cell in filled:
                    line = Line(number, cell, fold(cell), heading=heading, raw=raw.strip())
                    line.extra["cells"] = cells  # a row whose other cells are empty (a table section row)
                    out.append(line)
                continue
            cleaned = _clean(piece)
            if cleaned:
                out.append(Line(number, cleaned, fold(cleaned), heading=heading, raw=raw.strip()))
    return out


# --- patterns on the folded key ------------------------------------------------------------------
MOTTO_1 = re.compile(r"CONG\s+HOA\s+XA\s+HOI\s+CHU\s+NGHIA\s+VIET\s+NAM")
MOTTO_2 = re.compile(r"DOC\s+LAP\s*[-–—]?\s*TU\s+DO\s*[-–—]?\s*HANH\s+PHUC")
NUMBER_LINE = re.compile(
    rf"^S[O0]\s*[:.]?\s*(?P<num>{OCR_NUMBER_RE})?\s*/\s*(?P<sym>[^\s,;/]+(?:\s*[-/]\s*[^\s,;/]+)*)"
)
_DAY_MONTH_YEAR = (
    rf"NGAY\s+(?P<d>{OCR_NUMBER_RE})\s+THANG\s+(?P<m>{OCR_NUMBER_RE})\s+NAM\s+(?P<y>[0-9LIO|]{{4}})"
    rf"|NGAY\s+(?P<d2>{OCR_NUMBER_RE})\s*[/.-]\s*(?P<m2>{OCR_NUMBER_RE})\s*[/.-]\s*(?P<y2>[0-9LIO|]{{4}})"
)
PLACE_DATE = re.compile(rf"^(?:(?P<place>[^,]{{2,60}}?)\s*,\s*)?(?:{_DAY_MONTH_YEAR})")
BLANK_DATE = re.compile(r"^(?:(?P<place>[^,]{2,60}?)\s*,\s*)?NGAY\s*[.…_ ]*\s*THANG\s*[.…_ 0-9]*\s*NAM\s*(?P<y>\d{4})?")
DATE_IN_TEXT = re.compile(_DAY_MONTH_YEAR)
REF_NUMBER = re.compile(rf"\bSO\s*[:.]?\s*(?P<num>{OCR_NUMBER_RE})\s*/\s*(?P<sym>[^\s,;()]+)")
DOC_TYPE = re.compile(r"^QUYET\s+DINH\s*$")
ENACTING = re.compile(r"^QUYET\s+DINH\s*[:.]?\s*$")
SUMMARY_START = re.compile(r"^(?:V\s*/\s*V\b|VE\s+VIEC\b|VE\s|BAN\s+HANH\b|PHE\s+DUYET\b|QUY\s+DINH\b)")
LEGAL_BASIS = re.compile(r"^CAN\s+CU\b")
PROPOSAL = re.compile(r"^(?:XET|THEO)\s+(?:DE\s+NGHI|DE\s+XUAT|TO\s+TRINH)\b|^XET\s+DE\s+NGHI\b")
ARTICLE = re.compile(rf"^DIEU\s*(?P<num>{OCR_NUMBER_RE})\s*(?P<sep>[.:]|\s(?=\S))\s*")
RECIPIENTS = re.compile(r"^NOI\s+NHAN\s*[:.]?\s*")
BULLET = re.compile(r"^[-–—•+*]\s*")
SIGNER_PREFIX = re.compile(r"^(?P<p>TM|KT|TL|TUQ|Q|T/M|K/T|T\.M|K\.T)\s*\.\s*(?=\S)|^(?P<p2>TM|KT|TL|TUQ)\s+(?=[A-Z])")
APPENDIX_HEAD = re.compile(r"^PHU\s+LUC\b\s*(?P<num>[IVX0-9]+)?\s*[:.\-–]?\s*")
APPENDIX_REF = re.compile(r"^\(?\s*(?:BAN\s+HANH\s+)?KEM\s+THEO\s+(?:QUYET\s+DINH|QD)\b")
OBJECTIVES_TITLE = re.compile(r"\bMUC\s+TIEU\b")
ITEM = re.compile(r"^(?P<num>\d{1,3}|l\d{0,2}|\d[lO]{1,2})\s*[.)](?!\d)\s*(?=\S)")  # not "1.1."
_ITEM_LABEL = re.compile(r"^MUC\s+TIEU\s+(?:SO\s+)?(?P<num>\d{1,3})\s*[:.)\-–]\s*")
BARE_NUMBER = re.compile(r"^(?P<num>\d{1,3})\s*[.)]?$")
SECTION = re.compile(r"^(?P<num>[IVX]{1,4}|[A-D])\s*[.)]\s+(?=\S)")
LABELED = re.compile(
    r"^[-+•*]?\s*(?P<label>BIEN\s+PHAP(?:\s+THUC\s+HIEN)?|GIAI\s+PHAP(?:\s+THUC\s+HIEN)?|"
    r"TRACH\s+NHIEM(?:\s+THUC\s+HIEN)?|DON\s+VI\s+(?:THUC\s+HIEN|CHU\s+TRI|PHU\s+TRACH)|"
    r"BO\s+PHAN\s+(?:THUC\s+HIEN|CHU\s+TRI)|THOI\s+GIAN(?:\s+THUC\s+HIEN|\s+HOAN\s+THANH)?|THOI\s+HAN|"
    r"TIEN\s+DO|CHI\s+TIEU(?:\s+THUC\s+HIEN)?)\s*:\s*"
)
PLACEHOLDER = re.compile(  # "(Đã ký)", "(Ký, đóng dấu)", "[daky]" where the signature goes
    r"^(?:[(\[]\s*(?:DA\s+KY|KY\s+TEN|KY\s*,?\s*(?:VA\s+)?DONG\s+DAU|KY\s*,\s*GHI\s+RO\s+HO\s+TEN|DAKY|CHU\s+KY|DAU)"
    r"[^)\]]{0,40}[)\]]|DA\s+KY\.?)$"
)
END_MARK = re.compile(r"^\.?/\.$")
ROLE_WORDS = re.compile(
    r"^(?:PHO\s+)?(?:CHU\s+TICH|GIAM\s+DOC|BO\s+TRUONG|THU\s+TRUONG|TRUONG\s+\w+|CHANH\s+\w+|VIEN\s+TRUONG|"
    r"HIEU\s+TRUONG|CUC\s+TRUONG|TONG\s+CUC\s+TRUONG|TONG\s+GIAM\s+DOC|BI\s+THU|UY\s+BAN\s+NHAN\s+DAN|UBND|"
    r"HOI\s+DONG|BAN\s+CHI\s+DAO|THUONG\s+TRUC|TRUONG)\b"
)
# A person's title, as opposed to a body ("ỦY BAN NHÂN DÂN") or an agency ("TRƯỜNG ..." folds like "TRƯỞNG")
PERSON_TITLE = re.compile(
    r"^(?:PHO\s+)?(?:CHU\s+TICH|GIAM\s+DOC|BO\s+TRUONG|THU\s+TRUONG|VIEN\s+TRUONG|HIEU\s+TRUONG|CUC\s+TRUONG|"
    r"TONG\s+CUC\s+TRUONG|TONG\s+GIAM\s+DOC|CHANH\s+VAN\s+PHONG|CHANH\s+THANH\s+TRA|TRUONG\s+BAN|TRUONG\s+PHONG|"
    r"BI\s+THU)\b"
)
DEPUTY = re.compile(r"^PHO\s")
TABLE_NUMBER_HEAD = re.compile(r"^(?:S\s*T\s*T|TT|SO\s+TT|SO\s+THU\s+TU)\.?$")


def item_match(line: Line) -> re.Match | None:
    """The start of a numbered objective: "1. ...", "2) ...", OCR "l. ..." or "Mục tiêu 3: ..."."""
    return ITEM.match(line.text) or _ITEM_LABEL.match(line.key)
