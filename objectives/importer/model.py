"""The parse result handed to callers, and the objective being read while the parser walks the lines."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Protocol

DOC_TYPE_DECISION = "QUYẾT ĐỊNH"
KEYS = (
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
)


@dataclass
class ParseResult:
    agency_lines: list[str] = field(default_factory=list)
    number: str | None = None
    symbol: str | None = None
    place: str | None = None
    date: str | None = None
    year: int | None = None
    doc_type: str | None = None
    summary: str | None = None
    authority: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    proposal: str | None = None
    articles: list[dict] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: dict = field(default_factory=lambda: {"prefix": None, "authority": None, "title": None, "name": None})
    appendix_title: str | None = None
    objectives: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    # Not part of to_dict():
    appendix_reference: str | None = None
    encoding_detected: str | None = None
    # field path ("number", "legal_bases.0", "objectives.3", "signer", ...) -> 1-based source line numbers
    spans: dict[str, list[int]] = field(default_factory=dict)
    unparsed_lines: list[int] = field(default_factory=list)  # the line numbers of `unparsed`, same order

    def to_dict(self) -> dict:
        """The parsed structure with exactly the keys of KEYS, in that order (JSON-ready)."""
        return {key: copy.deepcopy(getattr(self, key)) for key in KEYS}


@dataclass
class Item:
    """A numbered objective (or an article's list item) while it is being read."""

    number: int | None
    lines: list[int]
    content: list[str] = field(default_factory=list)
    section: str | None = None
    measures: list[str] = field(default_factory=list)
    responsibility: list[str] = field(default_factory=list)
    timeframe: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    source: str = ""  # the item as written, for an article that turns out not to hold objectives
    split_responsibility: bool = False  # responsibility is read out of a "Biện pháp và trách nhiệm" cell
    last_field: str | None = None  # the labelled field ("Biện pháp: ...") a wrapped line continues


class WalkState(Protocol):
    """What the line walk (parser._Parser) hands to the second pass (assemble.assemble). The parser imports
    assemble, never the other way round: assemble only knows this shape."""

    r: ParseResult
    physical: list[str]
    lines: list
    articles: list[dict]
    legal_lines: list[list[int]]
    recipient_lines: list[list[int]]
    signer: dict
    second_signer: dict
    appendix_items: list[Item]
    appendix_title_lines: list
    reference_lines: list
    no_diacritic_lines: list[int]
    ocr_fixes: list[tuple[int, str, str]]
    approximate: list[tuple[int, str, str]]
    late_warnings: list[str]
    blank_date_year: int | None

    def span(self, key: str, *numbers: int) -> None: ...
