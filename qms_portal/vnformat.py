"""Vietnamese formatting for administrative documents (Nghị định 30/2020/NĐ-CP) and numbers.

Pure functions shared by print templates, the UI and reports.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
BLANK = NBSP * 6
"""Run of non-breaking spaces left on drafts for the signer to hand-write a day, month or number."""

_VN_SEPARATORS = str.maketrans(",.", ".,")
_GROUPED = r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+"
_WITH_COMMA = re.compile(rf"(?P<int>[0-9]+|{_GROUPED}),(?P<frac>[0-9]+)")
_GROUPED_ONLY = re.compile(_GROUPED)
_DOT_DECIMAL = re.compile(r"[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})")
_DOT_THREE = re.compile(r"[0-9]+\.[0-9]{3}")
_INTEGER = re.compile(r"[0-9]+")
_ROMAN = list(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
    )
)


def format_doc_date(d: date) -> str:
    """'ngày 05 tháng 01 năm 2020': day padded below 10, month padded only for January and February."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def format_place_date(place: str, d: date | None, *, year: int | None = None) -> str:
    """'Phước An, ngày 09 tháng 01 năm 2026'; without a date, day and month are left blank."""
    if d is not None:
        if year is not None and year != d.year:
            raise ValueError(f"Năm {year} không khớp với ngày {d.isoformat()}.")
        return f"{place}, {format_doc_date(d)}"
    year_text = f" {year}" if year is not None else BLANK
    return f"{place}, ngày{BLANK}tháng{BLANK}năm{year_text}"


def format_doc_number(number: int | None) -> str:
    """Document number padded to two digits ('05', '93', '123'); '' while not yet numbered."""
    if number is None:
        return ""
    if isinstance(number, bool) or number < 1:
        raise ValueError(f"Số văn bản phải là số nguyên dương, không phải {number!r}.")
    return f"{number:02d}"


def format_number_symbol(number: int | None, symbol: str) -> str:
    """'Số: 05/QĐ-UBND'; an unnumbered draft gets a blank to fill in by hand."""
    symbol = symbol.strip()
    if not symbol:
        raise ValueError("Thiếu ký hiệu văn bản.")
    return f"Số: {format_doc_number(number) or BLANK}/{symbol}"


def _to_decimal(value: Decimal | int | float) -> Decimal:
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"Không định dạng được giá trị {value!r}.")
    return number


def format_decimal(value: Decimal | int | float, places: int | None = None) -> str:
    """Vietnamese number: '1.234.567,89'.

    With ``places`` the value is rounded half up to exactly that many decimals;
    without it trailing zeros are dropped (Decimal('97.00') -> '97').
    """
    number = _to_decimal(value)
    if places is None:
        places = max(0, -number.normalize().as_tuple().exponent)
    if places < 0:
        raise ValueError("Số chữ số thập phân không được âm.")
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = abs(number)
    return format(number, f",.{places}f").translate(_VN_SEPARATORS)


def format_percent(value: Decimal | int | float, places: int | None = None) -> str:
    """Percentage points in Vietnamese format: Decimal('96.5') -> '96,5%'."""
    return f"{format_decimal(value, places)}%"


def parse_decimal(text: str) -> Decimal:
    """Read a number typed the Vietnamese way ('96,5', '1.200,5', '97%') or plainly ('96.5').

    A comma is the decimal separator, and dots before it group thousands.
    Without a comma, dots group thousands when every dot is followed by
    exactly three digits and the first group has one to three digits not
    starting with 0 ('1.200' is 1200, '96.500' is 96500, '1.234.567').
    A single dot followed by one, two, or four or more digits is a decimal
    point ('96.5', '96.55', '0.1234'). A single dot followed by three digits
    that cannot be a thousands group ('0.500', '1234.567') is rejected as
    ambiguous. A trailing '%' is dropped: '97%' is 97.
    """
    shown = text.strip()
    body = shown
    if body.endswith("%"):
        body = body[:-1].rstrip()
    if not body:
        raise ValueError("Chưa nhập số.")
    sign = ""
    if body[0] in "+-":
        sign, body = body[0], body[1:]

    if match := _WITH_COMMA.fullmatch(body):
        plain = f"{match['int'].replace('.', '')}.{match['frac']}"
    elif _GROUPED_ONLY.fullmatch(body):
        plain = body.replace(".", "")
    elif _DOT_DECIMAL.fullmatch(body) or _INTEGER.fullmatch(body):
        plain = body
    elif _DOT_THREE.fullmatch(body):
        raise ValueError(
            f"“{shown}”: không rõ dấu chấm là phân cách hàng nghìn hay dấu thập phân; "
            "hãy dùng dấu phẩy cho phần thập phân (ví dụ 96,5) và dấu chấm cho hàng nghìn (ví dụ 1.200)."
        )
    else:
        raise ValueError(f"“{shown}” không phải là số hợp lệ; ví dụ cách nhập đúng: 96,5 hoặc 1.200 hoặc 1.200,5.")
    return Decimal(sign + plain)


def roman(n: int) -> str:
    """Roman numeral for appendix and section numbering: 4 -> 'IV' (1 to 3999)."""
    if isinstance(n, bool) or not 1 <= n <= 3999:
        raise ValueError(f"Chỉ đánh số La Mã được từ 1 đến 3999, không phải {n!r}.")
    parts = []
    for value, numeral in _ROMAN:
        count, n = divmod(n, value)
        parts.append(numeral * count)
    return "".join(parts)
