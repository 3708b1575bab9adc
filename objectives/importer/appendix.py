"""The appendix of a decision: its title and reference line, and the objectives as a numbered list or a
table with section rows."""

from __future__ import annotations

import re

from . import messages as msg
from . import ocr
from .lines import (
    APPENDIX_HEAD,
    APPENDIX_REF,
    BARE_NUMBER,
    OBJECTIVES_TITLE,
    ROLE_WORDS,
    SECTION,
    TABLE_NUMBER_HEAD,
    Line,
    item_match,
)
from .markers import Marker, marker, plan
from .model import Item
from .tables import (
    CONTENT,
    DEFAULT_COLUMNS,
    MEASURES,
    MEASURES_AND_RESPONSIBILITY,
    NUMBER,
    RESPONSIBILITY,
    TARGET,
    TIMEFRAME,
    column_role,
    is_header_row,
)
from .textutil import fold, ocr_number

_TERMINAL = re.compile(r"[.;:!?][\"”’)\]]*$")


class AppendixMixin:
    """Appendix lines for the parser (see parser._Parser for the state it uses)."""

    def starts_appendix(self, line: Line, after_signer: bool = False) -> bool:
        key = line.key
        if APPENDIX_HEAD.match(key) and (line.is_upper or line.heading or len(line.text.split()) <= 6):
            return True
        if APPENDIX_REF.match(key):
            return True
        if (line.is_upper or line.heading) and OBJECTIVES_TITLE.search(key) and not ROLE_WORDS.match(key):
            return True
        if line.text.isascii() and ocr.is_objectives_title(line):  # "UC TIEU CHAT LUQGNG NAM 2023"
            self.approximate.append((line.no, " ".join(line.text.split()[:4]), "MỤC TIÊU CHẤT LƯỢNG"))
            return True
        if line.cells and is_header_row(line.cells):
            return True
        # after the signature, a list or a table can only be the appendix (its title may be missing)
        return after_signer and bool(item_match(line) or SECTION.match(line.text) or line.cells)

    def appendix(self, line: Line) -> None:
        key = line.key
        if self.reference_open:  # "(Kèm theo Quyết định số ..." wrapped before its ")"
            self.reference_lines.append(line)
            self.span("appendix_reference", line.no)
            self.reference_open = ")" not in line.text
            return
        head = APPENDIX_HEAD.match(key)
        if head and (line.is_upper or line.heading or len(line.text.split()) <= 6):
            self.appendix_head(line, line.text[head.end() :].strip())
            return
        if APPENDIX_REF.match(key) and not self.reference_lines:
            self.reference_lines.append(line)
            self.span("appendix_reference", line.no)
            self.reference_open = line.text.startswith("(") and ")" not in line.text
            return
        if line.cells:
            self.table_row(line)
            return
        if (self.second_signer["lines"] or self.starts_tail(line)) and self.signer_line(self.second_signer, line):
            return
        if not self.appendix_items and self.loose_header(line):
            return
        if self.list_plan is None:
            self.list_plan = plan(self.lines[self.index :])
        found = marker(line)
        kind = found.kind if found else None
        is_item = found is not None and kind == self.list_plan.item_kind
        is_section = found is not None and kind in self.list_plan.section_kinds
        sub_point = found is not None and not is_item and not is_section and bool(self.appendix_items)
        if (
            not (is_item or is_section)
            and not self.appendix_items
            and (line.is_upper or line.heading)
            and not SECTION.match(line.text)
        ):
            if self.reference_lines:
                self.set_section(line)  # a heading between the reference line and the objectives
            else:
                self.appendix_title_lines.append(line)
                self.span("appendix_title", line.no)
            return
        if is_section or (
            not is_item
            and not sub_point
            and (
                SECTION.match(line.text)
                or line.extra.get("cells")
                or line.heading
                or (line.is_upper and len(line.text.split()) >= 3 and not _TERMINAL.search(line.text))
            )
        ):
            self.set_section(line)
            return
        last = self.appendix_items[-1] if self.appendix_items else None
        bare = BARE_NUMBER.match(line.text)
        if bare and (last is None or not self.plausible_next(last, Marker("decimal", bare.group("num"), 0))):
            if last is None:
                self.unparsed(line)
            else:
                self.span("page_numbers", line.no)  # a page number left by a PDF copy
        elif bare and last is not None:
            self.appendix_items.append(
                Item(int(bare.group("num")), [line.no], [], section=self.section, source=line.text)
            )
        elif is_item and (last is None or self.plausible_next(last, found)):
            content = line.text[found.end :].strip()
            self.appendix_items.append(
                Item(
                    self.marker_number(line, found, self.appendix_items),
                    [line.no],
                    [content] if content else [],
                    section=self.section,
                    source=line.text,
                )
            )
        elif last is not None:
            self.item_line(last, line)
        else:
            self.unparsed(line)

    def loose_header(self, line: Line) -> bool:
        """A table pasted without tabs: "TT", "Nội dung mục tiêu", "Chỉ tiêu"... one per line."""
        if TABLE_NUMBER_HEAD.match(line.key.strip(" .:")):
            self.header_cells_open = True
        elif not (self.header_cells_open and column_role(line.text)):
            self.header_cells_open = False
            return False
        self.span("table_header", line.no)
        return True

    def appendix_head(self, line: Line, rest: str) -> None:
        if self.appendix_items or self.appendix_title_lines:
            self.late_warnings.append(msg.render(msg.MULTIPLE_APPENDICES))
            self.unparsed(line)
            return
        self.span("appendix_title", line.no)
        if rest:  # "PHỤ LỤC I: MỤC TIÊU CHẤT LƯỢNG NĂM 2026"
            self.appendix_title_lines.append(Line(line.no, rest, fold(rest)))

    def table_row(self, line: Line) -> None:
        cells = line.cells or []
        if is_header_row(cells):
            self.columns = [column_role(cell) for cell in cells]
            for cell, role in zip(cells, self.columns):
                if role is None and cell:
                    self.late_warnings.append(msg.render(msg.UNKNOWN_COLUMN, column=cell))
            self.span("table_header", line.no)
            return
        columns = self.columns or DEFAULT_COLUMNS.get(len(cells)) or DEFAULT_COLUMNS[5]
        values: dict[str, str] = {}
        unknown = False
        for index, cell in enumerate(cells):
            role = columns[index] if index < len(columns) else None
            if role is None:
                unknown = unknown or bool(cell)
            elif cell:
                values[role] = f"{values[role]}; {cell}" if role in values else cell
        if unknown:
            self.unparsed(line)  # the row's cells under an unknown column
        number_cell = values.pop(NUMBER, "")
        number = ocr_number(number_cell.rstrip(".")) if number_cell else None
        if number_cell and number is None and not values:
            self.set_section(Line(line.no, number_cell, fold(number_cell)))
            return
        if number_cell and number is None:
            values[CONTENT] = (number_cell + " " + values.get(CONTENT, "")).strip()
        if number is not None:
            self.number_of(line, number_cell.rstrip("."))
            item = Item(int(number), [line.no], section=self.section, source=line.raw)
            self.appendix_items.append(item)
        elif self.appendix_items:  # a row continuing the cells of the previous objective
            item = self.appendix_items[-1]
            item.lines.append(line.no)
        else:
            item = Item(None, [line.no], section=self.section, source=line.raw)
            self.appendix_items.append(item)
        item.lines.extend(line.extra.get("also", []))  # a row rebuilt from one cell per line
        item.content.append(values.get(CONTENT, ""))
        item.target.append(values.get(TARGET, ""))
        item.timeframe.append(values.get(TIMEFRAME, ""))
        item.responsibility.append(values.get(RESPONSIBILITY, ""))
        both = values.get(MEASURES_AND_RESPONSIBILITY, "")
        item.measures.append(values.get(MEASURES, "") or both)
        if both and not values.get(RESPONSIBILITY):
            item.split_responsibility = True
