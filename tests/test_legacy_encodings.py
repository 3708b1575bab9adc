"""Legacy Vietnamese encodings (TCVN3/ABC, VNI): detection, conversion, and round trips over the samples."""

import unicodedata
from pathlib import Path

import pytest

from qms_portal.legacy import (
    TCVN3,
    VNI,
    convert_legacy,
    detect_legacy_encoding,
    encode_legacy,
    to_unicode_nfc,
    vietnamese_letters,
)

CORPUS = Path(__file__).parent / "import_corpus"
SAMPLES = ["2019_giong_rieng_93", "2022_ubnd_tinh_muc_tieu", "2024_nhon_trach_420", "2026_phuoc_an_table"]


def sample(name: str) -> str:
    return (CORPUS / f"{name}.txt").read_text(encoding="utf-8")


def test_it_knows_all_134_letters():
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134
    assert {"ạ", "Ạ", "ữ", "Ữ", "đ", "Đ", "ỵ", "Ỵ"} <= set(letters)
    assert all(unicodedata.is_normalized("NFC", letter) for letter in letters)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
def test_it_round_trips_every_letter_inside_a_word(encoding):
    for letter in vietnamese_letters():
        word = f"T{letter}N" if letter.isupper() else f"t{letter}n"
        encoded = encode_legacy(word, encoding)
        assert convert_legacy(encoded, encoding) == word, (letter, encoded)


@pytest.mark.parametrize(
    ("text", "encoding", "unicode"),
    [
        ("Qu¶n lý", TCVN3, "Quản lý"),
        ("Sè: 93/Q§-UBND", TCVN3, "Số: 93/QĐ-UBND"),
        ("Môc tiªu chÊt l−îng n¨m 2026", TCVN3, "Mục tiêu chất lượng năm 2026"),
        ("Quyeát ñònh", VNI, "Quyết định"),
        ("Soá: 93/QÑ-UBND", VNI, "Số: 93/QĐ-UBND"),
        ("Muïc tieâu chaát löôïng naêm 2026", VNI, "Mục tiêu chất lượng năm 2026"),
    ],
)
def test_it_detects_and_converts_pasted_legacy_text(text, encoding, unicode):
    assert detect_legacy_encoding(text) == encoding
    assert convert_legacy(text, encoding) == unicode
    assert to_unicode_nfc(text) == (unicode, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Quản lý hồ sơ thủ tục hành chính đạt tối thiểu 97%",
        "Hòa, hoá, khoá, thuý, quá, giá: các từ hợp lệ trong Unicode.",
        "The quick brown fox jumps over the lazy dog.",
        "1.200 / 96,5% / 19/2014/QĐ-TTg / 9001:2015",
        "© 2024 Company® — “quoted” text… • bullet · 30°C ½ § 5",
        "naïve café résumé",
        "",
        "   \n\t",
    ],
)
def test_it_does_not_fire_on_ordinary_text(text):
    assert detect_legacy_encoding(text) is None
    assert to_unicode_nfc(text)[1] is None


@pytest.mark.parametrize("name", SAMPLES)
def test_it_does_not_fire_on_the_unicode_samples(name):
    text = sample(name)
    assert detect_legacy_encoding(text) is None
    assert detect_legacy_encoding(unicodedata.normalize("NFD", text)) is None
    assert to_unicode_nfc(text) == (text, None)


@pytest.mark.parametrize("encoding", [TCVN3, VNI])
@pytest.mark.parametrize("name", SAMPLES)
def test_it_round_trips_the_samples(name, encoding):
    text = sample(name)
    encoded = encode_legacy(text, encoding)
    assert detect_legacy_encoding(encoded) == encoding
    assert to_unicode_nfc(encoded) == (text, encoding)


def test_it_restores_capitals_typed_with_the_abc_capital_font():
    # In ABC fonts, capitals with a tone mark are typed with the lower-case codes in ".VnTimeH".
    assert convert_legacy("QUYÕT §ÞNH", TCVN3) == "QUYẾT ĐỊNH"
    assert convert_legacy("CHñ TÞCH ñY BAN NH¢N D¢N X· PH¦íC AN", TCVN3) == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHƯỚC AN"
    assert convert_legacy("X· PH¦íC AN", TCVN3) == "XÃ PHƯỚC AN"
    assert convert_legacy("Sè: 93/Q§-UBND", TCVN3) == "Số: 93/QĐ-UBND"


def test_it_keeps_punctuation_that_shares_a_code_with_a_capital():
    # 0x93/0x94/0x96 are both “ ” – in cp1252 and capitals in TCVN3: only inside a word are they letters.
    assert convert_legacy("“Qu¶n lý” – tèt…", TCVN3) == "“Quản lý” – tốt…"
    assert convert_legacy("PH• CHñ TÞCH", TCVN3) == "PHÓ CHỦ TỊCH"


def test_it_reads_a_quote_or_dash_code_as_a_letter_only_when_the_whole_word_then_reads():
    # A closing quote (0x94, also "Õ") after a word: "nàyÕ" and "xÕ" do not read, so it stays a quote; the
    # word is read from its first letter, wherever it starts, and never past the start of the line.
    assert convert_legacy("nµy” cña anh", TCVN3) == "này” của anh"
    assert convert_legacy("x” lµ biÕn", TCVN3) == "x” là biến"
    assert convert_legacy("a x” b", TCVN3) == "a x” b"
    # An opening bullet (0x95, also "Ó") before a word: "Óc" and "Óng" read, so it is the letter; the word is
    # read letter by letter up to the space, not beyond it.
    assert convert_legacy("•c ta", TCVN3) == "Óc ta"
    assert convert_legacy("•ng ¶", TCVN3) == "Óng ả"


def test_it_restores_an_all_capitals_line_from_four_ascii_capitals_and_three_capital_words():
    # Four ASCII capitals (X, P, H, C) are enough to read the line as all capitals: "Xã" becomes "XÃ".
    assert convert_legacy("X· PH¦íC", TCVN3) == "XÃ PHƯỚC"
    # With a digit, three words of two or more capitals ("PHƯỚC", "AN", "NĂM") still make it capitals.
    assert convert_legacy("X· PH¦íC AN, N¡M 2026", TCVN3) == "XÃ PHƯỚC AN, NĂM 2026"


def test_it_leaves_mostly_unicode_text_with_one_legacy_word_alone():
    # One word reads only in TCVN3 ("®Þnh" is "định"), but two words are plainly Unicode: not enough.
    assert detect_legacy_encoding("®Þnh được đường") is None
    assert detect_legacy_encoding("®Þnh được") == TCVN3


def test_it_strips_zero_width_characters_and_normalises_to_nfc():
    text = "\ufeffQuy\u200bết \u200cđịnh\u200d \u2060" + unicodedata.normalize("NFD", "Mục tiêu")
    assert to_unicode_nfc(text) == ("Quyết định " + "Mục tiêu", None)


def test_it_leaves_unicode_lines_alone_in_mixed_text():
    text = "Qu¶n lý chÊt l−îng\nĐã gõ bằng Unicode: hồ sơ đúng hạn\nSè hå s¬ ®óng h¹n"
    converted, encoding = to_unicode_nfc(text)
    assert encoding == TCVN3
    assert converted.split("\n") == ["Quản lý chất lượng", "Đã gõ bằng Unicode: hồ sơ đúng hạn", "Số hồ sơ đúng hạn"]


def test_it_reads_a_minus_sign_as_the_letter_u_horn():
    # Text copied out of PDFs made with ABC fonts shows "ư" (code 0xAD, a soft hyphen) as "−".
    assert convert_legacy("n−íc, Tr−êng, 5 − 3", TCVN3) == "nước, Trường, 5 − 3"


def test_it_accepts_control_characters_as_pasted_from_latin_1():
    # Codes without a cp1252 character (0x81 "Ả" here) may arrive as C1 control characters.
    assert convert_legacy("\x81NH", TCVN3) == "ẢNH"


def test_it_rejects_an_unknown_encoding_name():
    with pytest.raises(ValueError):
        convert_legacy("abc", "viscii")
    with pytest.raises(ValueError):
        encode_legacy("abc", "viscii")
