"""Text normalisation shared by every app: NFC storage, legacy encodings, diacritics-free search keys."""

import re
import unicodedata

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def nfc(text: str) -> str:
    """NFC with zero-width characters removed and legacy TCVN3/VNI text converted to Unicode."""
    from qms_portal.legacy import to_unicode_nfc

    return to_unicode_nfc(text)[0]


def strip_diacritics(text: str) -> str:
    """The one diacritic fold: "Đồng Nai" -> "Dong Nai" (case and spacing kept; đ/Đ become d/D)."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D")


def fold(text: str) -> str:
    """A search key without diacritics or case: "Nhơn Trạch" -> "nhon trach"."""
    return strip_diacritics(text).casefold().strip()


def ascii_fold(text: str) -> str:
    """'QĐ-UBND Phước An' -> 'QD-UBND Phuoc An' (case kept, unlike search keys; other non-ASCII dropped)."""
    return strip_diacritics(text).encode("ascii", "ignore").decode()


def contains_html(text: str) -> bool:
    return bool(TAG.search(text or ""))


# Vietnamese letters in dictionary order, and the five tone marks in the order of the tones (ngang first).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter (ă, â, ơ, ư)
_TONES = ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]  # huyền, hỏi, ngã, sắc, nặng
_WORD = re.compile(r"\w+")


def _letters_and_tone(word: str) -> tuple[str, int]:
    """A word's letters without its tone mark, and the tone (0 for none), wherever the mark was placed:
    "hoà" and "hòa", "Uỷ" and "Ủy" give the same pair."""
    tone = 0
    kept = []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tone = _TONES.index(ch) + 1
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def tone_key(text: str) -> str:
    """A comparison key equal for spellings that differ only in where the tone mark sits (old style
    "hoà", "Uỷ ban" vs new style "hòa", "Ủy ban") or in case and spacing; for duplicate checks."""
    words = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text or "").casefold()):
        letters, tone = _letters_and_tone(word)
        words.append(f"{letters}{tone}" if tone else letters)
    return " ".join(words)


def vn_sort_key(text: str) -> tuple:
    """Sort names in Vietnamese dictionary order: letters first (a ă â b c d đ e ...: Đ after D, not after
    Z), then tones (ngang, huyền, hỏi, ngã, sắc, nặng), case last."""
    letters_key: list[tuple[int, int]] = []
    tones_key: list[int] = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text or "")):
        letters, tone = _letters_and_tone(word.casefold())
        for ch in letters:
            index = _ALPHABET.find(ch)
            letters_key.append((1, index) if index >= 0 else (0 if ch.isdigit() else 2, ord(ch)))
        letters_key.append((-1, 0))  # word boundary sorts before any letter: "An" before "Anh"
        tones_key.append(tone)
    return (tuple(letters_key), tuple(tones_key), text or "")
