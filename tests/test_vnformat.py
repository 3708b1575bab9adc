"""Table-driven tests for qms_portal.vnformat."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from qms_portal.vnformat import (
    BLANK,
    NBSP,
    format_decimal,
    format_doc_date,
    format_doc_number,
    format_number_symbol,
    format_percent,
    format_place_date,
    parse_decimal,
    roman,
)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (date(2024, 2, 26), "ngày 26 tháng 02 năm 2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
        (date(2025, 11, 12), "ngày 12 tháng 11 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
        (datetime(2026, 1, 9, 23, 59), "ngày 09 tháng 01 năm 2026"),
    ],
)
def test_it_formats_document_dates(d: date, expected: str) -> None:
    assert format_doc_date(d) == expected


def test_it_uses_six_non_breaking_spaces_as_the_blank() -> None:
    assert BLANK == NBSP * 6 == "\u00a0" * 6


@pytest.mark.parametrize(
    ("place", "d", "year", "expected"),
    [
        ("Phước An", date(2026, 1, 9), None, "Phước An, ngày 09 tháng 01 năm 2026"),
        ("Phước An", date(2026, 1, 9), 2026, "Phước An, ngày 09 tháng 01 năm 2026"),
        ("Hà Nội", date(2019, 6, 29), None, "Hà Nội, ngày 29 tháng 6 năm 2019"),
        ("Phước An", None, 2026, f"Phước An, ngày{BLANK}tháng{BLANK}năm 2026"),
        ("Phước An", None, None, f"Phước An, ngày{BLANK}tháng{BLANK}năm{BLANK}"),
    ],
)
def test_it_formats_place_and_date(place: str, d: date | None, year: int | None, expected: str) -> None:
    assert format_place_date(place, d, year=year) == expected


def test_it_keeps_the_draft_blanks_from_collapsing_or_breaking() -> None:
    text = format_place_date("Phước An", None, year=2026)
    assert text == "Phước An, ngày      tháng      năm 2026".replace("      ", NBSP * 6)
    assert " " not in text.split(", ", 1)[1].removesuffix(" 2026")


def test_it_rejects_a_year_that_contradicts_the_date() -> None:
    with pytest.raises(ValueError, match="2025"):
        format_place_date("Phước An", date(2026, 1, 9), year=2025)


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "01"), (5, "05"), (9, "09"), (10, "10"), (93, "93"), (123, "123"), (None, "")],
)
def test_it_formats_document_numbers(number: int | None, expected: str) -> None:
    assert format_doc_number(number) == expected


@pytest.mark.parametrize("number", [0, -1, True])
def test_it_rejects_document_numbers_below_one(number: int) -> None:
    with pytest.raises(ValueError, match="Số văn bản"):
        format_doc_number(number)


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (5, "QĐ-UBND", "Số: 05/QĐ-UBND"),
        (93, "KH-UBND", "Số: 93/KH-UBND"),
        (1234, "BC-UBND", "Số: 1234/BC-UBND"),
        (7, " TB-VP ", "Số: 07/TB-VP"),
        (None, "QĐ-UBND", f"Số: {NBSP * 6}/QĐ-UBND"),
    ],
)
def test_it_formats_number_and_symbol(number: int | None, symbol: str, expected: str) -> None:
    assert format_number_symbol(number, symbol) == expected


@pytest.mark.parametrize("symbol", ["", "   "])
def test_it_requires_a_symbol(symbol: str) -> None:
    with pytest.raises(ValueError, match="ký hiệu"):
        format_number_symbol(5, symbol)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("96.5"), None, "96,5"),
        (1200, None, "1.200"),
        (Decimal("97.00"), None, "97"),
        (Decimal("1200"), None, "1.200"),
        (Decimal("1.2E+3"), None, "1.200"),
        (1234567.891, 2, "1.234.567,89"),
        (1234567.891, None, "1.234.567,891"),
        (0.1 + 0.2, None, "0,30000000000000004"),
        (0.1 + 0.2, 2, "0,30"),
        (Decimal("97"), 2, "97,00"),
        (Decimal("2.5"), 0, "3"),
        (Decimal("2.345"), 2, "2,35"),
        (Decimal("-2.345"), 2, "-2,35"),
        (Decimal("-1234.5"), None, "-1.234,5"),
        (Decimal("-0.001"), 2, "0,00"),
        (Decimal("-0"), None, "0"),
        (0, None, "0"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (Decimal("0.05"), None, "0,05"),
        (Decimal("1000000"), 1, "1.000.000,0"),
    ],
)
def test_it_formats_decimals_the_vietnamese_way(
    value: Decimal | int | float, places: int | None, expected: str
) -> None:
    assert format_decimal(value, places) == expected


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf"), float("nan")])
def test_it_refuses_to_format_non_finite_numbers(value: Decimal | float) -> None:
    with pytest.raises(ValueError):
        format_decimal(value)


def test_it_refuses_negative_places() -> None:
    with pytest.raises(ValueError):
        format_decimal(1, -1)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("96.5"), None, "96,5%"),
        (100, None, "100%"),
        (Decimal("97.00"), None, "97%"),
        (Decimal("33.333"), 1, "33,3%"),
        (Decimal("1250.5"), None, "1.250,5%"),
    ],
)
def test_it_formats_percentages(value: Decimal | int | float, places: int | None, expected: str) -> None:
    assert format_percent(value, places) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("96,5", Decimal("96.5")),
        ("1.200", Decimal("1200")),
        ("1.200,5", Decimal("1200.5")),
        ("  97 ", Decimal("97")),
        ("97%", Decimal("97")),
        ("96,5 %", Decimal("96.5")),
        ("96.5", Decimal("96.5")),
        ("96.55", Decimal("96.55")),
        ("0,5", Decimal("0.5")),
        ("0.5", Decimal("0.5")),
        ("0.1234", Decimal("0.1234")),
        ("1.2345", Decimal("1.2345")),
        ("1.234.567", Decimal("1234567")),
        ("1.234.567,891", Decimal("1234567.891")),
        ("1234567,891", Decimal("1234567.891")),
        ("96.500", Decimal("96500")),
        ("100.000", Decimal("100000")),
        ("-5", Decimal("-5")),
        ("+5", Decimal("5")),
        ("-1.200,5", Decimal("-1200.5")),
        ("007", Decimal("7")),
        (f"{NBSP}85,25{NBSP}", Decimal("85.25")),
    ],
)
def test_it_parses_vietnamese_and_plain_decimals(text: str, expected: Decimal) -> None:
    result = parse_decimal(text)
    assert isinstance(result, Decimal)
    assert result == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.200", Decimal("1200")),
        ("1.20", Decimal("1.2")),
        ("1.2", Decimal("1.2")),
        ("1.2000", Decimal("1.2")),
        ("12.345", Decimal("12345")),
        ("123.456", Decimal("123456")),
    ],
)
def test_it_resolves_a_single_dot_by_the_digits_after_it(text: str, expected: Decimal) -> None:
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["0.500", "1234.567", "0123.456"])
def test_it_rejects_a_dot_that_could_be_either_separator(text: str) -> None:
    with pytest.raises(ValueError, match="không rõ dấu chấm"):
        parse_decimal(text)


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1,2,3",
        "--5",
        "+-5",
        "1e5",
        "1E5",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "inf",
        "5-",
        "1.200.5",
        "1.20,5",
        "12.34.567",
        "1..2",
        "1.",
        ",5",
        ".5",
        "1,",
        "1 200",
        "97%%",
        "0x10",
        "١٢٣",
        "1_000",
    ],
)
def test_it_rejects_malformed_numbers_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValueError, match="không phải là số hợp lệ"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["", "   ", "%", " % "])
def test_it_asks_for_a_number_when_the_input_is_empty(text: str) -> None:
    with pytest.raises(ValueError, match="Chưa nhập số"):
        parse_decimal(text)


@pytest.mark.parametrize(
    "value",
    [Decimal("96.5"), Decimal("1200"), Decimal("1234567.89"), Decimal("-0.25"), Decimal("7")],
)
def test_it_parses_what_it_formats(value: Decimal) -> None:
    assert parse_decimal(format_decimal(value)) == value
    assert parse_decimal(format_percent(value)) == value


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "I"),
        (2, "II"),
        (3, "III"),
        (4, "IV"),
        (5, "V"),
        (6, "VI"),
        (9, "IX"),
        (10, "X"),
        (14, "XIV"),
        (19, "XIX"),
        (40, "XL"),
        (49, "XLIX"),
        (90, "XC"),
        (400, "CD"),
        (1994, "MCMXCIV"),
        (2026, "MMXXVI"),
        (3999, "MMMCMXCIX"),
    ],
)
def test_it_writes_roman_numerals(n: int, expected: str) -> None:
    assert roman(n) == expected


@pytest.mark.parametrize("n", [0, -1, 4000, True])
def test_it_rejects_numbers_without_a_roman_numeral(n: int) -> None:
    with pytest.raises(ValueError, match="La Mã"):
        roman(n)


def test_it_explains_each_refusal_in_vietnamese_word_for_word() -> None:
    cases = [
        (lambda: format_number_symbol(5, "  "), "Thiếu ký hiệu văn bản."),
        (lambda: format_decimal(Decimal("NaN")), "Không định dạng được giá trị Decimal('NaN')."),
        (lambda: format_decimal(float("inf")), "Không định dạng được giá trị inf."),
        (lambda: format_decimal(Decimal("1.5"), places=-1), "Số chữ số thập phân không được âm."),
        (lambda: parse_decimal(" % "), "Chưa nhập số."),
        (
            lambda: parse_decimal("X5"),
            "“X5” không phải là số hợp lệ; ví dụ cách nhập đúng: 96,5 hoặc 1.200 hoặc 1.200,5.",
        ),
        (
            lambda: parse_decimal("0.500"),
            (
                "“0.500”: không rõ dấu chấm là phân cách hàng nghìn hay dấu thập phân; "
                "hãy dùng dấu phẩy cho phần thập phân (ví dụ 96,5) và dấu chấm cho hàng nghìn (ví dụ 1.200)."
            ),
        ),
    ]
    for call, message in cases:
        with pytest.raises(ValueError) as refused:
            call()
        assert str(refused.value) == message
