"""Parse the text of a quality-objectives decision (pasted, or from a .txt/.docx) into its parts, with
warnings and the lines it did not understand; pure Python, no Django."""

from __future__ import annotations

import datetime
import re

from qms_portal.legacy import to_unicode_nfc

from . import messages as msg
from . import ocr
from .appendix import AppendixMixin
from .assemble import assemble
from .lines import (
    ARTICLE,
    BLANK_DATE,
    BULLET,
    DOC_TYPE,
    ENACTING,
    END_MARK,
    LABELED,
    LEGAL_BASIS,
    MOTTO_1,
    MOTTO_2,
    NUMBER_LINE,
    OBJECTIVES_TITLE,
    PERSON_TITLE,
    PLACE_DATE,
    PROPOSAL,
    ROLE_WORDS,
    SECTION,
    SEPARATOR,
    SUMMARY_START,
    Line,
    item_match,
    make_lines,
    split_lines,
)
from .markers import SECTION_ONLY, Marker, marker
from .model import DOC_TYPE_DECISION, KEYS, Item, ParseResult
from .pdfcopy import page_furniture, rebuild_cell_tables, split_signer_column
from .tail import TailMixin, new_signer
from .textutil import fold, group_text, ocr_number

__all__ = ["KEYS", "ParseResult", "parse_decision"]

HEADER, TITLE, PREAMBLE, BODY, TAIL, APPENDIX = "header", "title", "preamble", "body", "tail", "appendix"
_TERMINAL = re.compile(r"[.;:!?][\"”’)\]]*$")


def _join(parts: list[str]) -> str | None:
    text = " ".join(part for part in parts if part).strip()
    return text or None


class _Parser(TailMixin, AppendixMixin):
    """One parse: walks the logical lines through the zones of a decision, then assembles the result."""

    def __init__(self, text: str) -> None:
        self.r = ParseResult()
        converted, encoding = to_unicode_nfc(text)
        if encoding is None:
            converted = converted.replace("\u00ad", "")
        self.r.encoding_detected = encoding
        self.physical = split_lines(converted)
        lines = make_lines(self.physical)
        furniture = page_furniture(lines)
        self.lines = split_signer_column(
            rebuild_cell_tables([line for index, line in enumerate(lines) if index not in furniture])
        )
        self.zone = HEADER
        self.title_lines: list[Line] = []
        self.current_pre: tuple[str, int] | None = None  # ("legal", index) / ("proposal", 0)
        self.legal_lines: list[list[int]] = []
        self.articles: list[dict] = []  # {"number", "blocks", "lines"}
        self.recipient_lines: list[list[int]] = []
        self.recipients_open = False
        self.recipient_closed = True
        self.signer = new_signer()
        self.second_signer = new_signer()  # an appendix signed again
        self.appendix_title_lines: list[Line] = []
        self.appendix_items: list[Item] = []
        self.reference_lines: list[Line] = []
        self.reference_open = False
        self.columns: list[str | None] | None = None
        self.header_cells_open = False
        self.section: str | None = None
        self.section_count = 0
        self.no_diacritic_lines: list[int] = []
        self.ocr_fixes: list[tuple[int, str, str]] = []
        self.late_warnings: list[str] = []
        self.blank_date_year: int | None = None
        self.index = 0  # of the line being read, in self.lines
        self.list_plan = None  # which markers are objectives in the appendix (markers.plan)
        self.approximate: list[tuple[int, str, str]] = []  # (line, as written, landmark) found by ocr.repair
        for line in self.lines:
            if line.text.isascii() and (found := ocr.repair(line)):
                self.approximate.append((line.no, *found))
        self.furniture_lines = sorted({lines[index].no for index in furniture})
        if self.furniture_lines:
            self.span("page_furniture", *self.furniture_lines)
            self.late_warnings.append(msg.render(msg.PAGE_FURNITURE, lines=", ".join(map(str, self.furniture_lines))))

    # --- bookkeeping ----------------------------------------------------------------------------
    def span(self, key: str, *numbers: int) -> None:
        bucket = self.r.spans.setdefault(key, [])
        for number in numbers:
            if number not in bucket:
                bucket.append(number)

    def unparsed(self, line: Line) -> None:
        """List the source line, verbatim, as not understood (once, even if several of its cells were not)."""
        if line.no not in self.r.unparsed_lines:
            self.r.unparsed.append(self.physical[line.no - 1].strip())
            self.r.unparsed_lines.append(line.no)

    def plain_keyword(self, line: Line, length: int) -> None:
        """Remember lines whose keyword ("Điều", "Căn cứ", ...) lost its diacritics."""
        if line.text[:length].isascii():
            self.no_diacritic_lines.append(line.no)

    def number_of(self, line: Line, token: str | None) -> str | None:
        if token is None:
            return None
        digits = ocr_number(token)
        if digits is not None and digits != token:
            self.ocr_fixes.append((line.no, token, digits))
        return digits

    # --- the walk -------------------------------------------------------------------------------
    def run(self) -> ParseResult:
        for index, line in enumerate(self.lines):
            self.index = index
            if SEPARATOR.match(line.text) or line.cells == []:
                self.span("separators", line.no)
                continue
            if END_MARK.match(line.text):
                self.span("end_mark", line.no)
                continue
            self.dispatch(line)
        self.finish()
        return self.r

    def dispatch(self, line: Line) -> None:
        handler = {
            HEADER: self.header,
            TITLE: self.title,
            PREAMBLE: self.preamble,
            BODY: self.body,
            TAIL: self.tail,
            APPENDIX: self.appendix,
        }[self.zone]
        handler(line)

    def goto(self, zone: str, line: Line) -> None:
        if zone == APPENDIX and self.zone != APPENDIX:
            self.section = None  # sections of a list in Điều 1 do not carry over
        self.zone = zone
        self.dispatch(line)

    def starts_preamble(self, line: Line) -> bool:
        return bool(
            LEGAL_BASIS.match(line.key)
            or PROPOSAL.match(line.key)
            or ARTICLE.match(line.key)
            or (self.zone != HEADER and ENACTING.match(line.key) and self.title_lines)
        )

    # --- header: agency, motto, number, place and date ------------------------------------------
    def header_piece(self, line: Line) -> bool:
        key = line.key
        for motto in (MOTTO_1, MOTTO_2):
            m = motto.search(key)
            if m:
                self.span("national_motto", line.no)
                rest = [piece for piece in (line.text[: m.start()], line.text[m.end() :]) if piece.strip(" -–")]
                for piece in rest:
                    self.header_rest(line, piece.strip(" -–"))
                return True
        m = NUMBER_LINE.match(key)
        if m and self.r.symbol is None:
            self.plain_keyword(line, 2)
            self.r.number = self.number_of(line, group_text(line.text, m, "num"))
            self.r.symbol = line.text[m.start("sym") : m.end("sym")].replace(" ", "")
            self.span("number", line.no)
            self.span("symbol", line.no)
            rest = line.text[m.end() :].strip(" ,;")
            if rest:
                self.header_rest(line, rest)
            return True
        return bool(self.place_date(line, line.text, key))

    def header_rest(self, line: Line, text: str) -> None:
        sub = Line(line.no, text, fold(text), raw=line.raw)
        if not self.header_piece(sub):
            if sub.is_upper and self.zone == HEADER:
                self.r.agency_lines.append(text)
                self.span(f"agency_lines.{len(self.r.agency_lines) - 1}", line.no)
                self.span("agency_lines", line.no)
            else:
                self.unparsed(sub)

    def place_date(self, line: Line, text: str, key: str) -> bool:
        if self.r.date is not None or self.r.place is not None:
            return False
        m = PLACE_DATE.match(key)
        if m:
            ngay = key.find("NGAY", m.start())
            if text[ngay : ngay + 4].isascii():
                self.no_diacritic_lines.append(line.no)
            day = self.number_of(line, group_text(text, m, "d") or group_text(text, m, "d2"))
            month = self.number_of(line, group_text(text, m, "m") or group_text(text, m, "m2"))
            year = self.number_of(line, group_text(text, m, "y") or group_text(text, m, "y2"))
            if m.group("place"):
                self.r.place = text[m.start("place") : m.end("place")].strip()
            try:
                self.r.date = datetime.date(int(year), int(month), int(day)).isoformat()
            except (TypeError, ValueError):
                self.late_warnings.append(msg.render(msg.INVALID_DATE, text=text[m.start() : m.end()].strip()))
            self.span("place", line.no)
            self.span("date", line.no)
            rest = text[m.end() :].strip(" ,;.")
            if rest:
                self.unparsed(Line(line.no, rest, fold(rest), raw=line.raw))
            return True
        m = BLANK_DATE.match(key)
        if m and "THANG" in key:  # "Phước An, ngày    tháng    năm 2026": the date was never filled in
            self.late_warnings.append(msg.render(msg.BLANK_DATE, text=text.strip()))
            self.blank_date_year = int(m.group("y")) if m.group("y") else None
            if m.group("place"):
                self.r.place = text[m.start("place") : m.end("place")].strip()
            self.span("place", line.no)
            self.span("date", line.no)
            return True
        return False

    def header(self, line: Line) -> None:
        if DOC_TYPE.match(line.key):
            self.plain_keyword(line, 10)
            self.r.doc_type = DOC_TYPE_DECISION
            self.span("doc_type", line.no)
            self.zone = TITLE
            return
        if self.header_piece(line):
            return
        if self.starts_preamble(line) or ENACTING.match(line.key):
            self.goto(PREAMBLE, line)
        elif SUMMARY_START.match(line.key):
            self.goto(TITLE, line)
        elif self.starts_appendix(line) or line.cells or self.first_item(line):
            self.goto(APPENDIX, line)  # only the appendix (or only its list) was pasted
        elif line.is_upper and not PERSON_TITLE.match(line.key):
            self.r.agency_lines.append(line.text)
            self.span(f"agency_lines.{len(self.r.agency_lines) - 1}", line.no)
            self.span("agency_lines", line.no)
        elif line.is_upper:
            self.goto(TITLE, line)
        else:
            self.unparsed(line)

    @staticmethod
    def first_item(line: Line) -> bool:
        item = item_match(line)
        return bool(item) and item.group("num") == "1"

    # --- title: summary and issuing authority ---------------------------------------------------
    def title(self, line: Line) -> None:
        if self.starts_preamble(line) or ENACTING.match(line.key):
            self.goto(PREAMBLE, line)
        elif self.header_piece(line):
            return
        else:
            self.title_lines.append(line)

    def split_title(self) -> None:
        lines = self.title_lines
        if not lines:
            return
        start = None
        for i in range(len(lines) - 1, -1, -1):
            if not lines[i].is_upper:
                break
            if ROLE_WORDS.match(lines[i].key) and (i > 0 or not SUMMARY_START.match(lines[i].key)):
                start = i
                # "CHỦ TỊCH" / "ỦY BAN NHÂN DÂN HUYỆN ..." is one authority wrapped after the person's title
                before = lines[i - 1] if i > 1 else None
                if (
                    before
                    and before.is_upper
                    and PERSON_TITLE.match(before.key)
                    and not PERSON_TITLE.match(lines[i].key)
                ):
                    start = i - 1
                break
        if start is None and len(lines) > 1 and lines[-1].is_upper and not lines[0].is_upper:
            start = len(lines) - 1
            while start > 1 and lines[start - 1].is_upper:
                start -= 1
        summary, authority = (lines, []) if start is None else (lines[:start], lines[start:])
        if summary:
            self.r.summary = _join([line.text for line in summary])
            self.span("summary", *(line.no for line in summary))
        if authority:
            self.r.authority = _join([line.text for line in authority])
            self.span("authority", *(line.no for line in authority))

    # --- preamble: legal bases and proposal -----------------------------------------------------
    def preamble(self, line: Line) -> None:
        key = line.key
        if LEGAL_BASIS.match(key):
            self.plain_keyword(line, 6)
            self.r.legal_bases.append(line.text)
            self.legal_lines.append([line.no])
            self.current_pre = ("legal", len(self.r.legal_bases) - 1)
        elif PROPOSAL.match(key) and self.r.proposal is None:
            self.r.proposal = line.text
            self.span("proposal", line.no)
            self.current_pre = ("proposal", 0)
        elif ENACTING.match(key):
            self.plain_keyword(line, 10)
            self.span("enacting_formula", line.no)
            self.zone = BODY
        elif ARTICLE.match(key) or self.starts_tail(line) or self.starts_appendix(line):
            self.goto(BODY, line)
        elif self.current_pre and self.current_pre[0] == "legal":
            index = self.current_pre[1]
            self.r.legal_bases[index] += " " + line.text
            self.legal_lines[index].append(line.no)
        elif self.current_pre:
            self.r.proposal += " " + line.text
            self.span("proposal", line.no)
        else:
            self.unparsed(line)

    # --- body: articles -------------------------------------------------------------------------
    def article_match(self, line: Line) -> re.Match | None:
        m = ARTICLE.match(line.key)
        if not m:
            return None
        if m.group("sep").strip() == "":
            number = ocr_number(group_text(line.text, m, "num"))
            expected = self.articles[-1]["number"] + 1 if self.articles else 1
            if number is None or int(number) != expected:
                return None
        return m

    def body(self, line: Line) -> None:
        m = self.article_match(line)
        if m:
            self.plain_keyword(line, 4)
            number = int(self.number_of(line, group_text(line.text, m, "num")) or 0)
            if self.articles and number != self.articles[-1]["number"] + 1:
                self.late_warnings.append(
                    msg.render(msg.ARTICLE_NUMBERING, previous=self.articles[-1]["number"], number=number)
                )
            article = {"number": number, "blocks": [], "lines": [line.no]}
            self.articles.append(article)
            rest = line.text[m.end() :].strip()
            if rest:
                article["blocks"].append(["p", rest])
            return
        if self.starts_tail(line):
            self.goto(TAIL, line)
        elif self.starts_appendix(line):
            self.goto(APPENDIX, line)
        elif not self.articles:
            self.unparsed(line)
        else:
            self.article_line(self.articles[-1], line)

    def article_line(self, article: dict, line: Line) -> None:
        article["lines"].append(line.no)
        blocks = article["blocks"]
        item = self.article_marker(article, line)
        last_item = blocks[-1][1] if blocks and blocks[-1][0] == "item" else None
        if item and (last_item is None or self.plausible_next(last_item, item)):
            new = Item(
                self.marker_number(line, item, blocks),
                [line.no],
                [line.text[item.end :]],
                section=self.section,
                source=line.text,
            )
            blocks.append(["item", new])
        elif SECTION.match(line.text) and (
            any(block[0] == "item" for block in blocks) or self.lists_objectives(article)
        ):
            self.set_section(line)
            blocks.append(["section", line.text])
        elif last_item is not None:
            self.item_line(last_item, line)
        else:
            paragraph = blocks[-1][1] if blocks and blocks[-1][0] == "p" else None
            if (
                paragraph is None
                or BULLET.match(line.text)
                or (_TERMINAL.search(paragraph) and not line.text[:1].islower())
            ):
                blocks.append(["p", line.text])
            else:
                blocks[-1][1] = paragraph + " " + line.text

    def article_marker(self, article: dict, line: Line) -> Marker | None:
        """An item of an article: "1." / "1)" in any article; in an article that announces the objectives
        ("... như sau:"), also the first other marker kind it uses ("a)", "(1)", "+"), repeated."""
        found = marker(line)
        if found is None or found.kind in SECTION_ONLY:
            return None
        if found.kind == "decimal" or self.lists_objectives(article):
            # the first kind of the article is its items'; another kind under them is a sub-point
            return found if article.setdefault("kind", found.kind) == found.kind else None
        return None

    def marker_number(self, line: Line, found: Marker, blocks_or_items: list) -> int | None:
        """The objective's number: the marker's (letters by their place in the alphabet), or for bullets
        the place of the item in its list."""
        if found.token is None:
            items = [b for b in blocks_or_items if not isinstance(b, list) or b[0] == "item"]
            return len(items) + 1
        if found.kind in ("decimal", "paren", "bare", "label", "multi", "multi3"):
            digits = self.number_of(line, found.token)
            return int(digits) if digits else None
        return found.number

    @staticmethod
    def lists_objectives(article: dict) -> bool:
        """ "Điều 1. Ban hành mục tiêu chất lượng ... như sau:" announces a list of objectives."""
        blocks = article["blocks"]
        return bool(blocks) and blocks[0][0] == "p" and bool(OBJECTIVES_TITLE.search(fold(blocks[0][1])))

    @staticmethod
    def plausible_next(item: Item, found: Marker) -> bool:
        """A wrapped line may start with "2. " by chance: a new item must carry a number just after the last
        one (a skipped number is warned about later) or start again at 1. Bullets always start an item."""
        if found.token is None:
            return True
        number = found.number if found.kind in ("lower", "upper", "roman") else ocr_number(found.token)
        if number is None:
            return False
        number = int(number)
        return item.number is None or item.number < number <= item.number + 3 or number == 1

    def item_line(self, item: Item, line: Line) -> None:
        item.lines.append(line.no)
        item.source += " " + line.text
        labeled = LABELED.match(line.key)
        if labeled:
            label = labeled.group("label")
            value = line.text[labeled.end() :].strip()
            if label.startswith(("BIEN", "GIAI")):
                item.last_field = "measures"
            elif label.startswith(("TRACH", "DON VI", "BO PHAN")):
                item.last_field = "responsibility"
            elif label.startswith(("THOI", "TIEN")):
                item.last_field = "timeframe"
            else:
                item.last_field = "target"
            getattr(item, item.last_field).append(value)
            return
        if item.last_field:  # a wrapped continuation of the last labelled field
            getattr(item, item.last_field).append(line.text)
        else:
            item.content.append(line.text)

    def set_section(self, line: Line) -> None:
        self.section = line.text.rstrip(" :;")
        self.span(f"sections.{self.section_count}", line.no)
        self.section_count += 1

    def finish(self) -> None:
        self.split_title()
        assemble(self)


def parse_decision(text: str) -> ParseResult:
    """Parse a decision's text (any of Unicode NFC/NFD, TCVN3, VNI; plain, markdown or HTML-tagged)."""
    return _Parser(text).run()
