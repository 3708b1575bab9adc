"""The text of an amending decision ("sửa đổi, bổ sung"): summary, a legal basis citing the amended decision
by number, date and issuer, articles stating what changes, and an appendix reference generated for the new
decision (a stored "as issued" reference line of the old one is never carried over).
"""

from __future__ import annotations

from objectives.documents import issuer_phrase
from objectives.models import Decision
from qms_portal.vnformat import format_doc_date

# Taken from the decision in force as it is; everything else is composed anew.
KEPT_FIELDS = (
    "doc_type",
    "proposal",
    "recipients",
    "appendix_title",
    "appendix_intro",
    "appendix_form",
    "appendix_landscape",
)
# Taken from the agency as it is today (the amendment is a new document of the current authority and signer).
CURRENT_FIELDS = (
    "header_parent",
    "header_own",
    "symbol",
    "place",
    "authority",
    "issuer",
    "signer_prefix",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def citation(amended: Decision) -> str:
    """ "Quyết định số 15/QĐ-UBND ngày 09 tháng 01 năm 2026 của Chủ tịch Ủy ban nhân dân xã Phước An"."""
    return f"Quyết định số {amended.number:02d}/{amended.symbol} {format_doc_date(amended.issued_on)} của {issuer_phrase(amended)}"


def _about(amended: Decision) -> str:
    """The amended decision's summary as a "về việc ..." clause ("ban hành Mục tiêu chất lượng năm 2026 ...")."""
    summary = " ".join(amended.summary.split())
    for prefix in ("Về việc ", "về việc ", "V/v ", "v/v "):
        if summary.startswith(prefix):
            return summary[len(prefix) :]
    return summary


def _bases(amended: Decision, basis: str, has_proposal: bool) -> list[str]:
    bases = [b.rstrip(" ;.") + ";" for b in amended.legal_bases or [] if b.strip()]
    bases.append(basis + (";" if has_proposal else "."))
    return bases


def amendment_fields(amended: Decision, current: dict) -> dict:
    """Decision fields for an amendment of `amended` (issued, with number and date); `current` holds the
    agency's present defaults (services.decision_defaults) for header, authority and signer."""
    cited = citation(amended)
    year, name = amended.year, amended.agency.name
    fields = {key: getattr(amended, key) for key in KEPT_FIELDS}
    fields.update({key: current[key] for key in CURRENT_FIELDS if key in current})
    fields["summary"] = f"Về việc sửa đổi, bổ sung Mục tiêu chất lượng năm {year} của {name} ban hành kèm theo {cited}"
    fields["legal_bases"] = _bases(amended, f"Căn cứ {cited} về việc {_about(amended)}", bool(amended.proposal.strip()))
    if amended.appendix_title.strip():
        first = (
            f"Sửa đổi, bổ sung Mục tiêu chất lượng năm {year} của {name} ban hành kèm theo {cited} như Phụ lục kèm "
            f"theo Quyết định này. Phụ lục kèm theo Quyết định này thay thế Phụ lục ban hành kèm theo Quyết định số "
            f"{amended.number:02d}/{amended.symbol}."
        )
    else:
        first = (
            f"Sửa đổi, bổ sung Điều 1 của {cited} về Mục tiêu chất lượng năm {year} của {name} như sau: Mục tiêu chất "
            f"lượng năm {year} gồm:"
        )
    closing = [a for a in amended.articles or [] if "thi hành" in a]
    fields["articles"] = [
        first,
        (
            f"Các nội dung khác của Quyết định số {amended.number:02d}/{amended.symbol} "
            f"{format_doc_date(amended.issued_on)} không sửa đổi, bổ sung tại Quyết định này giữ nguyên hiệu lực thi hành."
        ),
        "Quyết định này có hiệu lực kể từ ngày ký.",
        closing[-1]
        if closing
        else "Các cơ quan, đơn vị và cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
    ]
    fields["appendix_reference"] = ""  # generated for the amending decision's own number and date
    return fields
