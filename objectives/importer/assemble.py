"""Second pass of the parser: turn what the line walk collected into the final fields, cross-check the
header against the appendix, and collect the warnings."""

from __future__ import annotations

import datetime
import re

from qms_portal.legacy import ENCODING_NAMES

from . import messages as msg
from .lines import DATE_IN_TEXT, DEPUTY, OBJECTIVES_TITLE, REF_NUMBER
from .model import Item, WalkState
from .tables import split_responsibility
from .target_phrases import parse_targets
from .textutil import fold, group_text, ocr_number

_YEAR = re.compile(r"\bNAM\s+(\d{4})\b")
_END_MARK = re.compile(r"\s*/\.\s*$")
_LETTER = re.compile(r"[^\W\d_]")


def _join(parts: list[str]) -> str | None:
    text = " ".join(part.strip() for part in parts if part and part.strip()).strip()
    return text or None


def _content(parts: list[str]) -> str:
    text = _join(parts) or ""
    # "; " ends a list item and "./." ends the document: neither belongs to the objective.
    text = _END_MARK.sub("", text)
    return text.rstrip(" ;") if text.endswith(";") else text


def assemble(p: WalkState) -> None:
    for index, numbers in enumerate(p.legal_lines):
        p.span(f"legal_bases.{index}", *numbers)
        p.span("legal_bases", *numbers)
    for index, numbers in enumerate(p.recipient_lines):
        p.span(f"recipients.{index}", *numbers)
    _articles_and_objectives(p)
    _signer(p)
    _appendix(p)
    _year(p)
    _warnings(p)
    _safety_net(p)


def _articles_and_objectives(p: WalkState) -> None:
    r = p.r
    source_items: list[Item] = p.appendix_items
    holder = None
    if not source_items:
        for article in p.articles:
            items = [block[1] for block in article["blocks"] if block[0] == "item"]
            intro = " ".join(block[1] for block in article["blocks"] if block[0] == "p")
            if items and OBJECTIVES_TITLE.search(fold(intro)):
                holder, source_items = article, items
                break
    for index, article in enumerate(p.articles):
        paragraphs = []
        for kind, value in article["blocks"]:
            if article is holder and kind in ("item", "section"):
                continue
            paragraphs.append(value.source if kind == "item" else value)
        lines = article["lines"]
        if article is holder:
            item_lines = {number for item in source_items for number in item.lines}
            lines = [number for number in lines if number not in item_lines]
        r.articles.append({"number": article["number"], "text": "\n".join(paragraphs)})
        p.span(f"articles.{index}", *lines)
        p.span("articles", *lines)
    previous, previous_section = None, None
    for index, item in enumerate(source_items):
        content = _content(item.content)
        target_text = _join(item.target)
        measures = _join(item.measures)
        responsibility = _join(item.responsibility)
        if responsibility is None and item.split_responsibility and measures:
            responsibility = split_responsibility(measures)
        r.objectives.append(
            {
                "number": item.number,
                "section": item.section,
                "content": content,
                "measures": measures,
                "responsibility": responsibility,
                "timeframe": _join(item.timeframe),
                "targets": parse_targets(target_text if target_text else content),
            }
        )
        p.span(f"objectives.{index}", *item.lines)
        p.span("objectives", *item.lines)
        if item.number is None:
            p.late_warnings.append(msg.render(msg.OBJECTIVE_WITHOUT_NUMBER, line=item.lines[0]))
        elif (
            previous is not None
            and item.number != previous + 1
            and not (item.number == 1 and item.section != previous_section)
        ):  # numbering may restart per section
            p.late_warnings.append(msg.render(msg.OBJECTIVE_NUMBERING, previous=previous, number=item.number))
        previous = item.number if item.number is not None else previous
        previous_section = item.section


def _signer_fields(signer: dict) -> dict:
    authority, titles = signer["authority"], list(signer["titles"])
    if signer["prefix"] is None and len(titles) >= 2:
        authority, titles = titles[0], titles[1:]
    elif signer["prefix"] and authority and not titles:
        # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" pasted on one line
        split = re.search(r"\sPHO\s", fold(authority))
        if split:
            authority, titles = authority[: split.start()], [authority[split.start() + 1 :]]
    return {
        "prefix": signer["prefix"],
        "authority": authority or None,
        "title": "\n".join(titles) or None,
        "name": signer["name"],
    }


def _signer(p: WalkState) -> None:
    r = p.r
    r.signer = _signer_fields(p.signer)
    p.span("signer", *p.signer["lines"])
    if p.second_signer["lines"]:
        second = _signer_fields(p.second_signer)
        if second == r.signer or not p.signer["lines"]:
            if not p.signer["lines"]:
                r.signer = second
            p.span("signer", *p.second_signer["lines"])
        else:
            p.late_warnings.append(msg.render(msg.SECOND_SIGNER_DIFFERS))
            for number in p.second_signer["lines"]:
                r.unparsed.append(p.physical[number - 1].strip())
                r.unparsed_lines.append(number)


def _appendix(p: WalkState) -> None:
    r = p.r
    if p.appendix_title_lines:
        r.appendix_title = _join([line.text for line in p.appendix_title_lines])
        p.span("appendix_title", *(line.no for line in p.appendix_title_lines))
    if p.reference_lines:
        r.appendix_reference = _join([line.text for line in p.reference_lines])


def _reference_parts(p: WalkState) -> tuple[str | None, str | None, str | None]:
    text = p.r.appendix_reference
    if not text:
        return None, None, None
    key = fold(text)
    number = symbol = date = None
    m = REF_NUMBER.search(key)
    if m:
        number = ocr_number(group_text(text, m, "num"))
        symbol = text[m.start("sym") : m.end("sym")].strip(" .")
    d = DATE_IN_TEXT.search(key)
    if d:
        parts = [
            ocr_number(group_text(text, d, name) or group_text(text, d, name + "2") or "") for name in ("d", "m", "y")
        ]
        try:
            date = datetime.date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
        except (TypeError, ValueError):
            date = None
    return number, symbol, date


def _year(p: WalkState) -> None:
    r = p.r
    for text, key in ((r.appendix_title, "appendix_title"), (r.summary, "summary")):
        if text:
            years = _YEAR.findall(fold(text))
            if years:
                r.year = int(years[-1])
                p.span("year", *r.spans.get(key, []))
                if r.date is None and p.blank_date_year is None and key == "appendix_title":
                    p.late_warnings.append(msg.render(msg.YEAR_FROM_APPENDIX, year=r.year))
                return
    if r.date or p.blank_date_year:
        r.year = int(r.date[:4]) if r.date else p.blank_date_year
        p.span("year", *r.spans.get("date", []))


def _format_date(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _warnings(p: WalkState) -> None:
    r = p.r
    warnings: list[str] = []
    if r.encoding_detected:
        warnings.append(msg.render(msg.LEGACY_ENCODING, encoding=ENCODING_NAMES[r.encoding_detected]))
    text = "\n".join(p.physical)
    letters = _LETTER.findall(text)
    marked = sum(1 for ch in letters if not ch.isascii())
    if len(letters) >= 200 and marked < len(letters) * 0.005:
        warnings.append(msg.render(msg.NO_DIACRITICS))
    elif p.no_diacritic_lines:
        lines = ", ".join(str(number) for number in sorted(set(p.no_diacritic_lines)))
        warnings.append(msg.render(msg.PARTIAL_DIACRITICS, lines=lines))
    if p.approximate:
        found = "; ".join(f"“{text}” = {name}" for _no, text, name in sorted(set(p.approximate)))
        warnings.append(msg.render(msg.APPROXIMATE_LANDMARKS, landmarks=found))
    for line, found, fixed in p.ocr_fixes:
        warnings.append(msg.render(msg.OCR_DIGIT, line=line, found=found, fixed=fixed))
    if not r.agency_lines:
        warnings.append(msg.render(msg.MISSING_AGENCY))
    ref_number, ref_symbol, ref_date = _reference_parts(p)
    if r.number is None and r.symbol is None:
        warnings.append(msg.render(msg.MISSING_NUMBER))
        if ref_number:
            warnings.append(msg.render(msg.NUMBER_ONLY_IN_APPENDIX, appendix=f"{ref_number}/{ref_symbol}"))
    if r.date is None and r.place is None:
        warnings.append(msg.render(msg.MISSING_DATE))
    if r.doc_type is None:
        warnings.append(msg.render(msg.MISSING_DOC_TYPE))
    if r.number and ref_number and int(r.number) != int(ref_number):
        warnings.append(msg.render(msg.NUMBER_MISMATCH, header=r.number, appendix=ref_number))
    if r.symbol and ref_symbol and fold(r.symbol).replace(" ", "") != fold(ref_symbol).replace(" ", ""):
        warnings.append(msg.render(msg.SYMBOL_MISMATCH, header=r.symbol, appendix=ref_symbol))
    if r.date and ref_date and r.date != ref_date:
        warnings.append(msg.render(msg.DATE_MISMATCH, header=_format_date(r.date), appendix=_format_date(ref_date)))
    if not r.articles:
        warnings.append(msg.render(msg.MISSING_ARTICLES))
    if not r.objectives:
        warnings.append(msg.render(msg.MISSING_OBJECTIVES))
    signer = r.signer
    if not any(signer.values()):
        warnings.append(msg.render(msg.MISSING_SIGNER))
    else:
        if signer["name"] is None:
            warnings.append(msg.render(msg.MISSING_SIGNER_NAME))
        if signer["prefix"] is None and signer["title"] and DEPUTY.match(fold(signer["title"])):
            if signer["authority"]:
                warnings.append(msg.render(msg.SIGNER_MISSING_KT, title=signer["title"], authority=signer["authority"]))
            else:
                warnings.append(msg.render(msg.SIGNER_DEPUTY_WITHOUT_KT, title=signer["title"]))
    for warning in p.late_warnings:
        if warning not in warnings:
            warnings.append(warning)
    r.warnings = warnings


def _safety_net(p: WalkState) -> None:
    """Whatever the walk missed is listed as unparsed: no line is ever dropped silently."""
    r = p.r
    covered = {number for numbers in r.spans.values() for number in numbers} | set(r.unparsed_lines)
    logical = {line.no for line in p.lines}
    for number, raw in enumerate(p.physical, start=1):
        if raw.strip() and number not in covered:
            if number in logical:
                r.unparsed.append(raw.strip())
                r.unparsed_lines.append(number)
            else:
                p.span("formatting", number)  # markup only, such as a lone "<br>" or "**"
