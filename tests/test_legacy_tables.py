"""Every letter of the TCVN3 (ABC / TCVN 5712 VN1) and VNI tables against a table written out by hand
here, family by family: a round trip cannot see two letters swapped in the table, this can."""

import pytest

from qms_portal import legacy
from qms_portal.legacy import TCVN3, VNI, convert_legacy, encode_legacy, vietnamese_letters

# Letter -> byte, written by vowel family in the order "no tone, grave, hook, tilde, acute, dot".
TCVN3_BYTES = {
    # lower case (the ABC "VN3" range 0xA8-0xFE)
    "à": 0xB5,
    "ả": 0xB6,
    "ã": 0xB7,
    "á": 0xB8,
    "ạ": 0xB9,
    "ă": 0xA8,
    "ằ": 0xBB,
    "ẳ": 0xBC,
    "ẵ": 0xBD,
    "ắ": 0xBE,
    "ặ": 0xC6,
    "â": 0xA9,
    "ầ": 0xC7,
    "ẩ": 0xC8,
    "ẫ": 0xC9,
    "ấ": 0xCA,
    "ậ": 0xCB,
    "è": 0xCC,
    "ẻ": 0xCE,
    "ẽ": 0xCF,
    "é": 0xD0,
    "ẹ": 0xD1,
    "ê": 0xAA,
    "ề": 0xD2,
    "ể": 0xD3,
    "ễ": 0xD4,
    "ế": 0xD5,
    "ệ": 0xD6,
    "ì": 0xD7,
    "ỉ": 0xD8,
    "ĩ": 0xDC,
    "í": 0xDD,
    "ị": 0xDE,
    "ò": 0xDF,
    "ỏ": 0xE1,
    "õ": 0xE2,
    "ó": 0xE3,
    "ọ": 0xE4,
    "ô": 0xAB,
    "ồ": 0xE5,
    "ổ": 0xE6,
    "ỗ": 0xE7,
    "ố": 0xE8,
    "ộ": 0xE9,
    "ơ": 0xAC,
    "ờ": 0xEA,
    "ở": 0xEB,
    "ỡ": 0xEC,
    "ớ": 0xED,
    "ợ": 0xEE,
    "ù": 0xEF,
    "ủ": 0xF1,
    "ũ": 0xF2,
    "ú": 0xF3,
    "ụ": 0xF4,
    "ư": 0xAD,
    "ừ": 0xF5,
    "ử": 0xF6,
    "ữ": 0xF7,
    "ứ": 0xF8,
    "ự": 0xF9,
    "ỳ": 0xFA,
    "ỷ": 0xFB,
    "ỹ": 0xFC,
    "ý": 0xFD,
    "ỵ": 0xFE,
    "đ": 0xAE,
    # capitals: Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xA7, the rest in 0x80-0x9F, in the gaps of the lower-case range
    # and in a few C0 control codes
    "À": 0x80,
    "Ả": 0x81,
    "Ã": 0x82,
    "Á": 0x83,
    "Ạ": 0x84,
    "Ă": 0xA1,
    "Ằ": 0xAF,
    "Ẳ": 0xBA,
    "Ẵ": 0xBF,
    "Ắ": 0xC0,
    "Ặ": 0x85,
    "Â": 0xA2,
    "Ầ": 0xC1,
    "Ẩ": 0xC2,
    "Ẫ": 0xC3,
    "Ấ": 0xC4,
    "Ậ": 0x86,
    "È": 0x87,
    "Ẻ": 0x88,
    "Ẽ": 0x89,
    "É": 0x8A,
    "Ẹ": 0x8B,
    "Ê": 0xA3,
    "Ề": 0xC5,
    "Ể": 0xCD,
    "Ễ": 0xD9,
    "Ế": 0xDA,
    "Ệ": 0x8C,
    "Ì": 0x8D,
    "Ỉ": 0x8E,
    "Ĩ": 0x8F,
    "Í": 0x90,
    "Ị": 0x91,
    "Ò": 0x92,
    "Ỏ": 0x93,
    "Õ": 0x94,
    "Ó": 0x95,
    "Ọ": 0x96,
    "Ô": 0xA4,
    "Ồ": 0xDB,
    "Ổ": 0xE0,
    "Ỗ": 0xF0,
    "Ố": 0xFF,
    "Ộ": 0x97,
    "Ơ": 0xA5,
    "Ờ": 0x98,
    "Ở": 0x99,
    "Ỡ": 0x9A,
    "Ớ": 0x9B,
    "Ợ": 0x9C,
    "Ù": 0x9D,
    "Ủ": 0x9E,
    "Ũ": 0x9F,
    "Ú": 0x01,
    "Ụ": 0x02,
    "Ư": 0xA6,
    "Ừ": 0x04,
    "Ử": 0x05,
    "Ữ": 0x06,
    "Ứ": 0x11,
    "Ự": 0x12,
    "Ỳ": 0x13,
    "Ỷ": 0x14,
    "Ỹ": 0x15,
    "Ý": 0x16,
    "Ỵ": 0x17,
    "Đ": 0xA7,
}

# VNI Windows: base letter + mark key. Tones: grave ø, acute ù, hook û, tilde õ, dot ï; â family: à á å ã ä
# on "a" with â (and likewise ê, ô); ă family: ê è é ú ü ë on "a"; ơ is "ô", ư is "ö"; i has its own codes.
VNI_LOWER = {
    "à": "aø",
    "ả": "aû",
    "ã": "aõ",
    "á": "aù",
    "ạ": "aï",
    "ă": "aê",
    "ằ": "aè",
    "ẳ": "aú",
    "ẵ": "aü",
    "ắ": "aé",
    "ặ": "aë",
    "â": "aâ",
    "ầ": "aà",
    "ẩ": "aå",
    "ẫ": "aã",
    "ấ": "aá",
    "ậ": "aä",
    "è": "eø",
    "ẻ": "eû",
    "ẽ": "eõ",
    "é": "eù",
    "ẹ": "eï",
    "ê": "eâ",
    "ề": "eà",
    "ể": "eå",
    "ễ": "eã",
    "ế": "eá",
    "ệ": "eä",
    "ì": "ì",
    "ỉ": "æ",
    "ĩ": "ó",
    "í": "í",
    "ị": "ò",
    "ò": "oø",
    "ỏ": "oû",
    "õ": "oõ",
    "ó": "où",
    "ọ": "oï",
    "ô": "oâ",
    "ồ": "oà",
    "ổ": "oå",
    "ỗ": "oã",
    "ố": "oá",
    "ộ": "oä",
    "ơ": "ô",
    "ờ": "ôø",
    "ở": "ôû",
    "ỡ": "ôõ",
    "ớ": "ôù",
    "ợ": "ôï",
    "ù": "uø",
    "ủ": "uû",
    "ũ": "uõ",
    "ú": "uù",
    "ụ": "uï",
    "ư": "ö",
    "ừ": "öø",
    "ử": "öû",
    "ữ": "öõ",
    "ứ": "öù",
    "ự": "öï",
    "ỳ": "yø",
    "ỷ": "yû",
    "ỹ": "yõ",
    "ý": "yù",
    "ỵ": "î",
    "đ": "ñ",
}


def pasted(code: int) -> str:
    """How a byte arrives in pasted text: its Windows-1252 character, else the Latin-1 one."""
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


def test_the_hand_written_tables_cover_every_letter_once():
    assert set(TCVN3_BYTES) == set(vietnamese_letters())
    assert len(set(TCVN3_BYTES.values())) == 134
    assert set(VNI_LOWER) | {letter.upper() for letter in VNI_LOWER} == set(vietnamese_letters())


@pytest.mark.parametrize("letter", list(TCVN3_BYTES))
def test_it_encodes_and_decodes_each_tcvn3_letter(letter):
    code = pasted(TCVN3_BYTES[letter])
    assert encode_legacy(letter, TCVN3) == code
    word = f"T{code}N" if letter.isupper() else f"t{code}n"
    expected = f"T{letter}N" if letter.isupper() else f"t{letter}n"
    assert convert_legacy(word, TCVN3) == expected


@pytest.mark.parametrize("letter", list(VNI_LOWER))
def test_it_encodes_and_decodes_each_vni_letter(letter):
    code = VNI_LOWER[letter]
    assert encode_legacy(letter, VNI) == code
    assert encode_legacy(letter.upper(), VNI) == code.upper()
    assert convert_legacy(f"t{code}n", VNI) == f"t{letter}n"
    assert convert_legacy(f"T{code.upper()}N", VNI) == f"T{letter.upper()}N"


def test_it_converts_whole_words_typed_in_each_font():
    # "Quyết định" typed in TCVN3 (ABC) and in VNI.
    assert convert_legacy("QuyÕt ®Þnh", TCVN3) == "Quyết định"
    assert convert_legacy("Quyeát ñònh", VNI) == "Quyết định"


# --- how the tables are built (at import time, so the tests above cannot see a change in the builders) -------

# Bytes 0x80-0x9F that Windows-1252 leaves undefined: they arrive as the Latin-1 control character only.
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


@pytest.mark.parametrize("code", sorted(set(TCVN3_BYTES.values())))
def test_it_knows_every_form_a_tcvn3_byte_arrives_in(code):
    if 0x80 <= code <= 0x9F and code not in CP1252_UNDEFINED:
        assert legacy._pasted_forms(code) == [bytes([code]).decode("cp1252"), chr(code)]
    else:
        assert legacy._pasted_forms(code) == [chr(code)]


def test_it_reads_windows_punctuation_as_the_capital_it_stands_for():
    # 0x80 is "€" in Windows-1252 and "À" in TCVN3; 0x93 is "“" and "Ỏ".
    assert legacy._pasted_forms(0x80) == ["€", "\x80"]
    assert legacy._pasted_forms(0x93) == ["“", "\x93"]
    assert legacy._pasted_forms(0x81) == ["\x81"]
    assert legacy._pasted_forms(0xB5) == ["µ"]


@pytest.mark.parametrize("letter", list(VNI_LOWER))
def test_it_builds_the_vni_code_of_each_letter(letter):
    assert legacy._vni_code(letter) == VNI_LOWER[letter]
    assert legacy._vni_code(letter.upper()) == VNI_LOWER[letter].upper()


def test_it_converts_line_by_line_and_refuses_an_unknown_encoding():
    assert convert_legacy("QuyÕt ®Þnh\nsè 15", TCVN3) == "Quyết định\nsố 15"
    assert convert_legacy("Quyeát ñònh\nsoá 15", VNI) == "Quyết định\nsố 15"
    # Each line is judged on its own: an all-capitals heading stays capitals above a line in lower case.
    assert convert_legacy("X· PH¦íC AN\nxin chµo", TCVN3) == "XÃ PHƯỚC AN\nxin chào"
    with pytest.raises(ValueError, match="^unknown legacy encoding: 'utf8'$"):
        convert_legacy("abc", "utf8")
    with pytest.raises(ValueError, match="^unknown legacy encoding: 'utf8'$"):
        encode_legacy("abc", "utf8")


def test_it_restores_capitals_typed_with_lower_case_codes():
    # ".VnTimeH" capitals use the lower-case codes: "CHÕ" (C, H and the code of "ế") is "CHẾ".
    assert convert_legacy("CHÕ", TCVN3) == "CHẾ"
    assert convert_legacy("QUYÕT", TCVN3) == "QUYẾT"
    # One capital is an ordinary word; ASCII lower case means the word was typed in lower case.
    assert convert_legacy("Sè", TCVN3) == "Số"
    assert convert_legacy("CHÕt", TCVN3) == "CHết"


def test_it_decodes_a_capital_code_just_before_the_last_letter():
    # 0x80 ("€" in Windows-1252) is "À" when it touches a letter, here the last one.
    assert convert_legacy("€N", TCVN3) == "ÀN"
    assert convert_legacy("€", TCVN3) == "€"
