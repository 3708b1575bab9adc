"""Objective tables (TT | Nội dung mục tiêu | Chỉ tiêu | Biện pháp và trách nhiệm | Thời gian): column
roles from the header row, and the responsible units named in a "measures and responsibility" cell."""

from __future__ import annotations

import re

from .lines import TABLE_NUMBER_HEAD
from .textutil import fold

NUMBER, CONTENT, TARGET, MEASURES, RESPONSIBILITY, TIMEFRAME, MEASURES_AND_RESPONSIBILITY = (
    "number",
    "content",
    "target",
    "measures",
    "responsibility",
    "timeframe",
    "measures+responsibility",
)

DEFAULT_COLUMNS = {
    3: [NUMBER, CONTENT, TARGET],
    4: [NUMBER, CONTENT, TARGET, MEASURES_AND_RESPONSIBILITY],
    5: [NUMBER, CONTENT, TARGET, MEASURES_AND_RESPONSIBILITY, TIMEFRAME],
    6: [NUMBER, CONTENT, TARGET, MEASURES, RESPONSIBILITY, TIMEFRAME],
}


def column_role(header: str) -> str | None:
    key = fold(header).strip(" .:")
    if TABLE_NUMBER_HEAD.match(key):
        return NUMBER
    if "CHI TIEU" in key or "MUC PHAN DAU" in key:
        return TARGET
    if "BIEN PHAP" in key or "GIAI PHAP" in key or "CACH THUC" in key:
        return MEASURES_AND_RESPONSIBILITY if "TRACH NHIEM" in key or "DON VI" in key else MEASURES
    if "TRACH NHIEM" in key or "DON VI" in key or "CHU TRI" in key or "PHU TRACH" in key or "BO PHAN" in key:
        return RESPONSIBILITY
    if "THOI GIAN" in key or "THOI HAN" in key or "TIEN DO" in key or "TAN SUAT" in key:
        return TIMEFRAME
    if "NOI DUNG" in key or "MUC TIEU" in key or key[:3] == "TEN":
        return CONTENT
    return None


def is_header_row(cells: list[str]) -> bool:
    roles = [column_role(cell) for cell in cells if cell]
    return roles.count(None) <= 1 and (CONTENT in roles or TARGET in roles) and len(roles) >= 2


# --- who is responsible, out of "Trung tâm ... theo dõi ...; Văn phòng ... tổng hợp." ---------------
_SUBJECT_START = re.compile(
    r"^(?:TRUNG TAM|VAN PHONG|PHONG|CAN BO|CONG CHUC|VIEN CHUC|TRUONG|PHO|TO|BAN|CHU TICH|CAC|UBND|UY BAN|"
    r"LANH DAO|THU TRUONG|GIAM DOC|DOAN|BO PHAN|CHANH|DON VI|HOI DONG|THU KY|THANH TRA|CONG AN|CO QUAN|BCD)\b"
)
_VERBS = re.compile(
    r"\b(?:THEO DOI|HUONG DAN|TONG HOP|KHAO SAT|SO HOA|XAY DUNG|CHU TRI|CHI DAO|DANG KY|THUC HIEN|DON DOC|"
    r"TRIEN KHAI|KIEM TRA|PHOI HOP|RA SOAT|THAM MUU|BAO CAO|TIEP NHAN|GIAI QUYET|CAP NHAT|TO CHUC|NHAC|"
    r"DANH GIA|KIEM SOAT|XU LY|LAP|BAN HANH|CHIU TRACH NHIEM|DAM BAO|TUYEN TRUYEN|NIEM YET|CONG KHAI|"
    r"BOI DUONG|DAO TAO|GIAM SAT|DE XUAT|TRINH|QUAN LY|VAN HANH|THONG KE|TIEP TUC|TANG CUONG|DUY TRI|"
    r"PHAN CONG|RA|SOAN|CHUAN BI|LUU TRU)\b"
)
_CLAUSE_SPLIT = re.compile(r";|,\s+")
_MAX_SUBJECT_WORDS = 10


def split_responsibility(cell: str) -> str | None:
    """The units named as subjects of a measures cell, "; "-joined, or None when none is clear."""
    subjects: list[str] = []
    clauses: list[str] = []
    for part in _CLAUSE_SPLIT.split(cell):
        part = part.strip(" .,")
        # "Tổ thư ký ISO xây dựng kế hoạch, Chủ tịch UBND xã chủ trì": a capital after a comma starts a clause
        if clauses and part and not part[0].isupper():
            clauses[-1] += ", " + part
        elif part:
            clauses.append(part)
    for clause in clauses:
        key = fold(clause)
        if not _SUBJECT_START.match(key):
            continue
        verb = _VERBS.search(key, 3)
        if not verb:
            continue
        subject = clause[: verb.start()].strip(" ,")
        if 1 <= len(subject.split()) <= _MAX_SUBJECT_WORDS and subject not in subjects:
            subjects.append(subject)
    return "; ".join(subjects) or None
