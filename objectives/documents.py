"""Document phrases derived from a decision, shared by the web view, the PDF and the Word export."""

from objectives.models import Decision
from qms_portal.vnformat import BLANK, format_doc_date, format_number_symbol, format_place_date


def number_line(decision: Decision) -> str:
    """ "Số: 05/QĐ-UBND", or with a blank for the number while the decision is not issued."""
    return format_number_symbol(decision.number if decision.is_issued else None, decision.symbol)


def place_date_line(decision: Decision) -> str:
    if decision.is_issued and decision.issued_on:
        return format_place_date(decision.place, decision.issued_on)
    return format_place_date(decision.place, None, year=decision.year)


def issuer_phrase(decision: Decision) -> str:
    """Who issued it, in running text ("Chủ tịch Ủy ban nhân dân xã Phước An", "Chánh Văn phòng HĐND và
    UBND xã Phước An"): the words stored with the decision, else its agency's. Never lower-cased: names keep
    their capitals and abbreviations (Nghị định 30/2020, Phụ lục I)."""
    if decision.issuer.strip():
        return decision.issuer.strip()
    agency = decision.agency
    if decision.authority.strip().upper().startswith("CHỦ TỊCH ") and agency.name:
        return f"Chủ tịch {agency.name}"
    return agency.authority_text or agency.name


def appendix_reference(decision: Decision) -> str:
    """ "(Kèm theo Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An)"."""
    if decision.appendix_reference:
        return decision.appendix_reference
    if decision.is_issued and decision.number and decision.issued_on:
        number = f"{decision.number:02d}/{decision.symbol}"
        date = format_doc_date(decision.issued_on)
    else:
        number = f"{BLANK}/{decision.symbol}"
        date = f"ngày{BLANK}tháng{BLANK}năm {decision.year}"
    return f"(Kèm theo Quyết định số {number} {date} của {issuer_phrase(decision)})"
