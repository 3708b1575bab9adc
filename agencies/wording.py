"""How an agency is named in its documents, pre-filled from its kind: the head's title ("Chủ tịch",
"Chánh Văn phòng", "Trưởng phòng", "Giám đốc") and the issuing authority as written in running text
("Chủ tịch Ủy ban nhân dân xã Phước An"). These are defaults for the user to correct; documents use
the stored words and only ever upper-case them for headings (Nghị định 30/2020, Phụ lục I), never
lower-case them.
"""

from agencies.models import AgencyKind

COMMITTEES = (AgencyKind.PROVINCE_COMMITTEE, AgencyKind.DISTRICT_COMMITTEE, AgencyKind.COMMUNE_COMMITTEE)


def _starts(name: str, prefix: str) -> bool:
    return name.casefold().startswith(prefix.casefold())


def head_title_for(kind: str, name: str) -> str:
    """The title of the agency's head, as written in running text."""
    name = (name or "").strip()
    if kind in COMMITTEES:
        return "Chủ tịch"
    if kind == AgencyKind.PROVINCE_OFFICE or _starts(name, "Văn phòng"):
        return "Chánh Văn phòng"
    if kind in (AgencyKind.DEPARTMENT, AgencyKind.SERVICE_CENTRE) or _starts(name, "Trung tâm") or _starts(name, "Sở "):
        return "Giám đốc"
    if _starts(name, "Phòng "):
        return "Trưởng phòng"
    if _starts(name, "Ban "):
        return "Trưởng ban"
    return "Thủ trưởng"


def authority_text_for(kind: str, name: str) -> str:
    """Title plus name, without repeating the word the title already holds:
    "Chánh Văn phòng HĐND và UBND xã", "Trưởng phòng Kinh tế xã Phước An", "Trưởng Ban Quản lý ..."."""
    name = (name or "").strip()
    title = head_title_for(kind, name)
    if title == "Chánh Văn phòng" and _starts(name, "Văn phòng"):
        return f"Chánh {name}"
    if title == "Trưởng phòng" and _starts(name, "Phòng "):
        return f"Trưởng phòng {name[len('Phòng ') :]}"
    if title == "Trưởng ban" and _starts(name, "Ban "):
        return f"Trưởng {name}"
    return f"{title} {name}".strip()


def wording_defaults(kind: str, name: str) -> dict[str, str]:
    return {"head_title": head_title_for(kind, name), "authority_text": authority_text_for(kind, name)}


def heading(text: str) -> str:
    """Capitals for a heading or the signer block ("Chánh Văn phòng" -> "CHÁNH VĂN PHÒNG")."""
    return (text or "").strip().upper()
