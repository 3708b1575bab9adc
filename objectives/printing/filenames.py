"""File names of printed decisions and the Content-Disposition header that carries them."""

from urllib.parse import quote

from objectives.models import Decision
from qms_portal.text import ascii_fold
from qms_portal.vnformat import format_doc_number


def _safe(text: str) -> str:
    kept = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in text)
    while "--" in kept:
        kept = kept.replace("--", "-")
    return kept.strip("-.")


def decision_filename(decision: Decision, *, appendix_only: bool = False, ext: str = "pdf") -> str:
    """'2026_DNI-PA_15-QĐ-UBND.pdf' (Unicode; fold with `ascii_fold` for the plain header)."""
    number = format_doc_number(decision.number) if decision.is_issued else "du-thao"
    parts = [str(decision.year), _safe(decision.agency.code), _safe(f"{number}-{decision.symbol}")]
    if appendix_only:
        parts.append("phu-luc")
    return "_".join(parts) + f".{ext}"


def content_disposition(filename: str) -> str:
    """attachment with an ASCII name for old clients and the exact Unicode name in filename*."""
    fallback = _safe(ascii_fold(filename)) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
