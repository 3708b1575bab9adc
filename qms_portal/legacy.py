"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI Windows) as they arrive in pasted text:
detection, conversion to NFC Unicode, and an encoder used to build test material."""

from __future__ import annotations

import contextlib
import re
import unicodedata

TCVN3 = "tcvn3"
VNI = "vni"
ENCODING_NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI Windows"}

# --- TCVN3 --------------------------------------------------------------------------------------
# TCVN 5712:1993 (VN1): code -> letter, all 134 Vietnamese letters. Lower case and Ă Â Ê Ô Ơ Ư Đ sit
# in 0xA1-0xFE (the ABC "VN3" subset); the other capitals use 0x80-0x9F and a few C0 codes.
_TCVN3_CODES = (
    "01Ú 02Ụ 04Ừ 05Ử 06Ữ 11Ứ 12Ự 13Ỳ 14Ỷ 15Ỹ 16Ý 17Ỵ 80À 81Ả 82Ã 83Á 84Ạ 85Ặ 86Ậ 87È 88Ẻ 89Ẽ 8AÉ 8BẸ "
    "8CỆ 8DÌ 8EỈ 8FĨ 90Í 91Ị 92Ò 93Ỏ 94Õ 95Ó 96Ọ 97Ộ 98Ờ 99Ở 9AỠ 9BỚ 9CỢ 9DÙ 9EỦ 9FŨ A1Ă A2Â A3Ê A4Ô "
    "A5Ơ A6Ư A7Đ A8ă A9â AAê ABô ACơ ADư AEđ AFẰ B5à B6ả B7ã B8á B9ạ BAẲ BBằ BCẳ BDẵ BEắ BFẴ C0Ắ C1Ầ "
    "C2Ẩ C3Ẫ C4Ấ C5Ề C6ặ C7ầ C8ẩ C9ẫ CAấ CBậ CCè CDỂ CEẻ CFẽ D0é D1ẹ D2ề D3ể D4ễ D5ế D6ệ D7ì D8ỉ D9Ễ "
    "DAẾ DBỒ DCĩ DDí DEị DFò E0Ổ E1ỏ E2õ E3ó E4ọ E5ồ E6ổ E7ỗ E8ố E9ộ EAờ EBở ECỡ EDớ EEợ EFù F0Ỗ F1ủ "
    "F2ũ F3ú F4ụ F5ừ F6ử F7ữ F8ứ F9ự FAỳ FBỷ FCỹ FDý FEỵ FFỐ"
)


def _pasted_forms(code: int) -> list[str]:
    """A byte arrives as its cp1252 character, or as the latin-1 (C1 control) one where cp1252 has none."""
    forms = [chr(code)]
    if 0x80 <= code <= 0x9F:
        with contextlib.suppress(UnicodeDecodeError):
            forms.insert(0, bytes([code]).decode("cp1252"))
    return forms


_TCVN3_DECODE: dict[str, str] = {}
_TCVN3_ENCODE: dict[str, str] = {}
for _item in _TCVN3_CODES.split():
    _code, _letter = int(_item[:2], 16), _item[2:]
    _forms = _pasted_forms(_code)
    _TCVN3_ENCODE[_letter] = _forms[0]
    for _form in _forms:
        _TCVN3_DECODE[_form] = _letter

# Text copied out of PDFs made with ABC fonts shows "ư" (0xAD, a soft hyphen) as a minus sign.
_TCVN3_DECODE["\u2212"] = "ư"
# Codes 0x80-0x9F double as cp1252 punctuation: convert them only where they sit inside a word.
_TCVN3_CONTEXT = {form for form in _TCVN3_DECODE if 0x80 <= ord(form) <= 0x9F or ord(form) > 0xFF}
_TCVN3_PUNCT = set("‘’“”–—…•")
_TCVN3_PLAIN = str.maketrans({k: v for k, v in _TCVN3_DECODE.items() if k not in _TCVN3_CONTEXT})

# --- VNI ----------------------------------------------------------------------------------------
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_TONES = ("", _GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)
_VNI_TONE = {"": "", _GRAVE: "ø", _ACUTE: "ù", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _GRAVE: "à", _ACUTE: "á", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _GRAVE: "è", _ACUTE: "é", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
_VNI_I = {"": "i", _GRAVE: "ì", _ACUTE: "í", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}
# Vowel -> (VNI base, table of marks per tone)
_VNI_VOWELS = {
    "a": ("a", _VNI_TONE),
    "â": ("a", _VNI_CIRCUMFLEX),
    "ă": ("a", _VNI_BREVE),
    "e": ("e", _VNI_TONE),
    "ê": ("e", _VNI_CIRCUMFLEX),
    "o": ("o", _VNI_TONE),
    "ô": ("o", _VNI_CIRCUMFLEX),
    "ơ": ("ô", _VNI_TONE),
    "u": ("u", _VNI_TONE),
    "ư": ("ö", _VNI_TONE),
    "y": ("y", _VNI_TONE),
}
_BASE_VOWELS = "aăâeêioôơuưy"


def vietnamese_letters() -> list[str]:
    """The 134 non-ASCII Vietnamese letters, lower case then upper case."""
    lower = ["đ"]
    for vowel in _BASE_VOWELS:
        for tone in _TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            if not letter.isascii():
                lower.append(letter)
    return lower + [letter.upper() for letter in lower]


def _vni_code(letter: str) -> str:
    lower = letter.lower()
    if lower == "đ":
        code = "ñ"
    else:
        decomposed = unicodedata.normalize("NFD", lower)
        tone = next((mark for mark in decomposed if mark in _TONES[1:]), "")
        vowel = unicodedata.normalize("NFC", decomposed.replace(tone, "")) if tone else lower
        if vowel == "i":
            code = _VNI_I[tone]
        elif vowel == "y" and tone == _DOT:
            code = "î"
        else:
            base, marks = _VNI_VOWELS[vowel]
            code = base + marks[tone]
    return code.upper() if letter.isupper() else code


_VNI_ENCODE: dict[str, str] = {letter: _vni_code(letter) for letter in vietnamese_letters()}
_VNI_DECODE: dict[str, str] = {}
for _letter, _code in _VNI_ENCODE.items():
    _VNI_DECODE[_code] = _letter
    if len(_code) == 2:
        # Pasted text mixes the case of base and mark ("Aù" for "Á"): the base decides.
        for _variant in (_code[0] + _code[1].lower(), _code[0] + _code[1].upper()):
            _VNI_DECODE.setdefault(_variant, _letter)
_VNI_DECODE.setdefault("yï", "ỵ")
_VNI_DECODE.setdefault("YÏ", "Ỵ")
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

# --- detection ----------------------------------------------------------------------------------
# Letters a legacy text cannot contain: their presence means the text is already Unicode.
_UNICODE_ONLY = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300-\u036f]")
_LEGACY_CHARS = "".join(
    sorted(
        (set(_TCVN3_DECODE) | set("".join(_VNI_DECODE))) - set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    )
)
_ANY_LEGACY = re.compile("[" + re.escape(_LEGACY_CHARS) + "]")
# Legacy characters that are not letters of Unicode Vietnamese ("¶", "§", "ø", "ñ", ...)
_LEGACY_ONLY = re.compile(
    "[" + re.escape("".join(sorted(set(_LEGACY_CHARS) - set("ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý")))) + "]"
)
_TOKEN = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff" + re.escape(_LEGACY_CHARS) + "]{2,}")
_TONE_MARKS = re.compile("[\u0300\u0301\u0303\u0309\u0323]")
_SYLLABLE = re.compile(
    "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[aăâeêioôơuưy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
_STRIP_PUNCT = "‘’“”–—…•«»·¡¿"
_DETECT_LIMIT = 40000


def _is_word(token: str) -> bool:
    """Whether a token reads as one Vietnamese syllable (or an upper-case acronym such as "QĐ")."""
    if not token or not token.isalpha():
        return False
    if not (token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())):
        return False
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = len(_TONE_MARKS.findall(decomposed))
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", _TONE_MARKS.sub("", decomposed))
    return bool(_SYLLABLE.fullmatch(bare)) or (token.isupper() and tones == 0)


def _letterish(ch: str) -> bool:
    return ch.isalpha() or ch in _TCVN3_DECODE


def _punct_is_letter(text: str, i: int, before: bool) -> bool:
    """A quote or dash code touching a word on one side only is a letter if the word then reads."""
    j = i
    if before:
        while j > 0 and _letterish(text[j - 1]):
            j -= 1
        candidate = text[j:i].translate(_TCVN3_PLAIN) + _TCVN3_DECODE[text[i]]
    else:
        j = i + 1
        while j < len(text) and _letterish(text[j]):
            j += 1
        candidate = _TCVN3_DECODE[text[i]] + text[i + 1 : j].translate(_TCVN3_PLAIN)
    return _is_word(_restore_case_word(candidate))


def _decode_tcvn3(text: str) -> str:
    if not any(ch in _TCVN3_CONTEXT for ch in text):
        return text.translate(_TCVN3_PLAIN)
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch in _TCVN3_CONTEXT:
            before = i > 0 and _letterish(text[i - 1])
            after = i < last and _letterish(text[i + 1])
            if ch in _TCVN3_PUNCT and before != after:
                inside = _punct_is_letter(text, i, before)
            else:
                inside = before or after
            out.append(_TCVN3_DECODE[ch] if inside else ch)
        else:
            out.append(_TCVN3_DECODE.get(ch, ch))
    return "".join(out)


def _decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


_DECODERS = {TCVN3: _decode_tcvn3, VNI: _decode_vni}


def _score(tokens: list[str], encoding: str) -> int:
    """How many more tokens read as Vietnamese after decoding than before."""
    decode = _DECODERS[encoding]
    net = 0
    for token in tokens:
        decoded = decode(token)
        if decoded == token:
            continue
        if encoding == TCVN3:
            decoded = _restore_case_word(decoded)
        net += _is_word(decoded.strip(_STRIP_PUNCT)) - _is_word(token.strip(_STRIP_PUNCT))
    return net


def detect_legacy_encoding(text: str) -> str | None:
    """ "tcvn3" or "vni" when the text reads as Vietnamese only after converting it, else None."""
    sample = text[:_DETECT_LIMIT]
    if not _ANY_LEGACY.search(sample):
        return None
    if len(_UNICODE_ONLY.findall(sample)) > 4 * (len(_LEGACY_ONLY.findall(sample)) + 1):
        return None  # plainly Unicode: many letters only Unicode has, few legacy codes
    tokens = _TOKEN.findall(sample)
    unicode_words = sum(1 for token in tokens if _UNICODE_ONLY.search(token))
    scores = {encoding: _score(tokens, encoding) for encoding in (TCVN3, VNI)}
    best = max(scores, key=scores.get)
    other = VNI if best == TCVN3 else TCVN3
    if scores[best] < 1 or scores[best] <= scores[other] or scores[best] <= unicode_words // 2:
        return None
    return best


# --- conversion ---------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W\d_]+")


def _restore_case_word(word: str) -> str:
    # ABC users type capitals in the ".VnTimeH" font with the lower-case codes: "QUYÕT" is "QUYẾT".
    uppers = sum(1 for ch in word if ch.isupper())
    if uppers >= 2 and not any(ch.islower() and ch.isascii() for ch in word) and not word.isupper():
        return word.upper()
    return word


def _restore_case_line(line: str) -> str:
    line = _WORD.sub(lambda m: _restore_case_word(m.group()), line)
    ascii_letters = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) < 4 or not all(ch.isupper() for ch in ascii_letters) or line.isupper():
        return line
    # An all-capitals line ("X· PH¦íC AN"): its one-capital words are capitals too. "Sè: 93/Q§-UBND"
    # is not such a line, hence the digit rule.
    capital_words = sum(1 for word in _WORD.findall(line) if len(word) >= 2 and word.isupper())
    if capital_words >= 3 or not any(ch.isdigit() for ch in line):
        return line.upper()
    return line


def convert_legacy(text: str, encoding: str) -> str:
    """Convert text typed in a legacy font ("tcvn3" or "vni") to NFC Unicode."""
    if encoding == TCVN3:
        converted = "\n".join(_restore_case_line(_decode_tcvn3(line)) for line in text.split("\n"))
    elif encoding == VNI:
        converted = _decode_vni(text)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return unicodedata.normalize("NFC", converted)


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode -> the characters a legacy font would show (used to build test material)."""
    table = _TCVN3_ENCODE if encoding == TCVN3 else _VNI_ENCODE if encoding == VNI else None
    if table is None:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def to_unicode_nfc(text: str) -> tuple[str, str | None]:
    """Strip zero-width characters, convert legacy text, normalise to NFC: (text, encoding or None)."""
    text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return text, None
    # A line holding letters only Unicode has was pasted as Unicode: leave it alone.
    lines = [line if _UNICODE_ONLY.search(line) else convert_legacy(line, encoding) for line in text.split("\n")]
    return unicodedata.normalize("NFC", "\n".join(lines)), encoding
